/**
 * The reliability report: each fault, security and monkey scenario records its outcome under
 * `artifacts/reliability/`; `npx tsx test/e2e/reliability-report.ts` prints them as the
 * Markdown table and figures of `docs/reliability.md`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** Where the test files write their outcomes, one JSON file per test file. */
export const REPORT_DIR = join('artifacts', 'reliability')

/** How one scenario ended. */
export interface ScenarioOutcome {
  readonly name: string
  readonly expected: string
  readonly result: 'passed' | 'failed'
  readonly uncaughtErrors: number
  readonly secretsLeaked: number
  readonly sessionsLost: number
}

/** The Markdown table and the totals of every recorded outcome. */
export function renderReport(files: ReadonlyMap<string, readonly ScenarioOutcome[]>): string {
  const lines = ['| file | scenario | expected end state | result |', '|---|---|---|---|']
  let passed = 0
  let total = 0
  let errors = 0
  let leaks = 0
  let lost = 0

  for (const [file, outcomes] of files) {
    for (const outcome of outcomes) {
      lines.push(`| ${file} | ${outcome.name} | ${outcome.expected} | ${outcome.result} |`)
      total++
      if (outcome.result === 'passed') passed++
      errors += outcome.uncaughtErrors
      leaks += outcome.secretsLeaked
      lost += outcome.sessionsLost
    }
  }

  lines.push(
    '',
    `Scenarios passed: ${passed} of ${total}. Sessions lost: ${lost}. ` +
      `Secrets leaked: ${leaks}. Uncaught errors: ${errors}.`,
  )
  return lines.join('\n')
}

function readOutcomes(): Map<string, ScenarioOutcome[]> {
  const files = new Map<string, ScenarioOutcome[]>()
  if (!existsSync(REPORT_DIR)) return files
  for (const name of readdirSync(REPORT_DIR).sort()) {
    if (!name.endsWith('.json')) continue
    const outcomes = JSON.parse(readFileSync(join(REPORT_DIR, name), 'utf8')) as ScenarioOutcome[]
    files.set(name.replace(/\.json$/, ''), outcomes)
  }
  return files
}

const entry = process.argv[1]
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  console.log(renderReport(readOutcomes()))
}
