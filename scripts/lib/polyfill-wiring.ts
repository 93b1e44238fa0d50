/**
 * Adds the AbortController polyfill to a production build. The CLI's es5 build brings
 * core-js 2 (with `Promise.prototype.finally`), whatwg-fetch and URL polyfills, but nothing
 * for `AbortController`, which arrived in Chrome 66; and Safari 12.0–12.1 (the es6 target)
 * has an `AbortController` whose signal does not cancel `fetch`. The polyfill checks both
 * itself and changes nothing on an engine that needs nothing.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

/** The script a build folder loads, relative to its `index.html`. */
export const POLYFILL_SCRIPT = 'js/abortcontroller-polyfill.js'

/** The polyfill's ES5 browser build that also makes `fetch` honour the polyfilled signal. */
const SOURCE = 'abortcontroller-polyfill/dist/polyfill-patch-fetch.js'

/**
 * Copies the polyfill into `distFolder` and loads it just before Lightning: after the es5
 * build's `polyfills.js`, because it wraps the `fetch` that whatwg-fetch installs.
 */
export function wirePolyfills(distFolder: string): void {
  const require = createRequire(import.meta.url)
  copyFileSync(require.resolve(SOURCE), join(distFolder, POLYFILL_SCRIPT))

  const indexPath = join(distFolder, 'index.html')
  const html = readFileSync(indexPath, 'utf8')
  const tag = `<script src="./${POLYFILL_SCRIPT}"></script>`
  if (html.includes(tag)) return

  const lightning = /^(\s*)<script src="\.\/js\/lightning[^"]*"><\/script>/m
  const match = lightning.exec(html)
  if (match === null) throw new Error(`${indexPath} loads no Lightning script: CLI changed?`)
  const indent = match[1] ?? ''
  writeFileSync(indexPath, html.replace(lightning, `${indent}${tag}\n${match[0]}`))
}
