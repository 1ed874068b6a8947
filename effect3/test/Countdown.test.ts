import { assert, describe, it } from "@effect/vitest"
import type { Duration } from "effect"
import { Chunk, Clock, Effect, Exit, Fiber, Stream, TestClock } from "effect"
import { Countdown } from "effect-asyncio"
import { countdownFrom, program as countdownExample } from "../examples/countdown.js"
import { streamDefectMessage as defectMessage } from "./utils/defect.js"
import * as TestConsole from "./utils/TestConsole.js"

// Each number with the virtual instant (ms) it was emitted at.
const timeline = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  stream.pipe(
    Stream.mapEffect((value) => Effect.map(Clock.currentTimeMillis, (at) => [value, at] as const)),
    Stream.runCollect,
    Effect.map((chunk) => Chunk.toArray(chunk))
  )

describe("Countdown", () => {
  it.effect("countdown - from, from - 1, … 1, one second apart, the first after one second", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(timeline(Countdown.countdown(5)))
      yield* TestClock.adjust("5 seconds")
      const emitted = yield* Fiber.join(fiber)
      assert.deepStrictEqual(emitted, [[5, 1000], [4, 2000], [3, 3000], [2, 4000], [1, 5000]])
    }))

  it.effect("countdown - nothing is emitted before its instant", () =>
    Effect.gen(function*() {
      const seen: Array<number> = []
      const fiber = yield* Countdown.countdown(3).pipe(
        Stream.runForEach((n) => Effect.sync(() => seen.push(n))),
        Effect.fork
      )
      yield* TestClock.adjust(999)
      assert.deepStrictEqual(seen, [])
      yield* TestClock.adjust(1)
      assert.deepStrictEqual(seen, [3])
      yield* TestClock.adjust(1999)
      assert.deepStrictEqual(seen, [3, 2])
      yield* TestClock.adjust(1)
      assert.deepStrictEqual(seen, [3, 2, 1])
      assert.isTrue(Exit.isSuccess(yield* Fiber.await(fiber)))
      assert.strictEqual(yield* Clock.currentTimeMillis, 3000)
    }))

  it.effect("countdown - a custom interval, an empty countdown and a zero interval", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(timeline(Countdown.countdown(3, { interval: "250 millis" })))
      yield* TestClock.adjust("750 millis")
      assert.deepStrictEqual(yield* Fiber.join(fiber), [[3, 250], [2, 500], [1, 750]])
      assert.deepStrictEqual(yield* timeline(Countdown.countdown(0)), [])
      assert.deepStrictEqual(yield* timeline(Countdown.countdown(3, { interval: 0 })), [[3, 750], [2, 750], [1, 750]])
    }))

  it.effect("countdown - take(2) stops after two numbers; each run counts afresh", () =>
    Effect.gen(function*() {
      const stream = Countdown.countdown(10, { interval: "1 second" })
      const first = yield* Effect.fork(timeline(Stream.take(stream, 2)))
      yield* TestClock.adjust("2 seconds")
      assert.deepStrictEqual(yield* Fiber.join(first), [[10, 1000], [9, 2000]])
      const second = yield* Effect.fork(timeline(Stream.take(stream, 1)))
      yield* TestClock.adjust("1 second")
      assert.deepStrictEqual(yield* Fiber.join(second), [[10, 3000]])
    }))

  it.effect("countdown - interrupting it cancels the pending wait", () =>
    Effect.gen(function*() {
      const seen: Array<number> = []
      const fiber = yield* Countdown.countdown(3).pipe(
        Stream.runForEach((n) => Effect.sync(() => seen.push(n))),
        Effect.onInterrupt(() => Effect.sync(() => seen.push(-1))),
        Effect.fork
      )
      yield* TestClock.adjust("1500 millis")
      const exit = yield* Fiber.interrupt(fiber)
      assert.isTrue(Exit.isInterrupted(exit))
      yield* TestClock.adjust("10 seconds")
      assert.deepStrictEqual(seen, [3, -1])
    }))

  it.effect("countdown - bad arguments are defects naming the function, the argument and the value", () =>
    Effect.gen(function*() {
      assert.strictEqual(
        yield* defectMessage(Countdown.countdown(-1)),
        "Countdown.countdown: from must be a non-negative integer, got -1"
      )
      assert.strictEqual(
        yield* defectMessage(Countdown.countdown(2.5)),
        "Countdown.countdown: from must be a non-negative integer, got 2.5"
      )
      assert.strictEqual(
        yield* defectMessage(Countdown.countdown(3, { interval: "soon" as never })),
        "Countdown.countdown: interval must be a finite, non-negative duration, got \"soon\""
      )
      assert.strictEqual(
        yield* defectMessage(Countdown.countdown(3, { interval: Infinity })),
        "Countdown.countdown: interval must be a finite, non-negative duration, got Infinity"
      )
      assert.strictEqual(
        yield* defectMessage(Countdown.countdown(3, { interval: -5 })),
        "Countdown.countdown: interval must be a finite, non-negative duration, got -5"
      )
    }))

  it.effect("countdown - a negative interval is refused in every form Effect would quietly clamp to zero", () =>
    Effect.gen(function*() {
      const refused: ReadonlyArray<readonly [unknown, string]> = [
        ["-5 millis", "\"-5 millis\""],
        ["-0.5 seconds", "\"-0.5 seconds\""],
        ["NaN millis", "\"NaN millis\""],
        [BigInt(-5), "-5n"],
        [[-1, 0], "[-1, 0]"],
        [[0, -1], "[0, -1]"],
        [[1, -2e9], "[1, -2000000000]"],
        [[NaN, 0], "[NaN, 0]"],
        [[0, -Infinity], "[0, -Infinity]"],
        [-Infinity, "-Infinity"],
        [NaN, "NaN"],
        [Object.create(null), "[object Object]"]
      ]
      for (const [interval, shown] of refused) {
        assert.strictEqual(
          yield* defectMessage(Countdown.countdown(3, { interval: interval as Duration.DurationInput })),
          `Countdown.countdown: interval must be a finite, non-negative duration, got ${shown}`
        )
      }
      // zero however it is written, and a pair whose total is positive, are fine
      for (const interval of ["-0 millis", -0, BigInt(0), [0, 0], [-1, 2e9]] as const) {
        const fiber = yield* Effect.fork(Stream.runCollect(Countdown.countdown(2, { interval })))
        yield* TestClock.adjust("2 seconds")
        assert.deepStrictEqual(Chunk.toArray(yield* Fiber.join(fiber)), [2, 1], String(interval))
      }
    }))

  it.effect("countdown - from is any non-negative safe integer: a stream holds no array of its numbers", () =>
    Effect.gen(function*() {
      const first = yield* Stream.runCollect(Countdown.countdown(1e12, { interval: 0 }).pipe(Stream.take(2)))
      assert.deepStrictEqual(Chunk.toArray(first), [1e12, 1e12 - 1])
      assert.strictEqual(
        yield* defectMessage(Countdown.countdown(2 ** 53)),
        "Countdown.countdown: from must be a non-negative integer, got 9007199254740992"
      )
    }))

  it.effect("example - countdown.ts prints 5… to 1…, one a second, then Liftoff!", () =>
    Effect.gen(function*() {
      const recorder = TestConsole.make()
      const fiber = yield* Effect.fork(Effect.withConsole(countdownExample, recorder.console))
      yield* TestClock.adjust("4 seconds")
      assert.deepStrictEqual(recorder.out, ["5…", "4…", "3…", "2…"])
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      assert.deepStrictEqual(recorder.out, ["5…", "4…", "3…", "2…", "1…", "Liftoff!"])
      const short = TestConsole.make()
      yield* Effect.withConsole(countdownFrom(0), short.console)
      assert.deepStrictEqual(short.out, ["Liftoff!"])
    }))
})
