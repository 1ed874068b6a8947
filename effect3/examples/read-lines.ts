/**
 * The seed texts' `read_lines`: print the lines of a file, numbered, then how many there were. The file is the one
 * named on the command line, or `examples/sample.txt`. It is read in 64 KiB chunks whatever its size, and closed
 * when the stream ends.
 *
 * Run it: `npx tsx examples/read-lines.ts` or `npx tsx examples/read-lines.ts path/to/file.txt`
 */
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Stream } from "effect"
import { Lines } from "effect-asyncio"
import { fileURLToPath } from "node:url"

/** The sample text that ships with the examples. */
export const samplePath = fileURLToPath(new URL("sample.txt", import.meta.url))

/** Prints every line of `path` with its number, then the count. */
export const printLines = (path: string) =>
  Lines.readLines(path).pipe(
    Stream.zipWithIndex,
    Stream.runFoldEffect(0, (_, [line, index]) =>
      Effect.as(Console.log(`${String(index + 1).padStart(4)}  ${line}`), index + 1)),
    Effect.flatMap((count) =>
      Console.log(`${count} line${count === 1 ? "" : "s"} in ${path}`)
    )
  )

export const program = printLines(samplePath)

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = process.argv[2]
  const main = path === undefined ? program : printLines(path)
  main.pipe(Effect.provide(NodeContext.layer), NodeRuntime.runMain)
}
