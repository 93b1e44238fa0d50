/**
 * A focusable button for the remote: a rounded fill and a label.
 *
 * Focus changes both the fill (surface → accent) and the scale, so it reads without colour
 * vision; the motion is a short transition that never holds input back. A disabled button is
 * dimmed and swallows OK; an enabled one lets OK bubble up to the screen, which knows which
 * button is focused and what it does.
 */
import { Lightning } from '@lightningjs/sdk'
import { colors, DISABLED_ALPHA, durations, faces, FOCUS_SCALE, fontSizes, shapes } from '../theme'
import { required } from './required'

/** The template of a {@link Button}, with the properties a screen may set. */
export interface ButtonTemplateSpec extends Lightning.Component.TemplateSpec {
  /** What the button says; also what the Announcer speaks. */
  label: string
  /** Dimmed and inert when true. */
  disabled: boolean
  /** Fixed width in stage pixels; 0 sizes the button to its label. */
  fixedWidth: number
  Fill: object
  Label: object
}

/** A focusable button; width follows its label unless `fixedWidth` is set. */
export class Button
  extends Lightning.Component<ButtonTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<ButtonTemplateSpec>
{
  readonly Fill = required(this.getByRef('Fill'), 'Fill')
  readonly Label = required(this.getByRef('Label'), 'Label')

  private _label = ''
  private _disabled = false
  private _fixedWidth = 0
  private _labelWidth = 0

  static override _template(): Lightning.Component.Template<ButtonTemplateSpec> {
    return {
      h: shapes.buttonHeight,
      w: shapes.buttonMinWidth,
      Fill: {
        color: colors.surface,
      },
      Label: {
        mountX: 0.5,
        mountY: 0.5,
        y: shapes.buttonHeight / 2,
        color: colors.text,
        text: {
          text: '',
          fontFace: faces.text,
          fontSize: fontSizes.body,
          textColor: 0xffffffff,
        },
      },
    }
  }

  /** What the button says. */
  get label(): string {
    return this._label
  }

  set label(value: string) {
    this._label = value
    this.Label.text = { text: value }
  }

  /** Dimmed and inert when true; it may still hold focus, which stays visible. */
  get disabled(): boolean {
    return this._disabled
  }

  set disabled(value: boolean) {
    this._disabled = value
    this._render()
  }

  /** A fixed width in stage pixels, for a row of equal buttons; 0 follows the label. */
  get fixedWidth(): number {
    return this._fixedWidth
  }

  set fixedWidth(value: number) {
    this._fixedWidth = value
    this._layout()
  }

  /** What the SDK's Announcer speaks when the button is on the focus path. */
  get announce(): string {
    return this._disabled ? `${this._label}, unavailable` : this._label
  }

  override _init(): void {
    // The label's width is known only once its text texture is drawn.
    this.Label.on('txLoaded', () => {
      this._labelWidth = this.Label.renderWidth
      this._layout()
    })
    this._layout()
    this._render()
  }

  override _focus(): void {
    this._render(true)
  }

  // Lightning has already taken the button off the focus path here, and when the app is
  // closing the button has no application left to ask.
  override _unfocus(): void {
    this._render(false)
  }

  override _handleEnter(): boolean {
    // Returning false lets OK bubble up to the screen; a disabled button keeps it.
    return this._disabled
  }

  private _layout(): void {
    const w = this._fixedWidth > 0 ? this._fixedWidth : this._widthForLabel()

    this.w = w
    this.Label.x = w / 2
    this.Fill.texture = Lightning.Tools.getRoundRect(
      w,
      shapes.buttonHeight,
      shapes.buttonRadius,
      0,
      0,
      true,
      0xffffffff,
    )
    // getRoundRect draws one pixel of margin around the shape for antialiasing.
    this.Fill.x = -1
    this.Fill.y = -1
  }

  private _widthForLabel(): number {
    return Math.max(shapes.buttonMinWidth, Math.ceil(this._labelWidth + 2 * shapes.buttonPaddingX))
  }

  private _render(focused = this.hasFocus()): void {
    const settings = { duration: durations.focus }

    this.Fill.setSmooth('color', focused ? colors.accent : colors.surface, settings)
    this.Label.setSmooth('color', focused ? colors.onAccent : colors.text, settings)
    this.setSmooth('scale', focused ? FOCUS_SCALE : 1, settings)
    this.setSmooth('alpha', this._disabled ? DISABLED_ALPHA : 1, settings)
  }
}
