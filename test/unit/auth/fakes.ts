/**
 * Test doubles for the auth code: a clock whose wall and monotonic time move apart on
 * demand, timers that record every delay asked for, a storage in memory, and Trakt fakes
 * that fail closed (an unexpected call fails the test, and so does an expected one that
 * never came).
 */
import { expect, vi } from 'vitest'
import type { Clock, TimerHandle, Timers } from '../../../src/auth/clock'
import type { KeyValueStorage } from '../../../src/auth/storage'
import { TraktError, type TraktErrorCode } from '../../../src/trakt/errors'
import type { DeviceCode, PollAnswer, Tokens } from '../../../src/trakt/types'

/**
 * Wall time is vitest's faked `Date`, monotonic time its faked `performance.now()`: timers
 * advance both, and {@link FakeClock.jumpWall} moves the wall clock alone, like a TV whose
 * clock is set by the network after boot.
 */
export class FakeClock implements Clock {
  wallNow(): number {
    return Date.now()
  }

  monotonicNow(): number {
    return performance.now()
  }

  jumpWall(ms: number): void {
    vi.setSystemTime(Date.now() + ms)
  }
}

/** The faked global timers, recording each delay asked for. */
export class RecordingTimers implements Timers {
  readonly delays: number[] = []

  setTimeout(callback: () => void, ms: number): TimerHandle {
    this.delays.push(ms)
    return setTimeout(callback, ms)
  }

  clearTimeout(handle: TimerHandle): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>)
  }
}

/** Starts fake time at a fixed wall time; returns the clock and timers to inject. */
export function useFakeTime(wall = Date.UTC(2026, 8, 1, 12)): {
  clock: FakeClock
  timers: RecordingTimers
} {
  vi.useFakeTimers({ now: wall })
  return { clock: new FakeClock(), timers: new RecordingTimers() }
}

/** A `localStorage` in memory that counts writes and can be made to fail. */
export class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>()
  readonly writes: Array<{ key: string; value: string }> = []
  failSet: unknown = undefined
  failGet: unknown = undefined
  failRemove: unknown = undefined

  getItem(key: string): string | null {
    if (this.failGet !== undefined) throw this.failGet
    return this.items.get(key) ?? null
  }

  setItem(key: string, value: string): void {
    if (this.failSet !== undefined) throw this.failSet
    this.writes.push({ key, value })
    this.items.set(key, value)
  }

  removeItem(key: string): void {
    if (this.failRemove !== undefined) throw this.failRemove
    this.items.delete(key)
  }
}

/** An error shaped like the DOMException a browser throws. */
export function domError(name: string, code = 0): Error {
  const error = new Error(`${name} from the engine`)
  Object.defineProperty(error, 'name', { value: name })
  Object.defineProperty(error, 'code', { value: code })
  return error
}

/** A `TraktError` as the client would throw it. */
export function traktError(
  code: TraktErrorCode,
  details: { status?: number; retryAfterSeconds?: number } = {},
): TraktError {
  return new TraktError(code, `fake ${code}`, details)
}

/** A device code as the client hands it over. */
export function deviceCode(overrides: Partial<DeviceCode> = {}): DeviceCode {
  return {
    deviceCode: 'device-code-secret',
    userCode: '5055CC52',
    verificationUrl: 'https://trakt.tv/activate',
    expiresIn: 600,
    interval: 5,
    ...overrides,
  }
}

/** A token pair; `n` makes each pair distinct. */
export function tokens(n = 1, overrides: Partial<Tokens> = {}): Tokens {
  return {
    accessToken: `access-token-${n}`,
    refreshToken: `refresh-token-${n}`,
    tokenType: 'bearer',
    scope: 'public',
    createdAt: 1_788_000_000 + n,
    expiresIn: 604_800,
    ...overrides,
  }
}

/**
 * One scripted reply: a value, an error, or `hang` (never settles unless aborted). `afterMs`
 * delays the reply on the faked timers, to model a slow network; `ignoreAbort` models an
 * engine whose request goes on after an abort (the fake still records that it saw it).
 */
export type Reply<T> =
  | { readonly value: T; readonly afterMs?: number; readonly ignoreAbort?: boolean }
  | { readonly error: unknown; readonly afterMs?: number; readonly ignoreAbort?: boolean }
  | { readonly hang: true }

