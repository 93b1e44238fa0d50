/**
 * The device-flow poller: asks Trakt, one request at a time, whether the person has approved
 * the user code yet, and reads each answer the way the status table of Trakt's device flow
 * says (`POST /oauth/device/token`, RFC 8628 section 3.4).
 */
import type { TraktApi } from '../trakt/client'
import { TraktError, isTraktError } from '../trakt/errors'
import type { DeviceCode, PollAnswer, Tokens } from '../trakt/types'
import {
  browserClock,
  browserTimers,
  delay,
  notify,
  type Clock,
  type TimerHandle,
  type Timers,
} from './clock'

/** Longest wait between two attempts after failures in a row. */
export const DEFAULT_MAX_BACKOFF_MS = 60_000

/** What a 429 adds to the interval, for that poll and every later one (RFC 8628 3.5). */
const SLOW_DOWN_STEP_MS = 5_000

/** How a poll ended. Every ending is final: a new code needs a new poller. */
export type PollOutcome =
  /** 200: the tokens; store them before saying so. */
  | { readonly kind: 'approved'; readonly tokens: Tokens }
  /** 410 from Trakt, or the deadline reached on our monotonic clock. */
  | { readonly kind: 'expired'; readonly by: 'trakt' | 'deadline' }
  /** 418: the person declined. */
  | { readonly kind: 'declined' }
  /** 404 (Trakt does not know the device code) or 409 (already used). */
  | { readonly kind: 'refused'; readonly reason: 'unknown' | 'used' }
  /** A failure that waiting will not fix: bad client, VIP needed, account locked... */
  | { readonly kind: 'needs_person'; readonly error: TraktError }
  /** {@link DeviceCodePoller.cancel} was called. */
  | { readonly kind: 'cancelled' }

/** A change while the poll goes on. Times are on the monotonic clock (`monotonicNow()`). */
export type PollProgress =
  /** 400, or the start: the next poll is planned at `nextPollAt`. */
  | { readonly kind: 'waiting'; readonly nextPollAt: number; readonly intervalMs: number }
  /** 429: the interval grew to `intervalMs` for good; the next poll is at `nextPollAt`. */
  | { readonly kind: 'slowed_down'; readonly intervalMs: number; readonly nextPollAt: number }
  /** 5xx, network, timeout or unreadable answer: another attempt at `nextAttemptAt`. */
  | { readonly kind: 'retrying'; readonly error: TraktError; readonly nextAttemptAt: number }
  /** {@link DeviceCodePoller.pause} was called: nothing is sent until `resume()`. */
  | { readonly kind: 'paused' }

/** Everything the poller reports, in the order it happens. */
export type PollerEvent = PollProgress | PollOutcome

/** Where the poller is in its life. */
export type PollerState = 'idle' | 'running' | 'paused' | 'ended'

/** What a {@link DeviceCodePoller} is built from. */
export interface PollerOptions {
  /** The one Trakt call the poller makes. */
  readonly api: Pick<TraktApi, 'pollDeviceToken'>
  /**
   * Lifetime left, counted from now. Defaults to the code's whole `expiresIn`, which is right
   * when the code has just arrived; give what is left for a code restored after a restart.
   */
  readonly remainingMs?: number
  readonly clock?: Clock
  readonly timers?: Timers
  /** Cap of the doubling backoff after failures; {@link DEFAULT_MAX_BACKOFF_MS} by default. */
  readonly maxBackoffMs?: number
  /** Told of every change. Must not throw; an error it throws is rethrown on a timer. */
  readonly onEvent?: (event: PollerEvent) => void
}

/**
 * Polls for one device code until it is approved, refused, declined, expired or cancelled.
 *
 * At most one request is in flight; the first poll waits one interval after the code
 * arrived; no request is sent at or after the deadline (arrival + `expires_in` on the
 * monotonic clock); nothing is sent after an ending.
 */
