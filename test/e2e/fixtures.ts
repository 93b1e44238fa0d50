/**
 * Shared helpers of the end-to-end tests: a sandbox and a browser pointed at it, pages
 * opened with extra wiring (settings, recorders), what the app keeps in `localStorage`,
 * calls to the sandbox as Trakt's own client would make them, QR decoding, and waits.
 */
import { copyFileSync, cpSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jsQR from 'jsqr'
import type { PNG } from 'pngjs'
import {
  startSandbox,
  type RecordedRequest,
  type Sandbox,
  type SandboxOptions,
} from '../../sandbox'
import { AppPage, Harness, SCREENSHOT_DIR, pixel, type TraktSettings } from './harness'

/** Where the README's screenshots live. */
export const DOCS_SCREENSHOT_DIR = join('docs', 'screenshots')

/** Where the app keeps the session and the pending code (see `src/auth`). */
export const SESSION_KEY = 'trakt-signin.session'
export const PENDING_CODE_KEY = 'trakt-signin.pending-code'

/** Device-flow paths as the sandbox records them. */
export const PATHS = {
  deviceCode: '/oauth/device/code',
  deviceToken: '/oauth/device/token',
  token: '/oauth/token',
  revoke: '/oauth/revoke',
  userSettings: '/users/settings',
} as const

/** A sandbox and a browser serving the build pointed at it. */
export interface Rig {
  readonly sandbox: Sandbox
  readonly harness: Harness
  close(): Promise<void>
}

/**
 * How long a state may take to appear. Generous: other engineers run Chromium and builds on
 * the same two cores, and a state that comes late is not a failure of the app.
 */
export const STATE_TIMEOUT_MS = 30_000

/**
 * Starts a sandbox with short lifetimes (unless told otherwise) and one browser for it. The
 * browser serves a private copy of `build/`, so a rebuild running meanwhile cannot change
 * the app under a test half-way.
 */
export async function startRig(options: SandboxOptions = {}): Promise<Rig> {
  const root = mkdtempSync(join(tmpdir(), 'trakt-e2e-build-'))
  cpSync('build', root, { recursive: true })

  const sandbox = await startSandbox({ port: 0, interval: 1, expiresIn: 20, ...options })
  const harness = await Harness.launch({ root, trakt: traktSettingsOf(sandbox) })
  return {
    sandbox,
    harness,
    close: async () => {
      await harness.close()
      await sandbox.close()
      rmSync(root, { recursive: true, force: true })
    },
  }
}

/** The `appSettings.trakt` that points the app at `sandbox`. */
export function traktSettingsOf(sandbox: Sandbox): TraktSettings {
  return {
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    oauthUrl: sandbox.url,
    apiUrl: sandbox.url,
  }
}

/** What {@link openApp} can wire into a page before the app starts. */
export interface OpenOptions {
  readonly viewport?: { readonly width: number; readonly height: number }
  /** Replaces `appSettings.trakt` in this page's `settings.json` only. */
  readonly trakt?: TraktSettings
  /** Starts with a copy of the storage of this page, as the same TV restarted. */
  readonly storageOf?: AppPage
}

/**
 * Opens the app in a fresh context, like `Harness.open`, with two recorders installed first:
 * every `data-announcement` the app sets, and every string it draws on a canvas (Lightning
 * draws text into a 2D canvas before uploading it, so this is the text on screen).
 */
export async function openApp(harness: Harness, options: OpenOptions = {}): Promise<AppPage> {
  const viewport = options.viewport ?? { width: 1920, height: 1080 }
  const storageState = await options.storageOf?.page.context().storageState()
  const context = await harness.browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    storageState,
  })
  await context.addInitScript({ content: RECORDERS })

  const trakt = options.trakt
  if (trakt !== undefined) {
    await context.route('**/settings.json', async (route) => {
      const response = await route.fetch()
      const settings = (await response.json()) as { appSettings?: Record<string, unknown> }
      const appSettings = { ...settings.appSettings, trakt }
      await route.fulfill({ response, json: { ...settings, appSettings } })
    })
  }

  const page = await context.newPage()
  const app = new AppPage(page)
  await page.goto(harness.server.url)
  return app
}

/** Opens the app, waits for a code, approves it as the sandbox user, waits to be signed in. */
export async function signIn(rig: Rig, options: OpenOptions = {}): Promise<AppPage> {
  const app = await openApp(rig.harness, options)
  await app.waitFor('pairing', 'waiting', STATE_TIMEOUT_MS)

  rig.sandbox.approve(await shownCode(app))
  await app.waitFor('screen', 'signed-in', STATE_TIMEOUT_MS)
  await app.waitFor('username', rig.sandbox.config.user.username, STATE_TIMEOUT_MS)
  return app
}

