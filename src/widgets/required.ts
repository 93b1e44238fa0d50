/**
 * Narrows a value that the template guarantees, such as a ref from `getByRef`, and fails
 * loudly at construction when a template and its refs drift apart.
 */
export function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`${what} is missing`)
  return value
}
