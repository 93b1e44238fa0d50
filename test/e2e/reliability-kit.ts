/**
 * The rig of the fault, security and monkey tests: one Chromium per test file, and per
 * scenario a fresh sandbox with its own static server, so that scenarios can run side by side
 * without sharing faults. Every page is checked when its scenario ends: no uncaught error,
 * no secret of the sandbox in a console message or a requested URL, and no session lost
 * unless the scenario expects it. The outcome of each scenario goes to the reliability report.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { TestContext } from 'vitest'
import {
  startSandbox,
  type RecordedRequest,
  type Sandbox,
  type SandboxOptions,
} from '../../sandbox'
import { CHROMIUM_ARGS, findChromium } from '../../scripts/lib/chromium'
import { cspHeader, originsOf } from '../../scripts/lib/csp'
import { startStaticServer, type StaticServer } from '../../scripts/lib/static-server'
import { AppPage, type TraktSettings } from './harness'
import { REPORT_DIR, type ScenarioOutcome } from './reliability-report'

/**
 * Waits of the page: generous, because two cores also run the other test files; every timed
 * assertion of these tests is a lower bound, so slowness can fail nothing but a wait.
 */
export const WAIT_MS = 45_000

/** Small pages: nothing here looks at pixels, and two cores render several apps at once. */
const VIEWPORT = { width: 960, height: 540 }

/** Records every value `data-screen` takes, across reloads, through an exposed binding. */
const SCREEN_WATCH = `(() => {
  const report = () => {
    const screen = document.body && document.body.dataset.screen
    if (screen && window.__reportScreen) window.__reportScreen(screen)
  }
  new MutationObserver(report).observe(document, {
    subtree: true,
    attributes: true,
    attributeFilter: ['data-screen'],
  })
})()`

/** What a scenario is and how it should end, as the report shows it. */
export interface ScenarioSpec {
  readonly name: string
  readonly expected: string
  /** Sandbox options; `interval: 1` unless told otherwise, to keep the suite short. */
  readonly sandbox?: SandboxOptions
  /** Overrides of the Trakt settings the app is served with. */
  readonly trakt?: Partial<TraktSettings>
  /** Serve the page with the app's Content Security Policy. */
  readonly csp?: boolean
  /** The scenario ends a session on purpose (refused refresh, sign-out, storage refused). */
  readonly sessionMayEnd?: boolean
}

/** One browser for the tests of a file, and the outcomes of its scenarios. */
export class Lab {
  private readonly outcomes: ScenarioOutcome[] = []

  private constructor(
    private readonly browser: Browser,
    private readonly file: string,
    private readonly root: string,
  ) {}

  /**
   * Starts Chromium; `file` names the report written by {@link Lab.close}. The app is served
   * from a private copy of `build/`, so a rebuild running meanwhile cannot break a scenario.
   */
  static async launch(file: string): Promise<Lab> {
    const executablePath = findChromium()
    if (executablePath === undefined) throw new Error('Chromium is missing: run via npm test')
    const root = mkdtempSync(join(tmpdir(), 'reliability-build-'))
    cpSync('build', root, { recursive: true, filter: (source) => !source.endsWith('.map') })

    const browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
    })
    return new Lab(browser, basename(file).replace(/\.test\.ts$/, ''), root)
  }

  /** A fresh sandbox and server for one scenario; closed (and judged) when the test ends. */
  async world(context: TestContext, spec: ScenarioSpec): Promise<World> {
    const sandbox = await startSandbox({ port: 0, interval: 1, ...spec.sandbox })
    const trakt: TraktSettings = {
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      oauthUrl: sandbox.url,
      apiUrl: sandbox.url,
      ...spec.trakt,
    }
    const server = await startStaticServer({
      root: this.root,
      settings: (settings) => withTrakt(settings, trakt),
      headers: spec.csp === true ? cspHeader(originsOf([trakt.oauthUrl, trakt.apiUrl])) : undefined,
    })

    const world = new World(this.browser, sandbox, server, spec, (outcome) =>
      this.outcomes.push(outcome),
    )
    context.onTestFinished(() => world.close())
    return world
  }

  /** Closes the browser and writes this file's outcomes for the report. */
  async close(): Promise<void> {
    await this.browser.close()
    rmSync(this.root, { recursive: true, force: true })
    mkdirSync(REPORT_DIR, { recursive: true })
    writeFileSync(join(REPORT_DIR, `${this.file}.json`), JSON.stringify(this.outcomes, null, 2))
  }
}

