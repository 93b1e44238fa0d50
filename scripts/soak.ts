/**
 * `npm run soak`: keeps a signed-in app running against the sandbox with 5-second access
 * tokens (10 minutes unless `SOAK_MINUTES` says otherwise) and checks that it holds up: at
 * least 100 rotations, no failed refresh, heap growth under 10 %, no growth in live timers.
 * Needs `build/` (`npm run build`). Not part of CI: it takes as long as it says.
 */
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { startSandbox } from '../sandbox'
import { CHROMIUM_ARGS, ensureChromium } from './lib/chromium'
import { startStaticServer } from './lib/static-server'

const MINUTES = Number(process.env.SOAK_MINUTES ?? '10')
const TOKEN_LIFETIME_S = 5
const SAMPLE_EVERY_MS = 30_000
const MIN_ROTATIONS = Math.floor((100 * MINUTES) / 10)
const MAX_HEAP_GROWTH = 0.1

/**
 * Counts live timers: a timeout is live from `setTimeout` until it fires or is cleared, an
 * interval until it is cleared. Installed before the app loads.
 */
const TIMER_COUNTER = `(() => {
  const live = new Set()
  const realSetTimeout = window.setTimeout.bind(window)
  const realClearTimeout = window.clearTimeout.bind(window)
  const realSetInterval = window.setInterval.bind(window)
  const realClearInterval = window.clearInterval.bind(window)
  window.setTimeout = (callback, ms, ...args) => {
    const id = realSetTimeout((...inner) => {
      live.delete(id)
      if (typeof callback === 'function') callback(...inner)
    }, ms, ...args)
    live.add(id)
    return id
  }
  window.clearTimeout = (id) => {
    live.delete(id)
    realClearTimeout(id)
  }
  window.setInterval = (callback, ms, ...args) => {
    const id = realSetInterval(callback, ms, ...args)
    live.add(id)
    return id
  }
  window.clearInterval = (id) => {
    live.delete(id)
    realClearInterval(id)
  }
  window.__liveTimers = () => live.size
})()`

interface Sample {
  readonly minute: number
  readonly rotations: number
  readonly heapBytes: number
  readonly liveTimers: number
}

async function main(): Promise<void> {
  if (!existsSync('build/index.html')) throw new Error('No build/: run `npm run build` first')

  const sandbox = await startSandbox({ port: 0, interval: 1, tokenLifetime: TOKEN_LIFETIME_S })
  const trakt = {
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    oauthUrl: sandbox.url,
    apiUrl: sandbox.url,
  }
  const server = await startStaticServer({
    root: 'build',
    settings: (settings) => {
      const appSettings = (settings.appSettings ?? {}) as Record<string, unknown>
      return { ...settings, appSettings: { ...appSettings, trakt } }
    },
  })
  const browser = await chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [...CHROMIUM_ARGS],
  })

  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.addInitScript(TIMER_COUNTER)
    await page.goto(server.url)

    await page.waitForFunction(() => document.body.dataset.userCode !== undefined, undefined, {
      timeout: 30_000,
    })
    const userCode = await page.evaluate(() => document.body.dataset.userCode ?? '')
    sandbox.approve(userCode)
    await page.waitForFunction(() => document.body.dataset.screen === 'signed-in', undefined, {
      timeout: 30_000,
    })

    const cdp = await page.context().newCDPSession(page)
    const rotations = (): number =>
      sandbox.requests().filter((r) => r.path === '/oauth/token' && r.status === 200).length
    const failedRefreshes = (): number =>
      sandbox
        .requests()
        .filter((r) => r.path === '/oauth/token' && r.method === 'POST' && r.status !== 200).length
    const sample = async (minute: number): Promise<Sample> => {
      await cdp.send('HeapProfiler.collectGarbage')
      const heap = await cdp.send('Runtime.getHeapUsage')
      const liveTimers = await page.evaluate(() =>
        (window as unknown as { __liveTimers(): number }).__liveTimers(),
      )
      return { minute, rotations: rotations(), heapBytes: heap.usedSize, liveTimers }
    }

    const samples: Sample[] = []
    const startedAt = Date.now()
    const endAt = startedAt + MINUTES * 60_000
    let refreshFailedNotices = 0
    while (Date.now() < endAt) {
      await page.waitForTimeout(Math.min(SAMPLE_EVERY_MS, endAt - Date.now()))
      const notice = await page.evaluate(() => document.body.dataset.notice)
      if (notice === 'refresh-failed') refreshFailedNotices++
      const taken = await sample((Date.now() - startedAt) / 60_000)
      samples.push(taken)
      console.log(
        `${taken.minute.toFixed(1)} min: ${taken.rotations} rotations, ` +
          `heap ${(taken.heapBytes / 1e6).toFixed(2)} MB, ${taken.liveTimers} live timers`,
      )
    }

    const screen = await page.evaluate(() => document.body.dataset.screen)
    report({ samples, failed: failedRefreshes(), refreshFailedNotices, errors, screen })
  } finally {
    await browser.close()
    await server.close()
    await sandbox.close()
  }
}

function report(result: {
  samples: readonly Sample[]
  failed: number
  refreshFailedNotices: number
  errors: readonly string[]
  screen: string | undefined
}): void {
  const { samples } = result
  const first = samples[0]
  const last = samples[samples.length - 1]
  if (first === undefined || last === undefined) throw new Error('no samples taken')

  // The first sample is the baseline: the app has settled and been through several rotations.
  const heapGrowth = (last.heapBytes - first.heapBytes) / first.heapBytes
  const timersNow = Math.max(...samples.slice(-3).map((s) => s.liveTimers))
  const timersAtStart = Math.max(...samples.slice(0, 3).map((s) => s.liveTimers))
  const checks: [string, boolean][] = [
    [`rotations ${last.rotations} >= ${MIN_ROTATIONS}`, last.rotations >= MIN_ROTATIONS],
    [`failed refreshes ${result.failed} = 0`, result.failed === 0],
    [
      `"refresh failed" notices ${result.refreshFailedNotices} = 0`,
      result.refreshFailedNotices === 0,
    ],
    [`heap growth ${(heapGrowth * 100).toFixed(1)} % < 10 %`, heapGrowth < MAX_HEAP_GROWTH],
    [`live timers ${timersAtStart} -> ${timersNow}, no growth`, timersNow <= timersAtStart],
    [`uncaught errors ${result.errors.length} = 0`, result.errors.length === 0],
    [`still signed in (${String(result.screen)})`, result.screen === 'signed-in'],
  ]

  console.log(`\nSoak of ${MINUTES} min with ${TOKEN_LIFETIME_S} s access tokens:`)
  for (const [line, ok] of checks) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${line}`)
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1
}

await main()
