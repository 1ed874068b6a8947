/**
 * The two-way bridge between native async iteration (`for await`, async generators, hand-made async iterators)
 * and `Stream`, with cleanup that runs on the other side before an early exit completes.
 *
 * - {@link toStream} turns a *function that makes* an async iterable into a stream. The function is called on every
 *   run, so every run starts fresh (`Stream.fromAsyncIterable(gen())` works only once: a generator object is its
 *   own, single-use iterator). When the stream stops early (`Stream.take`, interruption, a failure downstream) the
 *   iterator's `return()` is awaited, so an async generator's `finally` has run before the stream's scope closes.
 * - {@link fromStream} turns a stream into an async iterable. Each `for await` runs the stream afresh in one fiber,
 *   pulling a chunk only when the loop asks for a value. Leaving the loop early (`break`, `return`, a throw) awaits
 *   `return()`, which interrupts that fiber and waits for the stream's finalizers, so they have run before the loop
 *   exits. A failing stream rejects with its error after its finalizers have run.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import { dual } from "effect/Function"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Runtime from "effect/Runtime"
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
): Effect.Effect<Source<A>, Option.Option<AsyncIterableError>> =>
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
    catch: (cause) => Option.some(new AsyncIterableError({ cause }))
  })

const returnRejected = "AsyncIterable.toStream: the iterator's return() rejected while closing it early"

const close = <A>(source: Source<A>): Effect.Effect<void> =>
  Effect.suspend(() => {
    if (source.finished) {
      return Effect.void
    }
    source.finished = true
    source.controller.abort()
    return Effect.catchAll(
      Effect.tryPromise({
        try: async () => {
          await source.iterator.return?.()
        },
        catch: (reason) => reason
      }),
      (reason) => Effect.zipRight(Effect.logWarning(returnRejected, Cause.die(reason)), Effect.die(reason))
    )
  })

const next = <A>(source: Source<A>): Effect.Effect<A, Option.Option<AsyncIterableError>> =>
  Effect.flatMap(
    Effect.tryPromise({
      try: () => source.iterator.next(),
      catch: (cause) => {
        source.finished = true
        return Option.some(new AsyncIterableError({ cause }))
      }
    }),
    (result) => {
      if (result.done === true) {
        source.finished = true
        return Effect.fail(Option.none())
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
 * `return()` is awaited as the stream's finalizer, so a generator's `finally` has run by the time the stream ends.
 * It is not called after the iterable finished or threw, as `for await` would not call it. What `make` throws, or
 * the iterable throws, fails the stream with an {@link AsyncIterableError} wrapping it; that includes a `finally`
 * that throws when the generator runs to its end, since it throws from the last `next()`.
 *
 * A `return()` that rejects (a `finally` that throws on an early stop) is a defect: the run of the stream dies with
 * the rejection itself, next to whatever else ended it. After `Stream.take`, `Stream.runHead` or `Stream.takeWhile`
 * the run dies with it alone; after a failure downstream the cause holds the failure and then the defect; when the
 * consuming fiber is interrupted its exit holds the interruption and the defect. The rejection is also logged, with
 * `Effect.logWarning` and the defect as the log's cause, because on two kinds of path Effect v3 drops a finalizer's
 * defect and the log is all that is left of it:
 *
 * - the consuming fiber is interrupted by something that discards its exit: the loser of `Effect.race`, the effect
 *   `Effect.timeout` gave up on;
 * - the stream runs inside `Stream.flatMap` (on either side), `Stream.zip` or `Stream.merge`, and is stopped early
 *   from downstream (`Stream.take` after the `flatMap`): Effect's channel executor does not pass on the failures of
 *   the finalizers it closes there, so the run succeeds.
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
 * import { Chunk, Effect, Stream } from "effect"
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
 * Effect.runPromise(program).then((chunk) => console.log(Chunk.toArray(chunk)))
 * // generator closed
 * // [ 0, 1, 2 ]
 * ```
 */
export const toStream = <A>(make: (signal: AbortSignal) => AsyncIterable<A>): Stream.Stream<A, AsyncIterableError> =>
  // Not `Stream.acquireRelease` / `unwrapScoped`: both put the release behind a `flatMap`, where an early stop drops
  // its defect. A finalizer on the stream itself reaches the consumer.
  Stream.suspend(() => {
    let source: Source<A> | undefined
    const pull = Effect.suspend(() =>
      source === undefined
        ? Effect.flatMap(open(make, (opened) => (source = opened)), (opened) => next(opened))
        : next(source)
    )
    return Stream.ensuring(
      Stream.repeatEffectOption(pull),
      Effect.suspend(() => source === undefined ? Effect.void : close(source))
    )
  })

interface Pending<A> {
  readonly resolve: (result: IteratorResult<A>) => void
  readonly reject: (reason: unknown) => void
}

const done: IteratorReturnResult<undefined> = { done: true, value: undefined }

const failureOf = <E>(cause: Cause.Cause<E>): unknown =>
  Option.getOrElse(Cause.failureOption(cause), () => Cause.squash(cause))

