/**
 * The project's poller and the `trakt.tv` npm package's, side by side in Node on one
 * scenario: the sandbox answers the third poll with a slow-down (429), and the person
 * approves a few seconds in. Trakt's rules say keep polling, slower; the question is whether
 * each poller gets the tokens, and with how many requests.
 */
import { createRequire } from 'node:module'
import { DeviceCodePoller } from '../src/auth/poller'
import { TraktClient } from '../src/trakt/client'
import { startSandbox, type Sandbox } from '../sandbox/index'

/** The scenario: a 1 s interval, the 429 on the third poll, approval 5.5 s after the code. */
const INTERVAL_S = 1
const SLOW_DOWN_ON_POLL = 3
const APPROVE_AFTER_MS = 5_500
/** Longer than any sane ending of the scenario: 3 polls, +5 s, one more. */
const GIVE_UP_AFTER_MS = 30_000

/** How one poller fared. */
export interface PollerResult {
  readonly name: string
  /** Whether it came back with an access token. */
  readonly completed: boolean
  /** Device-token requests it sent. */
  readonly requests: number
  /** How it ended, in a few words. */
  readonly ending: string
}

/** Runs the scenario for each poller, each against a sandbox of its own. */
export async function comparePollers(): Promise<readonly PollerResult[]> {
  return [
    await runScenario('project DeviceCodePoller', pollWithProject),
    await runScenario('trakt.tv 8.2.0 poll_access', pollWithTraktTv),
  ]
}

type Poll = (sandbox: Sandbox) => Promise<{ completed: boolean; ending: string }>

async function runScenario(name: string, poll: Poll): Promise<PollerResult> {
  const sandbox = await startSandbox({ port: 0, interval: INTERVAL_S, expiresIn: 120 })
  const polls = () => sandbox.requests().filter((r) => r.path === '/oauth/device/token').length
  let stop = false

  // Plays the network and the person: a 429 for the third poll, approval at its moment.
  const scenario = (async () => {
    const started = Date.now()
    let injected = false
    let approved = false
    while (!stop) {
      if (!injected && polls() === SLOW_DOWN_ON_POLL - 1) {
        sandbox.inject('/oauth/device/token', { kind: 'status', status: 429 })
        injected = true
      }
      const code = sandbox.issuedCodes()[0]
      if (!approved && code !== undefined && Date.now() - started >= APPROVE_AFTER_MS) {
        sandbox.approve(code)
        approved = true
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  })()

  try {
    const outcome = await withTimeout(poll(sandbox), GIVE_UP_AFTER_MS)
    return { name, ...outcome, requests: polls() }
  } finally {
    stop = true
    await scenario
    await sandbox.close()
  }
}

async function pollWithProject(sandbox: Sandbox): Promise<{ completed: boolean; ending: string }> {
  const client = new TraktClient({
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    oauthUrl: sandbox.url,
    apiUrl: sandbox.url,
  })
  const code = await client.requestDeviceCode()
  const outcome = await new DeviceCodePoller(code, { api: client }).start()
  return { completed: outcome.kind === 'approved', ending: outcome.kind }
}

/** The package's documented use: `get_codes()`, then `poll_access(codes)`. */
interface TraktTv {
  get_codes(): Promise<Record<string, unknown>>
  poll_access(codes: Record<string, unknown>): Promise<{ access_token?: string }>
}

async function pollWithTraktTv(sandbox: Sandbox): Promise<{ completed: boolean; ending: string }> {
  const require = createRequire(import.meta.url)
  const Trakt = require('trakt.tv') as new (settings: Record<string, string>) => TraktTv
  const trakt = new Trakt({
    client_id: sandbox.clientId,
    client_secret: sandbox.clientSecret,
    api_url: sandbox.url,
  })
  const codes = await trakt.get_codes()

  try {
    const tokens = await trakt.poll_access(codes)
    return { completed: typeof tokens.access_token === 'string', ending: 'approved' }
  } catch (error) {
    const status = (error as { response?: { statusCode?: number } }).response?.statusCode
    return { completed: false, ending: `rejected on HTTP ${status ?? String(error)}` }
  }
}

function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
): Promise<T | { completed: false; ending: string }> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<{ completed: false; ending: string }>((resolve) => {
    timer = setTimeout(() => resolve({ completed: false, ending: `no ending after ${ms} ms` }), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
