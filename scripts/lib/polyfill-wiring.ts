/**
 * Adds the AbortController polyfill to a production build. The CLI's es5 build brings
 * core-js 2 (with `Promise.prototype.finally`), whatwg-fetch and URL polyfills, but nothing
 * for `AbortController`, which arrived in Chrome 66; and Safari 12.0–12.1 (the es6 target)
 * has an `AbortController` whose signal does not cancel `fetch`. Every other engine needs
 * nothing, so the page loads the polyfill only after a small inline test says it must.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

/** The script a build folder loads where needed, relative to its `index.html`. */
export const POLYFILL_SCRIPT = 'js/abortcontroller-polyfill.js'

/** The polyfill's ES5 browser build that also makes `fetch` honour the polyfilled signal. */
const SOURCE = 'abortcontroller-polyfill/dist/polyfill-patch-fetch.js'

/**
 * The inline script that loads the polyfill, in ES5 for the oldest engines. Its test is the
 * polyfill's own (`polyfillNeeded`): no `AbortController` at all, or a `Request` without
 * `signal` (Safari 12.0–12.1). `document.write` makes the polyfill a parser-blocking script,
 * so it still runs after `polyfills.js` and before Lightning, like a plain tag; the page's
 * Content Security Policy allows this script by its hash (`scripts/lib/csp.ts`).
 */
export const POLYFILL_LOADER =
  '<script>' +
  "if (!window.AbortController || (typeof Request === 'function' && " +
  "!Request.prototype.hasOwnProperty('signal'))) " +
  `document.write('<script src="./${POLYFILL_SCRIPT}"><\\/script>')` +
  '</script>'

/**
 * Copies the polyfill into `distFolder` and puts its loader just before Lightning: after the
 * es5 build's `polyfills.js`, because the polyfill wraps the `fetch` that whatwg-fetch
 * installs.
 */
export function wirePolyfills(distFolder: string): void {
  const require = createRequire(import.meta.url)
  copyFileSync(require.resolve(SOURCE), join(distFolder, POLYFILL_SCRIPT))

  const indexPath = join(distFolder, 'index.html')
  const html = readFileSync(indexPath, 'utf8')
  if (html.includes(POLYFILL_LOADER)) return

  const lightning = /^(\s*)<script src="\.\/js\/lightning[^"]*"><\/script>/m
  const match = lightning.exec(html)
  if (match === null) throw new Error(`${indexPath} loads no Lightning script: CLI changed?`)
  const indent = match[1] ?? ''
  writeFileSync(indexPath, html.replace(lightning, `${indent}${POLYFILL_LOADER}\n${match[0]}`))
}
