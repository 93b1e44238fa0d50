import { describe, expect, test } from 'vitest'
import {
  avatarColors,
  CODE_CAP_HEIGHT_RATIO,
  colors,
  DIMMED_ALPHA,
  durations,
  FOCUS_SCALE,
  fontSizes,
  safeArea,
  shapes,
  stage,
} from '../../../src/theme'

/** WCAG 2 relative luminance of an opaque `0xAARRGGBB` colour. */
function luminance(argb: number): number {
  const channel = (shift: number) => {
    const value = ((argb >>> shift) & 0xff) / 255
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
}

function contrast(a: number, b: number): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

describe('palette', () => {
  test('body text, the accent and the warning reach 7:1 on the background', () => {
    expect(contrast(colors.text, colors.background)).toBeGreaterThanOrEqual(7)
    expect(contrast(colors.accent, colors.background)).toBeGreaterThanOrEqual(7)
    expect(contrast(colors.warning, colors.background)).toBeGreaterThanOrEqual(7)
    expect(contrast(colors.success, colors.background)).toBeGreaterThanOrEqual(7)
  })

  test('secondary text reaches 7:1 too', () => {
    expect(contrast(colors.dim, colors.background)).toBeGreaterThanOrEqual(7)
  })

  test('button labels read on their fills, focused or not', () => {
    expect(contrast(colors.onAccent, colors.accent)).toBeGreaterThanOrEqual(7)
    expect(contrast(colors.text, colors.surface)).toBeGreaterThanOrEqual(7)
  })

  test('an unfocused button stands out from the dialog box and the background', () => {
    expect(contrast(colors.text, colors.panel)).toBeGreaterThanOrEqual(7)
    expect(luminance(colors.surface)).toBeGreaterThan(luminance(colors.panel))
    expect(luminance(colors.panel)).toBeGreaterThan(luminance(colors.background))
  })

  test('the background is near-black with a hint of colour, not grey or black', () => {
    const channels = [16, 8, 0].map((shift) => (colors.background >>> shift) & 0xff)
    expect(Math.max(...channels)).toBeLessThan(0x20)
    expect(new Set(channels).size).toBeGreaterThan(1)
  })

  test('every colour is opaque except the scrim', () => {
    for (const [name, value] of Object.entries(colors)) {
      if (name !== 'scrim') expect(value >>> 24, name).toBe(0xff)
    }
  })

  test('white initials are readable on every avatar disc', () => {
    expect(avatarColors.length).toBeGreaterThan(3)
    for (const disc of avatarColors) {
      expect(contrast(colors.onDisc, disc)).toBeGreaterThanOrEqual(4.5)
    }
  })
})

describe('ten-foot sizes', () => {
  test('body text is at least 32 px and secondary text at least 28 px', () => {
    expect(fontSizes.body).toBeGreaterThanOrEqual(32)
    expect(fontSizes.secondary).toBeGreaterThanOrEqual(28)
  })

  test('the user code has capitals at least 100 px tall', () => {
    expect(fontSizes.code * CODE_CAP_HEIGHT_RATIO).toBeGreaterThanOrEqual(100)
  })

  test('the safe area is 5 % of the stage on each side', () => {
    expect(safeArea.left).toBe(stage.w * 0.05)
    expect(safeArea.right).toBe(stage.w * 0.05)
    expect(safeArea.top).toBe(stage.h * 0.05)
    expect(safeArea.bottom).toBe(stage.h * 0.05)
  })

  test('a button is tall enough for its label', () => {
    expect(shapes.buttonHeight).toBeGreaterThan(fontSizes.body * 1.5)
  })
})

describe('motion and states', () => {
  test('every transition is under 250 ms', () => {
    for (const seconds of Object.values(durations)) {
      expect(seconds).toBeGreaterThan(0)
      expect(seconds).toBeLessThan(0.25)
    }
  })

  test('focus changes the scale, and a dimmed thing stays visible', () => {
    expect(FOCUS_SCALE).toBeGreaterThan(1)
    expect(DIMMED_ALPHA).toBeGreaterThan(0)
    expect(DIMMED_ALPHA).toBeLessThan(0.5)
  })
})
