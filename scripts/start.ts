/**
 * `npm start`: builds the app and serves it on http://127.0.0.1:8080.
 *
 * Without Trakt credentials in the environment, it first starts the local Trakt sandbox on
 * http://127.0.0.1:8081 and builds the app against it, so the whole device flow runs on this
 * machine: the TV app shows a code, and the sandbox's activation page approves it. With
 * `APP_TRAKT_CLIENT_ID` and `APP_TRAKT_CLIENT_SECRET` set, it builds against real Trakt.
 * `PORT` and `SANDBOX_PORT` move the two servers. Ctrl-C stops everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { startSandbox, type Sandbox } from '../sandbox/index'
import { startStaticServer } from './lib/static-server'

interface Closable {
  close(): Promise<void>
}

/**
 * Its own build folder: the values baked in below win over `settings.json`, and the `build/`
 * folder that the end-to-end tests point at other Trakt hosts must not carry them.
 */
const BUILD_FOLDER = 'build/start'

const appPort = portFromEnv('PORT', 8080)
const sandboxPort = portFromEnv('SANDBOX_PORT', 8081)
const started: Closable[] = []
let build: ChildProcess | undefined

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stop(0))
}

const useRealTrakt = hasRealCredentials()
let sandbox: Sandbox | undefined
const buildEnv: NodeJS.ProcessEnv = { ...process.env, LNG_BUILD_FOLDER: BUILD_FOLDER }
if (!useRealTrakt) {
  sandbox = await startSandbox({ port: sandboxPort })
  started.push(sandbox)
  buildEnv.APP_TRAKT_CLIENT_ID = sandbox.clientId
  buildEnv.APP_TRAKT_CLIENT_SECRET = sandbox.clientSecret
  buildEnv.APP_TRAKT_OAUTH_URL = sandbox.url
  buildEnv.APP_TRAKT_API_URL = sandbox.url
  console.info(`Trakt sandbox on ${sandbox.url}; building the app against it…`)
} else {
  console.info('Trakt credentials found in the environment; building the app against Trakt…')
}

const buildStatus = await runBuild(buildEnv)
if (buildStatus !== 0) {
  console.error(`The build failed (exit status ${buildStatus}).`)
  await stop(1)
}

const app = await startStaticServer({ root: BUILD_FOLDER, port: appPort })
started.push(app)

console.info(`\nThe TV app:       ${app.url}`)
if (sandbox !== undefined) {
  console.info(`Approve codes at: ${sandbox.activationUrl}`)
  console.info('  (the Trakt sandbox: development credentials, nothing leaves this machine)')
  announceCodes(sandbox)
}
console.info('Press Ctrl-C to stop.')

/** Prints each new user code with the link that approves it, as the TV's QR code would. */
function announceCodes(running: Sandbox): void {
  let announced = 0
  setInterval(() => {
    const codes = running.issuedCodes()
    for (const code of codes.slice(announced)) {
      console.info(`The TV shows code ${code}: approve it at ${running.activationUrl}/${code}`)
    }
    announced = codes.length
  }, 500).unref()
}

/**
 * Real Trakt needs both values; one without the other is a mistake worth stopping for
 * rather than silently falling back to the sandbox.
 */
function hasRealCredentials(): boolean {
  const id = process.env.APP_TRAKT_CLIENT_ID ?? ''
  const secret = process.env.APP_TRAKT_CLIENT_SECRET ?? ''
  if (id !== '' && secret !== '') return true
  if (id === '' && secret === '') return false

  const missing = id === '' ? 'APP_TRAKT_CLIENT_ID' : 'APP_TRAKT_CLIENT_SECRET'
  console.error(`${missing} is not set: set both Trakt credentials, or neither for the sandbox.`)
  process.exit(1)
}

/** `npm run build` as a child, so Ctrl-C during the build still reaches `stop`. */
function runBuild(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    build = spawn('npm', ['run', '--silent', 'build'], { stdio: 'inherit', env })
    build.once('error', () => resolve(1))
    build.once('exit', (code) => {
      build = undefined
      resolve(code ?? 1)
    })
  })
}

async function stop(exitCode: number): Promise<never> {
  build?.kill('SIGTERM')
  await Promise.all(started.map((server) => server.close()))
  process.exit(exitCode)
}

function portFromEnv(name: string, fallback: number): number {
  const text = process.env[name]
  if (text === undefined || text === '') return fallback

  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name} must be a port number, not "${text}"`)
    process.exit(1)
  }
  return port
}
