import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Session, type SessionEvent } from '../../../src/auth/session'
import { TokenStore, type StoredSession } from '../../../src/auth/token-store'
import type { Tokens } from '../../../src/trakt/types'
import {
  FakeClock,
  MemoryStorage,
  RecordingTimers,
  ScriptedApi,
  domError,
  tokens,
  traktError,
  useFakeTime,
  type Reply,
} from './fakes'

const DAY = 86_400

let clock: FakeClock
let timers: RecordingTimers
let api: ScriptedApi
let storage: MemoryStorage
let store: TokenStore
let events: SessionEvent[]
let session: Session

beforeEach(() => {
  ;({ clock, timers } = useFakeTime())
  api = new ScriptedApi(() => Date.now())
  storage = new MemoryStorage()
  store = new TokenStore({ storage })
  events = []
  session = new Session({ api, store, clock, timers, onEvent: (event) => events.push(event) })
})

afterEach(() => {
  session.dispose()
  api.verify()
  expect(api.maxInFlight, 'refreshes in flight at once').toBeLessThanOrEqual(1)
  vi.useRealTimers()
})

function stored(n: number, expiresIn: number, ageMs = 0): StoredSession {
  const record = { tokens: tokens(n, { expiresIn }), receivedAt: clock.wallNow() - ageMs }
  store.save(record)
  storage.writes.length = 0
  return record
}

function refreshed(n: number, expiresIn = 7 * DAY): Reply<Tokens> {
  return { value: tokens(n, { expiresIn }) }
}

function kinds(): string[] {
  return events.map((event) => event.kind)
}

describe('Session: launch', () => {
  it('is signed out when nothing is stored', async () => {
    expect(await session.restore()).toBeUndefined()
    expect(session.isSignedIn()).toBe(false)
    expect(session.info()).toBeUndefined()
  })

  it('shows what the signed-in screen needs from a fresh record', async () => {
    const record = stored(1, 7 * DAY)

    expect(await session.restore()).toEqual({
      createdAt: tokens(1).createdAt,
      scope: 'public',
      tokenType: 'bearer',
      expiresAt: record.receivedAt + 7 * DAY * 1000,
      refreshAt: record.receivedAt + 0.75 * 7 * DAY * 1000,
      refreshable: true,
      persisted: true,
    })
    expect(session.isSignedIn()).toBe(true)
  })

  it.each([
    ['due', 600, 450_000],
    ['expired', 600, 700_000],
  ])('refreshes a %s record before answering', async (_what, expiresIn, ageMs) => {
    stored(1, expiresIn, ageMs)
    api.expect('refreshTokens', refreshed(2))

    const info = await session.restore()

    expect(api.callsOf('refreshTokens').map((c) => c.argument)).toEqual(['refresh-token-1'])
    expect(info?.createdAt).toBe(tokens(2).createdAt)
    expect(store.load()?.tokens).toEqual(tokens(2, { expiresIn: 7 * DAY }))
  })

  it('treats a record from the future (clock went back) as due now', async () => {
    stored(1, 7 * DAY, -DAY * 1000)
    api.expect('refreshTokens', refreshed(2))

    await session.restore()

    expect(api.callsOf('refreshTokens')).toHaveLength(1)
  })

  it('keeps the tokens and retries when the refresh at launch fails transiently', async () => {
    stored(1, 600, 500_000)
    api.expect('refreshTokens', { error: traktError('network') })

    const info = await session.restore()

    expect(info?.refreshable).toBe(true)
    expect(session.isSignedIn()).toBe(true)
    expect(events).toEqual([
      { kind: 'refresh_failed', error: traktError('network'), retryInMs: 5_000 },
    ])
    api.expect('refreshTokens', refreshed(2))
    await vi.advanceTimersByTimeAsync(5_000)
    expect(kinds()).toEqual(['refresh_failed', 'refreshed'])
  })

  it('signs out an expired record that has no refresh token', async () => {
    store.save({ tokens: tokens(1, { expiresIn: 600, refreshToken: '' }), receivedAt: 0 })

    expect(await session.restore()).toBeUndefined()
    expect(events).toEqual([{ kind: 'signed_out', reason: 'expired', error: undefined }])
    expect(storage.items.size).toBe(0)
  })

  it('keeps a due record without a refresh token until it expires, planning nothing', async () => {
    store.save({
      tokens: tokens(1, { expiresIn: 600, refreshToken: '' }),
      receivedAt: clock.wallNow() - 500_000,
    })

    expect((await session.restore())?.refreshable).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
    await expect(session.refresh()).rejects.toMatchObject({ code: 'invalid_grant' })
    expect(session.isSignedIn()).toBe(true)
  })
})

