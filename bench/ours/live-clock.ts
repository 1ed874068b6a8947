/**
 * The library's benchmark commands on its `LiveClock` (run with `node --import tsx bench/ours/live-clock.ts ...`):
 *
 *   waitn N MAX_DELAY_S               overhead of waitN = elapsed - largest delay
 *   order N MAX_DELAY_S RUNS          inversions of waitN's list, run after run
 *   runtime COUNT INTERVAL_S          measureRuntime, wall time around the call
 *   mem N                             live bytes per pending wait of waitN(n, 100000) on LiveClock
 *   interrupt N                       waitN(n, 100000) on LiveClock, every wait pending, then interrupted
 */
import { Effect } from "effect"
import * as LiveClock from "effect-asyncio/LiveClock"
import { waitN } from "effect-asyncio/Wait"
import { fileURLToPath } from "node:url"
import type { Provide } from "./bench.js"
import { interrupt, order, overhead, runtime } from "./bench.js"
import type { Commands } from "./common.js"
import { liveHeap, main, MemMaxDelay, secondsSince, untilQuiet } from "./common.js"

const live: Provide = (effect) => LiveClock.provide(effect)

/** The commands, by name. */
export const commands: Commands = {
  waitn: ([n, maxDelay]) => Effect.orDie(overhead(Number(n), Number(maxDelay), live)),
  order: ([n, maxDelay, runs]) => Effect.orDie(order(Number(n), Number(maxDelay), Number(runs), live)),
  runtime: ([count, interval]) => Effect.orDie(runtime(Number(count), Number(interval), live)),
  mem: ([n]) =>
    Effect.gen(function*() {
      const count = Number(n)
      const before = yield* liveHeap
      const start = performance.now()
      const held = yield* Effect.forkChild(LiveClock.provide(waitN(count, MemMaxDelay)))
      yield* untilQuiet
      const launch = secondsSince(start)
      const after = yield* liveHeap
      return {
        n: count,
        variant: "live-clock",
        bytes_per_wait: (after - before) / count,
        launch_s: launch,
        held: held !== null
      }
    }),
  interrupt: ([n]) => Effect.orDie(interrupt(Number(n), live, untilQuiet))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(commands)
}
