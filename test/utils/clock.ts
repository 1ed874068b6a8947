/**
 * Helpers for timed tests: the house pattern (fork the effect, advance the `TestClock`, join), seeds, order checks,
 * the timers a test leaves armed, and a hand-driven host for the library's clocks.
 */
import { assert } from "@effect/vitest"
import type { Duration } from "effect"
import { Effect, Fiber, Random } from "effect"
import { TestClock } from "effect/testing"
import type * as ClockCore from "../../src/internal/clock/core.js"

/** Forks `self`, adjusts the `TestClock` by `by`, and joins: the result of `self`. */
export const adjusted = <A, E, R>(self: Effect.Effect<A, E, R>, by: Duration.Input) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.forkChild(self)
    yield* TestClock.adjust(by)
    return yield* Fiber.join(fiber)
  })

/** Runs `self` with `Random` seeded by `seed`. */
export const seeded = (seed: number) => <A, E, R>(self: Effect.Effect<A, E, R>) => Random.withSeed(self, seed)

/** The number of pairs `i < j` with `values[i] > values[j]`. */
export const inversions = (values: ReadonlyArray<number>): number => {
  let count = 0
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      if (values[i]! > values[j]!) count++
    }
  }
  return count
}

/** Whether `values` is in non-decreasing order. */
export const isAscending = (values: ReadonlyArray<number>): boolean =>
  values.every((value, i) => i === 0 || values[i - 1]! <= value)

/** What {@link trackTimers} reports: the timers set while it was open that have neither fired nor been cleared. */
export interface TimerLedger {
  readonly pending: () => number
}

/**
 * Counts the timers set through `globalThis.setTimeout` and `setInterval` while the scope is open, and forgets each as
 * it fires or is cleared: exactly what the code under test leaves behind. Node's process-wide count also sees the
 * test runner's own timers (its RPC timeouts come and go under load) and a timer whose callback is running.
 */
export const trackTimers = Effect.acquireRelease(
  Effect.sync(() => {
    const original = {
      setTimeout: globalThis.setTimeout,
      clearTimeout: globalThis.clearTimeout,
      setInterval: globalThis.setInterval,
      clearInterval: globalThis.clearInterval
    }
    const pending = new Set<object>()
    const forget = (handle: unknown) => {
      if (typeof handle === "object" && handle !== null) pending.delete(handle)
      else for (const known of pending) if (Number(known) === Number(handle)) pending.delete(known)
    }
    const setTimeoutTracked = (
      callback: (...args: Array<unknown>) => void,
      millis?: number,
      ...args: Array<unknown>
    ) => {
      const handle: object = original.setTimeout(
        (...passed: Array<unknown>) => {
          pending.delete(handle)
          callback(...passed)
        },
        millis,
        ...args
      )
      pending.add(handle)
      return handle
    }
    const setIntervalTracked = (
      callback: (...args: Array<unknown>) => void,
      millis?: number,
      ...args: Array<unknown>
    ) => {
      const handle: object = original.setInterval(callback, millis, ...args)
      pending.add(handle)
      return handle
    }
    const clear = (clearer: (handle: never) => void) => (handle: unknown) => {
      forget(handle)
      clearer(handle as never)
    }
    Object.defineProperties(setTimeoutTracked, Object.getOwnPropertyDescriptors(original.setTimeout))
    Object.defineProperties(setIntervalTracked, Object.getOwnPropertyDescriptors(original.setInterval))
    const globals = globalThis as unknown as Record<keyof typeof original, unknown>
    globals.setTimeout = setTimeoutTracked
    globals.setInterval = setIntervalTracked
    globals.clearTimeout = clear(original.clearTimeout)
    globals.clearInterval = clear(original.clearInterval)
    return { original, globals, ledger: { pending: () => pending.size } }
  }),
  ({ globals, original }) => Effect.sync(() => Object.assign(globals, original))
).pipe(Effect.map(({ ledger }): TimerLedger => ledger))

/** Nanoseconds in `millis` milliseconds (fractions allowed, rounded to the nanosecond). */
export const nanosOfMillis = (millis: number): bigint => BigInt(Math.round(millis * 1e6))

/** Lets the event loop turn once (a real turn: what a hand-driven host does not control). */
export const nextTurn = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

/** Lets the event loop turn until `predicate` holds (at most `max` turns); fails the test if it never does. */
export const until = (predicate: () => boolean, max = 200) =>
  Effect.gen(function*() {
    for (let i = 0; i < max && !predicate(); i++) {
      yield* nextTurn
    }
    assert.isTrue(predicate(), "condition not reached")
  })

/**
 * A hand-driven host for either clock: its time moves only when the test says so, and the timers and next-turn
 * callbacks the clock arms are recorded for the test to fire.
 */
export const manualHost = (startMillis: number) => {
  let now = nanosOfMillis(startMillis)
  let cleared = 0
  const timers: Array<{ readonly millis: number; readonly fire: () => void }> = []
  let turns: Array<{ readonly fire: () => void; cancelled: boolean }> = []
  const host: ClockCore.Host = {
    monotonic: () => now,
    epoch: () => 0n,
    setTimer: (fire, millis) => timers.push({ millis, fire }),
    clearTimer: () => {
      cleared++
    },
    setImmediate: (fire) => {
      const turn = { fire, cancelled: false }
      turns.push(turn)
      return turn
    },
    clearImmediate: (handle) => {
      ;(handle as { cancelled: boolean }).cancelled = true
    }
  }
  return {
    host,
    /** Every timer armed so far, in order. */
    timers,
    /** How many timers the clock cleared. */
    get cleared() {
      return cleared
    },
    /** How many next-turn callbacks are armed and not yet run. */
    get pendingTurns() {
      return turns.filter((turn) => !turn.cancelled).length
    },
    /** Runs the next-turn callbacks armed so far (not those they arm), as one turn of the event loop would. */
    turn: () => {
      const due = turns
      turns = []
      for (const turn of due) {
        if (!turn.cancelled) {
          turn.fire()
        }
      }
    },
    advance: (millis: number) => {
      now += nanosOfMillis(millis)
    },
    set: (millis: number) => {
      now = nanosOfMillis(millis)
    },
    setNanos: (nanos: bigint) => {
      now = nanos
    }
  }
}
