/**
 * What the benchmark installs in the page before the app's own scripts: it notes the frame
 * in which a watched `data-*` attribute of `<body>` first takes a value (the frame that
 * draws what the attribute mirrors), and records frame gaps while asked to.
 *
 * The app and Lightning are untouched: the probe only watches the attributes the app already
 * mirrors its state on.
 */

/** The probe's state, at `window.__benchProbe`. */
export interface ProbeState {
  /** `performance.now()` of the first frame after each watched attribute took its value. */
  readonly frameAt: Record<string, number>
  /** `Date.now()` of the same frames, to compare with times taken in Node. */
  readonly wallAt: Record<string, number>
  /** Gaps between consecutive frames, in milliseconds, since `recordFrames(true)`. */
  readonly gaps: number[]
  /** Starts or stops recording frame gaps; the probe queues no frame while it is off. */
  recordFrames(on: boolean): void
}

/** A watched attribute: its `dataset` name and the value that counts. */
export interface Watch {
  readonly name: string
  readonly value?: string
}

/**
 * Installed with `page.addInitScript(installProbe, watches)`; runs in the page, so it
 * uses nothing from outside its own body.
 */
export function installProbe(watches: readonly Watch[]): void {
  let recording = false
  let last = 0
  const frame = (time: number): void => {
    if (!recording) return
    if (last > 0) probe.gaps.push(time - last)
    last = time
    requestAnimationFrame(frame)
  }

  const probe: ProbeState = {
    frameAt: {},
    wallAt: {},
    gaps: [],
    recordFrames: (on) => {
      if (on && !recording) requestAnimationFrame(frame)
      recording = on
      last = 0
    },
  }
  ;(window as unknown as { __benchProbe: ProbeState }).__benchProbe = probe

  // A frame callback queued after the change runs in the next frame, after Lightning's own
  // callback (queued during the previous frame) has drawn the change.
  const check = (): void => {
    const dataset = document.body.dataset
    for (const watch of watches) {
      const value = dataset[watch.name]
      const matches = watch.value === undefined ? value !== undefined : value === watch.value
      if (!matches || watch.name in probe.frameAt) continue
      probe.frameAt[watch.name] = -1
      requestAnimationFrame(() => {
        probe.frameAt[watch.name] = performance.now()
        probe.wallAt[watch.name] = Date.now()
      })
    }
  }

  const start = (): void => {
    new MutationObserver(check).observe(document.body, { attributes: true })
    check()
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
  else start()
}
