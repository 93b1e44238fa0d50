/**
 * Copies a production build into a clean staging folder for a packager, leaving out source
 * maps: they double the package and would hand the app's source to anyone with the file.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs'

/** Empties `staging` and fills it with `build` minus `*.map`; returns `staging`. */
export function stageBuild(build: string, staging: string): string {
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  cpSync(build, staging, { recursive: true, filter: (source) => !source.endsWith('.map') })
  return staging
}
