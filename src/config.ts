/**
 * The app's Trakt configuration: `appSettings.trakt` in `settings.json`, each field
 * overridable at build time by an `APP_TRAKT_*` environment variable (the Lightning CLI
 * replaces `process.env.APP_*` in the bundle).
 */
import { Settings } from '@lightningjs/sdk'
import type { TraktConfig } from './trakt/types'

export const DEFAULT_OAUTH_URL = 'https://auth.trakt.tv'
export const DEFAULT_API_URL = 'https://api.trakt.tv'

// LIMITATION: the client secret ships inside the app, because Trakt's device-token, refresh
// and revoke calls require it from the device itself; anyone with the package can read it.
// A small proxy that holds the secret and forwards those three calls would keep it off the TV.

/** Reads the configuration once the SDK's settings are in place (after `Launch`). */
export function readTraktConfig(): TraktConfig {
  const fromSettings = (Settings.get('app', 'trakt', {}) ?? {}) as Partial<Record<string, unknown>>
  const pick = (fromEnv: string | undefined, key: string, fallback: string): string => {
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv
    const value = fromSettings[key]
    return typeof value === 'string' && value !== '' ? value : fallback
  }

  return {
    clientId: pick(
      buildEnv(() => process.env.APP_TRAKT_CLIENT_ID),
      'clientId',
      '',
    ),
    clientSecret: pick(
      buildEnv(() => process.env.APP_TRAKT_CLIENT_SECRET),
      'clientSecret',
      '',
    ),
    oauthUrl: pick(
      buildEnv(() => process.env.APP_TRAKT_OAUTH_URL),
      'oauthUrl',
      DEFAULT_OAUTH_URL,
    ),
    apiUrl: pick(
      buildEnv(() => process.env.APP_TRAKT_API_URL),
      'apiUrl',
      DEFAULT_API_URL,
    ),
  }
}

/**
 * Reads one build-time variable. A bundler that was given no value for it leaves
 * `process.env.X` in the code, and `process` does not exist in a browser.
 */
function buildEnv(read: () => string | undefined): string | undefined {
  try {
    return read()
  } catch {
    return undefined
  }
}
