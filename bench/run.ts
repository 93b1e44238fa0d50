/**
 * `npm run bench`: builds the production app and a bare Lightning app, measures both in
 * throttled headless Chromium against the sandbox, compares the device-code pollers, prints
 * the table and writes `bench/results.json` and `docs/benchmarks.md`.
 *
 * Options: `--runs N` cold starts per build (5), `--approvals N` pairings per interval (8),
 * `--from-results` to rewrite `docs/benchmarks.md` from `bench/results.json` without measuring.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { format, resolveConfig } from 'prettier'
import { ensureDist } from '../scripts/lib/dist-build'
import { startSandbox } from '../sandbox/index'
import { measureApproval, type ApprovalSample } from './approval-run'
import { BARE_READY_ATTRIBUTE, buildBareApp } from './bare-app'
import { CPU_SLOWDOWN, launchBrowser } from './browser'
import { startBuildServer, type ByteCounts } from './build-server'
import { comparePollers } from './poller-compare'
import {
  benchmarksDoc,
  markdownTable,
  ownFigure,
  pollerTable,
  ratioFigure,
  type Figure,
  type Results,
} from './report'
import { measureStartup, type StartupSample } from './startup-run'
import { median, percentile, round } from './stats'

/** Trakt's usual interval for the startup runs; the approvals try 1 s and 5 s. */
const STARTUP_INTERVAL_S = 5
const APPROVAL_INTERVALS_S = [1, 5] as const
/** What an approval may add to the interval at p95. */
const APPROVAL_MARGIN_MS = 250
const MAX_TOTAL_BYTES = 200_000
const RESULTS_PATH = join('bench', 'results.json')
const DOC_PATH = join('docs', 'benchmarks.md')

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    approvals: { type: 'string', default: '8' },
    'from-results': { type: 'boolean', default: false },
  },
})

if (options['from-results']) {
  const saved = JSON.parse(readFileSync(RESULTS_PATH, 'utf8')) as Results
  await writeFormatted(DOC_PATH, benchmarksDoc(saved))
  console.info(`${markdownTable(saved.figures)}\n\nWrote ${DOC_PATH} from ${RESULTS_PATH}`)
  process.exit(0)
}

const runs = Number(options.runs)
const approvals = Number(options.approvals)
const loadAtStart = round(loadavg()[0] ?? 0, 1)

console.info('Building the production app (npm run dist, when stale) and the bare app…')
const appRoot = snapshot(ensureDist('es6'))
const bareRoot = buildBareApp()

const sandbox = await startSandbox({ port: 0, interval: STARTUP_INTERVAL_S, expiresIn: 600 })
const trakt = {
  clientId: sandbox.clientId,
  clientSecret: sandbox.clientSecret,
  oauthUrl: sandbox.url,
  apiUrl: sandbox.url,
}
const appServer = await startBuildServer({ root: appRoot, trakt })
const bareServer = await startBuildServer({ root: bareRoot })
const browser = await launchBrowser()

const appStarts: StartupSample[] = []
const bareStarts: StartupSample[] = []
const approvalSamples = new Map<number, ApprovalSample[]>()
try {
  for (let run = 1; run <= runs; run++) {
    console.info(`Cold start ${run}/${runs}: app, then bare app`)
    appStarts.push(await measureStartup(browser, appServer, { name: 'userCode' }))
    bareStarts.push(await measureStartup(browser, bareServer, { name: BARE_READY_ATTRIBUTE }))
  }

  for (const interval of APPROVAL_INTERVALS_S) {
    sandbox.config.interval = interval
    const samples: ApprovalSample[] = []
    for (let run = 1; run <= approvals; run++) {
      console.info(`Approval ${run}/${approvals} at a ${interval} s interval`)
      samples.push(await measureApproval(browser, appServer, sandbox))
    }
    approvalSamples.set(interval, samples)
  }
} finally {
  await browser.close()
  await appServer.close()
  await bareServer.close()
  await sandbox.close()
}

console.info('Pollers under one slow-down: the project’s, then trakt.tv’s')
const pollers = await comparePollers()

const figures = [...startupFigures(appStarts, bareStarts), ...approvalFigures(approvalSamples)]
const results: Results = {
  machine: {
    date: new Date().toISOString().slice(0, 10),
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    memoryGb: round(totalmem() / 1e9, 1),
    os: `Linux ${release()}`,
    node: process.versions.node,
    chromium: await chromiumVersion(),
    loadAtStart,
    loadAtEnd: round(loadavg()[0] ?? 0, 1),
    cpuSlowdown: CPU_SLOWDOWN,
    startupRuns: runs,
    approvalsPerInterval: approvals,
  },
  figures,
  pollers,
}

await writeFormatted(RESULTS_PATH, JSON.stringify(results, null, 2))
await writeFormatted(DOC_PATH, benchmarksDoc(results))
console.info(`\n${markdownTable(figures)}\n\n${pollerTable(pollers)}\n`)
console.info('Wrote bench/results.json and docs/benchmarks.md')

/** Writes a generated file as Prettier would, so `npm run lint` accepts it as generated. */
async function writeFormatted(path: string, text: string): Promise<void> {
  const config = (await resolveConfig(path)) ?? {}
  writeFileSync(path, await format(text, { ...config, filepath: path }))
}

