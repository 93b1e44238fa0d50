/**
 * The user code as the person on the sofa reads it: huge, monospaced (JetBrains Mono tells
 * 0 from O and 1 from I and l), grouped in fours, in the accent colour. Dimmed when the code
 * has expired or was declined, so nobody types a dead code.
 */
import { Lightning } from '@lightningjs/sdk'
import { CODE_LETTER_SPACING, colors, DIMMED_ALPHA, durations, faces, fontSizes } from '../theme'
import { groupUserCode, spellForSpeech } from './format'
import { required } from './required'

/** The template of a {@link UserCode}. */
export interface UserCodeTemplateSpec extends Lightning.Component.TemplateSpec {
  /** The user code as Trakt sent it, ungrouped (`5055CC52`). */
  code: string
  /** Lowered alpha for a code that can no longer be used. */
  dimmed: boolean
  Code: object
}

/** The user code, grouped for reading; its top-left corner is the component's position. */
export class UserCode
  extends Lightning.Component<UserCodeTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<UserCodeTemplateSpec>
{
  readonly Code = required(this.getByRef('Code'), 'Code')

  private _code = ''
  private _dimmed = false

  static override _template(): Lightning.Component.Template<UserCodeTemplateSpec> {
    return {
      Code: {
        text: {
          text: '',
          fontFace: faces.code,
          fontSize: fontSizes.code,
          lineHeight: fontSizes.code,
          letterSpacing: CODE_LETTER_SPACING,
          textColor: colors.accent,
        },
      },
    }
  }

  /** The user code, ungrouped; the display groups it. */
  get code(): string {
    return this._code
  }

  set code(value: string) {
    this._code = value
    this.Code.text = { text: groupUserCode(value) }
  }

  /** Whether the code is shown as no longer usable. */
  get dimmed(): boolean {
    return this._dimmed
  }

  set dimmed(value: boolean) {
    this._dimmed = value
    this.setSmooth('alpha', value ? DIMMED_ALPHA : 1, { duration: durations.dim })
  }

  /** The code spelled one character at a time, for the Announcer. */
  get announce(): string {
    return spellForSpeech(this._code)
  }
}
