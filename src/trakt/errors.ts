/**
 * The errors of the Trakt client. Callers branch on `code`, never on the message.
 *
 * An error carries the HTTP status and the request path so that a person installing the app
 * can see what went wrong; it never carries a token, a device code or the client secret.
 */

/** Stable codes of every failure the client reports. */
export type TraktErrorCode =
  /** The request never got an answer: offline, DNS, refused, or blocked by CORS. */
  | 'network'
  /** No answer within the request timeout. */
  | 'timeout'
  /** The caller's `AbortSignal` fired. */
  | 'aborted'
  /** An answer arrived but its body does not match the contract. */
  | 'invalid_response'
  /** The configuration is unusable: missing client id or secret, bad or insecure URL. */
  | 'invalid_config'
  /** Trakt does not accept this app: unknown client id, wrong secret, deleted app (401/403). */
  | 'invalid_client'
  /** The refresh token is dead: used, revoked or from before a migration. */
  | 'invalid_grant'
  /** The access token is not (or no longer) accepted on a user call (401). */
  | 'unauthorized'
  /** Too many requests (429); `retryAfterSeconds` says how long to wait when Trakt said. */
  | 'rate_limited'
  /** The account needs VIP for this (426). */
  | 'vip_required'
  /** The account is locked or deactivated (423). */
  | 'account_locked'
  /** Trakt failed (5xx). */
  | 'server'
  /** Any other status the contract does not describe for this call. */
  | 'unexpected_status'

/** Codes that may succeed if the same request is sent again later. */
const TRANSIENT_CODES: ReadonlySet<TraktErrorCode> = new Set([
  'network',
  'timeout',
  'invalid_response',
  'rate_limited',
  'server',
])

/** What a {@link TraktError} may carry besides its code and message. */
export interface TraktErrorDetails {
  /** HTTP status, when an answer arrived. */
  readonly status?: number
  /** The request path, e.g. `/oauth/device/token`; never a query string. */
  readonly path?: string
  /** Seconds from a `Retry-After` header, when one was sent. */
  readonly retryAfterSeconds?: number
  readonly cause?: unknown
}

/** The one error class of the Trakt client. */
export class TraktError extends Error {
  override readonly name = 'TraktError'
  readonly code: TraktErrorCode
  readonly status: number | undefined
  readonly path: string | undefined
  readonly retryAfterSeconds: number | undefined

  constructor(code: TraktErrorCode, message: string, details: TraktErrorDetails = {}) {
    super(message)
    this.code = code
    this.status = details.status
    this.path = details.path
    this.retryAfterSeconds = details.retryAfterSeconds
    // Not enumerable, as with a native `cause`: the error's JSON never carries what caused it.
    if (details.cause !== undefined) {
      Object.defineProperty(this, 'cause', {
        value: details.cause,
        configurable: true,
        enumerable: false,
        writable: true,
      })
    }
  }

  /** Whether sending the same request again later may succeed. */
  get transient(): boolean {
    return TRANSIENT_CODES.has(this.code)
  }
}

/** Whether `value` is a {@link TraktError}, also across realms (iframes, test runners). */
export function isTraktError(value: unknown): value is TraktError {
  return (
    value instanceof TraktError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'TraktError' &&
      typeof (value as { code?: unknown }).code === 'string')
  )
}
