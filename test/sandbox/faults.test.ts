import { afterEach, describe, expect, it, vi } from 'vitest'
import { startSandbox, type Sandbox } from '../../sandbox/index'
import { manualClock, poll, post, requestCode, type ManualClock } from './helpers'

let sandbox: Sandbox
let clock: ManualClock

async function start(): Promise<void> {
  clock = manualClock()
  sandbox = await startSandbox({ port: 0, clock, interval: 0 })
}

afterEach(async () => {
  await sandbox.close()
})

function deviceCode(): Promise<Response> {
  return post(sandbox, '/oauth/device/code', { client_id: sandbox.clientId })
}

describe('injected faults', () => {
  it('answers the next N requests of one endpoint with a status, then answers normally', async () => {
    await start()
    sandbox.inject('/oauth/device/code', { kind: 'status', status: 502 }, 2)

    const statuses = [(await deviceCode()).status, (await deviceCode()).status]
    const after = await deviceCode()

    expect(statuses).toEqual([502, 502])
    expect(after.status).toBe(200)
    expect(sandbox.issuedCodes()).toHaveLength(1)
  })

  it('touches only the endpoint it was injected for', async () => {
    await start()
    const code = await requestCode(sandbox)
    sandbox.inject('/oauth/device/code', { kind: 'status', status: 500 })

    expect((await poll(sandbox, code.device_code)).status).toBe(400)
    expect((await deviceCode()).status).toBe(500)
  })

  it('sends the given body and headers: a string as text, anything else as JSON', async () => {
    await start()
    sandbox.inject('/oauth/device/code', {
      kind: 'status',
      status: 423,
      body: { error: 'locked' },
      headers: { 'X-Account-Locked': 'true' },
    })
    sandbox.inject('/oauth/device/code', { kind: 'status', status: 429, body: 'error code: 1015' })

    const locked = await deviceCode()
    const cloudflare = await deviceCode()

    expect(locked.status).toBe(423)
    expect(locked.headers.get('x-account-locked')).toBe('true')
    expect(await locked.json()).toEqual({ error: 'locked' })
    expect(cloudflare.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await cloudflare.text()).toBe('error code: 1015')
  })

  it('sends Retry-After with a 429, or with the status asked for', async () => {
    await start()
    sandbox.inject('/oauth/device/token', { kind: 'retry_after', seconds: 30 })
    sandbox.inject('/oauth/device/token', { kind: 'retry_after', seconds: 120, status: 503 })

    const slowDown = await poll(sandbox, 'x')
    const unavailable = await poll(sandbox, 'x')

    expect(slowDown.status).toBe(429)
    expect(slowDown.headers.get('retry-after')).toBe('30')
    expect(unavailable.status).toBe(503)
    expect(unavailable.headers.get('retry-after')).toBe('120')
  })

  it('answers a 200 whose body is not JSON', async () => {
    await start()
    sandbox.inject('/oauth/device/code', { kind: 'malformed' })

    const response = await deviceCode()

    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    await expect(response.json()).rejects.toThrow(SyntaxError)
  })

  it('answers a 200 with an empty body', async () => {
    await start()
    sandbox.inject('/oauth/device/code', { kind: 'empty' })

    const response = await deviceCode()

    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })

  it('drops the connection without an answer', async () => {
    await start()
    sandbox.inject('/oauth/device/code', { kind: 'drop' })

    await expect(deviceCode()).rejects.toThrow(TypeError)
    expect((await deviceCode()).status).toBe(200)
    expect(sandbox.requests().map((request) => request.status)).toEqual(['dropped', 200])
  })

  it('delays the real answer by the time asked for', async () => {
    await start()
    sandbox.inject('/oauth/device/code', { kind: 'delay', ms: 150 })

    const startedAt = performance.now()
    const response = await deviceCode()
    const elapsed = performance.now() - startedAt

    // Only the lower bound is certain: a timer never fires early by more than a millisecond.
    expect(elapsed).toBeGreaterThanOrEqual(149)
    expect(response.status).toBe(200)
    expect(sandbox.requests()[0]).toMatchObject({ status: 200, fault: 'delay' })
  })

  it('drops every request while unreachable, until the time has passed on its clock', async () => {
    await start()
    sandbox.setUnreachable(10_000)

    await expect(deviceCode()).rejects.toThrow(TypeError)
    await expect(fetch(`${sandbox.url}/activate`)).rejects.toThrow(TypeError)
    clock.advance(9_999)
    await expect(deviceCode()).rejects.toThrow(TypeError)
    clock.advance(1)
    expect((await deviceCode()).status).toBe(200)
    expect(sandbox.requests().map((request) => request.fault)).toEqual([
      'unreachable',
      'unreachable',
      'unreachable',
      undefined,
    ])
  })

  it('ends an unreachable spell at once with setUnreachable(0)', async () => {
    await start()
    sandbox.setUnreachable(60_000)

    sandbox.setUnreachable(0)

    expect((await deviceCode()).status).toBe(200)
  })

  it('closes at once while an answer is being delayed, dropping that request', async () => {
    await start()
    sandbox.inject('/oauth/device/token', { kind: 'delay', ms: 60_000 })

    const pending = poll(sandbox, 'delayed-device-code').catch((error: unknown) => error)
    // The sandbox notes a given device code as soon as it has read the request.
    await vi.waitFor(() => expect(sandbox.secrets()).toContain('delayed-device-code'))
    await sandbox.close()

    expect(await pending).toBeInstanceOf(TypeError)
    sandbox = await startSandbox({ port: 0 })
  })
})
