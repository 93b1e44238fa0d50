/**
 * Trakt's five device-flow endpoints over the sandbox state: the header checks Trakt makes,
 * client authentication, and each outcome turned into Trakt's status and body.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { SandboxConfig } from './config'
import { emptyReply, jsonReply, type Reply } from './reply'
import type { PollOutcome, TraktState } from './state'
import { userSettingsAnswer } from './user'
import { ACTIVATE_PATH } from './activation-page'

/** The paths of the Trakt API the sandbox answers; also the keys for injecting faults. */
export const ENDPOINTS = {
  deviceCode: '/oauth/device/code',
  deviceToken: '/oauth/device/token',
  token: '/oauth/token',
  revoke: '/oauth/revoke',
  userSettings: '/users/settings',
} as const

/** One of {@link ENDPOINTS}. */
export type Endpoint = (typeof ENDPOINTS)[keyof typeof ENDPOINTS]

const ENDPOINT_PATHS: ReadonlySet<string> = new Set(Object.values(ENDPOINTS))

/** What Trakt's OAuth server (Doorkeeper) says when refusing a client. */
const INVALID_CLIENT = {
  error: 'invalid_client',
  error_description:
    'Client authentication failed due to unknown client, no client authentication included, ' +
    'or unsupported authentication method.',
}

/** What Trakt's OAuth server says when refusing a refresh token. */
const INVALID_GRANT = {
  error: 'invalid_grant',
  error_description:
    'The provided authorization grant is invalid, expired, revoked, does not match the ' +
    'redirection URI used in the authorization request, or was issued to another client.',
}

/** The only redirect URI a device-flow app has, sent again on every refresh. */
const OOB_REDIRECT_URI = 'urn:ietf:wg:oauth:2.0:oob'

/** A request for a Trakt endpoint, already read by the HTTP plumbing. */
export interface ApiRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingHttpHeaders
  /** The parsed body; undefined when there was none or it was not JSON. */
  readonly json: unknown
  /** Whether a body was sent at all. */
  readonly hasBody: boolean
  /** Arrival on the sandbox clock, in milliseconds. */
  readonly arrivalMs: number
}

/** Everything the endpoints read besides the request. */
export interface EndpointContext {
  readonly config: SandboxConfig
  readonly state: TraktState
  /** Base URL of the sandbox as people and apps reach it, without a trailing slash. */
  readonly publicUrl: string
}

/** Whether `path` is one of Trakt's endpoints. */
export function isEndpoint(path: string): path is Endpoint {
  return ENDPOINT_PATHS.has(path)
}

/**
 * Answers one request to a Trakt endpoint.
 *
 * LIMITATION: Trakt's rate limits (one write a second per user, 1000 GETs in five minutes)
 * are not enforced, nor are 423 and 426 produced by themselves; tests inject them as faults.
 * Counting requests per access token here would make them real.
 */
export function handleEndpoint(request: ApiRequest, context: EndpointContext): Reply {
  const isUserCall = request.path === ENDPOINTS.userSettings
  const expectedMethod = isUserCall ? 'GET' : 'POST'
  if (request.method !== expectedMethod) return emptyReply(405, { Allow: expectedMethod })

  const refusal = checkHeaders(request, context.config, isUserCall)
  if (refusal !== undefined) return refusal

  if (isUserCall) return userSettings(request, context)

  const body = request.json
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return jsonReply(400, { error: 'invalid_request', error_description: 'The body is not JSON.' })
  }
  const fields = body as Record<string, unknown>

  switch (request.path as Exclude<Endpoint, typeof ENDPOINTS.userSettings>) {
    case ENDPOINTS.deviceCode:
      return deviceCode(fields, context)
    case ENDPOINTS.deviceToken:
      return deviceToken(fields, request.arrivalMs, context)
    case ENDPOINTS.token:
      return refresh(fields, context)
    case ENDPOINTS.revoke:
      return revoke(fields, context)
  }
}

/**
 * Trakt answers 403 when the `Content-Type` is missing or not JSON, and on API calls when the
 * `trakt-api-key` is not a known client id. OAuth calls judge the client by the `client_id`
 * of the body instead, and refuse an unknown one with 401 `invalid_client`.
 */
