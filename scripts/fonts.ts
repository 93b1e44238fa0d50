/**
 * Subsets the self-hosted fonts to the characters the app draws and writes them to
 * `static/fonts/` as woff2 (every TV engine this app targets reads woff2).
 *
 * Run with `npm run fonts` after changing the character sets; the output is committed so
 * that a build needs no font tooling.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import subsetFont from 'subset-font'

const require = createRequire(import.meta.url)

/** Printable ASCII, Latin-1 letters and the punctuation the screens use. */
const TEXT_CHARACTERS =
  Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('') +
  Array.from({ length: 0x100 - 0xa0 }, (_, i) => String.fromCharCode(0xa0 + i)).join('') +
  '‘’“”–—…•·→←'

/** Trakt's user codes are upper-case letters and digits; the countdown adds the colon. */
const CODE_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789: '

interface FontJob {
  readonly source: string
  readonly target: string
  readonly characters: string
}

const jobs: readonly FontJob[] = [
  {
    source: '@fontsource/inter/files/inter-latin-400-normal.woff2',
    target: 'static/fonts/Inter-Regular.woff2',
    characters: TEXT_CHARACTERS,
  },
  {
    source: '@fontsource/inter/files/inter-latin-600-normal.woff2',
    target: 'static/fonts/Inter-SemiBold.woff2',
    characters: TEXT_CHARACTERS,
  },
  {
    source: '@fontsource/jetbrains-mono/files/jetbrains-mono-latin-700-normal.woff2',
    target: 'static/fonts/JetBrainsMono-Bold.woff2',
    characters: CODE_CHARACTERS,
  },
]

for (const job of jobs) {
  const input = await readFile(require.resolve(job.source))
  const output = await subsetFont(input, job.characters, { targetFormat: 'woff2' })
  await writeFile(job.target, output)
  console.info(`${job.target}: ${input.length} → ${output.length} bytes`)
}

await copyFile(require.resolve('@fontsource/inter/LICENSE'), 'static/fonts/Inter-LICENSE.txt')
await copyFile(
  require.resolve('@fontsource/jetbrains-mono/LICENSE'),
  'static/fonts/JetBrainsMono-LICENSE.txt',
)
