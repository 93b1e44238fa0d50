import { afterAll, beforeAll, expect, test } from 'vitest'
import { Harness, pixel } from './harness'

let harness: Harness

beforeAll(async () => {
  harness = await Harness.launch()
})

afterAll(async () => {
  await harness.close()
})

test('the app draws its title on a dark stage and survives remote keys', async () => {
  const app = await harness.open()
  await app.page.waitForFunction(() => document.querySelector('canvas') !== null)
  await app.page.waitForTimeout(1500)

  const png = await app.screenshot('launch')
  expect(pixel(png, 1900, 1060).slice(0, 3)).toEqual([0x0e, 0x11, 0x16])

  let bright = 0
  for (let y = 54; y < 140; y++) {
    for (let x = 96; x < 600; x++) if ((pixel(png, x, y)[0] ?? 0) > 200) bright++
  }
  expect(bright).toBeGreaterThan(500)

  await app.press('ArrowDown')
  await app.press('ArrowRight')
  await app.press('Enter')
  expect(await app.page.evaluate(() => document.querySelector('canvas') !== null)).toBe(true)
  await app.close()
})

test('a font that fails to load still leaves a working app, drawn in the engine’s face', async () => {
  const app = await harness.open({
    beforeLoad: (page) => page.route('**/*.woff2', (route) => route.fulfill({ status: 404 })),
  })

  // No Trakt app is configured in this build's settings: the app says so, and can be driven.
  await app.waitFor('screen', 'problem')
  await app.waitFor('focused', 'Try again')
  await app.screenshot('launch-without-fonts')
  await app.close()
})
