import { describe, expect, it } from 'vitest'
import { createFakeFetch } from '../../support/fake-fetch'

const URL_A = 'https://auth.trakt.tv/oauth/device/code'
const URL_B = 'https://api.trakt.tv/users/settings'

describe('createFakeFetch', () => {
  it('answers expected requests in order and records them', async () => {
    const fake = createFakeFetch().expect(
      { method: 'post', url: URL_A, body: { b: 2, a: 1 }, respond: () => new Response('one') },
      { url: URL_B, headers: { Authorization: 'Bearer t' }, respond: new Response('two') },
    )

    const first = await fake.fetch(URL_A, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ a: 1, b: 2 }),
    })
    const second = await fake.fetch(new URL(URL_B), { headers: { authorization: 'Bearer t' } })

    expect(await first.text()).toBe('one')
    expect(await second.text()).toBe('two')
    expect(fake.requests.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'POST', url: URL_A, body: { a: 1, b: 2 } },
      { method: 'GET', url: URL_B, body: undefined },
    ])
    expect(fake.requests[0]?.headers).toEqual({ 'content-type': 'application/json' })
    fake.assertDone()
  })

  it('accepts body predicates and match functions', async () => {
    const fake = createFakeFetch().expect({
      method: 'POST',
      url: URL_A,
      body: (body: unknown) => (body as { n: number }).n > 1,
      match: (request) => request.bodyText?.indexOf('"n"') !== -1,
      respond: () => new Response(null, { status: 204 }),
    })

    const response = await fake.fetch(URL_A, { method: 'POST', body: '{"n":2}' })

    expect(response.status).toBe(204)
    fake.assertDone()
  })

  it('rejects like a network failure when told to', async () => {
    const failure = new TypeError('Failed to fetch')
    const fake = createFakeFetch().expect({ url: URL_A, respond: { reject: failure } })

    await expect(fake.fetch(URL_A)).rejects.toBe(failure)
  })

  it('rejects with AbortError when the signal aborts a hanging request, or was aborted', async () => {
    const fake = createFakeFetch().expect(
      { url: URL_A, respond: { hang: true } },
      { url: URL_B, respond: () => new Response('never') },
    )
    const controller = new AbortController()

    const hanging = fake.fetch(URL_A, { signal: controller.signal })
    controller.abort()

    await expect(hanging).rejects.toMatchObject({ name: 'AbortError' })
    await expect(fake.fetch(URL_B, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    })
  })

  it('fails assertDone when an expected request never came', () => {
    const fake = createFakeFetch().expect({ method: 'POST', url: URL_A, respond: new Response() })

    expect(() => fake.assertDone()).toThrow('expected requests that never came')
  })

  // Each of these must fail the test it runs in, even though the rejection is caught.
  it.fails('fails the test on a request nobody expected', async () => {
    const fake = createFakeFetch()

    await fake.fetch(URL_A).catch(() => undefined)
  })

  it.fails('fails the test on a request with the wrong method', async () => {
    const fake = createFakeFetch().expect({ method: 'POST', url: URL_A, respond: new Response() })

    await fake.fetch(URL_A).catch(() => undefined)
  })

  it.fails('fails the test on a request with the wrong body', async () => {
    const fake = createFakeFetch().expect({
      method: 'POST',
      url: URL_A,
      body: { a: 1 },
      respond: new Response(),
    })

    await fake.fetch(URL_A, { method: 'POST', body: '{"a":2}' }).catch(() => undefined)
  })

  it.fails('fails the test on a request missing an expected header', async () => {
    const fake = createFakeFetch().expect({
      url: URL_B,
      headers: { Authorization: 'Bearer t' },
      respond: new Response(),
    })

    await fake.fetch(URL_B).catch(() => undefined)
  })

  it('refuses an unexpected request with a TypeError and names it in failures', async () => {
    const reasons: string[] = []
    const fake = createFakeFetch({ onRefused: (reason) => reasons.push(reason) })
    let refused: unknown

    try {
      await fake.fetch(URL_A)
    } catch (error) {
      refused = error
    }

    expect(refused).toBeInstanceOf(TypeError)
    expect(fake.failures).toEqual([`no request expected, got GET ${URL_A}`])
    expect(reasons).toEqual(fake.failures)
    expect(() => fake.assertDone()).toThrow('requests refused by the fake fetch')
  })
})
