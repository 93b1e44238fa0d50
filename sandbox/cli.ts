/**
 * `npm run sandbox -- [flags]`: runs the sandbox on its own until Ctrl-C, printing each
 * request (masked) so a person can follow the device flow.
 */
import { parseArgs } from 'node:util'
import type { AvatarMode } from './config'
import { isLoopbackHost, startSandbox, type SandboxOptions } from './index'

const HELP = `Usage: npm run sandbox -- [options]

A local stand-in for Trakt's OAuth device flow.

  --port <n>               port to listen on (default 8081; 0 picks a free one)
  --host <address>         interface to bind (default 127.0.0.1). Anything else exposes
                           the sandbox to other machines, e.g. 0.0.0.0 to approve from a phone
  --public-url <url>       base URL put in verification_url (default: the bound address)
  --interval <s>           poll interval of new device codes (default 5)
  --expires-in <s>         lifetime of new device codes (default 600)
  --token-lifetime <s>     lifetime of new access tokens (default 604800, 7 days)
  --client-id <id>         accepted client id (default sandbox-client-id)
  --client-secret <secret> accepted client secret (default sandbox-client-secret)
  --origins <list>         CORS origins: "loopback" (default), "*", or a comma-separated list
  --no-cors-on-errors      send no CORS headers on answers other than 2xx
  --user-name <name>       display name of the sandbox user (default "Sam Sofa")
  --username <slug>        username of the sandbox user (default sofa-viewer)
  --avatar <mode>          served (default), none, or broken (a URL that answers 404)
  --quiet                  print no line per request
  --help                   show this help
`

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8081' },
    host: { type: 'string', default: '127.0.0.1' },
    'public-url': { type: 'string' },
    interval: { type: 'string' },
    'expires-in': { type: 'string' },
    'token-lifetime': { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    origins: { type: 'string' },
    'no-cors-on-errors': { type: 'boolean', default: false },
    'user-name': { type: 'string' },
    username: { type: 'string' },
    avatar: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})

if (values.help) {
  console.info(HELP)
  process.exit(0)
}

const options: SandboxOptions = {
  port: wholeNumber('port', values.port),
  host: values.host,
  publicUrl: values['public-url'],
  interval: optionalNumber('interval', values.interval),
  expiresIn: optionalNumber('expires-in', values['expires-in']),
  tokenLifetime: optionalNumber('token-lifetime', values['token-lifetime']),
  clientId: values['client-id'],
  clientSecret: values['client-secret'],
  origins: parseOrigins(values.origins),
  corsOnErrors: !values['no-cors-on-errors'],
  user: {
    ...(values['user-name'] === undefined ? {} : { name: values['user-name'] }),
    ...(values.username === undefined ? {} : { username: values.username }),
    ...(values.avatar === undefined ? {} : { avatar: parseAvatar(values.avatar) }),
  },
}

const host = options.host ?? '127.0.0.1'
if (!isLoopbackHost(host)) {
  console.warn(
    `WARNING: binding ${host} lets other machines on the network reach the sandbox, ` +
      'its activation page included. Use it on a network you trust, and stop it afterwards.',
  )
}

const sandbox = await startSandbox(options)
console.info(`Trakt sandbox on ${sandbox.url}`)
console.info(`  activation page: ${sandbox.activationUrl}`)
console.info(`  client id: ${sandbox.clientId} (development credentials, not secrets)`)
console.info('Press Ctrl-C to stop.')

if (!values.quiet) followRequests()

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0))
  })
}

/** Prints each new request of the record; the record is masked, so no secret is printed. */
function followRequests(): void {
  let printed = 0
  setInterval(() => {
    const requests = sandbox.requests()
    for (const request of requests.slice(printed)) {
      const fault = request.fault === undefined ? '' : ` (fault: ${request.fault})`
      console.info(`${request.method} ${request.path} -> ${request.status}${fault}`)
    }
    printed = requests.length
  }, 250).unref()
}

function wholeNumber(name: string, text: string): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < 0) fail(`--${name} needs a whole number, not "${text}"`)
  return value
}

function optionalNumber(name: string, text: string | undefined): number | undefined {
  return text === undefined ? undefined : wholeNumber(name, text)
}

function parseOrigins(text: string | undefined): SandboxOptions['origins'] {
  if (text === undefined || text === 'loopback') return undefined
  if (text === '*') return '*'
  return text
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '')
}

function parseAvatar(text: string): AvatarMode {
  if (text === 'served' || text === 'none' || text === 'broken') return text
  return fail(`--avatar is served, none or broken, not "${text}"`)
}

function fail(message: string): never {
  console.error(`${message}\n\n${HELP}`)
  process.exit(2)
}
