/**
 * What the app says aloud for a view: the steps, the address and the code one character at
 * a time when a code appears, and one sentence when the state changes. Pure, so the words
 * are unit tested; `src/platform/voice.ts` speaks them. Nothing secret is ever in a view.
 */
import {
  NOTICES,
  PAIRING_STATUS,
  PAIRING_TITLE,
  PROBLEMS,
  SIGNED_IN_TITLE,
  STARTING,
  STEP_ENTER,
  STEP_OPEN,
  SIGN_OUT_QUESTION,
} from '../copy'
import { speakCountdown, spellForSpeech, stripScheme } from '../widgets/format'
import type { ViewState } from './view-state'

/** The phrases for `view`, in order. `remainingMs` is the code's time left. */
export function speechFor(view: ViewState, remainingMs: number): string[] {
  switch (view.screen) {
    case 'starting':
      return [STARTING]
    case 'problem': {
      const copy = PROBLEMS[view.kind]
      return [copy.title, copy.message]
    }
    case 'signed-in': {
      if (view.confirmingSignOut) return [SIGN_OUT_QUESTION]
      const who = view.user === undefined ? [] : [`${view.user.name}, @${view.user.username}`]
      const notice = view.notice === undefined ? [] : [NOTICES[view.notice]]
      return [SIGNED_IN_TITLE, ...who, ...notice]
    }
    case 'pairing': {
      const notice = view.notice === undefined ? [] : [NOTICES[view.notice]]
      const code = view.code
      if (code === undefined || view.phase !== 'waiting') {
        return [...notice, PAIRING_STATUS[view.phase]]
      }
      return [
        ...notice,
        PAIRING_TITLE,
        `${STEP_OPEN} ${stripScheme(code.verificationUrl)}`,
        `${STEP_ENTER}: ${spellForSpeech(code.userCode)}`,
        `The code expires in ${speakCountdown(remainingMs)}`,
      ]
    }
  }
}

/**
 * A key that changes exactly when something worth saying again has changed: the screen, the
 * code, the phase, the notice, the user, the question.
 */
export function speechKey(view: ViewState): string {
  switch (view.screen) {
    case 'starting':
      return 'starting'
    case 'problem':
      return `problem:${view.kind}`
    case 'signed-in':
      return [
        'signed-in',
        view.user?.username ?? '',
        view.notice ?? '',
        view.confirmingSignOut ? 'asking' : '',
      ].join(':')
    case 'pairing':
      return ['pairing', view.code?.userCode ?? '', view.phase, view.notice ?? ''].join(':')
  }
}
