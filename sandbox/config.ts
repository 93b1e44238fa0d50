/**
 * What a sandbox can be told: credentials, lifetimes, the interface it binds, which browser
 * origins may call it, how its user looks, and the clock it reads.
 */

/** Where the sandbox reads the time, in milliseconds; tests hand in one they move by hand. */
export interface Clock {
  now(): number
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => Date.now() }

/**
 * How the user's avatar behaves on `/users/settings`: a small image served by the sandbox,
 * no avatar at all, or a URL that answers 404.
 */
export type AvatarMode = 'served' | 'none' | 'broken'

/** The person signed in to the sandbox, as `/users/settings` and the activation page show. */
export interface SandboxUserOptions {
  readonly username: string
  readonly name: string | null
  readonly vip: boolean
  readonly avatar: AvatarMode
}

/**
 * Browser origins allowed to read answers: `'loopback'` (any `http://127.0.0.1:*` or
 * `http://localhost:*`), `'*'`, or an exact list such as `['http://192.168.1.20:8080']`.
 */
export type AllowedOrigins = 'loopback' | '*' | readonly string[]

/** The settings a running sandbox reads on every request; lifetimes may change while it runs. */
export interface SandboxConfig {
  clientId: string
  clientSecret: string
  /** Lifetime of a new device code, in whole seconds. */
  expiresIn: number
  /** Minimum whole seconds between two polls of one device code. */
  interval: number
  /** How much sooner than `interval` a poll may arrive and still count, in milliseconds. */
  intervalToleranceMs: number
  /** Lifetime of a new access token, in seconds. */
  tokenLifetime: number
  origins: AllowedOrigins
  /** When false, answers other than 2xx carry no CORS headers, as Trakt's edge has done. */
  corsOnErrors: boolean
  user: SandboxUserOptions
}

/** Options of `startSandbox`: any part of the configuration, plus where to listen. */
export interface SandboxOptions extends Partial<Omit<SandboxConfig, 'user'>> {
  /** Interface to bind; `127.0.0.1` unless a caller asks for more. */
  readonly host?: string
  /** Port to bind; 0 picks a free one. */
  readonly port?: number
  /**
   * Base URL people and apps reach the sandbox at, used in `verification_url` and the avatar
   * URL; by default the bound address (a LAN address when bound to every interface).
   */
  readonly publicUrl?: string
  readonly user?: Partial<SandboxUserOptions>
  readonly clock?: Clock
}

/** Development client id: the sandbox accepts it, and it guards nothing. */
export const SANDBOX_CLIENT_ID = 'sandbox-client-id'
/** Development client secret: not a secret, though leak checks still look for it. */
export const SANDBOX_CLIENT_SECRET = 'sandbox-client-secret'

/** The sandbox user unless told otherwise. */
export const DEFAULT_USER: SandboxUserOptions = {
  username: 'sofa-viewer',
  name: 'Sam Sofa',
  vip: false,
  avatar: 'served',
}

/** Trakt's usual device-code values (600 s, 5 s) and the 7-day access token of 2026. */
export function resolveConfig(options: SandboxOptions = {}): SandboxConfig {
  return {
    clientId: options.clientId ?? SANDBOX_CLIENT_ID,
    clientSecret: options.clientSecret ?? SANDBOX_CLIENT_SECRET,
    expiresIn: options.expiresIn ?? 600,
    interval: options.interval ?? 5,
    intervalToleranceMs: options.intervalToleranceMs ?? 100,
    tokenLifetime: options.tokenLifetime ?? 7 * 24 * 60 * 60,
    origins: options.origins ?? 'loopback',
    corsOnErrors: options.corsOnErrors ?? true,
    user: { ...DEFAULT_USER, ...options.user },
  }
}

const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?$/

/** Whether answers to a request from `origin` may carry CORS headers. */
export function isOriginAllowed(origins: AllowedOrigins, origin: string): boolean {
  if (origins === '*') return true
  if (origins === 'loopback') return LOOPBACK_ORIGIN.test(origin)
  return origins.includes(origin)
}
