/**
 * Signing in with Trakt's device flow, free of any UI framework: the poller, the two stores,
 * the session, and the clock and timers they are given.
 */
export { AbortError, browserClock, browserTimers, delay, isAbortError } from './clock'
export type { Clock, TimerHandle, Timers } from './clock'
export { DEFAULT_MAX_BACKOFF_MS, DeviceCodePoller } from './poller'
export type { PollOutcome, PollProgress, PollerEvent, PollerOptions, PollerState } from './poller'
export { StorageError, browserStorage, isStorageError } from './storage'
export type { KeyValueStorage, StorageErrorCode, StorageSource, WarningListener } from './storage'
export { DEFAULT_SESSION_KEY, TokenStore } from './token-store'
export type { StoredSession, TokenStoreOptions } from './token-store'
export { DEFAULT_PENDING_CODE_KEY, PendingCodeStore } from './pending-code-store'
export type { PendingCode, PendingCodeStoreOptions } from './pending-code-store'
export {
  DEFAULT_MIN_REFRESH_DELAY_MS,
  DEFAULT_REFRESH_RATIO,
  DEFAULT_RETRY_BASE_MS,
  DEFAULT_RETRY_MAX_MS,
  DEFAULT_REVOKE_TIMEOUT_MS,
  Session,
} from './session'
export type { SessionEvent, SessionInfo, SessionOptions, SignOutReason } from './session'
