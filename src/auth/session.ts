/**
 * The signed-in session: holds the token pair, refreshes it ahead of expiry (one refresh at
 * a time, since Trakt's refresh tokens are single-use), retries user calls once after a 401,
 * and signs out by revoking the access token and forgetting the tokens.
 */
import type { TraktApi } from '../trakt/client'
import { TraktError, isTraktError } from '../trakt/errors'
import type { Tokens } from '../trakt/types'
import { browserClock, browserTimers, delay, notify, type Clock, type TimerHandle } from './clock'
import type { Timers } from './clock'
import { asStorageError, type StorageError } from './storage'
import type { StoredSession, TokenStore } from './token-store'

/** Share of the lifetime after which the tokens are refreshed. */
export const DEFAULT_REFRESH_RATIO = 0.75
/** Shortest wait before a planned refresh, so tiny lifetimes cannot cause a refresh storm. */
export const DEFAULT_MIN_REFRESH_DELAY_MS = 1_000
/** First wait after a refresh failed for a transient reason; it doubles on each failure. */
export const DEFAULT_RETRY_BASE_MS = 5_000
/** Longest wait between two refresh attempts. */
export const DEFAULT_RETRY_MAX_MS = 300_000
/** How long sign-out waits for Trakt to revoke the access token. */
export const DEFAULT_REVOKE_TIMEOUT_MS = 5_000

/** Browsers run a timer of more than 2^31 − 1 ms at once; longer waits are done in steps. */
const MAX_TIMER_MS = 2_000_000_000

/** What the signed-in screen shows. */
export interface SessionInfo {
  /** Unix seconds on Trakt's clock (`created_at`): shown, never used for arithmetic. */
  readonly createdAt: number
  readonly scope: string
  readonly tokenType: string
  /** Local wall ms when the access token expires: arrival + `expires_in`. */
  readonly expiresAt: number
  /** Local wall ms when a refresh is planned; only meaningful when `refreshable`. */
  readonly refreshAt: number
  /** Whether there is a refresh token. */
  readonly refreshable: boolean
  /** False when the last write to storage failed: the session ends with the app. */
  readonly persisted: boolean
}

/** Why the session ended. */
export type SignOutReason =
  /** {@link Session.signOut} was called. */
  | 'signed_out'
  /** Trakt refused the refresh token (`invalid_grant`): pairing again is needed. */
  | 'refresh_refused'
  /** The stored access token had expired and there was no refresh token. */
  | 'expired'

/** Everything the session reports. */
export type SessionEvent =
  | { readonly kind: 'signed_in'; readonly info: SessionInfo }
  /** New tokens, already stored (or `storage_failed` came first). */
  | { readonly kind: 'refreshed'; readonly info: SessionInfo }
  /** The tokens are kept; another attempt in `retryInMs`, or none for a final error. */
  | {
      readonly kind: 'refresh_failed'
      readonly error: TraktError
      readonly retryInMs: number | undefined
    }
  /** `revoked` tells whether Trakt confirmed the revoke (only for `signed_out`). */
  | {
      readonly kind: 'signed_out'
      readonly reason: SignOutReason
      readonly error?: TraktError
      readonly revoked?: boolean
    }
  /** Storage refused a write or removal; the session goes on in memory. */
  | { readonly kind: 'storage_failed'; readonly error: StorageError }

/** What a {@link Session} is built from. */
export interface SessionOptions {
  readonly api: Pick<TraktApi, 'refreshTokens' | 'revokeToken'>
  readonly store: Pick<TokenStore, 'load' | 'save' | 'clear'>
  readonly clock?: Clock
  readonly timers?: Timers
  readonly onEvent?: (event: SessionEvent) => void
  /** {@link DEFAULT_REFRESH_RATIO} by default. */
  readonly refreshRatio?: number
  /** {@link DEFAULT_MIN_REFRESH_DELAY_MS} by default. */
  readonly minRefreshDelayMs?: number
  /** {@link DEFAULT_RETRY_BASE_MS} by default. */
  readonly retryBaseMs?: number
  /** {@link DEFAULT_RETRY_MAX_MS} by default. */
  readonly retryMaxMs?: number
  /** {@link DEFAULT_REVOKE_TIMEOUT_MS} by default. */
  readonly revokeTimeoutMs?: number
}

