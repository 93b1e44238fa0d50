import { describe, expect, it } from 'vitest'
import { median, percentile } from '../../../bench/stats'

describe('median', () => {
  it('takes the middle of an odd count and the mean of the middle two of an even one', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })

  it('is NaN without values', () => {
    expect(median([])).toBeNaN()
  })
})

describe('percentile (nearest rank)', () => {
  it('answers the smallest value with p percent at or below it', () => {
    const values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    expect(percentile(values, 50)).toBe(50)
    expect(percentile(values, 95)).toBe(100)
    expect(percentile(values, 10)).toBe(10)
  })

  it('answers the largest value for p95 of a few samples', () => {
    expect(percentile([3, 1, 2], 95)).toBe(3)
  })
})
