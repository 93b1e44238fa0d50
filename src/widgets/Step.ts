/**
 * One numbered instruction ("1  On your phone or computer, go to"): the number in a ring so
 * the steps read as a sequence from across the room, the words beside it.
 */
import { Lightning } from '@lightningjs/sdk'
import { colors, faces, fontSizes } from '../theme'
import { required } from './required'

/** Diameter of the ring around the number. */
const RING_SIZE = 64

/** Space between the ring and the words. */
const GAP = 28

/** Where the words start, so that content under a step can line up with them. */
export const STEP_TEXT_INDENT = RING_SIZE + GAP

/** The template of a {@link Step}. */
export interface StepTemplateSpec extends Lightning.Component.TemplateSpec {
  /** The step's number, from 1. */
  number: number
  /** The instruction. */
  label: string
  /** Width at which the words wrap, in stage pixels (ring included). */
  wrapWidth: number
  Ring: object
  Digit: object
  Label: object
}

/** A numbered step; its top-left corner is the ring's. */
export class Step
  extends Lightning.Component<StepTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<StepTemplateSpec>
{
  readonly Ring = required(this.getByRef('Ring'), 'Ring')
  readonly Digit = required(this.getByRef('Digit'), 'Digit')
  readonly Label = required(this.getByRef('Label'), 'Label')

  private _number = 1
  private _label = ''
  private _wrapWidth = 900

  static override _template(): Lightning.Component.Template<StepTemplateSpec> {
    return {
      Ring: {
        x: -2,
        y: -2,
        texture: Lightning.Tools.getRoundRect(
          RING_SIZE,
          RING_SIZE,
          RING_SIZE / 2,
          3,
          0xffffffff,
          false,
          0,
        ),
        color: colors.dim,
      },
      Digit: {
        mount: 0.5,
        x: RING_SIZE / 2,
        y: RING_SIZE / 2 + 2,
        text: { text: '1', fontFace: faces.text, fontSize: fontSizes.body, textColor: colors.dim },
      },
      Label: {
        x: STEP_TEXT_INDENT,
        y: (RING_SIZE - fontSizes.body * 1.3) / 2,
        text: {
          text: '',
          fontFace: faces.text,
          fontSize: fontSizes.body,
          lineHeight: Math.round(fontSizes.body * 1.3),
          wordWrapWidth: 900 - STEP_TEXT_INDENT,
          textColor: colors.text,
        },
      },
    }
  }

  /** The step's number. */
  get number(): number {
    return this._number
  }

  set number(value: number) {
    this._number = value
    this.Digit.text = { text: String(value) }
  }

  /** The instruction. */
  get label(): string {
    return this._label
  }

  set label(value: string) {
    this._label = value
    this.Label.text = { text: value }
  }

  /** Width at which the words wrap. */
  get wrapWidth(): number {
    return this._wrapWidth
  }

  set wrapWidth(value: number) {
    this._wrapWidth = value
    this.Label.text = { wordWrapWidth: value - STEP_TEXT_INDENT }
  }

  /** The step as the Announcer should say it. */
  get announce(): string {
    return `Step ${this._number}: ${this._label}`
  }
}
