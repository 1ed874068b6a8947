import { assert, describe, it } from "@effect/vitest"
import { Cause, Chunk, Context, Data, Deferred, Effect, Exit, Fiber, HashSet, Logger, Stream } from "effect"
import * as Bridge from "effect-asyncio/AsyncIterable"
import * as Range from "effect-asyncio/Range"

class Boom extends Data.TaggedError("Boom")<{ readonly at: number }> {}

const makeLog = () => {
  const entries: Array<string> = []
  return {
    entries,
    push: (entry: string) => {
      entries.push(entry)
    },
    effect: (entry: string) => Effect.sync(() => entries.push(entry))
  }
}

type Log = ReturnType<typeof makeLog>

// Waits (in real event-loop turns) until `entry` has been logged by the other side.
const untilLogged = (log: Log, entry: string) =>
  Effect.promise(async () => {
    while (!log.entries.includes(entry)) {
      await new Promise((resolve) => setImmediate(resolve))
    }
  })

// An infinite async generator that logs every step of its life.
const naturals = (log: Log) =>
  async function*() {
    log.push("gen: start")
    try {
      for (let n = 0;; n++) {
        log.push(`gen: yield ${n}`)
        yield n
      }
    } finally {
      log.push("gen: finally")
    }
  }

// The consuming side of a bridged generator: logs each value and its own finalizer.
const consume = <A, E, R>(log: Log, stream: Stream.Stream<A, E, R>) =>
  stream.pipe(
    Stream.tap((value) => log.effect(`stream: got ${String(value)}`)),
    Stream.ensuring(log.effect("stream: finalizer")),
    Stream.runCollect,
    Effect.map((chunk) => Chunk.toArray(chunk))
  )

// A generator whose finally throws `thrown`: closing it early makes its return() reject with `thrown`.
const throwingFinally = (log: Log, thrown: Error) =>
  async function*() {
    try {
      for (let n = 0;; n++) {
        yield n
      }
    } finally {
      log.push("gen: finally")
      // eslint-disable-next-line no-unsafe-finally
      throw thrown
    }
  }

// Records what is logged at warning level and above, with its cause.
const makeWarnings = () => {
  const entries: Array<{ readonly level: string; readonly message: unknown; readonly cause: Cause.Cause<unknown> }> = []
  const logger = Logger.make(({ cause, logLevel, message }) => {
    if (logLevel._tag === "Warning" || logLevel._tag === "Error" || logLevel._tag === "Fatal") {
      entries.push({ level: logLevel.label, message, cause })
    }
  })
  return { entries, layer: Logger.add(logger) }
}

const returnRejected = "AsyncIterable.toStream: the iterator's return() rejected while closing it early"

// A stream that logs acquisition, each element it produces, and its release; one element per chunk.
const resource = (log: Log, stream: Stream.Stream<number, Boom>) =>
  Stream.acquireRelease(log.effect("stream: acquire"), () => log.effect("stream: release")).pipe(
    Stream.flatMap(() => stream.pipe(Stream.rechunk(1), Stream.tap((n) => log.effect(`stream: emit ${n}`))))
  )

