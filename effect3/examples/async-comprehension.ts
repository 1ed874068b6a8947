/**
 * The comprehension project's `1-main.py`: print `await async_comprehension()`, the generator collected
 * into a list.
 *
 * Run it: `npx tsx examples/async-comprehension.ts`
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { asyncComprehension, LiveClock, Repr } from "effect-asyncio"
import { fileURLToPath } from "node:url"

const main = Effect.flatMap(asyncComprehension(), (numbers) => Console.log(Repr.floats(numbers)))

export const program = main

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(LiveClock.provide(), NodeRuntime.runMain)
}
