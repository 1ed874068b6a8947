/**
 * The zero-interval path of `Comprehension.asyncGenerator`: random numbers emitted in chunks.
 *
 * `Stream.fromEffectRepeat` pulls one single-element chunk per number, far slower than a native async generator.
 * With nothing to wait for between numbers, this path reads the `Random` service once per run and fills whole chunks
 * synchronously from it: chance still comes only from `Random`, one draw per number in order, so a seeded `Random`
 * gives exactly the numbers the clock-driven path draws one by one.
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Stream from "effect/Stream"

/** @internal */
export const ChunkSize: number = Stream.DefaultChunkSize

/**
 * `count` numbers uniform in `[min, max)`, in chunks of {@link ChunkSize}, drawn from the `Random` service of the run
 * (`draw × (max - min) + min`, as `Random.nextBetween` computes it).
 *
 * @internal
 */
export const instantRange = (count: number, min: number, max: number): Stream.Stream<number> =>
  Stream.fromPull(Effect.map(Effect.service(Random.Random), (random) => {
    const width = max - min
    let left = count
    return Effect.suspend(() => {
      if (left === 0) {
        return Cause.done()
      }
      const size = Math.min(left, ChunkSize)
      const values = new Array<number>(size)
      for (let i = 0; i < size; i++) {
        values[i] = random.nextDoubleUnsafe() * width + min
      }
      left -= size
      return Effect.succeed(values as unknown as Arr.NonEmptyReadonlyArray<number>)
    })
  }))
