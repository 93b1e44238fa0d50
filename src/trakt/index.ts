/** The Trakt client: what the rest of the app imports. */
export { checkTraktConfig, type CheckedTraktConfig } from './check-config'
export { DEFAULT_TIMEOUT_MS, TraktClient, type TraktApi, type TraktClientOptions } from './client'
export { isTraktError, TraktError, type TraktErrorCode, type TraktErrorDetails } from './errors'
export {
  deviceCodeRequest,
  deviceTokenRequest,
  OOB_REDIRECT_URI,
  refreshRequest,
  revokeRequest,
  TRAKT_PATHS,
  userSettingsRequest,
  type TraktPath,
  type TraktRequest,
} from './requests'
export {
  MAX_RETRY_AFTER_SECONDS,
  parseRetryAfter,
  processDeviceCodeResponse,
  processDeviceTokenResponse,
  processRefreshResponse,
  processRevokeResponse,
  processUserSettingsResponse,
} from './responses'
export type {
  DeviceCode,
  DeviceCodeWire,
  PollAnswer,
  TokenWire,
  Tokens,
  TraktConfig,
  TraktUser,
  UserSettingsWire,
} from './types'
export {
  isLoopbackHost,
  isSecureOrLoopback,
  normaliseBaseUrl,
  parseHttpUrl,
  type HttpUrl,
} from './url'
export {
  MAX_DEVICE_CODE_SECONDS,
  MAX_INTERVAL_SECONDS,
  MAX_TOKEN_SECONDS,
  parseDeviceCode,
  parseTokens,
  parseUserSettings,
} from './validate'
