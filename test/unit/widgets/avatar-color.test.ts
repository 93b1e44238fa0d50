import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { avatarColors } from '../../../src/theme'
import { avatarColorFor } from '../../../src/widgets/avatar-color'

describe('avatarColorFor', () => {
  test('gives the same name the same colour, whatever its case or spaces', () => {
    expect(avatarColorFor('Jane Doe')).toBe(avatarColorFor('jane doe'))
    expect(avatarColorFor('Jane Doe')).toBe(avatarColorFor('  Jane Doe '))
  })

  test('always answers a colour of the palette', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        expect(avatarColors).toContain(avatarColorFor(name))
      }),
    )
  })

  test('spreads names over most of the palette', () => {
    const names = Array.from({ length: 200 }, (_, i) => `person${i}`)

    const used = new Set(names.map((name) => avatarColorFor(name)))

    expect(used.size).toBe(avatarColors.length)
  })

  test('uses the palette it is given', () => {
    expect(avatarColorFor('anyone', [0xff123456])).toBe(0xff123456)
    expect(() => avatarColorFor('anyone', [])).toThrow(RangeError)
  })
})
