/**
 * Run effects concurrently and collect their results in the order they finish, like Python's
 * `asyncio.as_completed`: the fastest result comes first, with no sorting anywhere.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as Predicate from "effect/Predicate"
import * as Stream from "effect/Stream"
import type * as Types from "effect/Types"
import * as internal from "./internal/completion.js"
import * as validate from "./internal/validate.js"

/**
 * Options of {@link all}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Completion } from "effect-asyncio"
 *
 * const options: Completion.AllOptions = { concurrency: 4 }
 * console.log(options.concurrency) // 4
 * ```
 */
export interface AllOptions {
  /** How many effects may run at once; `"unbounded"` (the default) starts them all together, like `gather`. */
  readonly concurrency?: Types.Concurrency | undefined
}

/**
 * Options of {@link stream}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Completion } from "effect-asyncio"
 *
 * const options: Completion.StreamOptions = { concurrency: "unbounded" }
 * console.log(options.concurrency) // "unbounded"
 * ```
 */
export interface StreamOptions {
  /** How many effects may run at once; `"unbounded"` (the default) starts them all together. */
  readonly concurrency?: number | "unbounded" | undefined
}

/**
 * Runs every effect concurrently and succeeds with their results in completion order.
 *
 * With the default `concurrency: "unbounded"` all effects start together, so the call takes as long as the slowest
 * one, not the sum. A limit keeps at most that many running; results are still listed as they finish. The first
 * failure interrupts the effects still running and fails the whole; interrupting the call interrupts them all; when it
 * returns, in any way, none of its fibers is left running. A `concurrency` that is not a positive integer,
 * `"unbounded"` or `"inherit"` is a defect (`IllegalArgumentException`). Each pending effect costs one fiber and
 * little more: about 5 KB live, within 60 bytes of a bare `Effect.fork` of the same effect.
 *
 * @since 0.1.0
 * @category combinators
 * @example
 * ```ts
 * import { Effect, Fiber, TestClock, TestContext } from "effect"
 * import { Completion } from "effect-asyncio"
 *
 * const program = Effect.gen(function*() {
 *   const fiber = yield* Effect.fork(
 *     Completion.all([
 *       Effect.as(Effect.sleep("3 seconds"), "slow"),
 *       Effect.as(Effect.sleep("1 second"), "fast"),
 *       Effect.as(Effect.sleep("2 seconds"), "middle")
 *     ])
 *   )
 *   yield* TestClock.adjust("3 seconds")
 *   return yield* Fiber.join(fiber)
 * })
 *
 * Effect.runPromise(Effect.provide(program, TestContext.TestContext)).then(console.log)
 * // [ "fast", "middle", "slow" ]
 * ```
 */
export const all: {
  (
    options?: AllOptions | undefined
  ): <A, E, R>(effects: Iterable<Effect.Effect<A, E, R>>) => Effect.Effect<Array<A>, E, R>
  <A, E, R>(effects: Iterable<Effect.Effect<A, E, R>>, options?: AllOptions | undefined): Effect.Effect<Array<A>, E, R>
} = dual(
  (args) => Predicate.isIterable(args[0]),
  <A, E, R>(effects: Iterable<Effect.Effect<A, E, R>>, options?: AllOptions | undefined) =>
    internal.all(effects, options?.concurrency ?? "unbounded")
)

/**
 * Runs every effect concurrently and emits each result as soon as it is ready, fastest first.
 *
 * The streaming form of {@link all}, for consumers that want to act on each result as it lands (Python's
 * `async for x in as_completed(...)`). Stopping the stream early interrupts the effects still running.
 *
 * @since 0.1.0
 * @category combinators
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Completion } from "effect-asyncio"
 *
 * const first = Completion.stream([
 *   Effect.as(Effect.sleep("20 millis"), "slow"),
 *   Effect.as(Effect.sleep("10 millis"), "fast")
 * ]).pipe(Stream.take(1), Stream.runCollect)
 *
 * Effect.runPromise(first).then(console.log) // { _id: "Chunk", values: [ "fast" ] }
 * ```
 */
export const stream: {
  (
    options?: StreamOptions | undefined
  ): <A, E, R>(effects: Iterable<Effect.Effect<A, E, R>>) => Stream.Stream<A, E, R>
  <A, E, R>(effects: Iterable<Effect.Effect<A, E, R>>, options?: StreamOptions | undefined): Stream.Stream<A, E, R>
} = dual(
  (args) => Predicate.isIterable(args[0]),
  <A, E, R>(effects: Iterable<Effect.Effect<A, E, R>>, options?: StreamOptions | undefined) =>
    Stream.unwrap(Effect.suspend(() => {
      const concurrency = options?.concurrency ?? "unbounded"
      return concurrency !== "unbounded" && !(Number.isSafeInteger(concurrency) && concurrency > 0)
        ? validate.illegal("Completion.stream", "concurrency", concurrency, "a positive integer or \"unbounded\"")
        : Effect.succeed(
          Stream.fromIterable(effects).pipe(Stream.mapEffect((effect) => effect, { concurrency, unordered: true }))
        )
    }))
)