describe('Session: refresh timing', () => {
  it.each([
    ['600 s', 600, 450_000],
    ['1 day', DAY, 64_800_000],
    ['7 days', 7 * DAY, 453_600_000],
  ])('refreshes a lifetime of %s at three quarters of it', async (_what, expiresIn, dueMs) => {
    session.signIn(tokens(1, { expiresIn }))
    api.expect('refreshTokens', refreshed(2, expiresIn))

    expect(timers.delays).toEqual([dueMs])
    await vi.advanceTimersByTimeAsync(dueMs - 1)
    expect(api.calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)

    expect(api.callsOf('refreshTokens')).toHaveLength(1)
    expect(timers.delays).toEqual([dueMs, dueMs])
  })

  it('plans from the remaining time of a restored record', async () => {
    stored(1, DAY, 3_600_000)

    await session.restore()

    expect(timers.delays).toEqual([64_800_000 - 3_600_000])
  })

  it('refreshes a 5 s lifetime every 3.75 s without a storm', async () => {
    const start = Date.now()
    session.signIn(tokens(1, { expiresIn: 5 }))
    for (let n = 2; n <= 9; n += 1) api.expect('refreshTokens', refreshed(n, 5))

    await vi.advanceTimersByTimeAsync(30_000)

    expect(api.callsOf('refreshTokens').map((c) => c.at - start)).toEqual([
      3_750, 7_500, 11_250, 15_000, 18_750, 22_500, 26_250, 30_000,
    ])
  })

  it('waits at least the minimum delay for tiny lifetimes', async () => {
    session.signIn(tokens(1, { expiresIn: 1 }))

    expect(timers.delays).toEqual([1_000])
  })

  it('waits in steps a timer can hold for a 90-day lifetime', async () => {
    session.signIn(tokens(1, { expiresIn: 90 * DAY }))

    expect(timers.delays).toEqual([2_000_000_000])
    await vi.advanceTimersByTimeAsync(2_000_000_000)

    expect(timers.delays).toEqual([2_000_000_000, 2_000_000_000])
    await vi.advanceTimersByTimeAsync(2_000_000_000)

    expect(api.calls).toHaveLength(0)
    expect(timers.delays.at(-1)).toBe(0.75 * 90 * DAY * 1000 - 4_000_000_000)
  })

  it('refreshes on resume when the wall clock shows it is due', async () => {
    session.signIn(tokens(1, { expiresIn: DAY }))
    api.expect('refreshTokens', refreshed(2))

    clock.jumpWall(65_000_000)
    session.resume()
    await vi.advanceTimersByTimeAsync(0)

    expect(api.callsOf('refreshTokens')).toHaveLength(1)
  })

  it('refreshes on resume when the wall clock went back before the arrival', async () => {
    session.signIn(tokens(1, { expiresIn: DAY }))
    api.expect('refreshTokens', refreshed(2))

    clock.jumpWall(-DAY * 1000)
    session.resume()
    await vi.advanceTimersByTimeAsync(0)

    expect(api.callsOf('refreshTokens')).toHaveLength(1)
  })

  it('plans again on resume when not due', async () => {
    session.signIn(tokens(1, { expiresIn: DAY }))
    await vi.advanceTimersByTimeAsync(1_000)

    session.resume()

    expect(timers.delays).toEqual([64_800_000, 64_799_000])
    expect(vi.getTimerCount()).toBe(1)
  })

  it('does nothing on resume when signed out', () => {
    session.resume()

    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('Session: refresh', () => {
  it('shares one request between callers at the same moment', async () => {
    session.signIn(tokens(1))
    api.expect('refreshTokens', { ...refreshed(2), afterMs: 1_000 })

    const all = Promise.all([session.refresh(), session.refresh(), session.refresh()])
    await vi.advanceTimersByTimeAsync(1_000)

    const infos = await all
    expect(api.callsOf('refreshTokens')).toHaveLength(1)
    expect(infos[0]).toBe(infos[1])
    expect(kinds()).toEqual(['signed_in', 'refreshed'])
  })

  it('stores the rotated refresh token before anyone hears of success', async () => {
    api.expect('refreshTokens', refreshed(2))
    const seen: Array<string | undefined> = []
    const listening = new Session({
      api,
      store,
      clock,
      timers,
      onEvent: (event) => {
        if (event.kind === 'refreshed') seen.push(store.load()?.tokens.refreshToken)
      },
    })
    listening.signIn(tokens(1))

    await listening.refresh()
    seen.push(store.load()?.tokens.refreshToken)

    expect(seen).toEqual(['refresh-token-2', 'refresh-token-2'])
    listening.dispose()
  })

  it.each([
    ['400 invalid_grant', 400],
    ['401 invalid_grant', 401],
  ])('signs out on %s, with the reason', async (_what, status) => {
    session.signIn(tokens(1))
    const refused = traktError('invalid_grant', { status })
    api.expect('refreshTokens', { error: refused })

    await expect(session.refresh()).rejects.toBe(refused)

    expect(session.isSignedIn()).toBe(false)
    expect(events.at(-1)).toEqual({ kind: 'signed_out', reason: 'refresh_refused', error: refused })
    expect(storage.items.size).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('keeps the tokens and retries transient failures with a capped doubling backoff', async () => {
    session.signIn(tokens(1, { expiresIn: 600 }))
    api.expect(
      'refreshTokens',
      { error: traktError('network') },
      { error: traktError('server', { status: 503 }) },
      { error: traktError('timeout') },
      { error: traktError('server', { status: 500 }) },
      { error: traktError('server', { status: 502 }) },
      { error: traktError('invalid_response') },
      { error: traktError('network') },
      refreshed(2),
    )

    await vi.advanceTimersByTimeAsync(450_000 + 5_000 * (1 + 2 + 4 + 8 + 16 + 32 + 60))

    const failures = events.filter((e) => e.kind === 'refresh_failed')
    expect(failures.map((e) => e.kind === 'refresh_failed' && e.retryInMs)).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000,
    ])
    expect(kinds().at(-1)).toBe('refreshed')
    expect(store.load()?.tokens.refreshToken).toBe('refresh-token-2')
  })

  it('waits a rate limit’s Retry-After when longer than the backoff', async () => {
    session.signIn(tokens(1))
    api.expect('refreshTokens', {
      error: traktError('rate_limited', { status: 429, retryAfterSeconds: 30 }),
    })

    await expect(session.refresh()).rejects.toMatchObject({ code: 'rate_limited' })

    expect(events.at(-1)).toMatchObject({ kind: 'refresh_failed', retryInMs: 30_000 })
  })

  it('keeps the tokens on a final error without retrying', async () => {
    session.signIn(tokens(1))
    api.expect('refreshTokens', { error: traktError('invalid_client', { status: 401 }) })

    await expect(session.refresh()).rejects.toMatchObject({ code: 'invalid_client' })

    expect(session.isSignedIn()).toBe(true)
    expect(events.at(-1)).toMatchObject({ kind: 'refresh_failed', retryInMs: undefined })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('reports a rejection that is not a TraktError as a final error', async () => {
    session.signIn(tokens(1))
    api.expect('refreshTokens', { error: new TypeError('bug') })

    await expect(session.refresh()).rejects.toMatchObject({ code: 'unexpected_status' })
  })

  it('refuses to refresh when signed out', async () => {
    await expect(session.refresh()).rejects.toMatchObject({ code: 'unauthorized' })
  })
})

describe('Session: callApi', () => {
  it('passes the access token and the answer through', async () => {
    session.signIn(tokens(1))

    expect(await session.callApi(async (token) => `user of ${token}`)).toBe(
      'user of access-token-1',
    )
  })

  it('earns exactly one refresh and one retry on a 401', async () => {
    session.signIn(tokens(1))
    api.expect('refreshTokens', refreshed(2))
    const used: string[] = []

    const answer = await session.callApi(async (token) => {
      used.push(token)
      if (token === 'access-token-1') throw traktError('unauthorized', { status: 401 })
      return 'ok'
    })

    expect(answer).toBe('ok')
    expect(used).toEqual(['access-token-1', 'access-token-2'])
  })

  it('gives up after the retry also gets a 401', async () => {
    session.signIn(tokens(1))
    api.expect('refreshTokens', refreshed(2))
    let calls = 0

    await expect(
      session.callApi(async () => {
        calls += 1
        throw traktError('unauthorized', { status: 401 })
      }),
    ).rejects.toMatchObject({ code: 'unauthorized' })

    expect(calls).toBe(2)
  })

  it('uses a token refreshed meanwhile instead of refreshing again', async () => {
    session.signIn(tokens(1))
    api.expect('refreshTokens', refreshed(2))
    const used: string[] = []

    await session.callApi(async (token) => {
      used.push(token)
      if (token === 'access-token-1') {
        await session.refresh()
        throw traktError('unauthorized', { status: 401 })
      }
      return 'ok'
    })

    expect(used).toEqual(['access-token-1', 'access-token-2'])
  })

  it('waits for a refresh in flight before calling', async () => {
    session.signIn(tokens(1))
    api.expect('refreshTokens', { ...refreshed(2), afterMs: 500 })
    void session.refresh()

    const answer = session.callApi(async (token) => token)
    await vi.advanceTimersByTimeAsync(500)

    expect(await answer).toBe('access-token-2')
  })

  it('lets other errors through without a refresh', async () => {
    session.signIn(tokens(1))

    await expect(
      session.callApi(() => Promise.reject(traktError('server', { status: 500 }))),
    ).rejects.toMatchObject({ code: 'server' })
  })

  it('signs out when the refresh after a 401 is refused', async () => {
    session.signIn(tokens(1))
    api.expect('refreshTokens', { error: traktError('invalid_grant', { status: 400 }) })

    await expect(
      session.callApi(() => Promise.reject(traktError('unauthorized', { status: 401 }))),
    ).rejects.toMatchObject({ code: 'invalid_grant' })

    expect(events.at(-1)).toMatchObject({ kind: 'signed_out', reason: 'refresh_refused' })
  })

  it('refuses when signed out', async () => {
    await expect(session.callApi(async () => 'never')).rejects.toMatchObject({
      code: 'unauthorized',
    })
  })
})

describe('Session: sign-out', () => {
  it('revokes the access token and clears the store', async () => {
    session.signIn(tokens(1))
    api.expect('revokeToken', { value: undefined })

    await session.signOut()

    expect(api.callsOf('revokeToken').map((c) => c.argument)).toEqual(['access-token-1'])
    expect(storage.items.size).toBe(0)
    expect(session.isSignedIn()).toBe(false)
    expect(events.at(-1)).toEqual({ kind: 'signed_out', reason: 'signed_out', revoked: true })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('clears the store even when the revoke fails', async () => {
    session.signIn(tokens(1))
    api.expect('revokeToken', { error: traktError('network') })

    await session.signOut()

    expect(storage.items.size).toBe(0)
    expect(events.at(-1)).toEqual({ kind: 'signed_out', reason: 'signed_out', revoked: false })
  })

  it('gives the revoke 5 s, then aborts it', async () => {
    session.signIn(tokens(1))
    api.expect('revokeToken', { hang: true })
    let done = false

    void session.signOut().then(() => (done = true))
    expect(storage.items.size).toBe(0)
    await vi.advanceTimersByTimeAsync(4_999)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)

    expect(done).toBe(true)
    expect(api.callsOf('revokeToken')[0]?.aborted).toBe(true)
    expect(events.at(-1)).toMatchObject({ revoked: false })
  })

  it('aborts a refresh in flight and does not store its answer', async () => {
    session.signIn(tokens(1))
    api.expect('refreshTokens', { ...refreshed(2), afterMs: 1_000, ignoreAbort: true })
    api.expect('revokeToken', { value: undefined })
    const refreshing = session.refresh().catch((error: unknown) => error)

    await session.signOut()
    await vi.advanceTimersByTimeAsync(1_000)

    expect(await refreshing).toMatchObject({ code: 'aborted' })
    expect(api.callsOf('refreshTokens')[0]?.aborted).toBe(true)
    expect(storage.items.size).toBe(0)
    expect(session.isSignedIn()).toBe(false)
  })

  it('does nothing when signed out', async () => {
    await session.signOut()

    expect(events).toEqual([])
  })
})

describe('Session: storage failures', () => {
  it('stays signed in, in memory, when the write fails, and says so', () => {
    storage.failSet = domError('QuotaExceededError', 22)

    const info = session.signIn(tokens(1))

    expect(info.persisted).toBe(false)
    expect(session.isSignedIn()).toBe(true)
    expect(events[0]).toMatchObject({
      kind: 'storage_failed',
      error: { name: 'StorageError', code: 'quota_exceeded' },
    })
  })

  it('reports a store that fails to clear, and signs out anyway', async () => {
    session.signIn(tokens(1))
    storage.failRemove = domError('SecurityError', 18)
    api.expect('revokeToken', { value: undefined })

    await session.signOut()

    expect(session.isSignedIn()).toBe(false)
    expect(kinds()).toEqual(['signed_in', 'storage_failed', 'signed_out'])
  })

  it('wraps an error thrown by a custom store', () => {
    const odd = new Session({
      api,
      clock,
      timers,
      store: {
        load: () => undefined,
        save: () => {
          throw new Error('odd')
        },
        clear: () => undefined,
      },
      onEvent: (event) => events.push(event),
    })

    odd.signIn(tokens(1))

    expect(events[0]).toMatchObject({ kind: 'storage_failed', error: { code: 'write_failed' } })
    odd.dispose()
  })
})

describe('Session: lifecycle', () => {
  it('dispose cancels every timer and reports nothing more', async () => {
    session.signIn(tokens(1, { expiresIn: 600 }))
    expect(vi.getTimerCount()).toBe(1)

    session.dispose()

    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(DAY * 1000)
    expect(api.calls).toHaveLength(0)
    expect(kinds()).toEqual(['signed_in'])
  })

  it('keeps working when a listener throws, rethrowing its error on a timer', async () => {
    const throwing = new Session({
      api,
      store,
      clock,
      timers,
      onEvent: () => {
        throw new Error('listener bug')
      },
    })

    throwing.signIn(tokens(1))

    await expect(vi.advanceTimersByTimeAsync(0)).rejects.toThrow('listener bug')
    expect(throwing.isSignedIn()).toBe(true)
    throwing.dispose()
  })
})
