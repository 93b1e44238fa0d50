/**
 * Faults around the session, end to end: refresh and revoke failing, storage corrupt, full or
 * blocked, the wall clock wrong or jumping, and reloads at awkward moments.
 */
import { afterAll, beforeAll, describe, test } from 'vitest'
import type { TestContext } from 'vitest'
import type { Fault } from '../../sandbox'
import type { AppPage } from './harness'
import {
  dataset,
  jumpClock,
  Lab,
  refuseStorageWrites,
  requestsTo,
  shiftClock,
  shownCode,
  signIn,
  storageOf,
  waitForRequests,
  waitState,
  WAIT_MS,
  YEAR_MS,
  type World,
} from './reliability-kit'

const REFRESH = '/oauth/token'
const REVOKE = '/oauth/revoke'
const SESSION_KEY = 'trakt-signin.session'
const PENDING_KEY = 'trakt-signin.pending-code'
/** Access tokens of 4 s: the app refreshes 3 s after signing in. */
const SHORT_TOKENS = { tokenLifetime: 4 }

let lab: Lab

beforeAll(async () => {
  lab = await Lab.launch(import.meta.filename)
})

afterAll(async () => {
  await lab.close()
})

/** Signs in, then opens the sign-out question and confirms it. */
async function signOut(app: AppPage): Promise<void> {
  await app.press('ArrowRight')
  await app.press('Enter')
  await waitState(app, 'dialog', 'sign-out')
  await app.press('ArrowRight')
  await app.press('Enter')
}

async function stillSignedIn(context: TestContext, world: World, app: AppPage): Promise<void> {
  const state = await dataset(app)
  context.expect(state.screen).toBe('signed-in')
  context.expect(Object.keys(await storageOf(app))).toEqual([SESSION_KEY])
  context.expect(requestsTo(world.sandbox, REFRESH).every((r) => r.status !== 400)).toBe(true)
}

describe.concurrent('refresh and revoke failing', { timeout: 150_000 }, () => {
  // Chromium sends a request again, once, when a kept-alive connection drops: hence two drops.
  const transient: [string, Fault, number][] = [
    ['network (dropped twice)', { kind: 'drop' }, 2],
    ['5xx (502)', { kind: 'status', status: 502 }, 1],
  ]
  for (const [label, fault, count] of transient) {
    test(`refresh failing by ${label}`, async (context) => {
      const world = await lab.world(context, {
        name: `Refresh failing by ${label}`,
        expected: "signed in; 'refresh-failed' notice; retried in 5 s; notice gone once renewed",
        sandbox: SHORT_TOKENS,
      })
      world.sandbox.inject(REFRESH, fault, count)
      const app = await world.open()
      await signIn(app, world.sandbox)

      await waitState(app, 'notice', 'refresh-failed')
      await waitForRequests(world.sandbox, REFRESH, 1, 200)
      await app.page.waitForFunction(
        () => document.body.dataset.notice !== 'refresh-failed',
        undefined,
        { timeout: WAIT_MS },
      )
      await stillSignedIn(context, world, app)
      world.pass()
    })
  }

  const refusals: [string, Fault][] = [
    [
      '400 invalid_grant (JSON)',
      {
        kind: 'status',
        status: 400,
        body: { error: 'invalid_grant', error_description: 'The refresh token is invalid' },
      },
    ],
    [
      '401 with WWW-Authenticate invalid_grant',
      {
        kind: 'status',
        status: 401,
        headers: { 'WWW-Authenticate': 'Bearer realm="trakt", error="invalid_grant"' },
      },
    ],
  ]
  for (const [label, fault] of refusals) {
    test(`refresh refused by ${label}`, async (context) => {
      const world = await lab.world(context, {
        name: `Refresh refused: ${label}`,
        expected: "pairing with 'session-refused' and a new code; tokens removed",
        sandbox: SHORT_TOKENS,
        sessionMayEnd: true,
      })
      world.sandbox.inject(REFRESH, fault)
      const app = await world.open()
      await signIn(app, world.sandbox)

      await waitState(app, 'notice', 'session-refused')
      await shownCode(app)
      const state = await dataset(app)
      context.expect(state.screen).toBe('pairing')
      context.expect((await storageOf(app))[SESSION_KEY]).toBeUndefined()
      world.pass()
    })
  }

  const revokeFaults: [string, Fault, number][] = [
    ['500', { kind: 'status', status: 500 }, 1],
    ['dropped connections', { kind: 'drop' }, 2],
  ]
  for (const [label, fault, count] of revokeFaults) {
    test(`revoke failing by ${label}`, async (context) => {
      const world = await lab.world(context, {
        name: `Revoke failing by ${label}`,
        expected: "signed out anyway: pairing with 'signed-out'; no token left in storage",
        sessionMayEnd: true,
      })
      world.sandbox.inject(REVOKE, fault, count)
      const app = await world.open()
      await signIn(app, world.sandbox)

      await signOut(app)
      await waitState(app, 'notice', 'signed-out')
      await shownCode(app)
      const revokes = requestsTo(world.sandbox, REVOKE)
      context.expect(revokes.length).toBeGreaterThan(0)
      context.expect(revokes.every((r) => r.status !== 200)).toBe(true)
      context.expect(Object.keys(await storageOf(app))).toEqual([PENDING_KEY])
      world.pass()
    })
  }
})

