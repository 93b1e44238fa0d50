/**
 * The sign-in model: the app's one state machine. It composes the Trakt client, the
 * device-code poller, the stores and the session, turns what they report into a
 * {@link ViewState}, and takes the person's intentions from the screens. It knows nothing of
 * Lightning, so it is tested in plain Node with fakes.
 */
import {
  browserClock,
  browserTimers,
  delay,
  isAbortError,
  type Clock,
  type Timers,
} from '../auth/clock'
import { PendingCodeStore } from '../auth/pending-code-store'
import { DeviceCodePoller, type PollerEvent } from '../auth/poller'
import { Session, type SessionEvent } from '../auth/session'
import { browserStorage, type StorageSource } from '../auth/storage'
import { TokenStore } from '../auth/token-store'
import { checkTraktConfig } from '../trakt/check-config'
import { TraktClient, type TraktApi } from '../trakt/client'
import { isTraktError, TraktError } from '../trakt/errors'
import type { DeviceCode, TraktConfig, TraktUser } from '../trakt/types'
import type {
  Notice,
  PairingPhase,
  PairingView,
  ProblemKind,
  ShownCode,
  SignedInView,
  ViewState,
} from './view-state'

/** First wait before asking for a device code again after a transient failure. */
const CODE_RETRY_BASE_MS = 2_000
/** Longest wait between two requests for a device code. */
const CODE_RETRY_MAX_MS = 60_000

/** What a {@link SignInModel} is built from; everything but `config` has a browser default. */
export interface SignInModelOptions {
  readonly config: TraktConfig
  /** Told of every new view, synchronously. */
  readonly onChange: (view: ViewState) => void
  /** Replaces the Trakt client built from `config` (tests). */
  readonly api?: TraktApi
  readonly storage?: StorageSource
  readonly clock?: Clock
  readonly timers?: Timers
  /** Told of anything worth a line in the log; never given a token. */
  readonly onWarning?: (message: string) => void
}

/**
 * Drives sign-in from launch to sign-out. Call {@link SignInModel.start} once; send the
 * person's intentions through the other methods; {@link SignInModel.dispose} when the app
 * goes away, which stops every request and timer.
 */
export class SignInModel {
  private readonly onChange: (view: ViewState) => void
  private readonly onWarning: (message: string) => void
  private readonly clock: Clock
  private readonly timers: Timers
  private readonly api: TraktApi | undefined
  private readonly configProblem: ViewState | undefined
  private readonly pendingCodes: PendingCodeStore
  private readonly session: Session | undefined
  private current: ViewState = { screen: 'starting' }
  /** Aborted whenever the pairing attempt changes: stops a code request and its retries. */
  private pairing: AbortController | undefined
  private poller: DeviceCodePoller | undefined
  private profile: AbortController | undefined
  private user: TraktUser | undefined
  private notice: Notice | undefined
  private hidden = false
  private disposed = false

  constructor(options: SignInModelOptions) {
    this.onChange = options.onChange
    this.onWarning = options.onWarning ?? (() => undefined)
    this.clock = options.clock ?? browserClock
    this.timers = options.timers ?? browserTimers

    const storage = options.storage ?? browserStorage
    this.pendingCodes = new PendingCodeStore({
      storage,
      clock: this.clock,
      onWarning: this.onWarning,
    })

    this.configProblem = problemOfConfig(options.config)
    if (this.configProblem !== undefined) return

    this.api = options.api ?? new TraktClient(options.config)
    this.session = new Session({
      api: this.api,
      store: new TokenStore({ storage, onWarning: this.onWarning }),
      clock: this.clock,
      timers: this.timers,
      onEvent: (event) => this.onSessionEvent(event),
    })
  }

  /** What the screens show now. */
  view(): ViewState {
    return this.current
  }

  /** Milliseconds left on the code on screen, for the countdown; 0 when there is none. */
  remainingMs(): number {
    return this.poller?.remainingMs() ?? 0
  }

