/** Wire bodies and settings shared by the Trakt client tests. */
import type { TraktConfig } from '../../../src/trakt/types'

export const CLIENT_ID = 'c1e2n3t4i5d6'
export const CLIENT_SECRET = 'SECRET-client-9f8e7d'
export const DEVICE_CODE = 'SECRET-device-code-0a1b2c'
export const ACCESS_TOKEN = 'SECRET-access-token-3d4e5f'
export const REFRESH_TOKEN = 'SECRET-refresh-token-6a7b8c'
export const NEW_REFRESH_TOKEN = 'SECRET-refresh-token-new-1z2y'

/** Every secret a test puts in play; none may appear in an error's message or JSON. */
export const SECRETS = [CLIENT_SECRET, DEVICE_CODE, ACCESS_TOKEN, REFRESH_TOKEN, NEW_REFRESH_TOKEN]

export const CONFIG: TraktConfig = {
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  oauthUrl: 'https://auth.trakt.tv',
  apiUrl: 'https://api.trakt.tv',
}

export const DEVICE_CODE_BODY = {
  device_code: DEVICE_CODE,
  user_code: '5055CC52',
  verification_url: 'https://trakt.tv/activate',
  expires_in: 600,
  interval: 5,
}

export const TOKEN_BODY = {
  access_token: ACCESS_TOKEN,
  token_type: 'bearer',
  expires_in: 604_800,
  refresh_token: NEW_REFRESH_TOKEN,
  scope: 'public',
  created_at: 1_780_000_000,
}

export const USER_SETTINGS_BODY = {
  user: {
    username: 'sean',
    private: false,
    name: 'Sean Rudford',
    vip: true,
    ids: { slug: 'sean' },
    images: {
      avatar: { full: 'https://walter.trakt.tv/images/users/000/000/001/avatars/large/x.jpg' },
    },
  },
  account: { timezone: 'America/Los_Angeles' },
}

/** A JSON answer with the given status. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

/** An answer with no body. */
export function empty(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers })
}

/** Asserts that nothing secret is in the error's message, string form or JSON. */
export function secretsIn(error: unknown): string[] {
  const text = `${String(error)} ${(error as Error).message} ${JSON.stringify(error)}`
  return SECRETS.filter((secret) => text.indexOf(secret) !== -1)
}
