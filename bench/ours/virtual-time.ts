/**
 * The library's auto-advancing virtual time against `TestClock.adjust` (run with
 * `node --import tsx bench/ours/virtual-time.ts ...`):
 *
 *   virtual N MAX_DELAY_S      VirtualTime.run(waitN(n, maxDelay)), wall time of the call
 *   testclock N MAX_DELAY_S    fork waitN, TestClock.adjust(maxDelay), join, under TestClock.layer(): wall time
 *
 * Both draw the same delays (`Random.withSeed(42)`) and check that the list is ascending and of length n. Each
 * command first runs its own driver once, untimed, on waitN(min(n, 1000), MAX_DELAY_S) (JIT warm-up), then times
 * `virtual` 5 times and `testclock` once (bound by real timer turns, not by the JIT) in the same process; it reports
 * the median call (the steady state a test suite sees after its first test) and the first timed call (which also
 * grows the heap). The scaling rows run `virtual` at several n.
 */
import { Duration, Effect, Fiber, Random } from "effect"
import * as VirtualTime from "effect-asyncio/VirtualTime"
import { waitN } from "effect-asyncio/Wait"
import { TestClock } from "effect/testing"
import { fileURLToPath } from "node:url"
import type { Commands } from "./common.js"
import { fail, inversions, main, secondsSince } from "./common.js"

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
      delays = yield* effect.pipe(Random.withSeed(42))
      walls.push(secondsSince(start))
    }
    const count = inversions(delays)
    if (delays.length !== n || count !== 0) {
      return yield* fail(`${driver}: waitN(${n}, ·) gave ${delays.length} delays with ${count} inversions`)
    }
    const sorted = [...walls].sort((a, b) => a - b)
    return {
      n,
      driver,
      calls,
      wall_s: sorted[Math.floor(sorted.length / 2)],
      first_s: walls[0],
      inversions: count,
      count: delays.length
    }
  })

const virtual = (n: number, maxDelay: number) => VirtualTime.run(waitN(n, maxDelay))

const testClock = (n: number, maxDelay: number) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.forkChild(waitN(n, maxDelay))
    yield* TestClock.adjust(Duration.seconds(maxDelay))
    return yield* Fiber.join(fiber)
  }).pipe(Effect.provide(TestClock.layer()))

const warmUp = 1000

/** The commands, by name. */
export const commands: Commands = {
  virtual: ([n, maxDelay]) =>
    Effect.orDie(Effect.andThen(
      virtual(Math.min(warmUp, Number(n)), Number(maxDelay)),
      timed(Number(n), "virtual", virtual(Number(n), Number(maxDelay)), 5)
    )),
  testclock: ([n, maxDelay]) =>
    Effect.orDie(Effect.andThen(
      testClock(Math.min(warmUp, Number(n)), Number(maxDelay)),
      timed(Number(n), "testclock", testClock(Number(n), Number(maxDelay)), 1)
    ))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(commands)
}
