/**
 * What crosses the wire, in Trakt's own spelling (`readonly`, snake_case), and the domain
 * types the rest of the app speaks (camelCase), made from the wire types in one place:
 * the validators in `validate.ts`.
 */

/** Settings of one Trakt API app, from `appSettings.trakt` (see `src/config.ts`). */
export interface TraktConfig {
  readonly clientId: string
  readonly clientSecret: string
  /** Base of every `/oauth/*` call, e.g. `https://auth.trakt.tv`. */
  readonly oauthUrl: string
  /** Base of the user calls, e.g. `https://api.trakt.tv`. */
  readonly apiUrl: string
}

/** 200 of `POST /oauth/device/code`. */
export interface DeviceCodeWire {
  readonly device_code: string
  readonly user_code: string
  readonly verification_url: string
  readonly expires_in: number
  readonly interval: number
}

/** 200 of `POST /oauth/device/token` and of `POST /oauth/token`. */
export interface TokenWire {
  readonly access_token: string
  readonly token_type: string
  readonly expires_in: number
  readonly refresh_token: string
  readonly scope: string
  readonly created_at: number
}

/** The part of 200 `GET /users/settings` this app reads. */
export interface UserSettingsWire {
  readonly user: {
    readonly username: string
    readonly name?: string | null
    readonly vip?: boolean
    readonly ids: { readonly slug: string }
    readonly images?: { readonly avatar?: { readonly full?: string | null } }
  }
}

/** A device code as the app uses it. */
export interface DeviceCode {
  /** Secret-ish: exchanged for tokens; never shown, never logged. */
  readonly deviceCode: string
  /** What the person types, ungrouped, e.g. `5055CC52`. */
  readonly userCode: string
  /** The activation page, e.g. `https://trakt.tv/activate`. */
  readonly verificationUrl: string
  /** Lifetime in whole seconds, counted from the answer's arrival. */
  readonly expiresIn: number
  /** Minimum whole seconds between polls. */
  readonly interval: number
}

/** A token pair as the app uses it. */
export interface Tokens {
  readonly accessToken: string
  readonly refreshToken: string
  readonly tokenType: string
  readonly scope: string
  /** Unix seconds on Trakt's clock: shown, not used for arithmetic. */
  readonly createdAt: number
  /** Lifetime in seconds from arrival. */
  readonly expiresIn: number
}

/** The signed-in person. */
export interface TraktUser {
  readonly username: string
  /** Display name; falls back to the username when Trakt has none. */
  readonly name: string
  readonly slug: string
  readonly vip: boolean
  /** Absolute `https` URL of the avatar, when there is one. */
  readonly avatarUrl: string | undefined
}

/** What one poll of `POST /oauth/device/token` decided, judged by status alone. */
export type PollAnswer =
  | { readonly kind: 'approved'; readonly tokens: Tokens }
  /** 400: not approved yet. */
  | { readonly kind: 'pending' }
  /** 429: polling too fast; `retryAfterSeconds` when Trakt sent `Retry-After`. */
  | { readonly kind: 'slow_down'; readonly retryAfterSeconds: number | undefined }
  /** 404: Trakt does not know the device code. */
  | { readonly kind: 'unknown' }
  /** 409: the code was already used. */
  | { readonly kind: 'used' }
  /** 410: the code expired. */
  | { readonly kind: 'expired' }
  /** 418: the person declined. */
  | { readonly kind: 'declined' }
