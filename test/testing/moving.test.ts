/**
 * The rewrites docs/testing.md ("Moving an existing suite") gives for the classes of Effect's own tests that do not
 * pass unchanged under `it.virtual` or `it.explore` (and one that no longer needs its `setTime(Infinity)`): each is a
 * test of Effect's suite (test/effect/), rewritten as the page says, and passing.
 */
import { Cache, Deferred, Duration, Effect, Fiber, Option, Pull, Schedule, Stream } from "effect"
import { assert, describe, it } from "effect-asyncio/vitest"

describe("a schedule run to its end: joining is enough", () => {
  // Effect's Schedule.test.ts runs each schedule in a forked fiber and sets the test clock to infinity (which works
  // under it.virtual too); the join alone lets virtual time run to each of the fiber's deadlines
  const delays = <Output>(schedule: Schedule.Schedule<Output, unknown>, inputs: number) =>
    Effect.gen(function*() {
      const step = yield* Schedule.toStepWithMetadata(schedule)
      const out: Array<Duration.Duration> = []
      yield* Effect.gen(function*() {
        for (let i = 0; i < inputs; i++) {
          out.push((yield* step(undefined)).duration)
        }
      }).pipe(Pull.catchDone(() => Effect.sync(() => out.push(Duration.zero))))
      return out
    })

  it.virtual("Schedule.spaced: constant delays", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.forkChild(delays(Schedule.spaced("1 second"), 5))
      assert.deepStrictEqual(yield* Fiber.join(fiber), Array.from({ length: 5 }, () => Duration.seconds(1)))
    }))
})

describe("a busy loop: let the loop wait", () => {
  it.virtual("a polling loop under timeoutOption(50) is interrupted at 50 ms", () =>
    Effect.gen(function*() {
      // Effect's test spins with Effect.forever(Effect.void): virtual time never moves while a fiber never waits
      const fiber = yield* Effect.sleep("1 milli").pipe(Effect.forever, Effect.timeoutOption(50), Effect.forkChild)
      const [elapsed, result] = yield* Effect.timed(Fiber.join(fiber))
      assert.deepStrictEqual(result, Option.none())
      assert.strictEqual(Duration.toMillis(elapsed), 50)
    }))
})

describe("work outside Effect: the idle option", () => {
  it.virtual("toAsyncIterable's return does not reject an in-flight next", () =>
    Effect.gen(function*() {
      let interrupted = false
      const iterator = Stream.toAsyncIterable(
        Stream.fromEffect(Effect.never.pipe(Effect.onInterrupt(() => Effect.sync(() => interrupted = true))))
      )[Symbol.asyncIterator]()
      void iterator.next()
      const result = yield* Effect.promise(() => iterator.return!(undefined))
      yield* Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))
      assert.deepStrictEqual(result, { done: true, value: undefined })
      assert.isTrue(interrupted)
    }), { idle: "10 millis" })
})

describe("an order the test assumes, said in the test", () => {
  it.explore(
    "getOption waits for a value being computed (the lookup has begun: a Deferred says so)",
    () =>
      Effect.gen(function*() {
        const started = yield* Deferred.make<void>()
        const release = yield* Deferred.make<void>()
        const cache = yield* Cache.make<string, number>({
          capacity: 10,
          lookup: () => Effect.as(Effect.andThen(Deferred.succeed(started, undefined), Deferred.await(release)), 42)
        })
        const getFiber = yield* Effect.forkChild(Cache.get(cache, "test"))
        yield* Deferred.await(started) // Effect's test assumes the forked get has started here
        const optionFiber = yield* Effect.forkChild(Cache.getOption(cache, "test"))
        yield* Deferred.succeed(release, undefined)
        assert.strictEqual(yield* Fiber.join(getFiber), 42)
        assert.deepStrictEqual(yield* Fiber.join(optionFiber), Option.some(42))
      }),
    { runs: 20, seed: 2026 }
  )
})
