import { describe, expect, it } from 'vitest'
import { TraktError, type TraktErrorCode } from '../../../src/trakt/errors'
import {
  MAX_RETRY_AFTER_SECONDS,
  parseRetryAfter,
  processDeviceCodeResponse,
  processDeviceTokenResponse,
  processRefreshResponse,
  processRevokeResponse,
  processUserSettingsResponse,
} from '../../../src/trakt/responses'
import {
  DEVICE_CODE_BODY,
  empty,
  json,
  secretsIn,
  TOKEN_BODY,
  USER_SETTINGS_BODY,
} from './fixtures'

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0)

async function rejection(promise: Promise<unknown>): Promise<TraktError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(TraktError)
    return error as TraktError
  }
  throw new Error('expected a rejection')
}

/** A body that fails the test if anything tries to read it. */
function unreadable(status: number, headers: Record<string, string> = {}): Response {
  const body = new ReadableStream({
    pull() {
      throw new Error('the body of this answer must not be read')
    },
  })
  return new Response(body, { status, headers })
}

/** Statuses every call maps alike, apart from 401 which each call means differently. */
const SHARED_FAILURES: readonly [number, TraktErrorCode][] = [
  [403, 'invalid_client'],
  [423, 'account_locked'],
  [426, 'vip_required'],
  [429, 'rate_limited'],
  [500, 'server'],
  [502, 'server'],
  [503, 'server'],
  [599, 'server'],
  [302, 'unexpected_status'],
  [402, 'unexpected_status'],
  [404, 'unexpected_status'],
  [201, 'unexpected_status'],
]

const CALLS = [
  {
    name: 'device code',
    path: '/oauth/device/code',
    process: processDeviceCodeResponse,
    on401: 'invalid_client',
  },
  {
    name: 'device token',
    path: '/oauth/device/token',
    process: processDeviceTokenResponse,
    on401: 'invalid_client',
  },
  {
    name: 'refresh',
    path: '/oauth/token',
    process: processRefreshResponse,
    on401: 'invalid_client',
  },
  {
    name: 'revoke',
    path: '/oauth/revoke',
    process: processRevokeResponse,
    on401: 'invalid_client',
  },
  {
    name: 'user settings',
    path: '/users/settings',
    process: processUserSettingsResponse,
    on401: 'unauthorized',
  },
] as const

/** The failures of a call: what 401 means to it, then the shared ones it does not own. */
function failuresOf(call: (typeof CALLS)[number]): [number, TraktErrorCode][] {
  const owned = call.path === '/oauth/device/token' ? [404, 429] : []
  return [[401, call.on401], ...SHARED_FAILURES.filter(([status]) => owned.indexOf(status) === -1)]
}

describe.each(CALLS)('$name: statuses that fail', (call) => {
  const { path, process } = call

  it.each(failuresOf(call))('%i is %s, with status and path', async (status, code) => {
    const error = await rejection(process(empty(status), NOW))

    expect(error).toMatchObject({ code, status, path })
  })

  it('reflects Retry-After on 503', async () => {
    const error = await rejection(process(empty(503, { 'Retry-After': '120' }), NOW))

    expect(error).toMatchObject({ code: 'server', retryAfterSeconds: 120 })
    expect(error.transient).toBe(true)
  })

  it.each([
    [{ 'X-Account-Locked': 'true' }, 'The Trakt account is locked'],
    [
      { 'X-Account-Deactivated': 'true', 'X-Account-Locked': 'false' },
      'The Trakt account is deactivated',
    ],
    [{ 'X-Account-Locked': 'false' }, 'The Trakt account is locked or deactivated'],
  ])('says which lock a 423 with %j is', async (headers, message) => {
    const error = await rejection(process(empty(423, headers), NOW))

    expect(error).toMatchObject({ code: 'account_locked', message })
  })
})

