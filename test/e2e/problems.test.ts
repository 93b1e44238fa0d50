/**
 * Problems waiting cannot fix, against the sandbox: an app with no client id, and a client
 * Trakt refuses; both say what is wrong, and "Try again" starts over.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  ACTION_SAFE,
  PATHS,
  STATE_TIMEOUT_MS,
  drawnText,
  expectNoSecrets,
  focusLeftEdge,
  openApp,
  requestsTo,
  settle,
  shownCode,
  startRig,
  traktSettingsOf,
  waitUntil,
  type Rig,
} from './fixtures'

let rig: Rig

beforeAll(async () => {
  rig = await startRig({ interval: 1, expiresIn: 20 })
})

afterAll(async () => {
  await rig.close()
})

test('no client id configured shows the not-configured problem and sends nothing', async () => {
  const app = await openApp(rig.harness, {
    trakt: { ...traktSettingsOf(rig.sandbox), clientId: '' },
  })
  await app.waitFor('problem', 'not-configured', STATE_TIMEOUT_MS)

  await settle(app)
  await app.screenshot('problem-not-configured-1080p')
  expect(app.requests.filter((url) => url.startsWith(rig.sandbox.url))).toEqual([])
  expect(rig.sandbox.requests()).toEqual([])
  await app.close()
})

test('a 403 on the device code shows the client-refused problem; Try again recovers', async () => {
  rig.sandbox.inject(PATHS.deviceCode, { kind: 'status', status: 403 })
  const app = await openApp(rig.harness)
  await app.waitFor('problem', 'client-refused', STATE_TIMEOUT_MS)

  await waitUntil('the HTTP status to be drawn', async () =>
    (await drawnText(app)).some((text) => text.includes('HTTP 403')),
  )
  await settle(app)
  const png = await app.screenshot('problem-1080p')
  expect(focusLeftEdge(png)).toBeGreaterThanOrEqual(ACTION_SAFE.left)
  expect(requestsTo(rig.sandbox, PATHS.deviceCode).map((request) => request.status)).toEqual([403])

  await app.press('Enter')
  await app.waitFor('pairing', 'waiting', STATE_TIMEOUT_MS)
  const issued = rig.sandbox.issuedCodes()
  expect(await shownCode(app)).toBe(issued[issued.length - 1])
  await expectNoSecrets(app, rig.sandbox)
  await app.close()
})
