import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_PENDING_CODE_KEY } from '../../../src/auth/pending-code-store'
import { DEFAULT_SESSION_KEY } from '../../../src/auth/token-store'
import type { SignInModel } from '../../../src/model/sign-in-model'
import { TraktError } from '../../../src/trakt/errors'
import type {
  PairingView,
  ProblemView,
  SignedInView,
  ViewState,
} from '../../../src/model/view-state'
import {
  CONFIG,
  USER,
  advance,
  deviceCode,
  fail,
  makeRig,
  ok,
  poll,
  storeSession,
  tokens,
  traktError,
  type FakeTraktApi,
} from './fakes'
import { MemoryStorage } from '../auth/fakes'

const DAY_S = 86_400
const WALL = Date.UTC(2026, 8, 1, 12)

let model: SignInModel | undefined
let api: FakeTraktApi | undefined

afterEach(() => {
  model?.dispose()
  api?.verify()
  model = undefined
  api = undefined
  vi.useRealTimers()
})

function setUp(options: Parameters<typeof makeRig>[0] = {}) {
  const rig = makeRig(options)
  api = rig.api
  return {
    ...rig,
    start(): SignInModel {
      model = rig.build()
      model.start()
      return model
    },
  }
}

function pairing(view: ViewState): PairingView {
  if (view.screen !== 'pairing') throw new Error(`expected pairing, got ${view.screen}`)
  return view
}

function signedIn(view: ViewState): SignedInView {
  if (view.screen !== 'signed-in') throw new Error(`expected signed-in, got ${view.screen}`)
  return view
}

function problem(view: ViewState): ProblemView {
  if (view.screen !== 'problem') throw new Error(`expected problem, got ${view.screen}`)
  return view
}

function storedRefreshToken(storage: MemoryStorage): string | undefined {
  const text = storage.items.get(DEFAULT_SESSION_KEY)
  return text === undefined
    ? undefined
    : (JSON.parse(text) as { refresh_token: string }).refresh_token
}

describe('SignInModel: launch', () => {
  it('without a stored session asks for a code and shows it with its activation link', async () => {
    const rig = setUp()
    rig.api.on('requestDeviceCode', ok(deviceCode()))

    rig.start()
    expect(rig.views[0]).toEqual({ screen: 'starting' })
    await advance()

    const view = pairing(rig.last())
    expect(view.phase).toBe('waiting')
    expect(view.code).toEqual({
      userCode: '5055CC52',
      verificationUrl: 'https://trakt.tv/activate',
      qrText: 'https://trakt.tv/activate/5055CC52',
    })
    expect(rig.storage.items.has(DEFAULT_PENDING_CODE_KEY)).toBe(true)
    expect(model?.remainingMs()).toBe(600_000)
  })

  it('with a stored session goes straight to signed in and greets the person', async () => {
    const rig = setUp()
    storeSession(rig.storage, tokens(1, { expiresIn: 7 * DAY_S }))
    rig.api.on('getUserSettings', ok(USER))

    rig.start()
    await advance()

    const view = signedIn(rig.last())
    expect(view.user).toEqual(USER)
    expect(view.activity).toBe('idle')
    expect(view.facts.refreshable).toBe(true)
    expect(rig.api.callsOf('getUserSettings').map((call) => call.argument)).toEqual([
      'access-token-1',
    ])
    expect(rig.api.callsOf('requestDeviceCode')).toEqual([])
  })

  it('with a stored session past three quarters of its life refreshes before showing it', async () => {
    const rig = setUp()
    storeSession(rig.storage, tokens(1, { expiresIn: DAY_S }), 0.8 * DAY_S * 1000)
    rig.api.on('refreshTokens', ok(tokens(2))).on('getUserSettings', ok(USER))

    rig.start()
    await advance()

    expect(rig.views.map((view) => view.screen)).toEqual(['starting', 'signed-in', 'signed-in'])
    expect(rig.api.callsOf('refreshTokens').map((call) => call.argument)).toEqual([
      'refresh-token-1',
    ])
    expect(storedRefreshToken(rig.storage)).toBe('refresh-token-2')
    expect(rig.api.callsOf('getUserSettings').map((call) => call.argument)).toEqual([
      'access-token-2',
    ])
  })

  it('shows the same code again after a restart mid-pairing, with the time it has left', async () => {
    const storage = new MemoryStorage()
    const first = setUp({ storage, wall: WALL })
    first.api.on('requestDeviceCode', ok(deviceCode())).on('pollDeviceToken', 'hang')
    const before = first.start()
    await advance(60_000)
    before.dispose()
    first.api.verify()
    vi.useRealTimers()

    const second = setUp({ storage, wall: WALL + 60_000 })
    second.start()
    await advance()

    expect(pairing(second.last()).code?.userCode).toBe('5055CC52')
    expect(model?.remainingMs()).toBe(540_000)
    expect(second.api.callsOf('requestDeviceCode')).toEqual([])
  })
})

