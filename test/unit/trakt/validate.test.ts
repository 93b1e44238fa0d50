import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TraktError } from '../../../src/trakt/errors'
import {
  MAX_DEVICE_CODE_SECONDS,
  MAX_INTERVAL_SECONDS,
  MAX_TOKEN_SECONDS,
  parseDeviceCode,
  parseTokens,
  parseUserSettings,
} from '../../../src/trakt/validate'
import { DEVICE_CODE_BODY, TOKEN_BODY, USER_SETTINGS_BODY } from './fixtures'

const RUNS = 3000
/** Thousands of runs under coverage on a shared 2-core machine: far beyond vitest's 5 s. */
const PROPERTY_TIMEOUT_MS = 120_000

/** What a validator threw, or `undefined`. */
function thrownBy(run: () => unknown): unknown {
  try {
    run()
    return undefined
  } catch (error) {
    return error
  }
}

function expectInvalid(run: () => unknown, field: string): TraktError {
  const error = thrownBy(run)
  expect(error).toBeInstanceOf(TraktError)
  expect(error).toMatchObject({ code: 'invalid_response' })
  expect((error as Error).message).toContain(`"${field}"`)
  return error as TraktError
}

/** A copy of `body` without `field`. */
function without(body: object, field: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body)) if (key !== field) copy[key] = value
  return copy
}

const nonBlank = fc.string({ minLength: 1 }).filter((text) => text.trim() !== '')
const visible = fc.stringMatching(/^[\x21-\x7e]{1,80}$/)

describe('parseDeviceCode', () => {
  it('maps the wire fields to the domain type', () => {
    expect(parseDeviceCode(DEVICE_CODE_BODY)).toEqual({
      deviceCode: DEVICE_CODE_BODY.device_code,
      userCode: '5055CC52',
      verificationUrl: 'https://trakt.tv/activate',
      expiresIn: 600,
      interval: 5,
    })
  })

  it.each([
    ['device_code', ''],
    ['device_code', '  '],
    ['device_code', 12],
    ['user_code', ''],
    ['user_code', 'AB CD'],
    ['user_code', 'A'.repeat(65)],
    ['verification_url', 'trakt.tv/activate'],
    ['verification_url', 'javascript:alert(1)'],
    ['verification_url', null],
    ['expires_in', 0],
    ['expires_in', -600],
    ['expires_in', 600.5],
    ['expires_in', '600'],
    ['expires_in', MAX_DEVICE_CODE_SECONDS + 1],
    ['interval', 0],
    ['interval', 5.5],
    ['interval', MAX_INTERVAL_SECONDS + 1],
    ['interval', 601],
  ])('refuses %s = %j, naming the field', (field, value) => {
    expectInvalid(() => parseDeviceCode({ ...DEVICE_CODE_BODY, [field]: value }), field)
  })

  it.each(['device_code', 'user_code', 'verification_url', 'expires_in', 'interval'])(
    'refuses a body without %s',
    (field) => {
      const body = without(DEVICE_CODE_BODY, field)
      expectInvalid(() => parseDeviceCode(body), field)
    },
  )

  it.each([null, [], 'text', 42, true, undefined])('refuses a body that is %j', (body) => {
    expectInvalid(() => parseDeviceCode(body), 'body')
  })

  it('ignores inherited properties: a body is JSON data', () => {
    expectInvalid(() => parseDeviceCode(Object.create(DEVICE_CODE_BODY)), 'expires_in')
  })

  it('never shows the device code in a message', () => {
    const error = expectInvalid(
      () => parseDeviceCode({ ...DEVICE_CODE_BODY, device_code: ' ', interval: 5 }),
      'device_code',
    )
    expect(error.message).toBe(
      `Trakt's device code answer: "device_code" must be a non-empty string (got a blank string)`,
    )
  })
})

describe('parseTokens', () => {
  it('maps the wire fields to the domain type', () => {
    expect(parseTokens(TOKEN_BODY)).toEqual({
      accessToken: TOKEN_BODY.access_token,
      refreshToken: TOKEN_BODY.refresh_token,
      tokenType: 'bearer',
      scope: 'public',
      createdAt: 1_780_000_000,
      expiresIn: 604_800,
    })
  })

  it.each([
    ['access_token', ''],
    ['access_token', 'has space'],
    ['access_token', 'line\nbreak'],
    ['refresh_token', null],
    ['refresh_token', 'has space'],
    ['token_type', 'mac'],
    ['token_type', ''],
    ['scope', null],
    ['created_at', '1780000000'],
    ['created_at', -1],
    ['created_at', null],
    ['expires_in', 0],
    ['expires_in', 1.5],
    ['expires_in', MAX_TOKEN_SECONDS + 1],
  ])('refuses %s = %j, naming the field', (field, value) => {
    expectInvalid(() => parseTokens({ ...TOKEN_BODY, [field]: value }), field)
  })

  it('accepts an empty scope and any case of "bearer"', () => {
    expect(parseTokens({ ...TOKEN_BODY, scope: '', token_type: 'Bearer' })).toMatchObject({
      scope: '',
      tokenType: 'Bearer',
    })
  })

  it('never shows a token in a message', () => {
    const leaky = 'SECRET with-a-space'
    for (const field of ['access_token', 'refresh_token']) {
      const error = expectInvalid(() => parseTokens({ ...TOKEN_BODY, [field]: leaky }), field)
      expect(error.message).not.toContain('SECRET')
    }
  })
})

