/**
 * `tsx scripts/package-polyfills.ts dist/es5`: the last step of `npm run dist` and
 * `npm run dist:es5`. See `scripts/lib/polyfill-wiring.ts` for what it adds and why, and
 * `scripts/lib/csp.ts` for the Content Security Policy it declares.
 */
import { injectCspFile } from './lib/csp'
import { wirePolyfills } from './lib/polyfill-wiring'
import { readTraktOrigins } from './lib/trakt-origins'

const folder = process.argv[2]
if (folder === undefined) throw new Error('Usage: tsx scripts/package-polyfills.ts <dist folder>')
wirePolyfills(folder)
injectCspFile(folder, readTraktOrigins())
