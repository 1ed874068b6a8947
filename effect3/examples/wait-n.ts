/**
 * The function project's `1-main.py`: `wait_n` three times, printing each list of delays in completion order.
 *
 * Run it: `npx tsx examples/wait-n.ts`
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { LiveClock, Repr, waitN } from "effect-asyncio"
import { fileURLToPath } from "node:url"

export const program = Effect.gen(function*() {
  yield* Console.log(Repr.floats(yield* waitN(5, 5)))
  yield* Console.log(Repr.floats(yield* waitN(10, 7)))
  yield* Console.log(Repr.floats(yield* waitN(10, 0)))
})

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(LiveClock.provide(), NodeRuntime.runMain)
}
