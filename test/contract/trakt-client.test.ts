/**
 * The project's own Trakt client against the sandbox over real HTTP: every status of the
 * device flow understood as the contract says, and every refusal of Trakt's reproduced.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index'
import { TraktClient } from '../../src/trakt/client'
import { isTraktError, type TraktError } from '../../src/trakt/errors'
import type { DeviceCode, Tokens } from '../../src/trakt/types'
import { manualClock, type ManualClock } from '../sandbox/helpers'

let sandbox: Sandbox
let clock: ManualClock

async function start(options: SandboxOptions = {}): Promise<TraktClient> {
  clock = manualClock()
  sandbox = await startSandbox({ port: 0, clock, ...options })
  return clientFor(sandbox)
}

function clientFor(
  running: Sandbox,
  overrides: { clientId?: string; clientSecret?: string } = {},
  options: ConstructorParameters<typeof TraktClient>[1] = {},
): TraktClient {
  const config = {
    clientId: overrides.clientId ?? running.clientId,
    clientSecret: overrides.clientSecret ?? running.clientSecret,
    oauthUrl: running.url,
    apiUrl: running.url,
  }
  return new TraktClient(config, { fetch: (input, init) => fetch(input, init), ...options })
}

/** The rejection of `promise`, which must be a `TraktError`. */
async function traktError(promise: Promise<unknown>): Promise<TraktError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!isTraktError(error)) throw new Error(`expected a TraktError, got ${String(error)}`)
  return error
}

async function signIn(client: TraktClient): Promise<{ code: DeviceCode; tokens: Tokens }> {
  const code = await client.requestDeviceCode()
  sandbox.approve(code.userCode)
  const answer = await client.pollDeviceToken(code.deviceCode)
  if (answer.kind !== 'approved') throw new Error(`sign-in poll: ${answer.kind}`)
  return { code, tokens: answer.tokens }
}

afterEach(async () => {
  await sandbox.close()
})

describe('device code', () => {
  it('is understood in full: codes, verification URL, lifetime and interval', async () => {
    const client = await start({ expiresIn: 600, interval: 5 })

    const code = await client.requestDeviceCode()

    expect(code).toEqual({
      deviceCode: expect.stringMatching(/^[0-9a-f]{64}$/),
      userCode: sandbox.issuedCodes()[0],
      verificationUrl: sandbox.activationUrl,
      expiresIn: 600,
      interval: 5,
    })
    expect(code.userCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/)
  })

  it('is refused to an unknown client id with invalid_client', async () => {
    await start()

    const error = await traktError(
      clientFor(sandbox, { clientId: 'someone-else' }).requestDeviceCode(),
    )

    expect(error).toMatchObject({ code: 'invalid_client', status: 401, path: '/oauth/device/code' })
  })
})

