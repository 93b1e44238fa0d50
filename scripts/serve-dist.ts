/**
 * `npm run serve:dist [-- --es5]`: hosts the production build on every interface, so that a
 * box on the LAN (RDK's WPE, or a TV's browser) can load it. See `docs/sideloading.md`.
 */
import { networkInterfaces } from 'node:os'
import { ensureDist } from './lib/dist-build'
import { startStaticServer } from './lib/static-server'

const kind = process.argv.includes('--es5') ? 'es5' : 'es6'
const port = Number(process.env.PORT ?? 8080)

const root = ensureDist(kind)
const server = await startStaticServer({ root, host: '0.0.0.0', port })

const addresses = Object.values(networkInterfaces())
  .flatMap((entries) => entries ?? [])
  .filter((entry) => entry.family === 'IPv4' && !entry.internal)
  .map((entry) => `http://${entry.address}:${server.port}/`)

console.warn(
  `\nWARNING: ${root} is served to every machine on this network, with no password.\n` +
    'It holds the client id and secret baked into the build. Stop it (Ctrl-C) when done.',
)
console.info(`\nOn this machine: ${server.url}`)
for (const address of addresses) console.info(`On the LAN:      ${address}`)

process.on('SIGINT', () => {
  void server.close().then(() => process.exit(0))
})
