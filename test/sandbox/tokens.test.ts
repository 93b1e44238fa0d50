import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../sandbox/index'
import {
  manualClock,
  post,
  refresh,
  signIn,
  userSettings,
  type ManualClock,
  type TokenBody,
} from './helpers'

let sandbox: Sandbox
let clock: ManualClock

async function start(options: Parameters<typeof startSandbox>[0] = {}): Promise<void> {
  clock = manualClock()
  sandbox = await startSandbox({ port: 0, clock, ...options })
}

afterEach(async () => {
  await sandbox.close()
})

const INVALID_GRANT = { error: 'invalid_grant', error_description: expect.any(String) }

describe('POST /oauth/token (refresh)', () => {
  it('answers a new pair, and the refresh token used is refused from then on', async () => {
    await start()
    const first = await signIn(sandbox)

    const rotated = await refresh(sandbox, first.refresh_token)
    const second = (await rotated.json()) as TokenBody
    const reused = await refresh(sandbox, first.refresh_token)

    expect(rotated.status).toBe(200)
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect(second.access_token).not.toBe(first.access_token)
    expect(reused.status).toBe(400)
    expect(await reused.json()).toEqual(INVALID_GRANT)
    expect((await refresh(sandbox, second.refresh_token)).status).toBe(200)
  })

  it('ends the access token of the pair it replaces', async () => {
    await start()
    const first = await signIn(sandbox)

    await refresh(sandbox, first.refresh_token)

    expect((await userSettings(sandbox, first.access_token)).status).toBe(401)
  })

  it('refuses an unknown or revoked refresh token with invalid_grant', async () => {
    await start()
    const tokens = await signIn(sandbox)
    await post(sandbox, '/oauth/revoke', {
      token: tokens.access_token,
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
    })

    const revoked = await refresh(sandbox, tokens.refresh_token)
    const unknown = await refresh(sandbox, 'e'.repeat(64))

    expect(revoked.status).toBe(400)
    expect(await revoked.json()).toEqual(INVALID_GRANT)
    expect(unknown.status).toBe(400)
    expect(await unknown.json()).toEqual(INVALID_GRANT)
  })

  it('refuses another grant type, and a redirect URI other than the out-of-band one', async () => {
    await start()
    const tokens = await signIn(sandbox)
    const body = {
      refresh_token: tokens.refresh_token,
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
      redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
      grant_type: 'refresh_token',
    }

    const wrongGrant = await post(sandbox, '/oauth/token', { ...body, grant_type: 'password' })
    const wrongRedirect = await post(sandbox, '/oauth/token', { ...body, redirect_uri: 'x:y' })

    expect(wrongGrant.status).toBe(400)
    expect(await wrongGrant.json()).toMatchObject({ error: 'unsupported_grant_type' })
    expect(wrongRedirect.status).toBe(400)
    expect(await wrongRedirect.json()).toEqual(INVALID_GRANT)
    expect((await post(sandbox, '/oauth/token', body)).status).toBe(200)
  })

  it('gives the new pair the lifetime configured when it is issued', async () => {
    await start({ tokenLifetime: 60 })
    const first = await signIn(sandbox)

    sandbox.config.tokenLifetime = 90 * 24 * 3600
    const second = (await (await refresh(sandbox, first.refresh_token)).json()) as TokenBody

    expect(first.expires_in).toBe(60)
    expect(second.expires_in).toBe(90 * 24 * 3600)
  })
})

describe('POST /oauth/revoke', () => {
  it('answers 200 {} and the access token is refused afterwards', async () => {
    await start()
    const tokens = await signIn(sandbox)
    const body = {
      token: tokens.access_token,
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
    }

    const response = await post(sandbox, '/oauth/revoke', body)

    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({})
    expect((await userSettings(sandbox, tokens.access_token)).status).toBe(401)
  })

  it('answers 200 for a token it does not know, as RFC 7009 asks', async () => {
    await start()

    const response = await post(sandbox, '/oauth/revoke', {
      token: 'd'.repeat(64),
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
    })

    expect(response.status).toBe(200)
  })
})

describe('GET /users/settings', () => {
  it('answers the sandbox user with an avatar the sandbox serves itself', async () => {
    await start({ user: { name: 'Ada Lovelace', username: 'ada', vip: true } })
    const tokens = await signIn(sandbox)

    const response = await userSettings(sandbox, tokens.access_token)
    const body = (await response.json()) as {
      user: { images: { avatar: { full: string } } }
      account: unknown
    }

    expect(response.status).toBe(200)
    expect(body.user).toMatchObject({
      username: 'ada',
      name: 'Ada Lovelace',
      vip: true,
      ids: { slug: 'ada' },
    })
    expect(body.account).toBeTypeOf('object')
    const avatar = await fetch(body.user.images.avatar.full)
    expect(avatar.status).toBe(200)
    expect(avatar.headers.get('content-type')).toBe('image/png')
    const bytes = Buffer.from(await avatar.arrayBuffer())
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG')
  })

  it('answers a null avatar for a user without one', async () => {
    await start({ user: { avatar: 'none' } })
    const tokens = await signIn(sandbox)

    const body = (await (await userSettings(sandbox, tokens.access_token)).json()) as {
      user: { images: { avatar: { full: unknown } } }
    }

    expect(body.user.images.avatar.full).toBeNull()
  })

  it('answers an avatar URL that 404s when asked for a broken one', async () => {
    await start({ user: { avatar: 'broken' } })
    const tokens = await signIn(sandbox)

    const body = (await (await userSettings(sandbox, tokens.access_token)).json()) as {
      user: { images: { avatar: { full: string } } }
    }

    expect(body.user.images.avatar.full.startsWith(sandbox.url)).toBe(true)
    expect((await fetch(body.user.images.avatar.full)).status).toBe(404)
  })

  it('answers 401 for a missing, unknown or expired access token', async () => {
    await start({ tokenLifetime: 3600 })
    const tokens = await signIn(sandbox)
    const noToken = await fetch(`${sandbox.url}/users/settings`, {
      headers: { 'Content-Type': 'application/json', 'trakt-api-key': sandbox.clientId },
    })

    clock.advance(3599_000)
    const beforeExpiry = await userSettings(sandbox, tokens.access_token)
    clock.advance(1000)
    const expired = await userSettings(sandbox, tokens.access_token)

    expect(noToken.status).toBe(401)
    expect((await userSettings(sandbox, 'c'.repeat(64))).status).toBe(401)
    expect(beforeExpiry.status).toBe(200)
    expect(expired.status).toBe(401)
    expect(expired.headers.get('www-authenticate')).toMatch(/error="invalid_token"/)
    expect(await expired.json()).toMatchObject({ error: 'invalid_token' })
  })

  it('answers 401 after expireAccessTokens, while the refresh token still works', async () => {
    await start()
    const tokens = await signIn(sandbox)

    sandbox.expireAccessTokens()

    expect((await userSettings(sandbox, tokens.access_token)).status).toBe(401)
    expect((await refresh(sandbox, tokens.refresh_token)).status).toBe(200)
  })
})
