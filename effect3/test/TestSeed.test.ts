import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Exit, Fiber, Option, Random } from "effect"
import { TestSeed, Timeline, VirtualTime, waitN } from "effect-asyncio"
import { defectMessage } from "./utils/defect.js"
import * as TestConsole from "./utils/TestConsole.js"

const draws = Effect.all([Random.nextInt, Random.nextInt, Random.nextIntBetween(0, 1000), Random.next])

/** The environment as the ConfigProvider sees it, so the real environment does not leak into the tests. */
const withEnvironment = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

describe("TestSeed", () => {
  it.effect("gives the whole effect, forked fibers included, one Random seeded with the seed", () =>
    Effect.gen(function*() {
      const expected = yield* draws.pipe(Effect.withRandom(Random.make(42)))
      const [fromChild, fromParent] = yield* TestSeed.seeded(
        Effect.gen(function*() {
          const fiber = yield* Effect.fork(draws)
          return [yield* Fiber.join(fiber), yield* draws]
        }),
        { seed: 42 }
      )
      assert.deepStrictEqual(fromChild, expected)
      assert.notDeepEqual(fromParent, expected)
      assert.deepStrictEqual(
        fromParent,
        yield* Effect.zipRight(draws, draws).pipe(Effect.withRandom(Random.make(42)))
      )
    }))

  it.effect("the same seed gives the same values and the same virtual timeline; another seed does not", () =>
    Effect.gen(function*() {
      const run = (seed: number) => TestSeed.seeded(VirtualTime.timed(Timeline.record(waitN(8, 4))), { seed })
      const [elapsedA, [timelineA, delaysA]] = yield* run(2024)
      const [elapsedB, [timelineB, delaysB]] = yield* run(2024)
      const [, [timelineC]] = yield* run(2025)
      assert.deepStrictEqual(delaysA, delaysB)
      assert.strictEqual(Timeline.toNotation(timelineA), Timeline.toNotation(timelineB))
      assert.deepStrictEqual(elapsedA, elapsedB)
      assert.notStrictEqual(Timeline.toNotation(timelineA), Timeline.toNotation(timelineC))
    }))

  it.effect("takes the seed from EFFECT_ASYNCIO_SEED when it is set", () =>
    Effect.gen(function*() {
      const [seed, values] = yield* TestSeed.seeded(Effect.zip(TestSeed.current, draws)).pipe(
        withEnvironment([["EFFECT_ASYNCIO_SEED", "12345"]])
      )
      assert.deepStrictEqual(seed, Option.some(12345))
      assert.deepStrictEqual(values, yield* draws.pipe(Effect.withRandom(Random.make(12345))))
    }))

  it.effect("the seed option wins over the environment", () =>
    Effect.gen(function*() {
      const seed = yield* TestSeed.seeded(TestSeed.current, { seed: 7 }).pipe(
        withEnvironment([["EFFECT_ASYNCIO_SEED", "12345"]])
      )
      assert.deepStrictEqual(seed, Option.some(7))
    }))

  it.effect("draws a fresh seed from the ambient Random when nothing is set", () =>
    Effect.gen(function*() {
      const seed = yield* TestSeed.seeded(TestSeed.current).pipe(
        withEnvironment([]),
        Effect.withRandom(Random.make("ambient"))
      )
      const expected = yield* Random.nextIntBetween(1, 1_000_000_000).pipe(Effect.withRandom(Random.make("ambient")))
      assert.deepStrictEqual(seed, Option.some(expected))
      assert.deepStrictEqual(yield* TestSeed.current, Option.none())
    }))

  it.effect("prints the seed and how to replay it when the effect fails, dies or is interrupted", () =>
    Effect.gen(function*() {
      const output = TestConsole.make()
      const failed = yield* Effect.exit(
        TestSeed.seeded(Effect.fail("boom"), { seed: 99 }).pipe(Effect.withConsole(output.console))
      )
      assert.deepStrictEqual(failed, Exit.fail("boom"))
      assert.deepStrictEqual(output.err, ["seed=99; rerun with EFFECT_ASYNCIO_SEED=99"])
      yield* Effect.exit(TestSeed.seeded(Effect.die("bad"), { seed: 5 }).pipe(Effect.withConsole(output.console)))
      yield* Effect.exit(TestSeed.seeded(Effect.interrupt, { seed: 6 }).pipe(Effect.withConsole(output.console)))
      assert.deepStrictEqual(output.err.slice(1), [
        "seed=5; rerun with EFFECT_ASYNCIO_SEED=5",
        "seed=6; rerun with EFFECT_ASYNCIO_SEED=6"
      ])
      assert.deepStrictEqual(output.out, [])
    }))

  it.effect("prints nothing when the effect succeeds", () =>
    Effect.gen(function*() {
      const output = TestConsole.make()
      const value = yield* TestSeed.seeded(Effect.succeed(1), { seed: 1 }).pipe(Effect.withConsole(output.console))
      assert.strictEqual(value, 1)
      assert.deepStrictEqual([...output.out, ...output.err], [])
    }))

  it.effect("a malformed seed is a defect naming where it came from", () =>
    Effect.gen(function*() {
      const fromEnvironment = yield* Effect.exit(
        TestSeed.seeded(Effect.void).pipe(withEnvironment([["EFFECT_ASYNCIO_SEED", "12abc"]]))
      )
      assert.strictEqual(
        defectMessage(fromEnvironment),
        "TestSeed.seeded: EFFECT_ASYNCIO_SEED must be an integer, got \"12abc\""
      )
      const fromOption = yield* Effect.exit(TestSeed.seeded(Effect.void, { seed: 1.5 }))
      assert.strictEqual(defectMessage(fromOption), "TestSeed.seeded: seed must be a safe integer, got 1.5")
      // called directly, resolve names itself
      assert.strictEqual(
        defectMessage(yield* Effect.exit(TestSeed.resolve({ seed: NaN }))),
        "TestSeed.resolve: seed must be a safe integer, got NaN"
      )
      assert.strictEqual(
        defectMessage(yield* Effect.exit(TestSeed.resolve().pipe(withEnvironment([["EFFECT_ASYNCIO_SEED", "1e3"]])))),
        "TestSeed.resolve: EFFECT_ASYNCIO_SEED must be an integer, got \"1e3\""
      )
    }))

  it("replayHint is the line printed on failure", () => {
    assert.strictEqual(TestSeed.replayHint(736151392), "seed=736151392; rerun with EFFECT_ASYNCIO_SEED=736151392")
  })
})

describe("README: Time tools", () => {
  // The README's snippet, verbatim.
  it.effect("waitN(5, 5) under seed 42: this exact timeline, in 3.403 s of virtual time", () =>
    Effect.gen(function*() {
      const [elapsed, [timeline, delays]] = yield* VirtualTime.timed(Timeline.record(waitN(5, 5)))
      assert.deepStrictEqual(delays, [0.048, 0.054, 0.992, 1.37, 3.403])
      assert.strictEqual(Duration.toMillis(elapsed), 3403)
      yield* Timeline.assertMatches(timeline, "wait-0@48 wait-2@54 wait-3@992 wait-1@1370 wait-4@3403")
    }).pipe(TestSeed.seeded({ seed: 42 })))

  it.effect("waitN(100, 10) for any seed: ascending, done at the longest delay", () =>
    Effect.gen(function*() {
      const [elapsed, delays] = yield* VirtualTime.timed(waitN(100, 10))
      assert.deepStrictEqual(delays, [...delays].sort((a, b) => a - b))
      assert.strictEqual(Duration.toMillis(elapsed), Math.round(delays[99]! * 1000))
    }).pipe(TestSeed.seeded())) // EFFECT_ASYNCIO_SEED=N replays a failure exactly
})