describe('SignInModel: pairing', () => {
  it('"get a new code" aborts the poll in flight at once and shows the new code', async () => {
    const rig = setUp()
    rig.api
      .on('requestDeviceCode', ok(deviceCode()))
      .on('pollDeviceToken', 'hang')
      .on(
        'requestDeviceCode',
        ok(deviceCode({ deviceCode: 'second-device', userCode: 'ABCD2345' })),
      )
      .on('pollDeviceToken', 'hang')
    rig.start()
    await advance(5_000)
    const firstPoll = rig.api.callsOf('pollDeviceToken')[0]
    expect(firstPoll?.signal?.aborted).toBe(false)

    model?.newCode()
    expect(firstPoll?.signal?.aborted).toBe(true)
    expect(pairing(rig.last()).phase).toBe('requesting')
    await advance(5_000)

    expect(pairing(rig.last()).code?.userCode).toBe('ABCD2345')
    expect(rig.api.callsOf('pollDeviceToken').map((call) => call.argument)).toEqual([
      'device-code-secret',
      'second-device',
    ])
  })

  it('retries a transient failure to get a code after the backoff, and says so', async () => {
    const rig = setUp()
    rig.api.on('requestDeviceCode', fail(traktError('server', { status: 503 })), ok(deviceCode()))
    rig.start()
    await advance()

    const waiting = pairing(rig.last())
    expect(waiting.phase).toBe('requesting')
    expect(waiting.retryAt).toBe(performance.now() + 2_000)
    expect(rig.timers.delays).toContain(2_000)

    await advance(1_999)
    expect(rig.api.callsOf('requestDeviceCode')).toHaveLength(1)
    await advance(1)
    expect(pairing(rig.last()).phase).toBe('waiting')
  })

  it('approval stores the tokens, forgets the code and signs in', async () => {
    const rig = setUp()
    rig.api
      .on('requestDeviceCode', ok(deviceCode()))
      .on('pollDeviceToken', poll.pending(), poll.approved(3))
      .on('getUserSettings', ok(USER))
    rig.start()
    await advance(10_000)

    expect(signedIn(rig.last()).user).toEqual(USER)
    expect(storedRefreshToken(rig.storage)).toBe('refresh-token-3')
    expect(rig.storage.items.has(DEFAULT_PENDING_CODE_KEY)).toBe(false)
  })

  it.each([
    { answer: poll.declined(), phase: 'declined' },
    { answer: poll.expired(), phase: 'expired' },
    { answer: poll.used(), phase: 'refused' },
    { answer: poll.unknown(), phase: 'refused' },
  ] as const)(
    'a poll answered $phase stops polling and keeps the code',
    async ({ answer, phase }) => {
      const rig = setUp()
      rig.api.on('requestDeviceCode', ok(deviceCode())).on('pollDeviceToken', answer)
      rig.start()
      await advance(5_000)

      expect(pairing(rig.last()).phase).toBe(phase)
      expect(pairing(rig.last()).code?.userCode).toBe('5055CC52')
      expect(rig.storage.items.has(DEFAULT_PENDING_CODE_KEY)).toBe(false)
      await advance(60_000)
      expect(rig.api.callsOf('pollDeviceToken')).toHaveLength(1)
    },
  )

  it('the deadline ends the code without another poll', async () => {
    const rig = setUp()
    rig.api
      .on('requestDeviceCode', ok(deviceCode({ expiresIn: 12 })))
      .on('pollDeviceToken', poll.pending(), poll.pending())
    rig.start()
    await advance(12_000)

    expect(pairing(rig.last()).phase).toBe('expired')
    expect(model?.remainingMs()).toBe(0)
    await advance(30_000)
    expect(rig.api.callsOf('pollDeviceToken')).toHaveLength(2)
  })

  it('a hidden app polls nothing; shown again, it polls at once', async () => {
    const rig = setUp()
    rig.api.on('requestDeviceCode', ok(deviceCode())).on('pollDeviceToken', poll.pending(), 'hang')
    rig.start()
    await advance(5_000)
    expect(rig.api.callsOf('pollDeviceToken')).toHaveLength(1)

    model?.setHidden(true)
    await advance(60_000)
    expect(rig.api.callsOf('pollDeviceToken')).toHaveLength(1)

    const shownAt = performance.now()
    model?.setHidden(false)
    await advance()
    expect(rig.api.callsOf('pollDeviceToken').map((call) => call.at)).toEqual([
      expect.any(Number),
      shownAt,
    ])
    expect(pairing(rig.last()).phase).toBe('waiting')
  })
})