  /** At launch: a stored session goes straight to signed in (refreshed first when due). */
  start(): void {
    if (this.configProblem !== undefined) {
      this.show(this.configProblem)
      return
    }

    this.show({ screen: 'starting' })
    void this.requireSession()
      .restore()
      .then((info) => {
        if (this.disposed || this.current.screen !== 'starting') return
        if (info === undefined) this.startPairing(undefined)
        else this.enterSignedIn()
      })
  }

  /** "Get a new code": drops the code on screen at once and asks Trakt for another. */
  newCode(): void {
    if (this.current.screen !== 'pairing') return
    this.stopPairing()
    this.clearPendingCode()
    this.requestCode(undefined)
  }

  /** "Try again" on a problem: starts over as at launch. */
  tryAgain(): void {
    if (this.current.screen !== 'problem') return
    this.stopPairing()
    this.start()
  }

  /** "Refresh now" on the signed-in screen. */
  refreshNow(): void {
    const view = this.current
    if (view.screen !== 'signed-in' || view.activity !== 'idle') return

    this.updateSignedIn({ activity: 'refreshing', notice: undefined })
    this.requireSession()
      .refresh()
      .then(
        () => {
          this.updateSignedIn({ activity: 'idle', notice: 'refreshed' })
          if (this.user === undefined) this.loadProfile()
        },
        (error: unknown) => {
          // `invalid_grant` has signed the session out and moved to pairing already.
          if (isTraktError(error) && error.code === 'invalid_grant') return
          this.updateSignedIn({ activity: 'idle', notice: 'refresh-failed' })
        },
      )
  }

  /** "Sign out": asks once before doing it. */
  askSignOut(): void {
    const view = this.current
    if (view.screen !== 'signed-in' || view.activity !== 'idle') return
    this.updateSignedIn({ confirmingSignOut: true })
  }

  /** The safe answer to the sign-out question. */
  cancelSignOut(): void {
    if (this.current.screen !== 'signed-in') return
    this.updateSignedIn({ confirmingSignOut: false })
  }

  /** Revokes the access token, forgets the session, and shows a fresh code. */
  confirmSignOut(): void {
    const view = this.current
    if (view.screen !== 'signed-in' || view.activity === 'signing-out') return

    this.profile?.abort()
    this.updateSignedIn({ activity: 'signing-out', confirmingSignOut: false })
    void this.requireSession()
      .signOut()
      .then(() => {
        if (this.disposed) return
        this.user = undefined
        this.startPairing('signed-out')
      })
  }

  /** Back: closes the sign-out question; anything else is the app's to handle (leave). */
  back(): boolean {
    const view = this.current
    if (view.screen === 'signed-in' && view.confirmingSignOut) {
      this.cancelSignOut()
      return true
    }
    return false
  }

  /** The app was hidden or shown again (`visibilitychange`). */
  setHidden(hidden: boolean): void {
    if (hidden === this.hidden) return
    this.hidden = hidden

    if (hidden) {
      this.poller?.pause()
      return
    }
    this.poller?.resume()
    this.session?.resume()
  }

  /** Stops every request and timer; the model reports nothing afterwards. */
  dispose(): void {
    this.disposed = true
    this.stopPairing()
    this.profile?.abort()
    this.session?.dispose()
  }

  private startPairing(notice: Notice | undefined): void {
    this.stopPairing()

    const pending = this.pendingCodes.load()
    if (pending === undefined) {
      this.requestCode(notice)
      return
    }
    this.showCode(pending.code, pending.remainingMs, notice)
  }

  private requestCode(notice: Notice | undefined): void {
    const attempt = new AbortController()
    this.pairing = attempt
    this.showPairing({ phase: 'requesting', code: undefined, retryAt: undefined, notice })
    void this.fetchCode(attempt.signal, notice)
  }

  /** Asks for a device code until one arrives, retrying transient failures with backoff. */
  private async fetchCode(signal: AbortSignal, notice: Notice | undefined): Promise<void> {
    const api = this.requireApi()
    let waitMs = CODE_RETRY_BASE_MS

    for (;;) {
      try {
        const code = await api.requestDeviceCode(signal)
        if (signal.aborted) return
        this.rememberCode(code)
        this.showCode(code, code.expiresIn * 1000, notice)
        return
      } catch (error) {
        if (signal.aborted || isAbortError(error)) return
        if (!isTraktError(error) || !error.transient) {
          this.showProblem(error)
          return
        }

        const retryAfterMs = (error.retryAfterSeconds ?? 0) * 1000
        const wait = Math.max(waitMs, retryAfterMs)
        this.showPairing({
          phase: 'requesting',
          code: undefined,
          retryAt: this.clock.monotonicNow() + wait,
          notice,
        })
        try {
          await delay(wait, signal, this.timers)
        } catch {
          return
        }
        waitMs = Math.min(waitMs * 2, CODE_RETRY_MAX_MS)
      }
    }
  }

