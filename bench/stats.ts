/** The few statistics the benchmark quotes: medians of runs and nearest-rank percentiles. */

/** The middle value (the mean of the two middle ones for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN

  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  if (sorted.length % 2 === 1) return sorted[middle] ?? NaN
  return ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2
}

/**
 * The nearest-rank percentile: the smallest value with at least `p` percent of the values at
 * or below it. With few samples p95 is the largest, which errs on the safe side.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN

  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1] ?? NaN
}

/** Rounds to `digits` decimals, for figures that are quoted rather than computed on. */
export function round(value: number, digits = 0): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
