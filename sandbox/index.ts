/**
 * `startSandbox`: a local stand-in for Trakt's device flow, for tests, demos and `npm start`.
 *
 * ```ts
 * const sandbox = await startSandbox({ port: 0, interval: 1 })
 * // point the app at sandbox.url, read sandbox.issuedCodes(), then:
 * sandbox.approve(sandbox.issuedCodes()[0]!)
 * await sandbox.close()
 * ```
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { networkInterfaces } from 'node:os'
import { resolveConfig, systemClock, type SandboxConfig, type SandboxOptions } from './config'
import { Faults, type Fault } from './faults'
import { SandboxHttp } from './http'
import { RequestRecord, type RecordedRequest } from './record'
import { TraktState } from './state'

export type { Fault } from './faults'
export type { RecordedRequest } from './record'
export type { AllowedOrigins, AvatarMode, Clock, SandboxConfig, SandboxOptions } from './config'
export { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from './config'
export { ENDPOINTS, type Endpoint } from './trakt-endpoints'
export { ACTIVATE_PATH } from './activation-page'

/** A running sandbox and the handles tests use to play the person and the network. */
export interface Sandbox {
  /** Base URL of both the OAuth and the API calls, without a trailing slash. */
  readonly url: string
  /** The activation page people open, `<url>/activate`. */
  readonly activationUrl: string
  readonly host: string
  readonly port: number
  readonly clientId: string
  readonly clientSecret: string
  /** Read on every request: changing a lifetime applies to codes and tokens issued after. */
  readonly config: SandboxConfig
  /** The person approves a user code; throws when it is unknown, expired or answered. */
  approve(userCode: string): void
  /** The person declines a user code; throws when it is unknown, expired or answered. */
  decline(userCode: string): void
  /** The next `count` requests to `endpoint` (a path such as `/oauth/device/token`) get `fault`. */
  inject(endpoint: string, fault: Fault, count?: number): void
  /** Every request is dropped for `ms` milliseconds on the sandbox clock; 0 ends it. */
  setUnreachable(ms: number): void
  /** Every request received so far, masked. */
  requests(): readonly RecordedRequest[]
  /** Every secret issued or received so far, for leak checks. */
  secrets(): readonly string[]
  /** Makes a user code expired now; throws when it is unknown. */
  expireCode(userCode: string): void
  /** Makes every access token issued so far expired now. */
  expireAccessTokens(): void
  /** Every user code issued, oldest first. */
  issuedCodes(): readonly string[]
  close(): Promise<void>
}

/** Starts a sandbox on `127.0.0.1` (unless told otherwise) and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const config = resolveConfig(options)
  const clock = options.clock ?? systemClock
  const record = new RequestRecord()
  record.addSecret(config.clientSecret)
  const state = new TraktState(config, clock, (secret) => record.addSecret(secret))
  const faults = new Faults(clock)

  let publicUrl = ''
  const http = new SandboxHttp({ config, state, faults, record, clock, publicUrl: () => publicUrl })
  const server = createServer(http.listener)
  const host = options.host ?? '127.0.0.1'
  await listen(server, host, options.port ?? 0)
  const { port } = server.address() as AddressInfo
  publicUrl = trimSlash(options.publicUrl ?? `http://${reachableHost(host)}:${port}`)

  const answer = (userCode: string, decision: 'approved' | 'declined'): void => {
    const outcome = state.answer(userCode, decision)
    if (outcome !== decision) throw new Error(`cannot answer user code ${userCode}: ${outcome}`)
  }

  return {
    url: publicUrl,
    activationUrl: `${publicUrl}/activate`,
    host,
    port,
    get clientId() {
      return config.clientId
    },
    get clientSecret() {
      return config.clientSecret
    },
    config,
    approve: (userCode) => answer(userCode, 'approved'),
    decline: (userCode) => answer(userCode, 'declined'),
    inject: (endpoint, fault, count) => faults.inject(endpoint, fault, count),
    setUnreachable: (ms) => faults.setUnreachable(ms),
    requests: () => record.requests(),
    secrets: () => record.secrets(),
    expireCode: (userCode) => {
      if (!state.expireCode(userCode)) throw new Error(`unknown user code ${userCode}`)
    },
    expireAccessTokens: () => state.expireAccessTokens(),
    issuedCodes: () => state.issuedCodes(),
    close: () => {
      http.dispose()
      return closeServer(server)
    },
  }
}

/** Whether `host` is reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}

/**
 * The address others use for a bound host: a LAN address for "every interface", so the
 * verification URL works from a phone.
 */
function reachableHost(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host.includes(':') ? `[${host}]` : host

  const lan = Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .find((address) => address.family === 'IPv4' && !address.internal)
  return lan?.address ?? '127.0.0.1'
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
}
