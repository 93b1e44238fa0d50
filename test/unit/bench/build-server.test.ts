import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { withTrakt } from '../../../bench/build-server'

const script = (settings: object) => `
            const appSettings = ${JSON.stringify(settings, null, 2)}

            const platformSettings = {}
`

const hashOf = (body: string) =>
  `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`

function page(settings: object): string {
  const body = script(settings)
  const policy =
    `default-src 'self'; script-src 'self' ${hashOf(body)}; ` +
    `connect-src 'self' https://auth.trakt.tv https://api.trakt.tv; ` +
    `img-src 'self' data: https://auth.trakt.tv https://api.trakt.tv`
  return `<head><meta http-equiv="Content-Security-Policy" content="${policy}" /></head>
<body><script src="./js/appBundle.js"></script><script>${body}</script></body>`
}

const production = {
  stage: { clearColor: '0xff0e1116' },
  trakt: {
    clientId: '',
    clientSecret: '',
    oauthUrl: 'https://auth.trakt.tv',
    apiUrl: 'https://api.trakt.tv',
  },
}
const sandbox = {
  clientId: 'id',
  clientSecret: 'secret',
  oauthUrl: 'http://127.0.0.1:4000',
  apiUrl: 'http://127.0.0.1:4000',
}

describe('withTrakt', () => {
  it('replaces the inlined Trakt settings and keeps the others', () => {
    const html = withTrakt(Buffer.from(page(production)), sandbox).toString()

    const inlined = /const appSettings = (\{[\s\S]*?\n\})/.exec(html)?.[1] ?? ''
    expect(JSON.parse(inlined)).toEqual({ ...production, trakt: sandbox })
  })

  it('lets the policy run the new inline script and call the sandbox instead of Trakt', () => {
    const html = withTrakt(Buffer.from(page(production)), sandbox).toString()

    const policy = /content="([^"]*)"/.exec(html)?.[1] ?? ''
    const body = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? ''
    expect(policy).toContain(hashOf(body))
    expect(policy).toContain("connect-src 'self' http://127.0.0.1:4000")
    expect(policy).toContain("img-src 'self' data: http://127.0.0.1:4000")
    expect(policy).not.toContain('trakt.tv')
  })

  it('leaves the page alone without new settings', () => {
    const original = Buffer.from(page(production))
    expect(withTrakt(original, undefined)).toBe(original)
  })
})
