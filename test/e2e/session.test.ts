/**
 * The signed-in side against the sandbox: approval, staying signed in across a restart,
 * the sign-out question and what sign-out sends, and the refresh that rotates the tokens.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { AppPage } from './harness'
import {
  ACTION_SAFE,
  PATHS,
  STATE_TIMEOUT_MS,
  announcements,
  copyToDocs,
  dataset,
  expectNoSecrets,
  focusLeftEdge,
  openApp,
  refreshStatus,
  requestsTo,
  settle,
  shownCode,
  signIn,
  startRig,
  storedSession,
  userSettingsStatus,
  waitUntil,
  type Rig,
} from './fixtures'

/** The sandbox's default access-token lifetime: a week, as Trakt's in 2026. */
const WEEK_S = 7 * 24 * 60 * 60
const AVATAR_PATH = '/images/avatar.png'

let rig: Rig

beforeAll(async () => {
  rig = await startRig({ interval: 1, expiresIn: 20 })
})

afterAll(async () => {
  await rig.close()
})

async function openSignOutQuestion(app: AppPage): Promise<void> {
  await app.press('ArrowRight')
  await app.press('Enter')
  await app.waitFor('dialog', 'sign-out', STATE_TIMEOUT_MS)
}

async function waitForNoDialog(app: AppPage): Promise<void> {
  await waitUntil('the sign-out question to close', async () => {
    return (await dataset(app)).dialog === undefined
  })
}

test('approval signs in as the sandbox user, and a restart stays signed in', async () => {
  const app = await signIn(rig)
  expect(await storedSession(app)).toBeDefined()

  await waitUntil('the avatar to be fetched', () => requestsTo(rig.sandbox, AVATAR_PATH).length > 0)
  await settle(app, 1_000)
  const png = await app.screenshot('signed-in-1080p')
  copyToDocs('signed-in-1080p')
  // The focused button grows by its focus scale; it must still stay inside the safe area.
  expect(focusLeftEdge(png)).toBeGreaterThanOrEqual(ACTION_SAFE.left)

  const codeRequests = requestsTo(rig.sandbox, PATHS.deviceCode).length
  await app.page.reload()
  await app.waitFor('screen', 'signed-in', STATE_TIMEOUT_MS)
  await app.waitFor('username', rig.sandbox.config.user.username, STATE_TIMEOUT_MS)

  const small = await openApp(rig.harness, {
    viewport: { width: 1280, height: 720 },
    storageOf: app,
  })
  await small.waitFor('username', rig.sandbox.config.user.username, STATE_TIMEOUT_MS)
  await settle(small, 1_000)
  await small.screenshot('signed-in-720p')

  expect(requestsTo(rig.sandbox, PATHS.deviceCode)).toHaveLength(codeRequests)
  await small.close()
  await app.close()
})

test('sign-out asks first, revokes the stored access token once, and shows a new code', async () => {
  const app = await signIn(rig)
  const session = await storedSession(app)
  if (session === undefined) throw new Error('No session stored after approval')
  const firstCode = rig.sandbox.issuedCodes().length
  const revokes = requestsTo(rig.sandbox, PATHS.revoke).length

  await openSignOutQuestion(app)
  await settle(app)
  await app.screenshot('dialog-1080p')
  // The safe answer has the focus: OK keeps the person signed in.
  await app.press('Enter')
  await waitForNoDialog(app)
  expect((await dataset(app)).screen).toBe('signed-in')
  expect(await storedSession(app)).toEqual(session)
  expect(requestsTo(rig.sandbox, PATHS.revoke)).toHaveLength(revokes)

  await openSignOutQuestion(app)
  await app.press('ArrowRight')
  await app.press('Enter')
  await app.waitFor('pairing', 'waiting', STATE_TIMEOUT_MS)

  const sent = requestsTo(rig.sandbox, PATHS.revoke).slice(revokes)
  expect(sent.map((request) => request.status)).toEqual([200])
  // The record masks tokens; the sandbox refusing the stored one proves which was revoked.
  expect(await userSettingsStatus(rig.sandbox, session.access_token)).toBe(401)
  expect(requestsTo(rig.sandbox, PATHS.token)).toHaveLength(0)
  expect(await storedSession(app)).toBeUndefined()

  const issued = rig.sandbox.issuedCodes()
  expect(issued.length).toBeGreaterThan(firstCode)
  expect(await shownCode(app)).toBe(issued[issued.length - 1])
  expect((await dataset(app)).notice).toBe('signed-out')

  const said = await announcements(app)
  expect(said.some((words) => words.includes('Signed in to Trakt'))).toBe(true)
  await expectNoSecrets(app, rig.sandbox)
  await app.close()
})

test('Back on the sign-out question closes the question only', async () => {
  const app = await signIn(rig)
  const session = await storedSession(app)
  const revokes = requestsTo(rig.sandbox, PATHS.revoke).length

  await openSignOutQuestion(app)
  await app.press('Backspace')
  await waitForNoDialog(app)

  const state = await dataset(app)
  expect(state.screen).toBe('signed-in')
  expect(state.username).toBe(rig.sandbox.config.user.username)
  expect(await storedSession(app)).toEqual(session)
  expect(requestsTo(rig.sandbox, PATHS.revoke)).toHaveLength(revokes)
  await app.close()
})

test('a short access-token lifetime is refreshed by itself, and the rotated pair is stored', async () => {
  const app = await openApp(rig.harness)
  await app.waitFor('pairing', 'waiting', STATE_TIMEOUT_MS)
  const refreshes = requestsTo(rig.sandbox, PATHS.token).length

  rig.sandbox.config.tokenLifetime = 4
  try {
    rig.sandbox.approve(await shownCode(app))
    await app.waitFor('screen', 'signed-in', STATE_TIMEOUT_MS)
  } finally {
    // Only the pair of the approval is short-lived; the refreshed pair lasts a week.
    rig.sandbox.config.tokenLifetime = WEEK_S
  }
  const first = await storedSession(app)
  if (first === undefined) throw new Error('No session stored after approval')
  expect(first.expires_in).toBe(4)

  const rotated = await waitUntil('the stored refresh token to change', async () => {
    const now = await storedSession(app)
    return now !== undefined && now.refresh_token !== first.refresh_token ? now : undefined
  })

  expect(rotated.access_token).not.toBe(first.access_token)
  expect(rotated.expires_in).toBe(WEEK_S)
  expect(
    requestsTo(rig.sandbox, PATHS.token)
      .slice(refreshes)
      .map((r) => r.status),
  ).toEqual([200])
  expect(await refreshStatus(rig.sandbox, first.refresh_token)).toBe(400)
  expect(await userSettingsStatus(rig.sandbox, rotated.access_token)).toBe(200)
  expect((await dataset(app)).screen).toBe('signed-in')
  await expectNoSecrets(app, rig.sandbox)
  await app.close()
})
