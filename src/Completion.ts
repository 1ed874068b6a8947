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

/**
 * Options of {@link all} and {@link stream}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Completion } from "effect-asyncio"
 *
 * const options: Completion.Options = { concurrency: 4 }
 * console.log(options.concurrency) // 4
 * ```
 */
export interface Options {
  /**
   * How many effects may run at once: a positive integer or `"unbounded"` (the default: all start together, like
   * `gather`). Anything else is a defect (`IllegalArgumentError`), `"inherit"` included: Effect 4 has no ambient
   * concurrency limit to inherit.
   */
  readonly concurrency?: Types.Concurrency | undefined
}

/**
 * Runs every effect concurrently and succeeds with their results in completion order.
 *
 * With the default `concurrency: "unbounded"` all effects start together, so the call takes as long as the slowest
 * one, not the sum. A limit keeps at most that many running; results are still listed as they finish. The first
 * failure starts nothing new, interrupts the effects still running and fails the whole; interrupting the call
 * interrupts them all; when it returns, in any way, none of its fibers is left running. Each pending effect costs
 * one fiber and little more.
 *
 * @since 0.1.0
 * @category combinators
 * @example
 * ```ts
 * import { Effect, Fiber } from "effect"
 * import { TestClock } from "effect/testing"
 * import { Completion } from "effect-asyncio"
 *
 * const program = Effect.gen(function*() {
 *   const fiber = yield* Effect.forkChild(
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
 * Effect.runPromise(Effect.provide(program, TestClock.layer())).then(console.log)
 * // [ 'fast', 'middle', 'slow' ]
 * ```
 */
export const all: {
  (
    options?: Options | undefined
  ): <A, E, R>(effects: Iterable<Effect.Effect<A, E, R>>) => Effect.Effect<Array<A>, E, R>
  <A, E, R>(effects: Iterable<Effect.Effect<A, E, R>>, options?: Options | undefined): Effect.Effect<Array<A>, E, R>
} = dual(
  (args) => Predicate.isIterable(args[0]),
  <A, E, R>(effects: Iterable<Effect.Effect<A, E, R>>, options?: Options | undefined) =>
    Effect.flatMap(
      internal.limit("Completion.all", options?.concurrency),
      (limit) => internal.collect(internal.fromList(Array.from(effects)), limit)
    )
)

/**
 * How many results {@link stream} holds, under a concurrency limit, for a consumer that has not taken them yet.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { Completion } from "effect-asyncio"
 *
 * console.log(Completion.StreamBuffer) // 16
 * ```
 */
export const StreamBuffer: number = 16

/**
 * Runs every effect concurrently and emits each result as soon as it is ready, fastest first.
 *
 * The streaming form of {@link all}, for consumers that want to act on each result as it lands (Python's
 * `async for x in as_completed(...)`), with the same limits and failure handling. With a concurrency limit, results
 * wait for a slow consumer in a buffer of {@link StreamBuffer}; while it is full, a worker holds its result and
 * starts nothing new. Without one every effect has started already, so results wait in a buffer without bound.
 * Stopping the stream early interrupts the effects still running.
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
 * Effect.runPromise(first).then(console.log) // [ 'fast' ]
 * ```
 */
export const stream: {
  (
    options?: Options | undefined
  ): <A, E, R>(effects: Iterable<Effect.Effect<A, E, R>>) => Stream.Stream<A, E, R>
  <A, E, R>(effects: Iterable<Effect.Effect<A, E, R>>, options?: Options | undefined): Stream.Stream<A, E, R>
} = dual(
  (args) => Predicate.isIterable(args[0]),
  <A, E, R>(effects: Iterable<Effect.Effect<A, E, R>>, options?: Options | undefined) =>
    Stream.unwrap(Effect.map(
      internal.limit("Completion.stream", options?.concurrency),
      (limit) =>
        Stream.callback<A, E, R>(
          (queue) => Effect.suspend(() => internal.offerAll(internal.fromList(Array.from(effects)), limit, queue)),
          { bufferSize: limit === "unbounded" ? undefined : StreamBuffer }
        )
    ))
)
