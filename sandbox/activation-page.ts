/**
 * The page where a person approves or declines a user code, like Trakt's `/activate`: plain
 * server-rendered HTML and a form POST, readable on a phone, every value escaped.
 */
import type { SandboxUserOptions } from './config'
import { htmlReply, type Reply } from './reply'
import { normalizeUserCode, type ActivationOutcome, type TraktState } from './state'
import { AVATAR_PATH, BROKEN_AVATAR_PATH } from './user'

/** The activation page; `/activate/<user code>` fills the code in, as on Trakt. */
export const ACTIVATE_PATH = '/activate'

/** A request for the page, already parsed by the HTTP plumbing. */
export interface PageRequest {
  readonly method: string
  readonly path: string
  /** The form fields of a POST. */
  readonly form: URLSearchParams | undefined
}

type Tone = 'good' | 'bad' | 'neutral'

interface Message {
  readonly tone: Tone
  readonly text: string
  /** Whether the form is still worth showing after this message. */
  readonly showForm: boolean
}

/** Whether the page answers this path. */
export function isActivationPath(path: string): boolean {
  return path === ACTIVATE_PATH || path.startsWith(`${ACTIVATE_PATH}/`)
}

/** Answers a GET (show the form) or a POST (approve or decline) of the page. */
export function handleActivation(
  request: PageRequest,
  state: TraktState,
  user: SandboxUserOptions,
): Reply {
  if (request.method === 'POST') return answerCode(request.form, state, user)

  const fromPath = decodeSegment(request.path.slice(ACTIVATE_PATH.length + 1))
  const code = normalizeUserCode(fromPath)
  if (code === '') return htmlReply(200, renderPage({ user, code: '', message: undefined }))

  // A code in the path is checked at once, so a stale QR code says so before any tapping.
  const status = state.check(code)
  const message = status === 'pending' ? undefined : messageFor(status, code)
  return htmlReply(statusFor(status), renderPage({ user, code, message }))
}

function answerCode(
  form: URLSearchParams | undefined,
  state: TraktState,
  user: SandboxUserOptions,
): Reply {
  const code = normalizeUserCode(form?.get('user_code') ?? '')
  const decision = form?.get('decision')
  if (code === '' || (decision !== 'approve' && decision !== 'decline')) {
    const message: Message = {
      tone: 'bad',
      text: 'Enter the code shown on your TV.',
      showForm: true,
    }
    return htmlReply(400, renderPage({ user, code, message }))
  }

  const outcome = state.answer(code, decision === 'approve' ? 'approved' : 'declined')
  return htmlReply(
    statusFor(outcome),
    renderPage({ user, code, message: messageFor(outcome, code) }),
  )
}

function statusFor(outcome: ActivationOutcome | 'pending'): number {
  switch (outcome) {
    case 'unknown':
      return 404
    case 'expired':
      return 410
    case 'used':
    case 'answered':
      return 409
    default:
      return 200
  }
}

function messageFor(outcome: ActivationOutcome, code: string): Message {
  switch (outcome) {
    case 'approved':
      return {
        tone: 'good',
        text: 'Approved. Your TV signs in within a few seconds; you can put your phone away.',
        showForm: false,
      }
    case 'declined':
      return { tone: 'neutral', text: 'Declined. Your TV will not be signed in.', showForm: false }
    case 'unknown':
      return {
        tone: 'bad',
        text: `There is no code ${code}. Check the code on your TV and type it again.`,
        showForm: true,
      }
    case 'expired':
      return {
        tone: 'bad',
        text: `The code ${code} has expired. Ask your TV for a new code.`,
        showForm: true,
      }
    case 'used':
      return {
        tone: 'bad',
        text: `The code ${code} was already used to sign in. If your TV is not signed in, ask it for a new code.`,
        showForm: true,
      }
    case 'answered':
      return {
        tone: 'neutral',
        text: `The code ${code} was already answered. Your TV picks the answer up in a moment.`,
        showForm: false,
      }
  }
}