export class DeviceCodePoller {
  private readonly code: DeviceCode
  private readonly api: Pick<TraktApi, 'pollDeviceToken'>
  private readonly clock: Clock
  private readonly timers: Timers
  private readonly maxBackoffMs: number
  private readonly onEvent: ((event: PollerEvent) => void) | undefined
  private readonly deadline: number
  private readonly outcome: Promise<PollOutcome>
  private settle: (outcome: PollOutcome) => void = () => undefined
  private state: PollerState = 'idle'
  private intervalMs: number
  /** When the last request was sent, or when the code arrived before the first one. */
  private lastPollAt: number
  private nextPollAt: number
  /** A `Retry-After` floor that resuming must honour too. */
  private notBefore = 0
  /** The last backoff wait; 0 while no failure is in a row. */
  private backoffMs = 0
  /** Aborted by pause, cancel and ending: stops the wait or the request of this run. */
  private run: AbortController | undefined
  /** Ends the flow at the deadline even while a poll is out (see `launch`). */
  private deadlineTimer: TimerHandle | undefined

  constructor(code: DeviceCode, options: PollerOptions) {
    this.code = code
    this.api = options.api
    this.clock = options.clock ?? browserClock
    this.timers = options.timers ?? browserTimers
    this.maxBackoffMs = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS
    this.onEvent = options.onEvent

    const now = this.clock.monotonicNow()
    this.deadline = now + Math.max(0, options.remainingMs ?? code.expiresIn * 1000)
    // An interval of 0 would poll in a tight loop; Trakt has always sent 5 or more.
    this.intervalMs = Math.max(1, code.interval) * 1000
    this.lastPollAt = now
    this.nextPollAt = now + this.intervalMs

    this.outcome = new Promise<PollOutcome>((resolve) => {
      this.settle = resolve
    })
  }

  /** Starts polling (once; later calls return the same promise) and resolves with the ending. */
  start(): Promise<PollOutcome> {
    if (this.state === 'idle') {
      this.state = 'running'
      this.emit({ kind: 'waiting', nextPollAt: this.nextPollAt, intervalMs: this.intervalMs })
      this.launch()
    }

    return this.outcome
  }

  /** App hidden: stops the wait, aborts a request in flight, sends nothing until `resume()`. */
  pause(): void {
    if (this.state !== 'running') return

    this.state = 'paused'
    this.stopRun()
    this.emit({ kind: 'paused' })
  }

  /**
   * App visible again: polls at once when at least an interval (and any `Retry-After`) has
   * passed since the last poll, else waits the rest. The deadline has kept running.
   */
  resume(): void {
    if (this.state !== 'paused') return

    this.state = 'running'
    this.nextPollAt = Math.max(this.lastPollAt + this.intervalMs, this.notBefore)
    this.emit({ kind: 'waiting', nextPollAt: this.nextPollAt, intervalMs: this.intervalMs })
    this.launch()
  }

  /** Ends the poll at once with `cancelled`: stops the wait, aborts a request in flight. */
  cancel(): void {
    this.end({ kind: 'cancelled' })
  }

  /** Milliseconds until the deadline, for a countdown; 0 once it has passed. */
  remainingMs(): number {
    return Math.max(0, this.deadline - this.clock.monotonicNow())
  }

  /** The interval now in force, grown by every 429. */
  currentIntervalMs(): number {
    return this.intervalMs
  }

  /** Where the poller is in its life. */
  status(): PollerState {
    return this.state
  }

  private launch(): void {
    const run = new AbortController()
    this.run = run

    // Our deadline counts from the answer's arrival, so Trakt's own expiry is no later: a poll
    // still out at the deadline can only come back 410. End now rather than show 0:00 and
    // "waiting" until that answer or the request timeout.
    const untilDeadline = Math.max(0, this.deadline - this.clock.monotonicNow())
    this.deadlineTimer = this.timers.setTimeout(
      () => this.end({ kind: 'expired', by: 'deadline' }),
      untilDeadline,
    )

    void this.loop(run.signal)
  }

  private stopRun(): void {
    const run = this.run
    this.run = undefined
    run?.abort()

    if (this.deadlineTimer !== undefined) this.timers.clearTimeout(this.deadlineTimer)
    this.deadlineTimer = undefined
  }

  private async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const now = this.clock.monotonicNow()
      if (now >= this.deadline) {
        this.end({ kind: 'expired', by: 'deadline' })
        return
      }

