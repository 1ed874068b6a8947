/**
 * The library's auto-advancing virtual time against `TestClock.adjust` (run with
 * `node --import tsx bench/ours/virtual-time.ts ...`):
 *
 *   virtual N MAX_DELAY_S [CALLS]
 *                              VirtualTime.run(waitN(n, maxDelay)), wall time of the call (CALLS timed calls, 5 by
 *                              default)
 *   testclock N MAX_DELAY_S    fork waitN, TestClock.adjust(maxDelay), join, under TestClock.layer(): wall time
 *   mem N                      live bytes per pending wait of waitN(n, 100000) inside VirtualTime.run
 *
 * Both draw the same delays (`Random.withSeed(42)`) and check that the list is ascending and of length n. Each
 * command first runs its own driver once, untimed, on waitN(min(n, 1000), MAX_DELAY_S) (JIT warm-up), then times 5
 * calls in the same process; it reports the median call (the steady state a test suite sees after its first test) and
 * the first timed call (which also grows the heap). The scaling rows run `virtual` at several n. (The Effect 3
 * edition's `testclock` times one call: there each wake-up waited for real timer turns, some 40 s a call at 10,000.)
 *
 * The `testclock` driver lets every forked wait reach its sleep before it adjusts: it counts the sleeps through a
 * `Clock` that forwards to the `TestClock`, and yields until the count has not moved for five turns of the queue (a
 * zero delay never sleeps, so the count alone cannot tell). On Effect 4 an adjust that runs before the last forks
 * have slept leaves them behind, and the join never returns: forked, adjusted and joined as usual, waitN(3_000, 10)
 * already does that.
 *
 * `mem` reads the heap from inside the run, at virtual time 0: virtual time jumps as soon as no fiber is queued, so
 * the measuring fiber never lets the queue empty (it yields, and reads the heap with synchronous full collections)
 * until the heap stops growing, then ends the run, which interrupts the waits.
 */
import { Clock, Duration, Effect, Fiber, Random } from "effect"
import * as VirtualTime from "effect-asyncio/VirtualTime"
import { waitN } from "effect-asyncio/Wait"
import { TestClock } from "effect/testing"
import { fileURLToPath } from "node:url"
import type { Commands } from "./common.js"
import { fail, inversions, main, MemMaxDelay, secondsSince } from "./common.js"

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
      walls_s: walls,
      inversions: count,
      count: delays.length
    }
  })

const virtual = (n: number, maxDelay: number) => VirtualTime.run(waitN(n, maxDelay))

const testClock = (n: number, maxDelay: number) =>
  Effect.gen(function*() {
    const clock = yield* TestClock.testClockWith((clock) => Effect.succeed(clock))
    let sleeping = 0
    const counting: Clock.Clock = {
      ...clock,
      sleep: (duration) =>
        Effect.suspend(() => {
          sleeping++
          return clock.sleep(duration)
        })
    }
    const fiber = yield* Effect.forkChild(Effect.provideService(waitN(n, maxDelay), Clock.Clock, counting))
    let seen = -1
    for (let quiet = 0; quiet < 5 || sleeping < 0.9 * n;) {
      yield* Effect.yieldNow
      quiet = sleeping === seen ? quiet + 1 : 0
      seen = sleeping
    }
    yield* TestClock.adjust(Duration.seconds(maxDelay))
    return yield* Fiber.join(fiber)
  }).pipe(Effect.provide(TestClock.layer()))

const warmUp = 1000

// synchronous full collections (exact only under --expose-gc; the runner passes it), so that no real timer runs
const heapNow = (): number => {
  const collect = (globalThis as { gc?: () => void }).gc
  collect?.()
  collect?.()
  return process.memoryUsage().heapUsed
}

// yields `times` times: every queued fiber takes its turn, and the run's queue never empties
const yields = (times: number): Effect.Effect<void> =>
  Effect.gen(function*() {
    for (let i = 0; i < times; i++) {
      yield* Effect.yieldNow
    }
  })

/** Yields until three heap readings 10 yields apart are within 1 % (every wait has reached its sleep). */
const untilQuiet: Effect.Effect<void> = Effect.gen(function*() {
  const readings: Array<number> = []
  for (let round = 0; round < 1_000; round++) {
    yield* yields(10)
    readings.push(process.memoryUsage().heapUsed)
    const last = readings.slice(-3)
    if (last.length === 3 && Math.max(...last) - Math.min(...last) <= 0.01 * Math.max(...last)) {
      return
    }
  }
})

const memory = (n: number) =>
  VirtualTime.run(Effect.gen(function*() {
    const before = heapNow()
    const start = performance.now()
    const held = yield* Effect.forkChild(waitN(n, MemMaxDelay))
    yield* untilQuiet
    const launch = secondsSince(start)
    const after = heapNow()
    const now = yield* Clock.currentTimeMillis
    if (now !== 0) {
      return yield* fail(`virtual time moved to ${now} ms while the heap was read`)
    }
    return {
      n,
      variant: "virtual-time",
      bytes_per_wait: (after - before) / n,
      launch_s: launch,
      held: held !== null
    }
  }))

/** The commands, by name. */
export const commands: Commands = {
  virtual: ([n, maxDelay, calls]) =>
    Effect.orDie(Effect.andThen(
      virtual(Math.min(warmUp, Number(n)), Number(maxDelay)),
      timed(Number(n), "virtual", virtual(Number(n), Number(maxDelay)), Number(calls ?? 5))
    )),
  testclock: ([n, maxDelay]) =>
    Effect.orDie(Effect.andThen(
      testClock(Math.min(warmUp, Number(n)), Number(maxDelay)),
      timed(Number(n), "testclock", testClock(Number(n), Number(maxDelay)), 5)
    )),
  mem: ([n]) => Effect.orDie(memory(Number(n)))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(commands)
}
