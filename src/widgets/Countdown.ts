/**
 * The remaining life of a user code ("Code expires in 9:41"), which turns to the warning
 * colour in its last minute so the person knows to hurry or to ask for a new code.
 */
import { Lightning } from '@lightningjs/sdk'
import { colors, faces, fontSizes } from '../theme'
import { formatCountdown, speakCountdown } from './format'
import { required } from './required'

/** From this much time left, the countdown shows the warning colour. */
export const LAST_MINUTE_MS = 60_000

/** The template of a {@link Countdown}. */
export interface CountdownTemplateSpec extends Lightning.Component.TemplateSpec {
  /** Milliseconds left; the screen updates it once a second. */
  remainingMs: number
  /** Words before the time, e.g. `Code expires in`. */
  prefix: string
  Label: object
}

/** A countdown line; its top-left corner is the component's. */
export class Countdown
  extends Lightning.Component<CountdownTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<CountdownTemplateSpec>
{
  readonly Label = required(this.getByRef('Label'), 'Label')

  private _remainingMs = 0
  private _prefix = 'Code expires in'

  static override _template(): Lightning.Component.Template<CountdownTemplateSpec> {
    return {
      Label: {
        text: {
          text: '',
          fontFace: faces.text,
          fontSize: fontSizes.body,
          textColor: colors.text,
        },
      },
    }
  }

  /** Milliseconds left. */
  get remainingMs(): number {
    return this._remainingMs
  }

  set remainingMs(value: number) {
    this._remainingMs = value
    this._render()
  }

  /** Words before the time. */
  get prefix(): string {
    return this._prefix
  }

  set prefix(value: string) {
    this._prefix = value
    this._render()
  }

  /** The line as words, for the Announcer. */
  get announce(): string {
    return `${this._prefix} ${speakCountdown(this._remainingMs)}`
  }

  private _render(): void {
    const lastMinute = this._remainingMs <= LAST_MINUTE_MS
    this.Label.text = {
      text: `${this._prefix} ${formatCountdown(this._remainingMs)}`,
      textColor: lastMinute ? colors.warning : colors.text,
    }
  }
}
