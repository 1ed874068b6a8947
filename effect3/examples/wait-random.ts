/**
 * The function project's `0-main.py`: three `wait_random` calls, one after another, each printing the delay it slept.
 *
 * Run it: `npx tsx examples/wait-random.ts`
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { LiveClock, Repr, waitRandom } from "effect-asyncio"
import { fileURLToPath } from "node:url"

export const program = Effect.gen(function*() {
  yield* Console.log(Repr.float(yield* waitRandom()))
  yield* Console.log(Repr.float(yield* waitRandom(5)))
  yield* Console.log(Repr.float(yield* waitRandom(15)))
})

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(LiveClock.provide(), NodeRuntime.runMain)
}
