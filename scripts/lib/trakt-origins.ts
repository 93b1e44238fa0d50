/**
 * The Trakt hosts a packaged app talks to, resolved the way `src/config.ts` resolves them:
 * an `APP_TRAKT_*` build-time variable first, then `appSettings.trakt` in `settings.json`,
 * then Trakt's defaults. Tizen's `config.xml` must list each origin in an `access` element.
 */
import { readFileSync } from 'node:fs'

/** Trakt's own hosts, as in `src/config.ts`. */
const DEFAULTS = { oauthUrl: 'https://auth.trakt.tv', apiUrl: 'https://api.trakt.tv' } as const

/** Origins of the OAuth host and the API host, in that order, without duplicates. */
export function readTraktOrigins(
  env: NodeJS.ProcessEnv = process.env,
  settingsPath = 'settings.json',
): readonly string[] {
  const settings = JSON.parse(readFileSync(settingsPath, 'utf8')) as {
    appSettings?: { trakt?: Partial<Record<string, unknown>> }
  }
  const fromSettings = settings.appSettings?.trakt ?? {}
  const pick = (fromEnv: string | undefined, key: keyof typeof DEFAULTS): string => {
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv
    const value = fromSettings[key]
    return typeof value === 'string' && value !== '' ? value : DEFAULTS[key]
  }

  const urls = [pick(env.APP_TRAKT_OAUTH_URL, 'oauthUrl'), pick(env.APP_TRAKT_API_URL, 'apiUrl')]
  const origins = urls.map(toHttpsOrigin)
  return origins.filter((origin, index) => origins.indexOf(origin) === index)
}

/** Trakt answers plain `http://` with 404s, and a TV has no loopback Trakt: https only. */
function toHttpsOrigin(url: string): string {
  const parsed = new URL(url)
  if (parsed.protocol !== 'https:') throw new Error(`Trakt host ${url} is not https://`)
  return parsed.origin
}
