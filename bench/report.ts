/**
 * The benchmark's results as figures against their targets: the table printed to the
 * terminal, `bench/results.json`, and `docs/benchmarks.md`, which the README links.
 */
import { round } from './stats'
import type { PollerResult } from './poller-compare'
import { SETTLE_MS } from './startup-run'

/** One measured figure, the bare app's where one applies, and its target. */
export interface Figure {
  readonly name: string
  readonly unit: string
  readonly app: number
  /** The bare Lightning app's value, or `null` where it has none. */
  readonly bare: number | null
  /** `app / bare`, or `null` without a bare value. */
  readonly ratio: number | null
  /** The target in words, e.g. `≤ 1.3 × bare`; `—` for figures quoted without one. */
  readonly target: string
  /** Whether the target is met; `null` for figures quoted without one. */
  readonly met: boolean | null
  /** What the figure is made of, when the bare numbers do not say it. */
  readonly note?: string
}

/** Where and when the benchmark ran. */
export interface Machine {
  readonly date: string
  readonly cpu: string
  readonly cores: number
  readonly memoryGb: number
  readonly os: string
  readonly node: string
  readonly chromium: string
  /** 1-minute load averages when the benchmark started and ended. */
  readonly loadAtStart: number
  readonly loadAtEnd: number
  readonly cpuSlowdown: number
  readonly startupRuns: number
  readonly approvalsPerInterval: number
}

/** Everything one run of the benchmark wrote. */
export interface Results {
  readonly machine: Machine
  readonly figures: readonly Figure[]
  readonly pollers: readonly PollerResult[]
}

/** A figure against a ratio of the bare app's value. */
export function ratioFigure(
  name: string,
  unit: string,
  app: number,
  bare: number,
  maxRatio: number | undefined,
  note?: string,
): Figure {
  const ratio = bare > 0 ? app / bare : null
  return {
    name,
    unit,
    app,
    bare,
    ratio,
    target: maxRatio === undefined ? '—' : `≤ ${maxRatio} × bare`,
    met: maxRatio === undefined || ratio === null ? null : ratio <= maxRatio,
    ...(note === undefined ? {} : { note }),
  }
}

/** A figure of the app alone against an absolute target (`met` decided by the caller). */
export function ownFigure(
  name: string,
  unit: string,
  app: number,
  target: string | undefined,
  met: boolean | null,
  note?: string,
): Figure {
  return {
    name,
    unit,
    app,
    bare: null,
    ratio: null,
    target: target ?? '—',
    met: target === undefined ? null : met,
    ...(note === undefined ? {} : { note }),
  }
}

/** The table as Markdown, as printed and as written to `docs/benchmarks.md`. */
export function markdownTable(figures: readonly Figure[]): string {
  const rows = figures.map((figure) => {
    const cells = [
      figure.name,
      `${show(figure.app)} ${figure.unit}`,
      figure.bare === null ? '—' : `${show(figure.bare)} ${figure.unit}`,
      figure.ratio === null ? '—' : `${round(figure.ratio, 2).toFixed(2)} ×`,
      figure.target,
      figure.met === null ? '—' : figure.met ? 'met' : '**missed**',
    ]
    return `| ${cells.join(' | ')} |`
  })
  return [
    '| figure | app | bare app | ratio | target | |',
    '|---|---:|---:|---:|---|---|',
    ...rows,
  ].join('\n')
}

/** The poller comparison as Markdown. */
export function pollerTable(pollers: readonly PollerResult[]): string {
  return [
    '| poller | completes | device-token requests | how it ended |',
    '|---|---|---:|---|',
    ...pollers.map(
      (p) => `| ${p.name} | ${p.completed ? 'yes' : 'no'} | ${p.requests} | ${p.ending} |`,
    ),
  ].join('\n')
}

/**
 * Why a figure misses its target, from profiling cold starts and reading the build (see the
 * benchmark's history); shown in the document only while the figure misses.
 */
