/**
 * The Trakt client: one request/process pair per call of the device flow, plus the user
 * settings call used to greet the signed-in person.
 */
import { checkTraktConfig, type CheckedTraktConfig } from './check-config'
import { TraktError } from './errors'
import {
  deviceCodeRequest,
  deviceTokenRequest,
  refreshRequest,
  revokeRequest,
  userSettingsRequest,
  type TraktPath,
  type TraktRequest,
} from './requests'
import {
  processDeviceCodeResponse,
  processDeviceTokenResponse,
  processRefreshResponse,
  processRevokeResponse,
  processUserSettingsResponse,
} from './responses'
import type { DeviceCode, PollAnswer, Tokens, TraktConfig, TraktUser } from './types'

/**
 * What the poller and the session need from Trakt. They depend on this interface, never on
 * {@link TraktClient}, so tests can hand them a fake.
 *
 * Every method rejects with a `TraktError` only.
 */
export interface TraktApi {
  /** `POST /oauth/device/code`: a new device code and user code. */
  requestDeviceCode(signal?: AbortSignal): Promise<DeviceCode>
  /**
   * `POST /oauth/device/token`: one poll. Statuses the flow expects (200, 400, 404, 409, 410,
   * 418, 429) resolve to a {@link PollAnswer}; the others reject.
   */
  pollDeviceToken(deviceCode: string, signal?: AbortSignal): Promise<PollAnswer>
  /** `POST /oauth/token`: a new token pair; the refresh token given is dead afterwards. */
  refreshTokens(refreshToken: string, signal?: AbortSignal): Promise<Tokens>
  /** `POST /oauth/revoke`: ends the access token on Trakt's side. */
  revokeToken(accessToken: string, signal?: AbortSignal): Promise<void>
  /** `GET /users/settings`: who the access token belongs to. */
  getUserSettings(accessToken: string, signal?: AbortSignal): Promise<TraktUser>
}

/** How long one call may take, headers and body together, before it fails with `timeout`. */
export const DEFAULT_TIMEOUT_MS = 15_000

/** What a {@link TraktClient} can be given instead of the globals; tests inject all of it. */
export interface TraktClientOptions {
  /** Default: the global `fetch`, looked up at each call so a late polyfill still counts. */
  readonly fetch?: typeof fetch
  /** Per call, in milliseconds; default {@link DEFAULT_TIMEOUT_MS}. */
  readonly timeoutMs?: number
  /** Starts the timeout of one call; default the global `setTimeout`. */
  readonly setTimeout?: (callback: () => void, ms: number) => unknown
  /** Cancels what `setTimeout` returned; default the global `clearTimeout`. */
  readonly clearTimeout?: (handle: unknown) => void
  /** Wall clock in milliseconds, only to read `Retry-After` dates; default `Date.now`. */
  readonly now?: () => number
}

/**
 * The Trakt client of the device flow. Each call checks the configuration (nothing is sent
 * with a bad one), sends one request, and hands the answer to the matching `process*`
 * function of `responses.ts`. Every failure is a `TraktError`; the caller's `AbortSignal`
 * gives `aborted`, the per-call timeout `timeout`, a rejected fetch `network`.
 */
export class TraktClient implements TraktApi {
  private readonly config: CheckedTraktConfig | TraktError
  private readonly fetch: typeof fetch
  private readonly timeoutMs: number
  private readonly setTimer: (callback: () => void, ms: number) => unknown
  private readonly clearTimer: (handle: unknown) => void
  private readonly now: () => number

  /** Throws a `RangeError` for a `timeoutMs` that is not a positive finite number. */
  constructor(config: TraktConfig, options: TraktClientOptions = {}) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    if (!(timeoutMs > 0 && isFinite(timeoutMs))) {
      throw new RangeError('timeoutMs must be a positive number of milliseconds')
    }

