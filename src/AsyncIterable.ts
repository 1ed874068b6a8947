/**
 * The two-way bridge between native async iteration (`for await`, async generators, hand-made async iterators)
 * and `Stream`, with cleanup that runs on the other side before an early exit completes.
 *
 * - {@link toStream} turns a *function that makes* an async iterable into a stream. The function is called on every
 *   run, so every run starts fresh (`Stream.fromAsyncIterable(gen())` works only once: a generator object is its
 *   own, single-use iterator). When the stream stops early (`Stream.take`, interruption, a failure downstream) the
 *   iterator's `return()` is awaited, so an async generator's `finally` has run before the run of the stream ends.
 * - {@link fromStream} turns a stream into an async iterable (Effect's own `Stream.toAsyncIterable`). Each
 *   `for await` runs the stream afresh, pulling a chunk only when the loop asks for a value. Leaving the loop early
 *   (`break`, `return`, a throw) awaits `return()`, which interrupts the pull in progress and waits for the stream's
 *   finalizers, so they have run before the loop exits. A failing stream rejects with its error after its
 *   finalizers have run.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type * as Pull from "effect/Pull"
import * as Stream from "effect/Stream"

/**
 * The failure of a stream made by {@link toStream}: the async iterable threw (or its `next()` rejected) with
 * `cause`.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { AsyncIterable } from "effect-asyncio"
 *
 * const failing = AsyncIterable.toStream(async function*() {
 *   yield 1
 *   throw new Error("boom")
 * })
 * const program = Stream.runCollect(failing).pipe(
 *   Effect.catchTag("AsyncIterableError", (error) => Effect.succeed(error.message))
 * )
 * Effect.runPromise(program).then(console.log) // "async iterable failed: boom"
 * ```
 */
export class AsyncIterableError extends Data.TaggedError("AsyncIterableError")<{
  /** What the async iterable threw. */
  readonly cause: unknown
}> {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `async iterable failed: ${this.cause instanceof Error ? this.cause.message : String(this.cause)}`
  }
}

interface Source<A> {
  readonly iterator: AsyncIterator<A>
  readonly controller: AbortController
  finished: boolean
}

const open = <A>(
  make: (signal: AbortSignal) => AsyncIterable<A>,
  opened: (source: Source<A>) => void
): Effect.Effect<Source<A>, AsyncIterableError> =>
  Effect.try({
    try: (): Source<A> => {
      const controller = new AbortController()
      const source: Source<A> = {
        controller,
        finished: false,
        iterator: make(controller.signal)[Symbol.asyncIterator]()
      }
      opened(source)
      return source
    },
    catch: (cause) => new AsyncIterableError({ cause })
  })

const returnRejected = "AsyncIterable.toStream: the iterator's return() rejected while closing it early"

const close = <A>(source: Source<A>): Effect.Effect<void> =>
  Effect.suspend(() => {
    if (source.finished) {
      return Effect.void
    }
    source.finished = true
    source.controller.abort()
    return Effect.catch(
      Effect.tryPromise({
        try: async () => {
          await source.iterator.return?.()
        },
        catch: (reason) => reason
      }),
      (reason) => Effect.andThen(Effect.logWarning(returnRejected, Cause.die(reason)), Effect.die(reason))
    )
  })

const next = <A>(source: Source<A>): Pull.Pull<A, AsyncIterableError> =>
  Effect.flatMap(
    Effect.tryPromise({
      try: () => source.iterator.next(),
      catch: (cause) => {
        source.finished = true
        return new AsyncIterableError({ cause })
      }
    }),
    (result) => {
      if (result.done === true) {
        source.finished = true
        return Cause.done()
      }
      return Effect.succeed(result.value)
    }
  )

/**
 * A stream of the values of the async iterable that `make` returns; `make` is called again on every run.
 *
 * Pass the generator function itself (or `() => new MyIterable()`), not a generator object: a stream built from
 * one object could run only once. Values are pulled one at a time, only when downstream asks for them. When the
 * stream stops before the iterable is exhausted (`Stream.take`, interruption, a failure downstream), the iterator's
 * `return()` is awaited as the stream's finalizer, so a generator's `finally` has run by the time the run ends
 * (after the finalizers placed downstream of a `Stream.take`, which Effect 4 runs first). It is not called after the
 * iterable finished or threw, as `for await` would not call it. What `make` throws, or the iterable throws, fails
 * the stream with an {@link AsyncIterableError} wrapping it; that includes a `finally` that throws when the
 * generator runs to its end, since it throws from the last `next()`.
 *
 * A `return()` that rejects (a `finally` that throws on an early stop) is a defect: the run of the stream dies with
 * the rejection itself, next to whatever else ended it. After `Stream.take`, `Stream.runHead` or `Stream.takeWhile`
 * (inside `Stream.flatMap` or `Stream.zip` too) the run dies with it alone; after a failure downstream it dies with
 * both, the failure first (Effect 4 turns a failure into a defect when a finalizer dies); when the consuming fiber
 * is interrupted its exit holds the interruption and the defect. The rejection is also logged, with
 * `Effect.logWarning` and the defect as the log's cause, because on some paths Effect drops a finalizer's defect
 * and the log is all that is left of it:
 *
 * - the consuming fiber is interrupted by something that discards its exit: the loser of `Effect.race`, the effect
 *   `Effect.timeout` gave up on;
 * - the stream runs inside `Stream.merge` and is stopped early from downstream: the run succeeds.
 *
 * JavaScript cannot cancel a pending `await`, and a generator's `return()` waits for the step in progress. So
 * `make` receives an `AbortSignal` of its run, aborted on an early stop just before `return()` is called: a
 * generator that passes it to what it awaits (`fetch`, `timers/promises`, `events.once`) is stopped at once; one
 * that ignores it is closed when its pending step settles.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { AsyncIterable } from "effect-asyncio"
 *
 * async function* naturals() {
 *   let n = 0
 *   try {
 *     while (true) yield n++
 *   } finally {
 *     console.log("generator closed")
 *   }
 * }
 *
 * const program = AsyncIterable.toStream(naturals).pipe(Stream.take(3), Stream.runCollect)
 * Effect.runPromise(program).then(console.log)
 * // generator closed
 * // [ 0, 1, 2 ]
 * ```
 */
