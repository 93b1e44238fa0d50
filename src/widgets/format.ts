/**
 * Pure text formatting for what the screens show and the Announcer speaks: user codes,
 * countdowns, durations, initials and addresses.
 */

const GROUP_SIZE = 4

/** The characters of a user code, without spaces or dashes, in capitals. */
function codeCharacters(code: string): string[] {
  return code
    .replace(/[\s-]+/g, '')
    .toUpperCase()
    .split('')
}

/** Splits a user code's characters into groups of four, from the left. */
function codeGroups(code: string): string[][] {
  const characters = codeCharacters(code)
  const groups: string[][] = []
  for (let start = 0; start < characters.length; start += GROUP_SIZE) {
    groups.push(characters.slice(start, start + GROUP_SIZE))
  }
  return groups
}

/**
 * The user code grouped for reading: `5055CC52` → `5055 CC52`. Only the display is grouped:
 * the code typed on the activation page is the ungrouped one.
 */
export function groupUserCode(code: string): string {
  return codeGroups(code)
    .map((group) => group.join(''))
    .join(' ')
}

/**
 * The user code as the Announcer should say it, one character at a time with a pause
 * between groups: `5055CC52` → `5 0 5 5, C C 5 2`.
 */
export function spellForSpeech(code: string): string {
  return codeGroups(code)
    .map((group) => group.join(' '))
    .join(', ')
}

/**
 * A countdown as `m:ss` (or `h:mm:ss` from an hour up): `581000` → `9:41`. It rounds up to
 * whole seconds, so it reads `0:01` until the very end and `0:00` only once time is up, and
 * it never goes negative.
 */
export function formatCountdown(ms: number): string {
  const total = Number.isFinite(ms) && ms > 0 ? Math.ceil(ms / 1000) : 0
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60

  const ss = pad2(seconds)
  return hours > 0 ? `${hours}:${pad2(minutes)}:${ss}` : `${minutes}:${ss}`
}

/**
 * A countdown as the Announcer should say it, rounded up like {@link formatCountdown}:
 * `581000` → `9 minutes 41 seconds` (a speech engine may read `9:41` as a time of day).
 */
export function speakCountdown(ms: number): string {
  const total = Number.isFinite(ms) && ms > 0 ? Math.ceil(ms / 1000) : 0
  const minutes = Math.floor(total / 60)
  const seconds = total % 60

  if (minutes === 0) return plural(seconds, 'second')
  if (seconds === 0) return plural(minutes, 'minute')
  return `${plural(minutes, 'minute')} ${plural(seconds, 'second')}`
}

/**
 * A long duration in words, to whole minutes rounded down so it never promises more time
 * than is left: `6 days 23 hours 59 minutes`. Units that are zero are left out; under a
 * minute reads `less than a minute`, and nothing left reads `0 minutes`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0 minutes'

  const totalMinutes = Math.floor(ms / 60_000)
  if (totalMinutes === 0) return 'less than a minute'

  const days = Math.floor(totalMinutes / (24 * 60))
  const hours = Math.floor((totalMinutes % (24 * 60)) / 60)
  const minutes = totalMinutes % 60

  const parts: string[] = []
  if (days > 0) parts.push(plural(days, 'day'))
  if (hours > 0) parts.push(plural(hours, 'hour'))
  if (minutes > 0) parts.push(plural(minutes, 'minute'))
  return parts.join(' ')
}

/**
 * Up to two initials for an avatar disc: the first letters of the first and last words of a
 * name (`Jane van Doe` → `JD`), one for a single word, `?` for nothing usable. A leading `@`
 * of a username is skipped.
 */
export function initials(name: string): string {
  const words = name
    .replace(/^@/, '')
    .split(/[\s._-]+/)
    .filter((word) => word !== '')
  const first = words[0]
  if (first === undefined) return '?'

  const last = words.length > 1 ? words[words.length - 1] : undefined
  const letters = [first, last]
    .filter((word): word is string => word !== undefined)
    .map((word) => Array.from(word)[0] ?? '')
  return letters.join('').toUpperCase()
}

/**
 * An address as a person should read and type it: without the scheme, a leading `www.` or a
 * trailing slash. `https://trakt.tv/activate/` → `trakt.tv/activate`.
 */
export function stripScheme(url: string): string {
  return url
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/\/+$/, '')
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value)
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`
}
