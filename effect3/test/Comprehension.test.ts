import { assert, describe, it } from "@effect/vitest"
import { Chunk, Clock, Duration, Effect, FastCheck, Fiber, Random, Stream, TestClock } from "effect"
import { asyncComprehension, asyncGenerator, Comprehension, measureRuntime } from "effect-asyncio"
import { adjusted, seeded } from "./utils/clock.js"
import { defectMessage } from "./utils/defect.js"

describe("Comprehension", () => {
  describe("asyncGenerator", () => {
    it.effect("emits ten numbers in [0, 10], at exactly 1 s, 2 s, … 10 s", () =>
      Effect.gen(function*() {
        const timed = asyncGenerator().pipe(
          Stream.mapEffect((value) => Effect.map(Clock.currentTimeMillis, (at) => [at, value] as const)),
          Stream.runCollect
        )
        const emitted = Chunk.toArray(yield* adjusted(timed, "10 seconds"))
        assert.deepStrictEqual(emitted.map(([at]) => at), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => s * 1000))
        assert.isTrue(emitted.every(([, value]) => value >= 0 && value <= 10))
      }).pipe(seeded(1)))

    it.effect("emits nothing before the first second", () =>
      Effect.gen(function*() {
        const fiber = yield* Effect.fork(Stream.runCollect(Stream.take(asyncGenerator(), 1)))
        yield* TestClock.adjust("999 millis")
        assert.isTrue((yield* Fiber.poll(fiber))._tag === "None")
        yield* TestClock.adjust("1 millis")
        assert.strictEqual(Chunk.size(yield* Fiber.join(fiber)), 1)
      }).pipe(seeded(2)))

    it.effect("every run is fresh, and the same seed replays it", () =>
      Effect.gen(function*() {
        const stream = asyncGenerator()
        const collect = adjusted(Stream.runCollect(stream), "10 seconds")
        const [first, second] = yield* Effect.all([collect, collect])
        assert.notDeepEqual(Chunk.toArray(first), Chunk.toArray(second))
        const replay = yield* Effect.all([collect, collect]).pipe(seeded(3))
        assert.deepStrictEqual(Chunk.toArray(replay[0]), Chunk.toArray(first))
        assert.deepStrictEqual(Chunk.toArray(replay[1]), Chunk.toArray(second))
      }).pipe(seeded(3)))

    it.effect("options change the count and the interval", () =>
      Effect.gen(function*() {
        const stream = asyncGenerator({ count: 3, interval: "250 millis" }).pipe(
          Stream.mapEffect(() => Clock.currentTimeMillis),
          Stream.runCollect
        )
        assert.deepStrictEqual(Chunk.toArray(yield* adjusted(stream, "1 second")), [250, 500, 750])
        const instant = yield* Stream.runCollect(asyncGenerator({ count: 5, interval: 0 }))
        assert.strictEqual(Chunk.size(instant), 5)
        assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(asyncGenerator({ count: 0 }))), [])
        assert.strictEqual(Comprehension.DefaultCount, 10)
        assert.strictEqual(Duration.toMillis(Comprehension.DefaultInterval), 1000)
      }))

    it.effect("stops pulling early: take(3) ends after 3 s", () =>
      Effect.gen(function*() {
        const values = yield* adjusted(Stream.runCollect(Stream.take(asyncGenerator(), 3)), "10 seconds")
        assert.strictEqual(Chunk.size(values), 3)
      }).pipe(seeded(4)))

    it.effect("bad options are defects", () =>
      Effect.gen(function*() {
        const fn = "Comprehension.asyncGenerator"
        const count = defectMessage(yield* Effect.exit(Stream.runCollect(asyncGenerator({ count: -1 }))))
        assert.strictEqual(count, `${fn}: count must be a non-negative integer, got -1`)
        const interval = defectMessage(
          yield* Effect.exit(Stream.runCollect(asyncGenerator({ interval: "5 parsecs" as Duration.DurationInput })))
        )
        assert.strictEqual(interval, `${fn}: interval must be a finite, non-negative duration, got "5 parsecs"`)
        const bads: ReadonlyArray<readonly [Duration.DurationInput, string]> = [
          [-1, "-1"],
          [Number.NaN, "NaN"],
          [Number.POSITIVE_INFINITY, "Infinity"],
          ["-5 millis", "\"-5 millis\""]
        ]
        for (const [bad, shown] of bads) {
          const message = defectMessage(yield* Effect.exit(Stream.runCollect(asyncGenerator({ interval: bad }))))
          assert.strictEqual(message, `${fn}: interval must be a finite, non-negative duration, got ${shown}`)
        }
      }))
  })

  describe("asyncComprehension", () => {
    it.effect("collects the generator into an array, in generation order, after exactly 10 s", () =>
      Effect.gen(function*() {
        const [elapsed, numbers] = yield* adjusted(Effect.timed(asyncComprehension()), "10 seconds")
        const generated = yield* adjusted(Stream.runCollect(asyncGenerator()), "10 seconds").pipe(seeded(5))
        assert.deepStrictEqual(numbers, Chunk.toArray(generated))
        assert.strictEqual(Duration.toMillis(elapsed), 10_000)
      }).pipe(seeded(5)))

    it.effect("the numbers come in generation order, not sorted", () =>
      Effect.gen(function*() {
        const unsorted = yield* Effect.gen(function*() {
          for (let seed = 0; seed < 10; seed++) {
            const numbers = yield* adjusted(asyncComprehension(), "10 seconds").pipe(seeded(seed))
            if (numbers.some((value, i) => i > 0 && numbers[i - 1]! > value)) return true
          }
          return false
        })
        assert.isTrue(unsorted)
      }))
  })

  describe("measureRuntime", () => {
    it.effect("is exactly 10 under TestClock: the four comprehensions run side by side", () =>
      Effect.gen(function*() {
        assert.strictEqual(yield* adjusted(measureRuntime(), "10 seconds"), 10)
        assert.strictEqual(yield* Clock.currentTimeMillis, 10_000)
      }).pipe(seeded(6)))

    it.effect.prop(
      "Effect.timed around it never dies, for any seed",
      [FastCheck.integer()],
      ([seed]) =>
        Effect.gen(function*() {
          const [elapsed, runtime] = yield* adjusted(Effect.timed(measureRuntime()), "10 seconds").pipe(seeded(seed))
          assert.strictEqual(runtime, 10)
          assert.strictEqual(Duration.toMillis(elapsed), 10_000)
        }),
      { fastCheck: { numRuns: 10, examples: Array.from({ length: 10 }, (_, seed) => [seed] as [number]) } }
    )

    it.effect("is not done at 9.999 s", () =>
      Effect.gen(function*() {
        const fiber = yield* Effect.fork(measureRuntime())
        yield* TestClock.adjust("9999 millis")
        assert.isTrue((yield* Fiber.poll(fiber))._tag === "None")
        yield* TestClock.adjust("1 millis")
        assert.strictEqual(yield* Fiber.join(fiber), 10)
      }).pipe(seeded(7)))

    it.live("on the real clock four comprehensions take the time of one, not four", () =>
      Effect.gen(function*() {
        const options = { count: 5, interval: "40 millis" } as const
        const runtime = yield* measureRuntime(options)
        assert.isTrue(runtime >= 0.2 - 0.001, `woke early: ${runtime}`)
        assert.isTrue(runtime < 0.6, `${runtime} s is not well below the sequential 0.8 s`)
      }).pipe(Effect.withRandom(Random.make(8))))
  })
})
