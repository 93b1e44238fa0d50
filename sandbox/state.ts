/**
 * Trakt's side of the device flow, without HTTP: device codes and user codes, the person's
 * answer, token pairs that rotate on refresh, revocation and expiry.
 */
import { randomBytes } from 'node:crypto'
import type { Clock, SandboxConfig } from './config'

/**
 * The characters of a user code: upper-case letters and digits without 0/O and 1/I, which a
 * person copying from a TV confuses. Thirty-two of them, so one random byte masked to five
 * bits picks one without bias.
 */
export const USER_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
const USER_CODE_LENGTH = 8

/** What the person did with a user code. */
type Answer = 'pending' | 'approved' | 'declined'

interface DeviceCodeRecord {
  readonly deviceCode: string
  readonly userCode: string
  readonly interval: number
  expiresAtMs: number
  answer: Answer
  /** Set once the tokens were handed out: every later poll is a 409. */
  used: boolean
  lastPollMs: number | undefined
}

interface TokenRecord {
  readonly accessToken: string
  readonly refreshToken: string
  readonly createdAtMs: number
  readonly lifetime: number
  expiresAtMs: number
  revoked: boolean
  /** A refresh token works once: rotation kills it. */
  refreshUsed: boolean
}

/** A token pair in Trakt's wire spelling. */
export interface TokenAnswer {
  readonly access_token: string
  readonly token_type: 'bearer'
  readonly expires_in: number
  readonly refresh_token: string
  readonly scope: 'public'
  readonly created_at: number
}

/** A new device code in Trakt's wire spelling, without `verification_url` (HTTP adds it). */
export interface DeviceCodeAnswer {
  readonly device_code: string
  readonly user_code: string
  readonly expires_in: number
  readonly interval: number
}

/** How one poll ends, one case per status of Trakt's table. */
export type PollOutcome =
  | { readonly kind: 'approved'; readonly tokens: TokenAnswer }
  | { readonly kind: 'pending' | 'unknown' | 'used' | 'expired' | 'declined' | 'too_fast' }

/** How an approval or a decline by the person ends. */
export type ActivationOutcome =
  | 'approved'
  | 'declined'
  | 'unknown'
  | 'expired'
  | 'used'
  /** Approved or declined before, tokens not collected yet. */
  | 'answered'

/** Why an access token is refused. */
export type AccessCheck = 'valid' | 'unknown' | 'revoked' | 'expired'

/** The Trakt state of one sandbox. */
export class TraktState {
  private readonly codes = new Map<string, DeviceCodeRecord>()
  private readonly codesByUserCode = new Map<string, DeviceCodeRecord>()
  private readonly byAccessToken = new Map<string, TokenRecord>()
  private readonly byRefreshToken = new Map<string, TokenRecord>()
  private readonly issuedUserCodes: string[] = []

  constructor(
    private readonly config: SandboxConfig,
    private readonly clock: Clock,
    /** Called with every secret the state creates, for leak checks. */
    private readonly onSecret: (secret: string) => void = () => undefined,
  ) {}

  /** `POST /oauth/device/code`: lifetimes come from the configuration at this moment. */
  issueDeviceCode(): DeviceCodeAnswer {
    const userCode = this.newUserCode()
    const record: DeviceCodeRecord = {
      deviceCode: this.newSecret(),
      userCode,
      interval: this.config.interval,
      expiresAtMs: this.clock.now() + this.config.expiresIn * 1000,
      answer: 'pending',
      used: false,
      lastPollMs: undefined,
    }
    this.codes.set(record.deviceCode, record)
    this.codesByUserCode.set(userCode, record)
    this.issuedUserCodes.push(userCode)

    return {
      device_code: record.deviceCode,
      user_code: userCode,
      expires_in: this.config.expiresIn,
      interval: record.interval,
    }
  }

  /**
   * `POST /oauth/device/token`. The gap to the previous poll is measured between arrivals,
   * so time spent in the network or in a delayed answer never counts against the client.
   */
  poll(deviceCode: string, arrivalMs: number): PollOutcome {
    const record = this.codes.get(deviceCode)
    if (record === undefined) return { kind: 'unknown' }
    if (record.used) return { kind: 'used' }
    if (arrivalMs >= record.expiresAtMs) return { kind: 'expired' }

    // LIMITATION: arrivals are timed where the sandbox reads them, so on a loaded machine two
    // polls sent an interval apart can arrive closer and earn a 429 the client did not cause.
    // The tolerance absorbs small jitter; raise `intervalToleranceMs` where load is heavy.
    const previous = record.lastPollMs
    record.lastPollMs = arrivalMs
    const minimumGap = record.interval * 1000 - this.config.intervalToleranceMs
    if (previous !== undefined && arrivalMs - previous < minimumGap) return { kind: 'too_fast' }

    if (record.answer === 'declined') return { kind: 'declined' }
    if (record.answer === 'pending') return { kind: 'pending' }

    record.used = true
    return { kind: 'approved', tokens: this.issueTokens() }
  }

