/**
 * The library's auto-advancing virtual time against `TestClock.adjust` (run with
 * `node --import tsx bench/ours/virtual-time.ts ...`):
 *
 *   virtual N MAX_DELAY_S      VirtualTime.run(waitN(n, maxDelay)), wall time of the call
 *   testclock N MAX_DELAY_S    fork waitN, TestClock.adjust(maxDelay), join, under TestContext: wall time
 *
 * Both draw the same delays (Random.make(42)) and check that the list is ascending. Each command first runs its own
 * driver once, untimed, on waitN(1000, MAX_DELAY_S) (JIT warm-up), then times `virtual` 5 times and `testclock` once
 * (40 s a call, bound by real timer turns, not by the JIT) in the same process; it reports the median call (the steady
 * state a test suite sees after its first test) and the first timed call (which also grows the heap: ~0.4 s against
 * ~0.25 s for `virtual`).
 */
import { Duration, Effect, Fiber, Random, TestClock, TestContext } from "effect"
import * as VirtualTime from "effect-asyncio/VirtualTime"
import { waitN } from "effect-asyncio/Wait"
import { fileURLToPath } from "node:url"
import type { Commands } from "./common.js"
import { inversions, main, secondsSince } from "./common.js"

/**
 * Runs the driver `calls` times in this process and reports the median wall time (the steady state a test suite sees
 * after its first test) and the first call's.
 */
const timed = (
  n: number,
  driver: string,
  effect: Effect.Effect<Array<number>, unknown>,
  calls: number
): Effect.Effect<object, unknown> =>
  Effect.gen(function*() {
    const walls: Array<number> = []
    let delays: Array<number> = []
    for (let call = 0; call < calls; call++) {
      const start = performance.now()
      delays = yield* effect.pipe(Effect.withRandom(Random.make(42)))
      walls.push(secondsSince(start))
    }
    const sorted = [...walls].sort((a, b) => a - b)
    return {
      n,
      driver,
      calls,
      wall_s: sorted[Math.floor(sorted.length / 2)],
      first_s: walls[0],
      inversions: inversions(delays),
      count: delays.length
    }
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
      timed(Number(n), "virtual", virtual(Number(n), Number(maxDelay)), 5)
    )),
  testclock: ([n, maxDelay]) =>
    Effect.orDie(Effect.zipRight(
      testClock(Math.min(warmUp, Number(n)), Number(maxDelay)),
      timed(Number(n), "testclock", testClock(Number(n), Number(maxDelay)), 1)
    ))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(commands)
}
