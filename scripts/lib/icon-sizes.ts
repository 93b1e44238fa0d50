/**
 * The app icons every platform needs, rasterised from `platforms/icon.svg` into `static/` by
 * `npm run package:icons` and committed, so that packaging needs no rasteriser.
 */

/** One square PNG icon. */
export interface IconSize {
  /** Path from the project root. */
  readonly file: string
  /** Width and height in pixels. */
  readonly size: number
  /** Who reads it. */
  readonly usedBy: string
}

/** The SVG source of every icon. */
export const ICON_SOURCE = 'platforms/icon.svg'

export const ICON_SIZES: readonly IconSize[] = [
  { file: 'static/icon.png', size: 300, usedBy: 'metadata.json (RDK, Metrological)' },
  { file: 'static/icon-80.png', size: 80, usedBy: 'webOS appinfo.json icon' },
  { file: 'static/icon-130.png', size: 130, usedBy: 'webOS appinfo.json largeIcon' },
  { file: 'static/icon-117.png', size: 117, usedBy: 'Tizen config.xml icon' },
]

/** The icon of a given size; throws when the table has none, a mistake in the caller. */
export function iconOfSize(size: number): IconSize {
  const icon = ICON_SIZES.find((candidate) => candidate.size === size)
  if (icon === undefined) throw new Error(`No ${size} px icon in ICON_SIZES`)
  return icon
}