  private showCode(code: DeviceCode, remainingMs: number, notice: Notice | undefined): void {
    const shown: ShownCode = {
      userCode: code.userCode,
      verificationUrl: code.verificationUrl,
      qrText: activationLink(code),
    }
    let slowed = false

    const poller = new DeviceCodePoller(code, {
      api: this.requireApi(),
      remainingMs,
      clock: this.clock,
      timers: this.timers,
      onEvent: (event) => {
        if (this.poller !== poller || this.disposed) return
        slowed = slowed || event.kind === 'slowed_down'
        this.onPollerEvent(event, shown, slowed, notice)
      },
    })
    this.poller = poller
    this.showPairing({ phase: 'waiting', code: shown, retryAt: undefined, notice })
    void poller.start()
    if (this.hidden) poller.pause()
  }

  /** Reads the poller's reports the way the status table of the device flow says. */
  private onPollerEvent(
    event: PollerEvent,
    code: ShownCode,
    slowed: boolean,
    notice: Notice | undefined,
  ): void {
    const show = (phase: PairingPhase, retryAt?: number): void =>
      this.showPairing({ phase, code, retryAt, notice })

    switch (event.kind) {
      case 'waiting':
        show(slowed ? 'slowed' : 'waiting')
        return
      case 'slowed_down':
        show('slowed')
        return
      case 'retrying':
        show('retrying', event.nextAttemptAt)
        return
      case 'paused':
        return
      case 'approved':
        this.clearPendingCode()
        this.poller = undefined
        this.requireSession().signIn(event.tokens)
        this.enterSignedIn()
        return
      case 'expired':
        this.clearPendingCode()
        show('expired')
        return
      case 'declined':
        this.clearPendingCode()
        show('declined')
        return
      case 'refused':
        this.clearPendingCode()
        show('refused')
        return
      case 'needs_person':
        this.clearPendingCode()
        this.showProblem(event.error)
        return
      case 'cancelled':
        return
    }
  }

  private enterSignedIn(): void {
    const info = this.requireSession().info()
    if (info === undefined) return

    this.show({
      screen: 'signed-in',
      user: this.user,
      facts: {
        createdAt: info.createdAt,
        scope: info.scope,
        expiresAt: info.expiresAt,
        refreshable: info.refreshable,
      },
      activity: 'idle',
      confirmingSignOut: false,
      notice: info.persisted ? this.notice : 'not-remembered',
    })
    this.notice = undefined
    if (this.user === undefined) this.loadProfile()
  }

  /** `GET /users/settings`, through the session so that a 401 earns one refresh. */
  private loadProfile(): void {
    this.profile?.abort()
    const abort = new AbortController()
    this.profile = abort
    const api = this.requireApi()

    this.requireSession()
      .callApi((accessToken) => api.getUserSettings(accessToken, abort.signal))
      .then(
        (user) => {
          if (abort.signal.aborted || this.current.screen !== 'signed-in') return
          this.user = user
          this.updateSignedIn({ user })
        },
        (error: unknown) => {
          if (abort.signal.aborted || this.current.screen !== 'signed-in') return
          if (isTraktError(error) && problemKindOf(error) !== 'unexpected') {
            this.showProblem(error)
            return
          }
          this.updateSignedIn({ notice: 'profile-unavailable' })
        },
      )
  }

