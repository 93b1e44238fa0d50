/**
 * The app's look as data: palette, faces, sizes, the safe area and motion. Widgets and
 * screens read these values and hold no colours or sizes of their own, so the ten-foot rules
 * of `tv-experience.md` are checked in one place (`test/unit/widgets/theme.test.ts`).
 *
 * Colours are Lightning's `0xAARRGGBB` numbers; sizes are stage pixels of the 1920 × 1080
 * stage.
 */

/** The palette: calm, dark, one accent. */
export const colors = {
  /** Near-black with a hint of blue; also the stage's `clearColor` in `settings.json`. */
  background: 0xff0e1116,
  /** The dialog box: a step above the background, a step below a button. */
  panel: 0xff181d25,
  /** An unfocused button. */
  surface: 0xff2a3240,
  /** A dialog box: darker than the buttons on it, lighter than the screen behind. */
  dialog: 0xff161b22,
  /** Body text: off-white, about 17:1 on the background. */
  text: 0xffeef1f5,
  /** Secondary text and captions: still over 7:1 on the background. */
  dim: 0xffa3acb9,
  /** The one accent, kept for focus and the user code. */
  accent: 0xff7cc7ff,
  /** Text drawn on the accent (a focused button's label). */
  onAccent: 0xff0e1116,
  /** The last minute of a code, and problems. */
  warning: 0xffffb547,
  /** A signed-in or approved state. */
  success: 0xff7ee2a8,
  /** Initials on an avatar disc. */
  onDisc: 0xffffffff,
  /** The QR code's light modules and quiet zone. */
  qrLight: 0xffffffff,
  /** The QR code's dark modules. */
  qrDark: 0xff000000,
  /** Laid over a screen behind a dialog. */
  scrim: 0xd9080a0e,
} as const

/**
 * Disc colours for initials when a person has no avatar; white initials stay over 4.5:1 on
 * each (they are large text).
 */
export const avatarColors: readonly number[] = [
  0xff8e3b5e, 0xff2f6f8f, 0xff5b4a9e, 0xff2e7d5b, 0xff9a4f1f, 0xff6b5a2a, 0xff3e5c9a, 0xff8a3a3a,
]

/**
 * Font families as registered in `App.getFonts()`. 'Code' is a subset of JetBrains Mono Bold
 * that holds only A–Z, 0–9, colon and space.
 */
export const faces = {
  text: 'Text',
  code: 'Code',
} as const

/** Font sizes. */
export const fontSizes = {
  title: 64,
  /** Body text; the ten-foot minimum is 32. */
  body: 36,
  /** Captions and secondary facts; never under 28. */
  secondary: 30,
  /** The step numbers beside the instructions. */
  stepNumber: 44,
  /** JetBrains Mono's cap height is 0.73 em, so 144 px gives 105 px capitals (≥ 100). */
  code: 144,
  /** The initials on an avatar disc, as a fraction of the disc's diameter. */
  initialsRatio: 0.4,
} as const

/** Cap height of the 'Code' face as a fraction of its font size (JetBrains Mono: 730/1000). */
export const CODE_CAP_HEIGHT_RATIO = 0.73

/** Extra space between the user code's characters, so that each one reads on its own. */
export const CODE_LETTER_SPACING = 14

/** Action-safe area: 5 % of the stage on each side. */
export const safeArea = {
  left: 96,
  right: 96,
  top: 54,
  bottom: 54,
} as const

/** The stage the layout is drawn for. */
export const stage = { w: 1920, h: 1080 } as const

/** Motion, in seconds (Lightning's unit); all under the ten-foot limit of 250 ms. */
export const durations = {
  /** Focus moving onto or off a button. */
  focus: 0.15,
  /** A code or QR code dimming when it expires. */
  dim: 0.2,
  /** A picture fading in once it has loaded. */
  fadeIn: 0.2,
} as const

/** Alpha of a dimmed (expired) user code or QR code. */
export const DIMMED_ALPHA = 0.3

/** Alpha of a disabled button: dimmer than text, still readable. */
export const DISABLED_ALPHA = 0.5

/** A focused button grows by this factor, so focus is not shown by colour alone. */
export const FOCUS_SCALE = 1.08

/** Shapes of the controls. */
export const shapes = {
  buttonHeight: 88,
  buttonMinWidth: 320,
  buttonPaddingX: 48,
  buttonRadius: 16,
  dialogRadius: 24,
  dialogPadding: 64,
  /** Height of the coloured bar that gives a status line its colour cue. */
  statusBarHeight: 36,
  statusBarWidth: 8,
} as const
