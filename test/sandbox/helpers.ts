/**
 * Helpers of the sandbox tests: a clock moved by hand, and requests shaped the way a Trakt
 * client sends them, over real HTTP.
 */
import type { Clock, Sandbox } from '../../sandbox/index'

/** A clock that only moves when a test says so. */
export interface ManualClock extends Clock {
  advance(ms: number): void
}

/** A clock frozen at a fixed moment (2027-01-15, a whole second) until advanced. */
export function manualClock(startMs = 1_800_000_000_000): ManualClock {
  let now = startMs
  return {
    now: () => now,
    advance: (ms) => {
      now += ms
    },
  }
}

/** The headers Trakt expects on every call. */
export function traktHeaders(sandbox: Sandbox): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'trakt-api-version': '2',
    'trakt-api-key': sandbox.clientId,
  }
}

/** A JSON POST to the sandbox with Trakt's headers unless `headers` replaces them. */
export function post(
  sandbox: Sandbox,
  path: string,
  body: unknown,
  headers: Record<string, string> = traktHeaders(sandbox),
): Promise<Response> {
  return fetch(sandbox.url + path, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** A new device code, as a client asks for it. */
export async function requestCode(
  sandbox: Sandbox,
): Promise<{ device_code: string; user_code: string; verification_url: string }> {
  const response = await post(sandbox, '/oauth/device/code', { client_id: sandbox.clientId })
  if (response.status !== 200) throw new Error(`device code: ${response.status}`)
  return (await response.json()) as {
    device_code: string
    user_code: string
    verification_url: string
  }
}

/** One poll of a device code with the sandbox's own credentials. */
export function poll(sandbox: Sandbox, deviceCode: string): Promise<Response> {
  return post(sandbox, '/oauth/device/token', {
    code: deviceCode,
    client_id: sandbox.clientId,
    client_secret: sandbox.clientSecret,
  })
}

/** A token pair in Trakt's spelling. */
export interface TokenBody {
  access_token: string
  refresh_token: string
  token_type: string
  expires_in: number
  scope: string
  created_at: number
}

/** Runs the device flow to the end: code, approval, tokens. */
export async function signIn(sandbox: Sandbox): Promise<TokenBody> {
  const code = await requestCode(sandbox)
  sandbox.approve(code.user_code)
  const response = await poll(sandbox, code.device_code)
  if (response.status !== 200) throw new Error(`sign-in poll: ${response.status}`)
  return (await response.json()) as TokenBody
}

/** A refresh as Trakt documents it. */
export function refresh(sandbox: Sandbox, refreshToken: string): Promise<Response> {
  return post(sandbox, '/oauth/token', {
    refresh_token: refreshToken,
    client_id: sandbox.clientId,
    client_secret: sandbox.clientSecret,
    redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
    grant_type: 'refresh_token',
  })
}

/** `GET /users/settings` as the owner of `accessToken`. */
export function userSettings(sandbox: Sandbox, accessToken: string): Promise<Response> {
  return fetch(`${sandbox.url}/users/settings`, {
    headers: { ...traktHeaders(sandbox), Authorization: `Bearer ${accessToken}` },
  })
}
