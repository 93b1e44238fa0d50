import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../scripts/lib/csp'

function directive(policy: string, name: string): string[] {
  const found = policy.split('; ').find((part) => part.startsWith(`${name} `))
  return found === undefined ? [] : found.split(' ').slice(1)
}

describe('contentSecurityPolicy', () => {
  it('limits connections to the page and the Trakt hosts', () => {
    const policy = contentSecurityPolicy({
      connectOrigins: ['https://auth.trakt.tv', 'https://api.trakt.tv'],
    })

    expect(directive(policy, 'connect-src')).toEqual([
      "'self'",
      'https://auth.trakt.tv',
      'https://api.trakt.tv',
    ])
    expect(directive(policy, 'default-src')).toEqual(["'self'"])
  })

  it("adds 'unsafe-inline' after hashes, for engines older than CSP level 2", () => {
    const policy = contentSecurityPolicy({ connectOrigins: [], scriptHashes: ["'sha256-abc'"] })

    expect(directive(policy, 'script-src')).toEqual([
      "'self'",
      "'unsafe-eval'",
      "'sha256-abc'",
      "'unsafe-inline'",
    ])
  })

  it('never allows inline scripts without a hash to pin them', () => {
    const policy = contentSecurityPolicy({ connectOrigins: [] })

    expect(directive(policy, 'script-src')).not.toContain("'unsafe-inline'")
  })
})
