/**
 * "Sign out of Trakt on this TV?": asked once before signing out, with the safe answer
 * focused. Left and Right move between the answers; OK answers; Back is the safe answer.
 */
import { Lightning } from '@lightningjs/sdk'
import { CONFIRM_SIGN_OUT, KEEP_SIGNED_IN, SIGN_OUT_QUESTION } from '../copy'
import { colors, faces, shapes } from '../theme'
import { Button } from '../widgets/Button'
import { required } from '../widgets/required'

const BOX_W = 900
const BOX_H = 400
const BUTTON_W = 340

export interface SignOutDialogTemplateSpec extends Lightning.Component.TemplateSpec {
  Scrim: object
  Box: { Question: object; Keep: typeof Button; Confirm: typeof Button }
}

/** The question and its two answers, over a scrim that covers the screen. */
export class SignOutDialog
  extends Lightning.Component<SignOutDialogTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<SignOutDialogTemplateSpec>
{
  readonly Keep = required(this.tag('Box.Keep'), 'Keep')
  readonly Confirm = required(this.tag('Box.Confirm'), 'Confirm')

  private confirmFocused = false

  static override _template(): Lightning.Component.Template<SignOutDialogTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      Scrim: { w: 1920, h: 1080, rect: true, color: colors.scrim },
      Box: {
        x: (1920 - BOX_W) / 2,
        y: (1080 - BOX_H) / 2,
        w: BOX_W,
        h: BOX_H,
        texture: Lightning.Tools.getRoundRect(BOX_W, BOX_H, shapes.dialogRadius, 0, 0, true),
        color: colors.dialog,
        Question: {
          x: BOX_W / 2,
          y: shapes.dialogPadding,
          mountX: 0.5,
          text: {
            text: SIGN_OUT_QUESTION,
            fontFace: faces.text,
            fontSize: 44,
            textColor: colors.text,
          },
        },
        Keep: {
          type: Button,
          x: BOX_W / 2 - BUTTON_W - 24,
          y: BOX_H - shapes.dialogPadding - shapes.buttonHeight,
          label: KEEP_SIGNED_IN,
          fixedWidth: BUTTON_W,
        },
        Confirm: {
          type: Button,
          x: BOX_W / 2 + 24,
          y: BOX_H - shapes.dialogPadding - shapes.buttonHeight,
          label: CONFIRM_SIGN_OUT,
          fixedWidth: BUTTON_W,
        },
      },
    }
  }

  /** What the Announcer says when the dialog takes focus. */
  get announceContext(): string {
    return SIGN_OUT_QUESTION
  }

  /** Puts focus back on the safe answer; called each time the question is asked. */
  reset(): void {
    this.confirmFocused = false
    this._refocus()
  }

  override _getFocused(): Button {
    return this.confirmFocused ? this.Confirm : this.Keep
  }

  override _handleLeft(): boolean {
    this.confirmFocused = false
    this._refocus()
    return true
  }

  override _handleRight(): boolean {
    this.confirmFocused = true
    this._refocus()
    return true
  }

  override _handleUp(): boolean {
    return true
  }

  override _handleDown(): boolean {
    return true
  }

  override _handleEnter(): boolean {
    this.fireAncestors('$intent', this.confirmFocused ? 'confirmSignOut' : 'cancelSignOut')
    return true
  }
}
