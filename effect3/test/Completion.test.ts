import { assert, describe, it } from "@effect/vitest"
import { Chunk, Clock, Deferred, Effect, Exit, Fiber, pipe, Ref, Stream, Supervisor, TestClock } from "effect"
import { Completion } from "effect-asyncio"
import { adjusted } from "./utils/clock.js"
import { defectMessage } from "./utils/defect.js"

const after = <A>(millis: number, value: A) => Effect.as(Effect.sleep(`${millis} millis`), value)

describe("Completion", () => {
  describe("all", () => {
    it.effect("lists results in the order they finish, not the order given", () =>
      Effect.gen(function*() {
        const result = yield* adjusted(
          Completion.all([after(30, "c"), after(10, "a"), after(20, "b"), Effect.succeed("now")]),
          "30 millis"
        )
        assert.deepStrictEqual(result, ["now", "a", "b", "c"])
      }))

    it.effect("is dual: data-last with options", () =>
      Effect.gen(function*() {
        const result = yield* adjusted(pipe([after(2, 2), after(1, 1)], Completion.all({ concurrency: 2 })), "2 millis")
        assert.deepStrictEqual(result, [1, 2])
      }))

    it.effect("unbounded by default: takes the longest, not the sum", () =>
      Effect.gen(function*() {
        const fiber = yield* Effect.fork(Completion.all([after(300, 3), after(100, 1), after(200, 2)]))
        yield* TestClock.adjust("300 millis")
        assert.deepStrictEqual(yield* Fiber.join(fiber), [1, 2, 3])
        assert.strictEqual(yield* Clock.currentTimeMillis, 300)
      }))

    it.effect("a concurrency limit keeps at most that many running, results still by completion", () =>
      Effect.gen(function*() {
        const running = yield* Ref.make(0)
        const peak = yield* Ref.make(0)
        const task = <A>(millis: number, value: A): Effect.Effect<A> =>
          Effect.acquireUseRelease(
            Ref.updateAndGet(running, (n) => n + 1).pipe(Effect.tap((n) => Ref.update(peak, (p) => Math.max(p, n)))),
            () => after(millis, value),
            () => Ref.update(running, (n) => n - 1)
          )
        const fiber = yield* Effect.fork(
          Completion.all([task(50, "a"), task(10, "b"), task(30, "c"), task(5, "d")], { concurrency: 2 })
        )
        yield* TestClock.adjust("100 millis")
        // a and b start; b ends at 10, c starts (ends 40), d starts at 40 (ends 45), a ends at 50
        assert.deepStrictEqual(yield* Fiber.join(fiber), ["b", "c", "d", "a"])
        assert.strictEqual(yield* Ref.get(peak), 2)
      }))

    it.effect("the first failure fails the whole and interrupts the rest", () =>
      Effect.gen(function*() {
        const interrupted = yield* Ref.make(0)
        const slow = after(100, 1).pipe(Effect.onInterrupt(() => Ref.update(interrupted, (n) => n + 1)))
        const failing = Effect.zipRight(Effect.sleep("10 millis"), Effect.fail("boom"))
        const fiber = yield* Effect.fork(Completion.all([slow, failing, slow]))
        yield* TestClock.adjust("10 millis")
        const exit = yield* Fiber.await(fiber)
        assert.deepStrictEqual(exit, Exit.fail("boom"))
        assert.strictEqual(yield* Ref.get(interrupted), 2)
      }))

    it.effect("interrupting it interrupts every effect still running", () =>
      Effect.gen(function*() {
        const interrupted = yield* Ref.make(0)
        const started = yield* Deferred.make<void>()
        const waiting = Effect.zipRight(Deferred.succeed(started, undefined), Effect.never).pipe(
          Effect.onInterrupt(() => Ref.update(interrupted, (n) => n + 1))
        )
        const fiber = yield* Effect.fork(Completion.all(Array.from({ length: 50 }, () => waiting)))
        yield* Deferred.await(started)
        yield* TestClock.adjust("1 millis")
        assert.isTrue(Exit.isInterrupted(yield* Fiber.interrupt(fiber)))
        assert.strictEqual(yield* Ref.get(interrupted), 50)
      }))

    it.effect("with a limit, a failure stops new effects from starting", () =>
      Effect.gen(function*() {
        const started = yield* Ref.make(0)
        const task = (i: number) =>
          Effect.zipRight(
            Ref.update(started, (n) => n + 1),
            i === 1 ? Effect.zipRight(Effect.sleep("5 millis"), Effect.fail(`boom ${i}`)) : Effect.sleep("10 millis")
          )
        const fiber = yield* Effect.fork(
          Completion.all(Array.from({ length: 10 }, (_, i) => task(i)), { concurrency: 2 })
        )
        yield* TestClock.adjust("100 millis")
        assert.deepStrictEqual(yield* Fiber.await(fiber), Exit.fail("boom 1"))
        assert.strictEqual(yield* Ref.get(started), 2)
      }))

    it.effect("concurrency \"inherit\" takes the limit of Effect.withConcurrency", () =>
      Effect.gen(function*() {
        const running = yield* Ref.make(0)
        const peak = yield* Ref.make(0)
        const task = Effect.acquireUseRelease(
          Ref.updateAndGet(running, (n) => n + 1).pipe(Effect.tap((n) => Ref.update(peak, (p) => Math.max(p, n)))),
          () => Effect.sleep("10 millis"),
          () => Ref.update(running, (n) => n - 1)
        )
        const fiber = yield* Effect.fork(
          Completion.all(Array.from({ length: 9 }, () => task), { concurrency: "inherit" }).pipe(
            Effect.withConcurrency(3)
          )
        )
        yield* TestClock.adjust("30 millis")
        assert.strictEqual((yield* Fiber.join(fiber)).length, 9)
        assert.strictEqual(yield* Ref.get(peak), 3)
      }))

    it.effect("a concurrency that is not a positive integer, \"unbounded\" or \"inherit\" is a defect", () =>
      Effect.gen(function*() {
        for (const concurrency of [0, -1, 1.5, Number.NaN, null as never]) {
          const message = defectMessage(yield* Effect.exit(Completion.all([Effect.succeed(1)], { concurrency })))
          assert.strictEqual(
            message,
            `Completion.all: concurrency must be a positive integer, "unbounded" or "inherit", got ${concurrency}`
          )
        }
      }))

    it.effect("when it fails, none of its fibers is left running", () =>
      Effect.gen(function*() {
        const supervisor = yield* Supervisor.track
        const failing = Effect.zipRight(Effect.sleep("10 millis"), Effect.fail("boom"))
        const all = Completion.all([after(100, 1), failing, after(100, 2)]).pipe(Effect.supervised(supervisor))
        const fiber = yield* Effect.fork(all)
        yield* TestClock.adjust("10 millis")
        assert.deepStrictEqual(yield* Fiber.await(fiber), Exit.fail("boom"))
        assert.deepStrictEqual(yield* supervisor.value, [])
      }))

    it.effect("empty input gives []; each run is fresh", () =>
      Effect.gen(function*() {
        const none: Array<Effect.Effect<number>> = []
        assert.deepStrictEqual(yield* Completion.all(none), [])
        const twice = Completion.all([Effect.succeed(1)])
        assert.deepStrictEqual(yield* Effect.all([twice, twice]), [[1], [1]])
      }))
  })

  describe("stream", () => {
    it.effect("emits each result as it finishes, fastest first", () =>
      Effect.gen(function*() {
        const timed = Completion.stream([after(30, "c"), after(10, "a"), after(20, "b")]).pipe(
          Stream.mapEffect((value) => Effect.map(Clock.currentTimeMillis, (at) => `${value}@${at}`)),
          Stream.runCollect
        )
        assert.deepStrictEqual(Chunk.toArray(yield* adjusted(timed, "30 millis")), ["a@10", "b@20", "c@30"])
      }))

    it.effect("taking the first result interrupts the others", () =>
      Effect.gen(function*() {
        const interrupted = yield* Ref.make(0)
        const slow = after(100, "slow").pipe(Effect.onInterrupt(() => Ref.update(interrupted, (n) => n + 1)))
        const first = Completion.stream([slow, after(10, "fast"), slow]).pipe(Stream.take(1), Stream.runCollect)
        assert.deepStrictEqual(Chunk.toArray(yield* adjusted(first, "10 millis")), ["fast"])
        assert.strictEqual(yield* Ref.get(interrupted), 2)
      }))

    it.effect("a concurrency that is not a positive integer, \"unbounded\" or \"inherit\" is a defect", () =>
      Effect.gen(function*() {
        for (const concurrency of [0, -1, 1.5, Number.NaN, null as never]) {
          const message = defectMessage(
            yield* Effect.exit(Stream.runCollect(Completion.stream([Effect.succeed(1)], { concurrency })))
          )
          assert.strictEqual(
            message,
            `Completion.stream: concurrency must be a positive integer, "unbounded" or "inherit", got ${concurrency}`
          )
        }
      }))

    it.effect("respects a concurrency limit", () =>
      Effect.gen(function*() {
        const result = Completion.stream([after(50, "a"), after(10, "b"), after(30, "c")], { concurrency: 1 }).pipe(
          Stream.runCollect
        )
        assert.deepStrictEqual(Chunk.toArray(yield* adjusted(result, "90 millis")), ["a", "b", "c"])
      }))

    it.effect("a concurrency limit keeps at most that many running, results still by completion", () =>
      Effect.gen(function*() {
        const running = yield* Ref.make(0)
        const peak = yield* Ref.make(0)
        const task = <A>(millis: number, value: A): Effect.Effect<A> =>
          Effect.acquireUseRelease(
            Ref.updateAndGet(running, (n) => n + 1).pipe(Effect.tap((n) => Ref.update(peak, (p) => Math.max(p, n)))),
            () => after(millis, value),
            () => Ref.update(running, (n) => n - 1)
          )
        const result = Completion.stream([task(50, "a"), task(10, "b"), task(30, "c"), task(5, "d")], {
          concurrency: 2
        }).pipe(Stream.runCollect)
        assert.deepStrictEqual(Chunk.toArray(yield* adjusted(result, "100 millis")), ["b", "c", "d", "a"])
        assert.strictEqual(yield* Ref.get(peak), 2)
      }))

    it.effect("concurrency \"inherit\" takes the limit of Effect.withConcurrency", () =>
      Effect.gen(function*() {
        const running = yield* Ref.make(0)
        const peak = yield* Ref.make(0)
        const task = Effect.acquireUseRelease(
          Ref.updateAndGet(running, (n) => n + 1).pipe(Effect.tap((n) => Ref.update(peak, (p) => Math.max(p, n)))),
          () => Effect.sleep("10 millis"),
          () => Ref.update(running, (n) => n - 1)
        )
        const result = Completion.stream(Array.from({ length: 9 }, () => task), { concurrency: "inherit" }).pipe(
          Stream.runCollect,
          Effect.withConcurrency(3)
        )
        assert.strictEqual(Chunk.size(yield* adjusted(result, "30 millis")), 9)
        assert.strictEqual(yield* Ref.get(peak), 3)
      }))

    it.effect("the first failure fails the stream after the results before it, and starts nothing new", () =>
      Effect.gen(function*() {
        const started = yield* Ref.make(0)
        const task = (i: number) =>
          Effect.zipRight(
            Ref.update(started, (n) => n + 1),
            i === 2 ? Effect.zipRight(Effect.sleep("25 millis"), Effect.fail(`boom ${i}`)) : after(10 * (i + 1), i)
          )
        const seen: Array<number> = []
        const fiber = yield* Completion.stream(Array.from({ length: 10 }, (_, i) => task(i)), { concurrency: 3 }).pipe(
          Stream.runForEach((value) => Effect.sync(() => seen.push(value))),
          Effect.fork
        )
        yield* TestClock.adjust("100 millis")
        // 0, 1, 2 start; 0 ends at 10 and 3 starts; 1 ends at 20 and 4 starts; 2 fails at 25
        assert.deepStrictEqual(yield* Fiber.await(fiber), Exit.fail("boom 2"))
        assert.deepStrictEqual(seen, [0, 1])
        assert.strictEqual(yield* Ref.get(started), 5)
      }))

    it.effect("a consumer that does not pull holds back new starts once the buffer is full", () =>
      Effect.gen(function*() {
        const started = yield* Ref.make(0)
        const task = (i: number) => Effect.zipRight(Ref.update(started, (n) => n + 1), after(10, i))
        const first = yield* Deferred.make<number>()
        const fiber = yield* Completion.stream(Array.from({ length: 100 }, (_, i) => task(i)), { concurrency: 1 }).pipe(
          Stream.runForEach((value) => Effect.zipRight(Deferred.succeed(first, value), Effect.never)),
          Effect.fork
        )
        yield* TestClock.adjust("1 hour")
        assert.strictEqual(yield* Deferred.await(first), 0)
        // one taken by the consumer, StreamBuffer waiting for it, one held by the worker
        assert.strictEqual(yield* Ref.get(started), 1 + Completion.StreamBuffer + 1)
        assert.isTrue(Exit.isInterrupted(yield* Fiber.interrupt(fiber)))
      }))

    it.effect("without a limit, a consumer that does not pull holds nothing back: every effect runs to its end", () =>
      Effect.gen(function*() {
        const ended = yield* Ref.make(0)
        const task = (i: number) => Effect.zipLeft(after(i + 1, i), Ref.update(ended, (n) => n + 1))
        const first = yield* Deferred.make<number>()
        const fiber = yield* Completion.stream(Array.from({ length: 100 }, (_, i) => task(i))).pipe(
          Stream.runForEach((value) => Effect.zipRight(Deferred.succeed(first, value), Effect.never)),
          Effect.fork
        )
        yield* TestClock.adjust("100 millis")
        assert.strictEqual(yield* Deferred.await(first), 0)
        assert.strictEqual(yield* Ref.get(ended), 100)
        assert.isTrue(Exit.isInterrupted(yield* Fiber.interrupt(fiber)))
      }))

    it.effect("stopping early or failing leaves none of its fibers running", () =>
      Effect.gen(function*() {
        const supervisor = yield* Supervisor.track
        const effects = [after(100, "slow"), after(10, "fast"), after(200, "slower")]
        const first = Completion.stream(effects).pipe(Stream.take(1), Stream.runCollect, Effect.supervised(supervisor))
        assert.deepStrictEqual(Chunk.toArray(yield* adjusted(first, "10 millis")), ["fast"])
        assert.deepStrictEqual(yield* supervisor.value, [])
        const failing = Completion.stream([after(100, "slow"), Effect.zipRight(Effect.sleep(5), Effect.fail("boom"))])
          .pipe(Stream.runCollect, Effect.supervised(supervisor), Effect.exit)
        assert.deepStrictEqual(yield* adjusted(failing, "5 millis"), Exit.fail("boom"))
        assert.deepStrictEqual(yield* supervisor.value, [])
      }))

    it.effect("empty input gives an empty stream; each run is fresh", () =>
      Effect.gen(function*() {
        const none: Array<Effect.Effect<number>> = []
        assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(Completion.stream(none))), [])
        const twice = Stream.runCollect(Completion.stream([Effect.succeed(1)]))
        assert.deepStrictEqual((yield* Effect.all([twice, twice])).map(Chunk.toArray), [[1], [1]])
      }))
  })

  it.live("on the real clock, a failure or an early stop leaves no timer armed", () =>
    Effect.gen(function*() {
      const timers = () => process.getActiveResourcesInfo().filter((name) => name === "Timeout").length
      const before = timers()
      const effects = () => [
        ...Array.from({ length: 50 }, (_, i) => after(10_000, i)),
        Effect.zipRight(Effect.sleep("5 millis"), Effect.fail("boom"))
      ]
      assert.deepStrictEqual(yield* Effect.exit(Completion.all(effects())), Exit.fail("boom"))
      assert.isAtMost(timers(), before)
      assert.deepStrictEqual(yield* Effect.exit(Stream.runCollect(Completion.stream(effects()))), Exit.fail("boom"))
      assert.isAtMost(timers(), before)
      const first = Completion.stream([...Array.from({ length: 50 }, (_, i) => after(10_000, i)), after(5, -1)])
      assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(Stream.take(first, 1))), [-1])
      assert.isAtMost(timers(), before)
    }))
})
