/**
 * The pairing screen against the sandbox: the code and QR code shown, expiry, decline, a
 * restart mid-pairing, Back, a hidden app, and what the voice says.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { AppPage } from './harness'
import {
  announcements,
  coloursInside,
  copyToDocs,
  dataset,
  expectNoSecrets,
  decodeQr,
  hasPendingCode,
  openApp,
  pause,
  polls,
  reopen,
  requestsTo,
  PATHS,
  setPageHidden,
  settle,
  shownCode,
  startRig,
  STATE_TIMEOUT_MS,
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

/** The code as the voice should say it: one character at a time, a pause between groups. */
function spelled(code: string): string {
  return [code.slice(0, 4), code.slice(4)].map((group) => group.split('').join(' ')).join(', ')
}

/** Waits until a screenshot holds a readable QR code (its texture is drawn a frame late). */
async function screenshotWithQr(app: AppPage, name: string) {
  return waitUntil(`a QR code in ${name}`, async () => {
    const png = await app.screenshot(name)
    try {
      return { png, qr: decodeQr(png) }
    } catch {
      return undefined
    }
  })
}

test.each([
  { label: '1080p', viewport: { width: 1920, height: 1080 } },
  { label: '720p', viewport: { width: 1280, height: 720 } },
])(
  'the QR code holds the activation page of the issued code, crisp at $label',
  async ({ label, viewport }) => {
    const app = await openApp(rig.harness, { viewport })
    await app.waitFor('pairing', 'waiting', STATE_TIMEOUT_MS)

    const code = await shownCode(app)
    const issued = rig.sandbox.issuedCodes()
    expect(code).toBe(issued[issued.length - 1])

    await settle(app)
    const { png, qr } = await screenshotWithQr(app, `pairing-${label}`)
    if (label === '1080p') copyToDocs(`pairing-${label}`)
    expect(qr.text).toBe(`${rig.sandbox.activationUrl}/${code}`)
    const colours = [...coloursInside(png, qr)]
    expect(
      colours,
      `colours inside the code: ${colours.slice(0, 8).join(' ')} (${JSON.stringify(qr)})`,
    ).toHaveLength(2)
    // Whole device pixels per module: the code is large and axis-aligned, not resampled.
    expect(qr.right - qr.left).toBeGreaterThan(viewport.height / 4)
    await app.close()
  },
)

test('an expired code stops the poll at its deadline, and OK gets a different code', async () => {
  rig.sandbox.config.expiresIn = 8
  const app = await openApp(rig.harness)
  await app.waitFor('pairing', 'waiting', STATE_TIMEOUT_MS)
  rig.sandbox.config.expiresIn = 20
  const code = await shownCode(app)
  const issuedAt = requestsTo(rig.sandbox, PATHS.deviceCode).pop()?.time ?? 0
  await waitUntil('the code to be spelled out', async () =>
    (await announcements(app)).some((said) => said.includes(spelled(code))),
  )

  await app.waitFor('pairing', 'expired', STATE_TIMEOUT_MS)
  const expiredSeen = Date.now()
  expect(await hasPendingCode(app)).toBe(false)
  await waitUntil('the expiry to be announced', async () =>
    (await announcements(app)).some((said) => /expired/i.test(said)),
  )
  await settle(app, 1500)
  await app.screenshot('expired-1080p')

  const mine = polls(rig.sandbox).filter((poll) => poll.time >= issuedAt)
  expect(mine.length).toBeGreaterThanOrEqual(3)
  // The app counts its deadline from the answer's arrival, a moment after the sandbox did;
  // the second allows for that and for the last poll's trip.
  for (const poll of mine) expect(poll.time).toBeLessThanOrEqual(issuedAt + 8_000 + 1_000)
  expect(mine.filter((poll) => poll.time > expiredSeen)).toEqual([])

  await app.press('Enter')
  await app.waitFor('pairing', 'waiting', STATE_TIMEOUT_MS)
  const fresh = await shownCode(app)
  expect(fresh).not.toBe(code)
  const issued = rig.sandbox.issuedCodes()
  expect(issued[issued.length - 1]).toBe(fresh)

  // The voice spells codes out and says nothing secret, not even the code in one piece.
  const said = (await announcements(app)).join('\n')
  expect(said).toContain(spelled(fresh))
  expect(said).not.toContain(code)
  await expectNoSecrets(app, rig.sandbox)
  await app.close()
})

