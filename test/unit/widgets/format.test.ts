import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  formatCountdown,
  formatDuration,
  groupUserCode,
  initials,
  speakCountdown,
  spellForSpeech,
  stripScheme,
} from '../../../src/widgets/format'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const codeCharacter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''))
const userCode = fc.array(codeCharacter, { minLength: 1, maxLength: 16 }).map((c) => c.join(''))

describe('groupUserCode', () => {
  test('groups an eight-character code in two groups of four', () => {
    expect(groupUserCode('5055CC52')).toBe('5055 CC52')
  })

  test('leaves a short last group at the end', () => {
    expect(groupUserCode('ABCDEF')).toBe('ABCD EF')
    expect(groupUserCode('ABC')).toBe('ABC')
  })

  test('is idempotent and upper-cases what it is given', () => {
    expect(groupUserCode('5055 cc52')).toBe('5055 CC52')
    expect(groupUserCode('5055-CC52')).toBe('5055 CC52')
    expect(groupUserCode('')).toBe('')
  })

  test('keeps every character in order and no group is longer than four', () => {
    fc.assert(
      fc.property(userCode, (code) => {
        const grouped = groupUserCode(code)
        expect(grouped.replace(/ /g, '')).toBe(code)
        expect(groupUserCode(grouped)).toBe(grouped)
        for (const group of grouped.split(' ')) expect(group.length).toBeLessThanOrEqual(4)
      }),
    )
  })
})

describe('spellForSpeech', () => {
  test('spells the code one character at a time, a comma between groups', () => {
    expect(spellForSpeech('5055CC52')).toBe('5 0 5 5, C C 5 2')
  })

  test('accepts an already grouped code', () => {
    expect(spellForSpeech('5055 CC52')).toBe('5 0 5 5, C C 5 2')
  })

  test('says every character of any code', () => {
    fc.assert(
      fc.property(userCode, (code) => {
        expect(spellForSpeech(code).replace(/[ ,]/g, '')).toBe(code)
      }),
    )
  })
})

describe('formatCountdown', () => {
  test('shows minutes and seconds', () => {
    expect(formatCountdown(581_000)).toBe('9:41')
    expect(formatCountdown(600_000)).toBe('10:00')
    expect(formatCountdown(59_000)).toBe('0:59')
  })

  test('rounds up to whole seconds', () => {
    expect(formatCountdown(580_001)).toBe('9:41')
    expect(formatCountdown(1)).toBe('0:01')
    expect(formatCountdown(999)).toBe('0:01')
  })

  test('never goes negative, and reads 0:00 for nonsense', () => {
    expect(formatCountdown(0)).toBe('0:00')
    expect(formatCountdown(-5_000)).toBe('0:00')
    expect(formatCountdown(Number.NaN)).toBe('0:00')
  })

  test('adds hours from an hour up', () => {
    expect(formatCountdown(HOUR)).toBe('1:00:00')
    expect(formatCountdown(HOUR + 61_000)).toBe('1:01:01')
  })

  test('is monotonic: less time never shows more', () => {
    fc.assert(
      fc.property(fc.nat(2 * 3_600_000), fc.nat(10_000), (ms, less) => {
        const toSeconds = (text: string) =>
          text.split(':').reduce((total, part) => total * 60 + Number(part), 0)
        expect(toSeconds(formatCountdown(ms - less))).toBeLessThanOrEqual(
          toSeconds(formatCountdown(ms)),
        )
        expect(toSeconds(formatCountdown(ms))).toBe(Math.ceil(ms / 1000))
      }),
    )
  })
})

describe('speakCountdown', () => {
  test('says minutes and seconds in words', () => {
    expect(speakCountdown(581_000)).toBe('9 minutes 41 seconds')
    expect(speakCountdown(61_000)).toBe('1 minute 1 second')
  })

  test('leaves out a zero part', () => {
    expect(speakCountdown(600_000)).toBe('10 minutes')
    expect(speakCountdown(42_000)).toBe('42 seconds')
  })

  test('rounds up like the countdown on screen and never goes negative', () => {
    expect(speakCountdown(580_001)).toBe('9 minutes 41 seconds')
    expect(speakCountdown(-1)).toBe('0 seconds')
    expect(speakCountdown(Number.NaN)).toBe('0 seconds')
  })
})

describe('formatDuration', () => {
  test('spells days, hours and minutes', () => {
    expect(formatDuration(7 * DAY - MINUTE)).toBe('6 days 23 hours 59 minutes')
  })

  test('rounds down to whole minutes', () => {
    expect(formatDuration(7 * DAY - 1)).toBe('6 days 23 hours 59 minutes')
    expect(formatDuration(2 * MINUTE + 59_999)).toBe('2 minutes')
  })

  test('uses the singular for one and leaves out zero units', () => {
    expect(formatDuration(DAY + HOUR + MINUTE)).toBe('1 day 1 hour 1 minute')
    expect(formatDuration(2 * DAY + 5 * MINUTE)).toBe('2 days 5 minutes')
    expect(formatDuration(3 * HOUR)).toBe('3 hours')
  })

  test('says so when less than a minute or nothing is left', () => {
    expect(formatDuration(59_999)).toBe('less than a minute')
    expect(formatDuration(0)).toBe('0 minutes')
    expect(formatDuration(-DAY)).toBe('0 minutes')
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('0 minutes')
  })
})

describe('initials', () => {
  test('takes the first letters of the first and last words', () => {
    expect(initials('Jane van Doe')).toBe('JD')
    expect(initials('ada lovelace')).toBe('AL')
  })

  test('takes one letter of a single word, skipping an @', () => {
    expect(initials('justin')).toBe('J')
    expect(initials('@sean')).toBe('S')
    expect(initials('  Zoë  ')).toBe('Z')
  })

  test('splits usernames on dots, dashes and underscores', () => {
    expect(initials('movie_fan-42')).toBe('M4')
  })

  test('keeps a letter outside the basic plane whole', () => {
    expect(initials('𝒜lice Brown')).toBe('𝒜B')
  })

  test('answers ? when there is nothing to take', () => {
    expect(initials('')).toBe('?')
    expect(initials('   ')).toBe('?')
  })
})

describe('stripScheme', () => {
  test('leaves what a person types', () => {
    expect(stripScheme('https://trakt.tv/activate')).toBe('trakt.tv/activate')
    expect(stripScheme('http://www.trakt.tv/activate/')).toBe('trakt.tv/activate')
    expect(stripScheme(' HTTPS://trakt.tv ')).toBe('trakt.tv')
  })

  test('leaves an address without a scheme alone', () => {
    expect(stripScheme('trakt.tv/activate')).toBe('trakt.tv/activate')
  })
})
