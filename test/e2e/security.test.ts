/**
 * Security end to end: a plain-http Trakt host is refused before anything is sent, the
 * Content Security Policy lets the app reach Trakt (or the sandbox) and nothing else, tokens
 * live under one key only and leave with sign-out. Every page is also checked for leaks.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { ensureDist } from '../../scripts/lib/dist-build'
import { startStaticServer } from '../../scripts/lib/static-server'
import {
  dataset,
  Lab,
  requestsTo,
  shownCode,
  signIn,
  storageOf,
  waitState,
  WAIT_MS,
} from './reliability-kit'

const SESSION_KEY = 'trakt-signin.session'

/** Counts CSP violations in the page from before the app loads. */
const VIOLATION_COUNTER = `(() => {
  window.__violations = []
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__violations.push(event.blockedURI + ' ' + event.violatedDirective)
  })
})()`

let lab: Lab
let outsider: Server
let outsiderUrl = ''
let outsiderHits = 0
let distFolder = ''

beforeAll(async () => {
  // Before the scenarios start: the build blocks this process, sandboxes included.
  distFolder = ensureDist('es6')
  lab = await Lab.launch(import.meta.filename)
  // Another origin on this machine that would gladly take whatever the app sent it.
  outsider = createServer((_, response) => {
    outsiderHits++
    response.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('ok')
  })
  await new Promise<void>((resolve) => outsider.listen(0, '127.0.0.1', resolve))
  outsiderUrl = `http://127.0.0.1:${(outsider.address() as AddressInfo).port}/collect`
}, 600_000)

afterAll(async () => {
  await lab.close()
  await new Promise((resolve) => outsider.close(resolve))
})

/** Fetches `url` from the page: `'ok'`, or `'blocked'` when the fetch rejected. */
function fetchFrom(page: Page, url: string, method = 'POST'): Promise<string> {
  return page.evaluate(
    ([target, verb]) =>
      fetch(target, { method: verb, body: verb === 'POST' ? 'stolen' : undefined }).then(
        (response) => (response.ok ? 'ok' : `status ${response.status}`),
        () => 'blocked',
      ),
    [url, method] as const,
  )
}

function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)
}

describe.concurrent('security', { timeout: 150_000 }, () => {
  test('a non-loopback http:// Trakt URL is refused and nothing is sent', async (context) => {
    const world = await lab.world(context, {
      name: 'Non-loopback http:// base URL',
      expected: "problem 'insecure-url' naming the setting; no request leaves",
      trakt: { oauthUrl: 'http://192.0.2.10', apiUrl: 'http://192.0.2.10' },
    })
    const app = await world.open()

    await waitState(app, 'problem', 'insecure-url')
    const state = await dataset(app)
    context.expect(state.announcement).toMatch(/https:\/\//)
    await app.page.waitForTimeout(1_000)
    context.expect(app.requests.filter((url) => url.includes('192.0.2.10'))).toEqual([])
    context.expect(world.sandbox.requests()).toEqual([])
    world.pass()
  })

  test('the development CSP lets the sandbox through and blocks another origin', async (context) => {
    const world = await lab.world(context, {
      name: 'CSP header on build/: sign-in through the sandbox, fetch elsewhere',
      expected: 'signed in with no violation; a fetch to another origin blocked, never sent',
      csp: true,
    })
    const app = await world.open({ beforeLoad: (page) => page.addInitScript(VIOLATION_COUNTER) })
    await signIn(app, world.sandbox)
    context.expect(await violations(app.page)).toEqual([])

    const hitsBefore = outsiderHits
    context.expect(await fetchFrom(app.page, outsiderUrl)).toBe('blocked')
    context.expect(outsiderHits).toBe(hitsBefore)
    const [violation] = await violations(app.page)
    context.expect(violation).toContain('connect-src')
    context.expect(await fetchFrom(app.page, `${world.sandbox.url}/activate`, 'GET')).toBe('ok')
    world.pass()
  })

  test('the production build declares a CSP limited to the Trakt hosts', async (context) => {
    const world = await lab.world(context, {
      name: 'CSP meta tag in dist/es6: Trakt hosts reachable, another origin blocked',
      expected: 'app starts with no violation; Trakt hosts fetched; another origin blocked',
    })
    const folder = distFolder
    const html = readFileSync(join(folder, 'index.html'), 'utf8')
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]
    context
      .expect(policy)
      .toMatch(/connect-src 'self' https:\/\/auth\.trakt\.tv https:\/\/api\.trakt\.tv;/)
    context.expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'))

    const server = await startStaticServer({ root: folder })
    try {
      const tv = await world.newContext()
      const page = await tv.newPage()
      await page.addInitScript(VIOLATION_COUNTER)
      // Stand-ins for Trakt: a request that gets here was allowed by the policy.
      await page.route(/^https:\/\/(auth|api)\.trakt\.tv\//, (route) =>
        route.fulfill({ status: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: '{}' }),
      )
      await page.goto(server.url)
      await page.waitForFunction(() => document.body.dataset.screen !== undefined, undefined, {
        timeout: WAIT_MS,
      })
      context.expect(await violations(page)).toEqual([])

      context.expect(await fetchFrom(page, 'https://api.trakt.tv/users/settings')).toBe('ok')
      context.expect(await fetchFrom(page, 'https://auth.trakt.tv/oauth/revoke')).toBe('ok')
      const hitsBefore = outsiderHits
      context.expect(await fetchFrom(page, outsiderUrl)).toBe('blocked')
      context.expect(outsiderHits).toBe(hitsBefore)
      await tv.close()
    } finally {
      await server.close()
    }
    world.pass()
  })

  test('tokens live under the namespaced key only, and sign-out leaves none', async (context) => {
    const world = await lab.world(context, {
      name: 'Token storage and sign-out',
      expected: `tokens only under ${SESSION_KEY}; after sign-out no token anywhere; revoked`,
      sessionMayEnd: true,
    })
    const app = await world.open()
    await signIn(app, world.sandbox)

    const stored = await storageOf(app)
    const record = JSON.parse(stored[SESSION_KEY] ?? '{}') as Record<string, unknown>
    const tokens = [record.access_token, record.refresh_token].filter(
      (value): value is string => typeof value === 'string' && value !== '',
    )
    context.expect(tokens).toHaveLength(2)
    const holders = Object.keys(stored).filter((key) =>
      tokens.some((token) => stored[key]?.includes(token)),
    )
    context.expect(holders).toEqual([SESSION_KEY])

    await app.press('ArrowRight')
    await app.press('Enter')
    await waitState(app, 'dialog', 'sign-out')
    await app.press('ArrowRight')
    await app.press('Enter')
    await waitState(app, 'notice', 'signed-out')
    await shownCode(app)

    const everything = await app.page.evaluate(() => {
      const values: string[] = [document.cookie]
      for (const storage of [localStorage, sessionStorage]) {
        for (let i = 0; i < storage.length; i++) {
          const key = storage.key(i)
          if (key !== null) values.push(key, storage.getItem(key) ?? '')
        }
      }
      return values.join('\n')
    })
    context.expect(tokens.filter((token) => everything.includes(token))).toEqual([])
    context.expect(requestsTo(world.sandbox, '/oauth/revoke', 200)).toHaveLength(1)
    world.pass()
  })
})
