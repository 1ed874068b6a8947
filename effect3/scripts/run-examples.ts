/**
 * Runs every example in `examples/` in turn, each as its own process (`node --import tsx examples/<file>.ts`): the
 * eight original main files first, in the order of the two Python projects, then the others alphabetically.
 *
 * Run it: `npm run examples` (type-checks first) or `npx tsx scripts/run-examples.ts`.
 */
import { Command, FileSystem } from "@effect/platform"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"

const originals: ReadonlyArray<readonly [file: string, original: string]> = [
  ["wait-random.ts", "python_async_function/0-main.py"],
  ["wait-n.ts", "python_async_function/1-main.py"],
  ["measure-time.ts", "python_async_function/2-main.py"],
  ["task-wait-random.ts", "python_async_function/3-main.py"],
  ["task-wait-n.ts", "python_async_function/4-main.py"],
  ["async-generator.ts", "python_async_comprehension/0-main.py"],
  ["async-comprehension.ts", "python_async_comprehension/1-main.py"],
  ["measure-runtime.ts", "python_async_comprehension/2-main.py"]
]

const program = Effect.gen(function*() {
  const fs = yield* FileSystem.FileSystem
  const files = (yield* fs.readDirectory("examples")).filter((file) => file.endsWith(".ts")).sort()
  const known = new Set(originals.map(([file]) => file))
  const others = files.filter((file) => !known.has(file)).map((file) => [file, "more"] as const)
  let failed = 0
  for (const [file, original] of [...originals, ...others]) {
    yield* Console.log(`\n── examples/${file}${original === "more" ? "" : `  (${original})`}`)
    const exitCode = yield* Command.make(process.execPath, "--import", "tsx", `examples/${file}`).pipe(
      Command.stdout("inherit"),
      Command.stderr("inherit"),
      Command.exitCode
    )
    if (exitCode !== 0) {
      failed++
      yield* Console.error(`examples/${file} exited with code ${exitCode}`)
    }
  }
  if (failed > 0) {
    return yield* Effect.fail(`${failed} example(s) failed`)
  }
})

program.pipe(Effect.provide(NodeContext.layer), NodeRuntime.runMain)