/** Opens the app again in the context of `app` (same storage), as a restarted TV would. */
export async function reopen(harness: Harness, app: AppPage): Promise<AppPage> {
  const page = await app.page.context().newPage()
  const again = new AppPage(page)
  await page.goto(harness.server.url)
  return again
}

/**
 * Runs in the page before any of its scripts. Plain JavaScript text: a function would be
 * rewritten by the test's TypeScript transform with helpers the page does not have.
 */
const RECORDERS = `
(() => {
  const announcements = []
  const drawn = []
  window.__announcements = announcements
  window.__drawnText = drawn

  const fillText = CanvasRenderingContext2D.prototype.fillText
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    drawn.push(String(text))
    return fillText.call(this, text, ...rest)
  }

  const observe = () => {
    new MutationObserver(() => {
      const said = document.body.dataset.announcement
      if (said !== undefined && said !== announcements[announcements.length - 1]) {
        announcements.push(said)
      }
    }).observe(document.body, { attributes: true, attributeFilter: ['data-announcement'] })
  }
  if (document.body !== null) observe()
  else document.addEventListener('DOMContentLoaded', observe)
})()
`

/** Every `data-announcement` value so far (pages opened with {@link openApp}). */
export function announcements(app: AppPage): Promise<string[]> {
  return app.page.evaluate(
    () => (window as unknown as { __announcements: string[] }).__announcements,
  )
}

/** Every string drawn on a canvas so far (pages opened with {@link openApp}). */
export function drawnText(app: AppPage): Promise<string[]> {
  return app.page.evaluate(() => (window as unknown as { __drawnText: string[] }).__drawnText)
}

/** The app's mirror of its state, `document.body.dataset`. */
export function dataset(app: AppPage): Promise<Record<string, string>> {
  return app.page.evaluate(() => ({ ...document.body.dataset }) as Record<string, string>)
}

/** The user code on screen; throws when there is none. */
export async function shownCode(app: AppPage): Promise<string> {
  const code = await app.page.evaluate(() => document.body.dataset.userCode)
  if (code === undefined || code === '') throw new Error('No user code on screen')
  return code
}

/** The stored session record in the wire spelling the token store writes, if any. */
export interface StoredRecord {
  readonly access_token: string
  readonly refresh_token: string
  readonly expires_in: number
  readonly received_at: number
}

/** The session the app stored, or `undefined`. */
export async function storedSession(app: AppPage): Promise<StoredRecord | undefined> {
  const text = await app.page.evaluate((key) => localStorage.getItem(key), SESSION_KEY)
  return text === null ? undefined : (JSON.parse(text) as StoredRecord)
}

/** Whether a pending device code is stored. */
export async function hasPendingCode(app: AppPage): Promise<boolean> {
  const text = await app.page.evaluate((key) => localStorage.getItem(key), PENDING_CODE_KEY)
  return text !== null
}

/** Requests of the sandbox to `path` by the app itself (`POST`/`GET`, not preflights). */
export function requestsTo(sandbox: Sandbox, path: string): RecordedRequest[] {
  return sandbox
    .requests()
    .filter((request) => request.path === path && request.method !== 'OPTIONS')
}

/** Polls of the device token endpoint. */
export function polls(sandbox: Sandbox): RecordedRequest[] {
  return requestsTo(sandbox, PATHS.deviceToken)
}

/**
 * Waits until `check` gives something other than `undefined` or `false`, looking every
 * 50 ms; fails with `what` after `timeoutMs`.
 */
export async function waitUntil<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = STATE_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await pause(50)
  }
}

/**
 * Waits for real time to pass. Only for proving that something does NOT happen over a span
 * (no poll while hidden); never to wait for something to happen.
 */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Sends a refresh to the sandbox as the app would; resolves with the HTTP status. */