interface PageModel {
  readonly user: SandboxUserOptions
  readonly code: string
  readonly message: Message | undefined
}

function renderPage({ user, code, message }: PageModel): string {
  const displayName = user.name ?? user.username
  const avatarPath = user.avatar === 'broken' ? BROKEN_AVATAR_PATH : AVATAR_PATH
  // alt="" keeps a broken image invisible, so the initials underneath show instead.
  const avatar =
    user.avatar === 'none' ? '' : `<img src="${avatarPath}" alt="" width="64" height="64">`
  const notice =
    message === undefined
      ? ''
      : `<p class="message ${message.tone}" role="status">${escapeHtml(message.text)}</p>`
  const form =
    message !== undefined && !message.showForm
      ? `<p><a href="${ACTIVATE_PATH}">Enter another code</a></p>`
      : renderForm(code)

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Activate your TV · Trakt sandbox</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="badge">Trakt sandbox: for development, not the real Trakt</p>
<h1>Activate your TV</h1>
<section class="user" aria-label="Signed in as">
<span class="avatar" aria-hidden="true"><span>${escapeHtml(initials(displayName))}</span>${avatar}</span>
<span><strong>${escapeHtml(displayName)}</strong><br><span class="handle">@${escapeHtml(user.username)}</span></span>
</section>
${notice}
${form}
</main>
</body>
</html>
`
}

function renderForm(code: string): string {
  return `<form method="post" action="${ACTIVATE_PATH}">
<label for="user_code">Code shown on your TV</label>
<input id="user_code" name="user_code" value="${escapeHtml(code)}" maxlength="16" autocomplete="off" autocapitalize="characters" spellcheck="false" required>
<div class="actions">
<button type="submit" name="decision" value="approve" class="approve">Approve</button>
<button type="submit" name="decision" value="decline" class="decline">Decline</button>
</div>
</form>`
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#0e1116;color:#e8ecf1;font:18px/1.5 system-ui,sans-serif}
main{max-width:30rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
h1{font-size:1.6rem;margin:.5rem 0 1.25rem}
.badge{display:inline-block;margin:0;padding:.25rem .6rem;border-radius:1rem;background:#2a2f3a;color:#b9c2cf;font-size:.85rem}
.user{display:flex;align-items:center;gap:1rem;margin-bottom:1.5rem}
.avatar{position:relative;flex:none;width:64px;height:64px;border-radius:50%;overflow:hidden;background:#1d7a70;display:grid;place-items:center;font-weight:700;font-size:1.4rem}
.avatar img{position:absolute;inset:0}
.handle{color:#9aa5b4}
label{display:block;margin-bottom:.5rem;color:#b9c2cf}
input{width:100%;min-height:3.5rem;padding:.5rem 1rem;border:2px solid #3a4150;border-radius:.75rem;background:#161a21;color:#fff;font:600 1.6rem/1 ui-monospace,monospace;letter-spacing:.2em;text-transform:uppercase}
input:focus{outline:none;border-color:#4fd1c5}
.actions{display:flex;gap:.75rem;margin-top:1.25rem}
button{flex:1;min-height:3.5rem;border:0;border-radius:.75rem;font:600 1.1rem system-ui,sans-serif;cursor:pointer}
.approve{background:#4fd1c5;color:#0e1116}
.decline{background:#2a2f3a;color:#e8ecf1}
button:focus-visible{outline:3px solid #fff;outline-offset:2px}
.message{padding:1rem;border-radius:.75rem;background:#1b2028}
.message.good{border-left:4px solid #4fd1c5}
.message.bad{border-left:4px solid #f6ad55}
.message.neutral{border-left:4px solid #9aa5b4}
a{color:#4fd1c5}
`

function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '')
  return words
    .slice(0, 2)
    .map((word) => word.charAt(0).toUpperCase())
    .join('')
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** Text made safe for HTML content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char)
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