/** One scenario's sandbox, server and pages. */
export class World {
  readonly pages: AppPage[] = []
  private readonly screens = new Map<AppPage, string[]>()
  private closed = false
  private passed = false

  constructor(
    private readonly browser: Browser,
    readonly sandbox: Sandbox,
    readonly server: StaticServer,
    readonly spec: ScenarioSpec,
    private readonly record: (outcome: ScenarioOutcome) => void,
  ) {}

  /** A fresh context: its own storage, as a TV after a factory reset. */
  newContext(): Promise<BrowserContext> {
    return this.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 })
  }

  /**
   * Opens the app, in `context` when given (sharing its storage) or a fresh one.
   * `beforeLoad` runs first, for `page.addInitScript` stubs of storage or the clock.
   */
  async open(
    options: { context?: BrowserContext; beforeLoad?: (page: Page) => Promise<unknown> } = {},
  ): Promise<AppPage> {
    const context = options.context ?? (await this.newContext())
    const page = await context.newPage()
    const app = new AppPage(page)
    const screens: string[] = []
    this.pages.push(app)
    this.screens.set(app, screens)

    await page.exposeFunction('__reportScreen', (screen: string) => {
      if (screens[screens.length - 1] !== screen) screens.push(screen)
    })
    await page.addInitScript(SCREEN_WATCH)
    await options.beforeLoad?.(page)
    await page.goto(this.server.url)
    return app
  }

  /** Every value `data-screen` took on `app`, repeats collapsed. */
  screenHistory(app: AppPage): readonly string[] {
    return this.screens.get(app) ?? []
  }

  /** Marks the scenario passed; the checks of {@link World.close} can still fail it. */
  pass(): void {
    this.passed = true
  }

  /**
   * Closes every page and judges the scenario: fails on an uncaught error, a leaked secret,
   * or a session lost that the scenario did not expect.
   */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true

    const secrets = this.sandbox.secrets()
    const errors = this.pages.flatMap((app) => app.errors)
    const leaks = this.pages.flatMap((app) => app.leaks(secrets))
    const sessionsLost = this.spec.sessionMayEnd === true ? 0 : this.countLostSessions()
    await Promise.all(
      this.pages.map((app) =>
        app.page
          .context()
          .close()
          .catch(() => undefined),
      ),
    )
    await this.server.close()
    await this.sandbox.close()

    const ok = this.passed && errors.length === 0 && leaks.length === 0 && sessionsLost === 0
    this.record({
      name: this.spec.name,
      expected: this.spec.expected,
      result: ok ? 'passed' : 'failed',
      uncaughtErrors: errors.length,
      secretsLeaked: leaks.length,
      sessionsLost,
    })
    if (errors.length > 0) throw new Error(`Uncaught errors:\n${errors.join('\n')}`)
    if (leaks.length > 0) throw new Error(`Secrets leaked in: ${leaks.join(', ')}`)
    if (sessionsLost > 0) throw new Error(`${sessionsLost} session(s) lost`)
  }

  /** A signed-in screen followed later by pairing is a session the person lost. */
  private countLostSessions(): number {
    let lost = 0
    for (const screens of this.screens.values()) {
      let signedIn = false
      for (const screen of screens) {
        if (screen === 'signed-in') signedIn = true
        if (screen === 'pairing' && signedIn) {
          lost++
          signedIn = false
        }
      }
    }
    return lost
  }
}

/** The app's `document.body.dataset`. */
export function dataset(app: AppPage): Promise<Record<string, string | undefined>> {
  return app.page.evaluate(() => ({ ...document.body.dataset }))
}