describe.each(CALLS.filter((call) => call.path !== '/oauth/device/token'))(
  '$name: 429',
  ({ process }) => {
    it('is rate_limited, with Retry-After reflected', async () => {
      const error = await rejection(process(empty(429, { 'Retry-After': '30' }), NOW))

      expect(error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 30 })
      expect(error.transient).toBe(true)
    })
  },
)

describe('processDeviceCodeResponse', () => {
  it('validates a 200', async () => {
    await expect(processDeviceCodeResponse(json(DEVICE_CODE_BODY))).resolves.toMatchObject({
      userCode: '5055CC52',
      interval: 5,
    })
  })

  it('turns a 200 that is not JSON into invalid_response, without quoting the body', async () => {
    const body = `{"device_code": "${DEVICE_CODE_BODY.device_code}",`
    const error = await rejection(processDeviceCodeResponse(new Response(body)))

    expect(error).toMatchObject({
      code: 'invalid_response',
      status: 200,
      path: '/oauth/device/code',
    })
    expect(secretsIn(error)).toEqual([])
    expect(error.transient).toBe(true)
  })

  it('turns a 200 with a bad field into invalid_response naming it', async () => {
    const error = await rejection(
      processDeviceCodeResponse(json({ ...DEVICE_CODE_BODY, interval: 0 })),
    )

    expect(error).toMatchObject({
      code: 'invalid_response',
      status: 200,
      path: '/oauth/device/code',
    })
    expect(error.message).toContain('"interval"')
  })

  it('turns a 200 whose body cannot be read into invalid_response', async () => {
    const body = new ReadableStream({
      pull(controller) {
        controller.error(new Error('connection reset'))
      },
    })
    const error = await rejection(processDeviceCodeResponse(new Response(body)))

    expect(error).toMatchObject({
      code: 'invalid_response',
      message: "Trakt's answer could not be read",
    })
  })
})

describe('processDeviceTokenResponse', () => {
  it('gives the validated tokens on 200', async () => {
    await expect(processDeviceTokenResponse(json(TOKEN_BODY))).resolves.toEqual({
      kind: 'approved',
      tokens: expect.objectContaining({ accessToken: TOKEN_BODY.access_token }),
    })
  })

  it('turns a 200 with a bad body into invalid_response', async () => {
    const error = await rejection(processDeviceTokenResponse(json({ ...TOKEN_BODY, scope: 1 })))

    expect(error).toMatchObject({
      code: 'invalid_response',
      status: 200,
      path: '/oauth/device/token',
    })
  })

  it.each([
    [400, 'pending'],
    [404, 'unknown'],
    [409, 'used'],
    [410, 'expired'],
    [418, 'declined'],
  ])('decides %i is %s by status alone, never reading the body', async (status, kind) => {
    const response = unreadable(status)

    await expect(processDeviceTokenResponse(response, NOW)).resolves.toEqual({ kind })
    expect(response.bodyUsed).toBe(false)
  })

  it.each([
    [undefined, undefined],
    ['10', 10],
    ['garbage', undefined],
    [new Date(NOW + 42_000).toUTCString(), 42],
  ])('gives slow_down on 429, with Retry-After %j read as %j', async (header, seconds) => {
    const headers: Record<string, string> = header === undefined ? {} : { 'Retry-After': header }
    const response = unreadable(429, headers)

    await expect(processDeviceTokenResponse(response, NOW)).resolves.toEqual({
      kind: 'slow_down',
      retryAfterSeconds: seconds,
    })
    expect(response.bodyUsed).toBe(false)
  })

  it('does not read the body of a failing status either', async () => {
    const response = unreadable(503)

    await expect(processDeviceTokenResponse(response, NOW)).rejects.toMatchObject({
      code: 'server',
    })
    expect(response.bodyUsed).toBe(false)
  })
})

