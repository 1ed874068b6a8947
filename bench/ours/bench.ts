/**
 * Benchmark commands for the library (run with `node [--expose-gc] --import tsx bench/ours/bench.ts ...`); each
 * prints one JSON line, with the same commands as the Python and Node peers and as the Effect 3 edition's
 * `effect3/bench/ours/bench.ts` (the runner runs both):
 *
 *   waitn N MAX_DELAY_S                  overhead of waitN = elapsed - largest delay, and the list's inversions
 *   waitn-bare N MAX_DELAY_S             the same with n bare Effect.forkChild(Effect.sleep(delay)), awaited one by
 *                                        one: what one Effect fiber per wait costs, with nothing to collect in order
 *   mem N waitn|fiber-sleep|fiber-wait   live bytes per pending wait; the two fiber variants are the references
 *   order N MAX_DELAY_S RUNS             inversions of waitN's list, run after run
 *   gen ITEMS library|repeat-effect      elements per second of the generator with a zero interval
 *   runtime COUNT INTERVAL_S             measureRuntime on the real clock
 *   interrupt N                          waitN(n, 100000) forked, every wait pending, then interrupted: the wall
 *                                        time of Fiber.interrupt
 *
 * Everything runs on Effect's default clock; `live-clock.ts` and `virtual-time.ts` add the other clocks.
 */
import { Duration, Effect, Fiber, Random, Stream } from "effect"
import { asyncComprehension, measureRuntime } from "effect-asyncio/Comprehension"
import { waitN, waitRandom } from "effect-asyncio/Wait"
import { fileURLToPath } from "node:url"
import type { Commands } from "./common.js"
import { fail, inversions, liveHeap, main, MemMaxDelay, secondsSince, untilArmed } from "./common.js"

/** How a command runs the library's effect: as it is, or under one of the library's clocks. */
export type Provide = <A>(effect: Effect.Effect<A>) => Effect.Effect<A, unknown>

/** waitN(n, maxDelay), timed on the real clock around the call. */
export const overhead = (n: number, maxDelay: number, provide: Provide): Effect.Effect<object, unknown> =>
  Effect.gen(function*() {
    const start = performance.now()
    const delays = yield* provide(waitN(n, maxDelay))
    const elapsed = secondsSince(start)
    const largest = delays.reduce((a, b) => Math.max(a, b), 0)
    return {
      n,
      elapsed_s: elapsed,
      largest_s: largest,
      overhead_s: elapsed - largest,
      count: delays.length,
      inversions: inversions(delays)
    }
  })

/**
 * waitN(n, 100000) forked and left until every wait is pending (`until`), then interrupted: the wall time of
 * `Fiber.interrupt`, which returns once every wait has been interrupted and every finalizer has run.
 */
export const interrupt = (n: number, provide: Provide, until: Effect.Effect<void>): Effect.Effect<object, unknown> =>
  Effect.gen(function*() {
    const start = performance.now()
    const fiber = yield* Effect.forkChild(provide(waitN(n, MemMaxDelay)))
    yield* until
    const launch = secondsSince(start)
    const interrupted = performance.now()
    const cpu = process.cpuUsage()
    yield* Fiber.interrupt(fiber)
    const elapsed = secondsSince(interrupted)
    const used = process.cpuUsage(cpu)
    return { n, launch_s: launch, interrupt_s: elapsed, interrupt_cpu_s: (used.user + used.system) / 1e6 }
  })

/** `runs` waitN(n, maxDelay) one after the other, with the inversions of each list. */
export const order = (n: number, maxDelay: number, runs: number, provide: Provide): Effect.Effect<object, unknown> =>
  Effect.gen(function*() {
    const counts: Array<number> = []
    for (let i = 0; i < runs; i++) {
      counts.push(inversions(yield* provide(waitN(n, maxDelay))))
    }
    return { n, runs, inversions: counts }
  })

/** measureRuntime({ count, interval }) timed on the real clock, with what it reports on its own `Clock`. */
export const runtime = (count: number, interval: number, provide: Provide): Effect.Effect<object, unknown> =>
  Effect.gen(function*() {
    const start = performance.now()
    const reported = yield* provide(measureRuntime({ count, interval: Duration.seconds(interval) }))
    const wall = secondsSince(start)
    return { count, interval_s: interval, runtime_s: reported, wall_s: wall, excess_s: wall - count * interval }
  })

/** n bare fibers each sleeping a random whole-millisecond delay (Math.random), awaited one by one. */
const bareFibers = (n: number, maxDelay: number): Effect.Effect<object> =>
  Effect.gen(function*() {
    const start = performance.now()
    const fibers: Array<Fiber.Fiber<number>> = []
    for (let i = 0; i < n; i++) {
      const millis = Math.floor(Math.random() * (maxDelay * 1000 + 1))
      fibers.push(yield* Effect.forkChild(Effect.as(Effect.sleep(Duration.millis(millis)), millis / 1000)))
    }
    let largest = 0
    for (const fiber of fibers) {
      largest = Math.max(largest, yield* Fiber.join(fiber))
    }
    const elapsed = secondsSince(start)
    return { n, elapsed_s: elapsed, largest_s: largest, overhead_s: elapsed - largest }
  })

const pending = (n: number, variant: string | undefined): Effect.Effect<unknown> => {
  switch (variant) {
    case "waitn":
      return Effect.forkChild(waitN(n, MemMaxDelay))
    case "fiber-sleep":
      return Effect.forEach(
        Array.from({ length: n }),
        () => Effect.forkChild(Effect.sleep(Duration.seconds(MemMaxDelay)))
      )
    case "fiber-wait":
      return Effect.forEach(Array.from({ length: n }), () => Effect.forkChild(waitRandom(MemMaxDelay)))
  }
  return fail(`unknown mem variant: ${variant}`)
}

const generated = (items: number, variant: string | undefined): Effect.Effect<number> =>
  variant === "library"
    ? Effect.map(asyncComprehension({ count: items, interval: 0 }), (values) => values.length)
    : Effect.map(
      Stream.runCollect(Stream.take(Stream.fromEffectRepeat(Random.nextBetween(0, 10)), items)),
      (values) => values.length
    )

const asItIs: Provide = (effect) => effect

/** The commands, by name. */
export const commands: Commands = {
  waitn: ([n, maxDelay]) => Effect.orDie(overhead(Number(n), Number(maxDelay), asItIs)),
  "waitn-bare": ([n, maxDelay]) => bareFibers(Number(n), Number(maxDelay)),
  mem: ([n, variant]) =>
    Effect.gen(function*() {
      const count = Number(n)
      const before = yield* liveHeap
      const start = performance.now()
      const held = yield* pending(count, variant)
      yield* untilArmed(count)
      const launch = secondsSince(start)
      const after = yield* liveHeap
      return { n: count, variant, bytes_per_wait: (after - before) / count, launch_s: launch, held: held !== null }
    }),
  order: ([n, maxDelay, runs]) => Effect.orDie(order(Number(n), Number(maxDelay), Number(runs), asItIs)),
  gen: ([items, variant]) =>
    Effect.gen(function*() {
      const start = performance.now()
      const count = yield* generated(Number(items), variant)
      const elapsed = secondsSince(start)
      return { items: count, variant, elapsed_s: elapsed, items_per_s: count / elapsed }
    }),
  runtime: ([count, interval]) => Effect.orDie(runtime(Number(count), Number(interval), asItIs)),
  interrupt: ([n]) => Effect.orDie(interrupt(Number(n), asItIs, untilArmed(Number(n))))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(commands)
}
