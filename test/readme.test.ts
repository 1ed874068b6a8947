/**
 * The TestClock snippet of docs/testing.md, verbatim, so that it cannot rot.
 */
import { assert, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Random, TestClock } from "effect"
import { waitN } from "effect-asyncio"

it.effect("waitN(5, 5) returns its delays in order, after exactly the longest one", () =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(Effect.timed(waitN(5, 5)))
    yield* TestClock.adjust("5 seconds") // every sleep due within 5 s wakes, in deadline order
    const [elapsed, delays] = yield* Fiber.join(fiber)
    assert.deepStrictEqual(delays, [...delays].sort((a, b) => a - b))
    assert.strictEqual(Duration.toMillis(elapsed), Math.round(Math.max(...delays) * 1000))
  }).pipe(Effect.withRandom(Random.make(42)))) // the same seed, the same delays, every run
