/**
 * `npm start`: builds the app and serves it on http://127.0.0.1:8080.
 */
import { execFileSync } from 'node:child_process'
import { startStaticServer } from './lib/static-server'

const port = Number(process.env.PORT ?? 8080)

execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' })
const app = await startStaticServer({ root: 'build', port })
console.info(`\nThe TV app: ${app.url}\nPress Ctrl-C to stop.`)

process.on('SIGINT', () => {
  void app.close().then(() => process.exit(0))
})
