import { existsSync } from 'node:fs'
import { ensureChromium } from '../../scripts/lib/chromium'

/** Makes sure a browser and a build exist before any end-to-end test starts. */
export default function setup(): void {
  process.env.CHROMIUM_PATH = ensureChromium()
  if (!existsSync('build/index.html')) {
    throw new Error('No build/ folder: run `npm run build` before the end-to-end tests')
  }
}
