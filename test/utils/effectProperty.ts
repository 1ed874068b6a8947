/**
 * fast-check properties whose body is an effect, run inside an Effect test (`it.effect`, `it.live`): every sample runs
 * with the test's own services (its `TestClock`, its `Random`, …), and fast-check shrinks a failing sample as usual.
 */
import { Effect } from "effect"
import * as fc from "fast-check"

/** Checks `body` for every sample of `arbitrary` (fast-check's `asyncProperty` and `assert`), with the test's services. */
export const property = <T, E, R>(
  arbitrary: fc.Arbitrary<T>,
  body: (sample: T) => Effect.Effect<void, E, R>,
  parameters?: fc.Parameters<[T]>
): Effect.Effect<void, never, R> =>
  Effect.flatMap(Effect.context<R>(), (context) =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(arbitrary, (sample) => Effect.runPromiseWith(context)(body(sample))),
        parameters
      )
    ))
