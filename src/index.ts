import {
  Launch,
  type AppData,
  type FontFaceDefinition,
  type Lightning,
  type PlatformSettings,
} from '@lightningjs/sdk'
import { App } from './App'
import { createLogger } from './platform/logger'

const log = createLogger('fonts')

export default function (
  appSettings: Lightning.Application.Options,
  platformSettings: PlatformSettings,
  appData: AppData,
) {
  const application = Launch(
    App,
    appSettings,
    { ...platformSettings, fontLoader: loadFonts },
    appData,
  )
  App.startSignIn()
  return application
}

/**
 * Fetches every font at once. The SDK's own loader chains them, one round trip and one
 * decode after the other, and nothing is drawn before the last one has loaded. A font that
 * fails is drawn in the engine's own face instead: the SDK builds no app at all when its
 * loader rejects, which would leave a blank screen.
 */
function loadFonts(fonts: FontFaceDefinition[], store: FontFace[]): Promise<void> {
  // `add` is declared in the DOM.Iterable library, which the TV build's settings leave out.
  const fontSet = document.fonts as unknown as Pick<Set<FontFace>, 'add'>

  const loads = fonts.map(({ family, url, descriptors }) => {
    try {
      const face = new FontFace(family, `url(${url})`, descriptors ?? {})
      store.push(face)
      fontSet.add(face)
      return face.load().then(
        () => undefined,
        () => log.warn(`The ${family} font did not load; the engine's own face stands in`),
      )
    } catch {
      log.warn(`The ${family} font could not be set up; the engine's own face stands in`)
      return Promise.resolve()
    }
  })

  return Promise.all(loads).then(() => undefined)
}
