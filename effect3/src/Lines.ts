/**
 * The seed texts' `read_lines`: the lines of a file as a `Stream`, read through `@effect/platform`'s `FileSystem`
 * in constant memory, with the file closed however the stream ends.
 *
 * A line longer than a limit fails the stream with {@link LineTooLongError}, as Python's `asyncio.StreamReader` raises
 * `LimitOverrunError`, so memory stays bounded even for a file that is one endless line.
 *
 * @since 0.1.0
 */
import * as PlatformError from "@effect/platform/Error"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Chunk from "effect/Chunk"
import * as Data from "effect/Data"
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
 * const small: Lines.ReadLinesOptions = { chunkSize: 4096, maxLineLength: 1024 }
 * console.log(small.maxLineLength) // 1024
 * ```
 */
export interface ReadLinesOptions {
  /** How many bytes to read from the file at a time; {@link DefaultChunkSize} by default. */
  readonly chunkSize?: number | undefined
  /**
   * The longest line allowed, in bytes of UTF-8 not counting its line ending; {@link DefaultMaxLineLength} by
   * default. A longer line fails the stream with {@link LineTooLongError}.
   */
  readonly maxLineLength?: number | undefined
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

/**
 * The longest line {@link readLines} allows by default: 64 KiB (65 536 bytes), the default limit of Python's
 * `asyncio.StreamReader` and of Go's `bufio.Scanner`.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { Lines } from "effect-asyncio"
 *
 * console.log(Lines.DefaultMaxLineLength) // 65536
 * ```
 */
export const DefaultMaxLineLength: number = 64 * 1024

// The longest string V8 can hold (on 64-bit); a line must fit in one, and decodes to at most one character a byte.
const MaxStringLength = 2 ** 29 - 24

/**
 * The failure of {@link readLines} when line `line` (counting from 1) of the file at `path` is longer than
 * `maxLineLength` bytes.
 *
 * The lines before it have been emitted; nothing of the long line has, and no more of it was read than the limit and
 * one chunk.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { Lines } from "effect-asyncio"
 *
 * const error = new Lines.LineTooLongError({ path: "big.log", line: 3, maxLineLength: 65536 })
 * console.log(error.message) // "line 3 of big.log is longer than the limit of 65536 bytes"
 * ```
 */
export class LineTooLongError extends Data.TaggedError("LineTooLongError")<{
  /** The file being read. */
  readonly path: string
  /** The number of the long line, counting from 1. */
  readonly line: number
  /** The limit it broke, in bytes. */
  readonly maxLineLength: number
}> {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `line ${this.line} of ${this.path} is longer than the limit of ${this.maxLineLength} bytes`
  }
}

const isDirectory = (path: string): PlatformError.SystemError =>
  new PlatformError.SystemError({
    reason: "BadResource",
    module: "FileSystem",
    method: "readLines",
    pathOrDescriptor: path,
    description: "is a directory, not a file"
  })

const LF = 10
const CR = 13

/**
 * Cuts the bytes read from a file into runs of whole lines, holding back the line in progress (at most
 * `maxLineLength` bytes plus a carriage return) until its newline comes. So the decoder and `Stream.splitLines`
 * after it never buffer a partial line, and a line that outgrows the limit is refused before it is passed on.
 */
const makeLineCutter = (path: string, maxLineLength: number) => {
  // the line in progress: read, not passed on
  let pending: Array<Uint8Array> = []
  let pendingLength = 0
  let pendingEndsWithCR = false
  // the number of the line in progress
  let line = 1

  /** The whole lines before the line in progress, which is too long: they are passed on, it is dropped. */
  const refuse = (
    bytes: Uint8Array,
    end: number
  ): readonly [Chunk.Chunk<Uint8Array>, Option.Option<LineTooLongError>] => {
    const out = whole(bytes, end)
    pending = []
    pendingLength = 0
    return [out, Option.some(new LineTooLongError({ path, line, maxLineLength }))]
  }

  /** The whole lines to pass on now (possibly none), and the error to fail with after them, if any. */
  const cut = (bytes: Uint8Array): readonly [Chunk.Chunk<Uint8Array>, Option.Option<LineTooLongError>] => {
    let end = 0 // bytes[0, end) are whole lines
    let carried = pendingLength // bytes of the current line read before `end`
    let endsWithCR = pendingEndsWithCR
    for (let newline = bytes.indexOf(LF); newline !== -1; newline = bytes.indexOf(LF, end)) {
      const crlf = newline > end ? bytes[newline - 1] === CR : endsWithCR
      if (carried + newline - end - (crlf ? 1 : 0) > maxLineLength) {
        return refuse(bytes, end)
      }
      line++
      end = newline + 1
      carried = 0
      endsWithCR = false
    }
    const rest = carried + bytes.length - end
    const restEndsWithCR = bytes.length > end ? bytes[bytes.length - 1] === CR : endsWithCR
    if (rest - (restEndsWithCR ? 1 : 0) > maxLineLength) {
      return refuse(bytes, end)
    }
    const out = whole(bytes, end)
    if (bytes.length > end) {
      // a copy, so the held part does not keep the whole read buffer alive
      pending.push(end === 0 ? bytes : bytes.slice(end))
    }
    pendingLength = rest
    pendingEndsWithCR = restEndsWithCR
    return [out, Option.none()]
  }

  /** The whole lines of `bytes[0, end)`, the first one completing the held line; none when `end` is 0. */
  const whole = (bytes: Uint8Array, end: number): Chunk.Chunk<Uint8Array> => {
    if (end === 0) {
      return Chunk.empty()
    }
    const out = Chunk.unsafeFromArray([...pending, bytes.subarray(0, end)])
    pending = []
    pendingLength = 0
    pendingEndsWithCR = false
    return out
  }

  /** What is left at the end of the file: the last line, which has no newline (within the limit, by `cut`). */
  const rest = (): Chunk.Chunk<Uint8Array> => {
    const out = Chunk.unsafeFromArray(pending)
    pending = []
    pendingLength = 0
    return out
  }

  return { cut, rest }
}

