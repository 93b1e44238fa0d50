/**
 * What the screens render: one plain value per moment, made by the sign-in model. Screens
 * read it and send intentions back; they hold no protocol logic of their own.
 */
import type { TraktUser } from '../trakt/types'

export type ViewState = StartingView | PairingView | SignedInView | ProblemView

/** A saved session is being checked or refreshed before anything else is shown. */
export interface StartingView {
  readonly screen: 'starting'
}

/** Where a device code stands, from the person's point of view. */
export type PairingPhase =
  /** Asking Trakt for a code; `retryAt` is set while the request is being retried. */
  | 'requesting'
  /** The code is shown and Trakt is polled. */
  | 'waiting'
  /** The last poll failed (offline, Trakt down); polling goes on. */
  | 'retrying'
  /** Trakt asked to poll more slowly; polling goes on. */
  | 'slowed'
  /** The code ran out of time. */
  | 'expired'
  /** The person declined on the activation page. */
  | 'declined'
  /** Trakt no longer accepts the code (already used, or unknown). */
  | 'refused'

/** The phases that end polling and wait for "get a new code". */
export const ENDED_PHASES: ReadonlySet<PairingPhase> = new Set(['expired', 'declined', 'refused'])

/** The code on screen. */
export interface ShownCode {
  /** Ungrouped, as the person types it. */
  readonly userCode: string
  /** The activation page, as Trakt sent it. */
  readonly verificationUrl: string
  /** What the QR code holds: the activation page with the code filled in. */
  readonly qrText: string
}

export interface PairingView {
  readonly screen: 'pairing'
  readonly phase: PairingPhase
  /** Undefined until the first code arrives. */
  readonly code: ShownCode | undefined
  /** Monotonic time of the next attempt, while `retrying` or re-requesting a code. */
  readonly retryAt: number | undefined
  /** Seconds between polls, after Trakt asked to slow down. */
  readonly interval: number | undefined
  /** Why the person is pairing again (a refused refresh, a finished sign-out). */
  readonly notice: Notice | undefined
}

/** A one-sentence message the screens word (see `src/copy.ts`). */
export type Notice =
  | 'signed-out'
  | 'session-refused'
  | 'not-remembered'
  | 'refreshed'
  | 'refresh-failed'
  | 'profile-unavailable'

export interface SessionFacts {
  /** Unix seconds on Trakt's clock, as Trakt sent it. */
  readonly createdAt: number
  readonly scope: string
  /** Wall-clock milliseconds at which the access token lapses. */
  readonly expiresAt: number
  readonly refreshable: boolean
}

export interface SignedInView {
  readonly screen: 'signed-in'
  /** Undefined while the profile loads, or when it could not be loaded. */
  readonly user: TraktUser | undefined
  readonly facts: SessionFacts
  readonly activity: 'idle' | 'refreshing' | 'signing-out'
  /** The "Sign out of Trakt on this TV?" question is on screen. */
  readonly confirmingSignOut: boolean
  readonly notice: Notice | undefined
}

/** Problems that waiting does not fix. */
export type ProblemKind =
  | 'not-configured'
  | 'insecure-url'
  | 'client-refused'
  | 'vip-required'
  | 'account-locked'
  | 'unexpected'

export interface ProblemView {
  readonly screen: 'problem'
  readonly kind: ProblemKind
  /** For whoever installed the app: the HTTP status, when there was an answer. */
  readonly status: number | undefined
  /** For whoever installed the app: the request path, never with a query. */
  readonly path: string | undefined
  /** For whoever installed the app: the client's own words, which name no secret. */
  readonly detail: string | undefined
}
