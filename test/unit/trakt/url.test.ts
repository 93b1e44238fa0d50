import { describe, expect, it } from 'vitest'
import { checkTraktConfig } from '../../../src/trakt/check-config'
import { TraktError } from '../../../src/trakt/errors'
import { isLoopbackHost, normaliseBaseUrl, parseHttpUrl } from '../../../src/trakt/url'
import { CLIENT_SECRET, CONFIG } from './fixtures'

describe('parseHttpUrl', () => {
  it('splits an absolute URL and lowercases scheme and host', () => {
    expect(parseHttpUrl('HTTPS://Auth.Trakt.TV:8443/a/b?c=1#d')).toEqual({
      scheme: 'https',
      host: 'auth.trakt.tv',
      port: '8443',
      rest: '/a/b?c=1#d',
    })
  })

  it.each([
    ['relative', '/oauth'],
    ['no scheme', 'auth.trakt.tv'],
    ['another scheme', 'ftp://auth.trakt.tv'],
    ['user info', 'https://user:pass@auth.trakt.tv'],
    ['user only', 'https://user@auth.trakt.tv'],
    ['a space', 'https://auth.trakt.tv/a b'],
    ['a tab in the host', 'http://127.0.0.1\t.evil.example'],
    ['a backslash', 'https://evil.example\\@auth.trakt.tv'],
    ['a backslash in the path', 'https://auth.trakt.tv/a\\b'],
    ['a percent-encoded host', 'http://127.0.0.1%2eevil.example'],
    ['port 0', 'https://auth.trakt.tv:0'],
    ['port too large', 'https://auth.trakt.tv:65536'],
    ['empty host', 'https:///oauth'],
    ['empty', ''],
  ])('refuses %s', (_, text) => {
    expect(parseHttpUrl(text)).toBeUndefined()
  })
})

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.0.0.2', '127.255.255.255', '127.1.2.3', 'localhost', '[::1]'])(
    'accepts %s',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true)
    },
  )

  it.each([
    '128.0.0.1',
    '10.0.0.1',
    '192.168.1.10',
    '0.0.0.0',
    '127.0.0.256',
    '127.0.0',
    '127.1',
    '127.0.0.01',
    '127.0.0.1.evil.example',
    'localhost.evil.example',
    'evil-localhost',
    '[::2]',
    '[::ffff:127.0.0.1]',
    'auth.trakt.tv',
  ])('refuses %s', (host) => {
    expect(isLoopbackHost(host)).toBe(false)
  })
})

describe('normaliseBaseUrl', () => {
  it.each([
    ['https://auth.trakt.tv', 'https://auth.trakt.tv'],
    ['https://auth.trakt.tv/', 'https://auth.trakt.tv'],
    ['https://proxy.example/trakt//', 'https://proxy.example/trakt'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://127.9.8.7', 'http://127.9.8.7'],
    ['http://localhost:3000/', 'http://localhost:3000'],
    ['http://LOCALHOST:3000', 'http://localhost:3000'],
    ['http://[::1]:4000', 'http://[::1]:4000'],
    ['https://[2001:db8::1]', 'https://[2001:db8::1]'],
  ])('accepts %s', (text, base) => {
    expect(normaliseBaseUrl(text)).toBe(base)
  })

  it.each([
    'http://auth.trakt.tv',
    'http://api.trakt.tv',
    'http://192.168.1.2:8080',
    'http://10.0.0.1',
    'http://0.0.0.0',
    'http://[::2]',
    'http://localhost.evil.example',
    'http://127.0.0.1.nip.io',
    'https://auth.trakt.tv?x=1',
    'https://auth.trakt.tv/#frag',
    'auth.trakt.tv',
    'ws://127.0.0.1',
  ])('refuses %s', (text) => {
    expect(normaliseBaseUrl(text)).toBeUndefined()
  })
})

describe('checkTraktConfig', () => {
  it('keeps the ids and normalises both base URLs', () => {
    expect(
      checkTraktConfig({
        ...CONFIG,
        oauthUrl: 'https://auth.trakt.tv/',
        apiUrl: 'http://[::1]:9/',
      }),
    ).toEqual({ ...CONFIG, apiUrl: 'http://[::1]:9', checked: true })
  })

  it.each([
    ['a missing client id', { clientId: '' }, 'client id is not configured'],
    ['a blank client id', { clientId: '   ' }, 'client id is not configured'],
    ['a client id with a space', { clientId: 'ab cd' }, 'client id contains'],
    ['a missing client secret', { clientSecret: '' }, 'client secret is not configured'],
    ['a blank client secret', { clientSecret: ' \n' }, 'client secret is not configured'],
    ['an http OAuth URL', { oauthUrl: 'http://auth.trakt.tv' }, 'oauthUrl is refused'],
    ['a relative OAuth URL', { oauthUrl: '/oauth' }, 'oauthUrl is refused'],
    ['an http API URL', { apiUrl: 'http://api.trakt.tv' }, 'apiUrl is refused'],
    ['an API URL with a query', { apiUrl: 'https://api.trakt.tv?a=b' }, 'apiUrl is refused'],
  ])('refuses %s with invalid_config', (_, change, message) => {
    let thrown: unknown
    try {
      checkTraktConfig({ ...CONFIG, ...change })
    } catch (error) {
      thrown = error
    }

    expect(thrown).toBeInstanceOf(TraktError)
    expect(thrown).toMatchObject({ code: 'invalid_config' })
    expect((thrown as Error).message).toContain(message)
    expect((thrown as Error).message).not.toContain(CLIENT_SECRET)
  })

  it('refuses values that are not strings, as a settings file can hold anything', () => {
    const broken = { ...CONFIG, clientSecret: 42 } as unknown as typeof CONFIG
    expect(() => checkTraktConfig(broken)).toThrow('client secret is not configured')
  })
})