/**
 * The lines of the UTF-8 text file at `path`, without their line endings, read lazily in chunks of `chunkSize`
 * bytes (64 KiB by default).
 *
 * Lines end at `\n` or `\r\n` (a lone `\r` stays in the line); a last line without a newline is still a line, an
 * empty file has no lines, and a file ending in a newline has no empty last line (`"a\nb\n"` gives `"a"`, `"b"`).
 * A multi-byte character split between two reads is decoded whole.
 *
 * Memory stays bounded whatever the file: the next chunk is read only when the consumer has taken every line of the
 * previous one, and a line is held until its newline comes, so the stream holds at most one chunk plus the line in
 * progress. That line may be at most `maxLineLength` bytes (UTF-8, without its line ending; 64 KiB by default, as in
 * Python's `asyncio.StreamReader`): a longer one fails the stream with a {@link LineTooLongError} naming the path,
 * the line's number and the limit, after the lines before it and having read no more of it than the limit plus one
 * chunk. A file of one endless line fails in bounded memory. The file is opened when the stream starts and closed
 * when it ends, on completion, failure, interruption or an early stop such as `Stream.take(1)`.
 *
 * Errors are the platform's, unchanged: a missing file fails with a `SystemError` whose `reason` is `"NotFound"`
 * and whose message names the path; a directory fails with a `SystemError` whose `reason` is `"BadResource"`, also
 * naming the path (Node would otherwise open it and fail on the first read, naming only a descriptor). A
 * `chunkSize` that is not a positive integer, or a `maxLineLength` that is not a positive integer of at most
 * 536 870 888 (2^29 - 24, the longest string V8 can hold), is a defect. Reads are positioned, as in
 * `FileSystem.stream`, so a named pipe (FIFO) fails on the first read with the platform's `ESPIPE` error.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { NodeContext } from "@effect/platform-node"
 * import { Console, Effect, Stream } from "effect"
 * import { Lines } from "effect-asyncio"
 *
 * const program = Lines.readLines("package.json", { maxLineLength: 1024 }).pipe(
 *   Stream.take(3),
 *   Stream.runForEach((line) => Console.log(line)),
 *   Effect.catchTag("LineTooLongError", (error) => Console.error(error.message))
 * )
 * Effect.runPromise(Effect.provide(program, NodeContext.layer)) // the first three lines; the file is closed
 * ```
 */
export const readLines = (
  path: string,
  options?: ReadLinesOptions | undefined
): Stream.Stream<string, PlatformError.PlatformError | LineTooLongError, FileSystem.FileSystem> =>
  Stream.unwrapScoped(Effect.suspend(() => {
    const fn = "Lines.readLines"
    // only a field left out takes the default: `null` is a bad argument like any other
    const chunkSize = options?.chunkSize === undefined ? DefaultChunkSize : options.chunkSize
    const maxLineLength = options?.maxLineLength === undefined ? DefaultMaxLineLength : options.maxLineLength
    return validate.positiveCount(fn, "chunkSize", chunkSize) ??
      validate.positiveCount(fn, "maxLineLength", maxLineLength) ??
      (maxLineLength > MaxStringLength
        ? validate.illegal(fn, "maxLineLength", maxLineLength, `at most ${MaxStringLength} (the longest string)`)
        : undefined) ??
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const file = yield* fs.open(path, { flag: "r" })
        const info = yield* file.stat
        if (info.type === "Directory") {
          return yield* isDirectory(path)
        }
        const cutter = makeLineCutter(path, maxLineLength)
        let failure = Option.none<LineTooLongError>()
        let ended = false
        const pull: Effect.Effect<
          Chunk.Chunk<Uint8Array>,
          Option.Option<PlatformError.PlatformError | LineTooLongError>
        > = Effect.suspend(() => {
          if (Option.isSome(failure)) {
            return Effect.fail(failure)
          }
          if (ended) {
            return Effect.fail(Option.none())
          }
          return Effect.flatMap(
            Effect.mapError(file.readAlloc(chunkSize), (error) => Option.some(error)),
            (read) => {
              if (Option.isNone(read)) {
                ended = true
                const last = cutter.rest()
                return Chunk.isEmpty(last) ? Effect.fail(Option.none()) : Effect.succeed(last)
              }
              const [lines, error] = cutter.cut(read.value)
              failure = error
              return Chunk.isNonEmpty(lines) ? Effect.succeed(lines) : Option.isSome(error) ? Effect.fail(error) : pull
            }
          )
        })
        return Stream.repeatEffectChunkOption(pull).pipe(Stream.decodeText(), Stream.splitLines)
      })
  }))
