/**
 * The app's Content Security Policy: connections only to the app's own files and the Trakt
 * hosts it is configured for (plus the sandbox in development), so that neither a bug nor an
 * injected script can send a token anywhere else. Production builds carry it as a `<meta>`
 * tag in `index.html`; the development server sends it as a header.
 */
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** What a policy is made from. */
export interface CspOptions {
  /** Origins the app may call besides its own: the Trakt hosts, the sandbox in development. */
  readonly connectOrigins: readonly string[]
  /** `'sha256-…'` sources of the inline scripts the page is allowed to run. */
  readonly scriptHashes?: readonly string[]
}

/** The `http(s)://host[:port]` origin of each URL, without duplicates; throws on a bad URL. */
export function originsOf(urls: readonly string[]): string[] {
  const origins = urls.map((url) => new URL(url).origin)
  return origins.filter((origin, index) => origins.indexOf(origin) === index)
}

/**
 * The policy text. `'unsafe-eval'` is there because Lightning 2 compiles component templates
 * with `new Function`; its image worker starts from a `blob:` URL and fetches images, so
 * images come through `connect-src` too.
 */
export function contentSecurityPolicy(options: CspOptions): string {
  const connect = ["'self'", ...options.connectOrigins]
  const hashes = options.scriptHashes ?? []
  // Hash sources came with CSP level 2 (Chrome 40); webOS 3 runs Chromium 38, which would
  // block the inline start-up script. 'unsafe-inline' lets it run there, and every engine
  // that knows hashes ignores 'unsafe-inline' when a hash is present.
  const legacyInline = hashes.length > 0 ? ["'unsafe-inline'"] : []
  const scripts = ["'self'", "'unsafe-eval'", ...hashes, ...legacyInline]

  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    // The CLI's page and the SDK both add `<style>` blocks of their own.
    "style-src 'self' 'unsafe-inline'",
    `connect-src ${connect.join(' ')}`,
    `img-src 'self' data: blob: ${options.connectOrigins.join(' ')}`.trim(),
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}

/** The `'sha256-…'` source of each inline `<script>` of a page, in order. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = []
  const inline = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi
  for (let match = inline.exec(html); match !== null; match = inline.exec(html)) {
    const digest = createHash('sha256')
      .update(match[1] ?? '', 'utf8')
      .digest('base64')
    hashes.push(`'sha256-${digest}'`)
  }
  return hashes
}

/**
 * `html` with a `<meta http-equiv="Content-Security-Policy">` as the first element of its
 * `<head>`, allowing its own inline scripts by hash. A policy already there is replaced.
 */
export function injectCsp(html: string, connectOrigins: readonly string[]): string {
  const policy = contentSecurityPolicy({ connectOrigins, scriptHashes: inlineScriptHashes(html) })
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`
  const existing = /<meta http-equiv="Content-Security-Policy"[^>]*>/i
  if (existing.test(html)) return html.replace(existing, tag)

  const head = /<head[^>]*>/i.exec(html)
  if (head === null) throw new Error('index.html has no <head>: the CLI changed?')
  const at = head.index + head[0].length
  return `${html.slice(0, at)}\n        ${tag}${html.slice(at)}`
}

/** Adds the policy to `<folder>/index.html` in place. */
export function injectCspFile(folder: string, connectOrigins: readonly string[]): void {
  const path = join(folder, 'index.html')
  writeFileSync(path, injectCsp(readFileSync(path, 'utf8'), connectOrigins))
}

/** The policy as a header value, for a page served over HTTP (the development build). */
export function cspHeader(connectOrigins: readonly string[]): Record<string, string> {
  return { 'Content-Security-Policy': contentSecurityPolicy({ connectOrigins }) }
}