    this.config = checkedOrError(config)
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init))
    this.timeoutMs = timeoutMs
    this.setTimer = options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms))
    this.clearTimer =
      options.clearTimeout ?? ((handle) => clearTimeout(handle as number | undefined))
    this.now = options.now ?? (() => Date.now())
  }

  requestDeviceCode(signal?: AbortSignal): Promise<DeviceCode> {
    return this.exchange((config) => deviceCodeRequest(config), processDeviceCodeResponse, signal)
  }

  pollDeviceToken(deviceCode: string, signal?: AbortSignal): Promise<PollAnswer> {
    return this.exchange(
      (config) => deviceTokenRequest(config, deviceCode),
      processDeviceTokenResponse,
      signal,
    )
  }

  refreshTokens(refreshToken: string, signal?: AbortSignal): Promise<Tokens> {
    return this.exchange(
      (config) => refreshRequest(config, refreshToken),
      processRefreshResponse,
      signal,
    )
  }

  revokeToken(accessToken: string, signal?: AbortSignal): Promise<void> {
    return this.exchange(
      (config) => revokeRequest(config, accessToken),
      processRevokeResponse,
      signal,
    )
  }

  getUserSettings(accessToken: string, signal?: AbortSignal): Promise<TraktUser> {
    return this.exchange(
      (config) => userSettingsRequest(config, accessToken),
      processUserSettingsResponse,
      signal,
    )
  }

  /**
   * Sends one request and processes its answer under one timeout and the caller's signal.
   * Both also settle the call themselves rather than trusting `fetch` to honour the abort:
   * fetch polyfills of old TV engines may ignore it.
   */
  private async exchange<T>(
    build: (config: CheckedTraktConfig) => TraktRequest,
    process: (response: Response, nowMs: number) => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    if (this.config instanceof TraktError) throw copyOf(this.config)
    const request = build(this.config)

    if (signal !== undefined && signal.aborted) throw abortedError(request.path)

    const controller = new AbortController()
    let stopWith: (error: TraktError) => void = () => undefined
    const stopped = new Promise<never>((_, reject) => {
      stopWith = (error) => {
        reject(error)
        controller.abort()
      }
    })
    // LIMITATION: a timeout or abort only stops waiting; a request Trakt already took may
    // still succeed there. For a refresh that rotates the refresh token, or a poll that
    // consumes the device code, the answer is then lost and the next call gets
    // invalid_grant or 409. Only an idempotent endpoint on Trakt's side would fix it; a
    // generous timeout (the default 15 s) makes it rare.
    const onAbort = (): void => stopWith(abortedError(request.path))
    signal?.addEventListener('abort', onAbort)
    const timer = this.setTimer(() => stopWith(this.timeoutError(request.path)), this.timeoutMs)

    try {
      const response = await Promise.race([this.send(request, controller.signal), stopped])
      return await Promise.race([process(response, this.now()), stopped])
    } finally {
      this.clearTimer(timer)
      signal?.removeEventListener('abort', onAbort)
    }
  }

  /**
   * The sending half: the raw `Response`, or `network` when `fetch` rejects.
   *
   * LIMITATION: redirects are followed (fetch's default), so a 307/308 from a configured
   * host would carry the client secret to wherever it points. Trakt sends none today;
   * `redirect: 'error'` would close it, at the cost of breaking any future host move.
   */
  private async send(request: TraktRequest, signal: AbortSignal): Promise<Response> {
    try {
      return await this.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal,
      })
    } catch (error) {
      // Includes answers the browser hid for want of CORS headers: transient, per Trakt's doc.
      throw new TraktError('network', 'Trakt could not be reached', {
        path: request.path,
        cause: error,
      })
    }
  }

  private timeoutError(path: TraktPath): TraktError {
    return new TraktError('timeout', `Trakt did not answer within ${this.timeoutMs} ms`, { path })
  }
}

function checkedOrError(config: TraktConfig): CheckedTraktConfig | TraktError {
  try {
    return checkTraktConfig(config)
  } catch (error) {
    return error as TraktError
  }
}

/** A fresh error per call, so each rejection has its own stack. */
function copyOf(error: TraktError): TraktError {
  return new TraktError(error.code, error.message)
}

function abortedError(path: TraktPath): TraktError {
  return new TraktError('aborted', 'The Trakt request was cancelled', { path })
}
