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
  speak(phrases)
}

function speak(phrases: readonly string[], append = false): void {
  if (!canSpeak()) return

  try {
    const speaking = announcer.speak([...phrases], { append })
    // The engine rejects when a TV has no voice installed: silence is the right answer.
    speaking?.series.catch(() => undefined)
  } catch {
    // Same as above, for engines that throw at once.
  }
}

/**
 * Names what came into focus (each widget's `announce`), so that moving along a row of
 * buttons says each one. The SDK's own focus announcer is not used: it leaves the engine's
 * speech failures unhandled.
 */
export function announceFocus(target: unknown, options: { append?: boolean } = {}): void {
  const focused = target as { announce?: unknown } | undefined
  const label = typeof focused?.announce === 'string' ? focused.announce : ''
  if (label === document.body.dataset.focused) return

  document.body.dataset.focused = label
  if (label !== '') speak([label], options.append === true)
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
