/**
 * Draws `measureRuntime`'s timeline with the library itself and writes it to `docs/measure-runtime.svg`, the
 * picture in the README: four comprehensions side by side, each lane showing its ten one-second emissions.
 *
 * The run is in virtual time, so the picture is exact and the same on every machine; rerun after changing the
 * exercise or the renderer.
 *
 * Run it: `npx tsx scripts/render-timeline.ts [output path]`
 */
import { FileSystem } from "@effect/platform"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { measureRuntime, Timeline, VirtualTime } from "effect-asyncio"

const output = process.argv[2] ?? "docs/measure-runtime.svg"

const program = Effect.gen(function*() {
  const fs = yield* FileSystem.FileSystem
  const [timeline, seconds] = yield* VirtualTime.run(Timeline.record(measureRuntime()))
  const svg = Timeline.toSvg(timeline, {
    width: 720,
    depth: 1,
    title: `measureRuntime(): four comprehensions at once, ${seconds} s in all`
  })
  yield* fs.writeFileString(output, svg)
  yield* Console.log(`wrote ${output} (${svg.length} bytes)`)
  yield* Console.log(Timeline.toChart(timeline, { width: 80, depth: 1 }))
})

program.pipe(Effect.provide(NodeContext.layer), NodeRuntime.runMain)
