/**
 * The URL rules of the Trakt client. Parsed by hand rather than with `URL`, so that the
 * accepted shapes are narrow and the same on every TV engine: anything unusual (user info,
 * percent-encoded or numeric-shorthand hosts, whitespace) is refused instead of normalised.
 */

/** An absolute `http:` or `https:` URL, split into the parts the rules look at. */
export interface HttpUrl {
  readonly scheme: 'http' | 'https'
  /** Lowercased; IPv6 literals keep their brackets, e.g. `[::1]`. */
  readonly host: string
  /** Digits of an explicit port, or `''`. */
  readonly port: string
  /** Whatever follows the authority (path, query, fragment), or `''`. */
  readonly rest: string
}

const ABSOLUTE_URL =
  /^(https?):\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::([0-9]{1,5}))?([/?#][\x21-\x7e]*)?$/i

const IPV4 = /^(?:0|[1-9][0-9]{0,2})(?:\.(?:0|[1-9][0-9]{0,2})){3}$/

/** Splits an absolute http(s) URL, or returns `undefined` for anything else. */
export function parseHttpUrl(text: string): HttpUrl | undefined {
  const match = ABSOLUTE_URL.exec(text)
  if (match === null) return undefined

  const [, scheme = '', host = '', port = '', rest = ''] = match
  if (port !== '' && (Number(port) < 1 || Number(port) > 65535)) return undefined
  if (rest.indexOf('\\') !== -1) return undefined

  return {
    scheme: scheme.toLowerCase() === 'https' ? 'https' : 'http',
    host: host.toLowerCase(),
    port,
    rest,
  }
}

/**
 * Whether `host` (as {@link parseHttpUrl} returns it) is this machine: `localhost`, `[::1]`
 * or any address of 127.0.0.0/8. Only such hosts may be reached over plain `http:`.
 */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '[::1]') return true
  if (!IPV4.test(host)) return false

  const octets = host.split('.').map(Number)
  return octets[0] === 127 && octets.every((octet) => octet <= 255)
}

/** Whether `url` may be used at all: `https:` anywhere, `http:` only on a loopback host. */
export function isSecureOrLoopback(url: HttpUrl): boolean {
  return url.scheme === 'https' || isLoopbackHost(url.host)
}

/**
 * Checks a base URL setting (no query, no fragment) and returns it without trailing slashes,
 * ready for a path such as `/oauth/device/code` to be appended; `undefined` when refused.
 */
export function normaliseBaseUrl(text: string): string | undefined {
  const url = parseHttpUrl(text)
  if (url === undefined || !isSecureOrLoopback(url)) return undefined
  if (/[?#]/.test(url.rest)) return undefined

  const port = url.port === '' ? '' : `:${url.port}`
  return `${url.scheme}://${url.host}${port}${url.rest.replace(/\/+$/, '')}`
}
