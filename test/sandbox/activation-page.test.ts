import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index'
import { escapeHtml } from '../../sandbox/activation-page'
import { manualClock, poll, requestCode, type ManualClock } from './helpers'

let sandbox: Sandbox
let clock: ManualClock

async function start(options: SandboxOptions = {}): Promise<void> {
  clock = manualClock()
  sandbox = await startSandbox({ port: 0, clock, interval: 0, ...options })
}

afterEach(async () => {
  await sandbox.close()
})

/** Submits the page's form the way a browser does. */
function submit(userCode: string, decision: string): Promise<Response> {
  return fetch(`${sandbox.url}/activate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user_code: userCode, decision }).toString(),
  })
}

/** The value of the code field, or undefined when the page shows no form. */
function codeField(html: string): string | undefined {
  return /<input id="user_code" name="user_code" value="([^"]*)"/.exec(html)?.[1]
}

describe('the activation page', () => {
  it('shows the user, an empty code field, and Approve and Decline buttons', async () => {
    await start({ user: { name: 'Ada Lovelace', username: 'ada' } })

    const response = await fetch(`${sandbox.url}/activate`)
    const html = await response.text()

    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    expect(html).toContain('Ada Lovelace')
    expect(html).toContain('@ada')
    expect(html).toContain('<img src="/images/avatar.png"')
    expect(codeField(html)).toBe('')
    expect(html).toMatch(/<form method="post" action="\/activate">/)
    expect(html).toContain('name="decision" value="approve"')
    expect(html).toContain('name="decision" value="decline"')
  })

  it('fills the code in from /activate/<code>, as the QR code of the TV opens it', async () => {
    await start()
    const code = await requestCode(sandbox)

    const html = await (await fetch(`${code.verification_url}/${code.user_code}`)).text()

    expect(codeField(html)).toBe(code.user_code)
    expect(html).not.toContain('class="message')
  })

  it('approves through the form, and the next poll gets the tokens', async () => {
    await start()
    const code = await requestCode(sandbox)

    const response = await submit(code.user_code.toLowerCase(), 'approve')

    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Approved')
    expect((await poll(sandbox, code.device_code)).status).toBe(200)
  })

  it('declines through the form, and the next poll gets 418', async () => {
    await start()
    const code = await requestCode(sandbox)

    const response = await submit(code.user_code, 'decline')

    expect(await response.text()).toContain('Declined')
    expect((await poll(sandbox, code.device_code)).status).toBe(418)
  })

  it('says so when a code is unknown, and keeps the form to try again', async () => {
    await start()

    const response = await submit('ZZZZ2222', 'approve')
    const html = await response.text()

    expect(response.status).toBe(404)
    expect(html).toContain('There is no code ZZZZ2222')
    expect(codeField(html)).toBe('ZZZZ2222')
  })

  it('says so when a code has expired, already from its link', async () => {
    await start({ expiresIn: 60 })
    const code = await requestCode(sandbox)
    clock.advance(60_000)

    const fromLink = await fetch(`${sandbox.url}/activate/${code.user_code}`)
    const fromForm = await submit(code.user_code, 'approve')

    expect(fromLink.status).toBe(410)
    expect(await fromLink.text()).toContain(`The code ${code.user_code} has expired`)
    expect(fromForm.status).toBe(410)
    expect(await fromForm.text()).toContain('has expired')
    expect((await poll(sandbox, code.device_code)).status).toBe(410)
  })

  it('says so when a code was already used, or already answered', async () => {
    await start()
    const used = await requestCode(sandbox)
    sandbox.approve(used.user_code)
    await poll(sandbox, used.device_code)
    const answered = await requestCode(sandbox)
    sandbox.decline(answered.user_code)

    const usedPage = await submit(used.user_code, 'approve')
    const answeredPage = await submit(answered.user_code, 'approve')

    expect(usedPage.status).toBe(409)
    expect(await usedPage.text()).toContain('already used')
    expect(answeredPage.status).toBe(409)
    expect(await answeredPage.text()).toContain('already answered')
    expect((await poll(sandbox, answered.device_code)).status).toBe(418)
  })

  it('asks for a code when the form is sent empty or without a decision', async () => {
    await start()

    const empty = await submit('', 'approve')
    const noDecision = await submit('ABCD2345', 'maybe')

    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain('Enter the code shown on your TV')
    expect(noDecision.status).toBe(400)
  })

  it('escapes everything it shows, from the path, the form and the user', async () => {
    await start({ user: { name: '<script>alert(1)</script>', username: 'a"b' } })

    const fromPath = await (await fetch(`${sandbox.url}/activate/%22%3E%3Cb%3Ex`)).text()
    const fromForm = await (await submit('"><img src=x onerror=alert(1)>', 'approve')).text()

    expect(fromPath).not.toContain('"><B>X')
    expect(fromPath).toContain('&quot;&gt;&lt;B&gt;X')
    expect(fromForm).not.toContain('<IMG SRC=X')
    expect(fromForm).not.toContain('<script>alert(1)</script>')
    expect(fromForm).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(fromForm).toContain('@a&quot;b')
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;')
  })

  it('forbids scripts and foreign resources on the page', async () => {
    await start()

    const response = await fetch(`${sandbox.url}/activate`)

    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
    expect(await response.text()).not.toMatch(/<script/i)
  })

  it('shows initials instead of an image for a user without an avatar', async () => {
    await start({ user: { name: 'Ada Lovelace', avatar: 'none' } })

    const html = await (await fetch(`${sandbox.url}/activate`)).text()

    expect(html).not.toContain('<img')
    expect(html).toContain('<span>AL</span>')
  })

  it('sends people from / to the activation page', async () => {
    await start()

    const response = await fetch(`${sandbox.url}/`, { redirect: 'manual' })

    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/activate')
  })
})
