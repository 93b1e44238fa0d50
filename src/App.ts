/**
 * The app shell: builds the sign-in model from the settings, shows the screen for each
 * view, speaks what changed, forwards the remote's keys as intentions, and leaves nothing
 * running when it is hidden or closed.
 *
 * Only the pairing screen is built at start, because a TV's slow CPU would otherwise spend
 * its first second building screens nobody sees yet: the signed-in screen is built while the
 * person reads the code (or when first shown, whichever comes first), the problem screen when
 * first shown.
 */
import { Lightning, Settings, Utils } from '@lightningjs/sdk'
import { STARTING } from './copy'
import { readTraktConfig } from './config'
import { SignInModel } from './model/sign-in-model'
import { speechFor, speechKey } from './model/speech'
import type { ViewState } from './model/view-state'
import { createLogger, setLogLevel } from './platform/logger'
import { exposeState } from './platform/test-hooks'
import { announce, announceFocus, silence } from './platform/voice'
import { PairingScreen } from './screens/PairingScreen'
import { ProblemScreen } from './screens/ProblemScreen'
import { SignedInScreen } from './screens/SignedInScreen'
import { colors, faces, fontSizes, safeArea } from './theme'
import { required } from './widgets/required'

/** What a screen asks the app to do; each maps to one method of the model. */
export type Intent =
  'newCode' | 'tryAgain' | 'refreshNow' | 'askSignOut' | 'cancelSignOut' | 'confirmSignOut'

/** How long after a code first shows the signed-in screen is built, out of the first frames. */
const PREPARE_SIGNED_IN_MS = 1_000

const log = createLogger('app')

/**
 * A started sign-in model and the view it reported last, so that a component built after it
 * started can show where it has got to and then every view as it comes.
 */
class StartedSignIn {
  latest: ViewState = { screen: 'starting' }
  render: ((view: ViewState) => void) | undefined

  readonly model = new SignInModel({
    config: readTraktConfig(),
    onChange: (view) => {
      this.latest = view
      this.render?.(view)
    },
    onWarning: (message) => log.warn(message),
  })
}

/** Started by {@link App.startSignIn} until the component takes it over in `_init`. */
let startedEarly: StartedSignIn | undefined

interface AppTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object
  Starting: object
  Pairing: typeof PairingScreen
  SignedIn: typeof SignedInScreen
  Problem: typeof ProblemScreen
}