      if (now < this.nextPollAt) {
        // Never wait past the deadline: the countdown ends on time even mid-backoff.
        const until = Math.min(this.nextPollAt, this.deadline)
        try {
          await delay(until - now, signal, this.timers)
        } catch {
          return
        }
        continue
      }

      await this.pollOnce(signal)
    }
  }

  private async pollOnce(signal: AbortSignal): Promise<void> {
    this.lastPollAt = this.clock.monotonicNow()

    let answer: PollAnswer
    try {
      answer = await this.api.pollDeviceToken(this.code.deviceCode, signal)
    } catch (error) {
      if (!signal.aborted) this.onFailure(asTraktError(error))
      return
    }

    if (signal.aborted) {
      // Tokens handed out while the app was hiding are still ours; any other late answer
      // says nothing the next poll will not say again.
      if (answer.kind === 'approved' && this.state !== 'ended') {
        this.end({ kind: 'approved', tokens: answer.tokens })
      }
      return
    }
    this.onAnswer(answer)
  }

  /** The status table of `POST /oauth/device/token`. */
  private onAnswer(answer: PollAnswer): void {
    this.backoffMs = 0

    switch (answer.kind) {
      case 'approved': // 200
        return this.end({ kind: 'approved', tokens: answer.tokens })
      case 'pending': // 400: wait the interval, poll again
        return this.waitInterval()
      case 'unknown': // 404
        return this.end({ kind: 'refused', reason: 'unknown' })
      case 'used': // 409
        return this.end({ kind: 'refused', reason: 'used' })
      case 'expired': // 410
        return this.end({ kind: 'expired', by: 'trakt' })
      case 'declined': // 418
        return this.end({ kind: 'declined' })
      case 'slow_down': // 429: +5 s for good, or Retry-After when longer
        return this.slowDown(answer.retryAfterSeconds)
    }
  }

  /**
   * The interval counts from the answer, not from the sending. Trakt times the gap where
   * requests arrive, and a browser may send a CORS preflight before one poll and not the
   * next: counted from the sending, such a pair can arrive closer than the interval and earn
   * a 429 (and 5 s more for good). Each gap is longer by one round trip instead.
   */
  private waitInterval(): void {
    this.nextPollAt = this.clock.monotonicNow() + this.intervalMs
    this.emit({ kind: 'waiting', nextPollAt: this.nextPollAt, intervalMs: this.intervalMs })
  }

  private slowDown(retryAfterSeconds: number | undefined): void {
    this.intervalMs += SLOW_DOWN_STEP_MS

    const waitMs = Math.max(this.intervalMs, (retryAfterSeconds ?? 0) * 1000)
    this.nextPollAt = this.clock.monotonicNow() + waitMs
    this.notBefore = this.nextPollAt
    this.emit({ kind: 'slowed_down', intervalMs: this.intervalMs, nextPollAt: this.nextPollAt })
  }

  /** 5xx, network, timeout, unreadable answer: back off and retry; anything else is final. */
  private onFailure(error: TraktError): void {
    if (!error.transient && error.code !== 'aborted') {
      this.end({ kind: 'needs_person', error })
      return
    }

    this.backoffMs =
      this.backoffMs === 0 ? this.intervalMs : Math.min(this.backoffMs * 2, this.maxBackoffMs)

    const waitMs = Math.max(this.backoffMs, (error.retryAfterSeconds ?? 0) * 1000)
    this.nextPollAt = this.clock.monotonicNow() + waitMs
    this.emit({ kind: 'retrying', error, nextAttemptAt: this.nextPollAt })
  }

  private end(outcome: PollOutcome): void {
    if (this.state === 'ended') return

    this.state = 'ended'
    this.stopRun()

    this.emit(outcome)
    this.settle(outcome)
  }

  private emit(event: PollerEvent): void {
    notify(this.onEvent, event, this.timers)
  }
}

/** The client promises `TraktError` only; anything else is a bug, reported as final. */
function asTraktError(error: unknown): TraktError {
  if (isTraktError(error)) return error
  return new TraktError('unexpected_status', 'The poll failed in an unexpected way', {
    cause: error,
  })
}
