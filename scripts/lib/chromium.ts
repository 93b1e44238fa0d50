/**
 * Finds a Chromium for the end-to-end tests and benchmarks, installing Debian's package when
 * that is possible and nothing else is there. The project never downloads a browser build of
 * its own.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'

const USUAL_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
]

/** The flags every launch uses: headless, no sandbox as root, no background traffic. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-default-apps',
  '--disable-extensions',
  // Tests and benchmarks talk to loopback only: no host name but localhost resolves.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
]

/** The path of an installed Chromium: `CHROMIUM_PATH` first, then the usual places. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!existsSync(fromEnv))
      throw new Error(`CHROMIUM_PATH points at ${fromEnv}, which is missing`)
    return fromEnv
  }

  return USUAL_PATHS.find((path) => existsSync(path))
}

/**
 * A Chromium path, installing Debian's `chromium` package first when none is found, the
 * machine is Debian and the user is root. Anywhere else it says exactly what to install.
 */
export function ensureChromium(): string {
  const found = findChromium()
  if (found !== undefined) return found

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!isRoot || !isDebian()) {
    throw new Error(
      'No Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install chromium`) ' +
        'or set CHROMIUM_PATH to its executable.',
    )
  }

  console.info('Chromium is missing: installing Debian’s chromium package (about 30 s)…')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env })

  const installed = findChromium()
  if (installed === undefined) throw new Error('apt-get installed chromium but it was not found')
  return installed
}

function isDebian(): boolean {
  try {
    return /^ID(_LIKE)?=.*debian/m.test(readFileSync('/etc/os-release', 'utf8'))
  } catch {
    return false
  }
}
