/**
 * Headless Chromium for the benchmark: Debian's browser with the project's flags, every page
 * in a fresh context (empty storage), its CPU slowed down through the DevTools protocol to
 * stand in for a TV's processor, and the probe of `page-probe.ts` installed before the app.
 */
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core'
import { CHROMIUM_ARGS, ensureChromium } from '../scripts/lib/chromium'
import { installProbe, type ProbeState, type Watch } from './page-probe'

/** How much slower than this machine's CPU the page runs: a TV's is several times slower. */
export const CPU_SLOWDOWN = 6

/** A page with its DevTools session. */
export interface BenchPage {
  readonly page: Page
  readonly cdp: CDPSession
  /** Uncaught errors of the page; a run with any is not trusted. */
  readonly errors: string[]
  close(): Promise<void>
}

/** Starts Chromium (installing Debian's package when none is found and that is possible). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [...CHROMIUM_ARGS],
  })
}

/**
 * Opens `url` at 1920 × 1080 in a fresh context, throttled and probed from the first byte;
 * `beforeLoad` may attach listeners to the page before navigation.
 */
export async function openPage(
  browser: Browser,
  url: string,
  watches: readonly Watch[],
  beforeLoad: (page: Page) => void = () => undefined,
): Promise<BenchPage> {
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    deviceScaleFactor: 1,
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(String(error.stack ?? error)))

  // tsx names functions through a `__name` helper the page does not have.
  await page.addInitScript({
    content: `const __name = (f) => f;\n(${installProbe.toString()})(${JSON.stringify(watches)})`,
  })
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN })
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' })
  beforeLoad(page)
  await page.goto(url)

  return { page, cdp, errors, close: () => context.close() }
}

/** The probe's record, read from the page. */
export function readProbe(page: Page): Promise<Omit<ProbeState, 'recordFrames'>> {
  return page.evaluate(`(() => {
    const probe = window.__benchProbe
    return { frameAt: probe.frameAt, wallAt: probe.wallAt, gaps: probe.gaps }
  })()`)
}

/** Starts or stops the probe's record of frame gaps. */
export async function recordFrames(page: Page, on: boolean): Promise<void> {
  await page.evaluate(`window.__benchProbe.recordFrames(${on ? 'true' : 'false'})`)
}

/** Waits until the probe has noted the frame of the watched attribute `name`. */
export async function waitForFrame(page: Page, name: string, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    `(window.__benchProbe?.frameAt[${JSON.stringify(name)}] ?? -1) > 0`,
    undefined,
    { timeout: timeoutMs, polling: 20 },
  )
}

/** Main-thread time spent in tasks so far, in milliseconds (DevTools `TaskDuration`). */
export async function taskTimeMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics')
  const task = metrics.find((metric) => metric.name === 'TaskDuration')
  if (task === undefined) throw new Error('Chromium reported no TaskDuration metric')
  return task.value * 1000
}

/** JavaScript heap in use right after a full garbage collection, in bytes. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  return usedSize
}