export class App
  extends Lightning.Component<AppTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<AppTemplateSpec>
{
  readonly Starting = required(this.getByRef('Starting'), 'Starting')
  readonly Pairing = required(this.getByRef('Pairing'), 'Pairing')

  private model: SignInModel | undefined
  private spokenKey = ''
  private shownScreen: ViewState['screen'] | undefined
  private signedIn: SignedInScreen | undefined
  private problem: ProblemScreen | undefined
  private preparing: ReturnType<typeof setTimeout> | undefined
  private readonly onVisibility = (): void => this.model?.setHidden(document.hidden)

  static override _template(): Lightning.Component.Template<AppTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      Background: { w: 1920, h: 1080, rect: true, color: colors.background },
      Starting: {
        x: safeArea.left,
        y: safeArea.top + 20,
        text: {
          text: STARTING,
          fontFace: faces.text,
          fontSize: fontSizes.body,
          textColor: colors.dim,
        },
      },
      Pairing: { type: PairingScreen, visible: false },
    }
  }

  static getFonts() {
    return [
      { family: faces.text, url: Utils.asset('fonts/Inter-Regular.woff2') as string },
      { family: faces.code, url: Utils.asset('fonts/JetBrainsMono-Bold.woff2') as string },
    ]
  }

  /**
   * Starts sign-in as soon as `Launch` has put the SDK's settings in place, so that the device
   * code is requested while the fonts load instead of after them; the component, built once
   * they have loaded, takes the model over. Without this call `_init` starts it.
   */
  static startSignIn(): void {
    // `src/index.ts` gives the SDK a font loader that never fails, so the component this
    // model waits for is always built.
    if (startedEarly === undefined) startedEarly = startSignIn()
  }

  override _init(): void {
    const started = startedEarly ?? startSignIn()
    startedEarly = undefined
    const model = started.model
    this.model = model
    this.Pairing.remainingMs = () => model.remainingMs()

    document.addEventListener('visibilitychange', this.onVisibility)
    started.render = (view) => this.render(view)
    this.render(started.latest)
    if (document.hidden) model.setHidden(true)
  }

  override _detach(): void {
    this.stop()
  }

  override _getFocused(): Lightning.Component | undefined {
    switch (this.model?.view().screen) {
      case 'pairing':
        return this.Pairing
      case 'signed-in':
        return this.signedIn
      case 'problem':
        return this.problem
      default:
        return undefined
    }
  }

  /** The first focus: named after what the screen said, not instead of it. */
  override _focus(target: Lightning.Component): void {
    announceFocus(target, { append: true })
  }

  override _focusChange(target: Lightning.Component): void {
    announceFocus(target)
  }

  /** Back closes the sign-out question; anywhere else it leaves the app. */
  override _handleBack(): boolean {
    if (this.model?.back() === true) return true
    this.leave()
    return true
  }

  /** Screens hand the person's intentions up through `fireAncestors('$intent', ...)`. */
  $intent(intent: Intent): void {
    const model = this.model
    if (model === undefined) return
    model[intent]()
  }

  private render(view: ViewState): void {
    const previous = this.shownScreen
    const signedIn = view.screen === 'signed-in' ? this.signedInScreen() : this.signedIn
    const problem = view.screen === 'problem' ? this.problemScreen() : this.problem
    this.Starting.visible = view.screen === 'starting'
    this.Pairing.visible = view.screen === 'pairing'
    if (signedIn !== undefined) signedIn.visible = view.screen === 'signed-in'
    if (problem !== undefined) problem.visible = view.screen === 'problem'

    if (view.screen === 'pairing') {
      this.Pairing.update(view)
      if (view.code !== undefined) this.prepareSignedIn()
    }
    if (view.screen === 'signed-in' && signedIn !== undefined) {
      if (previous !== 'signed-in') signedIn.resetFocus()
      signedIn.update(view)
    }
    if (view.screen === 'problem' && problem !== undefined) problem.update(view)
    this.shownScreen = view.screen

    this._refocus()
    this.expose(view)
    this.speak(view)
  }

  /** The signed-in screen, built hidden on first use. */
  private signedInScreen(): SignedInScreen {
    if (this.signedIn === undefined) {
      this.patch({ SignedIn: { type: SignedInScreen, visible: false } })
      this.signedIn = required(this.getByRef('SignedIn'), 'SignedIn')
    }
    return this.signedIn
  }

  /** The problem screen, built hidden on first use. */
  private problemScreen(): ProblemScreen {
    if (this.problem === undefined) {
      this.patch({ Problem: { type: ProblemScreen, visible: false } })
      this.problem = required(this.getByRef('Problem'), 'Problem')
    }
    return this.problem
  }

  /**
   * Builds the signed-in screen soon after a code shows, while the person reaches for their
   * phone, so that approval does not pay for building it in the frame that shows it.
   */
  private prepareSignedIn(): void {
    if (this.signedIn !== undefined || this.preparing !== undefined) return
    this.preparing = setTimeout(() => {
      if (this.model !== undefined) this.signedInScreen()
    }, PREPARE_SIGNED_IN_MS)
  }

  private speak(view: ViewState): void {
    const key = speechKey(view)
    if (key === this.spokenKey) return
    this.spokenKey = key
    announce(speechFor(view, this.model?.remainingMs() ?? 0))
  }

  private expose(view: ViewState): void {
    exposeState({
      screen: view.screen,
      pairing: view.screen === 'pairing' ? view.phase : undefined,
      userCode: view.screen === 'pairing' ? view.code?.userCode : undefined,
      username: view.screen === 'signed-in' ? view.user?.username : undefined,
      activity: view.screen === 'signed-in' ? view.activity : undefined,
      dialog: view.screen === 'signed-in' && view.confirmingSignOut ? 'sign-out' : undefined,
      notice: 'notice' in view ? view.notice : undefined,
      problem: view.screen === 'problem' ? view.kind : undefined,
    })
  }

  /** Stops every request, timer and voice; the app is going away. */
  private stop(): void {
    document.removeEventListener('visibilitychange', this.onVisibility)
    if (this.preparing !== undefined) clearTimeout(this.preparing)
    this.model?.dispose()
    this.model = undefined
    silence()
  }

  private leave(): void {
    this.stop()
    exposeState({ screen: 'closed', pairing: undefined, userCode: undefined })
    const application = this.application as unknown as { closeApp(): void }
    application.closeApp()
  }
}

function startSignIn(): StartedSignIn {
  // `platformSettings.log` turns on the informative lines for whoever debugs on a device.
  setLogLevel(Settings.get('platform', 'log', false) === true ? 'info' : 'warn')

  const started = new StartedSignIn()
  started.model.start()
  return started
}
