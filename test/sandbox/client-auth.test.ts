import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../sandbox/index'
import { post, requestCode, signIn, traktHeaders, userSettings } from './helpers'

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, interval: 0 })
})

afterAll(async () => {
  await sandbox.close()
})

const INVALID_CLIENT = { error: 'invalid_client', error_description: expect.any(String) }

describe('client authentication on the OAuth calls', () => {
  it('answers 401 invalid_client to a device-code request from an unknown client id', async () => {
    const response = await post(sandbox, '/oauth/device/code', { client_id: 'someone-else' })

    expect(response.status).toBe(401)
    expect(await response.json()).toEqual(INVALID_CLIENT)
  })

  it.each(['/oauth/device/token', '/oauth/token', '/oauth/revoke'])(
    'answers 401 invalid_client on %s to a wrong secret or an unknown client id',
    async (path) => {
      const wrongSecret = await post(sandbox, path, {
        code: 'x',
        token: 'x',
        refresh_token: 'x',
        client_id: sandbox.clientId,
        client_secret: 'not-the-secret',
      })
      const unknownClient = await post(sandbox, path, {
        client_id: 'someone-else',
        client_secret: sandbox.clientSecret,
      })

      expect(wrongSecret.status).toBe(401)
      expect(await wrongSecret.json()).toEqual(INVALID_CLIENT)
      expect(unknownClient.status).toBe(401)
      expect(await unknownClient.json()).toEqual(INVALID_CLIENT)
    },
  )

  it('accepts its configured credentials in place of the development ones', async () => {
    const custom = await startSandbox({ port: 0, clientId: 'abc', clientSecret: 'def' })
    try {
      const code = await requestCode(custom)
      const response = await post(custom, '/oauth/device/token', {
        code: code.device_code,
        client_id: 'abc',
        client_secret: 'def',
      })

      expect(custom.clientId).toBe('abc')
      expect(response.status).toBe(400)
    } finally {
      await custom.close()
    }
  })
})

describe('the headers Trakt checks', () => {
  it('answers 403 to a POST whose Content-Type is missing or not JSON', async () => {
    const body = JSON.stringify({ client_id: sandbox.clientId })
    const withoutType = await fetch(`${sandbox.url}/oauth/device/code`, {
      method: 'POST',
      headers: { 'trakt-api-key': sandbox.clientId },
      body: new Blob([body]),
    })
    const formType = await post(sandbox, '/oauth/device/code', body, {
      ...traktHeaders(sandbox),
      'Content-Type': 'application/x-www-form-urlencoded',
    })
    const withCharset = await post(sandbox, '/oauth/device/code', body, {
      ...traktHeaders(sandbox),
      'Content-Type': 'application/json; charset=utf-8',
    })

    expect(withoutType.status).toBe(403)
    expect(formType.status).toBe(403)
    expect(withCharset.status).toBe(200)
  })

  it('answers 403 to a GET with a Content-Type that is not JSON', async () => {
    const tokens = await signIn(sandbox)

    const response = await fetch(`${sandbox.url}/users/settings`, {
      headers: {
        ...traktHeaders(sandbox),
        'Content-Type': 'text/plain',
        Authorization: `Bearer ${tokens.access_token}`,
      },
    })

    expect(response.status).toBe(403)
  })

  it('answers 403 on API calls to a missing or unknown trakt-api-key', async () => {
    const tokens = await signIn(sandbox)
    const call = (apiKey: string | undefined): Promise<Response> =>
      fetch(`${sandbox.url}/users/settings`, {
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${tokens.access_token}`,
          ...(apiKey === undefined ? {} : { 'trakt-api-key': apiKey }),
        },
      })

    expect((await call(undefined)).status).toBe(403)
    expect((await call('someone-else')).status).toBe(403)
    expect((await userSettings(sandbox, tokens.access_token)).status).toBe(200)
  })

  it('judges OAuth calls by the client_id of the body, not by trakt-api-key', async () => {
    const wrongKey = await post(
      sandbox,
      '/oauth/device/code',
      { client_id: sandbox.clientId },
      { 'Content-Type': 'application/json', 'trakt-api-key': 'someone-else' },
    )
    const wrongBody = await post(sandbox, '/oauth/device/code', { client_id: 'someone-else' })

    expect(wrongKey.status).toBe(200)
    expect(wrongBody.status).toBe(401)
    expect(await wrongBody.json()).toEqual(INVALID_CLIENT)
  })

  it('answers 400 invalid_request to a body that is not JSON', async () => {
    const response = await post(sandbox, '/oauth/device/code', '{"client_id": ')

    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: 'invalid_request' })
  })

  it('answers 405 to the wrong method and 404 to a path it does not know', async () => {
    const wrongMethod = await fetch(`${sandbox.url}/oauth/device/code`)
    const unknownPath = await post(sandbox, '/oauth/authorize', {})

    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.get('allow')).toBe('POST')
    expect(unknownPath.status).toBe(404)
  })
})
