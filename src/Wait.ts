/**
 * The function project's coroutines: `wait_random`, `wait_n` and `measure_time` as effects.
 *
 * Delays are plain numbers of seconds, as in the originals, slept at a resolution of whole milliseconds: a delay is
 * drawn uniformly from `0, 0.001, 0.002, … maxDelay` (both ends included). Whole milliseconds keep every reading of
 * a test clock an exact integer and match what Node's timers can honour. Time comes only from the `Clock` service and chance only from the `Random` service, so a test that
 * provides `TestClock` and `Random.withSeed(seed)` gets the same delays, in the same order, at the same instants.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as completion from "./internal/completion.js"
import * as delay from "./internal/delay.js"
import * as timeline from "./internal/timeline/record.js"
import * as looking from "./internal/tracer.js"
import * as validate from "./internal/validate.js"
import * as manyWaits from "./internal/waits.js"

/**
 * The default upper bound of {@link waitRandom}, in seconds, as in the original `wait_random(max_delay=10)`.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { Wait } from "effect-asyncio"
 *
 * console.log(Wait.DefaultMaxDelay) // 10
 * ```
 */
export const DefaultMaxDelay: number = 10

/**
 * The largest `maxDelay` the exercises accept, in seconds: 2^53 - 1 milliseconds (about 285,000 years), since a delay
 * is a whole number of milliseconds drawn from `Random`, which draws no integer beyond 2^53 - 1.
 *
 * @since 1.0.0
 * @category constants
 * @example
 * ```ts
 * import { Wait } from "effect-asyncio"
 *
 * console.log(Wait.MaxDelay) // 9007199254740.99
 * ```
 */
export const MaxDelay: number = validate.MaxSeconds

/**
 * The largest `n` of {@link waitN} and `taskWaitN`: 2^32 - 1, the longest JavaScript array, which holds their delays.
 *
 * @since 1.0.0
 * @category constants
 * @example
 * ```ts
 * import { Wait } from "effect-asyncio"
 *
 * console.log(Wait.MaxCount) // 4294967295
 * ```
 */
export const MaxCount: number = validate.MaxArrayLength

/**
 * Sleeps a random delay between 0 and `maxDelay` seconds (both included) and succeeds with the delay it slept.
 *
 * The delay is drawn from the `Random` service and slept through the `Clock`; `waitRandom(0)` succeeds with 0 at
 * once. `maxDelay` is a bound, not a cap on the default: `waitRandom(15)` may wait more than 10 seconds. A negative
 * or NaN `maxDelay`, or one above 2^53 - 1 milliseconds (about 285,000 years, beyond which not every whole
 * millisecond can be drawn), is a defect (`IllegalArgumentError`).
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Effect, Random } from "effect"
 * import { waitRandom } from "effect-asyncio"
 *
 * const program = waitRandom(0.05).pipe(Random.withSeed(42))
 * Effect.runPromise(program).then(console.log) // 0.011 (seconds slept; the same for the same seed)
 * ```
 */
export const waitRandom = (maxDelay: number = DefaultMaxDelay): Effect.Effect<number> =>
  Effect.suspend(() => validate.seconds("Wait.waitRandom", "maxDelay", maxDelay) ?? delay.waitRandom(maxDelay))

/**
 * Runs `n` {@link waitRandom} at once and succeeds with their delays in the order they finished.
 *
 * The list comes out ascending because the shorter waits finish first: nothing sorts it. All waits start together,
 * so the whole takes as long as the longest delay, not their sum. `waitN(10, 0)` gives ten zeros and `waitN(0, 10)`
 * gives `[]`. A negative, fractional or NaN `n`, or a bad `maxDelay`, is a defect. Interrupting it interrupts every
 * wait still pending. The waits are labelled `wait-0`, `wait-1`, … (in start order): spans for `Timeline` and for tracers.
 * Under `LiveClock` and `VirtualTime`, where nothing traces them, the waits are queued on the clock with no fiber
 * each: the same delays, order and instants, at a fraction of the memory, and interrupted in one pass.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Effect, Fiber, Random } from "effect"
 * import { TestClock } from "effect/testing"
 * import { waitN } from "effect-asyncio"
 *
 * const program = Effect.gen(function*() {
 *   const fiber = yield* Effect.forkChild(waitN(5, 5))
 *   yield* TestClock.adjust("5 seconds")
 *   return yield* Fiber.join(fiber)
 * }).pipe(Random.withSeed(1), Effect.provide(TestClock.layer()))
 *
 * Effect.runPromise(program).then(console.log) // [ 0.936, 1.68, 3.083, 3.97, 4.91 ]
 * ```
 */
export const waitN = (n: number, maxDelay: number): Effect.Effect<Array<number>> =>
  Effect.suspend(() =>
    validate.count("Wait.waitN", "n", n) ??
      validate.seconds("Wait.waitN", "maxDelay", maxDelay) ??
      manyWaits.all(n, maxDelay, waits(n, delay.waitRandomShared(maxDelay, n)))
  )

// The n labelled waits, each made when its worker starts it: one shared wait effect, and a label per wait made then
// (not n effects and n labels up front, which at a million lived through the whole launch). A label is a span only
// when the fiber is traced (see `timeline.label`); the workers run with this fiber's context, so when it is not, the
// waits are the shared effect itself and a wait costs no label at all.
const waits = (n: number, wait: Effect.Effect<number>): Effect.Effect<Array<number>> =>
  Effect.withFiber((fiber) =>
    completion.collect(
      { n, effectAt: looking.isTraced(fiber) ? (i) => timeline.label(wait, `wait-${i}`) : () => wait },
      "unbounded"
    )
  )

/**
 * Measures the time `waitN(n, maxDelay)` takes on the `Clock` and succeeds with it divided by `n`, in seconds.
 *
 * Since the waits run concurrently, the total is about the largest delay, so the result is at most about
 * `maxDelay / n`. `n = 0` is a defect (there is nothing to average), as are the bad arguments of {@link waitN}.
 *
 * @since 0.1.0
 * @category measuring
 * @example
 * ```ts
 * import { Effect, Fiber, Random } from "effect"
 * import { TestClock } from "effect/testing"
 * import { measureTime } from "effect-asyncio"
 *
 * const program = Effect.gen(function*() {
 *   const fiber = yield* Effect.forkChild(measureTime(5, 9))
 *   yield* TestClock.adjust("9 seconds")
 *   return yield* Fiber.join(fiber)
 * }).pipe(Random.withSeed(1), Effect.provide(TestClock.layer()))
 *
 * Effect.runPromise(program).then(console.log) // 1.7673999999999999 (8.837 s, the largest of five delays, over 5)
 * ```
 */
export const measureTime = (n: number, maxDelay: number): Effect.Effect<number> =>
  Effect.suspend(() =>
    validate.positiveCount("Wait.measureTime", "n", n) ??
      validate.seconds("Wait.measureTime", "maxDelay", maxDelay) ??
      Effect.map(Effect.timed(waitN(n, maxDelay)), ([elapsed]) => Duration.toSeconds(elapsed) / n)
  )
