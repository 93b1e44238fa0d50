/**
 * The pairing screen: the two steps, the activation address, the user code, the QR code,
 * the countdown, one status line and "get a new code". It renders a {@link PairingView} and
 * hands OK up as an intention; it holds no protocol logic.
 */
import { Lightning } from '@lightningjs/sdk'
import {
  NEW_CODE,
  NOTICES,
  PAIRING_STATUS,
  PAIRING_TITLE,
  QR_CAPTION,
  STEP_ENTER,
  STEP_OPEN,
} from '../copy'
import { ENDED_PHASES, type PairingView } from '../model/view-state'
import { colors, faces, fontSizes, safeArea } from '../theme'
import { Button } from '../widgets/Button'
import { Countdown } from '../widgets/Countdown'
import { stripScheme } from '../widgets/format'
import { QrCode } from '../widgets/QrCode'
import { required } from '../widgets/required'
import { StatusLine, type StatusTone } from '../widgets/StatusLine'
import { Step, STEP_TEXT_INDENT } from '../widgets/Step'
import { UserCode } from '../widgets/UserCode'

const CONTENT_X = safeArea.left + STEP_TEXT_INDENT
const QR_X = 1150
const QR_Y = 200
const QR_BOX = 560

export interface PairingScreenTemplateSpec extends Lightning.Component.TemplateSpec {
  Title: object
  Notice: object
  StepOne: typeof Step
  Address: object
  StepTwo: typeof Step
  Code: typeof UserCode
  Countdown: typeof Countdown
  Status: typeof StatusLine
  NewCode: typeof Button
  Qr: typeof QrCode
  QrCaption: object
}

/** Renders the pairing states; ticks the countdown once a second while it is on screen. */
export class PairingScreen
  extends Lightning.Component<PairingScreenTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<PairingScreenTemplateSpec>
{
  readonly Notice = required(this.getByRef('Notice'), 'Notice')
  readonly Address = required(this.getByRef('Address'), 'Address')
  readonly Code = required(this.getByRef('Code'), 'Code')
  readonly Countdown = required(this.getByRef('Countdown'), 'Countdown')
  readonly Status = required(this.getByRef('Status'), 'Status')
  readonly NewCode = required(this.getByRef('NewCode'), 'NewCode')
  readonly Qr = required(this.getByRef('Qr'), 'Qr')
  readonly QrCaption = required(this.getByRef('QrCaption'), 'QrCaption')

  /** Milliseconds left on the code; set by the app from the model. */
  remainingMs: () => number = () => 0

  private view: PairingView | undefined
  private tick: ReturnType<typeof setTimeout> | undefined

  static override _template(): Lightning.Component.Template<PairingScreenTemplateSpec> {
    const text = (size: number, color: number, face: string = faces.text) => ({
      text: { text: '', fontFace: face, fontSize: size, textColor: color },
    })

    return {
      w: 1920,
      h: 1080,
      Title: {
        x: safeArea.left,
        y: safeArea.top + 20,
        text: { ...text(fontSizes.title, colors.text).text, text: PAIRING_TITLE },
      },
      Notice: { x: safeArea.left, y: 160, ...text(fontSizes.secondary, colors.dim) },
      StepOne: { type: Step, x: safeArea.left, y: 240, number: 1, label: STEP_OPEN },
      Address: { x: CONTENT_X, y: 300, ...text(48, colors.text) },
      StepTwo: { type: Step, x: safeArea.left, y: 400, number: 2, label: STEP_ENTER },
      Code: { type: UserCode, x: CONTENT_X, y: 470 },
      Countdown: { type: Countdown, x: CONTENT_X, y: 660, visible: false },
      Status: { type: StatusLine, x: CONTENT_X, y: 716, wrapWidth: QR_X - CONTENT_X - 40 },
      NewCode: { type: Button, x: CONTENT_X, y: 820, label: NEW_CODE },
      Qr: { type: QrCode, x: QR_X, y: QR_Y, boxSize: QR_BOX },
      QrCaption: {
        x: QR_X + QR_BOX / 2,
        y: QR_Y + QR_BOX + 28,
        mountX: 0.5,
        text: { ...text(fontSizes.secondary, colors.dim).text, text: QR_CAPTION },
      },
    }
  }

  /** Shows `view`; the countdown follows `remainingMs`. */
  update(view: PairingView): void {
    const previous = this.view
    this.view = view
    const code = view.code
    const ended = ENDED_PHASES.has(view.phase)

    this.Notice.text = { text: view.notice === undefined ? '' : NOTICES[view.notice] }
    this.Address.text = { text: code === undefined ? '' : stripScheme(code.verificationUrl) }
    this.Code.code = code?.userCode ?? ''
    this.Code.dimmed = ended
    if (code?.qrText !== previous?.code?.qrText) this.Qr.value = code?.qrText ?? ''
    this.Qr.visible = code !== undefined
    this.QrCaption.visible = code !== undefined
    this.Qr.dimmed = ended
    this.Status.message = PAIRING_STATUS[view.phase]
    this.Status.tone = statusTone(view)

    this.renderCountdown()
  }

  override _getFocused(): Button {
    return this.NewCode
  }

  override _handleEnter(): boolean {
    this.fireAncestors('$intent', 'newCode')
    return true
  }

  override _active(): void {
    this.renderCountdown()
  }

  override _inactive(): void {
    this.stopTicking()
  }

  override _detach(): void {
    this.stopTicking()
  }

  /** Draws the time left and plans the next tick on the next whole second. */
  private renderCountdown(): void {
    this.stopTicking()
    const view = this.view
    const counting = view !== undefined && view.code !== undefined && !ENDED_PHASES.has(view.phase)

    this.Countdown.visible = counting
    if (!counting) return

    const left = this.remainingMs()
    this.Countdown.remainingMs = left
    if (left <= 0 || !this.active) return

    // Tick just after the displayed second changes, so the digits never lag behind.
    const untilNextSecond = left % 1000 || 1000
    this.tick = setTimeout(() => this.renderCountdown(), untilNextSecond + 5)
  }

  private stopTicking(): void {
    if (this.tick !== undefined) clearTimeout(this.tick)
    this.tick = undefined
  }
}

function statusTone(view: PairingView): StatusTone {
  if (ENDED_PHASES.has(view.phase) || view.phase === 'retrying') return 'warning'
  return 'neutral'
}
