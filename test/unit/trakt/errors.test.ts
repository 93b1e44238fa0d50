import { describe, expect, it } from 'vitest'
import { isTraktError, TraktError } from '../../../src/trakt/errors'

describe('TraktError', () => {
  it('keeps code, status, path and Retry-After, and says which codes are transient', () => {
    const error = new TraktError('rate_limited', 'slow down', {
      status: 429,
      path: '/oauth/device/code',
      retryAfterSeconds: 5,
    })

    expect(error).toMatchObject({ name: 'TraktError', code: 'rate_limited', status: 429 })
    expect(error.retryAfterSeconds).toBe(5)
    expect(error.transient).toBe(true)
    expect(new TraktError('invalid_grant', 'dead').transient).toBe(false)
  })

  it('keeps its cause out of its JSON, as a native cause is', () => {
    const cause = new Error('secret-bearing detail')
    const error = new TraktError('network', 'Trakt could not be reached', { cause })

    expect((error as { cause?: unknown }).cause).toBe(cause)
    expect(Object.keys(error)).not.toContain('cause')
    expect(JSON.stringify(error)).not.toContain('cause')
  })

  it('is recognised across realms by name and code', () => {
    const foreign = { name: 'TraktError', code: 'network', message: 'x' }

    expect(isTraktError(new TraktError('server', 'x'))).toBe(true)
    expect(isTraktError(foreign)).toBe(true)
    expect(isTraktError({ name: 'TraktError' })).toBe(false)
    expect(isTraktError(new Error('x'))).toBe(false)
    expect(isTraktError(null)).toBe(false)
  })
})