const CAUSES: ReadonlyArray<readonly [string, string]> = [
  [
    'JS transferred',
    "the app bundle is about 26 kB gzip larger than the bare one (the app's own code about " +
      '17 kB; `qrcode` about 9 kB, of which about 1.6 kB are its canvas and SVG renderers the ' +
      'app does not call), and the es6 build loads the 6 kB AbortController polyfill on every ' +
      'engine although only Safari 12.0–12.1 among its targets needs it. Loading the polyfill ' +
      'only where `AbortController` is missing or does not abort `fetch` brings the ratio to ' +
      'about 1.27; importing `qrcode/lib/core/qrcode` instead of `qrcode` saves 1.6 kB more.',
  ],
  [
    'Time to code visible',
    'the app cannot show a code before a device-code round trip. It now loads its fonts in ' +
      'parallel, sends the device-code request right after `Launch` (while the fonts load), ' +
      'builds only the pairing screen at start and rasterises the QR code by rows; on loopback ' +
      'the request is over before the app is built, so what remains, in a traced cold start ' +
      '(6× slower CPU), is a task of about 450 ms in which `Launch` builds the stage, then about ' +
      '1 s of long tasks between building the app and the first pairing frame: building and ' +
      'filling the pairing screen, QR mask selection included (`qrcode` tries all eight masks, ' +
      'about 150 ms), then drawing about fifteen text textures and the QR code in one frame. ' +
      'Showing the QR code a frame after the user code would cut that frame at a cost to the ' +
      'design.',
  ],
  [
    'Idle main thread',
    'the pairing screen redraws its countdown text once a second (a new text texture each ' +
      "time) and polls once an interval; the bare app only runs Lightning's frame loop. The " +
      'margin is small: the figure moves by more than that between runs on a busy machine.',
  ],
  [
    'Approval to signed in',
    'the poller waits a whole interval after each answer, not after each send, so with a 6× ' +
      'slower CPU its polls drift apart (1.1–1.3 s at a 1 s interval), and its first poll ' +
      'waits behind the first render of the pairing screen; after approval come ' +
      '`/users/settings` and the signed-in render. Spacing from the send was tried and ' +
      'reverted: Trakt measures the gap where requests arrive, a CORS preflight before one ' +
      'poll and not the next brought two polls closer than the interval, and the fault suite ' +
      'met a 429 (5 s more for good). The drift is the price of never polling too fast.',
  ],
  [
    'Device-token requests',
    'the app never sends more polls than the least; where it sends fewer, its polls drifted ' +
      'later than the interval (see the approval cause), which costs latency instead.',
  ],
  [
    'Long frames',
    'compare with the long frames of the second before approval in the note: on this machine ' +
      'with the CPU slowed 6× the unchanging waiting screen has long frames too (its one ' +
      'countdown redraw a second), so nearly every frame that draws something is over 50 ms ' +
      'and the count is mostly how many frames the change draws: the signed-in texts, the ' +
      "profile's arrival (name, avatar), the first button's 0.15 s focus animation and the " +
      "avatar's 0.2 s fade-in. Building the signed-in screen while the code is read did not " +
      'lower it, nor did drawing its fixed texts in advance (tried, counts unchanged).',
  ],
]

/** The whole of `docs/benchmarks.md`. */
export function benchmarksDoc(results: Results): string {
  const { machine } = results
  const notes = results.figures
    .filter((figure) => figure.note !== undefined)
    .map((figure) => `- **${figure.name}**: ${figure.note ?? ''}`)
  const causes = CAUSES.filter(([prefix]) =>
    results.figures.some((figure) => figure.met === false && figure.name.startsWith(prefix)),
  ).map(([prefix, cause]) => `- **${prefix}**: ${cause}`)

  return `# Benchmarks

Generated by \`npm run bench\` (\`bench/run.ts\`); do not edit by hand. The same figures are in
\`bench/results.json\`.

The production build (\`npm run dist\`, \`dist/es6\`) and a bare Lightning TypeScript app (one
screen, one line of text, the app's font, built by the same \`lng dist --es6\` with minification)
run in headless Chromium with the CPU slowed down ${machine.cpuSlowdown} × through the DevTools
protocol, against the Trakt sandbox on loopback. Startup figures are medians of
${machine.startupRuns} cold starts each; approval figures come from ${machine.approvalsPerInterval}
pairings per interval, approved at a random moment between two polls.

## Machine

${machine.date}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os},
Node ${machine.node}, Chromium ${machine.chromium}. Load average ${machine.loadAtStart} at the start
and ${machine.loadAtEnd} at the end: timing figures are noisy on a busy machine, byte counts are not.

## Results

${markdownTable(results.figures)}

## The poller under one slow-down

Node, the sandbox at a 1 s interval, a 429 on the third poll, approval 5.5 s after the code.
Trakt's rule is to keep polling, 5 s slower, after a 429.

${pollerTable(results.pollers)}

## What the figures are

- Bytes are response bodies as sent, gzip for text (the build server compresses like a web
  host; fonts and images are sent as they are), from navigation until the first screen has
  settled (${SETTLE_MS / 1000} s after it shows), sandbox answers included under "other". 1 kB = 1000 bytes.
- Time to code visible: from navigation to the first animation frame after the app mirrors the
  user code on \`<body data-user-code>\`; for the bare app, the first frame after its one
  component is initialised (its fonts are loaded by then, as the app's are).
- Idle main thread: DevTools \`TaskDuration\` over 10 s on the waiting pairing screen (the bare
  app's only screen), per second.
- Heap: \`Runtime.getHeapUsage\` after \`HeapProfiler.collectGarbage\`, after the idle window.
- Approval to signed in: from \`approve()\` in the sandbox to the first frame after the app
  mirrors \`data-screen="signed-in"\`; nearest-rank percentiles.
- Device-token requests: per pairing, the requests the sandbox received against
  ceil(time from the device-code request to approval / interval).
- Long frames: gaps over 50 ms between animation frames from approval until 1 s after the
  signed-in screen first shows.
${notes.length > 0 ? `\n## Notes\n\n${notes.join('\n')}\n` : ''}${
    causes.length > 0 ? `\n## Why targets are missed\n\n${causes.join('\n')}\n` : ''
  }`
}

function show(value: number): string {
  if (!isFinite(value)) return 'n/a'
  if (Math.abs(value) >= 100) return String(round(value))
  return String(round(value, 1))
}