export const toStream = <A>(make: (signal: AbortSignal) => AsyncIterable<A>): Stream.Stream<A, AsyncIterableError> =>
  // A finalizer on the stream itself (`Stream.ensuring`), not a release under `Stream.unwrap`: that one waits for the
  // run's scope, so on interruption the generator would be closed after the finalizers downstream of it.
  Stream.suspend(() => {
    let source: Source<A> | undefined
    const pull = Effect.suspend(() =>
      source === undefined
        ? Effect.flatMap(open(make, (opened) => (source = opened)), (opened) => next(opened))
        : next(source)
    )
    return Stream.ensuring(
      Stream.fromEffectRepeat(pull),
      Effect.suspend(() => source === undefined ? Effect.void : close(source))
    )
  })

/**
 * An async iterable over `self` that runs it with the services of `context`; the general form of
 * {@link fromStream}.
 *
 * This is Effect's own `Stream.toAsyncIterableWith`, whose behaviour is the bridge's contract: each
 * `[Symbol.asyncIterator]()` (each `for await`) runs the stream afresh. A chunk is pulled only when the loop asks
 * for a value and the previous chunk is used up, so the stream never runs ahead of the loop. When the stream ends,
 * its finalizers run before the loop sees the end; when it fails, they run before the loop sees the error (the
 * typed error itself, or the defect); when the loop exits early, `return()` interrupts the pull in progress and
 * resolves only after the finalizers ran (and rejects if one of them failed). Calls to `next()` after the end
 * resolve `{ done: true }`, and calls made before an earlier one settles are answered in the order they were made.
 *
 * @since 1.0.0
 * @category destructors
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { AsyncIterable, Range } from "effect-asyncio"
 *
 * const program = Effect.gen(function*() {
 *   const context = yield* Effect.context<never>()
 *   const numbers = AsyncIterable.fromStreamWith(Range.range(3), context)
 *   return yield* Effect.promise(async () => {
 *     const seen: Array<number> = []
 *     for await (const n of numbers) seen.push(n)
 *     return seen
 *   })
 * })
 * Effect.runPromise(program).then(console.log) // [ 0, 1, 2 ]
 * ```
 */
export const fromStreamWith: {
  <XR>(context: Context.Context<XR>): <A, E, R extends XR>(self: Stream.Stream<A, E, R>) => AsyncIterable<A>
  <A, E, XR, R extends XR>(self: Stream.Stream<A, E, R>, context: Context.Context<XR>): AsyncIterable<A>
} = Stream.toAsyncIterableWith

/**
 * An async iterable over a stream that needs no services, run with Effect's default ones: the stream as something
 * `for await` can loop over.
 *
 * See {@link fromStreamWith} for the guarantees; use {@link fromStreamEffect} when the stream needs services.
 *
 * @since 0.1.0
 * @category destructors
 * @example
 * ```ts
 * import { Console, Stream } from "effect"
 * import { AsyncIterable, Range } from "effect-asyncio"
 *
 * const numbers = Range.range(10).pipe(Stream.ensuring(Console.log("stream finalized")))
 * const main = async () => {
 *   for await (const n of AsyncIterable.fromStream(numbers)) {
 *     if (n === 2) break
 *     console.log(n)
 *   }
 *   console.log("after the loop")
 * }
 * main() // 0, 1, "stream finalized", "after the loop"
 * ```
 */
export const fromStream: <A, E>(self: Stream.Stream<A, E>) => AsyncIterable<A> = Stream.toAsyncIterable

/**
 * An effect that captures the current services and succeeds with an async iterable over `self`, which may need
 * them (`R`); see {@link fromStreamWith}.
 *
 * @since 0.1.0
 * @category destructors
 * @example
 * ```ts
 * import { Context, Effect, Stream } from "effect"
 * import { AsyncIterable } from "effect-asyncio"
 *
 * class Prefix extends Context.Service<Prefix, string>()("Prefix") {}
 *
 * const greetings = Stream.make("ada", "alan").pipe(Stream.mapEffect((name) => Effect.map(Prefix, (p) => p + name)))
 * const program = Effect.gen(function*() {
 *   const iterable = yield* AsyncIterable.fromStreamEffect(greetings)
 *   return yield* Effect.promise(async () => {
 *     const names: Array<string> = []
 *     for await (const name of iterable) names.push(name)
 *     return names
 *   })
 * }).pipe(Effect.provideService(Prefix, "hello "))
 * Effect.runPromise(program).then(console.log) // [ 'hello ada', 'hello alan' ]
 * ```
 */
export const fromStreamEffect: <A, E, R>(self: Stream.Stream<A, E, R>) => Effect.Effect<AsyncIterable<A>, never, R> =
  Stream.toAsyncIterableEffect