  /** The person approves or declines a user code (activation page or test). */
  answer(userCode: string, answer: 'approved' | 'declined'): ActivationOutcome {
    const record = this.codesByUserCode.get(normalizeUserCode(userCode))
    if (record === undefined) return 'unknown'

    const status = this.describe(record)
    if (status !== 'pending') return status

    record.answer = answer
    return answer
  }

  /** What the activation page says about a user code before the person answers. */
  check(userCode: string): ActivationOutcome | 'pending' {
    return this.describe(this.codesByUserCode.get(normalizeUserCode(userCode)))
  }

  /**
   * `POST /oauth/token`: a new pair, and the old pair dies, access token included, as with
   * Trakt's rotating refresh tokens. `undefined` means `invalid_grant`.
   */
  refresh(refreshToken: string): TokenAnswer | undefined {
    const record = this.byRefreshToken.get(refreshToken)
    if (record === undefined || record.revoked || record.refreshUsed) return undefined

    // LIMITATION: that Trakt ends the old access token at a refresh is inferred from its OAuth
    // server (Doorkeeper), not observed; if it keeps working until it expires, only a test
    // that expects a 401 with the old token would notice. A capture of Trakt would settle it.
    record.refreshUsed = true
    record.revoked = true
    return this.issueTokens()
  }

  /** `POST /oauth/revoke`: ends the pair of an access or refresh token; unknown ones are ignored. */
  revoke(token: string): void {
    const record = this.byAccessToken.get(token) ?? this.byRefreshToken.get(token)
    if (record !== undefined) record.revoked = true
  }

  /** Whether a bearer token may call the API now. */
  checkAccessToken(accessToken: string): AccessCheck {
    const record = this.byAccessToken.get(accessToken)
    if (record === undefined) return 'unknown'
    if (record.revoked) return 'revoked'
    if (this.clock.now() >= record.expiresAtMs) return 'expired'
    return 'valid'
  }

  /** Makes a user code expired from now on. Returns false when the code is unknown. */
  expireCode(userCode: string): boolean {
    const record = this.codesByUserCode.get(normalizeUserCode(userCode))
    if (record === undefined) return false
    record.expiresAtMs = Math.min(record.expiresAtMs, this.clock.now())
    return true
  }

  /** Makes every access token issued so far expired; refresh tokens keep working. */
  expireAccessTokens(): void {
    const now = this.clock.now()
    for (const record of this.byAccessToken.values()) {
      record.expiresAtMs = Math.min(record.expiresAtMs, now)
    }
  }

  /** Every user code issued, oldest first. */
  issuedCodes(): readonly string[] {
    return [...this.issuedUserCodes]
  }

  private describe(record: DeviceCodeRecord | undefined): ActivationOutcome | 'pending' {
    if (record === undefined) return 'unknown'
    if (record.used) return 'used'
    if (this.clock.now() >= record.expiresAtMs) return 'expired'
    if (record.answer !== 'pending') return 'answered'
    return 'pending'
  }

  private issueTokens(): TokenAnswer {
    const now = this.clock.now()
    const record: TokenRecord = {
      accessToken: this.newSecret(),
      refreshToken: this.newSecret(),
      createdAtMs: now,
      lifetime: this.config.tokenLifetime,
      expiresAtMs: now + this.config.tokenLifetime * 1000,
      revoked: false,
      refreshUsed: false,
    }
    this.byAccessToken.set(record.accessToken, record)
    this.byRefreshToken.set(record.refreshToken, record)

    return {
      access_token: record.accessToken,
      token_type: 'bearer',
      expires_in: record.lifetime,
      refresh_token: record.refreshToken,
      scope: 'public',
      created_at: Math.floor(record.createdAtMs / 1000),
    }
  }

  /** 64 hex characters, the shape of Trakt's device codes and tokens. */
  private newSecret(): string {
    const secret = randomBytes(32).toString('hex')
    this.onSecret(secret)
    return secret
  }

  private newUserCode(): string {
    for (;;) {
      const code = Array.from(randomBytes(USER_CODE_LENGTH), (byte) => {
        return USER_CODE_ALPHABET.charAt(byte & 31)
      }).join('')
      if (!this.codesByUserCode.has(code)) return code
    }
  }
}

/** A user code as typed by a person: any case, spaces or dashes between the groups. */
export function normalizeUserCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '')
}