describe('processRefreshResponse', () => {
  it('gives the new pair on 200', async () => {
    await expect(processRefreshResponse(json(TOKEN_BODY))).resolves.toMatchObject({
      refreshToken: TOKEN_BODY.refresh_token,
    })
  })

  it.each([
    [
      '400 {error: "invalid_grant"}',
      () => json({ error: 'invalid_grant', error_description: 'x' }, 400),
    ],
    ['a bare 400', () => empty(400)],
    ['a 400 that is not JSON', () => new Response('<html>Bad Request</html>', { status: 400 })],
    ['a 400 with JSON but no error', () => json({ message: 'nope' }, 400)],
    [
      '401 with invalid_grant in WWW-Authenticate',
      () =>
        empty(401, {
          'WWW-Authenticate': 'Bearer realm="trakt", error="invalid_grant", error_description="x"',
        }),
    ],
  ])('treats %s as invalid_grant', async (_, answer) => {
    const response = answer()
    const error = await rejection(processRefreshResponse(response, NOW))

    expect(error).toMatchObject({
      code: 'invalid_grant',
      status: response.status,
      path: '/oauth/token',
    })
    expect(error.transient).toBe(false)
  })

  it.each([
    [
      '401 without invalid_grant',
      () => empty(401, { 'WWW-Authenticate': 'Bearer realm="trakt"' }),
      'invalid_client',
    ],
    [
      '400 {error: "invalid_client"}',
      () => json({ error: 'invalid_client' }, 400),
      'invalid_client',
    ],
    [
      '400 {error: "unauthorized_client"}',
      () => json({ error: 'unauthorized_client' }, 400),
      'invalid_client',
    ],
    [
      '400 {error: "invalid_request"}',
      () => json({ error: 'invalid_request' }, 400),
      'unexpected_status',
    ],
  ])('treats %s as %s', async (_, answer, code) => {
    await expect(processRefreshResponse(answer(), NOW)).rejects.toMatchObject({ code })
  })

  it('treats a 400 whose body cannot be read as invalid_response, not as a dead token', async () => {
    const body = new ReadableStream({
      pull(controller) {
        controller.error(new Error('connection reset'))
      },
    })
    const error = await rejection(processRefreshResponse(new Response(body, { status: 400 })))

    expect(error).toMatchObject({ code: 'invalid_response', status: 400 })
    expect(error.transient).toBe(true)
  })
})

describe('processRevokeResponse', () => {
  it('resolves on 200 without reading the body', async () => {
    const response = unreadable(200)

    await expect(processRevokeResponse(response)).resolves.toBeUndefined()
    expect(response.bodyUsed).toBe(false)
  })
})

describe('processUserSettingsResponse', () => {
  it('validates a 200', async () => {
    await expect(processUserSettingsResponse(json(USER_SETTINGS_BODY))).resolves.toMatchObject({
      username: 'sean',
      vip: true,
    })
  })

  it('turns a 200 without a user into invalid_response', async () => {
    const error = await rejection(processUserSettingsResponse(json({ account: {} })))

    expect(error).toMatchObject({ code: 'invalid_response', status: 200, path: '/users/settings' })
    expect(error.message).toContain('"user"')
  })
})

describe('parseRetryAfter', () => {
  it.each([
    [null, undefined],
    ['', undefined],
    ['0', 0],
    ['5', 5],
    [' 7 ', 7],
    ['-1', undefined],
    ['1.5', undefined],
    ['1e3', undefined],
    ['soon', undefined],
    ['99999999999', MAX_RETRY_AFTER_SECONDS],
    [new Date(NOW + 30_000).toUTCString(), 30],
    [new Date(NOW + 30_500).toUTCString(), 30],
    [new Date(NOW - 60_000).toUTCString(), 0],
    [new Date(NOW + 400 * 86_400_000).toUTCString(), MAX_RETRY_AFTER_SECONDS],
    ['Xyz, 99 Foo 2026 99:99:99 GMT', undefined],
    ['2026-12-03T12:00:30Z', undefined],
  ])('reads %j as %j', (value, seconds) => {
    expect(parseRetryAfter(value, NOW)).toBe(seconds)
  })
})
