/**
 * Benchmark commands for the library (run with `node [--expose-gc] --import tsx bench/ours/bench.ts ...`); each
 * prints one JSON line, with the same commands as the Python and Node peers:
 *
 *   waitn N MAX_DELAY_S                  overhead of waitN = elapsed - largest delay
 *   waitn-bare N MAX_DELAY_S             the same with n bare Effect.fork(Effect.sleep(delay)), awaited one by one:
 *                                        what one Effect fiber per wait costs, with nothing to collect in order
 *   mem N waitn|fiber-sleep|fiber-wait   live bytes per pending wait; the two fiber variants are the references
 *   order N MAX_DELAY_S RUNS             inversions of waitN's list, run after run
 *   gen ITEMS library|repeat-effect      elements per second of the generator with a zero interval
 *   runtime COUNT INTERVAL_S             measureRuntime on the real clock
 *
 * Everything runs on Effect's default clock; `live-clock.ts` and `virtual-time.ts` add the other clocks.
 */
import { Chunk, Duration, Effect, Fiber, Random, Stream } from "effect"
import { asyncComprehension, measureRuntime } from "effect-asyncio/Comprehension"
import { waitN, waitRandom } from "effect-asyncio/Wait"
import { fileURLToPath } from "node:url"
import type { Commands } from "./common.js"
import { inversions, liveHeap, main, MemMaxDelay, secondsSince, untilArmed } from "./common.js"

/** waitN(n, maxDelay), timed on the real clock around the call. */
export const overhead = <R>(
  n: number,
  maxDelay: number,
  provide: (effect: Effect.Effect<Array<number>>) => Effect.Effect<Array<number>, never, R>
): Effect.Effect<object, never, R> =>
  Effect.gen(function*() {
    const start = performance.now()
    const delays = yield* provide(waitN(n, maxDelay))
    const elapsed = secondsSince(start)
    const largest = delays.reduce((a, b) => Math.max(a, b), 0)
    return { n, elapsed_s: elapsed, largest_s: largest, overhead_s: elapsed - largest }
  })

/** `runs` waitN(n, maxDelay) one after the other, with the inversions of each list. */
export const order = <R>(
  n: number,
  maxDelay: number,
  runs: number,
  provide: (effect: Effect.Effect<Array<number>>) => Effect.Effect<Array<number>, never, R>
): Effect.Effect<object, never, R> =>
  Effect.gen(function*() {
    const counts: Array<number> = []
    for (let i = 0; i < runs; i++) {
      counts.push(inversions(yield* provide(waitN(n, maxDelay))))
    }
    return { n, runs, inversions: counts }
  })

/** measureRuntime({ count, interval }) timed on the real clock, with what it reports on its own `Clock`. */
export const runtime = <R>(
  count: number,
  interval: number,
  provide: (effect: Effect.Effect<number>) => Effect.Effect<number, never, R>
): Effect.Effect<object, never, R> =>
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
    const fibers: Array<Fiber.RuntimeFiber<number>> = []
    for (let i = 0; i < n; i++) {
      const millis = Math.floor(Math.random() * (maxDelay * 1000 + 1))
      fibers.push(yield* Effect.fork(Effect.as(Effect.sleep(Duration.millis(millis)), millis / 1000)))
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
      return Effect.fork(waitN(n, MemMaxDelay))
    case "fiber-sleep":
      return Effect.forEach(Array.from({ length: n }), () => Effect.fork(Effect.sleep(Duration.seconds(MemMaxDelay))))
    case "fiber-wait":
      return Effect.forEach(Array.from({ length: n }), () => Effect.fork(waitRandom(MemMaxDelay)))
  }
  return Effect.dieMessage(`unknown mem variant: ${variant}`)
}

const generated = (items: number, variant: string | undefined): Effect.Effect<number> =>
  variant === "library"
    ? Effect.map(asyncComprehension({ count: items, interval: 0 }), (values) => values.length)
    : Effect.map(
      Stream.runCollect(Stream.take(Stream.repeatEffect(Random.nextRange(0, 10)), items)),
      (values) => Chunk.size(values)
    )

const identity = <A>(effect: Effect.Effect<A>): Effect.Effect<A> => effect

/** The commands, by name. */
export const commands: Commands = {
  waitn: ([n, maxDelay]) => overhead(Number(n), Number(maxDelay), identity),
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
  order: ([n, maxDelay, runs]) => order(Number(n), Number(maxDelay), Number(runs), identity),
  gen: ([items, variant]) =>
    Effect.gen(function*() {
      const start = performance.now()
      const count = yield* generated(Number(items), variant)
      const elapsed = secondsSince(start)
      return { items: count, variant, elapsed_s: elapsed, items_per_s: count / elapsed }
    }),
  runtime: ([count, interval]) => runtime(Number(count), Number(interval), identity)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(commands)
}
