import { spawn, type ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { isLoopbackHost } from '../../sandbox/index'

let child: ChildProcess | undefined

afterEach(() => {
  child?.kill('SIGTERM')
  child = undefined
})

/** Runs the sandbox command and resolves with its output once `until` matches it. */
function runCli(args: string[], until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const tsx = 'node_modules/.bin/tsx'
    const started = spawn(tsx, ['sandbox/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    child = started
    let output = ''
    const read = (chunk: Buffer): void => {
      output += chunk.toString()
      if (until.test(output)) resolve(output)
    }
    started.stdout.on('data', read)
    started.stderr.on('data', read)
    started.once('exit', () => (until.test(output) ? resolve(output) : reject(new Error(output))))
  })
}

describe('npm run sandbox', { timeout: 60_000 }, () => {
  it('explains every flag with --help', async () => {
    const output = await runCli(['--help'], /--help/)

    for (const flag of ['--port', '--host', '--interval', '--expires-in', '--token-lifetime']) {
      expect(output).toContain(flag)
    }
  })

  it('runs with the lifetimes given as flags and prints where to approve', async () => {
    const output = await runCli(
      ['--port', '0', '--interval', '7', '--expires-in', '300', '--quiet'],
      /Press Ctrl-C/,
    )
    const url = /Trakt sandbox on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]

    const response = await fetch(`${url}/oauth/device/code`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_id: 'sandbox-client-id' }),
    })

    expect(output).toContain(`activation page: ${url}/activate`)
    expect(output).not.toMatch(/WARNING/)
    expect(await response.json()).toMatchObject({ interval: 7, expires_in: 300 })
  })

  it('refuses a flag value that is not a whole number', async () => {
    const output = await runCli(['--interval', 'soon'], /needs a whole number/)

    expect(output).toContain('--interval needs a whole number, not "soon"')
  })
})

describe('isLoopbackHost', () => {
  it('tells this machine’s addresses from those other machines can reach', () => {
    expect(['127.0.0.1', '127.0.0.2', 'localhost', '::1'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
    ])
    expect(['0.0.0.0', '::', '192.168.1.20'].map(isLoopbackHost)).toEqual([false, false, false])
  })
})