describe('parseUserSettings', () => {
  it('maps the part of the answer the app shows', () => {
    expect(parseUserSettings(USER_SETTINGS_BODY)).toEqual({
      username: 'sean',
      name: 'Sean Rudford',
      slug: 'sean',
      vip: true,
      avatarUrl: USER_SETTINGS_BODY.user.images.avatar.full,
    })
  })

  it('falls back to the username for a missing, null or blank name, and to vip false', () => {
    for (const name of [undefined, null, '', '  ']) {
      const user = { username: 'sean', ids: { slug: 'sean' }, name }
      expect(parseUserSettings({ user })).toEqual({
        username: 'sean',
        name: 'sean',
        slug: 'sean',
        vip: false,
        avatarUrl: undefined,
      })
    }
  })

  it.each([
    ['https://walter.trakt.tv/a.jpg', 'https://walter.trakt.tv/a.jpg'],
    ['http://127.0.0.1:8080/a.png', 'http://127.0.0.1:8080/a.png'],
    ['http://walter.trakt.tv/a.jpg', undefined],
    ['/images/a.jpg', undefined],
    ['data:image/png;base64,AAAA', undefined],
    [null, undefined],
    [42, undefined],
  ])('keeps the avatar %j as %j', (full, avatarUrl) => {
    const user = { ...USER_SETTINGS_BODY.user, images: { avatar: { full } } }
    expect(parseUserSettings({ user }).avatarUrl).toBe(avatarUrl)
  })

  it.each([null, 'x', [], { avatar: null }, { avatar: [] }])(
    'drops an avatar inside images = %j',
    (images) => {
      const user = { ...USER_SETTINGS_BODY.user, images }
      expect(parseUserSettings({ user }).avatarUrl).toBeUndefined()
    },
  )

  it.each([
    ['user', { user: null }],
    ['user', { user: [] }],
    ['user.username', { user: { ...USER_SETTINGS_BODY.user, username: '' } }],
    ['user.username', { user: { ...USER_SETTINGS_BODY.user, username: 7 } }],
    ['user.ids', { user: { ...USER_SETTINGS_BODY.user, ids: 'sean' } }],
    ['user.ids.slug', { user: { ...USER_SETTINGS_BODY.user, ids: { slug: '' } } }],
    ['user.name', { user: { ...USER_SETTINGS_BODY.user, name: 3 } }],
    ['user.vip', { user: { ...USER_SETTINGS_BODY.user, vip: 'yes' } }],
  ])('refuses a bad %s', (field, body) => {
    expectInvalid(() => parseUserSettings(body), field)
  })
})

/** Valid wire bodies, with the domain value each must give. */
const deviceCodeCase = fc
  .record({
    device_code: nonBlank,
    user_code: fc.stringMatching(/^[\x21-\x7e]{1,64}$/),
    verification_url: fc.webUrl({
      validSchemes: ['http', 'https'],
      withQueryParameters: true,
      withFragments: true,
    }),
    expires_in: fc.integer({ min: 1, max: MAX_DEVICE_CODE_SECONDS }),
    interval: fc.integer({ min: 1, max: MAX_INTERVAL_SECONDS }),
    x_extra: fc.jsonValue({ maxDepth: 2 }),
  })
  .filter((body) => body.interval <= body.expires_in)
  .map((body) => ({
    body,
    expected: {
      deviceCode: body.device_code,
      userCode: body.user_code,
      verificationUrl: body.verification_url,
      expiresIn: body.expires_in,
      interval: body.interval,
    },
  }))

const tokenCase = fc
  .record({
    access_token: visible,
    refresh_token: visible,
    token_type: fc.constantFrom('bearer', 'Bearer', 'BEARER'),
    scope: fc.string(),
    created_at: fc.oneof(
      fc.integer({ min: 0 }),
      fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
    ),
    expires_in: fc.integer({ min: 1, max: MAX_TOKEN_SECONDS }),
    x_extra: fc.jsonValue({ maxDepth: 2 }),
  })
  .map((body) => ({
    body,
    expected: {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      tokenType: body.token_type,
      scope: body.scope,
      createdAt: body.created_at,
      expiresIn: body.expires_in,
    },
  }))

