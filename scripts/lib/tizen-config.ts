/**
 * The `config.xml` of the Tizen widget (W3C widget packaging plus Samsung's `tizen:`
 * elements), made from the app's identity, the Tizen ids in `platforms/tizen/ids.json` and
 * the Trakt origins the app calls.
 */
import { readFileSync } from 'node:fs'
import type { AppIdentity } from './app-identity'
import { iconOfSize } from './icon-sizes'

/** Samsung's ids for the app, kept in `platforms/tizen/ids.json`. */
export interface TizenIds {
  /** Exactly 10 letters or digits; unique per seller on Samsung's store. */
  readonly packageId: string
  /** Letters and digits; the application id is `<packageId>.<applicationName>`. */
  readonly applicationName: string
  /** Oldest Tizen platform the app installs on, e.g. `3.0` (2017 TVs). */
  readonly requiredVersion: string
}

/** Everything `config.xml` says. */
export interface TizenConfigInput {
  readonly identity: AppIdentity
  readonly ids: TizenIds
  /** Each origin the app calls gets an `access` element; others are blocked. */
  readonly origins: readonly string[]
}

/** Reads and checks `platforms/tizen/ids.json`. */
export function readTizenIds(path = 'platforms/tizen/ids.json'): TizenIds {
  const ids = JSON.parse(readFileSync(path, 'utf8')) as Partial<Record<keyof TizenIds, unknown>>
  const { packageId, applicationName, requiredVersion } = ids
  if (typeof packageId !== 'string' || !/^[0-9A-Za-z]{10}$/.test(packageId)) {
    throw new Error(`${path}: packageId must be 10 letters or digits`)
  }
  if (typeof applicationName !== 'string' || !/^[0-9A-Za-z]{1,52}$/.test(applicationName)) {
    throw new Error(`${path}: applicationName must be letters or digits`)
  }
  if (typeof requiredVersion !== 'string' || !/^\d+\.\d+$/.test(requiredVersion)) {
    throw new Error(`${path}: requiredVersion must look like 3.0`)
  }
  return { packageId, applicationName, requiredVersion }
}

/** The Tizen application id: `<packageId>.<applicationName>`. */
export function tizenApplicationId(ids: TizenIds): string {
  return `${ids.packageId}.${ids.applicationName}`
}

/** The file name of the widget. */
export function wgtFileName(ids: TizenIds): string {
  return `${ids.applicationName}.wgt`
}

/** The complete `config.xml`. */
export function tizenConfigXml(input: TizenConfigInput): string {
  const { identity, ids, origins } = input
  if (
    !/^([01]?\d?\d|2[0-4]\d|25[0-5])\.([01]?\d?\d|2[0-4]\d|25[0-5])\.\d{1,5}$/.test(
      identity.version,
    )
  ) {
    throw new Error(
      `Tizen needs a version of the form 0-255.0-255.0-65535, not ${identity.version}`,
    )
  }
  const icon = iconOfSize(117)

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<widget xmlns="http://www.w3.org/ns/widgets" xmlns:tizen="http://tizen.org/ns/widgets"` +
      ` id="${attr(`http://${identity.id}/${ids.applicationName}`)}"` +
      ` version="${attr(identity.version)}" viewmodes="maximized">`,
    `  <tizen:application id="${attr(tizenApplicationId(ids))}" package="${attr(ids.packageId)}"` +
      ` required_version="${attr(ids.requiredVersion)}"/>`,
    '  <tizen:profile name="tv-samsung"/>',
    `  <name>${text(identity.name)}</name>`,
    `  <description>${text(identity.description)}</description>`,
    `  <author>${text(identity.vendor)}</author>`,
    '  <content src="index.html"/>',
    `  <icon src="${attr(icon.file)}" width="${icon.size}" height="${icon.size}"/>`,
    '  <feature name="http://tizen.org/feature/screen.size.all"/>',
    ...origins.map((origin) => `  <access origin="${attr(origin)}" subdomains="false"/>`),
    '  <tizen:privilege name="http://tizen.org/privilege/internet"/>',
    // Colour and media keys reach the app only once registered through tvinputdevice.
    '  <tizen:privilege name="http://tizen.org/privilege/tv.inputdevice"/>',
    '  <tizen:setting screen-orientation="landscape" context-menu="disable"' +
      ' background-support="disable" encryption="disable" install-location="auto"' +
      ' hwkey-event="enable"/>',
    '</widget>',
  ]
  return `${lines.join('\n')}\n`
}

function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;')
}
