/**
 * An answer before it is written: handlers return one, the HTTP plumbing adds CORS and sends
 * it. Keeping answers as data lets a fault replace one without touching the handlers.
 */

/** One HTTP answer. */
export interface Reply {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  /** Sent as-is; no body at all when undefined. */
  readonly body?: string | Buffer
}

/** A JSON answer. */
export function jsonReply(
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  }
}

/** An answer with no body, the way Trakt answers most device-token polls. */
export function emptyReply(status: number, headers: Readonly<Record<string, string>> = {}): Reply {
  return { status, headers }
}

/** A page for people. */
export function htmlReply(status: number, html: string): Reply {
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      // Server-rendered and script-free: nothing but the page's own form and avatar may load.
      'Content-Security-Policy':
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; form-action 'self'; " +
        "base-uri 'none'; frame-ancestors 'none'",
    },
    body: html,
  }
}

/** A plain-text answer, such as a 404 for a path the sandbox does not know. */
export function textReply(status: number, text: string): Reply {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text }
}
