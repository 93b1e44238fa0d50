/**
 * Opens the packages the way the TVs do, for the packaging tests: a webOS `.ipk` is a Debian
 * `ar` archive holding `control.tar.gz` and `data.tar.gz`; a Tizen `.wgt` is a zip.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unzipSync } from 'fflate'

/** The members of an `ar` archive, by name. */
export function readAr(archive: Buffer): Map<string, Buffer> {
  if (archive.subarray(0, 8).toString('latin1') !== '!<arch>\n') throw new Error('not an ar file')

  const members = new Map<string, Buffer>()
  let offset = 8
  while (offset + 60 <= archive.length) {
    const header = archive.subarray(offset, offset + 60).toString('latin1')
    const name = header.slice(0, 16).trim().replace(/\/$/, '')
    const size = Number(header.slice(48, 58).trim())
    const start = offset + 60
    members.set(name, archive.subarray(start, start + size))
    // Members start on even offsets.
    offset = start + size + (size % 2)
  }
  return members
}

/** Extracts a `.tar.gz` into a new temporary folder with the system's `tar`; returns it. */
export function extractTarGz(tarGz: Buffer): string {
  const folder = mkdtempSync(join(tmpdir(), 'package-test-'))
  const file = join(folder, 'archive.tar.gz')
  writeFileSync(file, tarGz)
  execFileSync('tar', ['-xzf', file, '-C', folder])
  return folder
}

/** The files of a zip, by path. */
export function readZip(archive: Buffer): Record<string, Uint8Array> {
  return unzipSync(new Uint8Array(archive))
}
