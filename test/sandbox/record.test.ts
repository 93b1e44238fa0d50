import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../sandbox/index'
import { MASK, maskBody, maskHeaders } from '../../sandbox/record'
import { manualClock, post, refresh, signIn, userSettings } from './helpers'

let sandbox: Sandbox

afterEach(async () => {
  await sandbox.close()
})

describe('the request record', () => {
  it('keeps method, path without query, arrival time and status of every request', async () => {
    const clock = manualClock()
    sandbox = await startSandbox({ port: 0, clock })

    await post(sandbox, '/oauth/device/code', { client_id: sandbox.clientId })
    clock.advance(1500)
    await fetch(`${sandbox.url}/activate?from=tv`)

    expect(sandbox.requests()).toMatchObject([
      { method: 'POST', path: '/oauth/device/code', time: clock.now() - 1500, status: 200 },
      { method: 'GET', path: '/activate', time: clock.now(), status: 200 },
    ])
  })

  it('masks every token, device code and secret, in bodies and in headers', async () => {
    sandbox = await startSandbox({ port: 0 })
    const tokens = await signIn(sandbox)
    await refresh(sandbox, tokens.refresh_token)
    await userSettings(sandbox, tokens.access_token)
    await post(sandbox, '/oauth/revoke', {
      token: tokens.access_token,
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
    })

    const recorded = JSON.stringify(sandbox.requests())

    expect(sandbox.secrets().length).toBeGreaterThan(4)
    for (const secret of sandbox.secrets()) expect(recorded).not.toContain(secret)
    expect(recorded).toContain(`"client_secret":"${MASK}"`)
    expect(recorded).toContain(`"authorization":"Bearer ${MASK}"`)
    expect(recorded).toContain(`"client_id":"${sandbox.clientId}"`)
  })

  it('keeps only the size of a body that is not JSON, since it may hold a secret', async () => {
    sandbox = await startSandbox({ port: 0 })

    await post(sandbox, '/oauth/device/token', '{"client_secret": "half-sent')

    expect(sandbox.requests()[0]?.body).toBe('[28 bytes, not JSON]')
  })

  it('lists every secret it issued or was given, the client secret first', async () => {
    sandbox = await startSandbox({ port: 0 })
    const tokens = await signIn(sandbox)
    await refresh(sandbox, 'a-refresh-token-it-never-issued')

    const secrets = sandbox.secrets()

    expect(secrets[0]).toBe('sandbox-client-secret')
    expect(secrets).toContain(tokens.access_token)
    expect(secrets).toContain(tokens.refresh_token)
    expect(secrets).toContain('a-refresh-token-it-never-issued')
    expect(secrets).not.toContain(sandbox.clientId)
  })

  it('lists the device codes it issued', async () => {
    sandbox = await startSandbox({ port: 0 })

    const response = await post(sandbox, '/oauth/device/code', { client_id: sandbox.clientId })
    const { device_code } = (await response.json()) as { device_code: string }

    expect(sandbox.secrets()).toContain(device_code)
  })
})

describe('masking', () => {
  it('masks secret fields at any depth and leaves the rest alone', () => {
    const masked = maskBody({
      client_id: 'id',
      code: 'device',
      nested: [{ refresh_token: 'r', note: 'kept' }],
    })

    expect(masked).toEqual({
      client_id: 'id',
      code: MASK,
      nested: [{ refresh_token: MASK, note: 'kept' }],
    })
  })

  it('keeps the scheme of an Authorization header and masks cookies', () => {
    const masked = maskHeaders({
      authorization: 'Bearer abc',
      cookie: 'session=abc',
      'trakt-api-key': 'id',
    })

    expect(masked).toEqual({ authorization: `Bearer ${MASK}`, cookie: MASK, 'trakt-api-key': 'id' })
    expect(maskHeaders({ authorization: 'abc' })).toEqual({ authorization: MASK })
  })
})
