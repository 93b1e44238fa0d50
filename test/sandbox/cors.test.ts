import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index'
import { post, requestCode, traktHeaders } from './helpers'

let sandbox: Sandbox

async function start(options: SandboxOptions = {}): Promise<void> {
  sandbox = await startSandbox({ port: 0, ...options })
}

afterEach(async () => {
  await sandbox.close()
})

function deviceCodeFrom(origin: string): Promise<Response> {
  return post(
    sandbox,
    '/oauth/device/code',
    { client_id: sandbox.clientId },
    { ...traktHeaders(sandbox), Origin: origin },
  )
}

function preflight(origin: string, path = '/oauth/device/token'): Promise<Response> {
  return fetch(sandbox.url + path, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type,trakt-api-key,trakt-api-version',
    },
  })
}

describe('CORS', () => {
  it('allows any loopback origin by default, echoing it', async () => {
    await start()

    const fromIp = await deviceCodeFrom('http://127.0.0.1:8080')
    const fromName = await deviceCodeFrom('http://localhost:3000')

    expect(fromIp.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080')
    expect(fromIp.headers.get('vary')).toBe('Origin')
    expect(fromName.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
  })

  it('sends no CORS headers to an origin that is not allowed', async () => {
    await start()

    const lan = await deviceCodeFrom('http://192.168.1.20:8080')
    const lookalike = await deviceCodeFrom('http://127.0.0.1.evil.example')

    expect(lan.status).toBe(200)
    expect(lan.headers.get('access-control-allow-origin')).toBeNull()
    expect(lookalike.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('allows exactly a configured list of origins', async () => {
    await start({ origins: ['http://192.168.1.20:8080'] })

    const listed = await deviceCodeFrom('http://192.168.1.20:8080')
    const loopback = await deviceCodeFrom('http://127.0.0.1:8080')

    expect(listed.headers.get('access-control-allow-origin')).toBe('http://192.168.1.20:8080')
    expect(loopback.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('answers * when configured to allow any origin', async () => {
    await start({ origins: '*' })

    const response = await deviceCodeFrom('http://tv.example')

    expect(response.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('answers a preflight with the allowed methods and Trakt’s headers', async () => {
    await start()

    const response = await preflight('http://127.0.0.1:8080')

    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080')
    expect(response.headers.get('access-control-allow-methods')).toMatch(/\bPOST\b/)
    expect(response.headers.get('access-control-allow-methods')).toMatch(/\bGET\b/)
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'content-type, trakt-api-key, trakt-api-version, authorization',
    )
    expect(sandbox.requests().at(-1)).toMatchObject({ method: 'OPTIONS', status: 204 })
  })

  it('answers a preflight from a foreign origin without CORS headers', async () => {
    await start()

    const response = await preflight('http://192.168.1.20:8080')

    expect(response.headers.get('access-control-allow-origin')).toBeNull()
    expect(response.headers.get('access-control-allow-headers')).toBeNull()
  })

  it('exposes Retry-After so a browser app can read a slow-down', async () => {
    await start()

    const response = await deviceCodeFrom('http://127.0.0.1:8080')

    expect(response.headers.get('access-control-expose-headers')).toMatch(/Retry-After/)
  })

  it('serves the avatar with CORS headers, as a WebGL texture of the app needs', async () => {
    await start()

    const response = await fetch(`${sandbox.url}/images/avatar.png`, {
      headers: { Origin: 'http://127.0.0.1:8080' },
    })

    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080')
  })

  it('keeps CORS headers on errors by default', async () => {
    await start()
    const code = await requestCode(sandbox)

    const pending = await post(
      sandbox,
      '/oauth/device/token',
      { code: code.device_code, client_id: sandbox.clientId, client_secret: sandbox.clientSecret },
      { ...traktHeaders(sandbox), Origin: 'http://127.0.0.1:8080' },
    )

    expect(pending.status).toBe(400)
    expect(pending.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080')
  })

  it('drops CORS headers from every answer but 2xx when switched off, as Trakt’s edge has', async () => {
    await start({ corsOnErrors: false, interval: 0 })
    const code = await requestCode(sandbox)
    const headers = { ...traktHeaders(sandbox), Origin: 'http://127.0.0.1:8080' }
    const body = {
      code: code.device_code,
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
    }
    sandbox.inject('/oauth/device/token', { kind: 'status', status: 503 })

    const unavailable = await post(sandbox, '/oauth/device/token', body, headers)
    const pending = await post(sandbox, '/oauth/device/token', body, headers)
    sandbox.approve(code.user_code)
    const approved = await post(sandbox, '/oauth/device/token', body, headers)
    const preflightAnswer = await preflight('http://127.0.0.1:8080')

    expect(unavailable.status).toBe(503)
    expect(unavailable.headers.get('access-control-allow-origin')).toBeNull()
    expect(pending.status).toBe(400)
    expect(pending.headers.get('access-control-allow-origin')).toBeNull()
    expect(approved.status).toBe(200)
    expect(approved.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080')
    expect(preflightAnswer.headers.get('access-control-allow-origin')).not.toBeNull()
  })

  it('can be switched off while running', async () => {
    await start({ interval: 0 })
    const code = await requestCode(sandbox)

    sandbox.config.corsOnErrors = false
    const response = await fetch(`${sandbox.url}/oauth/device/token`, {
      method: 'POST',
      headers: { ...traktHeaders(sandbox), Origin: 'http://localhost:8080' },
      body: JSON.stringify({ code: code.device_code, client_id: 'x', client_secret: 'y' }),
    })

    expect(response.status).toBe(401)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })
})
