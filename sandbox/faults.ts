/**
 * Faults a test or a demo asks for: the next answers of one endpoint replaced by a status,
 * a delay, a broken body or a dropped connection, and a spell of being unreachable.
 */
import type { Clock } from './config'

/** One answer to give instead of (or before) the real one. */
export type Fault =
  /** This status, with an optional body (a string as-is, anything else as JSON) and headers. */
  | {
      readonly kind: 'status'
      readonly status: number
      readonly body?: unknown
      readonly headers?: Readonly<Record<string, string>>
    }
  /** A 429 (or the given status) with `Retry-After: seconds`, as a rate limiter sends. */
  | {
      readonly kind: 'retry_after'
      readonly seconds: number
      readonly status?: number
      readonly body?: unknown
    }
  /** The real answer, sent `ms` milliseconds late. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** 200 with a JSON content type and a body that is not JSON. */
  | { readonly kind: 'malformed' }
  /** 200 with a JSON content type and no body at all. */
  | { readonly kind: 'empty' }
  /** The socket destroyed without an answer. */
  | { readonly kind: 'drop' }

/** Queues of faults per path, and the unreachable spell. */
export class Faults {
  private readonly queues = new Map<string, Fault[]>()
  private unreachableUntilMs = 0

  constructor(private readonly clock: Clock) {}

  /** The next `count` requests to `path` (e.g. `/oauth/device/token`) get `fault`. */
  inject(path: string, fault: Fault, count = 1): void {
    const queue = this.queues.get(path) ?? []
    for (let i = 0; i < count; i++) queue.push(fault)
    this.queues.set(path, queue)
  }

  /** Takes the fault for a request to `path` that arrived now, if one is queued. */
  take(path: string): Fault | undefined {
    return this.queues.get(path)?.shift()
  }

  /** Every request is dropped for `ms` milliseconds from now; 0 ends a spell at once. */
  setUnreachable(ms: number): void {
    this.unreachableUntilMs = this.clock.now() + ms
  }

  /** Whether a request arriving at `nowMs` is dropped. */
  isUnreachable(nowMs: number): boolean {
    return nowMs < this.unreachableUntilMs
  }

  /** Forgets every queued fault and ends an unreachable spell. */
  clear(): void {
    this.queues.clear()
    this.unreachableUntilMs = 0
  }
}
