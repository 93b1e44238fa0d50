/**
 * The one person signed in to the sandbox: the `/users/settings` answer and the avatar image
 * the sandbox serves itself, so nothing needs the internet.
 */
import { crc32, deflateSync } from 'node:zlib'
import type { SandboxUserOptions } from './config'

/** Where the sandbox serves the avatar. */
export const AVATAR_PATH = '/images/avatar.png'
/** Where the broken avatar points: nothing is served there, so it is always a 404. */
export const BROKEN_AVATAR_PATH = '/images/missing-avatar.png'

/** The avatar URL that `/users/settings` reports, or null for a user without one. */
export function avatarUrl(user: SandboxUserOptions, baseUrl: string): string | null {
  if (user.avatar === 'none') return null
  return baseUrl + (user.avatar === 'broken' ? BROKEN_AVATAR_PATH : AVATAR_PATH)
}

/** 200 of `GET /users/settings`, with the fields Trakt sends around the ones the app reads. */
export function userSettingsAnswer(user: SandboxUserOptions, baseUrl: string): object {
  return {
    user: {
      username: user.username,
      private: false,
      name: user.name,
      vip: user.vip,
      vip_ep: false,
      ids: { slug: user.username, uuid: 'b6589fc6-ab0d-4c82-8f12-099d1c2d40ab' },
      joined_at: '2020-01-01T00:00:00.000Z',
      location: null,
      about: null,
      gender: null,
      age: null,
      images: { avatar: { full: avatarUrl(user, baseUrl) } },
    },
    account: {
      timezone: 'Europe/London',
      date_format: 'dmy',
      time_24hr: true,
      cover_image: null,
    },
    connections: { facebook: false, twitter: false, mastodon: false, google: false },
    sharing_text: { watching: "I'm watching [item]", watched: 'I just watched [item]' },
    limits: { list: { count: 2, item_count: 100 }, watchlist: { item_count: 100 } },
  }
}

const AVATAR_SIZE = 96

let avatarPng: Buffer | undefined

/** A 96 × 96 PNG: a teal disc with a lighter head and shoulders on a dark square. */
export function avatarImage(): Buffer {
  avatarPng ??= encodePng(AVATAR_SIZE, AVATAR_SIZE, avatarPixel)
  return avatarPng
}

function avatarPixel(x: number, y: number): readonly [number, number, number] {
  const centre = AVATAR_SIZE / 2
  const inDisc = (cx: number, cy: number, r: number): boolean =>
    (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r

  if (!inDisc(centre, centre, centre)) return [14, 17, 22]
  if (inDisc(centre, 38, 16) || (inDisc(centre, 96, 34) && y > 60)) return [214, 240, 236]
  return [29, 122, 112]
}

/** An 8-bit RGB PNG, unfiltered, written by hand so the sandbox needs no image library. */
function encodePng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => readonly [number, number, number],
): Buffer {
  const rowLength = 1 + width * 3
  const raw = Buffer.alloc(rowLength * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y)
      raw.set([r, g, b], y * rowLength + 1 + x * 3)
    }
  }

  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)

  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typeAndData))
  return Buffer.concat([length, typeAndData, crc])
}
