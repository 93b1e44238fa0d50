/**
 * Voice guidance through the SDK's Announcer. Lightning draws into a canvas, so a TV's
 * screen reader sees nothing: the app says what matters itself. Nothing secret is ever
 * passed here; user codes are meant to be read out.
 */
import { Accessibility } from '@lightningjs/sdk'

interface SpeechSeries {
  readonly series: Promise<unknown>
}

interface AnnouncerApi {
  enabled: boolean
  speak(text: string | string[], options?: { append?: boolean }): SpeechSeries | undefined
  cancel(): void
}

const announcer = (Accessibility as { Announcer: AnnouncerApi }).Announcer

/** Speaks the phrases in order, replacing whatever was being said. */
export function announce(phrases: readonly string[]): void {
  // Mirrors the words for end-to-end tests and for people debugging on a device.
  document.body.dataset.announcement = phrases.join(' | ')
  if (!canSpeak()) return

  try {
    const speaking = announcer.speak([...phrases])
    // The engine rejects when a TV has no voice installed: silence is the right answer.
    speaking?.series.catch(() => undefined)
  } catch {
    // Same as above, for engines that throw at once.
  }
}

/** Stops speaking at once (the app is closing or hidden). */
export function silence(): void {
  if (canSpeak()) announcer.cancel()
}

function canSpeak(): boolean {
  return (
    announcer.enabled &&
    typeof window.speechSynthesis !== 'undefined' &&
    typeof window.SpeechSynthesisUtterance !== 'undefined'
  )
}