/** One call a fake received. */
export interface Call {
  readonly method: string
  readonly argument: string
  readonly at: number
  readonly signal: AbortSignal | undefined
  aborted: boolean
}

/**
 * A scripted fake of `TraktApi`: each method answers from its own queue in order. A call with
 * an empty queue is recorded as unexpected and rejected; {@link ScriptedApi.verify} fails
 * the test on any unexpected call or any reply left unused.
 */
export class ScriptedApi {
  readonly calls: Call[] = []
  readonly unexpected: string[] = []
  /** Requests of one method not yet settled or aborted, by method. */
  private readonly pending = new Map<string, number>()
  /** The most requests of one method ever in flight at once. */
  maxInFlight = 0
  private readonly queues = new Map<string, Array<Reply<unknown>>>()

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Queues replies for `method`. */
  expect<T>(method: string, ...replies: Array<Reply<T>>): this {
    const queue = this.queues.get(method) ?? []
    queue.push(...(replies as Array<Reply<unknown>>))
    this.queues.set(method, queue)
    return this
  }

  inFlight(method: string): number {
    return this.pending.get(method) ?? 0
  }

  callsOf(method: string): Call[] {
    return this.calls.filter((call) => call.method === method)
  }

  verify(): void {
    expect(this.unexpected, 'unexpected calls').toEqual([])
    const left = [...this.queues].filter(([, queue]) => queue.length > 0).map(([m]) => m)
    expect(left, 'expected calls that never came').toEqual([])
  }

  pollDeviceToken(deviceCode: string, signal?: AbortSignal): Promise<PollAnswer> {
    return this.answer('pollDeviceToken', deviceCode, signal)
  }

  refreshTokens(refreshToken: string, signal?: AbortSignal): Promise<Tokens> {
    return this.answer('refreshTokens', refreshToken, signal)
  }

  revokeToken(accessToken: string, signal?: AbortSignal): Promise<void> {
    return this.answer('revokeToken', accessToken, signal)
  }

  private answer<T>(method: string, argument: string, signal?: AbortSignal): Promise<T> {
    const call: Call = { method, argument, at: this.now(), signal, aborted: false }
    this.calls.push(call)
    const reply = this.queues.get(method)?.shift()
    if (reply === undefined) {
      this.unexpected.push(method)
      return Promise.reject(new Error(`unexpected ${method}`))
    }

    this.pending.set(method, this.inFlight(method) + 1)
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight(method))
    return new Promise<T>((resolve, reject) => {
      let done = false
      const finish = (): boolean => {
        if (done) return false
        done = true
        this.pending.set(method, this.inFlight(method) - 1)
        return true
      }
      signal?.addEventListener('abort', () => {
        call.aborted = true
        if ('hang' in reply || reply.ignoreAbort !== true) {
          if (finish()) reject(traktError('aborted'))
        }
      })

      if ('hang' in reply) return
      const settle = (): void => {
        if (!finish()) return
        if ('error' in reply) reject(reply.error)
        else resolve(reply.value as T)
      }
      if (reply.afterMs === undefined) settle()
      else setTimeout(settle, reply.afterMs)
    })
  }
}

/** Replies of the poll, by status. */
export const poll = {
  approved: (n = 1): Reply<PollAnswer> => ({ value: { kind: 'approved', tokens: tokens(n) } }),
  pending: (afterMs?: number): Reply<PollAnswer> => ({ value: { kind: 'pending' }, afterMs }),
  slowDown: (retryAfterSeconds?: number): Reply<PollAnswer> => ({
    value: { kind: 'slow_down', retryAfterSeconds },
  }),
  unknown: (): Reply<PollAnswer> => ({ value: { kind: 'unknown' } }),
  used: (): Reply<PollAnswer> => ({ value: { kind: 'used' } }),
  expired: (): Reply<PollAnswer> => ({ value: { kind: 'expired' } }),
  declined: (): Reply<PollAnswer> => ({ value: { kind: 'declined' } }),
  fail: (code: TraktErrorCode, status?: number): Reply<PollAnswer> => ({
    error: traktError(code, { status }),
  }),
}
