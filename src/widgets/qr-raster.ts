/**
 * The pure half of the QR code: text → module matrix → RGBA pixels, and the choice of a
 * module size that is a whole number of device pixels. Nothing here touches a canvas, so unit
 * tests rasterise and decode codes without a browser.
 */
import { create } from 'qrcode/lib/core/qrcode'

/** The quiet zone the QR standard asks for around the code, in modules. */
export const QUIET_ZONE_MODULES = 4

/** A QR code's modules, row by row: 1 is dark, 0 is light. */
export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  readonly size: number
  /** `size × size` entries, row-major. */
  readonly modules: Uint8Array
}

/** An RGBA image, four bytes per pixel, row-major, ready for `ImageData`. */
export interface QrRaster {
  readonly width: number
  readonly height: number
  readonly data: Uint8ClampedArray
}

/** How to rasterise a matrix. */
export interface RasterOptions {
  /** Pixels per module, a whole number ≥ 1. */
  readonly moduleSize: number
  /** Light modules around the code; at least {@link QUIET_ZONE_MODULES}. */
  readonly quietZone?: number
  /** Dark modules, `0xAARRGGBB` (alpha ignored: the image is opaque). Black by default. */
  readonly dark?: number
  /** Light modules and quiet zone, `0xAARRGGBB`. White by default. */
  readonly light?: number
}

/** What the module size must satisfy on screen. */
export interface ModuleSizeRequest {
  /** Modules per side including both quiet zones. */
  readonly modules: number
  /** Device pixels per stage pixel (`stage.getRenderPrecision()`: 1 at 1080p, 2/3 at 720p). */
  readonly precision: number
  /** The smallest width the code may have, in stage pixels (quiet zone included). */
  readonly minStageSize: number
  /** The box the code should fit in, in stage pixels; the code may outgrow it to stay legible. */
  readonly boxStageSize: number
}

/**
 * Encodes text with error correction level M: about 15 % of the code can be lost to glare or
 * a finger and it still scans, at a size that stays small for a short URL.
 */
export function encodeQr(text: string): QrMatrix {
  const { modules } = create(text, { errorCorrectionLevel: 'M' })

  const copy = new Uint8Array(modules.size * modules.size)
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      copy[row * modules.size + col] = modules.get(row, col) ? 1 : 0
    }
  }
  return { size: modules.size, modules: copy }
}

/**
 * Device pixels per module: the largest whole number whose code fits the box, but never so
 * small that the code is under `minStageSize`. A whole number of device pixels per module
 * means the GPU never interpolates between a dark and a light module.
 */
export function chooseModulePixels(request: ModuleSizeRequest): number {
  const { modules, precision, minStageSize, boxStageSize } = request
  if (!(modules > 0) || !(precision > 0)) {
    throw new RangeError(`modules (${modules}) and precision (${precision}) must be positive`)
  }

  const fitting = Math.floor((boxStageSize * precision) / modules + 1e-9)
  const smallest = Math.ceil((minStageSize * precision) / modules - 1e-9)
  return Math.max(1, smallest, fitting)
}

/**
 * The stage coordinate nearest to `value` that falls on a whole device pixel. At 720p a
 * stage pixel is 2/3 of a device pixel, so a code placed at x = 1150 would start a third of
 * a pixel into one and every module edge would be blended.
 */
export function snapToDevicePixel(value: number, precision: number): number {
  return Math.round(value * precision) / precision
}

/** Draws the matrix, quiet zone included, at `moduleSize` pixels per module. */
export function rasteriseQr(matrix: QrMatrix, options: RasterOptions): QrRaster {
  const moduleSize = options.moduleSize
  const quietZone = options.quietZone ?? QUIET_ZONE_MODULES
  if (!Number.isInteger(moduleSize) || moduleSize < 1) {
    throw new RangeError(`moduleSize must be a whole number ≥ 1, not ${moduleSize}`)
  }
  if (!Number.isInteger(quietZone) || quietZone < QUIET_ZONE_MODULES) {
    throw new RangeError(`quietZone must be a whole number ≥ ${QUIET_ZONE_MODULES}`)
  }

  const side = (matrix.size + 2 * quietZone) * moduleSize
  const rowBytes = side * 4
  const data = new Uint8ClampedArray(side * rowBytes)
  const dark = new Uint8ClampedArray(rowBytes)
  repeatPixel(dark, options.dark ?? 0xff000000)
  repeatPixel(data, options.light ?? 0xffffffff)

  // A TV's CPU is slow: each run of dark modules is one copy, and each module row is drawn
  // once and then copied down, instead of a loop over every pixel.
  for (let row = 0; row < matrix.size; row++) {
    const rowStart = (quietZone + row) * moduleSize * rowBytes
    for (let col = 0; col < matrix.size;) {
      if (matrix.modules[row * matrix.size + col] !== 1) {
        col++
        continue
      }
      const runStart = col
      while (col < matrix.size && matrix.modules[row * matrix.size + col] === 1) col++
      const x = (quietZone + runStart) * moduleSize * 4
      data.set(dark.subarray(0, (col - runStart) * moduleSize * 4), rowStart + x)
    }

    const firstLine = data.subarray(rowStart, rowStart + rowBytes)
    for (let line = 1; line < moduleSize; line++) data.set(firstLine, rowStart + line * rowBytes)
  }

  return { width: side, height: side, data }
}

/**
 * Fills `pixels` with one opaque colour (`0xAARRGGBB`, alpha ignored) by doubling what is
 * filled already; `set` and `subarray` work on the oldest TV engines, `fill` may not.
 */
function repeatPixel(pixels: Uint8ClampedArray, argb: number): void {
  if (pixels.length === 0) return
  pixels[0] = (argb >>> 16) & 0xff
  pixels[1] = (argb >>> 8) & 0xff
  pixels[2] = argb & 0xff
  pixels[3] = 255

  for (let filled = 4; filled < pixels.length; filled *= 2) {
    pixels.set(pixels.subarray(0, Math.min(filled, pixels.length - filled)), filled)
  }
}