describe.concurrent('storage', { timeout: 150_000 }, () => {
  const corrupt: [string, string, string][] = [
    ['bad JSON', SESSION_KEY, '{"version":1,"access_token":'],
    ['another version', SESSION_KEY, '{"version":2,"access_token":"a","refresh_token":"b"}'],
    ['missing fields', SESSION_KEY, '{"version":1,"token_type":"bearer"}'],
    ['a bad pending code', PENDING_KEY, '{"version":1,"device_code":""}'],
  ]
  for (const [label, key, value] of corrupt) {
    test(`storage corrupt at launch: ${label}`, async (context) => {
      const world = await lab.world(context, {
        name: `Storage corrupt at launch: ${label} under ${key}`,
        expected: 'record discarded with a warning; pairing with a fresh code',
      })
      const app = await world.open({
        beforeLoad: (page) =>
          page.addInitScript(
            ([k, v]) => {
              // Once per tab: the app must be the one to remove it.
              if (sessionStorage.getItem('seeded') !== null) return
              sessionStorage.setItem('seeded', '1')
              localStorage.setItem(k, v)
            },
            [key, value] as const,
          ),
      })

      await shownCode(app)
      const stored = await storageOf(app)
      context.expect(stored[SESSION_KEY]).toBeUndefined()
      context.expect(Object.keys(stored)).toEqual([PENDING_KEY])
      context.expect(app.console.some((line) => line.includes('discarded'))).toBe(true)
      world.pass()
    })
  }

  for (const [label, name] of [
    ['full', 'QuotaExceededError'],
    ['blocked', 'SecurityError'],
  ] as const) {
    test(`storage ${label} on write`, async (context) => {
      const world = await lab.world(context, {
        name: `Storage ${label} on write (${name})`,
        expected: "signed in for this run with 'not-remembered'; pairing again after a reload",
        sessionMayEnd: true,
      })
      const app = await world.open({ beforeLoad: (page) => refuseStorageWrites(page, name) })
      await signIn(app, world.sandbox)

      await waitState(app, 'notice', 'not-remembered')
      context.expect(await storageOf(app)).toEqual({})
      await app.page.reload()
      await shownCode(app)
      world.pass()
    })
  }
})

