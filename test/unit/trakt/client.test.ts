import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_TIMEOUT_MS, TraktClient, type TraktClientOptions } from '../../../src/trakt/client'
import { TraktError } from '../../../src/trakt/errors'
import type { TraktConfig } from '../../../src/trakt/types'
import { createFakeFetch, type FakeFetch } from '../../support/fake-fetch'
import {
  ACCESS_TOKEN,
  CLIENT_ID,
  CLIENT_SECRET,
  CONFIG,
  DEVICE_CODE,
  DEVICE_CODE_BODY,
  empty,
  json,
  REFRESH_TOKEN,
  secretsIn,
  TOKEN_BODY,
  USER_SETTINGS_BODY,
} from './fixtures'

const OAUTH = 'https://auth.trakt.tv'
const API = 'https://api.trakt.tv'

/** Timers that record what was asked and fire only when a test says so. */
function recordedTimers() {
  const timers: { callback: () => void; ms: number; cleared: boolean }[] = []
  const options: Pick<TraktClientOptions, 'setTimeout' | 'clearTimeout'> = {
    setTimeout: (callback, ms) => timers.push({ callback, ms, cleared: false }) - 1,
    clearTimeout: (handle) => {
      const timer = timers[handle as number]
      if (timer !== undefined) timer.cleared = true
    },
  }
  return { timers, options }
}

function clientWith(fake: FakeFetch, options: TraktClientOptions = {}, config = CONFIG) {
  return new TraktClient(config, { fetch: fake.fetch, ...options })
}

async function rejection(promise: Promise<unknown>): Promise<TraktError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(TraktError)
    return error as TraktError
  }
  throw new Error('expected a rejection')
}

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const COMMON_HEADERS = {
  'content-type': 'application/json',
  'trakt-api-version': '2',
  'trakt-api-key': CLIENT_ID,
}

describe('what each call sends', () => {
  it('requestDeviceCode posts the client id to the OAuth host', async () => {
    const fake = createFakeFetch().expect({
      method: 'POST',
      url: `${OAUTH}/oauth/device/code`,
      body: { client_id: CLIENT_ID },
      respond: () => json(DEVICE_CODE_BODY),
    })

    await expect(clientWith(fake).requestDeviceCode()).resolves.toMatchObject({
      deviceCode: DEVICE_CODE,
    })

    fake.assertDone()
    expect(fake.requests[0]?.headers).toEqual(COMMON_HEADERS)
  })

  it('pollDeviceToken posts the device code as `code` with the client credentials', async () => {
    const fake = createFakeFetch().expect({
      method: 'POST',
      url: `${OAUTH}/oauth/device/token`,
      body: { code: DEVICE_CODE, client_id: CLIENT_ID, client_secret: CLIENT_SECRET },
      respond: () => empty(400),
    })

    await expect(clientWith(fake).pollDeviceToken(DEVICE_CODE)).resolves.toEqual({
      kind: 'pending',
    })

    fake.assertDone()
    expect(fake.requests[0]?.headers).toEqual(COMMON_HEADERS)
  })

  it('refreshTokens posts the refresh grant with the out-of-band redirect URI', async () => {
    const fake = createFakeFetch().expect({
      method: 'POST',
      url: `${OAUTH}/oauth/token`,
      body: {
        refresh_token: REFRESH_TOKEN,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
        grant_type: 'refresh_token',
      },
      respond: () => json(TOKEN_BODY),
    })

    await expect(clientWith(fake).refreshTokens(REFRESH_TOKEN)).resolves.toMatchObject({
      refreshToken: TOKEN_BODY.refresh_token,
    })

    fake.assertDone()
    expect(fake.requests[0]?.headers).toEqual(COMMON_HEADERS)
  })

  it('revokeToken posts the access token as `token` with the client credentials', async () => {
    const fake = createFakeFetch().expect({
      method: 'POST',
      url: `${OAUTH}/oauth/revoke`,
      body: { token: ACCESS_TOKEN, client_id: CLIENT_ID, client_secret: CLIENT_SECRET },
      respond: () => empty(200),
    })

    await expect(clientWith(fake).revokeToken(ACCESS_TOKEN)).resolves.toBeUndefined()

    fake.assertDone()
    expect(fake.requests[0]?.headers).toEqual(COMMON_HEADERS)
  })

  it('getUserSettings gets the API host with the bearer token and no body', async () => {
    const fake = createFakeFetch().expect({
      method: 'GET',
      url: `${API}/users/settings`,
      respond: () => json(USER_SETTINGS_BODY),
    })

    await expect(clientWith(fake).getUserSettings(ACCESS_TOKEN)).resolves.toMatchObject({
      username: 'sean',
    })

    fake.assertDone()
    expect(fake.requests[0]?.headers).toEqual({
      ...COMMON_HEADERS,
      authorization: `Bearer ${ACCESS_TOKEN}`,
    })
    expect(fake.requests[0]?.bodyText).toBeUndefined()
  })

  it('sends to each configured base, trailing slashes dropped, loopback http allowed', async () => {
    const config: TraktConfig = {
      ...CONFIG,
      oauthUrl: 'http://127.0.0.1:8080/',
      apiUrl: 'https://proxy.example/trakt/',
    }
    const fake = createFakeFetch().expect(
      {
        method: 'POST',
        url: 'http://127.0.0.1:8080/oauth/device/code',
        respond: () => json(DEVICE_CODE_BODY),
      },
      {
        method: 'GET',
        url: 'https://proxy.example/trakt/users/settings',
        respond: () => json(USER_SETTINGS_BODY),
      },
    )
    const client = clientWith(fake, {}, config)

    await client.requestDeviceCode()
    await client.getUserSettings(ACCESS_TOKEN)

    fake.assertDone()
  })

  it('uses the global fetch when none is injected, looked up at call time', async () => {
    const client = new TraktClient(CONFIG)
    const fake = createFakeFetch().expect({
      method: 'POST',
      url: `${OAUTH}/oauth/revoke`,
      respond: () => empty(200),
    })
    vi.stubGlobal('fetch', fake.fetch)

    await client.revokeToken(ACCESS_TOKEN)

    fake.assertDone()
  })
})

