import { describe, expect, it } from 'vitest'
import { StorageError, browserStorage } from '../../../src/auth/storage'
import { DEFAULT_SESSION_KEY, TokenStore, type StoredSession } from '../../../src/auth/token-store'
import { MemoryStorage, domError, tokens } from './fakes'

const session: StoredSession = { tokens: tokens(1), receivedAt: 1_788_000_000_000 }

function setup(storage = new MemoryStorage()): {
  storage: MemoryStorage
  store: TokenStore
  warnings: string[]
} {
  const warnings: string[] = []
  const store = new TokenStore({ storage, onWarning: (message) => warnings.push(message) })
  return { storage, store, warnings }
}

function expectNoSecret(warnings: string[]): void {
  for (const warning of warnings) {
    expect(warning).not.toMatch(/access-token|refresh-token/)
  }
}

describe('TokenStore', () => {
  it('writes one versioned record under the namespaced key in one write', () => {
    const { storage, store } = setup()

    store.save(session)

    expect(storage.writes).toHaveLength(1)
    expect(storage.writes[0]?.key).toBe('trakt-signin.session')
    expect(DEFAULT_SESSION_KEY).toBe('trakt-signin.session')
    expect(JSON.parse(storage.writes[0]?.value ?? '')).toEqual({
      version: 1,
      access_token: 'access-token-1',
      refresh_token: 'refresh-token-1',
      token_type: 'bearer',
      scope: 'public',
      created_at: tokens(1).createdAt,
      expires_in: 604_800,
      received_at: session.receivedAt,
    })
    expect(store.load()).toEqual(session)
  })

  it('uses the key it is given', () => {
    const storage = new MemoryStorage()
    const store = new TokenStore({ storage, key: 'other.key' })

    store.save(session)

    expect([...storage.items.keys()]).toEqual(['other.key'])
    expect(store.load()).toEqual(session)
  })

  it('answers undefined when nothing is stored, without warning', () => {
    const { store, warnings } = setup()

    expect(store.load()).toBeUndefined()
    expect(warnings).toEqual([])
  })

  it('clears the record', () => {
    const { storage, store } = setup()
    store.save(session)

    store.clear()

    expect(storage.items.size).toBe(0)
    expect(store.load()).toBeUndefined()
  })

  const record = JSON.parse(JSON.stringify({ version: 1, ...wire() })) as Record<string, unknown>
  function wire(): Record<string, unknown> {
    return {
      access_token: 'access-token-1',
      refresh_token: 'refresh-token-1',
      token_type: 'bearer',
      scope: 'public',
      created_at: 1,
      expires_in: 600,
      received_at: 2,
    }
  }

  it.each([
    ['corrupt JSON', '{"version":1,"access_token":"access-token-1"', /not valid JSON/],
    ['JSON that is not an object', '["access-token-1"]', /not a JSON object/],
    ['another version', JSON.stringify({ ...record, version: 2 }), /version 2, not 1/],
    ['no version', JSON.stringify(wire()), /version undefined/],
    ['a missing access token', JSON.stringify({ ...record, access_token: undefined }), /fields/],
    ['an empty access token', JSON.stringify({ ...record, access_token: '' }), /fields/],
    [
      'a refresh token of the wrong type',
      JSON.stringify({ ...record, refresh_token: 7 }),
      /fields/,
    ],
    ['a missing scope', JSON.stringify({ ...record, scope: undefined }), /fields/],
    ['a text created_at', JSON.stringify({ ...record, created_at: '1' }), /fields/],
    ['a zero expires_in', JSON.stringify({ ...record, expires_in: 0 }), /fields/],
    ['no arrival time', JSON.stringify({ ...record, received_at: null }), /fields/],
  ])('treats %s as absent, removes it and warns without a token', (_what, text, fault) => {
    const { storage, store, warnings } = setup()
    storage.items.set(DEFAULT_SESSION_KEY, text)

    expect(store.load()).toBeUndefined()

    expect(storage.items.has(DEFAULT_SESSION_KEY)).toBe(false)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(fault)
    expect(warnings[0]).toMatch(/discarded/)
    expectNoSecret(warnings)
  })

  it('warns when a bad record cannot even be removed', () => {
    const { storage, store, warnings } = setup()
    storage.items.set(DEFAULT_SESSION_KEY, 'not json')
    storage.failRemove = domError('SecurityError', 18)

    expect(store.load()).toBeUndefined()

    expect(warnings).toEqual([
      'The stored session was not valid JSON; it could not be removed: ' +
        'The storage refused access (remove)',
    ])
  })

  it.each([
    ['QuotaExceededError', domError('QuotaExceededError', 22), 'quota_exceeded'],
    ['a WebKit quota code', domError('Error', 22), 'quota_exceeded'],
    ['an old Firefox quota', domError('NS_ERROR_DOM_QUOTA_REACHED', 1014), 'quota_exceeded'],
    ['SecurityError', domError('SecurityError', 18), 'unavailable'],
    ['anything else', new TypeError('odd'), 'write_failed'],
  ])(
    'reports a write that throws %s as a StorageError with a stable code',
    (_what, thrown, code) => {
      const { storage, store } = setup()
      storage.failSet = thrown

      let error: unknown
      try {
        store.save(session)
      } catch (caught) {
        error = caught
      }

      expect(error).toBeInstanceOf(StorageError)
      expect(error).toMatchObject({ name: 'StorageError', code, cause: thrown })
      expect(String((error as Error).message)).not.toMatch(/token/)
    },
  )

  it('reports a removal that throws as a StorageError', () => {
    const { storage, store } = setup()
    storage.failRemove = new Error('boom')

    expect(() => store.clear()).toThrow(expect.objectContaining({ code: 'write_failed' }))
  })

  it('survives a storage whose getter throws: load warns, save and clear throw unavailable', () => {
    const warnings: string[] = []
    const store = new TokenStore({
      storage: () => {
        throw domError('SecurityError', 18)
      },
      onWarning: (message) => warnings.push(message),
    })

    expect(store.load()).toBeUndefined()
    expect(warnings).toEqual(['The stored session could not be read: The storage refused access'])
    expect(() => store.save(session)).toThrow(expect.objectContaining({ code: 'unavailable' }))
    expect(() => store.clear()).toThrow(expect.objectContaining({ code: 'unavailable' }))
  })

  it('survives a storage whose read throws', () => {
    const { storage, store, warnings } = setup()
    storage.failGet = domError('SecurityError', 18)

    expect(store.load()).toBeUndefined()
    expect(warnings).toEqual([
      'The stored session could not be read: The storage refused access (read)',
    ])
  })

  it('treats a missing localStorage (as in Node) as unavailable', () => {
    const store = new TokenStore({ storage: browserStorage })

    expect(store.load()).toBeUndefined()
    expect(() => store.save(session)).toThrow(expect.objectContaining({ code: 'unavailable' }))
  })

  it('takes a storage getter that works', () => {
    const storage = new MemoryStorage()
    const store = new TokenStore({ storage: () => storage })

    store.save(session)

    expect(store.load()).toEqual(session)
  })
})
