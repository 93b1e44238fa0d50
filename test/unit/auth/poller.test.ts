import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DeviceCodePoller, type PollerEvent, type PollOutcome } from '../../../src/auth/poller'
import type { PollAnswer } from '../../../src/trakt/types'
import {
  FakeClock,
  RecordingTimers,
  ScriptedApi,
  deviceCode,
  poll,
  tokens,
  traktError,
  useFakeTime,
  type Reply,
} from './fakes'

let clock: FakeClock
let timers: RecordingTimers
let api: ScriptedApi
let events: PollerEvent[]
let t0: number

beforeEach(() => {
  ;({ clock, timers } = useFakeTime())
  api = new ScriptedApi()
  events = []
  t0 = performance.now()
})

afterEach(() => {
  api.verify()
  expect(api.maxInFlight, 'requests in flight at once').toBeLessThanOrEqual(1)
  vi.useRealTimers()
})

function makePoller(
  replies: Array<Reply<PollAnswer>>,
  options: { expiresIn?: number; interval?: number; remainingMs?: number } = {},
): DeviceCodePoller {
  api.expect('pollDeviceToken', ...replies)
  return new DeviceCodePoller(
    deviceCode({ expiresIn: options.expiresIn ?? 600, interval: options.interval ?? 5 }),
    {
      api,
      clock,
      timers,
      remainingMs: options.remainingMs,
      onEvent: (event) => events.push(event),
    },
  )
}

/** Seconds since the code arrived at which each poll was sent. */
function pollTimes(): number[] {
  return api.callsOf('pollDeviceToken').map((call) => (call.at - t0) / 1000)
}

async function settle(outcome: Promise<PollOutcome>, ms = 3_600_000): Promise<PollOutcome> {
  let result: PollOutcome | undefined
  void outcome.then((value) => (result = value))
  await vi.advanceTimersByTimeAsync(ms)
  expect(result, 'the poll ended').toBeDefined()
  return result as PollOutcome
}

