/**
 * The Trakt client: one request/process pair per call of the device flow, plus the user
 * settings call used to greet the signed-in person.
 */
import type { DeviceCode, PollAnswer, Tokens, TraktUser } from './types'

/**
 * What the poller and the session need from Trakt. They depend on this interface, never on
 * {@link TraktClient}, so tests can hand them a fake.
 *
 * Every method rejects with a `TraktError` only.
 */
export interface TraktApi {
  /** `POST /oauth/device/code`: a new device code and user code. */
  requestDeviceCode(signal?: AbortSignal): Promise<DeviceCode>
  /**
   * `POST /oauth/device/token`: one poll. Statuses the flow expects (200, 400, 404, 409, 410,
   * 418, 429) resolve to a {@link PollAnswer}; the others reject.
   */
  pollDeviceToken(deviceCode: string, signal?: AbortSignal): Promise<PollAnswer>
  /** `POST /oauth/token`: a new token pair; the refresh token given is dead afterwards. */
  refreshTokens(refreshToken: string, signal?: AbortSignal): Promise<Tokens>
  /** `POST /oauth/revoke`: ends the access token on Trakt's side. */
  revokeToken(accessToken: string, signal?: AbortSignal): Promise<void>
  /** `GET /users/settings`: who the access token belongs to. */
  getUserSettings(accessToken: string, signal?: AbortSignal): Promise<TraktUser>
}