describe('polling', () => {
  it('is pending (400) until the person approves, then hands out the tokens', async () => {
    const client = await start({ tokenLifetime: 86_400 })
    const code = await client.requestDeviceCode()

    const pending = await client.pollDeviceToken(code.deviceCode)
    sandbox.approve(code.userCode)
    clock.advance(5000)
    const approved = await client.pollDeviceToken(code.deviceCode)

    expect(pending).toEqual({ kind: 'pending' })
    expect(approved).toEqual({
      kind: 'approved',
      tokens: {
        accessToken: expect.stringMatching(/^[0-9a-f]{64}$/),
        refreshToken: expect.stringMatching(/^[0-9a-f]{64}$/),
        tokenType: 'bearer',
        scope: 'public',
        createdAt: clock.now() / 1000,
        expiresIn: 86_400,
      },
    })
  })

  it('sees a used code (409) once the tokens were handed out', async () => {
    const client = await start()
    const { code } = await signIn(client)
    clock.advance(5000)

    expect(await client.pollDeviceToken(code.deviceCode)).toEqual({ kind: 'used' })
  })

  it('sees an expired code (410), whatever the person does after', async () => {
    const client = await start({ expiresIn: 30 })
    const code = await client.requestDeviceCode()
    clock.advance(30_000)

    expect(await client.pollDeviceToken(code.deviceCode)).toEqual({ kind: 'expired' })
    expect(() => sandbox.approve(code.userCode)).toThrow(/expired/)
  })

  it('sees an unknown code (404)', async () => {
    const client = await start()

    expect(await client.pollDeviceToken('0'.repeat(64))).toEqual({ kind: 'unknown' })
  })

  it('sees a decline (418)', async () => {
    const client = await start()
    const code = await client.requestDeviceCode()
    sandbox.decline(code.userCode)

    expect(await client.pollDeviceToken(code.deviceCode)).toEqual({ kind: 'declined' })
  })

  it('is told to slow down (429) when polling faster than the interval', async () => {
    const client = await start({ interval: 5 })
    const code = await client.requestDeviceCode()
    await client.pollDeviceToken(code.deviceCode)
    clock.advance(2000)

    const tooFast = await client.pollDeviceToken(code.deviceCode)
    clock.advance(5000)
    const onTime = await client.pollDeviceToken(code.deviceCode)

    expect(tooFast).toEqual({ kind: 'slow_down', retryAfterSeconds: undefined })
    expect(onTime).toEqual({ kind: 'pending' })
  })

  it('reads Retry-After on a slow-down', async () => {
    const client = await start()
    const code = await client.requestDeviceCode()
    sandbox.inject('/oauth/device/token', { kind: 'retry_after', seconds: 30 })

    expect(await client.pollDeviceToken(code.deviceCode)).toEqual({
      kind: 'slow_down',
      retryAfterSeconds: 30,
    })
  })

  it('is refused with invalid_client when the secret is wrong', async () => {
    const client = await start()
    const code = await client.requestDeviceCode()

    const error = await traktError(
      clientFor(sandbox, { clientSecret: 'not-the-secret' }).pollDeviceToken(code.deviceCode),
    )

    expect(error).toMatchObject({ code: 'invalid_client', status: 401 })
  })
})

describe('refresh', () => {
  it('rotates the pair, and the refresh token used is refused with invalid_grant', async () => {
    const client = await start()
    const { tokens } = await signIn(client)

    const next = await client.refreshTokens(tokens.refreshToken)
    const reused = await traktError(client.refreshTokens(tokens.refreshToken))

    expect(next.refreshToken).not.toBe(tokens.refreshToken)
    expect(next.accessToken).not.toBe(tokens.accessToken)
    expect(reused).toMatchObject({ code: 'invalid_grant', status: 400, path: '/oauth/token' })
    expect((await client.getUserSettings(next.accessToken)).username).toBe('sofa-viewer')
  })

  it('is refused with invalid_client when the secret is wrong', async () => {
    const client = await start()
    const { tokens } = await signIn(client)

    const error = await traktError(
      clientFor(sandbox, { clientSecret: 'not-the-secret' }).refreshTokens(tokens.refreshToken),
    )

    expect(error).toMatchObject({ code: 'invalid_client', status: 401 })
  })
})

describe('revoke', () => {
  it('ends the access token: the next user call is unauthorized', async () => {
    const client = await start()
    const { tokens } = await signIn(client)

    await client.revokeToken(tokens.accessToken)
    const error = await traktError(client.getUserSettings(tokens.accessToken))

    expect(error).toMatchObject({ code: 'unauthorized', status: 401, path: '/users/settings' })
  })

  it('is refused with invalid_client when the secret is wrong', async () => {
    const client = await start()
    const { tokens } = await signIn(client)

    const error = await traktError(
      clientFor(sandbox, { clientSecret: 'not-the-secret' }).revokeToken(tokens.accessToken),
    )

    expect(error).toMatchObject({ code: 'invalid_client', status: 401 })
  })
})

describe('user settings', () => {
  it('is understood: name, username, slug, VIP and the avatar URL', async () => {
    const client = await start({ user: { name: 'Ada Lovelace', username: 'ada', vip: true } })
    const { tokens } = await signIn(client)

    expect(await client.getUserSettings(tokens.accessToken)).toEqual({
      username: 'ada',
      name: 'Ada Lovelace',
      slug: 'ada',
      vip: true,
      avatarUrl: `${sandbox.url}/images/avatar.png`,
    })
  })

  it('has no avatar URL for a user without an avatar, and the username for a missing name', async () => {
    const client = await start({ user: { name: null, avatar: 'none' } })
    const { tokens } = await signIn(client)

    const user = await client.getUserSettings(tokens.accessToken)

    expect(user.avatarUrl).toBeUndefined()
    expect(user.name).toBe('sofa-viewer')
  })

  it('is unauthorized (401) once the access token expired', async () => {
    const client = await start({ tokenLifetime: 60 })
    const { tokens } = await signIn(client)
    clock.advance(60_000)

    const error = await traktError(client.getUserSettings(tokens.accessToken))

    expect(error).toMatchObject({ code: 'unauthorized', status: 401 })
  })

  it('is refused (403) to an unknown client id', async () => {
    const client = await start()
    const { tokens } = await signIn(client)

    const error = await traktError(
      clientFor(sandbox, { clientId: 'someone-else' }).getUserSettings(tokens.accessToken),
    )

    expect(error).toMatchObject({ code: 'invalid_client', status: 403 })
  })
})