  private onSessionEvent(event: SessionEvent): void {
    if (this.disposed) return

    switch (event.kind) {
      case 'refreshed':
        if (this.current.screen === 'signed-in') {
          const { info } = event
          // "We'll keep trying" is no longer true once a retry has renewed the tokens.
          const notice = this.current.notice === 'refresh-failed' ? undefined : this.current.notice
          this.updateSignedIn({
            facts: {
              createdAt: info.createdAt,
              scope: info.scope,
              expiresAt: info.expiresAt,
              refreshable: info.refreshable,
            },
            notice,
          })
        } else if (this.notice === 'refresh-failed') {
          this.notice = undefined
        }
        return
      case 'refresh_failed':
        if (this.current.screen === 'signed-in') this.updateSignedIn({ notice: 'refresh-failed' })
        else this.notice = 'refresh-failed'
        return
      case 'storage_failed':
        this.onWarning(`The session could not be saved: ${event.error.code}`)
        if (this.current.screen === 'signed-in') this.updateSignedIn({ notice: 'not-remembered' })
        else this.notice = 'not-remembered'
        return
      case 'signed_out':
        // A sign-out the person asked for moves on in `confirmSignOut`.
        if (event.reason === 'signed_out') return
        this.profile?.abort()
        this.user = undefined
        this.startPairing('session-refused')
        return
      case 'signed_in':
        return
    }
  }

  private showPairing(fields: Omit<PairingView, 'screen' | 'interval'>): void {
    const interval = this.poller?.currentIntervalMs()
    this.show({
      screen: 'pairing',
      ...fields,
      interval: fields.phase === 'slowed' && interval !== undefined ? interval / 1000 : undefined,
    })
  }

  private updateSignedIn(fields: Partial<Omit<SignedInView, 'screen'>>): void {
    if (this.current.screen !== 'signed-in') return
    this.show({ ...this.current, ...fields })
  }

  private showProblem(error: unknown): void {
    this.stopPairing()
    const traktError = isTraktError(error)
      ? error
      : new TraktError('unexpected_status', 'Something unexpected went wrong', { cause: error })

    this.show({
      screen: 'problem',
      kind: problemKindOf(traktError),
      status: traktError.status,
      path: traktError.path,
      detail: traktError.message,
    })
  }

  private show(view: ViewState): void {
    if (this.disposed) return
    this.current = view
    this.onChange(view)
  }

  private stopPairing(): void {
    this.pairing?.abort()
    this.pairing = undefined
    this.poller?.cancel()
    this.poller = undefined
  }

  private rememberCode(code: DeviceCode): void {
    try {
      this.pendingCodes.save(code)
    } catch {
      // Only a restart mid-pairing loses the code: the person gets a new one then.
      this.onWarning('The code on screen could not be saved for a restart')
    }
  }

  private clearPendingCode(): void {
    try {
      this.pendingCodes.clear()
    } catch {
      this.onWarning('The saved code could not be removed')
    }
  }

  private requireApi(): TraktApi {
    if (this.api === undefined) throw new Error('The Trakt client is not configured')
    return this.api
  }

  private requireSession(): Session {
    if (this.session === undefined) throw new Error('The Trakt client is not configured')
    return this.session
  }
}

/**
 * The address the QR code holds. Trakt has no `verification_uri_complete`, but its
 * activation page takes the user code in the path and fills the form in.
 */
export function activationLink(code: Pick<DeviceCode, 'verificationUrl' | 'userCode'>): string {
  const base = code.verificationUrl.replace(/\/+$/, '')
  return `${base}/${encodeURIComponent(code.userCode)}`
}

/** A problem screen when the settings cannot work, before anything is sent. */
function problemOfConfig(config: TraktConfig): ViewState | undefined {
  const missing = config.clientId.trim() === '' || config.clientSecret.trim() === ''
  try {
    checkTraktConfig(config)
    return undefined
  } catch (error) {
    const detail = error instanceof Error ? error.message : undefined
    return {
      screen: 'problem',
      kind: missing ? 'not-configured' : 'insecure-url',
      status: undefined,
      path: undefined,
      detail,
    }
  }
}

function problemKindOf(error: TraktError): ProblemKind {
  switch (error.code) {
    case 'invalid_config':
      return 'not-configured'
    case 'invalid_client':
      return 'client-refused'
    case 'vip_required':
      return 'vip-required'
    case 'account_locked':
      return 'account-locked'
    default:
      return 'unexpected'
  }
}
