/**
 * Faults while pairing, end to end: the real app in Chromium against the sandbox, each
 * scenario with its own sandbox so that they run side by side. Each ends in a stated state.
 */
import { afterAll, beforeAll, describe, test } from 'vitest'
import type { TestContext } from 'vitest'
import {
  dataset,
  Lab,
  requestsTo,
  shownCode,
  storageOf,
  waitForRequests,
  waitState,
  type ScenarioSpec,
  WAIT_MS,
  type World,
} from './reliability-kit'
import type { AppPage } from './harness'

const TOKEN_POLL = '/oauth/device/token'
const DEVICE_CODE = '/oauth/device/code'
const PENDING_KEY = 'trakt-signin.pending-code'
/**
 * Deadlines are counted from when the page saw the code, which is before the test sees it
 * on screen; a poll sent before the deadline may still reach the sandbox this much later.
 */
const TRANSIT_MS = 250

let lab: Lab

beforeAll(async () => {
  lab = await Lab.launch(import.meta.filename)
})

afterAll(async () => {
  await lab.close()
})

/** Opens a world and the app in it, for the scenario `spec`. */
async function start(context: TestContext, spec: ScenarioSpec): Promise<[World, AppPage]> {
  const world = await lab.world(context, spec)
  return [world, await world.open()]
}

/** After an ended code, "Get a new code" (Enter) shows a different one and polls it. */
async function getsNewCode(context: TestContext, app: AppPage, old: string): Promise<void> {
  await app.press('Enter')
  await app.page.waitForFunction(
    (previous) =>
      document.body.dataset.pairing === 'waiting' && document.body.dataset.userCode !== previous,
    old,
    { timeout: WAIT_MS },
  )
  context.expect((await dataset(app)).userCode).not.toBe(old)
}

/** The tokens arrive after the fault: signed in, and no code was asked for twice. */
async function signsInWithSameCode(context: TestContext, world: World, app: AppPage) {
  await waitState(app, 'screen', 'signed-in')
  context.expect(world.sandbox.issuedCodes()).toHaveLength(1)
  context.expect(Object.keys(await storageOf(app))).toEqual(['trakt-signin.session'])
}

