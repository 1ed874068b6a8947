/**
 * The function project's `4-main.py`: `task_wait_n(5, 6)`, `wait_n` built on tasks.
 *
 * Run it: `npx tsx examples/task-wait-n.ts`
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { LiveClock, Repr, taskWaitN } from "effect-asyncio"
import { fileURLToPath } from "node:url"

const n = 5
const maxDelay = 6

export const program = Effect.flatMap(taskWaitN(n, maxDelay), (delays) => Console.log(Repr.floats(delays)))

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(LiveClock.provide(), NodeRuntime.runMain)
}
