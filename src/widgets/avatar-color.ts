/**
 * The disc colour behind a person's initials, picked from the name so that the same person
 * gets the same colour on every screen and every launch.
 */
import { avatarColors } from '../theme'

/** A colour of `palette` chosen by an FNV-1a hash of the name (case and spaces ignored). */
export function avatarColorFor(name: string, palette: readonly number[] = avatarColors): number {
  const key = name.trim().toLowerCase()

  // FNV-1a over UTF-16 code units, kept in 32 bits with Math.imul (ES2015, polyfilled).
  let hash = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }

  const colour = palette[(hash >>> 0) % palette.length]
  if (colour === undefined) throw new RangeError('The avatar palette is empty')
  return colour
}