const avatarCase = fc.constantFrom(
  { images: { avatar: { full: 'https://walter.trakt.tv/a.jpg' } }, kept: true },
  { images: { avatar: { full: 'http://localhost/a.jpg' } }, kept: true },
  { images: { avatar: { full: 'http://walter.trakt.tv/a.jpg' } }, kept: false },
  { images: { avatar: { full: null } }, kept: false },
  { images: { avatar: {} }, kept: false },
  { images: {}, kept: false },
  { images: undefined, kept: false },
)

const userCase = fc
  .record({
    username: nonBlank,
    name: fc.option(fc.string(), { nil: undefined }),
    vip: fc.option(fc.boolean(), { nil: undefined }),
    slug: nonBlank,
    avatar: avatarCase,
  })
  .map(({ username, name, vip, slug, avatar }) => ({
    body: {
      user: { username, name, vip, ids: { slug }, images: avatar.images },
      account: { timezone: 'Europe/Paris' },
    },
    expected: {
      username,
      name: name !== undefined && name.trim() !== '' ? name : username,
      slug,
      vip: vip === true,
      avatarUrl: avatar.kept ? avatar.images?.avatar?.full : undefined,
    },
  }))

/** A valid body with one field replaced by anything, or removed. */
function mutated<T extends object>(valid: fc.Arbitrary<{ body: T }>, fields: readonly string[]) {
  return fc
    .tuple(valid, fc.constantFrom(...fields), fc.option(fc.anything(), { nil: undefined }))
    .map(([{ body }, field, value]) => {
      const copy = value === undefined ? without(body, field) : { ...body, [field]: value }
      return { body: copy as Record<string, unknown>, field }
    })
}

/** Runs a validator; passes when it returns or throws `invalid_response`, naming `field`. */
function onlyInvalidResponse(run: () => unknown, field?: string): boolean {
  const error = thrownBy(run)
  if (error === undefined) return true
  if (!(error instanceof TraktError) || error.code !== 'invalid_response') return false
  return field === undefined || error.message.indexOf(field) !== -1
}

const anyBody = fc.oneof(
  fc.anything(),
  fc.jsonValue(),
  fc.dictionary(fc.string(), fc.anything()),
  fc.object({ maxDepth: 3 }),
)

describe('properties of the validators', { timeout: PROPERTY_TIMEOUT_MS }, () => {
  it('valid bodies round-trip', () => {
    fc.assert(
      fc.property(deviceCodeCase, tokenCase, userCase, (device, token, user) => {
        expect(parseDeviceCode(device.body)).toEqual(device.expected)
        expect(parseTokens(token.body)).toEqual(token.expected)
        expect(parseUserSettings(user.body)).toEqual(user.expected)
      }),
      { numRuns: RUNS },
    )
  })

  it('random bodies only ever throw TraktError invalid_response', () => {
    fc.assert(
      fc.property(anyBody, (body) => {
        expect(onlyInvalidResponse(() => parseDeviceCode(body))).toBe(true)
        expect(onlyInvalidResponse(() => parseTokens(body))).toBe(true)
        expect(onlyInvalidResponse(() => parseUserSettings(body))).toBe(true)
        expect(onlyInvalidResponse(() => parseUserSettings({ user: body }))).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('a valid device code answer with one field broken names that field', () => {
    const fields = ['device_code', 'user_code', 'verification_url', 'expires_in', 'interval']
    fc.assert(
      fc.property(mutated(deviceCodeCase, fields), ({ body, field }) => {
        expect(onlyInvalidResponse(() => parseDeviceCode(body), field)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('a valid token answer with one field broken names that field, never a token', () => {
    const fields = [
      'access_token',
      'refresh_token',
      'token_type',
      'scope',
      'created_at',
      'expires_in',
    ]
    fc.assert(
      fc.property(mutated(tokenCase, fields), ({ body, field }) => {
        expect(onlyInvalidResponse(() => parseTokens(body), field)).toBe(true)

        const error = thrownBy(() => parseTokens(body))
        const message = error instanceof Error ? error.message : ''
        for (const secret of ['access_token', 'refresh_token']) {
          const value = body[secret]
          if (typeof value === 'string' && value.length > 3) {
            expect(message).not.toContain(value)
          }
        }
      }),
      { numRuns: RUNS },
    )
  })

  it('a user settings answer with one user field broken only throws invalid_response', () => {
    const fields = ['username', 'name', 'vip', 'ids', 'images']
    fc.assert(
      fc.property(
        mutated(
          userCase.map(({ body }) => ({ body: body.user })),
          fields,
        ),
        ({ body, field }) => {
          expect(onlyInvalidResponse(() => parseUserSettings({ user: body }), field)).toBe(true)
        },
      ),
      { numRuns: RUNS },
    )
  })
})
