/**
 * The manifest builders and the polyfill wiring, without building anything.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { runInNewContext } from 'node:vm'
import { describe, expect, test } from 'vitest'
import { injectCsp } from '../../scripts/lib/csp'
import { readAppIdentity, type AppIdentity } from '../../scripts/lib/app-identity'
import { POLYFILL_SCRIPT, wirePolyfills } from '../../scripts/lib/polyfill-wiring'
import { tizenConfigXml, type TizenIds } from '../../scripts/lib/tizen-config'
import { readTraktOrigins } from '../../scripts/lib/trakt-origins'
import { webOsAppInfo } from '../../scripts/lib/webos-appinfo'

const identity: AppIdentity = {
  id: 'tv.example.app',
  name: 'Tom & Jerry <TV>',
  version: '2.3.4',
  vendor: 'Example "Vendor"',
  description: 'a & b',
}
const ids: TizenIds = { packageId: 'AbCdE12345', applicationName: 'App', requiredVersion: '3.0' }

function tempProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'manifest-test-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true })
    writeFileSync(join(root, name), text)
  }
  return root
}

describe('readAppIdentity', () => {
  test('takes the version from package.json and the rest from metadata.json', () => {
    const root = tempProject({
      'package.json': JSON.stringify({ version: '1.2.3' }),
      'metadata.json': JSON.stringify({
        identifier: 'tv.example.app',
        name: 'App',
        version: '1.2.3',
        vendor: 'V',
        description: 'D',
      }),
    })

    expect(readAppIdentity(root)).toEqual({
      id: 'tv.example.app',
      name: 'App',
      version: '1.2.3',
      vendor: 'V',
      description: 'D',
    })
  })

  test('refuses metadata.json and package.json versions that differ', () => {
    const root = tempProject({
      'package.json': JSON.stringify({ version: '1.2.4' }),
      'metadata.json': JSON.stringify({ identifier: 'a.b', name: 'A', version: '1.2.3' }),
    })

    expect(() => readAppIdentity(root)).toThrow(/differs from package.json version 1.2.4/)
  })

  test('names the missing field', () => {
    const root = tempProject({
      'package.json': JSON.stringify({ version: '1.2.3' }),
      'metadata.json': JSON.stringify({ identifier: 'a.b', name: 'A', version: '1.2.3' }),
    })

    expect(() => readAppIdentity(root)).toThrow('metadata.json needs a "vendor"')
  })
})

describe('readTraktOrigins', () => {
  const settings = tempProject({
    'settings.json': JSON.stringify({
      appSettings: { trakt: { oauthUrl: 'https://auth.example/', apiUrl: 'https://auth.example' } },
    }),
  })

  test('reads settings.json and drops a repeated origin', () => {
    expect(readTraktOrigins({}, join(settings, 'settings.json'))).toEqual(['https://auth.example'])
  })

  test('lets the APP_TRAKT_* build variables win, as src/config.ts does', () => {
    const env = { APP_TRAKT_API_URL: 'https://api.example:8443/v2' }

    expect(readTraktOrigins(env, join(settings, 'settings.json'))).toEqual([
      'https://auth.example',
      'https://api.example:8443',
    ])
  })

  test('refuses a plain http host', () => {
    const env = { APP_TRAKT_OAUTH_URL: 'http://auth.example' }

    expect(() => readTraktOrigins(env, join(settings, 'settings.json'))).toThrow(/not https/)
  })
})

describe('tizenConfigXml', () => {
  test('escapes text and attributes and lists one access element per origin', () => {
    const xml = tizenConfigXml({
      identity,
      ids,
      origins: ['https://a.example', 'https://b.example'],
    })

    expect(xml).toContain('<name>Tom &amp; Jerry &lt;TV&gt;</name>')
    expect(xml).toContain('<author>Example "Vendor"</author>')
    expect(xml).toContain('<description>a &amp; b</description>')
    expect(xml).toContain('<tizen:application id="AbCdE12345.App" package="AbCdE12345"')
    expect(xml.match(/<access /g)).toHaveLength(2)
    expect(xml).toContain('<access origin="https://b.example" subdomains="false"/>')
  })

  test('refuses a version Tizen cannot read', () => {
    expect(() =>
      tizenConfigXml({ identity: { ...identity, version: '1.256.0' }, ids, origins: [] }),
    ).toThrow(/0-255/)
  })
})

describe('webOsAppInfo', () => {
  test('names the 80 px and 130 px icons and keeps Back for the app', () => {
    expect(webOsAppInfo(identity)).toMatchObject({
      id: 'tv.example.app',
      icon: 'static/icon-80.png',
      largeIcon: 'static/icon-130.png',
      disableBackHistoryAPI: true,
    })
  })
})

describe('wirePolyfills', () => {
  const page = (scripts: string): string =>
    `<html><head></head><body>\n        <script src="./js/polyfills.js"></script>\n${scripts}</body></html>`

  /** The page's scripts in order: a `src`, or `inline` for an inline one. */
  const scriptsOf = (html: string): string[] =>
    [...html.matchAll(/<script( src="[^"]+")?>[\s\S]*?<\/script>/g)].map(
      (match) => match[1]?.slice(6, -1) ?? 'inline',
    )

  /** Runs the page's inline loader on an engine with `globals`; answers what it wrote. */
  const runLoader = (html: string, globals: Record<string, unknown>): string[] => {
    const code = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? ''
    const written: string[] = []
    const window = { ...globals }
    const document = { write: (markup: string) => written.push(markup) }
    runInNewContext(code, { ...globals, window, document })
    return written
  }

  /** A page wired twice, as a rebuild would; answers its folder. */
  const wiredFolder = (): string => {
    const folder = tempProject({
      'index.html': page('        <script src="./js/lightning.es5.min.js"></script>\n'),
      'js/.keep': '',
    })
    wirePolyfills(folder)
    wirePolyfills(folder)
    return folder
  }

  const wired = (): string => readFileSync(join(wiredFolder(), 'index.html'), 'utf8')

  test('puts the loader after the CLI polyfills and before Lightning, once', () => {
    const folder = wiredFolder()

    const html = readFileSync(join(folder, 'index.html'), 'utf8')
    expect(scriptsOf(html)).toEqual(['./js/polyfills.js', 'inline', './js/lightning.es5.min.js'])
    expect(readFileSync(join(folder, POLYFILL_SCRIPT), 'utf8')).toContain('abortableFetch')
  })

  test('the page policy allows the loader by its hash', () => {
    const html = injectCsp(wired(), [])
    const loader = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? ''
    const hash = createHash('sha256').update(loader, 'utf8').digest('base64')

    const scriptSources = /script-src ([^;]*)/.exec(html)?.[1]?.split(' ')
    expect(scriptSources).toContain(`'sha256-${hash}'`)
  })

  test('loads the polyfill on an engine without AbortController', () => {
    const Request = function Request() {}

    expect(runLoader(wired(), { Request })).toEqual([
      `<script src="./${POLYFILL_SCRIPT}"></script>`,
    ])
  })

  test('loads the polyfill where Request has no signal, as in Safari 12.0–12.1', () => {
    const Request = function Request() {}

    expect(runLoader(wired(), { Request, AbortController: function AbortController() {} })).toEqual(
      [`<script src="./${POLYFILL_SCRIPT}"></script>`],
    )
  })

  test('loads nothing on an engine whose fetch takes a signal', () => {
    const Request = function Request() {}
    Object.defineProperty(Request.prototype, 'signal', { get: () => undefined })

    expect(runLoader(wired(), { Request, AbortController: function AbortController() {} })).toEqual(
      [],
    )
  })

  test('fails loudly when the page loads no Lightning script', () => {
    const folder = tempProject({ 'index.html': page(''), 'js/.keep': '' })

    expect(() => wirePolyfills(folder)).toThrow(/loads no Lightning script/)
  })
})
