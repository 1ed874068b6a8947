/**
 * Python's `range` as a `Stream`: `range(stop)`, `range(start, stop)` and `range(start, stop, step)`.
 *
 * The seed texts build the same range three times, as an async-iterator class, as an async generator and as a
 * loop; here it is a pure, pull-based stream, so it needs no timer and no cleanup, and every run starts again
 * from `start`. Pace it with `Stream.schedule` when each number should take time.
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as validate from "./internal/validate.js"

/**
 * How many numbers {@link range} puts in one chunk, as `Stream.range` does.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { Range } from "effect-asyncio"
 *
 * console.log(Range.ChunkSize) // 4096
 * ```
 */
export const ChunkSize: number = 4096

const integer = (argument: string, value: number): Effect.Effect<never> | undefined =>
  typeof value === "number" && Number.isSafeInteger(value)
    ? undefined
    : validate.illegal("Range.range", argument, value, "a safe integer")

const lengthOf = (start: number, stop: number, step: number): number =>
  step > 0
    ? Math.max(0, Math.ceil((stop - start) / step))
    : Math.max(0, Math.ceil((start - stop) / -step))

const unsafeRange = (start: number, stop: number, step: number): Stream.Stream<number> =>
  Stream.unfoldChunk(0, (emitted) => {
    const left = lengthOf(start, stop, step) - emitted
    if (left <= 0) {
      return Option.none()
    }
    const size = Math.min(left, ChunkSize)
    const first = start + emitted * step
    return Option.some([Chunk.makeBy(size, (i) => first + i * step), emitted + size] as const)
  })

/**
 * The integers of Python's `range`: `range(stop)` counts `0, 1, … stop - 1`; `range(start, stop)` counts
 * `start, start + 1, … stop - 1`; `range(start, stop, step)` counts by `step`, down when `step` is negative.
 *
 * The stop is excluded, and an empty range (`range(5, 2)`, `range(0)`) is an empty stream, as in Python (Effect's
 * own `Stream.range(min, max)` includes `max`). Every argument must be a safe integer and `step` must not be 0;
 * anything else is a defect (`IllegalArgumentException`), raised when the stream runs.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Chunk, Effect, Stream } from "effect"
 * import { Range } from "effect-asyncio"
 *
 * const program = Effect.all([
 *   Stream.runCollect(Range.range(5)),
 *   Stream.runCollect(Range.range(2, 5)),
 *   Stream.runCollect(Range.range(10, 0, -3))
 * ])
 * Effect.runPromise(program).then((chunks) => console.log(chunks.map((chunk) => Chunk.toArray(chunk))))
 * // [ [ 0, 1, 2, 3, 4 ], [ 2, 3, 4 ], [ 10, 7, 4, 1 ] ]
 * ```
 */
export const range: {
  (stop: number): Stream.Stream<number>
  (start: number, stop: number, step?: number | undefined): Stream.Stream<number>
} = (...args: [number] | [number, number, (number | undefined)?]): Stream.Stream<number> =>
  Stream.unwrap(Effect.suspend(() => {
    const [start, stop, step] = args.length === 1 ? [0, args[0], 1] : [args[0], args[1], args[2] ?? 1]
    return integer("start", start) ?? integer("stop", stop) ?? integer("step", step) ??
      (step === 0
        ? validate.illegal("Range.range", "step", step, "non-zero")
        : Effect.succeed(unsafeRange(start, stop, step)))
  }))
