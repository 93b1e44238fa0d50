/**
 * How each answer of Trakt is understood: status first, then (only on the statuses that carry
 * one) the JSON body through the validators. Each `process*` function takes a plain
 * `Response`, so this half is tested with hand-made answers and no network.
 */
import { TraktError, type TraktErrorCode } from './errors'
import { TRAKT_PATHS, type TraktPath } from './requests'
import type { DeviceCode, PollAnswer, Tokens, TraktUser } from './types'
import { parseDeviceCode, parseTokens, parseUserSettings } from './validate'

/**
 * Longest `Retry-After` reflected, in seconds: a larger value would overflow a browser timer
 * (about 24.8 days) and fire at once, which is the opposite of waiting.
 */
export const MAX_RETRY_AFTER_SECONDS = 86_400

/** Understands `POST /oauth/device/code`: 200 is a device code; 401/403 mean a bad client. */
export async function processDeviceCodeResponse(
  response: Response,
  nowMs: number = Date.now(),
): Promise<DeviceCode> {
  const path = TRAKT_PATHS.deviceCode
  if (response.status !== 200) throw statusError(response, path, nowMs, 'invalid_client')

  return validated(parseDeviceCode, await readJson(response, path), response, path)
}

/**
 * Understands one poll of `POST /oauth/device/token` per the status table of
 * `trakt-device-auth.md`. Non-200 bodies are empty or not JSON, so only the status (and
 * `Retry-After` on 429) decides; such bodies are never read.
 */
export async function processDeviceTokenResponse(
  response: Response,
  nowMs: number = Date.now(),
): Promise<PollAnswer> {
  const path = TRAKT_PATHS.deviceToken

  switch (response.status) {
    case 200:
      return {
        kind: 'approved',
        tokens: validated(parseTokens, await readJson(response, path), response, path),
      }
    case 400:
      return { kind: 'pending' }
    case 404:
      return { kind: 'unknown' }
    case 409:
      return { kind: 'used' }
    case 410:
      return { kind: 'expired' }
    case 418:
      return { kind: 'declined' }
    case 429:
      return {
        kind: 'slow_down',
        retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After'), nowMs),
      }
    default:
      throw statusError(response, path, nowMs, 'invalid_client')
  }
}

/**
 * Understands `POST /oauth/token` (refresh). A dead refresh token has come three ways, all
 * final: 400 `{error: "invalid_grant"}`, a bare 400 (tokens from before Trakt's July 2026
 * migration), and 401 with `invalid_grant` in `WWW-Authenticate`.
 */
export async function processRefreshResponse(
  response: Response,
  nowMs: number = Date.now(),
): Promise<Tokens> {
  const path = TRAKT_PATHS.refresh

  if (response.status === 200) {
    return validated(parseTokens, await readJson(response, path), response, path)
  }

  if (response.status === 400) {
    const error = await readOAuthError(response, path)
    if (error === undefined || error === 'invalid_grant') {
      throw new TraktError(
        'invalid_grant',
        'Trakt refused the refresh token',
        details(response, path),
      )
    }
    if (error === 'invalid_client' || error === 'unauthorized_client') {
      throw new TraktError(
        'invalid_client',
        'Trakt refused the client id or secret',
        details(response, path),
      )
    }
    throw new TraktError(
      'unexpected_status',
      'Trakt refused the refresh request',
      details(response, path),
    )
  }

  const challenge = response.headers.get('WWW-Authenticate') ?? ''
  if (response.status === 401 && challenge.indexOf('invalid_grant') !== -1) {
    throw new TraktError(
      'invalid_grant',
      'Trakt refused the refresh token',
      details(response, path),
    )
  }
  throw statusError(response, path, nowMs, 'invalid_client')
}

/** Understands `POST /oauth/revoke`: 200 is done, anything else is mapped like the others. */
export async function processRevokeResponse(
  response: Response,
  nowMs: number = Date.now(),
): Promise<void> {
  if (response.status !== 200) {
    throw statusError(response, TRAKT_PATHS.revoke, nowMs, 'invalid_client')
  }
}

/** Understands `GET /users/settings`: 401 means the access token is not accepted. */
export async function processUserSettingsResponse(
  response: Response,
  nowMs: number = Date.now(),
): Promise<TraktUser> {
  const path = TRAKT_PATHS.userSettings
  if (response.status !== 200) throw statusError(response, path, nowMs, 'unauthorized')

  return validated(parseUserSettings, await readJson(response, path), response, path)
}

