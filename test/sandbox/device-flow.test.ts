import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../sandbox/index'
import { USER_CODE_ALPHABET } from '../../sandbox/state'
import { manualClock, poll, post, requestCode, type ManualClock } from './helpers'

let sandbox: Sandbox
let clock: ManualClock

async function start(options: Parameters<typeof startSandbox>[0] = {}): Promise<void> {
  clock = manualClock()
  sandbox = await startSandbox({ port: 0, clock, ...options })
}

afterEach(async () => {
  await sandbox.close()
})

describe('POST /oauth/device/code', () => {
  it('answers a device code in Trakt’s shape, pointing at its own activation page', async () => {
    await start({ expiresIn: 600, interval: 5 })

    const response = await post(sandbox, '/oauth/device/code', { client_id: sandbox.clientId })
    const body = (await response.json()) as Record<string, unknown>

    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(Object.keys(body).sort()).toEqual(
      ['device_code', 'expires_in', 'interval', 'user_code', 'verification_url'].sort(),
    )
    expect(body.device_code).toMatch(/^[0-9a-f]{64}$/)
    expect(body.verification_url).toBe(`${sandbox.url}/activate`)
    expect(body.expires_in).toBe(600)
    expect(body.interval).toBe(5)
  })

  it('makes 8-character user codes without 0, O, 1 or I, all different, listed in order', async () => {
    await start()

    const codes: string[] = []
    for (let i = 0; i < 30; i++) codes.push((await requestCode(sandbox)).user_code)

    for (const code of codes) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/)
    expect(USER_CODE_ALPHABET).not.toMatch(/[01OI]/)
    expect(new Set(codes).size).toBe(codes.length)
    expect(sandbox.issuedCodes()).toEqual(codes)
  })

  it('takes lifetimes from the configuration at the moment a code is issued', async () => {
    await start()

    sandbox.config.expiresIn = 30
    sandbox.config.interval = 2
    const response = await post(sandbox, '/oauth/device/code', { client_id: sandbox.clientId })

    expect(await response.json()).toMatchObject({ expires_in: 30, interval: 2 })
  })
})

describe('POST /oauth/device/token', () => {
  it('answers 400 with an empty body while the person has not answered', async () => {
    await start()
    const code = await requestCode(sandbox)

    const response = await poll(sandbox, code.device_code)

    expect(response.status).toBe(400)
    expect(await response.text()).toBe('')
  })

  it('answers 200 with a token pair once approved, with created_at in Unix seconds', async () => {
    await start({ tokenLifetime: 86_400 })
    const code = await requestCode(sandbox)
    sandbox.approve(code.user_code)

    const response = await poll(sandbox, code.device_code)
    const body = (await response.json()) as Record<string, unknown>

    expect(response.status).toBe(200)
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f]{64}$/),
      token_type: 'bearer',
      expires_in: 86_400,
      refresh_token: expect.stringMatching(/^[0-9a-f]{64}$/),
      scope: 'public',
      created_at: clock.now() / 1000,
    })
    expect(body.access_token).not.toBe(body.refresh_token)
  })

  it('answers 409 to every poll after the tokens were handed out', async () => {
    await start()
    const code = await requestCode(sandbox)
    sandbox.approve(code.user_code)
    await poll(sandbox, code.device_code)

    clock.advance(5000)
    const again = await poll(sandbox, code.device_code)

    expect(again.status).toBe(409)
    expect(await again.text()).toBe('')
  })

  it('answers 410 once the code has expired, at the second it expires', async () => {
    await start({ expiresIn: 60 })
    const code = await requestCode(sandbox)

    clock.advance(59_999)
    expect((await poll(sandbox, code.device_code)).status).toBe(400)
    clock.advance(1)
    expect((await poll(sandbox, code.device_code)).status).toBe(410)
  })

  it('answers 410 after expireCode, even when the person had approved', async () => {
    await start()
    const code = await requestCode(sandbox)
    sandbox.approve(code.user_code)

    sandbox.expireCode(code.user_code)

    expect((await poll(sandbox, code.device_code)).status).toBe(410)
  })

  it('answers 404 for a device code it never issued', async () => {
    await start()

    expect((await poll(sandbox, 'f'.repeat(64))).status).toBe(404)
  })

  it('answers 418 once the person declined', async () => {
    await start()
    const code = await requestCode(sandbox)
    sandbox.decline(code.user_code)

    const response = await poll(sandbox, code.device_code)

    expect(response.status).toBe(418)
    expect(await response.text()).toBe('')
  })

  it('answers 429 to a poll that arrives sooner than the interval, less 100 ms', async () => {
    await start({ interval: 5 })
    const code = await requestCode(sandbox)
    await poll(sandbox, code.device_code)

    clock.advance(4899)
    expect((await poll(sandbox, code.device_code)).status).toBe(429)
    clock.advance(4900)
    expect((await poll(sandbox, code.device_code)).status).toBe(400)
  })

  it('measures from the previous arrival, so a refused poll also restarts the wait', async () => {
    await start({ interval: 5 })
    const code = await requestCode(sandbox)
    await poll(sandbox, code.device_code)
    clock.advance(1000)
    await poll(sandbox, code.device_code)

    clock.advance(4000)

    expect((await poll(sandbox, code.device_code)).status).toBe(429)
  })

  it('lets the first poll come at any time', async () => {
    await start({ interval: 5 })
    const code = await requestCode(sandbox)

    expect((await poll(sandbox, code.device_code)).status).toBe(400)
  })

  it('refuses to approve or decline a code that is unknown, expired or answered', async () => {
    await start()
    const code = await requestCode(sandbox)
    const other = await requestCode(sandbox)
    sandbox.approve(code.user_code)
    sandbox.expireCode(other.user_code)

    expect(() => sandbox.decline(code.user_code)).toThrow(/answered/)
    expect(() => sandbox.approve(other.user_code)).toThrow(/expired/)
    expect(() => sandbox.approve('ZZZZZZZZ')).toThrow(/unknown/)
    expect(() => sandbox.expireCode('ZZZZZZZZ')).toThrow(/unknown/)
  })
})
