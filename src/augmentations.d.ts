/**
 * The app's additions to the Lightning and SDK interfaces: key handlers and events.
 */
import '@lightningjs/sdk'
import type { Intent } from './App'

declare module '@lightningjs/sdk' {
  /** Exported by the SDK's index.js but missing from its typings; `voice.ts` narrows it. */
  export const Accessibility: unknown

  namespace Lightning {
    namespace Component {
      interface FireAncestorsMap {
        /** A screen hands a person's intention up to the app. */
        $intent(intent: Intent): void
      }
    }
  }
}
