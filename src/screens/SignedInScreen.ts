/**
 * The signed-in screen: who is signed in, the session's facts, "refresh now" and "sign out"
 * (asked once). It renders a {@link SignedInView} and hands the person's choices up as
 * intentions.
 */
import { Lightning } from '@lightningjs/sdk'
import {
  CONFIRM_SIGN_OUT,
  FACT_CREATED,
  FACT_EXPIRES,
  FACT_REFRESHABLE,
  FACT_SCOPE,
  KEEP_SIGNED_IN,
  NOTICES,
  REFRESH_NOW,
  REFRESHING,
  SIGN_OUT,
  SIGNED_IN_TITLE,
  SIGNING_OUT,
  SIGN_OUT_QUESTION,
} from '../copy'
import type { SignedInView } from '../model/view-state'
import { colors, faces, fontSizes, safeArea } from '../theme'
import { Avatar } from '../widgets/Avatar'
import { Button } from '../widgets/Button'
import { Dialog } from '../widgets/Dialog'
import { formatDuration } from '../widgets/format'
import { required } from '../widgets/required'

/**
 * A focused button grows about its centre by the focus scale; starting it this far inside
 * the action-safe area keeps its grown edge (and the fill's antialiasing pixel) inside too.
 * Enough for buttons up to 500 px wide at a scale of 1.08.
 */
const FOCUS_ROOM = 24

const AVATAR_SIZE = 176
const FACTS_Y = 440
const FACT_ROW = 64
const VALUE_X = 420
/** The "renews within" fact changes by the minute; redraw it twice as often. */
const FACTS_TICK_MS = 30_000
const FACT_LABELS = [FACT_CREATED, FACT_SCOPE, FACT_EXPIRES, FACT_REFRESHABLE]
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export interface SignedInScreenTemplateSpec extends Lightning.Component.TemplateSpec {
  Title: object
  Avatar: typeof Avatar
  Name: object
  Username: object
  Facts: object
  Notice: object
  Refresh: typeof Button
  SignOut: typeof Button
  Dialog: typeof Dialog
}

