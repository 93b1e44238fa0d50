/**
 * The `appinfo.json` of the webOS package, made from the app's identity. Field names and
 * rules are LG's (webOS TV developer guide, "appinfo.json").
 */
import type { AppIdentity } from './app-identity'
import { iconOfSize } from './icon-sizes'

/** The fields of `appinfo.json` this app sets. */
export interface WebOsAppInfo {
  readonly id: string
  readonly version: string
  readonly vendor: string
  readonly type: 'web'
  readonly main: string
  readonly title: string
  /** 80 × 80 px, shown in the launcher bar. */
  readonly icon: string
  /** 130 × 130 px, shown in the app list. */
  readonly largeIcon: string
  readonly bgColor: string
  readonly resolution: '1920x1080'
  /** Without it webOS turns Back (461) into `history.back()` and the app never sees it. */
  readonly disableBackHistoryAPI: true
}

/** `appinfo.json` for a build whose entry is `index.html` and which ships `static/`. */
export function webOsAppInfo(identity: AppIdentity): WebOsAppInfo {
  return {
    id: identity.id,
    version: identity.version,
    vendor: identity.vendor,
    type: 'web',
    main: 'index.html',
    title: identity.name,
    icon: iconOfSize(80).file,
    largeIcon: iconOfSize(130).file,
    bgColor: '#0e1116',
    resolution: '1920x1080',
    disableBackHistoryAPI: true,
  }
}

/** The file name `ares-package` gives the package. */
export function ipkFileName(identity: AppIdentity): string {
  return `${identity.id}_${identity.version}_all.ipk`
}
