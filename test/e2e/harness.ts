/**
 * Drives the built app in headless Chromium at 1920 × 1080.
 *
 * Every page records uncaught errors, console output and requested URLs; `close()` fails
 * the test when the page threw. Every screenshot is kept under `artifacts/screenshots/`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { CHROMIUM_ARGS, findChromium } from '../../scripts/lib/chromium'
import { cspHeader, originsOf } from '../../scripts/lib/csp'
import { startStaticServer, type StaticServer } from '../../scripts/lib/static-server'

export const SCREENSHOT_DIR = join('artifacts', 'screenshots')

export interface TraktSettings {
  readonly clientId: string
  readonly clientSecret: string
  readonly oauthUrl: string
  readonly apiUrl: string
}

export interface LaunchOptions {
  /** Served folder; `build` unless a test says otherwise. */
  readonly root?: string
  /** Replaces `appSettings.trakt` in the served settings. */
  readonly trakt?: TraktSettings
  /**
   * Opt-in: serve the page with the app's Content Security Policy, allowing connections to
   * the origins of `trakt` (the sandbox) only, as `scripts/lib/csp.ts` computes it.
   */
  readonly csp?: boolean
}

/** One browser and one static server shared by the tests of a file. */
export class Harness {
  private constructor(
    readonly browser: Browser,
    readonly server: StaticServer,
  ) {}

  static async launch(options: LaunchOptions = {}): Promise<Harness> {
    const executablePath = findChromium()
    if (executablePath === undefined) throw new Error('Chromium is missing: run via npm test')

    const server = await startStaticServer({
      root: options.root ?? 'build',
      settings: (settings) => withTrakt(settings, options.trakt),
      headers: options.csp === true ? cspHeader(traktOrigins(options.trakt)) : undefined,
    })
    const browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
    })
    return new Harness(browser, server)
  }

  /** Opens the app in a fresh context (empty storage) unless one is given. */
  async open(
    options: {
      viewport?: { width: number; height: number }
      /** Runs before the app loads, e.g. `page.addInitScript` to stub storage or the clock. */
      beforeLoad?: (page: Page) => Promise<unknown>
    } = {},
  ): Promise<AppPage> {
    const viewport = options.viewport ?? { width: 1920, height: 1080 }
    const context = await this.browser.newContext({ viewport, deviceScaleFactor: 1 })
    const page = await context.newPage()
    const app = new AppPage(page)
    await options.beforeLoad?.(page)
    await page.goto(this.server.url)
    return app
  }

  async close(): Promise<void> {
    await this.browser.close()
    await this.server.close()
  }
}

/** A page running the app, with what it printed and threw. */
export class AppPage {
  readonly errors: string[] = []
  readonly console: string[] = []
  readonly requests: string[] = []
  private secrets: (() => readonly string[]) | undefined

  constructor(readonly page: Page) {
    page.on('pageerror', (error) => this.errors.push(String(error.stack ?? error)))
    page.on('console', (message) => this.console.push(`${message.type()}: ${message.text()}`))
    page.on('request', (request) => this.requests.push(request.url()))
  }

  /** Presses a key the way a remote's key arrives: a keydown and a keyup. */
  async press(key: string, times = 1): Promise<void> {
    for (let i = 0; i < times; i++) await this.page.keyboard.press(key)
  }

  /** Waits until the app's `data-<name>` attribute on `<body>` has the value. */
  async waitFor(name: string, value: string, timeout = 15_000): Promise<void> {
    await this.page.waitForFunction(
      ([key, expected]) => document.body.dataset[key as string] === expected,
      [name, value] as const,
      { timeout },
    )
  }

  /** Takes a full-viewport screenshot, keeps it as an artefact and returns it decoded. */
  async screenshot(name: string): Promise<PNG> {
    const buffer = await this.page.screenshot({ type: 'png' })
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    writeFileSync(join(SCREENSHOT_DIR, `${name}.png`), buffer)
    return PNG.sync.read(buffer)
  }

  /**
   * Opt-in leak check: `close()` then also fails when a console message or a requested URL
   * of this page holds one of `secrets()`, e.g. `() => sandbox.secrets()`.
   */
  failOnLeaks(secrets: () => readonly string[]): void {
    this.secrets = secrets
  }

  /** Console messages and requested URLs holding one of `secrets`; never the secret itself. */
  leaks(secrets: readonly string[]): string[] {
    return findLeaks({ console: this.console, requests: this.requests }, secrets)
  }

  /** Closes the page; throws when the page had an uncaught error or, if asked, leaked. */
  async close(): Promise<void> {
    await this.page.context().close()
    if (this.errors.length > 0) {
      throw new Error(`Uncaught errors in the page:\n${this.errors.join('\n')}`)
    }
    const leaks = this.secrets === undefined ? [] : this.leaks(this.secrets())
    if (leaks.length > 0) throw new Error(`Secrets leaked:\n${leaks.join('\n')}`)
  }
}

function withTrakt(
  settings: Record<string, unknown>,
  trakt: TraktSettings | undefined,
): Record<string, unknown> {
  if (trakt === undefined) return settings
  const appSettings = (settings.appSettings ?? {}) as Record<string, unknown>
  return { ...settings, appSettings: { ...appSettings, trakt } }
}

/**
 * Where any of `secrets` appears in the recorded texts, described as `<where> #<index>` so
 * the report never repeats the secret. Empty strings are ignored.
 */
export function findLeaks(
  recorded: Readonly<Record<string, readonly string[]>>,
  secrets: readonly string[],
): string[] {
  const found: string[] = []
  for (const [where, texts] of Object.entries(recorded)) {
    texts.forEach((text, index) => {
      if (secrets.some((secret) => secret !== '' && text.includes(secret))) {
        found.push(`${where} #${index}`)
      }
    })
  }
  return found
}

function traktOrigins(trakt: TraktSettings | undefined): string[] {
  return trakt === undefined ? [] : originsOf([trakt.oauthUrl, trakt.apiUrl])
}

/** The RGBA colour of one pixel of a screenshot. */
export function pixel(png: PNG, x: number, y: number): [number, number, number, number] {
  const i = (png.width * y + x) * 4
  return [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0, png.data[i + 3] ?? 0]
}
