/**
 * A fake `fetch` that fails closed, for tests of code that talks HTTP.
 *
 * Each test declares the requests it expects, in order, with the answer to give. A request
 * that was not expected (or came out of order, or does not match) rejects like a network
 * failure AND fails the running test, even when the code under test swallows the rejection.
 * {@link FakeFetch.assertDone} fails when an expected request never came. Every request is
 * recorded, so headers and bodies can be asserted afterwards.
 *
 * @example
 * const fake = createFakeFetch()
 * fake.expect({
 *   method: 'POST',
 *   url: 'https://auth.trakt.tv/oauth/device/code',
 *   body: { client_id: 'id' },
 *   respond: () => Response.json({ ... }),
 * })
 * const client = new TraktClient(config, { fetch: fake.fetch })
 * await client.requestDeviceCode()
 * fake.assertDone()
 * expect(fake.requests[0]?.headers['trakt-api-key']).toBe('id')
 */
import { expect } from 'vitest'

/** One request as the fake saw it. */
export interface RecordedRequest {
  /** Uppercase, e.g. `POST`. */
  readonly method: string
  readonly url: string
  /** Header names lowercased. */
  readonly headers: Readonly<Record<string, string>>
  /** The body as sent, when it was a string. */
  readonly bodyText: string | undefined
  /** The body parsed as JSON, or `undefined` when there was none or it was not JSON. */
  readonly body: unknown
  /** The signal given to `fetch`, if any. */
  readonly signal: AbortSignal | undefined
}

/**
 * What the fake does with an expected request:
 * - a `Response`, or a function making one (use a function when the body must be fresh);
 * - `{ reject: error }` to fail like a network error;
 * - `{ hang: true }` to never answer, until the request's signal aborts it.
 * A function may also return a promise, to answer later under the test's control.
 */
export type FakeAnswer =
  | Response
  | ((request: RecordedRequest) => Response | Promise<Response>)
  | { readonly reject: unknown }
  | { readonly hang: true }

/** One request a test expects. */
export interface ExpectedRequest {
  /** Compared case-insensitively; default `GET`. */
  readonly method?: string
  /** Compared exactly. */
  readonly url: string
  /**
   * The JSON body, compared deeply (key order does not matter), or a predicate on the parsed
   * body.
   */
  readonly body?: unknown
  /** Headers that must be present with these values (names case-insensitive); others may be. */
  readonly headers?: Readonly<Record<string, string>>
  /** Any further check; return `false` to refuse the request. */
  readonly match?: (request: RecordedRequest) => boolean
  readonly respond: FakeAnswer
}

/** The fake and what it recorded. */
export interface FakeFetch {
  /** Pass this wherever a `fetch` is injected. */
  readonly fetch: typeof fetch
  /** Every request received, expected or not, in order. */
  readonly requests: readonly RecordedRequest[]
  /** Why each refused request was refused. */
  readonly failures: readonly string[]
  /** Appends expected requests, answered in the order given. */
  expect(...requests: ExpectedRequest[]): FakeFetch
  /** Fails when an expected request never came or any request was refused. */
  assertDone(): void
}

/** How a fake reports a refused request. */
export interface FakeFetchOptions {
  /**
   * Called with the reason of each refused request, besides the rejection. The default fails
   * the running test with a soft assertion; replace it only to test the fake itself.
   */
  readonly onRefused?: (reason: string) => void
}

/** Makes a fake `fetch` with no expected requests yet. */
export function createFakeFetch(options: FakeFetchOptions = {}): FakeFetch {
  const onRefused = options.onRefused ?? failRunningTest
  const expected: ExpectedRequest[] = []
  const requests: RecordedRequest[] = []
  const failures: string[] = []

  const refuse = (message: string): Promise<never> => {
    failures.push(message)
    onRefused(message)
    return Promise.reject(new TypeError(`fake fetch: ${message}`))
  }

  const fakeFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = record(input, init)
    requests.push(request)

    const next = expected.shift()
    if (next === undefined) {
      return refuse(`no request expected, got ${request.method} ${request.url}`)
    }
    const mismatch = mismatchOf(next, request)
    if (mismatch !== undefined) return refuse(`${request.method} ${request.url}: ${mismatch}`)

    if (request.signal?.aborted === true) throw abortError()
    return answer(next.respond, request)
  }

  const fake: FakeFetch = {
    fetch: fakeFetch as typeof fetch,
    requests,
    failures,
    expect(...more) {
      expected.push(...more)
      return fake
    },
    assertDone() {
      const missing = expected.map((request) => `${request.method ?? 'GET'} ${request.url}`)
      expect(failures, 'requests refused by the fake fetch').toEqual([])
      expect(missing, 'expected requests that never came').toEqual([])
    },
  }
  return fake
}

/** Fails the running test even when the code under test catches the rejection. */
function failRunningTest(reason: string): void {
  expect.soft(reason, 'unexpected request to the fake fetch').toBe('no unexpected request')
}

function record(input: RequestInfo | URL, init: RequestInit | undefined): RecordedRequest {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  const method = (
    init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')
  ).toUpperCase()

  const headers: Record<string, string> = {}
  new Headers(init?.headers).forEach((value, name) => {
    headers[name] = value
  })

  const bodyText = typeof init?.body === 'string' ? init.body : undefined
  let body: unknown
  try {
    body = bodyText === undefined ? undefined : JSON.parse(bodyText)
  } catch {
    body = undefined
  }

  return { method, url, headers, bodyText, body, signal: init?.signal ?? undefined }
}

function mismatchOf(expected: ExpectedRequest, request: RecordedRequest): string | undefined {
  const method = (expected.method ?? 'GET').toUpperCase()
  if (request.method !== method || request.url !== expected.url) {
    return `expected ${method} ${expected.url}`
  }

  if ('body' in expected) {
    const ok =
      typeof expected.body === 'function'
        ? (expected.body as (body: unknown) => boolean)(request.body)
        : deepEqual(request.body, expected.body)
    if (!ok) return `body ${request.bodyText ?? '(none)'} does not match`
  }

  for (const name of Object.keys(expected.headers ?? {})) {
    const want = expected.headers?.[name]
    const got = request.headers[name.toLowerCase()]
    if (got !== want) return `header ${name} is ${got ?? '(missing)'}, expected ${want ?? ''}`
  }

  if (expected.match !== undefined && !expected.match(request)) return 'match() refused it'
  return undefined
}

/** Answers as a real fetch would, including rejecting with `AbortError` when aborted. */
function answer(respond: FakeAnswer, request: RecordedRequest): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const onAbort = (): void => reject(abortError())
    request.signal?.addEventListener('abort', onAbort, { once: true })
    const settle = (outcome: () => void): void => {
      request.signal?.removeEventListener('abort', onAbort)
      outcome()
    }

    if (respond instanceof Response) {
      settle(() => resolve(respond))
    } else if (typeof respond === 'function') {
      Promise.resolve()
        .then(() => respond(request))
        .then(
          (response) => settle(() => resolve(response)),
          (error: unknown) => settle(() => reject(error)),
        )
    } else if ('reject' in respond) {
      settle(() => reject(respond.reject))
    }
    // `{ hang: true }`: only the abort listener above can settle it.
  })
}

function abortError(): Error {
  return new DOMException('The operation was aborted.', 'AbortError')
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false

  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  if (keysA.length !== keysB.length) return false
  return keysA.every((key) =>
    deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  )
}