const makeIterator = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  runtime: Runtime.Runtime<R>
): AsyncIterableIterator<A> => {
  const demand = Effect.runSync(Queue.unbounded<void>())
  const buffer: Array<A> = []
  const pending: Array<Pending<A>> = []
  let fiber: Fiber.RuntimeFiber<void, E> | undefined
  let requested = false
  let finished = false
  let failure: Option.Option<unknown> = Option.none()

  const deliver = (chunk: Chunk.Chunk<A>): void => {
    requested = false
    for (const value of chunk) {
      const waiter = pending.shift()
      if (waiter === undefined) {
        buffer.push(value)
      } else {
        waiter.resolve({ done: false, value })
      }
    }
    if (pending.length > 0) {
      request()
    }
  }

  const run = Effect.scoped(Effect.gen(function*() {
    const pull = yield* Stream.toPull(self)
    while (true) {
      yield* Queue.take(demand)
      let chunk = Chunk.empty<A>()
      while (Chunk.isEmpty(chunk)) {
        const next = yield* Effect.catchAll(
          Effect.map(pull, (chunk) => Option.some(chunk)),
          (error) => Option.isNone(error) ? Effect.succeed(Option.none()) : Effect.fail(error.value)
        )
        if (Option.isNone(next)) {
          return
        }
        chunk = next.value
      }
      deliver(chunk)
    }
  }))

  const settle = (exit: Exit.Exit<void, E>): void => {
    if (finished) {
      return
    }
    finished = true
    if (Exit.isFailure(exit)) {
      const reason = failureOf(exit.cause)
      const waiter = pending.shift()
      if (waiter === undefined) {
        failure = Option.some(reason)
      } else {
        waiter.reject(reason)
      }
    }
    for (const waiter of pending.splice(0)) {
      waiter.resolve(done)
    }
  }

  const request = (): void => {
    if (requested) {
      return
    }
    requested = true
    if (fiber === undefined) {
      fiber = Runtime.runFork(runtime)(run)
      fiber.addObserver(settle)
    }
    Queue.unsafeOffer(demand, undefined)
  }

  return {
    [Symbol.asyncIterator]() {
      return this
    },
    next() {
      if (buffer.length > 0) {
        return Promise.resolve({ done: false, value: buffer.shift()! })
      }
      if (finished) {
        if (Option.isSome(failure)) {
          const reason = failure.value
          failure = Option.none()
          return Promise.reject(reason)
        }
        return Promise.resolve(done)
      }
      return new Promise<IteratorResult<A>>((resolve, reject) => {
        pending.push({ resolve, reject })
        request()
      })
    },
    return() {
      finished = true
      buffer.length = 0
      failure = Option.none()
      for (const waiter of pending.splice(0)) {
        waiter.resolve(done)
      }
      if (fiber === undefined) {
        return Promise.resolve(done)
      }
      return Effect.runPromise(Effect.as(Fiber.interrupt(fiber), done))
    }
  }
}

/**
 * An async iterable over `self` that runs it with the services of `runtime`; the general form of
 * {@link fromStream}.
 *
 * Each `[Symbol.asyncIterator]()` (each `for await`) runs the stream afresh in its own fiber. A chunk is pulled
 * only when the loop asks for a value and the previous chunk is used up, so the stream never runs ahead of the loop.
 * When the stream ends, its finalizers run before the loop sees the end; when it fails, they run before the loop
 * sees the error (the typed error itself, or the defect); when the loop exits early, `return()` interrupts the
 * fiber and resolves only after the finalizers ran. Calls to `next()` after the end resolve `{ done: true }`.
 *
 * @since 0.1.0
 * @category destructors
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { AsyncIterable, Range } from "effect-asyncio"
 *
 * const program = Effect.gen(function*() {
 *   const runtime = yield* Effect.runtime<never>()
 *   const numbers = AsyncIterable.fromStreamRuntime(Range.range(3), runtime)
 *   return yield* Effect.promise(async () => {
 *     const seen: Array<number> = []
 *     for await (const n of numbers) seen.push(n)
 *     return seen
 *   })
 * })
 * Effect.runPromise(program).then(console.log) // [ 0, 1, 2 ]
 * ```
 */
export const fromStreamRuntime: {
  <R>(runtime: Runtime.Runtime<R>): <A, E>(self: Stream.Stream<A, E, R>) => AsyncIterable<A>
  <A, E, R>(self: Stream.Stream<A, E, R>, runtime: Runtime.Runtime<R>): AsyncIterable<A>
} = dual(
  2,
  <A, E, R>(self: Stream.Stream<A, E, R>, runtime: Runtime.Runtime<R>): AsyncIterable<A> => ({
    [Symbol.asyncIterator]: () => makeIterator(self, runtime)
  })
)

/**
 * An async iterable over a stream that needs no services, run on the default runtime: the stream as something
 * `for await` can loop over.
 *
 * See {@link fromStreamRuntime} for the guarantees; use {@link fromStreamEffect} when the stream needs services.
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
export const fromStream = <A, E>(self: Stream.Stream<A, E>): AsyncIterable<A> =>
  fromStreamRuntime(self, Runtime.defaultRuntime)

/**
 * An effect that captures the current services and succeeds with an async iterable over `self`, which may need
 * them (`R`); see {@link fromStreamRuntime}.
 *
 * @since 0.1.0
 * @category destructors
 * @example
 * ```ts
 * import { Context, Effect, Stream } from "effect"
 * import { AsyncIterable } from "effect-asyncio"
 *
 * class Prefix extends Context.Tag("Prefix")<Prefix, string>() {}
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
 * Effect.runPromise(program).then(console.log) // [ "hello ada", "hello alan" ]
 * ```
 */
export const fromStreamEffect = <A, E, R>(self: Stream.Stream<A, E, R>): Effect.Effect<AsyncIterable<A>, never, R> =>
  Effect.map(Effect.runtime<R>(), (runtime) => fromStreamRuntime(self, runtime))
