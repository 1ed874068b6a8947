/**
 * Helpers for timed tests: the house pattern (fork the effect, advance the `TestClock`, join), seeds, order checks,
 * Node's active timers, and a hand-driven host for the library's clocks.
 */
import { assert } from "@effect/vitest"
import type { Duration } from "effect"
import { Effect, Fiber, Random, Scheduler, TestClock } from "effect"
import type * as ClockCore from "../../src/internal/clockCore.js"

/** Forks `self`, adjusts the `TestClock` by `by`, and joins: the result of `self`. */
export const adjusted = <A, E, R>(self: Effect.Effect<A, E, R>, by: Duration.DurationInput) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(self)
    yield* TestClock.adjust(by)
    return yield* Fiber.join(fiber)
  })

/** Runs `self` with `Random.make(seed)`. */
export const seeded = (seed: number) => <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.withRandom(self, Random.make(seed))

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

/** How many Node timeouts are active right now (timers the process would wait for). */
export const activeTimeouts = (): number => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length

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
  const timers: Array<{ readonly millis: number; readonly due: bigint; readonly fire: () => void }> = []
  let turns: Array<{ readonly fire: () => void; cancelled: boolean }> = []
  const host: ClockCore.Host = {
    monotonic: () => now,
    epoch: () => 0n,
    setTimer: (fire, millis) => timers.push({ millis, due: now + BigInt(millis) * 1_000_000n, fire }),
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
    /** Every timer armed so far, in order, with the host instant it is due at. */
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

/**
 * A scheduler whose work runs only when the test says: each fiber's queued steps wait for `run`,
 * as the command's scheduler (`cliNode.ts`) runs them in the next turn of Node's event loop.
 */
export const manualTurns = () => {
  let drains: Array<() => void> = []
  return {
    scheduler: Scheduler.makeBatched((drain) => {
      drains.push(drain)
    }),
    /** Runs the steps queued so far, not those they queue: one turn's worth. */
    run: () => {
      const due = drains
      drains = []
      for (const drain of due) {
        drain()
      }
    },
    /** How many fibers have steps waiting for the next turn. */
    get queued() {
      return drains.length
    }
  }
}