describe.concurrent('pairing survives transient faults', { timeout: 150_000 }, () => {
  test('the sandbox unreachable during polling', async (context) => {
    const [world, app] = await start(context, {
      name: 'Sandbox unreachable for 6 s during polling (stands in for 30 s)',
      expected: 'retrying, same code kept; signed in after the outage; one device code',
    })
    const code = await shownCode(app)

    world.sandbox.setUnreachable(6_000)
    await waitState(app, 'pairing', 'retrying')
    world.sandbox.approve(code)

    await signsInWithSameCode(context, world, app)
    // A dropped preflight stops the poll before it is sent, so count every dropped request.
    const dropped = world.sandbox.requests().filter((r) => r.status === 'dropped')
    context.expect(dropped.length).toBeGreaterThan(0)
    world.pass()
  })

  test('an outage that outlasts a short-lived code', async (context) => {
    const [world, app] = await start(context, {
      name: 'Outage of 30 s with a 4 s code',
      expected: 'expired at the monotonic deadline, no poll after it; new code once reachable',
      sandbox: { expiresIn: 4 },
    })
    const code = await shownCode(app)
    const deadline = Date.now() + 4_000 + TRANSIT_MS

    world.sandbox.setUnreachable(30_000)
    await waitState(app, 'pairing', 'expired')
    const polls = requestsTo(world.sandbox, TOKEN_POLL)
    context.expect(polls.filter((poll) => poll.time >= deadline)).toEqual([])
    context.expect((await storageOf(app))[PENDING_KEY]).toBeUndefined()

    world.sandbox.setUnreachable(0)
    await getsNewCode(context, app, code)
    world.pass()
  })

  test('5xx bursts on both calls', async (context) => {
    const [world, app] = await start(context, {
      name: '5xx bursts (500, 502, 503) on the code request and the poll',
      expected: 'code request retried with backoff; polls retried; signed in, one code',
    })
    world.sandbox.inject(TOKEN_POLL, { kind: 'status', status: 500 })
    world.sandbox.inject(TOKEN_POLL, { kind: 'status', status: 502 })
    world.sandbox.inject(TOKEN_POLL, { kind: 'status', status: 503, body: 'busy' })

    const code = await shownCode(app)
    await waitState(app, 'pairing', 'retrying')
    world.sandbox.approve(code)
    await signsInWithSameCode(context, world, app)
    context.expect(requestsTo(world.sandbox, TOKEN_POLL).length).toBeGreaterThanOrEqual(4)
    world.pass()
  })

  test('5xx burst on the device-code request', async (context) => {
    const world = await lab.world(context, {
      name: '5xx burst on the device-code request',
      expected: "'requesting' with a retry time; a code after the burst",
    })
    world.sandbox.inject(DEVICE_CODE, { kind: 'status', status: 503 }, 2)
    const app = await world.open()

    await app.page.waitForFunction(
      () => document.body.dataset.pairing === 'requesting',
      undefined,
      {
        timeout: WAIT_MS,
      },
    )
    await shownCode(app)
    context.expect(requestsTo(world.sandbox, DEVICE_CODE, 503)).toHaveLength(2)
    context.expect(requestsTo(world.sandbox, DEVICE_CODE, 200)).toHaveLength(1)
    world.pass()
  })

  test('429 without Retry-After', async (context) => {
    const [world, app] = await start(context, {
      name: '429 without Retry-After',
      expected: "'slowed'; next poll at least interval + 5 s later; signed in",
    })
    world.sandbox.inject(TOKEN_POLL, { kind: 'status', status: 429 })
    const code = await shownCode(app)

    await waitState(app, 'pairing', 'slowed')
    world.sandbox.approve(code)
    await signsInWithSameCode(context, world, app)

    const [limited, next] = requestsTo(world.sandbox, TOKEN_POLL)
    context.expect(limited?.status).toBe(429)
    context.expect((next?.time ?? 0) - (limited?.time ?? 0)).toBeGreaterThanOrEqual(6_000 - 100)
    world.pass()
  })

  test('429 with a longer Retry-After', async (context) => {
    const [world, app] = await start(context, {
      name: '429 with Retry-After: 9',
      expected: "'slowed'; next poll at least 9 s later; signed in",
    })
    world.sandbox.inject(TOKEN_POLL, { kind: 'retry_after', seconds: 9 })
    const code = await shownCode(app)

    await waitState(app, 'pairing', 'slowed')
    world.sandbox.approve(code)
    await signsInWithSameCode(context, world, app)

    const [limited, next] = requestsTo(world.sandbox, TOKEN_POLL)
    context.expect(limited?.status).toBe(429)
    context.expect((next?.time ?? 0) - (limited?.time ?? 0)).toBeGreaterThanOrEqual(9_000 - 100)
    world.pass()
  })

  test('an answer delayed past the request timeout', async (context) => {
    const [world, app] = await start(context, {
      name: 'Poll answer delayed 20 s (client timeout 15 s)',
      expected: "'retrying' after the 15 s timeout, not before; signed in",
    })
    world.sandbox.inject(TOKEN_POLL, { kind: 'delay', ms: 20_000 })
    const code = await shownCode(app)
    const shownAt = Date.now()

    await waitState(app, 'pairing', 'retrying')
    // The poll left one interval after the code arrived, a moment before this test saw the
    // code: a retry sooner than the timeout would show well under 14 s.
    context.expect(Date.now() - shownAt).toBeGreaterThanOrEqual(14_000)
    world.sandbox.approve(code)
    await signsInWithSameCode(context, world, app)
    world.pass()
  })

  test('dropped connections', async (context) => {
    const world = await lab.world(context, {
      name: 'Dropped connections on the code request and on two polls',
      expected: 'retried; signed in with one code',
    })
    world.sandbox.inject(DEVICE_CODE, { kind: 'drop' })
    world.sandbox.inject(TOKEN_POLL, { kind: 'drop' }, 2)
    const app = await world.open()
    const code = await shownCode(app)

    await waitState(app, 'pairing', 'retrying')
    world.sandbox.approve(code)
    await signsInWithSameCode(context, world, app)
    context.expect(requestsTo(world.sandbox, TOKEN_POLL, 'dropped')).toHaveLength(2)
    world.pass()
  })

  test('non-2xx answers without CORS headers', async (context) => {
    const [world, app] = await start(context, {
      name: 'Non-2xx answers without CORS headers (400 pending, 503, 429)',
      expected: 'unreadable answers retried as transient; signed in',
      sandbox: { corsOnErrors: false },
    })
    world.sandbox.inject(TOKEN_POLL, { kind: 'status', status: 503 })
    world.sandbox.inject(TOKEN_POLL, { kind: 'retry_after', seconds: 1 })
    const code = await shownCode(app)

    await waitForRequests(world.sandbox, TOKEN_POLL, 3)
    await waitState(app, 'pairing', 'retrying')
    world.sandbox.approve(code)
    await signsInWithSameCode(context, world, app)
    context.expect(requestsTo(world.sandbox, TOKEN_POLL, 400).length).toBeGreaterThan(0)
    world.pass()
  })

  test('a malformed 200 to the poll', async (context) => {
    const [world, app] = await start(context, {
      name: 'Malformed and empty 200 to the device-token poll',
      expected: "'retrying'; signed in on the next good answer",
    })
    world.sandbox.inject(TOKEN_POLL, { kind: 'malformed' })
    world.sandbox.inject(TOKEN_POLL, { kind: 'empty' })
    const code = await shownCode(app)

    await waitState(app, 'pairing', 'retrying')
    world.sandbox.approve(code)
    await signsInWithSameCode(context, world, app)
    world.pass()
  })

  test('a malformed device-code answer', async (context) => {
    const world = await lab.world(context, {
      name: 'Malformed device-code answer',
      expected: 'code request retried; a code shown',
    })
    world.sandbox.inject(DEVICE_CODE, { kind: 'malformed' })
    world.sandbox.inject(DEVICE_CODE, {
      kind: 'status',
      status: 200,
      body: { device_code: 'x', user_code: 42 },
    })
    const app = await world.open()

    await shownCode(app)
    context.expect(requestsTo(world.sandbox, DEVICE_CODE)).toHaveLength(3)
    world.pass()
  })
})

