/**
 * A problem that waiting does not fix: what is wrong, what to do, and for whoever installed
 * the app, the HTTP status and request path. "Try again" starts over.
 */
import { Lightning } from '@lightningjs/sdk'
import { PROBLEMS, TRY_AGAIN } from '../copy'
import type { ProblemView } from '../model/view-state'
import { colors, faces, fontSizes, safeArea } from '../theme'
import { Button } from '../widgets/Button'
import { required } from '../widgets/required'

/**
 * A focused button grows about its centre by the focus scale; starting it this far inside
 * the action-safe area keeps its grown edge (and the fill's antialiasing pixel) inside too.
 * Enough for buttons up to 500 px wide at a scale of 1.08.
 */
const FOCUS_ROOM = 24

const TEXT_WIDTH = 1920 - safeArea.left - safeArea.right

export interface ProblemScreenTemplateSpec extends Lightning.Component.TemplateSpec {
  Title: object
  Message: object
  Detail: object
  TryAgain: typeof Button
}

/** Renders a {@link ProblemView}. */
export class ProblemScreen
  extends Lightning.Component<ProblemScreenTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<ProblemScreenTemplateSpec>
{
  readonly Title = required(this.getByRef('Title'), 'Title')
  readonly Message = required(this.getByRef('Message'), 'Message')
  readonly Detail = required(this.getByRef('Detail'), 'Detail')
  readonly TryAgain = required(this.getByRef('TryAgain'), 'TryAgain')

  static override _template(): Lightning.Component.Template<ProblemScreenTemplateSpec> {
    const text = (size: number, color: number) => ({
      text: {
        text: '',
        fontFace: faces.text,
        fontSize: size,
        textColor: color,
        wordWrapWidth: TEXT_WIDTH,
        lineHeight: Math.round(size * 1.35),
      },
    })

    return {
      w: 1920,
      h: 1080,
      Title: { x: safeArea.left, y: safeArea.top + 20, ...text(fontSizes.title, colors.warning) },
      Message: { x: safeArea.left, y: 220, ...text(fontSizes.body, colors.text) },
      Detail: { x: safeArea.left, y: 520, ...text(fontSizes.secondary, colors.dim) },
      TryAgain: { type: Button, x: safeArea.left + FOCUS_ROOM, y: 820, label: TRY_AGAIN },
    }
  }

  update(view: ProblemView): void {
    const copy = PROBLEMS[view.kind]
    this.Title.text = { text: copy.title }
    this.Message.text = { text: copy.message }
    this.Detail.text = { text: technicalDetail(view) }
  }

  override _getFocused(): Button {
    return this.TryAgain
  }

  override _handleEnter(): boolean {
    this.fireAncestors('$intent', 'tryAgain')
    return true
  }
}

/** `HTTP 403 on /oauth/device/code. Trakt client id is not configured` */
export function technicalDetail(view: ProblemView): string {
  const parts: string[] = []
  if (view.status !== undefined) parts.push(`HTTP ${view.status}`)
  if (view.path !== undefined) parts.push(`on ${view.path}`)
  const where = parts.join(' ')
  const detail = view.detail ?? ''
  if (where === '') return detail
  return detail === '' ? `${where}.` : `${where}. ${detail}`
}
