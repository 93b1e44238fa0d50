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
import { formatCountdown, stripScheme } from '../widgets/format'
import { QrCode } from '../widgets/QrCode'
import { required } from '../widgets/required'
import { UserCode } from '../widgets/UserCode'

/** The last minute of a code is counted down in the warning colour. */
const LAST_MINUTE_MS = 60_000
const QR_X = 1150
const QR_Y = 200
const QR_BOX = 560

export interface PairingScreenTemplateSpec extends Lightning.Component.TemplateSpec {
  Title: object
  Notice: object
  StepOne: { Number: object; Text: object; Address: object }
  StepTwo: { Number: object; Text: object }
  Code: typeof UserCode
  Countdown: object
  Status: object
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
  readonly Address = required(this.tag('StepOne.Address'), 'Address')
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
      StepOne: {
        x: safeArea.left,
        y: 240,
        Number: { text: { ...text(fontSizes.stepNumber, colors.accent).text, text: '1' } },
        Text: { x: 64, y: 4, text: { ...text(fontSizes.body, colors.text).text, text: STEP_OPEN } },
        Address: { x: 64, y: 56, ...text(48, colors.text) },
      },
      StepTwo: {
        x: safeArea.left,
        y: 390,
        Number: { text: { ...text(fontSizes.stepNumber, colors.accent).text, text: '2' } },
        Text: {
          x: 64,
          y: 4,
          text: { ...text(fontSizes.body, colors.text).text, text: STEP_ENTER },
        },
      },
      Code: { type: UserCode, x: safeArea.left + 64, y: 460 },
      Countdown: { x: safeArea.left + 64, y: 650, ...text(fontSizes.body, colors.text) },
      Status: {
        x: safeArea.left + 64,
        y: 710,
        ...text(fontSizes.body, colors.dim),
      },
      NewCode: { type: Button, x: safeArea.left + 64, y: 820, label: NEW_CODE },
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
    this.Status.text = { text: PAIRING_STATUS[view.phase], textColor: statusColor(view) }

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

    if (!counting) {
      this.Countdown.text = { text: '' }
      return
    }

    const left = this.remainingMs()
    this.Countdown.text = {
      text: `Code expires in ${formatCountdown(left)}`,
      textColor: left <= LAST_MINUTE_MS ? colors.warning : colors.text,
    }
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

function statusColor(view: PairingView): number {
  if (ENDED_PHASES.has(view.phase) || view.phase === 'retrying') return colors.warning
  return colors.dim
}
