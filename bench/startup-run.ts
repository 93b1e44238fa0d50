/**
 * One cold start of a build: what it transferred until its first screen settled, when the
 * frame showing its text came, what staying on that screen costs the main thread, and the
 * heap it keeps.
 */
import type { Browser } from 'playwright-core'
import { heapAfterGc, openPage, readProbe, taskTimeMs, waitForFrame } from './browser'
import { noBytes, type BuildServer, type ByteCounts } from './build-server'
import type { Watch } from './page-probe'

/** How long the screen is left alone before the idle window, so that startup work is over. */
export const SETTLE_MS = 2_000

/** The idle window over which main-thread time is measured. */
export const IDLE_WINDOW_MS = 10_000

/** What one start measured. */
export interface StartupSample {
  /** Response bodies as sent, from navigation to the end of the settle time. */
  readonly bytes: ByteCounts
  /** From navigation to the frame that first shows the watched text. */
  readonly firstFrameMs: number
  /** Main-thread task time per second of the idle window. */
  readonly idleBusyMsPerS: number
  /** Heap in use after the idle window and a forced collection. */
  readonly heapBytes: number
}

/** Starts the build served by `server` once; `watch` is the attribute that says it is shown. */
export async function measureStartup(
  browser: Browser,
  server: BuildServer,
  watch: Watch,
): Promise<StartupSample> {
  server.resetCounts()
  const apiBytes = noBytes()
  const bench = await openPageCounting(browser, server, watch, apiBytes)

  try {
    await waitForFrame(bench.page, watch.name, 60_000)
    const { frameAt } = await readProbe(bench.page)
    await bench.page.waitForTimeout(SETTLE_MS)
    const bytes = addBytes(server.counts(), apiBytes)

    const busyBefore = await taskTimeMs(bench.cdp)
    await bench.page.waitForTimeout(IDLE_WINDOW_MS)
    const busyAfter = await taskTimeMs(bench.cdp)
    const heapBytes = await heapAfterGc(bench.cdp)

    if (bench.errors.length > 0) throw new Error(`The page threw:\n${bench.errors.join('\n')}`)
    return {
      bytes,
      firstFrameMs: frameAt[watch.name] ?? NaN,
      idleBusyMsPerS: (busyAfter - busyBefore) / (IDLE_WINDOW_MS / 1000),
      heapBytes,
    }
  } finally {
    await bench.close()
  }
}

/**
 * Opens the page and adds the bodies of requests to other origins (the sandbox's answers) to
 * `apiBytes.other`: the build server counts its own.
 */
async function openPageCounting(
  browser: Browser,
  server: BuildServer,
  watch: Watch,
  apiBytes: ByteCounts,
) {
  return openPage(browser, server.url, [watch], (page) => {
    page.on('requestfinished', (request) => {
      if (request.url().startsWith(server.url)) return
      void request.sizes().then(
        (sizes) => (apiBytes.other += sizes.responseBodySize),
        () => undefined,
      )
    })
  })
}

function addBytes(a: ByteCounts, b: ByteCounts): ByteCounts {
  return {
    js: a.js + b.js,
    fonts: a.fonts + b.fonts,
    images: a.images + b.images,
    other: a.other + b.other,
  }
}
