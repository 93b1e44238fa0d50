/**
 * A small static file server for a built app folder, bound to loopback.
 *
 * `lng serve` listens on every interface with no option to narrow it, so the project serves
 * its builds with this instead. It can rewrite `settings.json` on the fly, which lets tests
 * and `npm start` point one build at any Trakt host without rebuilding.
 */
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
}

export interface StaticServerOptions {
  /** The folder to serve. */
  readonly root: string
  /** Interface to bind; loopback unless a caller says otherwise. */
  readonly host?: string
  /** Port to bind; 0 picks a free one. */
  readonly port?: number
  /** Rewrites the parsed `settings.json` before it is sent. */
  readonly settings?: (settings: Record<string, unknown>) => Record<string, unknown>
  /** Extra headers sent with every file, such as a `Content-Security-Policy`. */
  readonly headers?: Readonly<Record<string, string>>
}

export interface StaticServer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

/** Serves `options.root` until `close()` is called. */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const root = resolve(options.root)
  const server = createServer((request, response) => {
    void handle(request.url ?? '/', root, options.settings).then(
      (file) => {
        if (file === undefined) {
          response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
          response.end('Not found')
          return
        }

        const headers = {
          ...options.headers,
          'Content-Type': file.type,
          'Cache-Control': 'no-store',
        }
        response.writeHead(200, headers)
        if (typeof file.body === 'string') response.end(file.body)
        else createReadStream(file.body.path).pipe(response)
      },
      () => {
        response.writeHead(500)
        response.end()
      },
    )
  })

  await listen(server, options.host ?? '127.0.0.1', options.port ?? 0)
  const { port } = server.address() as AddressInfo
  const host = options.host ?? '127.0.0.1'
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host

  return {
    url: `http://${shown}:${port}/`,
    port,
    close: () => closeServer(server),
  }
}

interface ServedFile {
  readonly type: string
  readonly body: string | { readonly path: string }
}

async function handle(
  rawUrl: string,
  root: string,
  rewriteSettings: StaticServerOptions['settings'],
): Promise<ServedFile | undefined> {
  const pathname = decodeURIComponent(new URL(rawUrl, 'http://localhost').pathname)
  const relative = normalize(pathname === '/' ? '/index.html' : pathname)
  const path = join(root, relative)
  if (path !== root && !path.startsWith(root + sep)) return undefined

  const info = await stat(path).catch(() => undefined)
  if (info === undefined || !info.isFile()) return undefined

  const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream'
  if (relative === `${sep}settings.json` && rewriteSettings !== undefined) {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
    return { type, body: JSON.stringify(rewriteSettings(parsed)) }
  }

  return { type, body: { path } }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolvePromise()
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolvePromise) => {
    server.closeAllConnections()
    server.close(() => resolvePromise())
  })
}
