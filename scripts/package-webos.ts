/**
 * `npm run package:webos [-- --es5]`: `releases/<id>_<version>_all.ipk`, made by LG's own
 * `ares-package` from the production build (es6 unless `--es5`, for webOS 3–4) and an
 * `appinfo.json` generated from `package.json` and `metadata.json`.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { readAppIdentity } from './lib/app-identity'
import { ensureDist } from './lib/dist-build'
import { stageBuild } from './lib/stage-build'
import { ipkFileName, webOsAppInfo } from './lib/webos-appinfo'

const kind = process.argv.includes('--es5') ? 'es5' : 'es6'
const identity = readAppIdentity()

const staging = stageBuild(ensureDist(kind), join('.tmp', 'package-webos', identity.id))
writeFileSync(join(staging, 'appinfo.json'), `${JSON.stringify(webOsAppInfo(identity), null, 2)}\n`)

mkdirSync('releases', { recursive: true })
// ares-package's own minifier breaks on Lightning's already-minified bundle.
const aresPackage = resolve('node_modules/@webos-tools/cli/bin/ares-package.js')
execFileSync(process.execPath, [aresPackage, '--no-minify', '-o', 'releases', staging], {
  stdio: 'inherit',
})

const ipk = join('releases', ipkFileName(identity))
console.info(`\n${ipk} (${kind} build). Install it with: ares-install -d <device> ${ipk}`)
