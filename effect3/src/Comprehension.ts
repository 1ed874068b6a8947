/**
 * The comprehension project: `async_generator`, `async_comprehension` and `measure_runtime`, where an async
 * generator is a `Stream` and an async comprehension is `Stream.runCollect`.
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Stream from "effect/Stream"
import * as generator from "./internal/generator.js"
import * as streamInterval from "./internal/streamInterval.js"
import * as timeline from "./internal/timeline.js"
import * as validate from "./internal/validate.js"

/**
 * Options of {@link asyncGenerator}; the defaults are the exercise's.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Comprehension } from "effect-asyncio"
 *
 * const fast: Comprehension.GeneratorOptions = { count: 3, interval: "10 millis" }
 * console.log(fast.count) // 3
 * ```
 */
export interface GeneratorOptions {
  /** How many numbers to emit; 10 by default. */
  readonly count?: number | undefined
  /** How long to sleep before each number; 1 second by default. */
  readonly interval?: Duration.DurationInput | undefined
}

/**
 * How many numbers {@link asyncGenerator} emits by default.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { Comprehension } from "effect-asyncio"
 *
 * console.log(Comprehension.DefaultCount) // 10
 * ```
 */
export const DefaultCount: number = 10

/**
 * How long {@link asyncGenerator} sleeps before each number by default.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import { Comprehension } from "effect-asyncio"
 *
 * console.log(Duration.format(Comprehension.DefaultInterval)) // "1s"
 * ```
 */
export const DefaultInterval: Duration.Duration = Duration.seconds(1)

/**
 * A stream of ten random numbers in [0, 10], each emitted after sleeping one second: the async generator of the
 * exercise.
 *
 * Each run is fresh: running the stream again draws new numbers (from the `Random` service) and sleeps again
 * (through the `Clock`), as calling `async_generator()` again does. Under `TestClock` the numbers come at exactly
 * 1 s, 2 s, … 10 s. The options change the count and the interval; a negative or fractional count is a defect.
 * With a zero interval there is nothing to wait for, so the numbers come in chunks from a fast generator seeded once
 * per run from `Random`: the same seed still replays the same numbers, though not the ones a non-zero interval draws.
 * Each wait-and-draw is labelled `emit` (a span for `Timeline` and for tracers); the zero-interval chunks are not
 * labelled. An interval that is not a finite, non-negative duration is a defect.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { asyncGenerator } from "effect-asyncio"
 *
 * const program = asyncGenerator({ interval: "10 millis" }).pipe(
 *   Stream.runForEach((n) => Effect.log(n)) // ten numbers, 10 ms apart
 * )
 * Effect.runPromise(program)
 * ```
 */
export const asyncGenerator = (options?: GeneratorOptions | undefined): Stream.Stream<number> =>
  Stream.unwrap(Effect.map(plan("Comprehension.asyncGenerator", options), (checked) => generate(checked)))

/** The checked options of one generator run: the count and the decoded interval. */
interface Plan {
  readonly count: number
  readonly interval: Duration.Duration
}

/** Checks the options once, with the calling function's name in any defect. */
const plan = (fn: string, options: GeneratorOptions | undefined): Effect.Effect<Plan> =>
  Effect.suspend(() => {
    const count = options?.count ?? DefaultCount
    return validate.count(fn, "count", count) ??
      Effect.map(streamInterval.decode(fn, options?.interval ?? DefaultInterval), (interval) => ({ count, interval }))
  })

const generate = ({ count, interval }: Plan): Stream.Stream<number> =>
  Duration.isZero(interval)
    ? generator.instantRange(count, 0, 10)
    : Stream.repeatEffect(timeline.label(Effect.zipRight(Effect.sleep(interval), Random.nextRange(0, 10)), "emit"))
      .pipe(Stream.take(count))

const collect = (checked: Plan): Effect.Effect<Array<number>> =>
  Effect.map(Stream.runCollect(generate(checked)), (chunk) => Chunk.toArray(chunk))

/**
 * Collects {@link asyncGenerator} into an array: the async comprehension `[i async for i in async_generator()]`.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Effect, Fiber, Random, TestClock, TestContext } from "effect"
 * import { asyncComprehension } from "effect-asyncio"
 *
 * const program = Effect.gen(function*() {
 *   const fiber = yield* Effect.fork(asyncComprehension())
 *   yield* TestClock.adjust("10 seconds")
 *   return yield* Fiber.join(fiber)
 * }).pipe(Effect.withRandom(Random.make(3)), Effect.provide(TestContext.TestContext))
 *
 * Effect.runPromise(program).then(console.log) // ten numbers in [0, 10], in the order they were generated
 * ```
 */
export const asyncComprehension = (options?: GeneratorOptions | undefined): Effect.Effect<Array<number>> =>
  Effect.flatMap(plan("Comprehension.asyncComprehension", options), (checked) => collect(checked))

/**
 * Runs four {@link asyncComprehension} at once (`Effect.all`, unbounded concurrency, as `asyncio.gather`) and
 * succeeds with the elapsed seconds on the `Clock`: about 10, not 40.
 *
 * Each comprehension spends its ten seconds asleep, and a sleeping fiber holds nothing, so the four sleep side by
 * side: the total is the longest of the four, not their sum. Under `TestClock` it is exactly 10.
 * The four are labelled `comprehension-0` … `comprehension-3`: spans for `Timeline` and for tracers.
 *
 * @since 0.1.0
 * @category measuring
 * @example
 * ```ts
 * import { Effect, Fiber, TestClock, TestContext } from "effect"
 * import { measureRuntime } from "effect-asyncio"
 *
 * const program = Effect.gen(function*() {
 *   const fiber = yield* Effect.fork(measureRuntime())
 *   yield* TestClock.adjust("10 seconds")
 *   return yield* Fiber.join(fiber)
 * }).pipe(Effect.provide(TestContext.TestContext))
 *
 * Effect.runPromise(program).then(console.log) // 10
 * ```
 */
export const measureRuntime = (options?: GeneratorOptions | undefined): Effect.Effect<number> =>
  Effect.flatMap(plan("Comprehension.measureRuntime", options), (checked) =>
    Effect.map(
      Effect.timed(
        Effect.all(
          Array.from({ length: 4 }, (_, i) => timeline.label(collect(checked), `comprehension-${i}`)),
          { concurrency: "unbounded" }
        )
      ),
      ([elapsed]) => Duration.toSeconds(elapsed)
    ))