/**
 * The signed-in session. Start it with {@link Session.restore} at launch or
 * {@link Session.signIn} after the poller's approval; call {@link Session.resume} when the app
 * comes back to the foreground and {@link Session.dispose} when it goes away.
 */
export class Session {
  private readonly api: Pick<TraktApi, 'refreshTokens' | 'revokeToken'>
  private readonly store: Pick<TokenStore, 'load' | 'save' | 'clear'>
  private readonly clock: Clock
  private readonly timers: Timers
  private readonly onEvent: ((event: SessionEvent) => void) | undefined
  private readonly refreshRatio: number
  private readonly minRefreshDelayMs: number
  private readonly retryBaseMs: number
  private readonly retryMaxMs: number
  private readonly revokeTimeoutMs: number
  private current: StoredSession | undefined
  private persisted = true
  private refreshing: Promise<SessionInfo> | undefined
  private refreshAbort: AbortController | undefined
  private timer: TimerHandle | undefined
  private retryPending = false
  /** The last retry wait; 0 while no refresh failure is in a row. */
  private retryDelayMs = 0
  private disposed = false

  constructor(options: SessionOptions) {
    this.api = options.api
    this.store = options.store
    this.clock = options.clock ?? browserClock
    this.timers = options.timers ?? browserTimers
    this.onEvent = options.onEvent
    this.refreshRatio = options.refreshRatio ?? DEFAULT_REFRESH_RATIO
    this.minRefreshDelayMs = options.minRefreshDelayMs ?? DEFAULT_MIN_REFRESH_DELAY_MS
    this.retryBaseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS
    this.retryMaxMs = options.retryMaxMs ?? DEFAULT_RETRY_MAX_MS
    this.revokeTimeoutMs = options.revokeTimeoutMs ?? DEFAULT_REVOKE_TIMEOUT_MS
  }

  /**
   * At launch: takes the stored session, refreshing it first when it is due or expired.
   * Resolves with what to show, or `undefined` when signed out. Never rejects: a refresh that
   * failed for a transient reason keeps the tokens and is retried on its own.
   */
  async restore(): Promise<SessionInfo | undefined> {
    const stored = this.store.load()
    if (stored === undefined) return undefined

    this.current = stored
    this.persisted = true

    if (!this.isDue(stored)) {
      this.schedule()
      return this.info()
    }
    if (stored.tokens.refreshToken === '') {
      if (this.clock.wallNow() >= expiresAt(stored)) this.end('expired', undefined)
      return this.info()
    }

    try {
      return await this.refresh()
    } catch {
      return this.info()
    }
  }

  /** After approval: stores the tokens, plans their refresh, and reports `signed_in`. */
  signIn(tokens: Tokens): SessionInfo {
    this.stopWork()
    const info = this.adopt(tokens)
    this.emit({ kind: 'signed_in', info })
    return info
  }

  /** Whether there is a session. */
  isSignedIn(): boolean {
    return this.current !== undefined
  }

  /** What the signed-in screen shows, or `undefined` when signed out. */
  info(): SessionInfo | undefined {
    return this.current === undefined ? undefined : this.describe(this.current)
  }