/** Renders the signed-in states; keeps the expiry fact current while on screen. */
export class SignedInScreen
  extends Lightning.Component<SignedInScreenTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<SignedInScreenTemplateSpec>
{
  readonly Avatar = required(this.getByRef('Avatar'), 'Avatar')
  readonly Name = required(this.getByRef('Name'), 'Name')
  readonly Username = required(this.getByRef('Username'), 'Username')
  readonly Facts = required(this.getByRef('Facts'), 'Facts')
  readonly Notice = required(this.getByRef('Notice'), 'Notice')
  readonly Refresh = required(this.getByRef('Refresh'), 'Refresh')
  readonly SignOut = required(this.getByRef('SignOut'), 'SignOut')
  readonly Dialog = required(this.getByRef('Dialog'), 'Dialog')

  /** Wall-clock milliseconds; replaced in tests of a wrong clock. */
  now: () => number = () => Date.now()

  private view: SignedInView | undefined
  private signOutFocused = false
  private tick: ReturnType<typeof setTimeout> | undefined

  static override _template(): Lightning.Component.Template<SignedInScreenTemplateSpec> {
    const text = (size: number, color: number) => ({
      text: { text: '', fontFace: faces.text, fontSize: size, textColor: color },
    })

    return {
      w: 1920,
      h: 1080,
      Title: {
        x: safeArea.left,
        y: safeArea.top + 20,
        text: { ...text(fontSizes.title, colors.text).text, text: SIGNED_IN_TITLE },
      },
      Avatar: { type: Avatar, x: safeArea.left, y: 190, size: AVATAR_SIZE },
      Name: { x: safeArea.left + AVATAR_SIZE + 48, y: 215, ...text(56, colors.text) },
      Username: {
        x: safeArea.left + AVATAR_SIZE + 48,
        y: 295,
        ...text(fontSizes.body, colors.dim),
      },
      Facts: {
        x: safeArea.left,
        y: FACTS_Y,
        children: FACT_LABELS.map((label, i) => ({
          y: i * FACT_ROW,
          Label: { text: { ...text(fontSizes.secondary, colors.dim).text, text: label } },
          Value: { x: VALUE_X, y: -4, ...text(fontSizes.body, colors.text) },
        })),
      },
      Notice: { x: safeArea.left, y: 720, ...text(fontSizes.secondary, colors.dim) },
      Refresh: {
        type: Button,
        x: safeArea.left + FOCUS_ROOM,
        y: 820,
        label: REFRESH_NOW,
        fixedWidth: 360,
      },
      SignOut: {
        type: Button,
        x: safeArea.left + FOCUS_ROOM + 400,
        y: 820,
        label: SIGN_OUT,
        fixedWidth: 360,
      },
      Dialog: {
        type: Dialog,
        visible: false,
        question: SIGN_OUT_QUESTION,
        cancelLabel: KEEP_SIGNED_IN,
        confirmLabel: CONFIRM_SIGN_OUT,
        signals: { answer: 'onSignOutAnswer' },
      },
    }
  }

  /** Shows `view`. A new session puts focus back on "refresh now". */
  update(view: SignedInView): void {
    this.view = view

    const user = view.user
    // Setting the picture again would reload it and flash the initials: only on a change.
    const name = user?.name ?? ''
    const url = user?.avatarUrl ?? null
    if (this.Avatar.name !== name) this.Avatar.name = name
    if (this.Avatar.url !== url) this.Avatar.url = url
    this.Name.text = { text: user?.name ?? '' }
    this.Username.text = { text: user === undefined ? '' : `@${user.username}` }
    this.Notice.text = { text: view.notice === undefined ? '' : NOTICES[view.notice] }
    this.Refresh.label = view.activity === 'refreshing' ? REFRESHING : REFRESH_NOW
    this.SignOut.label = view.activity === 'signing-out' ? SIGNING_OUT : SIGN_OUT
    this.Refresh.disabled = view.activity !== 'idle'
    this.SignOut.disabled = view.activity !== 'idle'

    this.Dialog.visible = view.confirmingSignOut
    this.renderFacts()
    this._refocus()
  }

  /** Puts focus on the first action, as on arrival. */
  resetFocus(): void {
    this.signOutFocused = false
    this._refocus()
  }

  override _getFocused(): Lightning.Component {
    if (this.view?.confirmingSignOut === true) return this.Dialog
    return this.signOutFocused ? this.SignOut : this.Refresh
  }

  override _handleLeft(): boolean {
    this.signOutFocused = false
    this._refocus()
    return true
  }

  override _handleRight(): boolean {
    this.signOutFocused = true
    this._refocus()
    return true
  }

  override _handleUp(): boolean {
    return this._handleLeft()
  }

  override _handleDown(): boolean {
    return this._handleRight()
  }

  override _handleEnter(): boolean {
    this.fireAncestors('$intent', this.signOutFocused ? 'askSignOut' : 'refreshNow')
    return true
  }

  /** The sign-out question was answered (Back answers no). */
  onSignOutAnswer(confirmed: boolean): void {
    this.fireAncestors('$intent', confirmed ? 'confirmSignOut' : 'cancelSignOut')
  }

  override _active(): void {
    this.renderFacts()
  }

  override _inactive(): void {
    this.stopTicking()
  }

  override _detach(): void {
    this.stopTicking()
  }

  private renderFacts(): void {
    this.stopTicking()
    const facts = this.view?.facts
    if (facts === undefined) return

    const values = [
      formatDate(facts.createdAt * 1000),
      facts.scope === '' ? 'public' : facts.scope,
      formatDuration(facts.expiresAt - this.now()),
      facts.refreshable ? 'Yes' : 'No',
    ]
    values.forEach((value, i) => {
      const row = this.Facts.childList.getAt(i) as Lightning.Element | undefined
      row?.tag('Value')?.patch({ text: { text: value } })
    })

    if (this.active) this.tick = setTimeout(() => this.renderFacts(), FACTS_TICK_MS)
  }

  private stopTicking(): void {
    if (this.tick !== undefined) clearTimeout(this.tick)
    this.tick = undefined
  }
}

/** `3 Dec 2026, 16:20` in local time, without `toLocaleString` (absent or odd on old TVs). */
function formatDate(ms: number): string {
  const date = new Date(ms)
  const pad = (n: number) => (n < 10 ? `0${n}` : String(n))
  const month = MONTHS[date.getMonth()] ?? ''
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`
  return `${date.getDate()} ${month} ${date.getFullYear()}, ${time}`
}