describe('faults', () => {
  it.each([
    [{ kind: 'status', status: 503 } as const, 'server'],
    [
      { kind: 'status', status: 423, headers: { 'X-Account-Locked': 'true' } } as const,
      'account_locked',
    ],
    [{ kind: 'status', status: 426 } as const, 'vip_required'],
    [{ kind: 'retry_after', seconds: 60 } as const, 'rate_limited'],
    [{ kind: 'malformed' } as const, 'invalid_response'],
    [{ kind: 'empty' } as const, 'invalid_response'],
    [{ kind: 'drop' } as const, 'network'],
  ])('%o on a device-code request is a TraktError %s', async (fault, code) => {
    const client = await start()
    sandbox.inject('/oauth/device/code', fault)

    const error = await traktError(client.requestDeviceCode())

    expect(error.code).toBe(code)
    expect(error.transient).toBe(code !== 'account_locked' && code !== 'vip_required')
  })

  it('carries Retry-After on a rate limit', async () => {
    const client = await start()
    sandbox.inject('/oauth/device/code', { kind: 'retry_after', seconds: 60 })

    expect(await traktError(client.requestDeviceCode())).toMatchObject({
      code: 'rate_limited',
      status: 429,
      retryAfterSeconds: 60,
    })
  })

  it('is a network error while the sandbox is unreachable, and recovers after', async () => {
    const client = await start()
    const code = await client.requestDeviceCode()
    sandbox.setUnreachable(10_000)

    const error = await traktError(client.pollDeviceToken(code.deviceCode))
    clock.advance(10_000)

    expect(error.code).toBe('network')
    expect(await client.pollDeviceToken(code.deviceCode)).toEqual({ kind: 'pending' })
  })

  it('times out on an answer delayed past the client’s timeout', async () => {
    let fireTimeout: () => void = () => undefined
    await start()
    const client = clientFor(
      sandbox,
      {},
      {
        setTimeout: (callback) => {
          fireTimeout = callback
          return 1
        },
        clearTimeout: () => undefined,
      },
    )
    sandbox.inject('/oauth/device/token', { kind: 'delay', ms: 60_000 })

    const pending = traktError(client.pollDeviceToken('a-delayed-device-code'))
    await vi.waitFor(() => expect(sandbox.secrets()).toContain('a-delayed-device-code'))
    fireTimeout()

    expect(await pending).toMatchObject({ code: 'timeout', path: '/oauth/device/token' })
  })
})

describe('secrets', () => {
  it('never reach the request record, after a whole sign-in, refresh and sign-out', async () => {
    const client = await start()
    const { tokens } = await signIn(client)
    const next = await client.refreshTokens(tokens.refreshToken)
    await client.getUserSettings(next.accessToken)
    await client.revokeToken(next.accessToken)

    const recorded = JSON.stringify(sandbox.requests())

    expect(sandbox.secrets()).toEqual(
      expect.arrayContaining([tokens.accessToken, tokens.refreshToken, next.refreshToken]),
    )
    for (const secret of sandbox.secrets()) expect(recorded).not.toContain(secret)
  })

  it('are never in a TraktError the client raises', async () => {
    const client = await start()
    const { tokens } = await signIn(client)
    await client.refreshTokens(tokens.refreshToken)

    const error = await traktError(client.refreshTokens(tokens.refreshToken))
    const shown = JSON.stringify({ ...error, message: error.message, stack: error.stack })

    for (const secret of sandbox.secrets()) expect(shown).not.toContain(secret)
  })
})