/**
 * Reads a `Retry-After` header (RFC 9110 §10.2.3): whole seconds, or an HTTP date counted
 * from `nowMs`. Returns whole seconds capped at {@link MAX_RETRY_AFTER_SECONDS}, or
 * `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined

  const text = value.trim()
  if (/^[0-9]+$/.test(text)) return Math.min(Number(text), MAX_RETRY_AFTER_SECONDS)

  // Only something shaped like an HTTP date: Date.parse alone accepts far too much.
  if (!/^[A-Za-z]{3,9}, [0-9A-Za-z :-]+ GMT$/.test(text)) return undefined
  const at = Date.parse(text)
  if (!isFinite(at)) return undefined

  const seconds = Math.ceil((at - nowMs) / 1000)
  return Math.min(Math.max(seconds, 0), MAX_RETRY_AFTER_SECONDS)
}

/**
 * The error of a status this call does not expect to succeed with. `on401` is what a 401
 * means here: a bad client on OAuth calls, a refused access token on user calls.
 */
function statusError(
  response: Response,
  path: TraktPath,
  nowMs: number,
  on401: TraktErrorCode,
): TraktError {
  const status = response.status
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'), nowMs)
  const withStatus = { status, path, retryAfterSeconds }

  if (status === 401 && on401 === 'unauthorized') {
    return new TraktError('unauthorized', 'Trakt did not accept the access token', withStatus)
  }
  if (status === 401 || status === 403) {
    return new TraktError(
      'invalid_client',
      'Trakt refused the client id or secret, or the app was deleted',
      withStatus,
    )
  }
  if (status === 423) {
    return new TraktError(
      'account_locked',
      `The Trakt account is ${lockState(response)}`,
      withStatus,
    )
  }
  if (status === 426) {
    return new TraktError('vip_required', 'This needs a Trakt VIP account', withStatus)
  }
  if (status === 429) {
    return new TraktError('rate_limited', 'Too many requests to Trakt', withStatus)
  }
  if (status >= 500 && status <= 599) {
    return new TraktError('server', `Trakt failed with status ${status}`, withStatus)
  }
  return new TraktError('unexpected_status', `Trakt answered with status ${status}`, withStatus)
}

/** Trakt says which in `X-Account-Locked` / `X-Account-Deactivated`. */
function lockState(response: Response): string {
  if (isTrue(response.headers.get('X-Account-Deactivated'))) return 'deactivated'
  if (isTrue(response.headers.get('X-Account-Locked'))) return 'locked'
  return 'locked or deactivated'
}

function isTrue(value: string | null): boolean {
  return value !== null && value.trim().toLowerCase() === 'true'
}

function details(response: Response, path: TraktPath): { status: number; path: TraktPath } {
  return { status: response.status, path }
}

/**
 * The body as JSON. No `cause` is kept: a `SyntaxError` quotes the text, which may hold a
 * token.
 */
async function readJson(response: Response, path: TraktPath): Promise<unknown> {
  let text: string
  try {
    text = await response.text()
  } catch {
    throw new TraktError(
      'invalid_response',
      "Trakt's answer could not be read",
      details(response, path),
    )
  }

  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new TraktError('invalid_response', "Trakt's answer is not JSON", details(response, path))
  }
}

/**
 * The `error` of an OAuth error body, or `undefined` when the body is bare (empty or not
 * JSON). A body that cannot be read at all is no answer, so it is transient, never final.
 */
async function readOAuthError(response: Response, path: TraktPath): Promise<string | undefined> {
  let text: string
  try {
    text = await response.text()
  } catch {
    throw new TraktError(
      'invalid_response',
      "Trakt's answer could not be read",
      details(response, path),
    )
  }

  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return undefined
  }

  const error =
    typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined
  return typeof error === 'string' ? error : undefined
}

/** Runs a validator and adds the status and path to what it throws. */
function validated<T>(
  parse: (body: unknown) => T,
  body: unknown,
  response: Response,
  path: TraktPath,
): T {
  try {
    return parse(body)
  } catch (error) {
    const message = error instanceof Error ? error.message : "Trakt's answer is invalid"
    throw new TraktError('invalid_response', message, details(response, path))
  }
}
