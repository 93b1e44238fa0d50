import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_PENDING_CODE_KEY, PendingCodeStore } from '../../../src/auth/pending-code-store'
import { FakeClock, MemoryStorage, deviceCode, domError, useFakeTime } from './fakes'

let clock: FakeClock
let storage: MemoryStorage
let warnings: string[]
let store: PendingCodeStore

beforeEach(() => {
  ;({ clock } = useFakeTime())
  storage = new MemoryStorage()
  warnings = []
  store = new PendingCodeStore({ storage, clock, onWarning: (message) => warnings.push(message) })
})

afterEach(() => {
  vi.useRealTimers()
  for (const warning of warnings) expect(warning).not.toMatch(/device-code-secret/)
})

describe('PendingCodeStore', () => {
  it('remembers the code under its own key and gives back the time it has left', async () => {
    store.save(deviceCode({ expiresIn: 600 }))
    await vi.advanceTimersByTimeAsync(100_000)

    expect(store.load()).toEqual({ code: deviceCode({ expiresIn: 600 }), remainingMs: 500_000 })
    expect([...storage.items.keys()]).toEqual([DEFAULT_PENDING_CODE_KEY])
    expect(DEFAULT_PENDING_CODE_KEY).toBe('trakt-signin.pending-code')
    expect(storage.writes).toHaveLength(1)
  })

  it('counts from the arrival time it is given', () => {
    store.save(deviceCode({ expiresIn: 600 }), clock.wallNow() - 60_000)

    expect(store.load()?.remainingMs).toBe(540_000)
  })

  it('discards a code that has run out', () => {
    store.save(deviceCode({ expiresIn: 600 }))
    clock.jumpWall(600_000)

    expect(store.load()).toBeUndefined()
    expect(storage.items.size).toBe(0)
  })

  it('discards a code when the wall clock is before its arrival', () => {
    store.save(deviceCode({ expiresIn: 600 }))
    clock.jumpWall(-1)

    expect(store.load()).toBeUndefined()
    expect(storage.items.size).toBe(0)
  })

  it('still answers undefined when a stale code cannot be removed', () => {
    store.save(deviceCode({ expiresIn: 600 }))
    clock.jumpWall(601_000)
    storage.failRemove = domError('SecurityError', 18)

    expect(store.load()).toBeUndefined()
  })

  it.each([
    ['corrupt JSON', '{'],
    ['another version', JSON.stringify({ version: 0 })],
    [
      'a missing user code',
      JSON.stringify({
        version: 1,
        device_code: 'device-code-secret',
        verification_url: 'https://trakt.tv/activate',
        interval: 5,
        expires_in: 600,
        received_at: 0,
      }),
    ],
    [
      'a zero interval',
      JSON.stringify({
        version: 1,
        device_code: 'device-code-secret',
        user_code: 'ABCD',
        verification_url: 'https://trakt.tv/activate',
        interval: 0,
        expires_in: 600,
        received_at: 0,
      }),
    ],
    [
      'a text arrival time',
      JSON.stringify({
        version: 1,
        device_code: 'device-code-secret',
        user_code: 'ABCD',
        verification_url: 'https://trakt.tv/activate',
        interval: 5,
        expires_in: 600,
        received_at: 'now',
      }),
    ],
  ])('discards %s with a warning that holds no device code', (_what, text) => {
    storage.items.set(DEFAULT_PENDING_CODE_KEY, text)

    expect(store.load()).toBeUndefined()

    expect(storage.items.size).toBe(0)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^The stored device code .*discarded$/)
  })

  it('clears the code', () => {
    store.save(deviceCode())

    store.clear()

    expect(store.load()).toBeUndefined()
  })

  it('reports a full storage as a StorageError', () => {
    storage.failSet = domError('QuotaExceededError', 22)

    expect(() => store.save(deviceCode())).toThrow(
      expect.objectContaining({ name: 'StorageError', code: 'quota_exceeded' }),
    )
  })
})
