/**
 * The key-value storage the session and the pending code are kept in: the browser's
 * `localStorage`, or memory when the engine blocks it (private mode, a locked-down
 * profile), so that a sign-in still works, though it will not be remembered.
 */

/** The part of the Web Storage API the stores use. */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export interface AppStorage {
  readonly storage: KeyValueStorage
  /** False when the engine refused `localStorage` and memory stands in for it. */
  readonly persistent: boolean
}

/** `localStorage` when it can be read and written, else an in-memory stand-in. */
export function openAppStorage(): AppStorage {
  try {
    const storage = window.localStorage
    const probe = '__trakt-signin-probe__'
    storage.setItem(probe, '1')
    storage.removeItem(probe)
    return { storage, persistent: true }
  } catch {
    return { storage: memoryStorage(), persistent: false }
  }
}

/** A storage that lives as long as the page. */
export function memoryStorage(): KeyValueStorage {
  const items = new Map<string, string>()
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
  }
}
