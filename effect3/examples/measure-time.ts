/**
 * The function project's `2-main.py`: `measure_time(5, 9)`, the time of `wait_n(5, 9)` divided by 5.
 *
 * Run it: `npx tsx examples/measure-time.ts`
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { LiveClock, measureTime, Repr } from "effect-asyncio"
import { fileURLToPath } from "node:url"

const n = 5
const maxDelay = 9

export const program = Effect.flatMap(measureTime(n, maxDelay), (seconds) => Console.log(Repr.float(seconds)))

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(LiveClock.provide(), NodeRuntime.runMain)
}
