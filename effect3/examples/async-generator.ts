/**
 * The comprehension project's `0-main.py`: loop over `async_generator()` (here a `Stream`), append each number,
 * print the list after about ten seconds.
 *
 * Run it: `npx tsx examples/async-generator.ts`
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Stream } from "effect"
import { asyncGenerator, LiveClock, Repr } from "effect-asyncio"
import { fileURLToPath } from "node:url"

const printYieldedValues = Effect.gen(function*() {
  const result: Array<number> = []
  yield* Stream.runForEach(asyncGenerator(), (i) =>
    Effect.sync(() => {
      result.push(i)
    }))
  yield* Console.log(Repr.floats(result))
})

export const program = printYieldedValues

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(LiveClock.provide(), NodeRuntime.runMain)
}
