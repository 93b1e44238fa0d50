import { describe, expect, it } from 'vitest'
import { speechFor, speechKey } from '../../../src/model/speech'
import type { PairingView, SignedInView, ViewState } from '../../../src/model/view-state'
import { USER } from './fakes'

const CODE = {
  userCode: '5055CC52',
  verificationUrl: 'https://trakt.tv/activate',
  qrText: 'https://trakt.tv/activate/5055CC52',
}

function pairing(fields: Partial<PairingView> = {}): PairingView {
  return {
    screen: 'pairing',
    phase: 'waiting',
    code: CODE,
    retryAt: undefined,
    interval: undefined,
    notice: undefined,
    ...fields,
  }
}

function signedIn(fields: Partial<SignedInView> = {}): SignedInView {
  return {
    screen: 'signed-in',
    user: USER,
    facts: { createdAt: 1_788_000_000, scope: 'public', expiresAt: 0, refreshable: true },
    activity: 'idle',
    confirmingSignOut: false,
    notice: undefined,
    ...fields,
  }
}

describe('speechFor', () => {
  it('a new code: the steps, the address without its scheme, the code spelled, the time left', () => {
    expect(speechFor(pairing(), 581_000)).toEqual([
      'Sign in to Trakt',
      'On your phone or computer, go to trakt.tv/activate',
      'Enter this code: 5 0 5 5, C C 5 2',
      'The code expires in 9 minutes 41 seconds',
    ])
  })

  it('never says the code in one piece, only spelled', () => {
    expect(speechFor(pairing(), 600_000).join(' ')).not.toContain('5055CC52')
  })

  it('an ended code says what happened, after the notice, without the code', () => {
    const said = speechFor(pairing({ phase: 'declined', notice: 'signed-out' }), 0)

    expect(said).toEqual([
      'You signed out of Trakt on this TV.',
      'Sign-in was declined. Get a new code to try again.',
    ])
  })

  it('signed in: the title and who; the question alone while it is asked', () => {
    expect(speechFor(signedIn(), 0)).toEqual(['Signed in to Trakt', 'Sam Sofa, @sofa-viewer'])
    expect(speechFor(signedIn({ confirmingSignOut: true }), 0)).toEqual([
      'Sign out of Trakt on this TV?',
    ])
  })

  it('a problem: what is wrong and what to do', () => {
    const view: ViewState = {
      screen: 'problem',
      kind: 'client-refused',
      status: 403,
      path: '/oauth/device/code',
      detail: 'Trakt refused the client',
    }

    const said = speechFor(view, 0)
    expect(said[0]).toBe('Trakt refused this app')
    expect(said).toHaveLength(2)
  })
})

describe('speechKey', () => {
  it('changes with the code, the phase and the notice, not with the time left', () => {
    const keys = new Set([
      speechKey(pairing()),
      speechKey(pairing({ code: { ...CODE, userCode: 'ABCD2345' } })),
      speechKey(pairing({ phase: 'expired' })),
      speechKey(pairing({ notice: 'session-refused' })),
    ])

    expect(keys.size).toBe(4)
    expect(speechKey(pairing({ retryAt: 1_000 }))).toBe(speechKey(pairing()))
  })

  it('changes when the person is known, and when the question is asked', () => {
    const keys = new Set([
      speechKey(signedIn({ user: undefined })),
      speechKey(signedIn()),
      speechKey(signedIn({ confirmingSignOut: true })),
    ])

    expect(keys.size).toBe(3)
    expect(speechKey(signedIn({ activity: 'refreshing' }))).toBe(speechKey(signedIn()))
  })
})