describe('SignInModel: problems', () => {
  it('an empty client id is the not-configured problem, and nothing is sent', () => {
    const rig = setUp({ config: { ...CONFIG, clientId: '' } })
    rig.start()

    expect(problem(rig.last()).kind).toBe('not-configured')
  })

  it('a plain http Trakt address is the insecure-url problem', () => {
    const rig = setUp({ config: { ...CONFIG, oauthUrl: 'http://auth.trakt.tv' } })
    rig.start()

    expect(problem(rig.last()).kind).toBe('insecure-url')
  })

  it('a refused client shows its status and path; "try again" starts over', async () => {
    const rig = setUp()
    rig.api.on('requestDeviceCode', fail(clientRefused()), ok(deviceCode()))
    rig.start()
    await advance()

    const view = problem(rig.last())
    expect(view).toMatchObject({ kind: 'client-refused', status: 403, path: '/oauth/device/code' })

    model?.tryAgain()
    await advance()
    expect(pairing(rig.last()).phase).toBe('waiting')
  })

  it('a poll that needs the person (VIP) becomes the vip-required problem', async () => {
    const rig = setUp()
    rig.api
      .on('requestDeviceCode', ok(deviceCode()))
      .on('pollDeviceToken', fail(traktError('vip_required', { status: 426 })))
    rig.start()
    await advance(5_000)

    expect(problem(rig.last())).toMatchObject({ kind: 'vip-required', status: 426 })
    expect(rig.storage.items.has(DEFAULT_PENDING_CODE_KEY)).toBe(false)
  })
})

