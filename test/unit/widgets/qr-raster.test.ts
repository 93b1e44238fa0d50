import jsQR from 'jsqr'
import { describe, expect, test } from 'vitest'
import {
  chooseModulePixels,
  encodeQr,
  QUIET_ZONE_MODULES,
  rasteriseQr,
  snapToDevicePixel,
  type QrRaster,
} from '../../../src/widgets/qr-raster'

const URLS = [
  'https://trakt.tv/activate/5055CC52',
  'https://trakt.tv/activate/ABCD1234',
  'http://127.0.0.1:43121/activate/0O1IL5S2',
  'https://trakt.tv/activate/' + 'X'.repeat(60),
]

function colours(raster: QrRaster): Set<string> {
  const seen = new Set<string>()
  for (let i = 0; i < raster.data.length; i += 4) {
    seen.add(Array.from(raster.data.subarray(i, i + 4)).join(','))
  }
  return seen
}

describe('encodeQr', () => {
  test('answers a square matrix of a valid QR size, only zeros and ones', () => {
    const matrix = encodeQr(URLS[0] ?? '')

    expect((matrix.size - 17) % 4).toBe(0)
    expect(matrix.modules.length).toBe(matrix.size * matrix.size)
    expect(new Set(matrix.modules)).toEqual(new Set([0, 1]))
  })

  test('draws the finder pattern in the top-left corner', () => {
    const { size, modules } = encodeQr(URLS[0] ?? '')
    const at = (row: number, col: number) => modules[row * size + col]

    for (let i = 0; i < 7; i++) {
      expect([at(0, i), at(6, i), at(i, 0), at(i, 6)]).toEqual([1, 1, 1, 1])
    }
    expect(at(1, 1)).toBe(0)
    expect(at(3, 3)).toBe(1)
  })
})

describe('rasteriseQr', () => {
  for (const url of URLS) {
    for (const moduleSize of [1, 3, 7]) {
      test(`round-trips ${url.slice(0, 40)} at ${moduleSize} px per module`, () => {
        const raster = rasteriseQr(encodeQr(url), { moduleSize })

        const decoded = jsQR(raster.data, raster.width, raster.height)

        expect(decoded?.data).toBe(url)
      })
    }
  }

  test('has the size of the code plus two quiet zones, in whole modules', () => {
    const matrix = encodeQr(URLS[0] ?? '')

    const raster = rasteriseQr(matrix, { moduleSize: 6 })

    expect(raster.width).toBe((matrix.size + 2 * QUIET_ZONE_MODULES) * 6)
    expect(raster.height).toBe(raster.width)
    expect(raster.data.length).toBe(raster.width * raster.height * 4)
  })

  test('leaves a light quiet zone of four modules on every side', () => {
    const moduleSize = 5
    const raster = rasteriseQr(encodeQr(URLS[0] ?? ''), { moduleSize })
    const band = QUIET_ZONE_MODULES * moduleSize
    const isWhite = (x: number, y: number) => raster.data[(y * raster.width + x) * 4] === 255

    for (let a = 0; a < raster.width; a++) {
      for (let b = 0; b < band; b++) {
        expect(isWhite(a, b) && isWhite(b, a)).toBe(true)
        expect(isWhite(a, raster.height - 1 - b) && isWhite(raster.width - 1 - b, a)).toBe(true)
      }
    }

    expect(isWhite(band, band)).toBe(false)
  })

  test('uses exactly two opaque colours, the ones asked for', () => {
    const raster = rasteriseQr(encodeQr(URLS[1] ?? ''), {
      moduleSize: 4,
      dark: 0xff101820,
      light: 0xfffafafa,
    })

    expect(colours(raster)).toEqual(new Set(['16,24,32,255', '250,250,250,255']))
  })

  test('draws black on white by default', () => {
    const raster = rasteriseQr(encodeQr(URLS[1] ?? ''), { moduleSize: 2 })

    expect(colours(raster)).toEqual(new Set(['0,0,0,255', '255,255,255,255']))
  })

  test('keeps every module a solid square of its colour', () => {
    const matrix = encodeQr(URLS[0] ?? '')
    const moduleSize = 3
    const raster = rasteriseQr(matrix, { moduleSize })
    const offset = QUIET_ZONE_MODULES * moduleSize

    for (let row = 0; row < matrix.size; row++) {
      for (let col = 0; col < matrix.size; col++) {
        const expected = matrix.modules[row * matrix.size + col] === 1 ? 0 : 255
        for (let dy = 0; dy < moduleSize; dy++) {
          for (let dx = 0; dx < moduleSize; dx++) {
            const x = offset + col * moduleSize + dx
            const y = offset + row * moduleSize + dy
            expect(raster.data[(y * raster.width + x) * 4]).toBe(expected)
          }
        }
      }
    }
  })

  test('refuses a fractional module size or a thin quiet zone', () => {
    const matrix = encodeQr('x')

    expect(() => rasteriseQr(matrix, { moduleSize: 2.5 })).toThrow(RangeError)
    expect(() => rasteriseQr(matrix, { moduleSize: 0 })).toThrow(RangeError)
    expect(() => rasteriseQr(matrix, { moduleSize: 2, quietZone: 3 })).toThrow(RangeError)
  })
})