describe.concurrent('clocks and reloads', { timeout: 150_000 }, () => {
  for (const [label, offset] of [
    ['a year ahead', YEAR_MS],
    ['a year behind', -YEAR_MS],
  ] as const) {
    test(`wall clock ${label} at launch, with a stored session`, async (context) => {
      const world = await lab.world(context, {
        name: `Wall clock ${label} at launch with a stored session`,
        expected: 'refreshed at once (the clock cannot be trusted); still signed in',
      })
      const tv = await world.newContext()
      const first = await world.open({ context: tv })
      await signIn(first, world.sandbox)
      await first.page.close()

      const app = await world.open({ context: tv, beforeLoad: (page) => shiftClock(page, offset) })
      await waitForRequests(world.sandbox, REFRESH, 1, 200)
      await waitState(app, 'screen', 'signed-in')
      await stillSignedIn(context, world, app)
      world.pass()
    })

    test(`wall clock ${label} at launch, mid-pairing`, async (context) => {
      const world = await lab.world(context, {
        name: `Wall clock ${label} at launch with a pending code`,
        expected: 'pending code discarded (time left unknown); a fresh code; signs in',
      })
      const tv = await world.newContext()
      const first = await world.open({ context: tv })
      const old = await shownCode(first)
      await first.page.close()

      const app = await world.open({ context: tv, beforeLoad: (page) => shiftClock(page, offset) })
      const code = await shownCode(app)
      context.expect(code).not.toBe(old)
      await signIn(app, world.sandbox)
      world.pass()
    })
  }

  test('wall clock jumping while a code is shown', async (context) => {
    const world = await lab.world(context, {
      name: 'Wall clock jumping a year ahead, then behind, while a code is shown',
      expected: 'same code, polling and countdown unaffected; signs in; refresh works',
      sandbox: SHORT_TOKENS,
    })
    const app = await world.open({ beforeLoad: (page) => shiftClock(page, 0) })
    const code = await shownCode(app)

    await jumpClock(app, YEAR_MS)
    await waitForRequests(world.sandbox, '/oauth/device/token', 2)
    await jumpClock(app, -YEAR_MS)
    await waitForRequests(world.sandbox, '/oauth/device/token', 3)
    context.expect((await dataset(app)).userCode).toBe(code)
    context.expect((await dataset(app)).pairing).toBe('waiting')

    await signIn(app, world.sandbox)
    await waitForRequests(world.sandbox, REFRESH, 1, 200)
    await stillSignedIn(context, world, app)
    context.expect(world.sandbox.issuedCodes()).toHaveLength(1)
    world.pass()
  })

  test('reload in the middle of pairing', async (context) => {
    const world = await lab.world(context, {
      name: 'Reload in the middle of pairing',
      expected: 'same user code restored with its time left; signs in; one device code',
    })
    const app = await world.open()
    const code = await shownCode(app)

    await app.page.reload()
    context.expect(await shownCode(app)).toBe(code)
    await signIn(app, world.sandbox)
    context.expect(world.sandbox.issuedCodes()).toHaveLength(1)
    world.pass()
  })

  test('reload right after a refresh', async (context) => {
    const world = await lab.world(context, {
      name: 'Reload right after a refresh',
      expected: 'signed in with the rotated tokens; the next refresh succeeds',
      sandbox: SHORT_TOKENS,
    })
    const app = await world.open()
    await signIn(app, world.sandbox)
    const first = (await storageOf(app))[SESSION_KEY]

    // "Right after" the app stored the rotated pair: a reload while the answer is still on its
    // way loses it, as with any single-use refresh token (see the LIMITATION in client.ts).
    await waitForRequests(world.sandbox, REFRESH, 1, 200)
    await app.page.waitForFunction(
      ([key, before]) => localStorage.getItem(key) !== before,
      [SESSION_KEY, first ?? null] as const,
      { timeout: WAIT_MS },
    )
    await app.page.reload()
    await waitState(app, 'screen', 'signed-in')
    await waitForRequests(world.sandbox, REFRESH, 2, 200)
    await stillSignedIn(context, world, app)
    world.pass()
  })
})