describe('SignInModel: signed in', () => {
  async function signedInRig() {
    const rig = setUp()
    storeSession(rig.storage, tokens(1, { expiresIn: 7 * DAY_S }))
    rig.api.on('getUserSettings', ok(USER))
    rig.start()
    await advance()
    expect(signedIn(rig.last()).user).toEqual(USER)
    return rig
  }

  it('"refresh now" refreshes, stores the new pair and says so', async () => {
    const rig = await signedInRig()
    rig.api.on('refreshTokens', ok(tokens(2)))

    model?.refreshNow()
    expect(signedIn(rig.last()).activity).toBe('refreshing')
    await advance()

    expect(signedIn(rig.last())).toMatchObject({ activity: 'idle', notice: 'refreshed' })
    expect(storedRefreshToken(rig.storage)).toBe('refresh-token-2')
  })

  it('a refused refresh forgets the session and pairs again with a notice', async () => {
    const rig = await signedInRig()
    rig.api
      .on('refreshTokens', fail(traktError('invalid_grant', { status: 400 })))
      .on('requestDeviceCode', ok(deviceCode()))

    model?.refreshNow()
    await advance()

    const view = pairing(rig.last())
    expect(view).toMatchObject({ phase: 'waiting', notice: 'session-refused' })
    expect(rig.storage.items.has(DEFAULT_SESSION_KEY)).toBe(false)
  })

  it('a refresh that cannot reach Trakt keeps the session and says so', async () => {
    const rig = await signedInRig()
    rig.api.on('refreshTokens', fail(traktError('network')))

    model?.refreshNow()
    await advance()

    expect(signedIn(rig.last())).toMatchObject({ activity: 'idle', notice: 'refresh-failed' })
    expect(storedRefreshToken(rig.storage)).toBe('refresh-token-1')
  })

  it('sign-out asks first; the safe answer and Back change nothing', async () => {
    const rig = await signedInRig()

    model?.askSignOut()
    expect(signedIn(rig.last()).confirmingSignOut).toBe(true)
    model?.cancelSignOut()
    expect(signedIn(rig.last()).confirmingSignOut).toBe(false)

    model?.askSignOut()
    expect(model?.back()).toBe(true)
    expect(signedIn(rig.last()).confirmingSignOut).toBe(false)
    expect(model?.back()).toBe(false)
    expect(rig.storage.items.has(DEFAULT_SESSION_KEY)).toBe(true)
  })

  it('sign-out revokes the access token, empties the store and shows a new code', async () => {
    const rig = await signedInRig()
    rig.api.on('revokeToken', ok(undefined)).on('requestDeviceCode', ok(deviceCode()))

    model?.askSignOut()
    model?.confirmSignOut()
    expect(signedIn(rig.last()).activity).toBe('signing-out')
    expect(rig.storage.items.has(DEFAULT_SESSION_KEY)).toBe(false)
    await advance()

    expect(rig.api.callsOf('revokeToken').map((call) => call.argument)).toEqual(['access-token-1'])
    expect(pairing(rig.last())).toMatchObject({ phase: 'waiting', notice: 'signed-out' })
  })

  it('sign-out goes on when the revoke never answers, after the revoke timeout', async () => {
    const rig = await signedInRig()
    rig.api.on('revokeToken', 'hang').on('requestDeviceCode', ok(deviceCode()))

    model?.confirmSignOut()
    await advance(4_999)
    expect(signedIn(rig.last()).activity).toBe('signing-out')
    await advance(1)

    expect(pairing(rig.last()).notice).toBe('signed-out')
    expect(rig.api.callsOf('revokeToken')[0]?.signal?.aborted).toBe(true)
  })

  it('coming back to the foreground refreshes a session that fell due while hidden', async () => {
    const rig = setUp()
    storeSession(rig.storage, tokens(1, { expiresIn: DAY_S }))
    rig.api.on('getUserSettings', ok(USER))
    rig.start()
    await advance()

    model?.setHidden(true)
    rig.clock.jumpWall(0.8 * DAY_S * 1000)
    rig.api.on('refreshTokens', ok(tokens(2)))
    model?.setHidden(false)
    await advance()

    expect(rig.api.callsOf('refreshTokens').map((call) => call.argument)).toEqual([
      'refresh-token-1',
    ])
    expect(storedRefreshToken(rig.storage)).toBe('refresh-token-2')
  })
})

describe('SignInModel: dispose', () => {
  it('stops the poll and reports nothing afterwards', async () => {
    const rig = setUp()
    rig.api.on('requestDeviceCode', ok(deviceCode())).on('pollDeviceToken', 'hang')
    rig.start()
    await advance(5_000)
    const shown = rig.views.length

    model?.dispose()
    expect(rig.api.callsOf('pollDeviceToken')[0]?.signal?.aborted).toBe(true)
    await advance(60_000)
    expect(rig.views).toHaveLength(shown)
  })
})

function clientRefused(): TraktError {
  return new TraktError('invalid_client', 'Trakt refused the client', {
    status: 403,
    path: '/oauth/device/code',
  })
}
