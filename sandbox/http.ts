/**
 * The HTTP plumbing of the sandbox: reads each request, records it, lets an injected fault or
 * an unreachable spell answer first, routes it, and adds the CORS headers a browser needs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { handleActivation, isActivationPath } from './activation-page'
import { isOriginAllowed, type Clock, type SandboxConfig } from './config'
import type { Fault, Faults } from './faults'
import type { RequestRecord } from './record'
import { emptyReply, jsonReply, textReply, type Reply } from './reply'
import type { TraktState } from './state'
import { handleEndpoint, isEndpoint } from './trakt-endpoints'
import { AVATAR_PATH, avatarImage } from './user'

/** Headers a browser app sends to Trakt, all of which need a preflight. */
export const ALLOWED_HEADERS = 'content-type, trakt-api-key, trakt-api-version, authorization'
/** Methods a preflight allows: those of Trakt's API, not only the ones the sandbox answers. */
export const ALLOWED_METHODS = 'GET, POST, PUT, DELETE, OPTIONS'

/** Headers an app needs to read on slow-downs, refusals and rate limits. */
const EXPOSED_HEADERS =
  'Retry-After, WWW-Authenticate, X-Ratelimit, X-Account-Locked, X-Account-Deactivated'

/** Bodies are small JSON or form posts; anything larger is refused before it is buffered. */
const MAX_BODY_BYTES = 64 * 1024

/** Body fields whose values are secrets a client hands to Trakt. */
const GIVEN_SECRET_FIELDS = ['client_secret', 'code', 'refresh_token', 'token', 'access_token']

/** The parts of a sandbox the plumbing routes to. */
export interface SandboxParts {
  readonly config: SandboxConfig
  readonly state: TraktState
  readonly faults: Faults
  readonly record: RequestRecord
  readonly clock: Clock
  /** Base URL people and apps reach the sandbox at, known once it listens. */
  readonly publicUrl: () => string
}

/** What the plumbing made of a request body. */
interface ReadBody {
  readonly raw: Buffer
  readonly json: unknown
  readonly form: URLSearchParams | undefined
  /** What the record keeps: the parsed body, or a note when it could not be parsed. */
  readonly recorded: unknown
}

/** Handles every request of one sandbox; `dispose()` cancels answers still being delayed. */
export class SandboxHttp {
  private readonly delayed = new Set<ReturnType<typeof setTimeout>>()

  constructor(private readonly parts: SandboxParts) {}