describe('status mapping through the client', () => {
  it.each([
    [
      'pollDeviceToken',
      (c: TraktClient) => c.pollDeviceToken(DEVICE_CODE),
      '/oauth/device/token',
      418,
    ],
    ['requestDeviceCode', (c: TraktClient) => c.requestDeviceCode(), '/oauth/device/code', 403],
    ['refreshTokens', (c: TraktClient) => c.refreshTokens(REFRESH_TOKEN), '/oauth/token', 400],
    ['revokeToken', (c: TraktClient) => c.revokeToken(ACCESS_TOKEN), '/oauth/revoke', 503],
    [
      'getUserSettings',
      (c: TraktClient) => c.getUserSettings(ACCESS_TOKEN),
      '/users/settings',
      401,
    ],
  ])('%s hands the answer to its processor', async (_, call, path, status) => {
    const url = (path === '/users/settings' ? API : OAUTH) + path
    const fake = createFakeFetch().expect({
      method: path === '/users/settings' ? 'GET' : 'POST',
      url,
      respond: () => empty(status),
    })

    const outcome = await call(clientWith(fake)).then(
      (value) => ({ value }),
      (error: TraktError) => ({ code: error.code, status: error.status, path: error.path }),
    )

    fake.assertDone()
    expect(outcome).toEqual(
      {
        '/oauth/device/token': { value: { kind: 'declined' } },
        '/oauth/device/code': { code: 'invalid_client', status, path },
        '/oauth/token': { code: 'invalid_grant', status, path },
        '/oauth/revoke': { code: 'server', status, path },
        '/users/settings': { code: 'unauthorized', status, path },
      }[path],
    )
  })

  it('reads Retry-After dates against the injected clock', async () => {
    const now = Date.UTC(2026, 0, 1)
    const fake = createFakeFetch().expect({
      method: 'POST',
      url: `${OAUTH}/oauth/device/token`,
      respond: () => empty(429, { 'Retry-After': new Date(now + 20_000).toUTCString() }),
    })

    await expect(
      clientWith(fake, { now: () => now }).pollDeviceToken(DEVICE_CODE),
    ).resolves.toEqual({ kind: 'slow_down', retryAfterSeconds: 20 })
  })
})

