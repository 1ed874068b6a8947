/**
 * The library's benchmark commands on its `LiveClock` (run with `node --import tsx bench/ours/live-clock.ts ...`):
 *
 *   waitn N MAX_DELAY_S               overhead of waitN = elapsed - largest delay
 *   order N MAX_DELAY_S RUNS          inversions of waitN's list, run after run
 *   runtime COUNT INTERVAL_S          measureRuntime, wall time around the call
 */
import * as LiveClock from "effect-asyncio/LiveClock"
import { fileURLToPath } from "node:url"
import { order, overhead, runtime } from "./bench.js"
import type { Commands } from "./common.js"
import { main } from "./common.js"

/** The commands, by name. */
export const commands: Commands = {
  waitn: ([n, maxDelay]) => overhead(Number(n), Number(maxDelay), (effect) => LiveClock.provide(effect)),
  order: ([n, maxDelay, runs]) =>
    order(Number(n), Number(maxDelay), Number(runs), (effect) => LiveClock.provide(effect)),
  runtime: ([count, interval]) => runtime(Number(count), Number(interval), (effect) => LiveClock.provide(effect))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(commands)
}
