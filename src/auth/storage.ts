/**
 * The key-value storage both stores write to (the shape of `localStorage`), and the one
 * error its failures become. Reaching `localStorage` itself can throw (a blocked or private
 * mode), so storage is handed over as a getter and every access is guarded.
 */

/** The part of `localStorage` the stores use. */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/** A storage, or a function that returns one and may throw while doing so. */
export type StorageSource = KeyValueStorage | (() => KeyValueStorage | null | undefined)

/** Stable codes of storage failures. */
export type StorageErrorCode =
  /** No storage at all: missing, or refused on access (`SecurityError`, blocked cookies). */
  | 'unavailable'
  /** The storage is full (`QuotaExceededError`). */
  | 'quota_exceeded'
  /** Any other failure of a read, write or removal. */
  | 'write_failed'

/** A failure of the storage. The message never holds a stored value. */
export class StorageError extends Error {
  override readonly name = 'StorageError'
  readonly code: StorageErrorCode

  constructor(code: StorageErrorCode, message: string, cause?: unknown) {
    super(message)
    this.code = code
    // Not enumerable, as with a native `cause`: the error's JSON never carries what caused it.
    if (cause !== undefined) {
      Object.defineProperty(this, 'cause', {
        value: cause,
        configurable: true,
        enumerable: false,
        writable: true,
      })
    }
  }
}

/** Whether `value` is a {@link StorageError}, also across realms. */
export function isStorageError(value: unknown): value is StorageError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'StorageError' &&
    typeof (value as { code?: unknown }).code === 'string'
  )
}

/** The browser's `localStorage`, reached only when used. */
export const browserStorage: StorageSource = () =>
  typeof localStorage === 'undefined' ? undefined : localStorage

/** Reaches the storage, or throws {@link StorageError} `unavailable`. */
export function openStorage(source: StorageSource): KeyValueStorage {
  let storage: KeyValueStorage | null | undefined
  try {
    storage = typeof source === 'function' ? source() : source
  } catch (error) {
    throw new StorageError('unavailable', 'The storage refused access', error)
  }

  if (storage === null || storage === undefined) {
    throw new StorageError('unavailable', 'There is no storage')
  }
  return storage
}

/** Turns what a storage call threw into a {@link StorageError}, keeping the original as cause. */
export function asStorageError(error: unknown, doing: string): StorageError {
  if (isStorageError(error)) return error

  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : ''
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : 0
  // Engines name a full storage differently: 22 in WebKit/Blink, 1014 in old Firefox.
  if (
    name === 'QuotaExceededError' ||
    name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    code === 22 ||
    code === 1014
  ) {
    return new StorageError('quota_exceeded', `The storage is full (${doing})`, error)
  }
  if (name === 'SecurityError') {
    return new StorageError('unavailable', `The storage refused access (${doing})`, error)
  }
  return new StorageError('write_failed', `The storage failed (${doing})`, error)
}

/** Reports a problem found in storage; the message never holds a stored value. */
export type WarningListener = (message: string) => void

/**
 * Reads the versioned JSON record under `key`. A record that cannot be read, is not JSON, has
 * another version or fails `fromFields` is treated as absent: removed, with a warning that
 * names `what` and the fault, never a value.
 */
export function loadRecord<T>(
  source: StorageSource,
  key: string,
  version: number,
  fromFields: (fields: Readonly<Record<string, unknown>>) => T | undefined,
  what: string,
  warn: WarningListener,
): T | undefined {
  let text: string | null
  try {
    text = openStorage(source).getItem(key)
  } catch (error) {
    warn(`${what} could not be read: ${asStorageError(error, 'read').message}`)
    return undefined
  }
  if (text === null) return undefined

  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return discard(source, key, `${what} was not valid JSON`, warn)
  }

  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return discard(source, key, `${what} was not a JSON object`, warn)
  }
  const fields = parsed as Readonly<Record<string, unknown>>
  if (fields.version !== version) {
    return discard(
      source,
      key,
      `${what} has version ${String(fields.version)}, not ${version}`,
      warn,
    )
  }

  const value = fromFields(fields)
  if (value === undefined) return discard(source, key, `${what} has missing or wrong fields`, warn)
  return value
}

/** Writes `fields` with `version` under `key` in one `setItem`; throws {@link StorageError}. */
export function saveRecord(
  source: StorageSource,
  key: string,
  version: number,
  fields: Readonly<Record<string, unknown>>,
): void {
  const storage = openStorage(source)
  const text = JSON.stringify({ version, ...fields })

  try {
    storage.setItem(key, text)
  } catch (error) {
    throw asStorageError(error, 'write')
  }
}

/** Removes the record under `key`; throws {@link StorageError}. */
export function removeRecord(source: StorageSource, key: string): void {
  const storage = openStorage(source)

  try {
    storage.removeItem(key)
  } catch (error) {
    throw asStorageError(error, 'remove')
  }
}

function discard(
  source: StorageSource,
  key: string,
  fault: string,
  warn: WarningListener,
): undefined {
  try {
    removeRecord(source, key)
    warn(`${fault}; it was discarded`)
  } catch (error) {
    warn(`${fault}; it could not be removed: ${asStorageError(error, 'remove').message}`)
  }
  return undefined
}
