/**
 * Every sentence the app shows or speaks, in one place, in plain words a person on a sofa
 * understands. Screens pick from here by state; nothing here contains a secret.
 */
import type { Notice, PairingPhase, ProblemKind } from './model/view-state'

export const PAIRING_TITLE = 'Sign in to Trakt'
export const STEP_OPEN = 'On your phone or computer, go to'
export const STEP_ENTER = 'Enter this code'
export const QR_CAPTION = 'Or scan with your phone camera'
export const NEW_CODE = 'Get a new code'
export const STARTING = 'Connecting to Trakt…'

/** The status line under the code. */
export const PAIRING_STATUS: Readonly<Record<PairingPhase, string>> = {
  requesting: 'Getting a code from Trakt…',
  waiting: 'Waiting for you to approve…',
  retrying: 'Connection lost. Still trying…',
  slowed: 'Trakt asked us to check less often. Still waiting…',
  expired: 'This code has expired. Get a new code to try again.',
  declined: 'Sign-in was declined. Get a new code to try again.',
  refused: 'Trakt no longer accepts this code. Get a new code to try again.',
}

export const NOTICES: Readonly<Record<Notice, string>> = {
  'signed-out': 'You signed out of Trakt on this TV.',
  'session-refused': 'Trakt no longer accepts this TV’s sign-in. Please sign in again.',
  'not-remembered': 'This TV can’t save your sign-in, so you’ll need to sign in after a restart.',
  refreshed: 'Your sign-in was renewed.',
  'refresh-failed': 'Couldn’t reach Trakt to renew your sign-in. We’ll keep trying.',
  'profile-unavailable': 'Couldn’t load your Trakt profile right now.',
}

export const SIGNED_IN_TITLE = 'Signed in to Trakt'
export const REFRESH_NOW = 'Refresh now'
export const REFRESHING = 'Refreshing…'
export const SIGN_OUT = 'Sign out'
export const SIGNING_OUT = 'Signing out…'
export const SIGN_OUT_QUESTION = 'Sign out of Trakt on this TV?'
export const KEEP_SIGNED_IN = 'Stay signed in'
export const CONFIRM_SIGN_OUT = 'Sign out'

export const FACT_CREATED = 'Signed in'
export const FACT_SCOPE = 'Access'
export const FACT_EXPIRES = 'Expires in'
export const FACT_REFRESHABLE = 'Can be refreshed'

export const TRY_AGAIN = 'Try again'

export interface ProblemCopy {
  readonly title: string
  /** What is wrong and what to do about it. */
  readonly message: string
}

export const PROBLEMS: Readonly<Record<ProblemKind, ProblemCopy>> = {
  'not-configured': {
    title: 'This app is not set up yet',
    message:
      'It has no Trakt client ID or secret. Whoever installed it needs to add them to ' +
      'settings.json or build it with APP_TRAKT_CLIENT_ID and APP_TRAKT_CLIENT_SECRET.',
  },
  'insecure-url': {
    title: 'This app is set up wrongly',
    message:
      'Its Trakt address does not use https://. Whoever installed it needs to correct ' +
      'the address in its settings.',
  },
  'client-refused': {
    title: 'Trakt refused this app',
    message:
      'Trakt does not accept this app’s client ID or secret, or the app was deleted on ' +
      'Trakt. Whoever installed it needs to check the app on trakt.tv/oauth/applications.',
  },
  'vip-required': {
    title: 'Trakt VIP is needed',
    message: 'This needs a Trakt VIP account. Upgrade on trakt.tv, then try again.',
  },
  'account-locked': {
    title: 'This Trakt account is locked',
    message: 'Trakt has locked or deactivated the account. Sign in on trakt.tv to sort it out.',
  },
  unexpected: {
    title: 'Trakt gave an answer we don’t understand',
    message: 'Please try again in a while. If it keeps happening, the app may need an update.',
  },
}
