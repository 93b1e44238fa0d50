/** The one check of a {@link TraktConfig} before anything is sent with it. */
import { TraktError } from './errors'
import type { TraktConfig } from './types'
import { normaliseBaseUrl } from './url'

/** A configuration that passed {@link checkTraktConfig}: base URLs without trailing slash. */
export interface CheckedTraktConfig extends TraktConfig {
  readonly checked: true
}

/** Trakt client ids are hex; anything that cannot travel in a header is refused. */
const HEADER_SAFE = /^[\x21-\x7e]+$/

const LOOPBACK_HINT =
  'use https://, or http:// only for a loopback host (127.0.0.1, localhost or [::1])'

/**
 * Checks the settings of the Trakt app and normalises its base URLs.
 *
 * Throws `TraktError('invalid_config')` naming the setting at fault (never its value): a
 * missing client id or secret, a base URL that is not an absolute http(s) URL, or plain
 * `http://` to anything but a loopback host (Trakt answers plain http with 404s, and the
 * client secret travels in the request body).
 */
export function checkTraktConfig(config: TraktConfig): CheckedTraktConfig {
  if (typeof config.clientId !== 'string' || config.clientId.trim() === '') {
    throw new TraktError('invalid_config', 'Trakt client id is not configured')
  }
  if (!HEADER_SAFE.test(config.clientId)) {
    throw new TraktError('invalid_config', 'Trakt client id contains spaces or other characters')
  }
  if (typeof config.clientSecret !== 'string' || config.clientSecret.trim() === '') {
    throw new TraktError('invalid_config', 'Trakt client secret is not configured')
  }

  const oauthUrl =
    typeof config.oauthUrl === 'string' ? normaliseBaseUrl(config.oauthUrl) : undefined
  if (oauthUrl === undefined) {
    throw new TraktError('invalid_config', `Trakt oauthUrl is refused: ${LOOPBACK_HINT}, no query`)
  }
  const apiUrl = typeof config.apiUrl === 'string' ? normaliseBaseUrl(config.apiUrl) : undefined
  if (apiUrl === undefined) {
    throw new TraktError('invalid_config', `Trakt apiUrl is refused: ${LOOPBACK_HINT}, no query`)
  }

  return {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    oauthUrl,
    apiUrl,
    checked: true,
  }
}