describe('DeviceCodePoller: the status table', () => {
  it('waits one interval after the code arrived before the first poll', async () => {
    const poller = makePoller([poll.approved()])
    const outcome = poller.start()

    await vi.advanceTimersByTimeAsync(4_999)
    expect(api.calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)

    expect(pollTimes()).toEqual([5])
    expect(api.calls[0]?.argument).toBe('device-code-secret')
    expect(await outcome).toEqual({ kind: 'approved', tokens: tokens(1) })
  })

  it('200: ends with the tokens and sends nothing afterwards', async () => {
    const poller = makePoller([poll.pending(), poll.approved(7)])

    const outcome = await settle(poller.start())

    expect(outcome).toEqual({ kind: 'approved', tokens: tokens(7) })
    expect(events.at(-1)).toEqual(outcome)
    expect(poller.status()).toBe('ended')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('400: waits the interval between polls', async () => {
    const poller = makePoller([poll.pending(), poll.pending(), poll.approved()])

    await settle(poller.start())

    expect(pollTimes()).toEqual([5, 10, 15])
    expect(events.filter((e) => e.kind === 'waiting')).toEqual([
      { kind: 'waiting', nextPollAt: t0 + 5_000, intervalMs: 5_000 },
      { kind: 'waiting', nextPollAt: t0 + 10_000, intervalMs: 5_000 },
      { kind: 'waiting', nextPollAt: t0 + 15_000, intervalMs: 5_000 },
    ])
  })

  it('counts the interval from each answer, so polls never arrive closer than it', async () => {
    const poller = makePoller([poll.pending(1_000), poll.pending(7_000), poll.approved()])

    await settle(poller.start())

    expect(pollTimes()).toEqual([5, 11, 23])
  })

  it.each([
    ['404', poll.unknown(), { kind: 'refused', reason: 'unknown' }],
    ['409', poll.used(), { kind: 'refused', reason: 'used' }],
    ['410', poll.expired(), { kind: 'expired', by: 'trakt' }],
    ['418', poll.declined(), { kind: 'declined' }],
  ])('%s: ends with its own outcome and sends nothing more', async (_status, reply, expected) => {
    const poller = makePoller([poll.pending(), reply])

    const outcome = await settle(poller.start())

    expect(outcome).toEqual(expected)
    expect(events.at(-1)).toEqual(expected)
    expect(pollTimes()).toEqual([5, 10])
    expect(vi.getTimerCount()).toBe(0)
  })

  it.each([
    'invalid_client',
    'vip_required',
    'account_locked',
    'invalid_config',
    'unexpected_status',
  ] as const)('%s: ends as needing a person, with the error', async (code) => {
    const poller = makePoller([poll.fail(code, 403)])

    const outcome = await settle(poller.start())

    expect(outcome.kind).toBe('needs_person')
    expect(outcome.kind === 'needs_person' && outcome.error.code).toBe(code)
    expect(pollTimes()).toEqual([5])
  })

  it('treats a rejection that is not a TraktError as needing a person', async () => {
    const poller = makePoller([{ error: new TypeError('bug') }])

    const outcome = await settle(poller.start())

    expect(outcome.kind === 'needs_person' && outcome.error.code).toBe('unexpected_status')
  })
})

describe('DeviceCodePoller: 429 slows down', () => {
  it('adds 5 s to the interval for this and every later poll, cumulatively', async () => {
    const poller = makePoller([
      poll.slowDown(),
      poll.pending(),
      poll.slowDown(),
      poll.pending(),
      poll.approved(),
    ])

    await settle(poller.start())

    // 5, then +10 (slowed to 10), +10, then +15 (slowed to 15), +15.
    expect(pollTimes()).toEqual([5, 15, 25, 40, 55])
    expect(events.filter((e) => e.kind === 'slowed_down')).toEqual([
      { kind: 'slowed_down', intervalMs: 10_000, nextPollAt: t0 + 15_000 },
      { kind: 'slowed_down', intervalMs: 15_000, nextPollAt: t0 + 40_000 },
    ])
    expect(poller.currentIntervalMs()).toBe(15_000)
  })

  it('waits a Retry-After longer than the new interval, then the interval', async () => {
    const poller = makePoller([poll.slowDown(30), poll.pending(), poll.approved()])

    await settle(poller.start())

    expect(pollTimes()).toEqual([5, 35, 45])
  })

  it('ignores a Retry-After shorter than the new interval', async () => {
    const poller = makePoller([poll.slowDown(2), poll.approved()])

    await settle(poller.start())

    expect(pollTimes()).toEqual([5, 15])
  })
})

describe('DeviceCodePoller: transient failures', () => {
  it('retries with a doubling backoff from the interval, capped at 60 s', async () => {
    const poller = makePoller([
      poll.fail('server', 502),
      poll.fail('network'),
      poll.fail('timeout'),
      poll.fail('invalid_response', 200),
      poll.fail('server', 503),
      poll.fail('server', 500),
      poll.approved(),
    ])

    await settle(poller.start())

    const waits = pollTimes().map((t, i, all) => t - (all[i - 1] ?? 0))
    expect(waits).toEqual([5, 5, 10, 20, 40, 60, 60])
    const retrying = events.filter((e) => e.kind === 'retrying')
    expect(retrying.map((e) => e.kind === 'retrying' && e.error.code)).toEqual([
      'server',
      'network',
      'timeout',
      'invalid_response',
      'server',
      'server',
    ])
    expect(retrying[0]).toMatchObject({ nextAttemptAt: t0 + 10_000 })
  })

  it('starts the backoff over after an answer', async () => {
    const poller = makePoller([
      poll.fail('network'),
      poll.fail('network'),
      poll.pending(),
      poll.fail('network'),
      poll.approved(),
    ])

    await settle(poller.start())

    expect(pollTimes()).toEqual([5, 10, 20, 25, 30])
  })

  it('waits a rate limit error’s Retry-After when longer than the backoff', async () => {
    const poller = makePoller([
      { error: traktError('rate_limited', { status: 429, retryAfterSeconds: 42 }) },
      poll.approved(),
    ])

    await settle(poller.start())

    expect(pollTimes()).toEqual([5, 47])
  })
})

describe('DeviceCodePoller: the deadline', () => {
  it('sends no request at the deadline and ends exactly then', async () => {
    const poller = makePoller([poll.pending()], { expiresIn: 10 })
    let endedAt = 0
    const outcome = poller.start().then((o) => ((endedAt = performance.now() - t0), o))

    expect(await settle(outcome)).toEqual({ kind: 'expired', by: 'deadline' })

    expect(pollTimes()).toEqual([5])
    expect(endedAt).toBe(10_000)
  })

  it('never waits past the deadline, even mid-backoff', async () => {
    const poller = makePoller(
      [poll.fail('server', 500), poll.fail('server', 500), poll.fail('server', 500)],
      { expiresIn: 30 },
    )
    let endedAt = 0
    const outcome = poller.start().then((o) => ((endedAt = performance.now() - t0), o))

    expect(await settle(outcome)).toEqual({ kind: 'expired', by: 'deadline' })

    // 5, +5, +10; the next backoff (20 s) would land at 40 s, after the 30 s deadline.
    expect(pollTimes()).toEqual([5, 10, 20])
    expect(endedAt).toBe(30_000)
  })

  it('ends at the deadline even while a poll is out, and aborts that poll', async () => {
    const poller = makePoller([poll.pending(), poll.pending(8_000)], { expiresIn: 12 })
    let endedAt = 0
    const outcome = poller.start().then((o) => ((endedAt = performance.now() - t0), o))

    expect(await settle(outcome)).toEqual({ kind: 'expired', by: 'deadline' })

    expect(pollTimes()).toEqual([5, 10])
    expect(endedAt).toBe(12_000)
    expect(api.callsOf('pollDeviceToken')[1]?.aborted).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('counts down from the monotonic clock', async () => {
    const poller = makePoller([poll.pending()], { expiresIn: 600 })
    void poller.start()

    expect(poller.remainingMs()).toBe(600_000)
    await vi.advanceTimersByTimeAsync(9_000)
    expect(poller.remainingMs()).toBe(591_000)
    poller.cancel()
  })

  it.each([
    ['forward', 86_400_000],
    ['back', -86_400_000],
  ])('is unmoved by the wall clock jumping a day %s', async (_way, jump) => {
    const poller = makePoller([poll.pending(), poll.pending()], { expiresIn: 12 })
    const outcome = poller.start()

    await vi.advanceTimersByTimeAsync(3_000)
    clock.jumpWall(jump)
    expect(poller.remainingMs()).toBe(9_000)

    expect(await settle(outcome)).toEqual({ kind: 'expired', by: 'deadline' })
    expect(pollTimes()).toEqual([5, 10])
  })
})

describe('DeviceCodePoller: cancellation', () => {
  it('stops a wait at once and never sends', async () => {
    const poller = makePoller([])
    const outcome = poller.start()
    await vi.advanceTimersByTimeAsync(2_000)

    poller.cancel()

    expect(await outcome).toEqual({ kind: 'cancelled' })
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(api.calls).toHaveLength(0)
  })

  it('aborts a request in flight, and sends nothing afterwards', async () => {
    const poller = makePoller([{ hang: true }])
    const outcome = poller.start()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(api.inFlight('pollDeviceToken')).toBe(1)

    poller.cancel()

    expect(await outcome).toEqual({ kind: 'cancelled' })
    expect(api.calls[0]?.aborted).toBe(true)
    expect(api.inFlight('pollDeviceToken')).toBe(0)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(api.calls).toHaveLength(1)
  })

  it('ignores an answer that arrives after cancellation', async () => {
    const poller = makePoller([{ value: { kind: 'declined' }, afterMs: 1_000, ignoreAbort: true }])
    const outcome = poller.start()
    await vi.advanceTimersByTimeAsync(5_500)

    poller.cancel()
    await vi.advanceTimersByTimeAsync(1_000)

    expect(await outcome).toEqual({ kind: 'cancelled' })
    expect(api.calls[0]?.aborted).toBe(true)
    expect(events.map((e) => e.kind)).toEqual(['waiting', 'cancelled'])
  })

  it('start() twice starts one poll', async () => {
    const poller = makePoller([poll.approved()])

    const first = poller.start()
    const second = poller.start()

    expect(second).toBe(first)
    await settle(first)
    expect(api.calls).toHaveLength(1)
  })
})

describe('DeviceCodePoller: pause and resume', () => {
  it('sends nothing while paused; on resume after an interval, polls at once', async () => {
    const poller = makePoller([poll.pending(), poll.approved()])
    const outcome = poller.start()
    await vi.advanceTimersByTimeAsync(6_000)

    poller.pause()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(pollTimes()).toEqual([5])
    expect(vi.getTimerCount()).toBe(0)
    poller.resume()
    await vi.advanceTimersByTimeAsync(0)

    expect(pollTimes()).toEqual([5, 66])
    expect(await outcome).toMatchObject({ kind: 'approved' })
    expect(events.map((e) => e.kind)).toEqual([
      'waiting',
      'waiting',
      'paused',
      'waiting',
      'approved',
    ])
  })

  it('waits the rest of the interval on resume when less has passed', async () => {
    const poller = makePoller([poll.pending(), poll.approved()])
    const outcome = poller.start()
    await vi.advanceTimersByTimeAsync(6_000)

    poller.pause()
    await vi.advanceTimersByTimeAsync(1_000)
    poller.resume()

    expect(await settle(outcome)).toMatchObject({ kind: 'approved' })
    expect(pollTimes()).toEqual([5, 10])
  })

  it('aborts a request in flight when paused, and counts it as the last poll', async () => {
    const poller = makePoller([{ hang: true }, poll.approved()])
    const outcome = poller.start()
    await vi.advanceTimersByTimeAsync(5_000)

    poller.pause()
    expect(api.calls[0]?.aborted).toBe(true)
    await vi.advanceTimersByTimeAsync(2_000)
    poller.resume()

    expect(await settle(outcome)).toMatchObject({ kind: 'approved' })
    expect(pollTimes()).toEqual([5, 10])
  })

  it('honours a Retry-After on resume', async () => {
    const poller = makePoller([poll.slowDown(60), poll.approved()])
    const outcome = poller.start()
    await vi.advanceTimersByTimeAsync(10_000)

    poller.pause()
    poller.resume()

    expect(await settle(outcome)).toMatchObject({ kind: 'approved' })
    expect(pollTimes()).toEqual([5, 65])
  })

  it('keeps tokens that arrive after a pause aborted their request', async () => {
    const approved: PollAnswer = { kind: 'approved', tokens: tokens(3) }
    const poller = makePoller([{ value: approved, afterMs: 1_000, ignoreAbort: true }])
    const outcome = poller.start()
    await vi.advanceTimersByTimeAsync(5_500)

    poller.pause()
    await vi.advanceTimersByTimeAsync(1_000)

    expect(await outcome).toEqual(approved)
  })

  it('drops any other answer that arrives after a pause', async () => {
    const poller = makePoller([
      { value: { kind: 'declined' }, afterMs: 1_000, ignoreAbort: true },
      poll.approved(),
    ])
    const outcome = poller.start()
    await vi.advanceTimersByTimeAsync(5_500)

    poller.pause()
    await vi.advanceTimersByTimeAsync(1_000)
    poller.resume()

    expect(await settle(outcome)).toMatchObject({ kind: 'approved' })
    expect(pollTimes()).toEqual([5, 10])
  })

  it('lets the deadline pass while paused', async () => {
    const poller = makePoller([], { expiresIn: 30 })
    const outcome = poller.start()
    poller.pause()
    await vi.advanceTimersByTimeAsync(31_000)

    poller.resume()

    expect(await settle(outcome, 0)).toEqual({ kind: 'expired', by: 'deadline' })
    expect(api.calls).toHaveLength(0)
  })

  it('ignores pause before start, resume while running, both after the end', async () => {
    const poller = makePoller([poll.approved()])
    poller.pause()
    expect(poller.status()).toBe('idle')
    const outcome = poller.start()
    poller.resume()
    await settle(outcome)

    poller.pause()
    poller.resume()

    expect(poller.status()).toBe('ended')
    expect(api.calls).toHaveLength(1)
  })
})

describe('DeviceCodePoller: a restored code', () => {
  it('polls one interval after start and ends at the remaining lifetime', async () => {
    const poller = makePoller([poll.pending()], { expiresIn: 600, remainingMs: 7_000 })
    let endedAt = 0
    const outcome = poller.start().then((o) => ((endedAt = performance.now() - t0), o))

    expect(poller.remainingMs()).toBe(7_000)
    expect(await settle(outcome)).toEqual({ kind: 'expired', by: 'deadline' })
    expect(pollTimes()).toEqual([5])
    expect(endedAt).toBe(7_000)
  })
})

describe('DeviceCodePoller: listeners', () => {
  it('keeps polling when the listener throws, and rethrows its error on a timer', async () => {
    api.expect('pollDeviceToken', poll.approved())
    let thrown = 0
    const poller = new DeviceCodePoller(deviceCode(), {
      api,
      clock,
      timers,
      onEvent: (event) => {
        if (event.kind === 'waiting' && thrown++ === 0) throw new Error('listener bug')
      },
    })
    const outcome = poller.start()

    await expect(vi.advanceTimersByTimeAsync(0)).rejects.toThrow('listener bug')
    await vi.advanceTimersByTimeAsync(5_000)

    expect(await outcome).toMatchObject({ kind: 'approved' })
  })
})
