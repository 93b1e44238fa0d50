/**
 * One line that says what is happening ("Waiting for you to approve…", "Connection lost,
 * retrying…"). A short coloured bar before the words gives the tone at a glance without an
 * icon, and the words carry the same meaning for anyone who cannot tell the colours apart.
 */
import { Lightning } from '@lightningjs/sdk'
import { colors, faces, fontSizes, shapes } from '../theme'
import { required } from './required'

/** How the status line is coloured. */
export type StatusTone = 'neutral' | 'warning' | 'success'

const BAR_COLORS: Readonly<Record<StatusTone, number>> = {
  neutral: colors.dim,
  warning: colors.warning,
  success: colors.success,
}

const TEXT_COLORS: Readonly<Record<StatusTone, number>> = {
  neutral: colors.text,
  warning: colors.warning,
  success: colors.success,
}

/** Space between the bar and the words. */
const BAR_GAP = 20

/** The template of a {@link StatusLine}. */
export interface StatusLineTemplateSpec extends Lightning.Component.TemplateSpec {
  /** The sentence shown; empty hides the line. */
  message: string
  /** The colour cue. */
  tone: StatusTone
  /** Width at which the words wrap, in stage pixels. */
  wrapWidth: number
  Bar: object
  Message: object
}

/** A status sentence with a coloured bar; its top-left corner is the component's. */
export class StatusLine
  extends Lightning.Component<StatusLineTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<StatusLineTemplateSpec>
{
  readonly Bar = required(this.getByRef('Bar'), 'Bar')
  readonly Message = required(this.getByRef('Message'), 'Message')

  private _message = ''
  private _tone: StatusTone = 'neutral'
  private _wrapWidth = 900

  static override _template(): Lightning.Component.Template<StatusLineTemplateSpec> {
    const radius = shapes.statusBarWidth / 2
    return {
      Bar: {
        x: -1,
        y: (fontSizes.body * 1.3 - shapes.statusBarHeight) / 2 - 1,
        texture: Lightning.Tools.getRoundRect(
          shapes.statusBarWidth,
          shapes.statusBarHeight,
          radius,
          0,
          0,
          true,
          0xffffffff,
        ),
        color: BAR_COLORS.neutral,
      },
      Message: {
        x: shapes.statusBarWidth + BAR_GAP,
        text: {
          text: '',
          fontFace: faces.text,
          fontSize: fontSizes.body,
          lineHeight: Math.round(fontSizes.body * 1.3),
          wordWrapWidth: 900,
          textColor: TEXT_COLORS.neutral,
        },
      },
    }
  }

  /** The sentence shown. */
  get message(): string {
    return this._message
  }

  set message(value: string) {
    this._message = value
    this.Message.text = { text: value }
    this.visible = value !== ''
  }

  /** The colour cue. */
  get tone(): StatusTone {
    return this._tone
  }

  set tone(value: StatusTone) {
    this._tone = value
    this.Bar.color = BAR_COLORS[value]
    this.Message.text = { textColor: TEXT_COLORS[value] }
  }

  /** Width at which the words wrap, in stage pixels. */
  get wrapWidth(): number {
    return this._wrapWidth
  }

  set wrapWidth(value: number) {
    this._wrapWidth = value
    this.Message.text = { wordWrapWidth: value - shapes.statusBarWidth - BAR_GAP }
  }

  /** The sentence, for the Announcer. */
  get announce(): string {
    return this._message
  }
}
