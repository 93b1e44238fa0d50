/**
 * Who the app is, for every package: read from `package.json` (version) and `metadata.json`
 * (identifier, name, vendor, description, icon), the files the Lightning CLI itself reads.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The facts every platform manifest repeats. */
export interface AppIdentity {
  /** Reverse-domain identifier, e.g. `tv.trakt.signin`: the webOS id and the storage prefix. */
  readonly id: string
  /** Title under the icon on the TV's launcher. */
  readonly name: string
  /** `major.minor.patch`, the only form webOS and Tizen accept. */
  readonly version: string
  readonly vendor: string
  readonly description: string
}

const VERSION = /^\d+\.\d+\.\d+$/
const IDENTIFIER = /^[a-z0-9]+(\.[a-z0-9-]+)+$/

/** Reads and checks the identity in the project at `root`. */
export function readAppIdentity(root = '.'): AppIdentity {
  const pkg = readJson(join(root, 'package.json'))
  const metadata = readJson(join(root, 'metadata.json'))

  const version = field(pkg, 'version', 'package.json')
  if (!VERSION.test(version)) {
    throw new Error(`package.json version ${version} is not major.minor.patch`)
  }
  const metadataVersion = field(metadata, 'version', 'metadata.json')
  if (metadataVersion !== version) {
    throw new Error(
      `metadata.json version ${metadataVersion} differs from package.json version ${version}`,
    )
  }

  const id = field(metadata, 'identifier', 'metadata.json')
  if (!IDENTIFIER.test(id)) {
    throw new Error(`metadata.json identifier ${id} is not a lowercase reverse-domain name`)
  }

  return {
    id,
    name: field(metadata, 'name', 'metadata.json'),
    version,
    vendor: field(metadata, 'vendor', 'metadata.json'),
    description: field(metadata, 'description', 'metadata.json'),
  }
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
}

function field(source: Record<string, unknown>, key: string, file: string): string {
  const value = source[key]
  if (typeof value !== 'string' || value === '') throw new Error(`${file} needs a "${key}"`)
  return value
}
