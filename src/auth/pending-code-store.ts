/**
 * Remembers the device code on screen, so that an app restarted before approval shows the
 * same user code with the time it has left instead of asking the person to start over.
 */
import type { DeviceCode } from '../trakt/types'
import { browserClock, type Clock } from './clock'
import { loadRecord, removeRecord, saveRecord, type StorageSource } from './storage'
import type { WarningListener } from './storage'

/** Where the pending code is kept unless told otherwise. */
export const DEFAULT_PENDING_CODE_KEY = 'trakt-signin.pending-code'

/** Bumped when the record's shape changes; a record of another version is discarded. */
const RECORD_VERSION = 1

/** A restored device code and its remaining lifetime, ready for the poller's `remainingMs`. */
export interface PendingCode {
  readonly code: DeviceCode
  readonly remainingMs: number
}

/** What a {@link PendingCodeStore} is built from. */
export interface PendingCodeStoreOptions {
  /** `localStorage` or the like, or a getter of it that may throw. */
  readonly storage: StorageSource
  /** Defaults to {@link DEFAULT_PENDING_CODE_KEY}. */
  readonly key?: string
  readonly clock?: Clock
  /** Told when a stored record was unreadable and discarded. Never given the device code. */
  readonly onWarning?: WarningListener
}

/**
 * Loads, saves and clears the pending device code. The caller clears it when the flow ends
 * in any way (approved, expired, declined, refused, needs a person, cancelled).
 */
export class PendingCodeStore {
  private readonly storage: StorageSource
  private readonly key: string
  private readonly clock: Clock
  private readonly onWarning: WarningListener

  constructor(options: PendingCodeStoreOptions) {
    this.storage = options.storage
    this.key = options.key ?? DEFAULT_PENDING_CODE_KEY
    this.clock = options.clock ?? browserClock
    this.onWarning = options.onWarning ?? (() => undefined)
  }

  /**
   * Remembers `code`, which arrived at wall time `receivedAt` (now by default).
   * Throws `StorageError`.
   */
  save(code: DeviceCode, receivedAt: number = this.clock.wallNow()): void {
    saveRecord(this.storage, this.key, RECORD_VERSION, {
      device_code: code.deviceCode,
      user_code: code.userCode,
      verification_url: code.verificationUrl,
      interval: code.interval,
      expires_in: code.expiresIn,
      received_at: receivedAt,
    })
  }

  /**
   * The remembered code with its remaining lifetime: `expires_in` minus the wall time since it
   * arrived. `undefined` (and removed) when it has run out, when the wall clock is before its
   * arrival (the clock moved back, so the time left cannot be known), or when it is unreadable.
   */
  load(): PendingCode | undefined {
    const stored = loadRecord(
      this.storage,
      this.key,
      RECORD_VERSION,
      toPending,
      'The stored device code',
      this.onWarning,
    )
    if (stored === undefined) return undefined

    // LIMITATION: across a restart only the wall clock links then and now; if it was set back
    // by less than the time elapsed, the time left is overstated until Trakt answers 410.
    // A server time (the `Date` header of an answer) would fix it.
    const elapsedMs = this.clock.wallNow() - stored.receivedAt
    const remainingMs = stored.code.expiresIn * 1000 - elapsedMs
    if (elapsedMs < 0 || remainingMs <= 0) {
      this.forget()
      return undefined
    }

    return { code: stored.code, remainingMs }
  }

  /** Forgets the pending code. Throws `StorageError`. */
  clear(): void {
    removeRecord(this.storage, this.key)
  }

  private forget(): void {
    try {
      this.clear()
    } catch {
      // Reading worked a moment ago; if removing fails, the next load discards it again.
    }
  }
}

function toPending(
  fields: Readonly<Record<string, unknown>>,
): { code: DeviceCode; receivedAt: number } | undefined {
  const {
    device_code: deviceCode,
    user_code: userCode,
    verification_url: verificationUrl,
    interval,
    expires_in: expiresIn,
    received_at: receivedAt,
  } = fields

  if (!isText(deviceCode) || !isText(userCode) || !isText(verificationUrl)) return undefined
  if (!isPositive(interval) || !isPositive(expiresIn)) return undefined
  if (typeof receivedAt !== 'number' || !isFinite(receivedAt)) return undefined

  return { code: { deviceCode, userCode, verificationUrl, interval, expiresIn }, receivedAt }
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== ''
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && isFinite(value) && value > 0
}