export async function refreshStatus(sandbox: Sandbox, refreshToken: string): Promise<number> {
  const response = await fetch(`${sandbox.url}${PATHS.token}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'trakt-api-version': '2' },
    body: JSON.stringify({
      refresh_token: refreshToken,
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
      redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
      grant_type: 'refresh_token',
    }),
  })
  await response.arrayBuffer()
  return response.status
}

/** Calls `/users/settings` with `accessToken`; resolves with the HTTP status. */
export async function userSettingsStatus(sandbox: Sandbox, accessToken: string): Promise<number> {
  const response = await fetch(`${sandbox.url}${PATHS.userSettings}`, {
    headers: {
      'Content-Type': 'application/json',
      'trakt-api-version': '2',
      'trakt-api-key': sandbox.clientId,
      Authorization: `Bearer ${accessToken}`,
    },
  })
  await response.arrayBuffer()
  return response.status
}

/** A QR code found in a screenshot: what it says and the square it covers. */
export interface FoundQr {
  readonly text: string
  readonly left: number
  readonly top: number
  readonly right: number
  readonly bottom: number
}

/** Decodes the QR code in `png` (within `region` when given); throws when there is none. */
export function decodeQr(
  png: PNG,
  region: { x: number; y: number; w: number; h: number } = {
    x: 0,
    y: 0,
    w: png.width,
    h: png.height,
  },
): FoundQr {
  const data = new Uint8ClampedArray(region.w * region.h * 4)
  for (let y = 0; y < region.h; y++) {
    const from = ((region.y + y) * png.width + region.x) * 4
    data.set(png.data.subarray(from, from + region.w * 4), y * region.w * 4)
  }

  const found = jsQR(data, region.w, region.h)
  if (found === null) throw new Error('No QR code found in the screenshot')
  const { topLeftCorner, topRightCorner, bottomLeftCorner, bottomRightCorner } = found.location
  const xs = [topLeftCorner.x, topRightCorner.x, bottomLeftCorner.x, bottomRightCorner.x]
  const ys = [topLeftCorner.y, topRightCorner.y, bottomLeftCorner.y, bottomRightCorner.y]
  return {
    text: found.data,
    left: region.x + Math.min(...xs),
    top: region.y + Math.min(...ys),
    right: region.x + Math.max(...xs),
    bottom: region.y + Math.max(...ys),
  }
}

/**
 * The distinct RGB colours inside the code's modules, one pixel in from jsQR's corners (which
 * sit on module edges), as `rrggbb` strings. A crisp code has exactly two.
 */
export function coloursInside(png: PNG, qr: FoundQr): Set<string> {
  const colours = new Set<string>()
  for (let y = Math.ceil(qr.top) + 1; y < Math.floor(qr.bottom) - 1; y++) {
    for (let x = Math.ceil(qr.left) + 1; x < Math.floor(qr.right) - 1; x++) {
      const [r, g, b] = pixel(png, x, y)
      colours.add(((r << 16) | (g << 8) | b).toString(16).padStart(6, '0'))
    }
  }
  return colours
}

/**
 * Copies a kept screenshot into `docs/screenshots/` when `UPDATE_DOCS_SCREENSHOTS=1`, so an
 * ordinary test run never rewrites tracked files.
 */
export function copyToDocs(name: string): void {
  if (process.env.UPDATE_DOCS_SCREENSHOTS !== '1') return
  mkdirSync(DOCS_SCREENSHOT_DIR, { recursive: true })
  copyFileSync(join(SCREENSHOT_DIR, `${name}.png`), join(DOCS_SCREENSHOT_DIR, `${name}.png`))
}

/**
 * Lets a freshly shown state finish its short transitions and image loads before a
 * screenshot; screenshots are artefacts, never the thing asserted on timing.
 */
export function settle(app: AppPage, ms = 600): Promise<void> {
  return app.page.waitForTimeout(ms)
}

/**
 * Makes the page look hidden or visible to the app, the way a TV reports going to the
 * background: `document.hidden` and `visibilityState` change, then `visibilitychange` fires.
 */
export async function setPageHidden(app: AppPage, hidden: boolean): Promise<void> {
  await app.page.evaluate((value) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => value })
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (value ? 'hidden' : 'visible'),
    })
    document.dispatchEvent(new Event('visibilitychange'))
  }, hidden)
}

/**
 * Fails when a token, refresh token, device code or the client secret the sandbox knows of
 * shows up in what the voice said, what was drawn, the console, the URLs requested or the
 * page's state mirror. The failure names where, never the secret.
 */
export async function expectNoSecrets(app: AppPage, sandbox: Sandbox): Promise<void> {
  const secrets = sandbox.secrets()
  const places: Record<string, readonly string[]> = {
    announcements: await announcements(app),
    'drawn text': await drawnText(app),
    console: app.console,
    requests: app.requests,
    dataset: Object.values(await dataset(app)),
  }

  const leaks = Object.entries(places)
    .filter(([, texts]) => texts.some((text) => secrets.some((secret) => text.includes(secret))))
    .map(([where]) => where)
  if (leaks.length > 0) throw new Error(`A secret appeared in: ${leaks.join(', ')}`)
}

/** The action-safe area of the 1920 × 1080 stage (5 %), per the ten-foot rules. */
export const ACTION_SAFE = { left: 96, top: 54, right: 1920 - 96, bottom: 1080 - 54 } as const

/**
 * The leftmost column of a 1080p screenshot painted in the focus accent (`#7cc7ff`), the fill
 * of the focused button, or `undefined` when nothing is.
 */
export function focusLeftEdge(png: PNG): number | undefined {
  for (let x = 0; x < png.width; x++) {
    for (let y = 0; y < png.height; y++) {
      const [r, g, b] = pixel(png, x, y)
      if (r === 0x7c && g === 0xc7 && b === 0xff) return x
    }
  }
  return undefined
}
