/**
 * One pairing approved at a random moment: how long the person waits between approving on
 * the phone and the frame that shows them signed in, how many polls the app sent against
 * the fewest that could have seen the approval, and the long frames of the change.
 */
import type { Browser } from 'playwright-core'
import type { Sandbox } from '../sandbox/index'
import { openPage, readProbe, recordFrames, waitForFrame } from './browser'
import type { BuildServer } from './build-server'

/** A frame longer than this is a visible stutter. */
export const LONG_FRAME_MS = 50

/** How long frames are recorded on the waiting screen before approval, as a baseline. */
const BASELINE_MS = 1_000

/** How long frames are still watched after the signed-in screen first shows. */
const AFTER_CHANGE_MS = 1_000

// LIMITATION: the signed-in frame is the first animation frame after the app mirrors the
// screen on `<body>`, not a check of the pixels; comparing screenshots frame by frame would be
// exact but would itself slow the page down.

/** What one approval measured. */
export interface ApprovalSample {
  /** From `approve()` in the sandbox to the first frame of the signed-in screen. */
  readonly latencyMs: number
  /** Device-token requests the app sent for this code. */
  readonly polls: number
  /** The fewest polls, one per interval from the code's arrival, that see the approval. */
  readonly leastPolls: number
  /** Frames over {@link LONG_FRAME_MS} from approval to a second after the change. */
  readonly longFrames: number
  /** Frames over {@link LONG_FRAME_MS} in the second before approval, on the waiting screen. */
  readonly idleLongFrames: number
  /** When approval came and each poll arrived, in ms after the device-code request, with its status. */
  readonly timeline: string
}

/**
 * Opens the app, waits for its user code, approves it at a random moment of the interval
 * after the first one (so that the approval falls anywhere between two polls), and measures.
 */
export async function measureApproval(
  browser: Browser,
  server: BuildServer,
  sandbox: Sandbox,
): Promise<ApprovalSample> {
  const intervalMs = sandbox.config.interval * 1000
  const bench = await openPage(browser, server.url, [
    { name: 'userCode' },
    { name: 'screen', value: 'signed-in' },
  ])

  try {
    await waitForFrame(bench.page, 'userCode', 60_000)
    const userCode = await bench.page.evaluate(() => document.body.dataset.userCode ?? '')
    const codeIssuedAt = lastRequestTime(sandbox, '/oauth/device/code')

    // The last second before approval is the baseline: long frames of the waiting screen.
    await bench.page.waitForTimeout(intervalMs + Math.random() * intervalMs - BASELINE_MS)
    await recordFrames(bench.page, true)
    await bench.page.waitForTimeout(BASELINE_MS)
    const { gaps: baseline } = await readProbe(bench.page)
    const approvedAt = Date.now()
    sandbox.approve(userCode)

    await waitForFrame(bench.page, 'screen', intervalMs * 2 + 30_000)
    await bench.page.waitForTimeout(AFTER_CHANGE_MS)
    await recordFrames(bench.page, false)
    const probe = await readProbe(bench.page)

    if (bench.errors.length > 0) throw new Error(`The page threw:\n${bench.errors.join('\n')}`)
    const polls = sandbox
      .requests()
      // The browser's CORS preflights (OPTIONS) are recorded too; only the POSTs are polls.
      .filter(
        (request) =>
          request.method === 'POST' &&
          request.path === '/oauth/device/token' &&
          request.time >= codeIssuedAt,
      )
    return {
      latencyMs: (probe.wallAt.screen ?? NaN) - approvedAt,
      polls: polls.length,
      leastPolls: Math.ceil((approvedAt - codeIssuedAt) / intervalMs),
      longFrames: probe.gaps.slice(baseline.length).filter((gap) => gap > LONG_FRAME_MS).length,
      idleLongFrames: baseline.filter((gap) => gap > LONG_FRAME_MS).length,
      timeline: [
        `approved ${approvedAt - codeIssuedAt}`,
        ...polls.map((poll) => `${poll.time - codeIssuedAt}:${poll.status}`),
      ].join(' '),
    }
  } finally {
    await bench.close()
  }
}

function lastRequestTime(sandbox: Sandbox, path: string): number {
  const matching = sandbox
    .requests()
    .filter((request) => request.method === 'POST' && request.path === path)
  const last = matching[matching.length - 1]
  if (last === undefined) throw new Error(`The app sent no ${path}`)
  return last.time
}
