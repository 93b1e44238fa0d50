/**
 * Keeps the session's tokens across restarts: one versioned JSON record under one key,
 * written in a single `setItem` so that a reader never sees half a token pair.
 */
import type { Tokens } from '../trakt/types'
import { loadRecord, removeRecord, saveRecord, type StorageSource } from './storage'
import type { WarningListener } from './storage'

/** Where the session is kept unless told otherwise. */
export const DEFAULT_SESSION_KEY = 'trakt-signin.session'

/** Bumped when the record's shape changes; a record of another version is discarded. */
const RECORD_VERSION = 1

/** A token pair and when it arrived. */
export interface StoredSession {
  readonly tokens: Tokens
  /** Local wall time (ms) when the tokens arrived: expiry is counted from it. */
  readonly receivedAt: number
}

/** What a {@link TokenStore} is built from. */
export interface TokenStoreOptions {
  /** `localStorage` or the like, or a getter of it that may throw. */
  readonly storage: StorageSource
  /** Defaults to {@link DEFAULT_SESSION_KEY}. */
  readonly key?: string
  /** Told when a stored record was unreadable and discarded. Never given a token. */
  readonly onWarning?: WarningListener
}

/** Loads, saves and clears the one stored session. */
export class TokenStore {
  private readonly storage: StorageSource
  private readonly key: string
  private readonly onWarning: WarningListener

  constructor(options: TokenStoreOptions) {
    this.storage = options.storage
    this.key = options.key ?? DEFAULT_SESSION_KEY
    this.onWarning = options.onWarning ?? (() => undefined)
  }

  /** The stored session, or `undefined` when there is none or it was unusable (then removed). */
  load(): StoredSession | undefined {
    return loadRecord(
      this.storage,
      this.key,
      RECORD_VERSION,
      toSession,
      'The stored session',
      this.onWarning,
    )
  }

  /** Replaces the stored session in one write. Throws `StorageError`. */
  save(session: StoredSession): void {
    const { tokens } = session
    saveRecord(this.storage, this.key, RECORD_VERSION, {
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      token_type: tokens.tokenType,
      scope: tokens.scope,
      created_at: tokens.createdAt,
      expires_in: tokens.expiresIn,
      received_at: session.receivedAt,
    })
  }

  /** Forgets the stored session. Throws `StorageError`. */
  clear(): void {
    removeRecord(this.storage, this.key)
  }
}

function toSession(fields: Readonly<Record<string, unknown>>): StoredSession | undefined {
  const {
    access_token: accessToken,
    refresh_token: refreshToken,
    token_type: tokenType,
    scope,
    created_at: createdAt,
    expires_in: expiresIn,
    received_at: receivedAt,
  } = fields

  if (typeof accessToken !== 'string' || accessToken === '') return undefined
  if (typeof refreshToken !== 'string') return undefined
  if (typeof tokenType !== 'string' || typeof scope !== 'string') return undefined
  if (!isFiniteNumber(createdAt) || !isFiniteNumber(receivedAt)) return undefined
  if (!isFiniteNumber(expiresIn) || expiresIn <= 0) return undefined

  return {
    tokens: { accessToken, refreshToken, tokenType, scope, createdAt, expiresIn },
    receivedAt,
  }
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && isFinite(value)
}
