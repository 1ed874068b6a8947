/**
 * The function project's `3-main.py`: `task_wait_random(5)` hands back a task (here a fiber) at once; the program
 * awaits it and prints the task's class.
 *
 * Run it: `npx tsx examples/task-wait-random.ts`
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Fiber } from "effect"
import { LiveClock, taskWaitRandom } from "effect-asyncio"
import { fileURLToPath } from "node:url"

const test = (maxDelay: number) =>
  Effect.gen(function*() {
    const task = yield* taskWaitRandom(maxDelay)
    yield* Fiber.join(task)
    yield* Console.log(`<class '${task.constructor.name}'>`)
  })

export const program = test(5)

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(LiveClock.provide(), NodeRuntime.runMain)
}