/**
 * Copies a build away, so a rebuild by someone else cannot change it mid-run.
 *
 * LIMITATION: `ensureDist` builds from the working tree, so uncommitted changes to `src/` are
 * measured too, and the copies and the bare app stay in the temporary folder after the run;
 * building from a clean checkout of HEAD in that folder, then removing it, would fix both.
 */
function snapshot(folder: string): string {
  const copy = join(mkdtempSync(join(tmpdir(), 'trakt-bench-app-')), 'es6')
  cpSync(folder, copy, { recursive: true })
  return copy
}

function startupFigures(app: readonly StartupSample[], bare: readonly StartupSample[]): Figure[] {
  const kb = (samples: readonly StartupSample[], pick: (bytes: ByteCounts) => number) =>
    median(samples.map((sample) => pick(sample.bytes))) / 1000
  const total = (bytes: ByteCounts) => bytes.js + bytes.fonts + bytes.images + bytes.other
  const appTotal = kb(app, total)

  return [
    ratioFigure(
      'JS transferred',
      'kB',
      kb(app, (b) => b.js),
      kb(bare, (b) => b.js),
      1.3,
    ),
    ratioFigure(
      'Fonts transferred',
      'kB',
      kb(app, (b) => b.fonts),
      kb(bare, (b) => b.fonts),
      undefined,
    ),
    ratioFigure(
      'Images transferred',
      'kB',
      kb(app, (b) => b.images),
      kb(bare, (b) => b.images),
      undefined,
    ),
    ratioFigure(
      'Other transferred',
      'kB',
      kb(app, (b) => b.other),
      kb(bare, (b) => b.other),
      undefined,
    ),
    {
      ...ratioFigure('Everything transferred', 'kB', appTotal, kb(bare, total), undefined),
      target: `< ${MAX_TOTAL_BYTES / 1000} kB`,
      met: appTotal * 1000 < MAX_TOTAL_BYTES,
    },
    ratioFigure(
      'Time to code visible (bare: first frame with text)',
      'ms',
      median(app.map((s) => s.firstFrameMs)),
      median(bare.map((s) => s.firstFrameMs)),
      1.5,
    ),
    ratioFigure(
      'Idle main thread on the pairing screen',
      'ms/s',
      median(app.map((s) => s.idleBusyMsPerS)),
      median(bare.map((s) => s.idleBusyMsPerS)),
      1.5,
    ),
    ratioFigure(
      'JS heap after the screen settles',
      'MB',
      median(app.map((s) => s.heapBytes)) / 1e6,
      median(bare.map((s) => s.heapBytes)) / 1e6,
      1.5,
    ),
  ]
}

function approvalFigures(
  samplesByInterval: ReadonlyMap<number, readonly ApprovalSample[]>,
): Figure[] {
  const figures: Figure[] = []
  const all: ApprovalSample[] = []

  for (const [interval, samples] of samplesByInterval) {
    all.push(...samples)
    const latencies = samples.map((sample) => sample.latencyMs)
    const limit = interval * 1000 + APPROVAL_MARGIN_MS
    const p95 = percentile(latencies, 95)
    figures.push(
      ownFigure(
        `Approval to signed in, ${interval} s interval, p50`,
        'ms',
        percentile(latencies, 50),
        undefined,
        null,
      ),
      ownFigure(
        `Approval to signed in, ${interval} s interval, p95`,
        'ms',
        p95,
        `≤ ${limit} ms`,
        p95 <= limit,
        `samples ${latencies.map((ms) => round(ms)).join(', ')} ms`,
      ),
    )
  }

  const extra = all.map((sample) => sample.polls - sample.leastPolls)
  const exact = extra.filter((n) => n === 0).length
  figures.push(
    ownFigure(
      'Device-token requests over the least possible, worst pairing',
      'requests',
      Math.max(...extra),
      '0 in every pairing',
      extra.every((n) => n === 0),
      `${exact} of ${all.length} pairings exactly at the least; sent − least per pairing: ${extra.join(', ')}; worst: ${worstTimeline(all)}`,
    ),
    ownFigure(
      'Long frames (> 50 ms) in the change to signed in, worst pairing',
      'frames',
      Math.max(...all.map((sample) => sample.longFrames)),
      '0',
      all.every((sample) => sample.longFrames === 0),
      `per pairing: ${all.map((sample) => sample.longFrames).join(', ')}; in the second before ` +
        `approval, on the unchanging waiting screen: ${all.map((s) => s.idleLongFrames).join(', ')}`,
    ),
  )
  return figures
}

/** The poll timeline of the pairing furthest from the least, to show why. */
function worstTimeline(samples: readonly ApprovalSample[]): string {
  const worst = [...samples].sort(
    (a, b) => Math.abs(b.polls - b.leastPolls) - Math.abs(a.polls - a.leastPolls),
  )[0]
  return worst === undefined ? 'none' : `(${worst.timeline})`
}

async function chromiumVersion(): Promise<string> {
  const browser = await launchBrowser()
  const version = browser.version()
  await browser.close()
  return version
}
