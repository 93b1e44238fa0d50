/**
 * A yes-or-no question over the screen ("Sign out of Trakt on this TV?"). The safe choice is
 * on the left and focused every time the dialog takes focus, so pressing OK twice by habit
 * never signs anyone out. Left and Right move between the choices; OK answers with the
 * focused one, Back answers no.
 */
import { Lightning } from '@lightningjs/sdk'
import { colors, faces, fontSizes, shapes, stage } from '../theme'
import { Button } from './Button'
import { required } from './required'

/** Width of the dialog box. */
const BOX_WIDTH = 1000

/** Space between the two buttons. */
const BUTTON_GAP = 40

/** Both buttons share one width, so neither choice looks more important. */
const BUTTON_WIDTH = (BOX_WIDTH - 2 * shapes.dialogPadding - BUTTON_GAP) / 2

/** The signals a {@link Dialog} sends to its parent. */
export interface DialogSignals extends Lightning.Component.SignalMap {
  /** `true` when the person chose the confirming action, `false` for cancel or Back. */
  answer(confirmed: boolean): void
}

/** The dialog's type configuration, for typed `signals` in a parent's template. */
export interface DialogTypeConfig extends Lightning.Component.TypeConfig {
  SignalMapType: DialogSignals
}

/** The template of a {@link Dialog}. */
export interface DialogTemplateSpec extends Lightning.Component.TemplateSpec {
  /** The question, as one sentence. */
  question: string
  /** The safe choice, focused first (e.g. `Cancel`). */
  cancelLabel: string
  /** The action asked about (e.g. `Sign out`). */
  confirmLabel: string
  Scrim: object
  Box: {
    Question: object
    Cancel: typeof Button
    Confirm: typeof Button
  }
}

/** A modal confirmation that covers the whole stage; place it at 0, 0. */
export class Dialog
  extends Lightning.Component<DialogTemplateSpec, DialogTypeConfig>
  implements Lightning.Component.ImplementTemplateSpec<DialogTemplateSpec>
{
  readonly Box = required(this.getByRef('Box'), 'Box')
  readonly Question = required(this.Box.getByRef('Question'), 'Question')
  readonly Cancel = required(this.Box.getByRef('Cancel'), 'Cancel')
  readonly Confirm = required(this.Box.getByRef('Confirm'), 'Confirm')

  private _question = ''
  private _confirmFocused = false

  static override _template(): Lightning.Component.Template<DialogTemplateSpec> {
    return {
      w: stage.w,
      h: stage.h,
      Scrim: { w: stage.w, h: stage.h, rect: true, color: colors.scrim },
      Box: {
        x: (stage.w - BOX_WIDTH) / 2,
        color: colors.panel,
        Question: {
          x: shapes.dialogPadding,
          y: shapes.dialogPadding,
          text: {
            text: '',
            fontFace: faces.text,
            fontSize: fontSizes.body,
            lineHeight: Math.round(fontSizes.body * 1.3),
            wordWrapWidth: BOX_WIDTH - 2 * shapes.dialogPadding,
            textColor: colors.text,
          },
        },
        Cancel: { type: Button, label: 'Cancel', fixedWidth: BUTTON_WIDTH },
        Confirm: { type: Button, label: 'OK', fixedWidth: BUTTON_WIDTH },
      },
    }
  }

  /** The question. */
  get question(): string {
    return this._question
  }

  set question(value: string) {
    this._question = value
    this.Question.text = { text: value }
  }

  /** The safe choice's label. */
  get cancelLabel(): string {
    return this.Cancel.label
  }

  set cancelLabel(value: string) {
    this.Cancel.label = value
  }

  /** The confirming choice's label. */
  get confirmLabel(): string {
    return this.Confirm.label
  }

  set confirmLabel(value: string) {
    this.Confirm.label = value
  }

  /** The question, for the Announcer; the focused button adds its own label. */
  get announce(): string {
    return this._question
  }

  override _init(): void {
    // The box's height follows the question, known once its text is drawn.
    this.Question.on('txLoaded', () => this._layout())
    this._layout()
  }

  override _focus(): void {
    this._confirmFocused = false
  }

  override _getFocused(): Button {
    return this._confirmFocused ? this.Confirm : this.Cancel
  }

  override _handleLeft(): boolean {
    this._confirmFocused = false
    return true
  }

  override _handleRight(): boolean {
    this._confirmFocused = true
    return true
  }

  override _handleUp(): boolean {
    return true
  }

  override _handleDown(): boolean {
    return true
  }

  override _handleEnter(): boolean {
    this.signal('answer', this._confirmFocused)
    return true
  }

  override _handleBack(): boolean {
    this.signal('answer', false)
    return true
  }

  private _layout(): void {
    const questionHeight = Math.max(this.Question.renderHeight, fontSizes.body * 1.3)
    const buttonsY = shapes.dialogPadding + questionHeight + shapes.dialogPadding
    const h = buttonsY + shapes.buttonHeight + shapes.dialogPadding

    this.Box.patch({
      y: Math.round((stage.h - h) / 2),
      texture: Lightning.Tools.getRoundRect(
        BOX_WIDTH,
        h,
        shapes.dialogRadius,
        0,
        0,
        true,
        0xffffffff,
      ),
    })
    this.Cancel.patch({ x: shapes.dialogPadding, y: buttonsY })
    this.Confirm.patch({ x: shapes.dialogPadding + BUTTON_WIDTH + BUTTON_GAP, y: buttonsY })
  }
}
