/**
 * Doubles for the sign-in model: the whole `TraktApi`, scripted per method and failing
 * closed (an unexpected call fails the test, and so does a scripted reply left unused), and
 * a harness that builds the model with fake time and a storage in memory.
 */
import { expect, vi } from 'vitest'
import { TokenStore } from '../../../src/auth/token-store'
import { SignInModel } from '../../../src/model/sign-in-model'
import type { ViewState } from '../../../src/model/view-state'
import type { TraktApi } from '../../../src/trakt/client'
import type {
  DeviceCode,
  PollAnswer,
  Tokens,
  TraktConfig,
  TraktUser,
} from '../../../src/trakt/types'
import { MemoryStorage, RecordingTimers, tokens, useFakeTime, type FakeClock } from '../auth/fakes'

export { deviceCode, poll, tokens, traktError } from '../auth/fakes'

/** A configuration the client accepts. */
export const CONFIG: TraktConfig = {
  clientId: 'client-id',
  clientSecret: 'client-secret',
  oauthUrl: 'https://auth.trakt.tv',
  apiUrl: 'https://api.trakt.tv',
}

/** The person the fake `/users/settings` answers with. */
export const USER: TraktUser = {
  username: 'sofa-viewer',
  name: 'Sam Sofa',
  slug: 'sofa-viewer',
  vip: false,
  avatarUrl: undefined,
}

type Method = keyof TraktApi

/**
 * One scripted answer: a value, an error, or one that never comes unless aborted (`'hang'`,
 * or the auth fakes' `{ hang: true }`, so their `poll.*` replies can be used as they are).
 */
export type Answer =
  { readonly value: unknown } | { readonly error: unknown } | { readonly hang: true } | 'hang'

/** One call the fake received. */
export interface ApiCall {
  readonly method: Method
  /** The device code, token or refresh token given, if any. */
  readonly argument: string | undefined
  /** Monotonic time of the call. */
  readonly at: number
  readonly signal: AbortSignal | undefined
}

/** A `TraktApi` that answers each method from its own queue, in order. */
export class FakeTraktApi implements TraktApi {
  readonly calls: ApiCall[] = []
  readonly unexpected: string[] = []
  private readonly queues = new Map<Method, Answer[]>()

  /** Queues answers for `method`. */
  on(method: Method, ...answers: Answer[]): this {
    this.queues.set(method, [...(this.queues.get(method) ?? []), ...answers])
    return this
  }

  callsOf(method: Method): ApiCall[] {
    return this.calls.filter((call) => call.method === method)
  }

  /** Fails on any unexpected call or any answer never asked for. */
  verify(): void {
    expect(this.unexpected, 'unexpected calls').toEqual([])
    const left = [...this.queues].filter(([, queue]) => queue.length > 0).map(([m]) => m)
    expect(left, 'scripted answers never asked for').toEqual([])
  }

  requestDeviceCode(signal?: AbortSignal): Promise<DeviceCode> {
    return this.answer('requestDeviceCode', undefined, signal)
  }

  pollDeviceToken(deviceCode: string, signal?: AbortSignal): Promise<PollAnswer> {
    return this.answer('pollDeviceToken', deviceCode, signal)
  }

  refreshTokens(refreshToken: string, signal?: AbortSignal): Promise<Tokens> {
    return this.answer('refreshTokens', refreshToken, signal)
  }

  revokeToken(accessToken: string, signal?: AbortSignal): Promise<void> {
    return this.answer('revokeToken', accessToken, signal)
  }

  getUserSettings(accessToken: string, signal?: AbortSignal): Promise<TraktUser> {
    return this.answer('getUserSettings', accessToken, signal)
  }

  private answer<T>(
    method: Method,
    argument: string | undefined,
    signal?: AbortSignal,
  ): Promise<T> {
    this.calls.push({ method, argument, at: performance.now(), signal })
    const answer = this.queues.get(method)?.shift()
    if (answer === undefined) {
      this.unexpected.push(method)
      return Promise.reject(new Error(`unexpected ${method}`))
    }

    return new Promise<T>((resolve, reject) => {
      signal?.addEventListener('abort', () => {
        const error = new Error('aborted')
        error.name = 'AbortError'
        reject(error)
      })
      if (answer === 'hang' || 'hang' in answer) return
      if ('error' in answer) reject(answer.error)
      else resolve(answer.value as T)
    })
  }
}

/** Shorthands for answers. */
export const ok = (value: unknown): Answer => ({ value })
export const fail = (error: unknown): Answer => ({ error })

/** A model under test, what it showed, and the fakes around it. */
export interface Rig {
  readonly model: SignInModel
  readonly api: FakeTraktApi
  readonly storage: MemoryStorage
  readonly clock: FakeClock
  readonly timers: RecordingTimers
  /** Every view the model reported, oldest first. */
  readonly views: ViewState[]
  readonly warnings: string[]
  /** The last view reported. */
  last(): ViewState
}

/**
 * Fakes around a model on fake time, starting at wall time `wall`; `build()` makes the model
 * once the test has scripted the API and the storage.
 */
export function makeRig(
  options: { config?: TraktConfig; storage?: MemoryStorage; wall?: number } = {},
): Omit<Rig, 'model'> & { build(): SignInModel } {
  const { clock, timers } = useFakeTime(options.wall)
  const api = new FakeTraktApi()
  const storage = options.storage ?? new MemoryStorage()
  const views: ViewState[] = []
  const warnings: string[] = []

  return {
    api,
    storage,
    clock,
    timers,
    views,
    warnings,
    last: () => {
      const view = views[views.length - 1]
      if (view === undefined) throw new Error('The model showed nothing yet')
      return view
    },
    build: () =>
      new SignInModel({
        config: options.config ?? CONFIG,
        onChange: (view) => views.push(view),
        api,
        storage,
        clock,
        timers,
        onWarning: (message) => warnings.push(message),
      }),
  }
}

/** Stores a session as an earlier run of the app would have, received `ageMs` ago. */
export function storeSession(storage: MemoryStorage, pair: Tokens = tokens(1), ageMs = 0): void {
  new TokenStore({ storage }).save({ tokens: pair, receivedAt: Date.now() - ageMs })
}

/** Lets pending promises settle and moves fake time on by `ms`. */
export async function advance(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms)
}
