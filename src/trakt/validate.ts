/**
 * Validators that turn a parsed JSON body (`unknown`) into the domain types of `types.ts`.
 *
 * Every field is checked; a bad one throws `TraktError('invalid_response')` whose message
 * names the field and what kind of value came, never a secret's value. Nothing else can be
 * thrown from here.
 */
import { TraktError } from './errors'
import type { DeviceCode, Tokens, TraktUser } from './types'
import { isSecureOrLoopback, parseHttpUrl } from './url'

/** Longest device-code lifetime accepted: Trakt sends 600 s; a day leaves room for change. */
export const MAX_DEVICE_CODE_SECONDS = 86_400
/** Longest poll interval accepted: Trakt sends 5 or 6 s. */
export const MAX_INTERVAL_SECONDS = 3_600
/** Longest token lifetime accepted: tokens lasted 3 months before 2025; a year leaves room. */
export const MAX_TOKEN_SECONDS = 366 * 86_400

type Fields = { readonly [key: string]: unknown }

/** RFC 6750 tokens are visible ASCII; anything else could not travel in a header. */
const VISIBLE_ASCII = /^[\x21-\x7e]+$/
/** The user code is shown and put in the QR path, so it stays short and printable. */
const USER_CODE = /^[\x21-\x7e]{1,64}$/

/** Checks a 200 body of `POST /oauth/device/code`. */
export function parseDeviceCode(body: unknown): DeviceCode {
  const what = 'device code answer'
  const fields = object(body, what, 'body')

  const expiresIn = seconds(fields, what, 'expires_in', MAX_DEVICE_CODE_SECONDS)
  const interval = seconds(fields, what, 'interval', MAX_INTERVAL_SECONDS)
  if (interval > expiresIn) {
    throw invalid(what, 'interval', `must not exceed expires_in (got ${interval})`)
  }

  const verificationUrl = string(fields, what, 'verification_url')
  if (parseHttpUrl(verificationUrl) === undefined) {
    throw invalid(what, 'verification_url', 'must be an absolute http(s) URL')
  }

  const userCode = string(fields, what, 'user_code')
  if (!USER_CODE.test(userCode)) {
    throw invalid(what, 'user_code', 'must be 1 to 64 printable characters without spaces')
  }

  return {
    deviceCode: string(fields, what, 'device_code'),
    userCode,
    verificationUrl,
    expiresIn,
    interval,
  }
}

/** Checks a 200 body of `POST /oauth/device/token` or `POST /oauth/token`. */
export function parseTokens(body: unknown): Tokens {
  const what = 'token answer'
  const fields = object(body, what, 'body')

  const accessToken = string(fields, what, 'access_token')
  if (!VISIBLE_ASCII.test(accessToken)) {
    throw invalid(what, 'access_token', 'must be printable characters without spaces')
  }
  const refreshToken = string(fields, what, 'refresh_token')
  if (!VISIBLE_ASCII.test(refreshToken)) {
    throw invalid(what, 'refresh_token', 'must be printable characters without spaces')
  }

  // RFC 6749 §7.1: a client must not use a token whose type it does not understand.
  const tokenType = string(fields, what, 'token_type')
  if (tokenType.toLowerCase() !== 'bearer') {
    throw invalid(what, 'token_type', 'must be "bearer"')
  }

  const scope = own(fields, 'scope')
  if (typeof scope !== 'string')
    throw invalid(what, 'scope', `must be a string (got ${kind(scope)})`)

  const createdAt = own(fields, 'created_at')
  if (typeof createdAt !== 'number' || !isFinite(createdAt) || createdAt < 0) {
    throw invalid(what, 'created_at', `must be Unix seconds (got ${shown(createdAt)})`)
  }

  return {
    accessToken,
    refreshToken,
    tokenType,
    scope,
    createdAt,
    expiresIn: seconds(fields, what, 'expires_in', MAX_TOKEN_SECONDS),
  }
}

/**
 * Checks a 200 body of `GET /users/settings`, keeping what the app shows. A missing or empty
 * name falls back to the username. The avatar is cosmetic: one that is malformed, not
 * absolute, or not https (http only on a loopback host) is dropped rather than failing.
 */
export function parseUserSettings(body: unknown): TraktUser {
  const what = 'user settings answer'
  const fields = object(body, what, 'body')
  const user = object(own(fields, 'user'), what, 'user')

  const username = string(user, what, 'user.username', 'username')
  const ids = object(own(user, 'ids'), what, 'user.ids')
  const slug = string(ids, what, 'user.ids.slug', 'slug')

  const name = own(user, 'name')
  if (name !== undefined && name !== null && typeof name !== 'string') {
    throw invalid(what, 'user.name', `must be a string or null (got ${kind(name)})`)
  }

  const vip = own(user, 'vip')
  if (vip !== undefined && vip !== null && typeof vip !== 'boolean') {
    throw invalid(what, 'user.vip', `must be a boolean (got ${kind(vip)})`)
  }

  return {
    username,
    name: typeof name === 'string' && name.trim() !== '' ? name : username,
    slug,
    vip: vip === true,
    avatarUrl: avatarUrl(own(user, 'images')),
  }
}

function avatarUrl(images: unknown): string | undefined {
  const full = own(own(images, 'avatar'), 'full')
  if (typeof full !== 'string') return undefined

  const url = parseHttpUrl(full)
  return url !== undefined && isSecureOrLoopback(url) ? full : undefined
}

/** An own property only: a body is JSON data, and inherited names are not fields. */
function own(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Fields)[key] : undefined
}

function object(value: unknown, what: string, field: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(what, field, `must be a JSON object (got ${kind(value)})`)
  }
  return value as Fields
}

/** `field` is the name shown (`user.ids.slug`), `key` the property read (`slug`). */
function string(fields: Fields, what: string, field: string, key = field): string {
  const value = own(fields, key)

  // Strings are never shown: several of them (tokens, the device code) are secrets.
  if (typeof value !== 'string' || value.trim() === '') {
    const got = typeof value === 'string' ? 'a blank string' : kind(value)
    throw invalid(what, field, `must be a non-empty string (got ${got})`)
  }
  return value
}

function seconds(fields: Fields, what: string, field: string, max: number): number {
  const value = own(fields, field)
  if (
    typeof value !== 'number' ||
    !isFinite(value) ||
    value % 1 !== 0 ||
    value < 1 ||
    value > max
  ) {
    throw invalid(what, field, `must be whole seconds from 1 to ${max} (got ${shown(value)})`)
  }
  return value
}

/** Numbers are never secret here, so they are shown; any other value only by its kind. */
function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : kind(value)
}

function kind(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

function invalid(what: string, field: string, problem: string): TraktError {
  return new TraktError('invalid_response', `Trakt's ${what}: "${field}" ${problem}`)
}