function checkHeaders(
  request: ApiRequest,
  config: SandboxConfig,
  isUserCall: boolean,
): Reply | undefined {
  const contentType = request.headers['content-type']
  const isJson = contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType)
  // LIMITATION: a GET without any Content-Type is accepted; whether Trakt refuses it is not
  // confirmed (the 403s seen were on POSTs). A capture of Trakt's answer would settle it.
  const contentTypeRequired = request.method === 'POST' || request.hasBody
  if (contentTypeRequired ? !isJson : contentType !== undefined && !isJson) return emptyReply(403)

  if (isUserCall && request.headers['trakt-api-key'] !== config.clientId) return emptyReply(403)
  return undefined
}

function isClientKnown(fields: Record<string, unknown>, config: SandboxConfig): boolean {
  return fields.client_id === config.clientId
}

function isClientAuthenticated(fields: Record<string, unknown>, config: SandboxConfig): boolean {
  return isClientKnown(fields, config) && fields.client_secret === config.clientSecret
}

function deviceCode(fields: Record<string, unknown>, context: EndpointContext): Reply {
  if (!isClientKnown(fields, context.config)) return jsonReply(401, INVALID_CLIENT)

  const answer = context.state.issueDeviceCode()
  return jsonReply(200, {
    device_code: answer.device_code,
    user_code: answer.user_code,
    verification_url: context.publicUrl + ACTIVATE_PATH,
    expires_in: answer.expires_in,
    interval: answer.interval,
  })
}

/** Poll answers other than 200 have empty bodies: Trakt's clients decide on the status. */
const POLL_STATUS: Readonly<Record<Exclude<PollOutcome['kind'], 'approved'>, number>> = {
  pending: 400,
  unknown: 404,
  used: 409,
  expired: 410,
  declined: 418,
  too_fast: 429,
}

function deviceToken(
  fields: Record<string, unknown>,
  arrivalMs: number,
  context: EndpointContext,
): Reply {
  if (!isClientAuthenticated(fields, context.config)) return jsonReply(401, INVALID_CLIENT)

  const code = fields.code
  if (typeof code !== 'string' || code === '') return emptyReply(404)

  const outcome = context.state.poll(code, arrivalMs)
  if (outcome.kind === 'approved') return jsonReply(200, outcome.tokens)
  return emptyReply(POLL_STATUS[outcome.kind])
}

function refresh(fields: Record<string, unknown>, context: EndpointContext): Reply {
  if (!isClientAuthenticated(fields, context.config)) return jsonReply(401, INVALID_CLIENT)

  if (fields.grant_type !== 'refresh_token') {
    return jsonReply(400, {
      error: 'unsupported_grant_type',
      error_description:
        'The authorization grant type is not supported by the authorization server.',
    })
  }

  // LIMITATION: whether Trakt refuses a refresh without `redirect_uri` is unconfirmed; the
  // sandbox follows Trakt's documentation and requires it. A capture of Trakt's answer to
  // such a request would settle it.
  if (fields.redirect_uri !== OOB_REDIRECT_URI) return jsonReply(400, INVALID_GRANT)

  const refreshToken = fields.refresh_token
  const tokens = typeof refreshToken === 'string' ? context.state.refresh(refreshToken) : undefined
  return tokens === undefined ? jsonReply(400, INVALID_GRANT) : jsonReply(200, tokens)
}

/** Like RFC 7009, an unknown or already revoked token is still a 200. */
function revoke(fields: Record<string, unknown>, context: EndpointContext): Reply {
  if (!isClientAuthenticated(fields, context.config)) return jsonReply(401, INVALID_CLIENT)

  if (typeof fields.token === 'string') context.state.revoke(fields.token)
  return jsonReply(200, {})
}

function userSettings(request: ApiRequest, context: EndpointContext): Reply {
  const authorization = request.headers.authorization ?? ''
  const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1]
  const check = token === undefined ? 'unknown' : context.state.checkAccessToken(token)
  if (check !== 'valid') {
    const description = check === 'unknown' ? 'is invalid' : `was ${check}`
    return jsonReply(
      401,
      { error: 'invalid_token', error_description: `The access token ${description}` },
      {
        'WWW-Authenticate':
          `Bearer realm="Doorkeeper", error="invalid_token", ` +
          `error_description="The access token ${description}"`,
      },
    )
  }

  return jsonReply(200, userSettingsAnswer(context.config.user, context.publicUrl))
}
