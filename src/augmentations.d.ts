/**
 * The app's additions to the Lightning and SDK interfaces: key handlers and events.
 */
import '@lightningjs/sdk'

declare module '@lightningjs/sdk' {
  namespace Lightning {
    namespace Component {
      interface FireAncestorsMap {
        /** A screen hands a person's intention up to the app. */
        $intent(intent: string): void
      }
    }
  }
}
