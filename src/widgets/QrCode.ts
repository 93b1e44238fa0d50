/**
 * A QR code that a phone camera reads from across the room: dark modules on white, a quiet
 * zone of four modules, and every module a whole number of device pixels.
 *
 * The code is drawn once into an offscreen canvas at device resolution and shown through a
 * static canvas texture whose `precision` equals the stage's, so Lightning displays it 1:1
 * in device pixels and the GPU never scales (and never blurs) it. The component is a fixed
 * box of `boxSize` stage pixels with the code centred in it, so the layout does not move
 * when the code's version or the screen resolution changes. Wherever a screen places the box,
 * the code's on-screen corner is moved to the nearest whole device pixel.
 */
import { Lightning } from '@lightningjs/sdk'
import { colors, DIMMED_ALPHA, durations } from '../theme'
import {
  chooseModulePixels,
  encodeQr,
  QUIET_ZONE_MODULES,
  rasteriseQr,
  snapToDevicePixel,
  type QrRaster,
} from './qr-raster'
import { required } from './required'

/** The smallest the code may be on the 1920 × 1080 stage, quiet zone included. */
export const QR_MIN_STAGE_SIZE = 360

/** The box a code is fitted into unless a screen says otherwise. */
export const QR_DEFAULT_BOX_SIZE = 420

/** The template of a {@link QrCode}. */
export interface QrCodeTemplateSpec extends Lightning.Component.TemplateSpec {
  /** What the code encodes: `<verification_url>/<user_code>`. (`text` is Lightning's.) */
  value: string
  /** Lowered alpha for a code that can no longer be used. */
  dimmed: boolean
  /** Side of the square box in stage pixels (at least {@link QR_MIN_STAGE_SIZE}). */
  boxSize: number
  Code: object
}

/** A crisp QR code centred in a square box; its top-left corner is the box's. */
export class QrCode
  extends Lightning.Component<QrCodeTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<QrCodeTemplateSpec>
{
  readonly Code = required(this.getByRef('Code'), 'Code')

  private _text = ''
  private _dimmed = false
  private _boxSize = QR_DEFAULT_BOX_SIZE
  private _codeStageSize = 0

  static override _template(): Lightning.Component.Template<QrCodeTemplateSpec> {
    return {
      w: QR_DEFAULT_BOX_SIZE,
      h: QR_DEFAULT_BOX_SIZE,
      Code: {},
    }
  }

  /** The encoded text. */
  get value(): string {
    return this._text
  }

  set value(value: string) {
    if (value === this._text) return
    this._text = value
    this._draw()
  }

  /** Whether the code is shown as no longer usable. */
  get dimmed(): boolean {
    return this._dimmed
  }

  set dimmed(value: boolean) {
    this._dimmed = value
    this.setSmooth('alpha', value ? DIMMED_ALPHA : 1, { duration: durations.dim })
  }

  /** Side of the square box in stage pixels. */
  get boxSize(): number {
    return this._boxSize
  }

  set boxSize(value: number) {
    this._boxSize = Math.max(QR_MIN_STAGE_SIZE, value)
    this.w = this._boxSize
    this.h = this._boxSize
    this._draw()
  }

  override _init(): void {
    this.Code.onAfterCalcs = (element) => this._snap(element.core.renderContext)
  }

  /** Side of the drawn code, quiet zone included, in stage pixels; 0 before any text. */
  get codeStageSize(): number {
    return this._codeStageSize
  }

  private _draw(): void {
    if (this._text === '') {
      this.Code.texture = null
      this._codeStageSize = 0
      return
    }

    const precision = this.stage.getRenderPrecision()
    const matrix = encodeQr(this._text)
    const modules = matrix.size + 2 * QUIET_ZONE_MODULES
    const moduleSize = chooseModulePixels({
      modules,
      precision,
      minStageSize: QR_MIN_STAGE_SIZE,
      boxStageSize: this._boxSize,
    })
    const raster = rasteriseQr(matrix, { moduleSize, dark: colors.qrDark, light: colors.qrLight })

    // Centred by whole device pixels; `_snap` then puts the code's corner on a device pixel
    // of the screen, wherever the box is.
    const boxDevice = Math.floor(this._boxSize * precision)
    const offsetDevice = Math.max(0, Math.floor((boxDevice - raster.width) / 2))
    this.Code.x = offsetDevice / precision
    this.Code.y = offsetDevice / precision
    this.Code.texture = {
      ...Lightning.Tools.getCanvasTexture(
        (callback) => callback(null, toCanvas(raster)),
        `qr:${moduleSize}:${this._text}`,
      ),
      precision,
    }
    this._codeStageSize = raster.width / precision
  }

  /**
   * Moves the code's on-screen corner onto a whole device pixel, so that each module edge
   * falls between two pixels. Lightning calls this after it has placed the element; answering
   * true makes it recompute the bounds. A scaled or rotated ancestor (a transition) is left
   * alone: the code is blurred then anyway, and sharp again once it ends.
   */
  private _snap(place: RenderPlace): boolean {
    const unscaled = place.ta === 1 && place.td === 1 && place.tb === 0 && place.tc === 0
    if (!unscaled) return false

    const precision = this.stage.getRenderPrecision()
    place.px = snapToDevicePixel(place.px, precision)
    place.py = snapToDevicePixel(place.py, precision)
    return true
  }
}

/** A place on screen as Lightning computes it, in stage coordinates. */
interface RenderPlace {
  px: number
  py: number
  readonly ta: number
  readonly tb: number
  readonly tc: number
  readonly td: number
}

/** Copies the pixels into a fresh canvas; `createImageData` works on the oldest TV engines. */
function toCanvas(raster: QrRaster): HTMLCanvasElement {
  const canvas = document.createElement('canvas')
  canvas.width = raster.width
  canvas.height = raster.height

  const context = canvas.getContext('2d')
  if (context === null) throw new Error('A 2D canvas context is not available')
  const image = context.createImageData(raster.width, raster.height)
  image.data.set(raster.data)
  context.putImageData(image, 0, 0)
  return canvas
}
