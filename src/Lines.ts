/**
 * The seed texts' `read_lines`: the lines of a file as a `Stream`, read through `@effect/platform`'s `FileSystem`
 * in constant memory, with the file closed however the stream ends.
 *
 * @since 0.1.0
 */
import * as PlatformError from "@effect/platform/Error"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as validate from "./internal/validate.js"

/**
 * Options of {@link readLines}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Lines } from "effect-asyncio"
 *
 * const small: Lines.ReadLinesOptions = { chunkSize: 4096 }
 * console.log(small.chunkSize) // 4096
 * ```
 */
export interface ReadLinesOptions {
  /** How many bytes to read from the file at a time; {@link DefaultChunkSize} by default. */
  readonly chunkSize?: number | undefined
}

/**
 * How many bytes {@link readLines} reads at a time by default: 64 KiB, as `FileSystem.stream`.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { Lines } from "effect-asyncio"
 *
 * console.log(Lines.DefaultChunkSize) // 65536
 * ```
 */
export const DefaultChunkSize: number = 64 * 1024

const isDirectory = (path: string): PlatformError.SystemError =>
  new PlatformError.SystemError({
    reason: "BadResource",
    module: "FileSystem",
    method: "readLines",
    pathOrDescriptor: path,
    description: "is a directory, not a file"
  })

/**
 * The lines of the UTF-8 text file at `path`, without their line endings, read lazily in chunks of `chunkSize`
 * bytes (64 KiB by default).
 *
 * Lines end at `\n` or `\r\n` (a lone `\r` stays in the line); a last line without a newline is still a line, an
 * empty file has no lines, and a file ending in a newline has no empty last line (`"a\nb\n"` gives `"a"`, `"b"`).
 * A multi-byte character split between two reads is decoded whole.
 *
 * Memory stays constant whatever the file size: the next chunk is read only when the consumer has taken every
 * line of the previous one, so the stream holds at most one chunk plus the line in progress (a single line longer
 * than memory cannot be streamed by lines). The file is opened when the stream starts and closed when it ends, on
 * completion, failure, interruption or an early stop such as `Stream.take(1)`.
 *
 * Errors are the platform's, unchanged: a missing file fails with a `SystemError` whose `reason` is `"NotFound"`
 * and whose message names the path; a directory fails with a `SystemError` whose `reason` is `"BadResource"`, also
 * naming the path (Node would otherwise open it and fail on the first read, naming only a descriptor). A
 * `chunkSize` that is not a positive integer is a defect. Reads are positioned, as in `FileSystem.stream`, so a
 * named pipe (FIFO) fails on the first read with the platform's `ESPIPE` error.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { NodeContext } from "@effect/platform-node"
 * import { Console, Effect, Stream } from "effect"
 * import { Lines } from "effect-asyncio"
 *
 * const program = Lines.readLines("package.json").pipe(
 *   Stream.take(3),
 *   Stream.runForEach((line) => Console.log(line))
 * )
 * Effect.runPromise(Effect.provide(program, NodeContext.layer)) // the first three lines; the file is closed
 * ```
 */
export const readLines = (
  path: string,
  options?: ReadLinesOptions | undefined
): Stream.Stream<string, PlatformError.PlatformError, FileSystem.FileSystem> =>
  Stream.unwrapScoped(Effect.suspend(() => {
    const chunkSize = options?.chunkSize ?? DefaultChunkSize
    return validate.positiveCount("readLines", "chunkSize", chunkSize) ?? Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const file = yield* fs.open(path, { flag: "r" })
      const info = yield* file.stat
      if (info.type === "Directory") {
        return yield* isDirectory(path)
      }
      const bytes = Stream.repeatEffectOption(
        Effect.flatMap(
          Effect.mapError(file.readAlloc(chunkSize), (error) => Option.some(error)),
          (read) => Option.isSome(read) ? Effect.succeed(read.value) : Effect.fail(Option.none())
        )
      )
      return bytes.pipe(Stream.decodeText(), Stream.splitLines)
    })
  }))
