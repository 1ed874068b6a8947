/**
 * The comprehension project's `2-main.py`: `measure_runtime()` runs four comprehensions at once and prints the
 * elapsed seconds: about 10, not 40.
 *
 * Run it: `npx tsx examples/measure-runtime.ts`
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { LiveClock, measureRuntime, Repr } from "effect-asyncio"
import { fileURLToPath } from "node:url"

const main = measureRuntime()

export const program = Effect.flatMap(main, (seconds) => Console.log(Repr.float(seconds)))

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(LiveClock.provide(), NodeRuntime.runMain)
}
