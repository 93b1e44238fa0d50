/**
 * `npm run package:icons`: rasterises `platforms/icon.svg` to every size in `ICON_SIZES`.
 * The PNGs are committed; run this only after changing the SVG.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { Resvg } from '@resvg/resvg-js'
import { ICON_SIZES, ICON_SOURCE } from './lib/icon-sizes'

const svg = readFileSync(ICON_SOURCE)

for (const icon of ICON_SIZES) {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: icon.size } }).render().asPng()
  writeFileSync(icon.file, png)
  console.info(`${icon.file}: ${icon.size} × ${icon.size} px, for ${icon.usedBy}`)
}
