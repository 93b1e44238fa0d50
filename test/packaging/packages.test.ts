/**
 * Runs `npm run package:webos` and `npm run package:tizen` (which build `dist/es6` first when
 * it is missing or stale), opens each package and checks its manifest against the build and
 * the project's identity.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PNG } from 'pngjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { readAppIdentity, type AppIdentity } from '../../scripts/lib/app-identity'
import { readTizenIds, wgtFileName, type TizenIds } from '../../scripts/lib/tizen-config'
import { readTraktOrigins } from '../../scripts/lib/trakt-origins'
import { ipkFileName } from '../../scripts/lib/webos-appinfo'
import { extractTarGz, readAr, readZip } from './archives'

/** A stale build is remade first: about 15 s on an idle machine, minutes on a busy one. */
const PACKAGING_TIMEOUT_MS = 300_000

let identity: AppIdentity

beforeAll(() => {
  identity = readAppIdentity()
  execFileSync('npm', ['run', '--silent', 'package:webos'], { stdio: 'inherit' })
  execFileSync('npm', ['run', '--silent', 'package:tizen'], { stdio: 'inherit' })
}, PACKAGING_TIMEOUT_MS)

describe('the webOS package', () => {
  let app: string

  beforeAll(() => {
    const ipk = readAr(readFileSync(join('releases', ipkFileName(identity))))
    app = join(extractTarGz(member(ipk, 'data.tar.gz')), 'usr', 'palm', 'applications', identity.id)
  })

  test('is a Debian package of architecture "all" named after the app', () => {
    const ipk = readAr(readFileSync(join('releases', ipkFileName(identity))))
    expect([...ipk.keys()]).toEqual(['debian-binary', 'control.tar.gz', 'data.tar.gz'])

    const control = readFileSync(
      join(extractTarGz(member(ipk, 'control.tar.gz')), 'control'),
      'utf8',
    )
    expect(control).toMatch(new RegExp(`^Package: ${identity.id.replace(/\./g, '\\.')}$`, 'm'))
    expect(control).toMatch(new RegExp(`^Version: ${identity.version.replace(/\./g, '\\.')}$`, 'm'))
    expect(control).toMatch(/^Architecture: all$/m)
  })

  test('has an appinfo.json made from package.json and metadata.json', () => {
    const appInfo = JSON.parse(readFileSync(join(app, 'appinfo.json'), 'utf8')) as Record<
      string,
      unknown
    >

    expect(appInfo).toMatchObject({
      id: identity.id,
      version: identity.version,
      vendor: identity.vendor,
      type: 'web',
      main: 'index.html',
      title: identity.name,
      disableBackHistoryAPI: true,
    })
    expect(pngSize(join(app, String(appInfo.icon)))).toEqual([80, 80])
    expect(pngSize(join(app, String(appInfo.largeIcon)))).toEqual([130, 130])
  })

  test('holds the production build as built, without source maps', () => {
    expect(readFileSync(join(app, 'index.html'))).toEqual(readFileSync('dist/es6/index.html'))
    expect(readFileSync(join(app, 'js', 'appBundle.js'))).toEqual(
      readFileSync('dist/es6/js/appBundle.js'),
    )
    expect(existsSync(join(app, 'js', 'abortcontroller-polyfill.js'))).toBe(true)
    expect(filesUnder(app).filter((file) => file.endsWith('.map'))).toEqual([])
  })
})

describe('the Tizen widget', () => {
  let ids: TizenIds
  let files: Record<string, Uint8Array>
  let config: string

  beforeAll(() => {
    ids = readTizenIds()
    files = readZip(readFileSync(join('releases', wgtFileName(ids))))
    config = new TextDecoder().decode(files['config.xml'])
  })

  test('has a config.xml naming the app, its version and the TV profile', () => {
    expect(config).toContain(`version="${identity.version}"`)
    expect(config).toContain(
      `<tizen:application id="${ids.packageId}.${ids.applicationName}" package="${ids.packageId}"` +
        ` required_version="${ids.requiredVersion}"/>`,
    )
    expect(config).toContain('<tizen:profile name="tv-samsung"/>')
    expect(config).toContain(`<name>${identity.name}</name>`)
    expect(privileges(config)).toEqual([
      'http://tizen.org/privilege/internet',
      'http://tizen.org/privilege/tv.inputdevice',
    ])
  })

  test('allows exactly the configured Trakt origins', () => {
    const origins = [...config.matchAll(/<access origin="([^"]+)"/g)].map((match) => match[1])

    expect(origins).toEqual(readTraktOrigins())
    expect(origins).toEqual(['https://auth.trakt.tv', 'https://api.trakt.tv'])
  })

  test('points at an entry file and an icon that are in the widget', () => {
    const content = /<content src="([^"]+)"\/>/.exec(config)?.[1] ?? ''
    const icon = /<icon src="([^"]+)" width="(\d+)" height="(\d+)"\/>/.exec(config)

    expect(files[content]).toEqual(new Uint8Array(readFileSync(join('dist/es6', content))))
    expect(icon?.slice(2)).toEqual(['117', '117'])
    const iconFile = files[icon?.[1] ?? ''] ?? new Uint8Array()
    expect(pngSizeOf(Buffer.from(iconFile))).toEqual([117, 117])
    expect(Object.keys(files).filter((file) => file.endsWith('.map'))).toEqual([])
  })
})

function member(archive: Map<string, Buffer>, name: string): Buffer {
  const found = archive.get(name)
  if (found === undefined) throw new Error(`the .ipk has no ${name}`)
  return found
}

function privileges(config: string): string[] {
  return [...config.matchAll(/<tizen:privilege name="([^"]+)"\/>/g)].map((match) => match[1] ?? '')
}

function pngSize(path: string): [number, number] {
  return pngSizeOf(readFileSync(path))
}

function pngSizeOf(png: Buffer): [number, number] {
  const { width, height } = PNG.sync.read(png)
  return [width, height]
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
}
