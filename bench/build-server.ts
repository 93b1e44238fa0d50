/**
 * Serves a production build folder the way a web host would, gzip on text, and counts what
 * each page load transferred, by kind of file.
 *
 * `lng dist` inlines `settings.json` into `index.html`, so the benchmark points the very
 * build that ships at the sandbox by rewriting the inlined `appSettings.trakt` as the page
 * is served: the bytes measured are those of the production artefact, not of a rebuild with
 * other settings.
 */
import { readFile, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { gzipSync } from 'node:zlib'
import { createHash } from 'node:crypto'

/** How the startup bytes are split. */
export type ByteKind = 'js' | 'fonts' | 'images' | 'other'

/** Bytes of response bodies as sent (gzip where the server compresses), by kind. */
export type ByteCounts = Record<ByteKind, number>

/** What the served app is told about Trakt, replacing `appSettings.trakt`. */
export interface TraktSettings {
  readonly clientId: string
  readonly clientSecret: string
  readonly oauthUrl: string
  readonly apiUrl: string
}

export interface BuildServerOptions {
  /** The build folder, e.g. a copy of `dist/es6`. */
  readonly root: string
  /** Replaces the inlined `appSettings.trakt` of `index.html` when given. */
  readonly trakt?: TraktSettings
}

/** A running build server. */
export interface BuildServer {
  /** Base URL with a trailing slash. */
  readonly url: string
  /** Bytes sent since the last {@link BuildServer.resetCounts}. */
  counts(): ByteCounts
  resetCounts(): void
  close(): Promise<void>
}

interface FileSpec {
  readonly type: string
  readonly kind: ByteKind
  /** Worth gzipping: text. Fonts and images are compressed already. */
  readonly text: boolean
}

const FILES: Readonly<Record<string, FileSpec>> = {
  '.html': { type: 'text/html; charset=utf-8', kind: 'other', text: true },
  '.js': { type: 'text/javascript; charset=utf-8', kind: 'js', text: true },
  '.json': { type: 'application/json; charset=utf-8', kind: 'other', text: true },
  '.map': { type: 'application/json; charset=utf-8', kind: 'other', text: true },
  '.css': { type: 'text/css; charset=utf-8', kind: 'other', text: true },
  '.svg': { type: 'image/svg+xml', kind: 'images', text: true },
  '.png': { type: 'image/png', kind: 'images', text: false },
  '.jpg': { type: 'image/jpeg', kind: 'images', text: false },
  '.woff2': { type: 'font/woff2', kind: 'fonts', text: false },
  '.woff': { type: 'font/woff', kind: 'fonts', text: false },
  '.ttf': { type: 'font/ttf', kind: 'fonts', text: true },
}

const UNKNOWN: FileSpec = { type: 'application/octet-stream', kind: 'other', text: false }

/** An empty count of every kind. */
export function noBytes(): ByteCounts {
  return { js: 0, fonts: 0, images: 0, other: 0 }
}

/** Serves `options.root` on loopback until `close()`. */
export async function startBuildServer(options: BuildServerOptions): Promise<BuildServer> {
  const root = resolve(options.root)
  const cache = new Map<string, { body: Buffer; gzipped: Buffer }>()
  let counts = noBytes()

  const server = createServer((request, response) => {
    void load(request.url ?? '/').then(
      (file) => {
        if (file === undefined) {
          response.writeHead(404)
          response.end()
          return
        }

        const gzip = file.spec.text && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')
        const body = gzip ? file.gzipped : file.body
        counts[file.spec.kind] += body.length
        response.writeHead(200, {
          'Content-Type': file.spec.type,
          'Content-Length': String(body.length),
          'Cache-Control': 'no-store',
          ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
        })
        response.end(body)
      },
      () => {
        response.writeHead(500)
        response.end()
      },
    )
  })

  async function load(rawUrl: string) {
    const pathname = decodeURIComponent(new URL(rawUrl, 'http://localhost').pathname)
    const relative = normalize(pathname === '/' ? '/index.html' : pathname)
    const path = join(root, relative)
    if (!path.startsWith(root + sep)) return undefined

    const info = await stat(path).catch(() => undefined)
    if (info === undefined || !info.isFile()) return undefined

    const spec = FILES[extname(path)] ?? UNKNOWN
    let cached = cache.get(path)
    if (cached === undefined) {
      const raw = await readFile(path)
      const body = relative === `${sep}index.html` ? withTrakt(raw, options.trakt) : raw
      cached = { body, gzipped: gzipSync(body) }
      cache.set(path, cached)
    }
    return { spec, ...cached }
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolveListen())
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/`,
    counts: () => ({ ...counts }),
    resetCounts: () => {
      counts = noBytes()
    },
    close: () => closeServer(server),
  }
}

/** The inlined settings object `lng dist` writes: `const appSettings = {...}` up to a lone `}`. */
const INLINED_APP_SETTINGS = /(const appSettings = )(\{[\s\S]*?\n\})/

/** The build's Content Security Policy, when it declares one in a `<meta>`. */
const CSP_META = /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/i

/**
 * `index.html` with its inlined `appSettings.trakt` replaced; unchanged without `trakt`.
 *
 * A policy in the page names the Trakt origins it may call and the hash of the inline script
 * that holds the settings: both are carried over to the new settings, so the page runs under
 * the same policy, aimed at the sandbox.
 */
export function withTrakt(html: Buffer, trakt: TraktSettings | undefined): Buffer {
  if (trakt === undefined) return html

  const text = html.toString('utf8')
  const match = INLINED_APP_SETTINGS.exec(text)
  if (match === null) throw new Error('index.html has no inlined appSettings: has the CLI changed?')
  const settings = JSON.parse(match[2] ?? '') as Record<string, unknown>
  const rewritten = JSON.stringify({ ...settings, trakt }, null, 2)
  const page = text.replace(INLINED_APP_SETTINGS, (_all, prefix: string) => prefix + rewritten)

  const previous = (settings.trakt ?? {}) as Partial<TraktSettings>
  return Buffer.from(carryPolicy(text, page, previous, trakt), 'utf8')
}

function carryPolicy(
  before: string,
  after: string,
  previous: Partial<TraktSettings>,
  trakt: TraktSettings,
): string {
  const policy = CSP_META.exec(after)
  if (policy === null) return after

  const oldHashes = inlineScriptHashes(before)
  const newHashes = inlineScriptHashes(after)
  const newOrigins = originsOf([trakt.oauthUrl, trakt.apiUrl]).join(' ')
  let content = policy[2] ?? ''
  oldHashes.forEach((hash, index) => {
    content = content.split(hash).join(newHashes[index] ?? hash)
  })
  for (const origin of originsOf([previous.oauthUrl, previous.apiUrl])) {
    content = content.split(` ${origin}`).join('')
  }
  content = content
    .replace(/(connect-src [^;]*)/, `$1 ${newOrigins}`)
    .replace(/(img-src [^;]*)/, `$1 ${newOrigins}`)
  return after.replace(
    CSP_META,
    (_all, open: string, _old: string, close: string) => open + content + close,
  )
}

/** The `'sha256-…'` source of each inline `<script>`, in order, as a policy names them. */
function inlineScriptHashes(html: string): string[] {
  const inline = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi
  return [...html.matchAll(inline)].map(
    (match) =>
      `'sha256-${createHash('sha256')
        .update(match[1] ?? '', 'utf8')
        .digest('base64')}'`,
  )
}

function originsOf(urls: readonly (string | undefined)[]): string[] {
  const origins = urls
    .filter((url): url is string => url !== undefined && url !== '')
    .map((url) => new URL(url).origin)
  return origins.filter((origin, index) => origins.indexOf(origin) === index)
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    server.closeAllConnections()
    server.close(() => resolveClose())
  })
}