/** Waits until the app's `data-<name>` is `value`, as long as {@link WAIT_MS}. */
export function waitState(app: AppPage, name: string, value: string): Promise<void> {
  return app.waitFor(name, value, WAIT_MS)
}

/** Waits for a code on screen with polling under way, and returns its user code. */
export async function shownCode(app: AppPage, timeout = WAIT_MS): Promise<string> {
  await app.page.waitForFunction(
    () =>
      document.body.dataset.userCode !== undefined &&
      document.body.dataset.pairing !== 'requesting',
    undefined,
    { timeout },
  )
  const code = (await dataset(app)).userCode
  if (code === undefined) throw new Error('no user code on screen')
  return code
}

/** Approves the code on screen and waits for the signed-in screen with the user's name. */
export async function signIn(app: AppPage, sandbox: Sandbox, timeout = WAIT_MS): Promise<void> {
  sandbox.approve(await shownCode(app))
  await app.waitFor('screen', 'signed-in', timeout)
  await app.page.waitForFunction(() => document.body.dataset.username !== undefined, undefined, {
    timeout,
  })
}

/** Everything in the page's `localStorage`. */
export function storageOf(app: AppPage): Promise<Record<string, string>> {
  return app.page.evaluate(() => {
    const entries: Record<string, string> = {}
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)
      if (key !== null) entries[key] = localStorage.getItem(key) ?? ''
    }
    return entries
  })
}

/** Requests the sandbox received on `path`, optionally only those that got `status`. */
export function requestsTo(
  sandbox: Sandbox,
  path: string,
  status?: number | 'dropped',
): RecordedRequest[] {
  return sandbox
    .requests()
    .filter((r) => r.method !== 'OPTIONS' && r.path === path)
    .filter((r) => status === undefined || r.status === status)
}

/** Waits (polling the sandbox's record) until `count` requests match. */
export async function waitForRequests(
  sandbox: Sandbox,
  path: string,
  count: number,
  status?: number | 'dropped',
  timeout = WAIT_MS,
): Promise<RecordedRequest[]> {
  const until = Date.now() + timeout
  for (;;) {
    const found = requestsTo(sandbox, path, status)
    if (found.length >= count) return found
    if (Date.now() > until) {
      throw new Error(`${found.length} of ${count} requests to ${path} (${String(status)})`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Makes every `localStorage.setItem` of the page throw a `DOMException` named `name`
 * (`QuotaExceededError` for a full storage, `SecurityError` for a blocked one).
 */
export async function refuseStorageWrites(page: Page, name: string): Promise<void> {
  await page.addInitScript((errorName: string) => {
    Storage.prototype.setItem = function refused(): void {
      throw new DOMException('refused by the test', errorName)
    }
  }, name)
}

/**
 * Shifts the page's wall clock (`Date`, `Date.now`) by `offsetMs`; `window.__clockOffset`
 * moves it later. `performance.now` stays monotonic.
 */
export async function shiftClock(page: Page, offsetMs: number): Promise<void> {
  await page.addInitScript((initial: number) => {
    const RealDate = Date
    const realNow = RealDate.now.bind(RealDate)
    const holder = window as unknown as { __clockOffset: number }
    holder.__clockOffset = initial

    class ShiftedDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(realNow() + holder.__clockOffset)
        else super(...(args as [string]))
      }

      static override now(): number {
        return realNow() + holder.__clockOffset
      }
    }
    window.Date = ShiftedDate as DateConstructor
  }, offsetMs)
}

/** Moves a clock set up by {@link shiftClock} to `offsetMs` from the real time, at once. */
export function jumpClock(app: AppPage, offsetMs: number): Promise<void> {
  return app.page.evaluate((offset) => {
    ;(window as unknown as { __clockOffset: number }).__clockOffset = offset
  }, offsetMs)
}

export const YEAR_MS = 365 * 24 * 60 * 60 * 1000

function withTrakt(
  settings: Record<string, unknown>,
  trakt: TraktSettings,
): Record<string, unknown> {
  const appSettings = (settings.appSettings ?? {}) as Record<string, unknown>
  return { ...settings, appSettings: { ...appSettings, trakt } }
}
