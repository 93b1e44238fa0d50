import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'

test('the README shows the type-checked library example verbatim', () => {
  const readme = readFileSync('README.md', 'utf8')
  const example = readFileSync('examples/device-flow.ts', 'utf8')

  expect(readme).toContain('```ts\n' + example + '```')
})

test('the README names the two commands CI and newcomers run', () => {
  const readme = readFileSync('README.md', 'utf8')
  const ci = readFileSync('.ci/run', 'utf8')

  expect(readme).toContain('npm start')
  expect(readme).toContain('npm test')
  expect(ci).toMatch(/^npm test$/m)
})
