import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as auth from '../../../src/auth'
import {
  AbortError,
  browserClock,
  browserTimers,
  delay,
  isAbortError,
} from '../../../src/auth/clock'
import { RecordingTimers, useFakeTime } from './fakes'

let timers: RecordingTimers

beforeEach(() => {
  ;({ timers } = useFakeTime())
})

afterEach(() => {
  vi.useRealTimers()
})

describe('delay', () => {
  it('resolves after the time asked for, and removes its abort listener', async () => {
    const abort = new AbortController()
    const removed = vi.spyOn(abort.signal, 'removeEventListener')
    let done = false

    void delay(1_000, abort.signal, timers).then(() => (done = true))
    await vi.advanceTimersByTimeAsync(999)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)

    expect(done).toBe(true)
    expect(timers.delays).toEqual([1_000])
    expect(removed).toHaveBeenCalledWith('abort', expect.any(Function))
  })

  it('rejects at once with AbortError when aborted, and clears its timer', async () => {
    const abort = new AbortController()
    const waiting = delay(60_000, abort.signal, timers)

    abort.abort()

    await expect(waiting).rejects.toBeInstanceOf(AbortError)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('rejects without a timer when the signal has already fired', async () => {
    const abort = new AbortController()
    abort.abort()

    await expect(delay(10, abort.signal, timers)).rejects.toMatchObject({ name: 'AbortError' })
    expect(timers.delays).toEqual([])
  })

  it('waits no time for a negative delay, and works without a signal or timers', async () => {
    let done = false

    void delay(-5).then(() => (done = true))
    await vi.advanceTimersByTimeAsync(0)

    expect(done).toBe(true)
  })
})

describe('browser defaults', () => {
  it('read Date and performance, and use the global timers', async () => {
    const wall = browserClock.wallNow()
    const monotonic = browserClock.monotonicNow()
    let fired = false

    browserTimers.setTimeout(() => (fired = true), 100)
    const cleared = browserTimers.setTimeout(() => expect.fail('cleared timer fired'), 100)
    browserTimers.clearTimeout(cleared)
    await vi.advanceTimersByTimeAsync(100)

    expect(fired).toBe(true)
    expect(browserClock.wallNow() - wall).toBe(100)
    expect(browserClock.monotonicNow() - monotonic).toBe(100)
  })

  it('fall back to Date when there is no performance clock', () => {
    vi.stubGlobal('performance', undefined)
    try {
      expect(browserClock.monotonicNow()).toBe(Date.now())
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('isAbortError', () => {
  it('recognises abort errors by name, from any realm', () => {
    expect(isAbortError(new AbortError())).toBe(true)
    expect(isAbortError({ name: 'AbortError' })).toBe(true)
    expect(isAbortError(new Error('other'))).toBe(false)
    expect(isAbortError(null)).toBe(false)
  })
})

describe('the public surface', () => {
  it('exports the poller, the stores, the session and the clock', () => {
    expect(Object.keys(auth).sort()).toEqual(
      [
        'AbortError',
        'DEFAULT_MAX_BACKOFF_MS',
        'DEFAULT_MIN_REFRESH_DELAY_MS',
        'DEFAULT_PENDING_CODE_KEY',
        'DEFAULT_REFRESH_RATIO',
        'DEFAULT_RETRY_BASE_MS',
        'DEFAULT_RETRY_MAX_MS',
        'DEFAULT_REVOKE_TIMEOUT_MS',
        'DEFAULT_SESSION_KEY',
        'DeviceCodePoller',
        'PendingCodeStore',
        'Session',
        'StorageError',
        'TokenStore',
        'browserClock',
        'browserStorage',
        'browserTimers',
        'delay',
        'isAbortError',
        'isStorageError',
      ].sort(),
    )
  })
})
