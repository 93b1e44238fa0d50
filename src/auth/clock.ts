/**
 * Time as the auth code sees it: two clocks, the timers, and one abortable delay. Everything
 * here is injected so that tests drive time by hand and never sleep.
 */

/** The two clocks the device flow needs. */
export interface Clock {
  /**
   * Wall time in ms since the epoch (`Date.now()`). Used only for what must survive a
   * restart: when tokens or a device code arrived. A TV's wall clock can be wrong at boot.
   */
  wallNow(): number
  /**
   * Monotonic ms (`performance.now()`). Deadlines, intervals and countdowns come from it,
   * so a wall-clock jump changes none of them.
   */
  monotonicNow(): number
}

/** An opaque handle from {@link Timers.setTimeout}. */
export type TimerHandle = unknown

/** The timer functions, injectable so tests can record every delay asked for. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

/** The browser's clocks; `performance` falls back to `Date` on engines without it. */
export const browserClock: Clock = {
  wallNow: () => Date.now(),
  monotonicNow: () =>
    typeof performance !== 'undefined' && typeof performance.now === 'function'
      ? performance.now()
      : Date.now(),
}

/** The global timers, looked up at each call so that a test's fake timers are honoured. */
export const browserTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** What {@link delay} rejects with when its signal fires. */
export class AbortError extends Error {
  override readonly name = 'AbortError'

  constructor(message = 'The wait was aborted') {
    super(message)
  }
}

/** Whether `value` is an {@link AbortError} (or a DOM `AbortError`), also across realms. */
export function isAbortError(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'AbortError'
  )
}

/**
 * Waits `ms` (at least 0), or rejects with {@link AbortError} as soon as `signal` fires.
 * Whichever way it ends, the abort listener and the timer are removed, so a long-lived signal
 * does not collect listeners from every wait.
 */
export function delay(
  ms: number,
  signal?: AbortSignal,
  timers: Timers = browserTimers,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new AbortError())
      return
    }

    const onAbort = (): void => {
      timers.clearTimeout(handle)
      reject(new AbortError())
    }
    const handle = timers.setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      },
      Math.max(0, ms),
    )
    signal?.addEventListener('abort', onAbort)
  })
}

/**
 * Tells `listener` of `event`. A listener that throws must not stop the poll or the session
 * that called it: its error is thrown again on a timer, so it still reaches the global handler.
 */
export function notify<T>(
  listener: ((event: T) => void) | undefined,
  event: T,
  timers: Timers,
): void {
  try {
    listener?.(event)
  } catch (error) {
    timers.setTimeout(() => {
      throw error
    }, 0)
  }
}
