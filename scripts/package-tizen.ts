/**
 * `npm run package:tizen [-- --es5]`: `releases/<applicationName>.wgt`, a zip of the
 * production build (es6 unless `--es5`, for Tizen 3–4) and a generated `config.xml`.
 *
 * LIMITATION: the widget is unsigned, and a TV installs only signed widgets. Tizen's XML
 * signature (author-signature.xml, signature1.xml) needs a Samsung certificate tied to the
 * TV's DUID and exact C14N 1.1 canonicalisation; getting that wrong fails only on the TV,
 * which this project cannot test against. Tizen Studio's CLI signs it: this script prints
 * the command. A signer built on node-forge, checked against a Tizen Studio-signed widget,
 * would remove the step.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { zipSync, type Zippable } from 'fflate'
import { readAppIdentity } from './lib/app-identity'
import { ensureDist } from './lib/dist-build'
import { stageBuild } from './lib/stage-build'
import { readTizenIds, tizenApplicationId, tizenConfigXml, wgtFileName } from './lib/tizen-config'
import { readTraktOrigins } from './lib/trakt-origins'

const kind = process.argv.includes('--es5') ? 'es5' : 'es6'
const identity = readAppIdentity()
const ids = readTizenIds()
const origins = readTraktOrigins()

const staging = stageBuild(ensureDist(kind), join('.tmp', 'package-tizen', ids.applicationName))
writeFileSync(join(staging, 'config.xml'), tizenConfigXml({ identity, ids, origins }))

mkdirSync('releases', { recursive: true })
const wgt = join('releases', wgtFileName(ids))
writeFileSync(wgt, zipSync(zippable(staging), { level: 9 }))

console.info(`\n${wgt} (${kind} build, unsigned), for ${origins.join(' and ')}`)
console.info(signingHelp())

/** Every file under `folder`, keyed by its path inside the widget with `/` separators. */
function zippable(folder: string): Zippable {
  const files: Zippable = {}
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else files[relative(folder, path).split(sep).join('/')] = readFileSync(path)
    }
  }
  walk(folder)
  return files
}

/** The Tizen Studio commands that sign and install the widget; never prints a password. */
function signingHelp(): string {
  const author = process.env.TIZEN_AUTHOR_P12
  const distributor = process.env.TIZEN_DISTRIBUTOR_P12
  const profile = process.env.TIZEN_SECURITY_PROFILE ?? 'TraktSignIn'
  const haveCertificates = author !== undefined && distributor !== undefined

  const addProfile = haveCertificates
    ? `  tizen security-profiles add -n ${profile} -a ${author} -p "$TIZEN_AUTHOR_PASSWORD"` +
      ` -d ${distributor} -dp "$TIZEN_DISTRIBUTOR_PASSWORD"`
    : `  # once: make an author and a distributor certificate for the TV's DUID in Tizen\n` +
      `  # Studio's Certificate Manager (Samsung profile), then set TIZEN_AUTHOR_P12,\n` +
      `  # TIZEN_AUTHOR_PASSWORD, TIZEN_DISTRIBUTOR_P12, TIZEN_DISTRIBUTOR_PASSWORD and\n` +
      `  # run this again for the exact command, or name the profile you made:`
  return [
    'Sign it with Tizen Studio’s CLI (tizen-studio/tools/ide/bin), then install:',
    addProfile,
    `  tizen package -t wgt -s ${profile} -o releases -- ${staging}`,
    '  sdb connect <TV address>',
    `  tizen install -n ${wgtFileName(ids)} -t <device name from sdb devices> -- releases`,
    `  tizen run -p ${tizenApplicationId(ids)} -t <device name>`,
  ].join('\n')
}
