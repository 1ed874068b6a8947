import { assert, describe, it } from "@effect/vitest"
import { Clock, Deferred, Effect, Exit, Fiber, pipe, Ref, Stream } from "effect"
import { Completion } from "effect-asyncio"
import { TestClock } from "effect/testing"
import { adjusted, trackTimers } from "./utils/clock.js"
import { defectMessage } from "./utils/defect.js"
import { interruptedOnly, makeFiberTracker } from "./utils/fibers.js"

const after = <A>(millis: number, value: A) => Effect.as(Effect.sleep(`${millis} millis`), value)

// Concurrency options refused, with how the message shows them; Effect 4 has no "inherit" (no ambient limit).
const badConcurrency: ReadonlyArray<readonly [unknown, string]> = [
  [0, "0"],
  [-1, "-1"],
  [1.5, "1.5"],
  [Number.NaN, "NaN"],
  [null, "null"],
  ["inherit", "\"inherit\""]
]

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
        const fiber = yield* Effect.forkChild(Completion.all([after(300, 3), after(100, 1), after(200, 2)]))
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
        const fiber = yield* Effect.forkChild(
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
        const failing = Effect.andThen(Effect.sleep("10 millis"), Effect.fail("boom"))
        const fiber = yield* Effect.forkChild(Completion.all([slow, failing, slow]))
        yield* TestClock.adjust("10 millis")
        const exit = yield* Fiber.await(fiber)
        assert.deepStrictEqual(exit, Exit.fail("boom"))
        assert.strictEqual(yield* Ref.get(interrupted), 2)
      }))

    it.effect("interrupting it interrupts every effect still running", () =>
      Effect.gen(function*() {
        const interrupted = yield* Ref.make(0)
        const started = yield* Deferred.make<void>()
        const waiting = Effect.andThen(Deferred.succeed(started, undefined), Effect.never).pipe(
          Effect.onInterrupt(() => Ref.update(interrupted, (n) => n + 1))
        )
        const fiber = yield* Effect.forkChild(Completion.all(Array.from({ length: 50 }, () => waiting)))
        yield* Deferred.await(started)
        yield* TestClock.adjust("1 millis")
        assert.isTrue(yield* interruptedOnly(fiber))
        assert.strictEqual(yield* Ref.get(interrupted), 50)
      }))

    it.effect("with a limit, a failure stops new effects from starting", () =>
      Effect.gen(function*() {
        const started = yield* Ref.make(0)
        const task = (i: number) =>
          Effect.andThen(
            Ref.update(started, (n) => n + 1),
            i === 1 ? Effect.andThen(Effect.sleep("5 millis"), Effect.fail(`boom ${i}`)) : Effect.sleep("10 millis")
          )
        const fiber = yield* Effect.forkChild(
          Completion.all(Array.from({ length: 10 }, (_, i) => task(i)), { concurrency: 2 })
        )
        yield* TestClock.adjust("100 millis")
        assert.deepStrictEqual(yield* Fiber.await(fiber), Exit.fail("boom 1"))
        assert.strictEqual(yield* Ref.get(started), 2)
      }))

    it.effect("a concurrency that is not a positive integer or \"unbounded\" is a defect, \"inherit\" too", () =>
      Effect.gen(function*() {
        for (const [concurrency, shown] of badConcurrency) {
          const options = { concurrency } as unknown as Completion.Options
          const message = defectMessage(yield* Effect.exit(Completion.all([Effect.succeed(1)], options)))
          assert.strictEqual(
            message,
            `Completion.all: concurrency must be a positive integer or "unbounded", got ${shown}`
          )
        }
      }))

    it.effect("when it fails, none of its fibers is left running", () =>
      Effect.gen(function*() {
        const tracker = makeFiberTracker()
        const failing = Effect.andThen(Effect.sleep("10 millis"), Effect.fail("boom"))
        const all = Completion.all([after(100, 1), failing, after(100, 2)]).pipe(tracker.track)
        const fiber = yield* Effect.forkChild(all)
        yield* TestClock.adjust("1 millis")
        assert.strictEqual(tracker.alive(), 3) // its three workers
        yield* TestClock.adjust("9 millis")
        assert.deepStrictEqual(yield* Fiber.await(fiber), Exit.fail("boom"))
        assert.strictEqual(tracker.alive(), 0)
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
        assert.deepStrictEqual(yield* adjusted(timed, "30 millis"), ["a@10", "b@20", "c@30"])
      }))

    it.effect("taking the first result interrupts the others", () =>
      Effect.gen(function*() {
        const interrupted = yield* Ref.make(0)
        const slow = after(100, "slow").pipe(Effect.onInterrupt(() => Ref.update(interrupted, (n) => n + 1)))
        const first = Completion.stream([slow, after(10, "fast"), slow]).pipe(Stream.take(1), Stream.runCollect)
        assert.deepStrictEqual(yield* adjusted(first, "10 millis"), ["fast"])
        assert.strictEqual(yield* Ref.get(interrupted), 2)
      }))

    it.effect("a concurrency that is not a positive integer or \"unbounded\" is a defect, \"inherit\" too", () =>
      Effect.gen(function*() {
        for (const [concurrency, shown] of badConcurrency) {
          const options = { concurrency } as unknown as Completion.Options
          const message = defectMessage(
            yield* Effect.exit(Stream.runCollect(Completion.stream([Effect.succeed(1)], options)))
          )
          assert.strictEqual(
            message,
            `Completion.stream: concurrency must be a positive integer or "unbounded", got ${shown}`
          )
        }
      }))

    it.effect("respects a concurrency limit", () =>
      Effect.gen(function*() {
        const result = Completion.stream([after(50, "a"), after(10, "b"), after(30, "c")], { concurrency: 1 }).pipe(
          Stream.runCollect
        )
        assert.deepStrictEqual(yield* adjusted(result, "90 millis"), ["a", "b", "c"])
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
        assert.deepStrictEqual(yield* adjusted(result, "100 millis"), ["b", "c", "d", "a"])
        assert.strictEqual(yield* Ref.get(peak), 2)
      }))

    it.effect("the first failure fails the stream after the results before it, and starts nothing new", () =>
      Effect.gen(function*() {
        const started = yield* Ref.make(0)
        const task = (i: number) =>
          Effect.andThen(
            Ref.update(started, (n) => n + 1),
            i === 2 ? Effect.andThen(Effect.sleep("25 millis"), Effect.fail(`boom ${i}`)) : after(10 * (i + 1), i)
          )
        const seen: Array<number> = []
        const fiber = yield* Completion.stream(Array.from({ length: 10 }, (_, i) => task(i)), { concurrency: 3 }).pipe(
          Stream.runForEach((value) => Effect.sync(() => seen.push(value))),
          Effect.forkChild
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
        const task = (i: number) => Effect.andThen(Ref.update(started, (n) => n + 1), after(10, i))
        const first = yield* Deferred.make<number>()
        const fiber = yield* Completion.stream(Array.from({ length: 100 }, (_, i) => task(i)), { concurrency: 1 }).pipe(
          Stream.runForEach((value) => Effect.andThen(Deferred.succeed(first, value), Effect.never)),
          Effect.forkChild
        )
        yield* TestClock.adjust("1 hour")
        assert.strictEqual(yield* Deferred.await(first), 0)
        // one taken by the consumer, StreamBuffer waiting for it, one held by the worker
        assert.strictEqual(yield* Ref.get(started), 1 + Completion.StreamBuffer + 1)
        assert.isTrue(yield* interruptedOnly(fiber))
      }))

    it.effect("without a limit, a consumer that does not pull holds nothing back: every effect runs to its end", () =>
      Effect.gen(function*() {
        const ended = yield* Ref.make(0)
        const task = (i: number) => Effect.tap(after(i + 1, i), () => Ref.update(ended, (n) => n + 1))
        const first = yield* Deferred.make<number>()
        const fiber = yield* Completion.stream(Array.from({ length: 100 }, (_, i) => task(i))).pipe(
          Stream.runForEach((value) => Effect.andThen(Deferred.succeed(first, value), Effect.never)),
          Effect.forkChild
        )
        yield* TestClock.adjust("100 millis")
        assert.strictEqual(yield* Deferred.await(first), 0)
        assert.strictEqual(yield* Ref.get(ended), 100)
        assert.isTrue(yield* interruptedOnly(fiber))
      }))

    it.effect("stopping early or failing leaves none of its fibers running", () =>
      Effect.gen(function*() {
        const tracker = makeFiberTracker()
        const effects = [after(100, "slow"), after(10, "fast"), after(200, "slower")]
        const first = Completion.stream(effects).pipe(Stream.take(1), Stream.runCollect, tracker.track)
        assert.deepStrictEqual(yield* adjusted(first, "10 millis"), ["fast"])
        assert.strictEqual(tracker.alive(), 0)
        const failing = Completion.stream([after(100, "slow"), Effect.andThen(Effect.sleep(5), Effect.fail("boom"))])
          .pipe(Stream.runCollect, tracker.track, Effect.exit)
        assert.deepStrictEqual(yield* adjusted(failing, "5 millis"), Exit.fail("boom"))
        assert.strictEqual(tracker.alive(), 0)
      }))

    it.effect("empty input gives an empty stream; each run is fresh", () =>
      Effect.gen(function*() {
        const none: Array<Effect.Effect<number>> = []
        assert.deepStrictEqual(yield* Stream.runCollect(Completion.stream(none)), [])
        const twice = Stream.runCollect(Completion.stream([Effect.succeed(1)]))
        assert.deepStrictEqual(yield* Effect.all([twice, twice]), [[1], [1]])
      }))
  })

  it.live("on the real clock, a failure or an early stop leaves no timer armed", () =>
    Effect.gen(function*() {
      const timers = yield* trackTimers
      const effects = () => [
        ...Array.from({ length: 50 }, (_, i) => after(10_000, i)),
        Effect.andThen(Effect.sleep("5 millis"), Effect.fail("boom"))
      ]
      assert.deepStrictEqual(yield* Effect.exit(Completion.all(effects())), Exit.fail("boom"))
      assert.strictEqual(timers.pending(), 0)
      assert.deepStrictEqual(yield* Effect.exit(Stream.runCollect(Completion.stream(effects()))), Exit.fail("boom"))
      assert.strictEqual(timers.pending(), 0)
      const first = Completion.stream([...Array.from({ length: 50 }, (_, i) => after(10_000, i)), after(5, -1)])
      assert.deepStrictEqual(yield* Stream.runCollect(Stream.take(first, 1)), [-1])
      assert.strictEqual(timers.pending(), 0)
    }))
})