  /**
   * Refreshes the tokens now. Callers at the same moment share one request. The new pair is
   * stored before the promise resolves or `refreshed` is reported. Rejects with `TraktError`:
   * `invalid_grant` has then signed the session out; a transient error has planned a retry.
   */
  refresh(): Promise<SessionInfo> {
    if (this.refreshing !== undefined) return this.refreshing

    const current = this.current
    if (current === undefined || this.disposed) {
      return Promise.reject(new TraktError('unauthorized', 'There is no session to refresh'))
    }
    if (current.tokens.refreshToken === '') {
      return Promise.reject(new TraktError('invalid_grant', 'This session has no refresh token'))
    }

    this.cancelTimer()
    const abort = new AbortController()
    const flight = this.api.refreshTokens(current.tokens.refreshToken, abort.signal).then(
      (tokens) => this.onRefreshed(tokens, abort),
      (error: unknown) => this.onRefreshFailed(error, abort),
    )
    this.refreshing = flight
    this.refreshAbort = abort
    return flight
  }

  /**
   * Runs a user call with the access token. A 401 (`unauthorized`) earns exactly one refresh
   * (shared with any refresh already running) and one retry; other errors pass through.
   */
  async callApi<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    if (this.refreshing !== undefined) await this.refreshing.catch(() => undefined)
    const accessToken = this.requireAccessToken()

    try {
      return await call(accessToken)
    } catch (error) {
      if (!isTraktError(error) || error.code !== 'unauthorized') throw error
    }

