/**
 * Production builds on demand: packaging and the legacy-engine tests call `ensureDist`, which
 * runs `npm run dist` (or `dist:es5`) only when the build is missing, older than what it is
 * made from, or made with other `APP_*` variables (they are baked into the bundle), because
 * each build takes 15 s on an idle machine and minutes on a busy one.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The two production builds of the Lightning CLI. */
export type DistKind = 'es6' | 'es5'

/** Folder of each build and the file its build writes last. */
const BUILDS: Readonly<Record<DistKind, { script: string; folder: string; last: string }>> = {
  es6: { script: 'dist', folder: 'dist/es6', last: 'js/abortcontroller-polyfill.js' },
  es5: { script: 'dist:es5', folder: 'dist/es5', last: 'js/abortcontroller-polyfill.js' },
}

/** What a build is made from: a change to any of them makes the build stale. */
const INPUTS = ['src', 'static', 'settings.json', 'metadata.json', 'package.json', '.env']

/** The build folder of `kind`, built first when missing or stale. */
export function ensureDist(kind: DistKind, root = '.'): string {
  const build = BUILDS[kind]
  const folder = join(root, build.folder)
  const marker = join(folder, build.last)
  const stamp = join(root, '.tmp', `dist-${kind}.app-env`)
  const env = appEnvDigest()
  const fresh =
    existsSync(marker) &&
    statSync(marker).mtimeMs >= newestInput(root) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === env
  if (fresh) return folder

  console.info(`${build.folder} is missing, stale or built with other APP_* variables: rebuilding`)
  execFileSync('npm', ['run', '--silent', build.script], { cwd: root, stdio: 'inherit' })
  if (!existsSync(marker)) throw new Error(`npm run ${build.script} did not write ${marker}`)
  mkdirSync(join(root, '.tmp'), { recursive: true })
  writeFileSync(stamp, env)
  return folder
}

/** A digest of the `APP_*` variables, so that the stamp never holds the client secret. */
function appEnvDigest(): string {
  const entries = Object.keys(process.env)
    .filter((key) => key.startsWith('APP_'))
    .sort()
    .map((key) => `${key}=${process.env[key] ?? ''}`)
  return createHash('sha256').update(entries.join('\n')).digest('hex')
}

/** The latest modification time among the build's inputs, in milliseconds. */
function newestInput(root: string): number {
  return Math.max(0, ...INPUTS.map((input) => newestIn(join(root, input))))
}

function newestIn(path: string): number {
  if (!existsSync(path)) return 0
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  const children = readdirSync(path).map((name) => newestIn(join(path, name)))
  return Math.max(info.mtimeMs, ...children)
}
