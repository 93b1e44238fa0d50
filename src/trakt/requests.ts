/**
 * What each call sends, per the endpoint table of `trakt-device-auth.md`: method, host,
 * path, JSON body and headers. Nothing here sends anything.
 */
import type { CheckedTraktConfig } from './check-config'

/** The path of every call; errors carry these, never a query string. */
export const TRAKT_PATHS = {
  deviceCode: '/oauth/device/code',
  deviceToken: '/oauth/device/token',
  refresh: '/oauth/token',
  revoke: '/oauth/revoke',
  userSettings: '/users/settings',
} as const

/** One of {@link TRAKT_PATHS}. */
export type TraktPath = (typeof TRAKT_PATHS)[keyof typeof TRAKT_PATHS]

/** Trakt's refresh grant wants the out-of-band redirect URI that device apps use. */
export const OOB_REDIRECT_URI = 'urn:ietf:wg:oauth:2.0:oob'

/** A request ready to send. */
export interface TraktRequest {
  readonly method: 'GET' | 'POST'
  /** Absolute URL: the OAuth base for `/oauth/*`, the API base otherwise. */
  readonly url: string
  readonly path: TraktPath
  readonly headers: Readonly<Record<string, string>>
  /** JSON text, or `undefined` for a GET. */
  readonly body: string | undefined
}

/** `POST /oauth/device/code`. */
export function deviceCodeRequest(config: CheckedTraktConfig): TraktRequest {
  return oauthPost(config, TRAKT_PATHS.deviceCode, { client_id: config.clientId })
}

/** `POST /oauth/device/token`: Trakt names the device code `code` here. */
export function deviceTokenRequest(config: CheckedTraktConfig, deviceCode: string): TraktRequest {
  return oauthPost(config, TRAKT_PATHS.deviceToken, {
    code: deviceCode,
    client_id: config.clientId,
    client_secret: config.clientSecret,
  })
}

/** `POST /oauth/token` with the refresh grant. */
export function refreshRequest(config: CheckedTraktConfig, refreshToken: string): TraktRequest {
  return oauthPost(config, TRAKT_PATHS.refresh, {
    refresh_token: refreshToken,
    client_id: config.clientId,
    client_secret: config.clientSecret,
    redirect_uri: OOB_REDIRECT_URI,
    grant_type: 'refresh_token',
  })
}

/** `POST /oauth/revoke` of an access token. */
export function revokeRequest(config: CheckedTraktConfig, accessToken: string): TraktRequest {
  return oauthPost(config, TRAKT_PATHS.revoke, {
    token: accessToken,
    client_id: config.clientId,
    client_secret: config.clientSecret,
  })
}

/** `GET /users/settings` on the API host, as the owner of `accessToken`. */
export function userSettingsRequest(config: CheckedTraktConfig, accessToken: string): TraktRequest {
  return {
    method: 'GET',
    url: config.apiUrl + TRAKT_PATHS.userSettings,
    path: TRAKT_PATHS.userSettings,
    headers: { ...baseHeaders(config), Authorization: `Bearer ${accessToken}` },
    body: undefined,
  }
}

function oauthPost(
  config: CheckedTraktConfig,
  path: TraktPath,
  body: Readonly<Record<string, string>>,
): TraktRequest {
  return {
    method: 'POST',
    url: config.oauthUrl + path,
    path,
    headers: baseHeaders(config),
    body: JSON.stringify(body),
  }
}

/** Sent on every call; a wrong or missing `Content-Type` has earned 403s from Trakt. */
function baseHeaders(config: CheckedTraktConfig): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'trakt-api-version': '2',
    'trakt-api-key': config.clientId,
  }
}
