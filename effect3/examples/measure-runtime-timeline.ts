/**
 * `measureRuntime`'s four comprehensions, drawn as a timeline: four lanes side by side, each made of ten one-second
 * emissions, all done at 10 s. That picture is why the whole takes about 10 seconds, not 40.
 *
 * It runs in virtual time (`VirtualTime.run`), so it prints at once, and the exercise labels its own children
 * (`comprehension-0 … 3`, each emission `emit`), so recording them needs no change to its code.
 *
 * Run it: `npx tsx examples/measure-runtime-timeline.ts`
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { measureRuntime, Repr, Timeline, VirtualTime } from "effect-asyncio"
import { fileURLToPath } from "node:url"

const width = Math.min(process.stdout.columns ?? 80, 100)

export const program = Effect.gen(function*() {
  const [timeline, seconds] = yield* VirtualTime.run(Timeline.record(measureRuntime()))
  yield* Console.log(Timeline.toChart(timeline, { width, depth: 1 }))
  yield* Console.log(`measureRuntime: ${Repr.float(seconds)} s of virtual time, 4 lanes × 10 emissions`)
})

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(NodeRuntime.runMain)
}