  /** The `node:http` request listener. */
  readonly listener = (request: IncomingMessage, response: ServerResponse): void => {
    void this.handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end()
      else response.destroy()
    })
  }

  /** Cancels delayed answers, so closing the server never waits on them. */
  dispose(): void {
    for (const timer of this.delayed) clearTimeout(timer)
    this.delayed.clear()
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { clock, faults, record } = this.parts
    const arrivalMs = clock.now()
    const method = request.method ?? 'GET'
    const path = new URL(request.url ?? '/', 'http://sandbox').pathname
    const origin = request.headers.origin

    const body = await readBody(request)
    this.rememberGivenSecrets(request, body)
    const entry = { method, path, time: arrivalMs, headers: request.headers, body: body.recorded }

    if (faults.isUnreachable(arrivalMs)) {
      record.add({ ...entry, status: 'dropped', fault: 'unreachable' })
      request.socket.destroy()
      return
    }

    if (method === 'OPTIONS') {
      const reply = this.preflight(origin)
      record.add({ ...entry, status: reply.status, fault: undefined })
      send(response, reply)
      return
    }

    const fault = faults.take(path)
    if (fault?.kind === 'drop') {
      record.add({ ...entry, status: 'dropped', fault: fault.kind })
      request.socket.destroy()
      return
    }
    if (fault?.kind === 'delay') await this.wait(fault.ms)
    if (response.destroyed) return

    const reply =
      fault === undefined || fault.kind === 'delay'
        ? this.route({ method, path, request, body, arrivalMs })
        : faultReply(fault)
    const withCors = this.withCors(reply, origin)
    record.add({ ...entry, status: withCors.status, fault: fault?.kind })
    send(response, withCors)
  }

  private route(input: {
    method: string
    path: string
    request: IncomingMessage
    body: ReadBody
    arrivalMs: number
  }): Reply {
    const { method, path, request, body, arrivalMs } = input
    const { config, state } = this.parts

    if (isEndpoint(path)) {
      const apiRequest = {
        method,
        path,
        headers: request.headers,
        json: body.json,
        hasBody: body.raw.length > 0,
        arrivalMs,
      }
      return handleEndpoint(apiRequest, { config, state, publicUrl: this.parts.publicUrl() })
    }

    if (isActivationPath(path) && (method === 'GET' || method === 'POST')) {
      return handleActivation({ method, path, form: body.form }, state, config.user)
    }

    if (path === AVATAR_PATH && config.user.avatar === 'served') {
      return {
        status: 200,
        headers: { 'Content-Type': 'image/png', 'Cache-Control': 'max-age=3600' },
        body: avatarImage(),
      }
    }

    if (path === '/') return { status: 302, headers: { Location: '/activate' } }
    return textReply(404, 'Not found')
  }

  /** Preflights are answered before faults, so a fault always reaches the request it targets. */
  private preflight(origin: string | undefined): Reply {
    if (origin === undefined || !isOriginAllowed(this.parts.config.origins, origin)) {
      return emptyReply(204)
    }

    return emptyReply(204, {
      ...this.corsHeaders(origin),
      'Access-Control-Allow-Methods': ALLOWED_METHODS,
      'Access-Control-Allow-Headers': ALLOWED_HEADERS,
      'Access-Control-Max-Age': '600',
    })
  }

  private withCors(reply: Reply, origin: string | undefined): Reply {
    const { config } = this.parts
    const isSuccess = reply.status >= 200 && reply.status < 300
    if (origin === undefined || !isOriginAllowed(config.origins, origin)) return reply
    if (!isSuccess && !config.corsOnErrors) return reply

    return { ...reply, headers: { ...reply.headers, ...this.corsHeaders(origin) } }
  }

  private corsHeaders(origin: string): Record<string, string> {
    const allowAny = this.parts.config.origins === '*'
    return {
      'Access-Control-Allow-Origin': allowAny ? '*' : origin,
      'Access-Control-Expose-Headers': EXPOSED_HEADERS,
      ...(allowAny ? {} : { Vary: 'Origin' }),
    }
  }

  private rememberGivenSecrets(request: IncomingMessage, body: ReadBody): void {
    const { record } = this.parts
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
    if (bearer !== undefined) record.addSecret(bearer)

    if (typeof body.json !== 'object' || body.json === null) return
    const fields = body.json as Record<string, unknown>
    for (const name of GIVEN_SECRET_FIELDS) {
      const value = fields[name]
      if (typeof value === 'string') record.addSecret(value)
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.delayed.delete(timer)
        resolve()
      }, ms)
      this.delayed.add(timer)
    })
  }
}

function faultReply(fault: Exclude<Fault, { kind: 'drop' | 'delay' }>): Reply {
  switch (fault.kind) {
    case 'status':
      return bodyReply(fault.status, fault.body, fault.headers ?? {})
    case 'retry_after':
      return bodyReply(fault.status ?? 429, fault.body, { 'Retry-After': String(fault.seconds) })
    case 'malformed':
      return {
        status: 200,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: '{"access_token": "truncated',
      }
    case 'empty':
      return { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' } }
  }
}

function bodyReply(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>>,
): Reply {
  if (body === undefined) return emptyReply(status, headers)
  if (typeof body === 'string') {
    return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body }
  }
  return jsonReply(status, body, headers)
}

async function readBody(request: IncomingMessage): Promise<ReadBody> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new Error('request body too large')
    chunks.push(chunk)
  }
  const raw = Buffer.concat(chunks)
  if (raw.length === 0) return { raw, json: undefined, form: undefined, recorded: undefined }

  const text = raw.toString('utf8')
  const contentType = request.headers['content-type'] ?? ''
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
    const form = new URLSearchParams(text)
    return { raw, json: undefined, form, recorded: Object.fromEntries(form) }
  }

  try {
    const json: unknown = JSON.parse(text)
    return { raw, json, form: undefined, recorded: json }
  } catch {
    // The text itself may hold a secret, so the record keeps only its size.
    return { raw, json: undefined, form: undefined, recorded: `[${raw.length} bytes, not JSON]` }
  }
}

function send(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, { ...reply.headers })
  response.end(reply.body)
}