describe.concurrent('pairing ends where it must', { timeout: 150_000 }, () => {
  test('the code expires while a poll is in flight', async (context) => {
    const [world, app] = await start(context, {
      name: 'Code expires (3 s) while a poll is held 6 s',
      expected: "'expired'; no poll sent after the deadline; new code on Enter",
      sandbox: { expiresIn: 3 },
    })
    world.sandbox.inject(TOKEN_POLL, { kind: 'delay', ms: 6_000 })
    const code = await shownCode(app)
    const deadline = Date.now() + 3_000 + TRANSIT_MS

    await waitState(app, 'pairing', 'expired')
    const sent = requestsTo(world.sandbox, TOKEN_POLL)
    context.expect(sent.filter((poll) => poll.time >= deadline)).toEqual([])
    context.expect((await storageOf(app))[PENDING_KEY]).toBeUndefined()
    await getsNewCode(context, app, code)
    world.pass()
  })

  test('declined', async (context) => {
    const [world, app] = await start(context, {
      name: 'Declined (418)',
      expected: "'declined'; polling stops; new code on Enter",
    })
    const code = await shownCode(app)

    world.sandbox.decline(code)
    await waitState(app, 'pairing', 'declined')
    const polls = requestsTo(world.sandbox, TOKEN_POLL).length
    await app.page.waitForTimeout(2_500)
    context.expect(requestsTo(world.sandbox, TOKEN_POLL)).toHaveLength(polls)
    await getsNewCode(context, app, code)
    world.pass()
  })

  for (const [status, label] of [
    [409, 'already used (409)'],
    [404, 'unknown (404)'],
    [410, 'expired by Trakt (410)'],
  ] as const) {
    test(`code ${label}`, async (context) => {
      const [world, app] = await start(context, {
        name: `Code ${label}`,
        expected: `'${status === 410 ? 'expired' : 'refused'}'; pending code cleared; new code on Enter`,
      })
      world.sandbox.inject(TOKEN_POLL, { kind: 'status', status })
      const code = await shownCode(app)

      await waitState(app, 'pairing', status === 410 ? 'expired' : 'refused')
      context.expect((await storageOf(app))[PENDING_KEY]).toBeUndefined()
      await getsNewCode(context, app, code)
      world.pass()
    })
  }
})