test('declining on the activation page shows the declined state and stops polling', async () => {
  const app = await openApp(rig.harness)
  await app.waitFor('pairing', 'waiting', STATE_TIMEOUT_MS)

  rig.sandbox.decline(await shownCode(app))
  await app.waitFor('pairing', 'declined', STATE_TIMEOUT_MS)
  const declinedSeen = Date.now()
  expect(await hasPendingCode(app)).toBe(false)

  await pause(2_500)
  await app.screenshot('declined-1080p')
  expect(polls(rig.sandbox).filter((poll) => poll.time > declinedSeen)).toEqual([])
  expect((await dataset(app)).screen).toBe('pairing')
  await app.close()
})

test('a restart mid-pairing shows the same code and still signs in', async () => {
  const app = await openApp(rig.harness)
  await app.waitFor('pairing', 'waiting', STATE_TIMEOUT_MS)
  const code = await shownCode(app)
  const codeRequests = requestsTo(rig.sandbox, PATHS.deviceCode).length

  await app.page.reload()
  await app.waitFor('pairing', 'waiting', STATE_TIMEOUT_MS)
  expect(await shownCode(app)).toBe(code)

  await app.page.close()
  const again = await reopen(rig.harness, app)
  await again.waitFor('pairing', 'waiting', STATE_TIMEOUT_MS)
  expect(await shownCode(again)).toBe(code)
  expect(requestsTo(rig.sandbox, PATHS.deviceCode)).toHaveLength(codeRequests)

  rig.sandbox.approve(code)
  await again.waitFor('screen', 'signed-in', STATE_TIMEOUT_MS)
  expect(await hasPendingCode(again)).toBe(false)
  await again.close()
  expect(app.errors).toEqual([])
})

test('Back on the pairing screen closes the app and stops polling at once', async () => {
  const app = await openApp(rig.harness)
  await app.waitFor('pairing', 'waiting', STATE_TIMEOUT_MS)
  await waitUntil('a first poll', () => polls(rig.sandbox).length > 0)

  await app.press('Backspace')
  await app.waitFor('screen', 'closed', STATE_TIMEOUT_MS)
  const closedSeen = Date.now()

  await pause(2_500)
  expect(polls(rig.sandbox).filter((poll) => poll.time > closedSeen)).toEqual([])
  await app.close()
})

test('a hidden app sends no poll, and polls once at once when shown again', async () => {
  rig.sandbox.config.interval = 4
  const app = await openApp(rig.harness)
  await app.waitFor('pairing', 'waiting', STATE_TIMEOUT_MS)
  rig.sandbox.config.interval = 1
  const openedAt = Date.now()
  await waitUntil('a first poll', () => polls(rig.sandbox).some((poll) => poll.time > openedAt))

  await setPageHidden(app, true)
  // A poll already on the wire when the app hid may still land.
  await pause(300)
  const beforeHidden = polls(rig.sandbox).length
  await pause(5_000)
  expect(polls(rig.sandbox)).toHaveLength(beforeHidden)

  const shownAt = Date.now()
  await setPageHidden(app, false)
  const first = await waitUntil('a poll after showing', () =>
    polls(rig.sandbox).find((poll) => poll.time >= shownAt),
  )
  // The interval (4 s) had passed while hidden: no reason to wait another one.
  expect(first.time - shownAt).toBeLessThan(3_000)
  await pause(Math.max(0, first.time + 3_000 - Date.now()))
  expect(polls(rig.sandbox).filter((poll) => poll.time >= shownAt)).toHaveLength(1)
  expect(first.status).toBe(400)
  await app.close()
})
