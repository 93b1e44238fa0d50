import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../../sandbox/config'
import { normalizeUserCode, TraktState } from '../../sandbox/state'
import { manualClock } from './helpers'

describe('TraktState', () => {
  it('measures the interval between arrivals, whatever the clock says when answering', () => {
    const clock = manualClock()
    const state = new TraktState(resolveConfig({ interval: 5 }), clock)
    const code = state.issueDeviceCode()
    const arrival = clock.now()

    state.poll(code.device_code, arrival)
    clock.advance(60_000)

    expect(state.poll(code.device_code, arrival + 4000).kind).toBe('too_fast')
    expect(state.poll(code.device_code, arrival + 9000).kind).toBe('pending')
  })

  it('reports each secret it creates', () => {
    const created: string[] = []
    const clock = manualClock()
    const state = new TraktState(resolveConfig(), clock, (secret) => created.push(secret))

    const code = state.issueDeviceCode()
    state.answer(code.user_code, 'approved')
    const outcome = state.poll(code.device_code, clock.now())

    expect(outcome.kind).toBe('approved')
    if (outcome.kind !== 'approved') return
    expect(created).toEqual([
      code.device_code,
      outcome.tokens.access_token,
      outcome.tokens.refresh_token,
    ])
  })

  it('accepts a user code typed in lower case, with spaces or a dash', () => {
    expect(normalizeUserCode(' 5055-cc52 ')).toBe('5055CC52')
    expect(normalizeUserCode('5055 CC52')).toBe('5055CC52')
  })
})