describe('configuration checks: nothing is sent with a bad one', () => {
  it.each([
    ['no client id', { clientId: '' }],
    ['no client secret', { clientSecret: '' }],
    ['an http OAuth host', { oauthUrl: 'http://auth.trakt.tv' }],
    ['an http LAN OAuth host', { oauthUrl: 'http://192.168.1.20:8080' }],
    ['an http API host', { apiUrl: 'http://api.trakt.tv' }],
    ['a look-alike loopback host', { apiUrl: 'http://127.0.0.1.evil.example' }],
    ['a relative URL', { oauthUrl: 'auth.trakt.tv' }],
  ])('%s: every call rejects with invalid_config', async (_, change) => {
    const fake = createFakeFetch()
    const client = clientWith(fake, {}, { ...CONFIG, ...change })

    const errors = await Promise.all([
      rejection(client.requestDeviceCode()),
      rejection(client.pollDeviceToken(DEVICE_CODE)),
      rejection(client.refreshTokens(REFRESH_TOKEN)),
      rejection(client.revokeToken(ACCESS_TOKEN)),
      rejection(client.getUserSettings(ACCESS_TOKEN)),
    ])

    expect(errors.map((error) => error.code)).toEqual(Array(5).fill('invalid_config'))
    expect(errors[0]).not.toBe(errors[1])
    expect(fake.requests).toEqual([])
    fake.assertDone()
  })

  it.each([0, -1, NaN, Infinity])('refuses a timeoutMs of %d', (timeoutMs) => {
    expect(() => new TraktClient(CONFIG, { timeoutMs })).toThrow(RangeError)
  })
})

describe('timeout', () => {
  it('asks for the configured delay and clears it once the answer is processed', async () => {
    const { timers, options } = recordedTimers()
    const fake = createFakeFetch().expect({
      method: 'POST',
      url: `${OAUTH}/oauth/device/code`,
      respond: () => json(DEVICE_CODE_BODY),
    })

    await clientWith(fake, { ...options, timeoutMs: 2500 }).requestDeviceCode()

    expect(timers.map(({ ms, cleared }) => ({ ms, cleared }))).toEqual([
      { ms: 2500, cleared: true },
    ])
  })

  it('defaults to 15 s, and clears the timer after a failure too', async () => {
    const { timers, options } = recordedTimers()
    const fake = createFakeFetch().expect({
      method: 'POST',
      url: `${OAUTH}/oauth/device/code`,
      respond: { reject: new TypeError('Failed to fetch') },
    })

    await rejection(clientWith(fake, options).requestDeviceCode())

    expect(DEFAULT_TIMEOUT_MS).toBe(15_000)
    expect(timers.map(({ ms, cleared }) => ({ ms, cleared }))).toEqual([
      { ms: 15_000, cleared: true },
    ])
  })

  it('fails with timeout when no answer comes in time, and aborts the request', async () => {
    vi.useFakeTimers()
    const fake = createFakeFetch().expect({
      method: 'POST',
      url: `${OAUTH}/oauth/device/token`,
      respond: { hang: true },
    })
    const outcome = rejection(
      new TraktClient(CONFIG, { fetch: fake.fetch, timeoutMs: 1000 }).pollDeviceToken(DEVICE_CODE),
    )

    await vi.advanceTimersByTimeAsync(999)
    expect(fake.requests[0]?.signal?.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)

    expect(await outcome).toMatchObject({
      code: 'timeout',
      path: '/oauth/device/token',
      message: 'Trakt did not answer within 1000 ms',
    })
    expect(fake.requests[0]?.signal?.aborted).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('covers reading the body, not only the headers', async () => {
    const { timers, options } = recordedTimers()
    const stalled = new Response(new ReadableStream({ start() {} }), { status: 200 })
    const fake = createFakeFetch().expect({
      method: 'GET',
      url: `${API}/users/settings`,
      respond: () => stalled,
    })
    const outcome = rejection(clientWith(fake, options).getUserSettings(ACCESS_TOKEN))

    await vi.waitFor(() => expect(fake.requests).toHaveLength(1))
    timers[0]?.callback()

    expect(await outcome).toMatchObject({ code: 'timeout', path: '/users/settings' })
  })

  it('settles even when fetch ignores the abort, as some old polyfills do', async () => {
    const { timers, options } = recordedTimers()
    const deaf = vi.fn(() => new Promise<Response>(() => undefined))
    const client = new TraktClient(CONFIG, { ...options, fetch: deaf })
    const outcome = rejection(client.refreshTokens(REFRESH_TOKEN))

    timers[0]?.callback()

    expect(await outcome).toMatchObject({ code: 'timeout', path: '/oauth/token' })
    expect(deaf).toHaveBeenCalledTimes(1)
  })
})

describe('cancellation by the caller', () => {
  it('sends nothing when the signal is already aborted', async () => {
    const fake = createFakeFetch()
    const controller = new AbortController()
    controller.abort()

    const error = await rejection(clientWith(fake).requestDeviceCode(controller.signal))

    expect(error).toMatchObject({ code: 'aborted', path: '/oauth/device/code' })
    expect(fake.requests).toEqual([])
  })

  it('aborts a request in flight, and the timer with it', async () => {
    const { timers, options } = recordedTimers()
    const fake = createFakeFetch().expect({
      method: 'POST',
      url: `${OAUTH}/oauth/device/token`,
      respond: { hang: true },
    })
    const controller = new AbortController()
    const outcome = rejection(
      clientWith(fake, options).pollDeviceToken(DEVICE_CODE, controller.signal),
    )

    await vi.waitFor(() => expect(fake.requests).toHaveLength(1))
    controller.abort()

    expect(await outcome).toMatchObject({ code: 'aborted', path: '/oauth/device/token' })
    expect(fake.requests[0]?.signal?.aborted).toBe(true)
    expect(timers[0]?.cleared).toBe(true)
  })

  it('aborts while the body is being read', async () => {
    const fake = createFakeFetch().expect({
      method: 'POST',
      url: `${OAUTH}/oauth/token`,
      respond: () => new Response(new ReadableStream({ start() {} }), { status: 400 }),
    })
    const controller = new AbortController()
    const outcome = rejection(clientWith(fake).refreshTokens(REFRESH_TOKEN, controller.signal))

    await vi.waitFor(() => expect(fake.requests).toHaveLength(1))
    controller.abort()

    // A 400 whose body never arrives must not be taken for a bare 400, which is final.
    expect(await outcome).toMatchObject({ code: 'aborted', path: '/oauth/token' })
  })

  it('stops listening to the signal once the call is over', async () => {
    const fake = createFakeFetch().expect({
      method: 'POST',
      url: `${OAUTH}/oauth/revoke`,
      respond: () => empty(200),
    })
    const controller = new AbortController()
    const remove = vi.spyOn(controller.signal, 'removeEventListener')

    await clientWith(fake).revokeToken(ACCESS_TOKEN, controller.signal)

    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function))
  })
})

