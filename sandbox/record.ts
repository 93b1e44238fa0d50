/**
 * The sandbox's memory of what it received: every request with secrets masked, and every
 * secret it issued or was given, so tests can search logs, storage and screens for leaks.
 */
import type { IncomingHttpHeaders } from 'node:http'

/** What stands where a secret was. */
export const MASK = '[masked]'

/** Body fields that hold a secret in Trakt's OAuth calls. */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'client_secret',
  'code',
  'device_code',
  'access_token',
  'refresh_token',
  'token',
])

/** Headers that hold a secret. */
const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'cookie'])

/** One request as the sandbox saw it, safe to print. */
export interface RecordedRequest {
  readonly method: string
  /** The path without the query string. */
  readonly path: string
  /** Arrival, in milliseconds on the sandbox clock. */
  readonly time: number
  /** The status sent, or `'dropped'` when the connection was destroyed without an answer. */
  readonly status: number | 'dropped'
  /** The fault that answered, when one did. */
  readonly fault: string | undefined
  readonly headers: Readonly<Record<string, string>>
  /** The parsed JSON or form body with secret fields masked, or a note of what it was. */
  readonly body: unknown
}

/** The request record and the list of secrets of one sandbox. */
export class RequestRecord {
  private readonly entries: RecordedRequest[] = []
  private readonly secretSet = new Set<string>()

  /** Remembers a secret so that leak checks can look for it. */
  addSecret(secret: string): void {
    if (secret !== '') this.secretSet.add(secret)
  }

  /** Adds a request; its headers and body are masked here, before anything keeps them. */
  add(entry: {
    method: string
    path: string
    time: number
    status: number | 'dropped'
    fault: string | undefined
    headers: IncomingHttpHeaders
    body: unknown
  }): void {
    this.entries.push({
      ...entry,
      headers: maskHeaders(entry.headers),
      body: maskBody(entry.body),
    })
  }

  /** Every request so far, oldest first. */
  requests(): readonly RecordedRequest[] {
    return [...this.entries]
  }

  /** Every secret issued or received so far. */
  secrets(): readonly string[] {
    return [...this.secretSet]
  }
}

/** Header values with secrets replaced: the scheme of an `Authorization` header stays. */
export function maskHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const masked: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : value
    if (!SECRET_HEADERS.has(name)) masked[name] = text
    else masked[name] = name === 'authorization' ? maskAuthorization(text) : MASK
  }
  return masked
}

/** A body with every secret field masked, at any depth. */
export function maskBody(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(maskBody)
  if (typeof body !== 'object' || body === null) return body

  const masked: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body)) {
    masked[key] = SECRET_FIELDS.has(key) && value !== undefined ? MASK : maskBody(value)
  }
  return masked
}

function maskAuthorization(value: string): string {
  const scheme = /^(\S+)\s/.exec(value)?.[1]
  return scheme === undefined ? MASK : `${scheme} ${MASK}`
}