    // Someone else may have refreshed while this call was out; then the new token is enough.
    if (this.current?.tokens.accessToken === accessToken) await this.refresh()
    return call(this.requireAccessToken())
  }

  /** App back in the foreground: refreshes now if due, else plans the refresh again. */
  resume(): void {
    const current = this.current
    if (current === undefined || this.disposed) return
    if (this.refreshing !== undefined || this.retryPending) return

    if (this.isDue(current) && current.tokens.refreshToken !== '') {
      this.refresh().catch(() => undefined)
    } else {
      this.schedule()
    }
  }

  /**
   * Forgets the tokens here at once (memory and storage), then asks Trakt to revoke the
   * access token, waiting at most the revoke timeout. Never rejects.
   */
  async signOut(): Promise<void> {
    const current = this.current
    // LIMITATION: a refresh in flight is aborted, but if Trakt already rotated the pair, the
    // new one is never revoked (it only expires); waiting for that refresh inside the revoke
    // budget, then revoking its access token, would fix it.
    this.stopWork()
    if (current === undefined) return

    this.current = undefined
    this.forget()

    const revoked = await this.revoke(current.tokens.accessToken)
    this.emit({ kind: 'signed_out', reason: 'signed_out', revoked })
  }

  /** Cancels every timer and any refresh in flight; the session reports nothing afterwards. */
  dispose(): void {
    this.disposed = true
    this.stopWork()
  }

  private onRefreshed(tokens: Tokens, abort: AbortController): SessionInfo {
    this.settleFlight(abort)
    if (abort.signal.aborted) throw new TraktError('aborted', 'The refresh was cancelled')

    // The old refresh token is dead now: `adopt` stores the new pair before anyone uses it.
    const info = this.adopt(tokens)
    this.emit({ kind: 'refreshed', info })
    return info
  }

  /** Takes a fresh pair: stores it first, then makes it current and plans its refresh. */
  private adopt(tokens: Tokens): SessionInfo {
    const record: StoredSession = { tokens, receivedAt: this.clock.wallNow() }

    this.persist(record)
    this.current = record
    this.retryDelayMs = 0
    this.schedule()

    return this.describe(record)
  }

  private onRefreshFailed(reason: unknown, abort: AbortController): never {
    this.settleFlight(abort)
    const error = isTraktError(reason)
      ? reason
      : new TraktError('unexpected_status', 'The refresh failed in an unexpected way', {
          cause: reason,
        })
    if (abort.signal.aborted) throw error

    if (error.code === 'invalid_grant') {
      // Trakt refused the refresh token (400, or 401 with invalid_grant): final.
      this.end('refresh_refused', error)
      throw error
    }

    if (error.transient || error.code === 'aborted') {
      const retryInMs = this.planRetry(error)
      this.emit({ kind: 'refresh_failed', error, retryInMs })
    } else {
      this.emit({ kind: 'refresh_failed', error, retryInMs: undefined })
    }
    throw error
  }

  private settleFlight(abort: AbortController): void {
    if (this.refreshAbort !== abort) return
    this.refreshing = undefined
    this.refreshAbort = undefined
  }

  private planRetry(error: TraktError): number {
    this.retryDelayMs =
      this.retryDelayMs === 0 ? this.retryBaseMs : Math.min(this.retryDelayMs * 2, this.retryMaxMs)
    const waitMs = Math.max(this.retryDelayMs, (error.retryAfterSeconds ?? 0) * 1000)

    this.cancelTimer()
    this.retryPending = true
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined
      this.retryPending = false
      this.refresh().catch(() => undefined)
    }, waitMs)
    return waitMs
  }

  /** Plans the next refresh at `refreshRatio` of the lifetime, counted from arrival. */
  private schedule(): void {
    this.cancelTimer()
    const current = this.current
    if (current === undefined || this.disposed || current.tokens.refreshToken === '') return

    const untilDue = this.isDue(current) ? 0 : this.refreshAt(current) - this.clock.wallNow()
    const waitMs = Math.max(this.minRefreshDelayMs, untilDue)

    this.timer = this.timers.setTimeout(
      () => {
        this.timer = undefined
        if (this.current !== current) return
        if (this.isDue(current)) this.refresh().catch(() => undefined)
        else this.schedule()
      },
      Math.min(waitMs, MAX_TIMER_MS),
    )
  }

  /**
   * Due at `refreshRatio` of the lifetime; also due when the wall clock is before the arrival:
   * the clock went back, and trusting it could keep a dead token for as long as it moved.
   */
  private isDue(record: StoredSession): boolean {
    const now = this.clock.wallNow()
    return now < record.receivedAt || now >= this.refreshAt(record)
  }

  private refreshAt(record: StoredSession): number {
    return record.receivedAt + record.tokens.expiresIn * 1000 * this.refreshRatio
  }

  private describe(record: StoredSession): SessionInfo {
    const { tokens } = record
    return {
      createdAt: tokens.createdAt,
      scope: tokens.scope,
      tokenType: tokens.tokenType,
      expiresAt: expiresAt(record),
      refreshAt: this.refreshAt(record),
      refreshable: tokens.refreshToken !== '',
      persisted: this.persisted,
    }
  }

  private requireAccessToken(): string {
    if (this.current === undefined) throw new TraktError('unauthorized', 'Not signed in')
    return this.current.tokens.accessToken
  }

  private async revoke(accessToken: string): Promise<boolean> {
    const abort = new AbortController()
    const timeUp = delay(this.revokeTimeoutMs, abort.signal, this.timers).then(() => false)

    const revoked = await Promise.race([
      this.api.revokeToken(accessToken, abort.signal).then(
        () => true,
        () => false,
      ),
      timeUp.catch(() => false),
    ])

    abort.abort()
    return revoked
  }

  private end(reason: SignOutReason, error: TraktError | undefined): void {
    this.stopWork()
    this.current = undefined
    this.forget()
    this.emit({ kind: 'signed_out', reason, error })
  }

  private persist(record: StoredSession): void {
    try {
      this.store.save(record)
      this.persisted = true
    } catch (error) {
      this.persisted = false
      this.emit({ kind: 'storage_failed', error: asStorageError(error, 'write') })
    }
  }

  private forget(): void {
    try {
      this.store.clear()
    } catch (error) {
      this.emit({ kind: 'storage_failed', error: asStorageError(error, 'remove') })
    }
  }

  private stopWork(): void {
    this.cancelTimer()
    const abort = this.refreshAbort
    this.refreshAbort = undefined
    this.refreshing = undefined
    abort?.abort()
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer)
    this.timer = undefined
    this.retryPending = false
  }

  private emit(event: SessionEvent): void {
    if (!this.disposed) notify(this.onEvent, event, this.timers)
  }
}

function expiresAt(record: StoredSession): number {
  return record.receivedAt + record.tokens.expiresIn * 1000
}
