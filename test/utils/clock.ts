/**
 * The house pattern for timed tests: fork the effect, advance the `TestClock`, join.
 */
import type { Duration } from "effect"
import { Effect, Fiber, Random, TestClock } from "effect"

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