describe('chooseModulePixels', () => {
  test('fills the box at 1080p with whole device pixels', () => {
    const size = chooseModulePixels({
      modules: 37,
      precision: 1,
      minStageSize: 360,
      boxStageSize: 400,
    })

    expect(size).toBe(10)
  })

  test('at 720p picks whole device pixels that still make at least 360 stage pixels', () => {
    const precision = 2 / 3

    const size = chooseModulePixels({
      modules: 37,
      precision,
      minStageSize: 360,
      boxStageSize: 400,
    })

    expect(size).toBe(7)
    expect((37 * size) / precision).toBeGreaterThanOrEqual(360)
    expect((37 * size) / precision).toBeLessThanOrEqual(400)
  })

  test('outgrows the box rather than shrink under the minimum', () => {
    const size = chooseModulePixels({
      modules: 61,
      precision: 2 / 3,
      minStageSize: 360,
      boxStageSize: 300,
    })

    expect(size).toBe(4)
    expect((61 * size) / (2 / 3)).toBeGreaterThanOrEqual(360)
  })

  test('answers a whole number of at least one for every sensible request', () => {
    for (const precision of [0.5, 2 / 3, 1, 1.5, 2]) {
      for (let modules = 29; modules <= 85; modules += 4) {
        const size = chooseModulePixels({
          modules,
          precision,
          minStageSize: 360,
          boxStageSize: 420,
        })
        expect(Number.isInteger(size)).toBe(true)
        expect((modules * size) / precision).toBeGreaterThanOrEqual(360 - 1e-6)
      }
    }
  })

  test('refuses a precision or module count that is not positive', () => {
    const request = { modules: 37, precision: 0, minStageSize: 360, boxStageSize: 400 }

    expect(() => chooseModulePixels(request)).toThrow(RangeError)
    expect(() => chooseModulePixels({ ...request, precision: 1, modules: 0 })).toThrow(RangeError)
  })
})

describe('snapToDevicePixel', () => {
  test('moves a 720p position onto the nearest whole device pixel', () => {
    const precision = 2 / 3

    const snapped = snapToDevicePixel(1150, precision)

    expect(snapped * precision).toBeCloseTo(767, 9)
    expect(Math.abs(snapped - 1150)).toBeLessThanOrEqual(1.5)
  })

  test('leaves whole pixels alone at 1080p', () => {
    expect(snapToDevicePixel(1150, 1)).toBe(1150)
    expect(snapToDevicePixel(1150.4, 1)).toBe(1150)
  })

  test('always lands on a device pixel, never more than half of one away', () => {
    for (const precision of [0.5, 2 / 3, 1, 1.5]) {
      for (let x = 0; x < 200; x += 0.37) {
        const device = snapToDevicePixel(x, precision) * precision
        expect(Math.abs(device - Math.round(device))).toBeLessThan(1e-9)
        expect(Math.abs(device - x * precision)).toBeLessThanOrEqual(0.5 + 1e-9)
      }
    }
  })
})