describe("AsyncIterable", () => {
  describe("toStream", () => {
    it.effect("completion - every value in order, then the generator's finally, then the stream's finalizer", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const values = yield* consume(
          log,
          Bridge.toStream(async function*() {
            try {
              yield* ["a", "b"]
              log.push("gen: last line")
            } finally {
              log.push("gen: finally")
            }
          })
        )
        assert.deepStrictEqual(values, ["a", "b"])
        assert.deepStrictEqual(log.entries, [
          "stream: got a",
          "stream: got b",
          "gen: last line",
          "gen: finally",
          "stream: finalizer"
        ])
      }))

    it.effect("early exit - take(3) pulls exactly three values and the generator's finally runs first", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const values = yield* consume(log, Bridge.toStream(naturals(log)).pipe(Stream.take(3)))
        assert.deepStrictEqual(values, [0, 1, 2])
        assert.deepStrictEqual(log.entries, [
          "gen: start",
          "gen: yield 0",
          "stream: got 0",
          "gen: yield 1",
          "stream: got 1",
          "gen: yield 2",
          "stream: got 2",
          "gen: finally",
          "stream: finalizer"
        ])
      }))

    it.effect("failure - a throw fails the stream with AsyncIterableError wrapping it, after both cleanups", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const thrown = new Error("boom")
        const exit = yield* Effect.exit(consume(
          log,
          Bridge.toStream(async function*() {
            try {
              yield 1
              throw thrown
            } finally {
              log.push("gen: finally")
            }
          })
        ))
        assert.deepStrictEqual(log.entries, ["stream: got 1", "gen: finally", "stream: finalizer"])
        assert.isTrue(Exit.isFailure(exit))
        const error = yield* Effect.flip(exit)
        assert.instanceOf(error, Bridge.AsyncIterableError)
        assert.strictEqual(error._tag, "AsyncIterableError")
        assert.strictEqual(error.cause, thrown)
        assert.strictEqual(error.message, "async iterable failed: boom")
      }))

    it.effect("failure - return() is not called on an iterator that threw, as for await would not", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const iterable: AsyncIterable<number> = {
          [Symbol.asyncIterator]: () => ({
            next: () => Promise.reject(new Error("no more")),
            return: () => {
              log.push("iterator: return")
              return Promise.resolve({ done: true, value: undefined })
            }
          })
        }
        const error = yield* Effect.flip(consume(log, Bridge.toStream(() => iterable)))
        assert.strictEqual(error.message, "async iterable failed: no more")
        assert.deepStrictEqual(log.entries, ["stream: finalizer"])
      }))

    it.effect("failure - a factory that throws fails the stream with AsyncIterableError", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(Stream.runDrain(Bridge.toStream((): AsyncIterable<number> => {
          throw "not today"
        })))
        assert.strictEqual(error.cause, "not today")
        assert.strictEqual(error.message, "async iterable failed: not today")
      }))

    it.effect("interruption - the signal aborts the pending await, finally runs before the stream's finalizer", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const first = yield* Deferred.make<void>()
        const stream = Bridge.toStream(async function*(signal) {
          try {
            yield 1
            log.push("gen: waiting")
            await new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)))
            yield 2
          } finally {
            log.push(`gen: finally (aborted: ${signal.aborted})`)
          }
        })
        const fiber = yield* stream.pipe(
          Stream.tap(() => Deferred.succeed(first, undefined)),
          Stream.ensuring(log.effect("stream: finalizer")),
          Stream.runDrain,
          Effect.fork
        )
        yield* Deferred.await(first)
        yield* untilLogged(log, "gen: waiting")
        const exit = yield* Fiber.interrupt(fiber)
        assert.isTrue(Exit.isInterrupted(exit))
        assert.deepStrictEqual(log.entries, ["gen: waiting", "gen: finally (aborted: true)", "stream: finalizer"])
      }))

    it.effect("interruption - a generator that ignores the signal is closed when its pending step settles", () =>
      Effect.gen(function*() {
        const log = makeLog()
        let release: (() => void) | undefined
        const stream = Bridge.toStream(async function*() {
          try {
            yield 1
            log.push("gen: waiting")
            await new Promise<void>((resolve) => {
              release = resolve
            })
            log.push("gen: released")
            yield 2
            log.push("gen: after yield 2")
          } finally {
            log.push("gen: finally")
          }
        })
        const fiber = yield* Effect.fork(Stream.runDrain(Stream.ensuring(stream, log.effect("stream: finalizer"))))
        yield* untilLogged(log, "gen: waiting")
        const interrupted = yield* Effect.fork(Fiber.interrupt(fiber))
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 20)))
        assert.deepStrictEqual(log.entries, ["gen: waiting"])
        release!()
        yield* Fiber.join(interrupted)
        assert.deepStrictEqual(log.entries, ["gen: waiting", "gen: released", "gen: finally", "stream: finalizer"])
      }))

    it.effect("fresh runs - the factory is called on every run; Stream.fromAsyncIterable(gen()) is single-use", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const bridged = Bridge.toStream(naturals(log)).pipe(Stream.take(2))
        assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(bridged)), [0, 1])
        assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(bridged)), [0, 1])
        assert.strictEqual(log.entries.filter((entry) => entry === "gen: start").length, 2)

        const once = Stream.fromAsyncIterable(naturals(makeLog())(), (e) => e).pipe(Stream.take(2))
        assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(once)), [0, 1])
        assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(once)), [])
      }))

    it.effect("hand-made iterators - a class with [Symbol.asyncIterator] works, return() ends it early", () =>
      Effect.gen(function*() {
        const log = makeLog()
        class Countdown implements AsyncIterable<number> {
          constructor(readonly from: number) {}
          [Symbol.asyncIterator](): AsyncIterator<number> {
            let n = this.from
            return {
              next: async () => n > 0 ? { done: false, value: n-- } : { done: true, value: undefined },
              return: async () => {
                log.push(`iterator: return at ${n}`)
                return { done: true, value: undefined }
              }
            }
          }
        }
        const all = yield* Stream.runCollect(Bridge.toStream(() => new Countdown(3)))
        assert.deepStrictEqual(Chunk.toArray(all), [3, 2, 1])
        assert.deepStrictEqual(log.entries, [])
        const two = yield* Stream.runCollect(Bridge.toStream(() => new Countdown(3)).pipe(Stream.take(2)))
        assert.deepStrictEqual(Chunk.toArray(two), [3, 2])
        assert.deepStrictEqual(log.entries, ["iterator: return at 1"])
      }))
  })

  describe("toStream - a return() that rejects (a finally that throws on an early stop)", () => {
    it.effect("take(1) - the run dies with the rejection itself, after the finally; it is logged as a warning", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const thrown = new Error("finally threw")
        const warnings = makeWarnings()
        const exit = yield* Effect.exit(
          consume(log, Bridge.toStream(throwingFinally(log, thrown)).pipe(Stream.take(1)))
        )
          .pipe(Effect.provide(warnings.layer))
        assert.deepStrictEqual(exit, Exit.die(thrown))
        assert.deepStrictEqual(log.entries, ["stream: got 0", "gen: finally", "stream: finalizer"])
        assert.deepStrictEqual(warnings.entries, [{
          level: "WARN",
          message: [returnRejected],
          cause: Cause.die(thrown)
        }])
      }))

    it.effect("runHead and takeWhile - the run dies with the rejection", () =>
      Effect.gen(function*() {
        const thrown = new Error("finally threw")
        const stream = Bridge.toStream(throwingFinally(makeLog(), thrown))
        assert.deepStrictEqual(yield* Effect.exit(Stream.runHead(stream)), Exit.die(thrown))
        assert.deepStrictEqual(
          yield* Effect.exit(Stream.runCollect(Stream.takeWhile(stream, (n) => n < 2))),
          Exit.die(thrown)
        )
      }))

    it.effect("a hand-made return() that throws synchronously is the same defect", () =>
      Effect.gen(function*() {
        const thrown = new Error("return threw")
        const iterable: AsyncIterable<number> = {
          [Symbol.asyncIterator]: () => ({
            next: () => Promise.resolve({ done: false, value: 1 }),
            return: () => {
              throw thrown
            }
          })
        }
        const exit = yield* Effect.exit(Stream.runCollect(Stream.take(Bridge.toStream(() => iterable), 1)))
        assert.deepStrictEqual(exit, Exit.die(thrown))
      }))

    it.effect("failure downstream - the cause holds the failure, then the defect", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const thrown = new Error("finally threw")
        const exit = yield* Effect.exit(consume(
          log,
          Bridge.toStream(throwingFinally(log, thrown)).pipe(
            Stream.mapEffect((n) => n === 1 ? Effect.fail(new Boom({ at: n })) : Effect.succeed(n))
          )
        ))
        assert.deepStrictEqual(
          exit,
          Exit.failCause(Cause.sequential(Cause.fail(new Boom({ at: 1 })), Cause.die(thrown)))
        )
        assert.deepStrictEqual(log.entries, ["stream: got 0", "gen: finally", "stream: finalizer"])
      }))

    it.effect("normal end - a finally that throws when the generator runs out fails with AsyncIterableError", () =>
      Effect.gen(function*() {
        const thrown = new Error("finally threw")
        const warnings = makeWarnings()
        const exit = yield* Effect.exit(Stream.runCollect(Bridge.toStream(async function*() {
          try {
            yield 1
          } finally {
            // eslint-disable-next-line no-unsafe-finally
            throw thrown
          }
        }))).pipe(Effect.provide(warnings.layer))
        assert.deepStrictEqual(exit, Exit.fail(new Bridge.AsyncIterableError({ cause: thrown })))
        assert.deepStrictEqual(warnings.entries, [])
      }))

    it.effect("interruption - the interrupted fiber's exit holds the interruption and the defect, and it is logged", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const thrown = new Error("finally threw")
        const warnings = makeWarnings()
        const first = yield* Deferred.make<void>()
        const fiber = yield* Bridge.toStream(throwingFinally(log, thrown)).pipe(
          Stream.tap(() => Effect.zipRight(Deferred.succeed(first, undefined), Effect.never)),
          Stream.runDrain,
          Effect.provide(warnings.layer),
          Effect.fork
        )
        yield* Deferred.await(first)
        const exit = yield* Fiber.interrupt(fiber)
        assert.isTrue(Exit.isFailure(exit))
        if (Exit.isSuccess(exit)) return
        const self = yield* Effect.fiberId
        assert.deepStrictEqual([...Cause.defects(exit.cause)], [thrown])
        assert.deepStrictEqual([...Cause.failures(exit.cause)], [])
        assert.deepStrictEqual([...Cause.interruptors(exit.cause)], [...HashSet.make(self)])
        assert.deepStrictEqual(log.entries, ["gen: finally"])
        assert.deepStrictEqual(warnings.entries, [{
          level: "WARN",
          message: [returnRejected],
          cause: Cause.die(thrown)
        }])
      }))

    it.effect("interruption whose exit is discarded (the loser of Effect.race) - only the warning is left", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const thrown = new Error("finally threw")
        const warnings = makeWarnings()
        const first = yield* Deferred.make<void>()
        const consumer = Bridge.toStream(throwingFinally(log, thrown)).pipe(
          Stream.tap(() => Effect.zipRight(Deferred.succeed(first, undefined), Effect.never)),
          Stream.runDrain,
          Effect.as("consumer")
        )
        const winner = yield* Effect.race(consumer, Effect.as(Deferred.await(first), "other"))
          .pipe(Effect.provide(warnings.layer))
        assert.strictEqual(winner, "other")
        assert.deepStrictEqual(log.entries, ["gen: finally"])
        assert.deepStrictEqual(warnings.entries, [{
          level: "WARN",
          message: [returnRejected],
          cause: Cause.die(thrown)
        }])
      }))

    it.effect("inside flatMap, zip or merge stopped early - Effect drops the defect: the run succeeds, the warning stays", () =>
      Effect.gen(function*() {
        const thrown = new Error("finally threw")
        const bridged = () => Bridge.toStream(throwingFinally(makeLog(), thrown))
        const cases: ReadonlyArray<readonly [string, Stream.Stream<unknown, Bridge.AsyncIterableError>]> = [
          ["flatMap (inner)", Stream.flatMap(Stream.make("x"), () => bridged())],
          ["flatMap (outer)", Stream.flatMap(bridged(), (n) => Stream.make(n))],
          ["zip", Stream.zip(bridged(), Stream.make("a", "b", "c"))],
          ["merge", Stream.merge(bridged(), Stream.never)]
        ]
        for (const [name, stream] of cases) {
          const warnings = makeWarnings()
          const exit = yield* Effect.exit(Stream.runCollect(Stream.take(stream, 1))).pipe(
            Effect.provide(warnings.layer)
          )
          assert.isTrue(Exit.isSuccess(exit), name)
          assert.deepStrictEqual(
            warnings.entries,
            [{ level: "WARN", message: [returnRejected], cause: Cause.die(thrown) }],
            name
          )
        }
      }))
  })

  describe("fromStream", () => {
    it.effect("completion - the stream's finalizers run before the loop sees the end", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const iterable = Bridge.fromStream(resource(log, Range.range(3)))
        yield* Effect.promise(async () => {
          for await (const n of iterable) {
            log.push(`loop: got ${n}`)
          }
          log.push("loop: after")
        })
        assert.deepStrictEqual(log.entries, [
          "stream: acquire",
          "stream: emit 0",
          "loop: got 0",
          "stream: emit 1",
          "loop: got 1",
          "stream: emit 2",
          "loop: got 2",
          "stream: release",
          "loop: after"
        ])
      }))

    it.effect("early exit - break runs the stream's finalizers before the loop exits, nothing is pulled ahead", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const iterable = Bridge.fromStream(resource(log, Range.range(1_000_000)))
        yield* Effect.promise(async () => {
          for await (const n of iterable) {
            log.push(`loop: got ${n}`)
            if (n === 1) break
          }
          log.push("loop: after")
        })
        assert.deepStrictEqual(log.entries, [
          "stream: acquire",
          "stream: emit 0",
          "loop: got 0",
          "stream: emit 1",
          "loop: got 1",
          "stream: release",
          "loop: after"
        ])
      }))

    it.effect("early exit - a throw in the loop body runs the finalizers before the catch", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const iterable = Bridge.fromStream(resource(log, Range.range(10)))
        yield* Effect.promise(async () => {
          try {
            for await (const n of iterable) {
              log.push(`loop: got ${n}`)
              throw new Error("consumer gave up")
            }
          } catch (error) {
            log.push(`loop: caught ${(error as Error).message}`)
          }
        })
        assert.deepStrictEqual(log.entries, [
          "stream: acquire",
          "stream: emit 0",
          "loop: got 0",
          "stream: release",
          "loop: caught consumer gave up"
        ])
      }))

    it.effect("failure - the loop rejects with the typed error itself, after the finalizers ran", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const failing = Stream.concat(Range.range(2), Stream.fail(new Boom({ at: 2 })))
        const iterable = Bridge.fromStream(resource(log, failing))
        const caught = yield* Effect.promise(async () => {
          try {
            for await (const n of iterable) {
              log.push(`loop: got ${n}`)
            }
            return undefined
          } catch (error) {
            log.push("loop: caught")
            return error
          }
        })
        assert.instanceOf(caught, Boom)
        assert.deepStrictEqual(caught, new Boom({ at: 2 }))
        assert.deepStrictEqual(log.entries, [
          "stream: acquire",
          "stream: emit 0",
          "loop: got 0",
          "stream: emit 1",
          "loop: got 1",
          "stream: release",
          "loop: caught"
        ])
      }))

    it.effect("interruption - return() during a pending next() interrupts the pull; finalizers run first", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const blocked = Stream.concat(
          Stream.make(0),
          Stream.fromEffect(Effect.zipRight(
            log.effect("stream: blocked"),
            Effect.never.pipe(Effect.onInterrupt(() => log.effect("stream: pull interrupted")))
          ))
        )
        const iterator = Bridge.fromStream(resource(log, blocked))[Symbol.asyncIterator]()
        const results = yield* Effect.promise(async () => {
          const first = await iterator.next()
          const pending = iterator.next()
          while (!log.entries.includes("stream: blocked")) {
            await new Promise((resolve) => setImmediate(resolve))
          }
          log.push("loop: return")
          const returned = await iterator.return!()
          log.push("loop: returned")
          return [first, await pending, returned, await iterator.next()]
        })
        assert.deepStrictEqual(results, [
          { done: false, value: 0 },
          { done: true, value: undefined },
          { done: true, value: undefined },
          { done: true, value: undefined }
        ])
        assert.deepStrictEqual(log.entries, [
          "stream: acquire",
          "stream: emit 0",
          "stream: blocked",
          "loop: return",
          "stream: pull interrupted",
          "stream: release",
          "loop: returned"
        ])
      }))

    it.effect("interruption - a stream interrupted from within rejects the loop after its finalizers", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const interrupted = Stream.concat(Stream.make(0), Stream.fromEffect(Effect.interrupt))
        const caught = yield* Effect.promise(async () => {
          try {
            for await (const n of Bridge.fromStream(resource(log, interrupted))) {
              log.push(`loop: got ${n}`)
            }
            return "completed"
          } catch {
            log.push("loop: caught")
            return "rejected"
          }
        })
        assert.strictEqual(caught, "rejected")
        assert.deepStrictEqual(log.entries, [
          "stream: acquire",
          "stream: emit 0",
          "loop: got 0",
          "stream: release",
          "loop: caught"
        ])
      }))

    it.effect("protocol - each for await runs afresh; next() after the end stays done; concurrent next() in order", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const iterable = Bridge.fromStream(resource(log, Range.range(3)))
        const results = yield* Effect.promise(async () => {
          const twice: Array<Array<number>> = []
          for (let run = 0; run < 2; run++) {
            const seen: Array<number> = []
            for await (const n of iterable) seen.push(n)
            twice.push(seen)
          }
          const iterator = iterable[Symbol.asyncIterator]()
          const all = await Promise.all([iterator.next(), iterator.next(), iterator.next(), iterator.next()])
          const after = await iterator.next()
          return { after, all, twice }
        })
        assert.deepStrictEqual(results.twice, [[0, 1, 2], [0, 1, 2]])
        assert.deepStrictEqual(results.all, [
          { done: false, value: 0 },
          { done: false, value: 1 },
          { done: false, value: 2 },
          { done: true, value: undefined }
        ])
        assert.deepStrictEqual(results.after, { done: true, value: undefined })
        assert.strictEqual(log.entries.filter((entry) => entry === "stream: acquire").length, 3)
        assert.strictEqual(log.entries.filter((entry) => entry === "stream: release").length, 3)
      }))

    it.effect("fromStreamEffect - a stream that needs services runs with the captured ones", () =>
      Effect.gen(function*() {
        class Prefix extends Context.Tag("Prefix")<Prefix, string>() {}
        const greetings = Stream.make("ada", "alan").pipe(
          Stream.mapEffect((name) => Effect.map(Prefix, (prefix) => `${prefix} ${name}`))
        )
        const iterable = yield* Bridge.fromStreamEffect(greetings).pipe(Effect.provideService(Prefix, "hello"))
        const seen = yield* Effect.promise(async () => {
          const names: Array<string> = []
          for await (const name of iterable) names.push(name)
          return names
        })
        assert.deepStrictEqual(seen, ["hello ada", "hello alan"])
      }))

    it.effect("round trip - toStream(() => fromStream(s)) gives s's values and runs s's finalizers on take", () =>
      Effect.gen(function*() {
        const log = makeLog()
        const source = resource(log, Range.range(100))
        const values = yield* consume(log, Bridge.toStream(() => Bridge.fromStream(source)).pipe(Stream.take(2)))
        assert.deepStrictEqual(values, [0, 1])
        assert.deepStrictEqual(log.entries, [
          "stream: acquire",
          "stream: emit 0",
          "stream: got 0",
          "stream: emit 1",
          "stream: got 1",
          "stream: release",
          "stream: finalizer"
        ])
      }))
  })
})