describe('network failures and what errors carry', () => {
  it('turns a rejected fetch into network, keeping the cause out of the JSON', async () => {
    const cause = new TypeError(`Headers: "Bearer ${ACCESS_TOKEN}" is an invalid header value`)
    const fake = createFakeFetch().expect({
      method: 'GET',
      url: `${API}/users/settings`,
      respond: { reject: cause },
    })

    const error = await rejection(clientWith(fake).getUserSettings(ACCESS_TOKEN))

    expect(error).toMatchObject({ code: 'network', path: '/users/settings', status: undefined })
    expect(error.transient).toBe(true)
    expect((error as { cause?: unknown }).cause).toBe(cause)
    expect(secretsIn(error)).toEqual([])
  })

  it('never puts a secret in the message or JSON of any error', async () => {
    const statuses = [400, 401, 403, 404, 409, 410, 418, 423, 426, 429, 500]
    const calls = [
      (c: TraktClient) => c.pollDeviceToken(DEVICE_CODE),
      (c: TraktClient) => c.refreshTokens(REFRESH_TOKEN),
      (c: TraktClient) => c.revokeToken(ACCESS_TOKEN),
      (c: TraktClient) => c.getUserSettings(ACCESS_TOKEN),
    ]
    const errors: unknown[] = []

    for (const call of calls) {
      for (const status of statuses) {
        const client = new TraktClient(CONFIG, { fetch: async () => empty(status) })
        await call(client).catch((error: unknown) => errors.push(error))
      }
      const leaky = json({ ...TOKEN_BODY, token_type: 'mac' })
      await call(new TraktClient(CONFIG, { fetch: async () => leaky.clone() })).catch(
        (error: unknown) => errors.push(error),
      )
    }

    expect(errors.length).toBeGreaterThan(30)
    expect(errors.flatMap(secretsIn)).toEqual([])
  })
})
