/**
 * The production builds on an engine without the APIs old TVs lack (webOS 3–4, Tizen 3–4:
 * Chromium 38 to 63): each API is deleted before any script of the page runs, then the app
 * must boot and complete a pairing against the sandbox with no page error.
 *
 * Both builds get the same treatment. The es6 build targets engines that have
 * `AbortController` and `Promise.prototype.finally`, but it carries the same polyfill (loaded
 * only where a test in the page finds it needed) and the app is written without the rest, so
 * the stricter test holds for it too. On this engine, which has them all, neither build loads
 * the polyfill.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { injectCsp, originsOf } from '../../scripts/lib/csp'
import { ensureDist, type DistKind } from '../../scripts/lib/dist-build'
import { POLYFILL_SCRIPT } from '../../scripts/lib/polyfill-wiring'
import { stageBuild } from '../../scripts/lib/stage-build'
import { startSandbox, type Sandbox } from '../../sandbox'
import { AppPage, Harness, type TraktSettings } from './harness'

/** Deletes what Chromium 38–63 lacks; the names go to `window.__removedApis` for the test. */
const REMOVE_MODERN_APIS = `(() => {
  const removed = []
  const drop = (owner, name, label) => {
    if (owner && name in owner && delete owner[name] && !(name in owner)) removed.push(label)
  }
  drop(window, 'AbortController', 'AbortController')
  drop(window, 'AbortSignal', 'AbortSignal')
  drop(Promise.prototype, 'finally', 'Promise.prototype.finally')
  drop(Object, 'fromEntries', 'Object.fromEntries')
  drop(window, 'structuredClone', 'structuredClone')
  drop(window, 'queueMicrotask', 'queueMicrotask')
  drop(Array.prototype, 'at', 'Array.prototype.at')
  drop(String.prototype, 'replaceAll', 'String.prototype.replaceAll')
  window.__removedApis = removed
})()`

const REMOVED = [
  'AbortController',
  'AbortSignal',
  'Promise.prototype.finally',
  'Object.fromEntries',
  'structuredClone',
  'queueMicrotask',
  'Array.prototype.at',
  'String.prototype.replaceAll',
]

/** A production build is slow to make: build it here only when it is missing or stale. */
const BUILD_TIMEOUT_MS = 240_000

describe.each<DistKind>(['es5', 'es6'])('the %s production build on an old engine', (kind) => {
  let harness: Harness
  let sandbox: Sandbox

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, interval: 1 })
    const root = buildFor(kind, {
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      oauthUrl: sandbox.url,
      apiUrl: sandbox.url,
    })
    harness = await Harness.launch({ root })
  }, BUILD_TIMEOUT_MS)

  afterAll(async () => {
    await harness?.close()
    await sandbox?.close()
  })

  test('boots without the removed APIs and pairs with the sandbox', async () => {
    const app = await openWithoutModernApis(harness)

    expect(
      await app.page.evaluate(() => (window as { __removedApis?: string[] }).__removedApis),
    ).toEqual(REMOVED)

    await app.waitFor('screen', 'pairing')
    await app.waitFor('pairing', 'waiting')
    const userCode = await app.page.evaluate(() => document.body.dataset.userCode ?? '')
    expect(sandbox.issuedCodes()).toContain(userCode)

    sandbox.approve(userCode)
    await app.waitFor('screen', 'signed-in')

    // The polyfill, not the engine, provided the AbortController the app used.
    const abortController = await app.page.evaluate(() => String(window.AbortController))
    expect(abortController).not.toContain('[native code]')
    expect(app.errors).toEqual([])
    await app.close()
  })

  test('does not load the polyfill on an engine whose fetch takes a signal', async () => {
    const app = await harness.open()

    await app.waitFor('screen', 'pairing')
    const scripts = await app.page.evaluate(() =>
      performance.getEntriesByType('resource').map((entry) => entry.name),
    )
    expect(scripts.some((url) => url.includes('/js/lightning'))).toBe(true)
    expect(scripts.filter((url) => url.includes(POLYFILL_SCRIPT))).toEqual([])
    expect(await app.page.evaluate(() => String(window.AbortController))).toContain('[native code]')
    expect(app.errors).toEqual([])
    await app.close()
  })
})

/**
 * A copy of a production build whose inlined `appSettings.trakt` points at `trakt`, with its
 * Content Security Policy remade to match. A production build inlines its settings into
 * `index.html`; rewriting the page in flight instead makes Chromium treat it as public and
 * block its calls to the loopback sandbox.
 */
function buildFor(kind: DistKind, trakt: TraktSettings): string {
  const folder = stageBuild(ensureDist(kind), join('.tmp', `e2e-legacy-${kind}`))
  const index = join(folder, 'index.html')
  const inlined = /"trakt": \{[^}]*\}/
  const html = readFileSync(index, 'utf8')
  if (!inlined.test(html)) throw new Error(`${index} has no inlined appSettings.trakt`)
  const pointed = html.replace(inlined, `"trakt": ${JSON.stringify(trakt)}`)
  // The build's policy hashes the inline script and allows Trakt's hosts: redo it for both.
  writeFileSync(index, injectCsp(pointed, originsOf([trakt.oauthUrl, trakt.apiUrl])))
  return folder
}

/** Opens the app in a fresh context with the modern APIs deleted before any script runs. */
async function openWithoutModernApis(harness: Harness): Promise<AppPage> {
  const context = await harness.browser.newContext({
    viewport: { width: 1920, height: 1080 },
    deviceScaleFactor: 1,
  })
  await context.addInitScript(REMOVE_MODERN_APIS)

  const page = await context.newPage()
  const app = new AppPage(page)
  await page.goto(harness.server.url)
  return app
}
