/**
 * The library's auto-advancing virtual time against `TestClock.adjust` (run with
 * `node --import tsx bench/ours/virtual-time.ts ...`):
 *
 *   virtual N MAX_DELAY_S      VirtualTime.run(waitN(n, maxDelay)), wall time of the call
 *   testclock N MAX_DELAY_S    fork waitN, TestClock.adjust(maxDelay), join, under TestContext: wall time
 *
 * Both draw the same delays (Random.make(42)) and check that the list is ascending. Before the timed call, each
 * command runs its own driver once, untimed, on waitN(1000, MAX_DELAY_S): the JIT warm-up of Effect's runtime that a
 * test suite pays once per worker, not per test (a cold first call of the virtual driver is about 0.2 s slower than a warm one).
 */
import { Duration, Effect, Fiber, Random, TestClock, TestContext } from "effect"
import * as VirtualTime from "effect-asyncio/VirtualTime"
import { waitN } from "effect-asyncio/Wait"
import { fileURLToPath } from "node:url"
import type { Commands } from "./common.js"
import { inversions, main, secondsSince } from "./common.js"

const timed = (
  n: number,
  driver: string,
  effect: Effect.Effect<Array<number>, unknown>
): Effect.Effect<object, unknown> =>
  Effect.gen(function*() {
    const start = performance.now()
    const delays = yield* effect.pipe(Effect.withRandom(Random.make(42)))
    const wall = secondsSince(start)
    return { n, driver, wall_s: wall, inversions: inversions(delays), count: delays.length }
  })

const virtual = (n: number, maxDelay: number) => VirtualTime.run(waitN(n, maxDelay))

const testClock = (n: number, maxDelay: number) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(waitN(n, maxDelay))
    yield* TestClock.adjust(Duration.seconds(maxDelay))
    return yield* Fiber.join(fiber)
  }).pipe(Effect.provide(TestContext.TestContext))

const warmUp = 1000

/** The commands, by name. */
export const commands: Commands = {
  virtual: ([n, maxDelay]) =>
    Effect.orDie(Effect.zipRight(
      virtual(Math.min(warmUp, Number(n)), Number(maxDelay)),
      timed(Number(n), "virtual", virtual(Number(n), Number(maxDelay)))
    )),
  testclock: ([n, maxDelay]) =>
    Effect.orDie(Effect.zipRight(
      testClock(Math.min(warmUp, Number(n)), Number(maxDelay)),
      timed(Number(n), "testclock", testClock(Number(n), Number(maxDelay)))
    ))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(commands)
}
