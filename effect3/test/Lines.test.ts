import { FileSystem } from "@effect/platform"
import { NodeFileSystem } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Chunk, Deferred, Effect, Either, Exit, Fiber, Stream } from "effect"
import { Lines } from "effect-asyncio"
import { printLines, program as readLinesExample, samplePath } from "../examples/read-lines.js"
import { defectMessage } from "./utils/defect.js"
import { descriptorsOn, hasProcFd, layerRecording, makeStats } from "./utils/linesFileSystem.js"
import * as TestConsole from "./utils/TestConsole.js"

// Writes `content` to a file in a fresh temporary directory (removed when the test's scope closes).
const tempFile = (name: string, content: string | Uint8Array) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const dir = yield* fs.makeTempDirectoryScoped({ prefix: "lines-test-" })
    const path = `${dir}/${name}`
    yield* typeof content === "string" ? fs.writeFileString(path, content) : fs.writeFile(path, content)
    return path
  })

const lines = (path: string, chunkSize?: number) =>
  Effect.map(Stream.runCollect(Lines.readLines(path, { chunkSize })), (chunk) => Chunk.toArray(chunk))

// Every line up to the end or the failure, the failure (as a Left) last.
const linesUntilFailure = (path: string, options: Lines.ReadLinesOptions) =>
  Effect.map(Stream.runCollect(Stream.either(Lines.readLines(path, options))), (chunk) => Chunk.toArray(chunk))

const tooLong = (path: string, line: number, maxLineLength: number) =>
  Either.left(new Lines.LineTooLongError({ path, line, maxLineLength }))

describe("Lines", () => {
  it.scoped("readLines - an empty file has no lines; one line without a newline is a line", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* lines(yield* tempFile("empty.txt", "")), [])
      assert.deepStrictEqual(yield* lines(yield* tempFile("one.txt", "only line")), ["only line"])
      assert.deepStrictEqual(yield* lines(yield* tempFile("nl.txt", "only line\n")), ["only line"])
      assert.deepStrictEqual(yield* lines(yield* tempFile("blank.txt", "\n")), [""])
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.scoped("readLines - \\n and \\r\\n both end lines, blank lines are kept, a lone \\r is not a line end", () =>
    Effect.gen(function*() {
      const path = yield* tempFile("mixed.txt", "unix\nwindows\r\n\r\n\nlast\rstill last")
      const expected = ["unix", "windows", "", "", "last\rstill last"]
      assert.deepStrictEqual(yield* lines(path), expected)
      // \r\n split across two reads is still one line end
      for (const chunkSize of [1, 2, 3, 5, 8, 13]) {
        assert.deepStrictEqual(yield* lines(path, chunkSize), expected, `chunkSize ${chunkSize}`)
      }
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.scoped("readLines - multi-byte characters split across read chunks decode whole", () =>
    Effect.gen(function*() {
      const text = ["héllo wörld", "€uro ≠ 円", "emoji 😀🎉 end", "ascii"]
      const content = text.join("\n")
      const bytes = new TextEncoder().encode(content)
      // "é" is 2 bytes, "€" 3, "😀" 4: with chunks of 1 to 7 bytes every one of them is cut somewhere
      assert.isTrue(bytes.length > content.length + 8)
      const path = yield* tempFile("utf8.txt", bytes)
      for (let chunkSize = 1; chunkSize <= 7; chunkSize++) {
        assert.deepStrictEqual(yield* lines(path, chunkSize), text, `chunkSize ${chunkSize}`)
      }
      assert.deepStrictEqual(yield* lines(path), text)
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.scoped("readLines - a 50 MB file is read holding at most one read chunk (plus a partial line), whole and in order", () => {
    const stats = makeStats()
    return Effect.gen(function*() {
      const lineLength = 100
      const size = 50 * 1024 * 1024
      const content = Buffer.alloc(size, `${"x".repeat(lineLength - 2)}|\n`)
      const path = yield* tempFile("big.txt", content)
      const chunkSize = Lines.DefaultChunkSize
      // The consumer dawdles (2 ms of real time per batch) over the first 2 MB, so a reader that can run ahead will.
      const slowAtFirst = (consumedSoFar: number) =>
        consumedSoFar < 2 * 1024 * 1024
          ? Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 2)))
          : Effect.void
      let consumed = 0
      let count = 0
      let maxHeld = 0
      let malformed = 0
      yield* Lines.readLines(path).pipe(
        Stream.runForEachChunk((chunk) =>
          Effect.zipRight(
            Effect.sync(() => {
              // bytes read from the file but not yet handed to the consumer, at the moment a batch arrives
              maxHeld = Math.max(maxHeld, stats.bytesRead - consumed)
              for (const received of chunk) {
                if (received.length !== lineLength - 1) malformed++
                consumed += received.length + 1
                count++
              }
            }),
            slowAtFirst(consumed)
          )
        )
      )
      assert.strictEqual(count, size / lineLength)
      assert.strictEqual(malformed, 0)
      assert.strictEqual(consumed, size)
      assert.strictEqual(stats.bytesRead, size)
      assert.strictEqual(stats.reads, size / chunkSize + 1) // the last read finds the end of the file
      // one chunk, plus the start of a line carried over from the chunk before
      assert.isAtMost(maxHeld, chunkSize + lineLength)
      assert.deepStrictEqual([stats.opened, stats.closed], [1, 1])

      // The same instrument on FileSystem.stream, which reads up to 16 chunks ahead, sees it hold far more.
      let streamConsumed = 0
      let streamHeld = 0
      const before = stats.bytesRead
      const fs = yield* FileSystem.FileSystem
      yield* fs.stream(path).pipe(
        Stream.decodeText(),
        Stream.splitLines,
        Stream.runForEachChunk((chunk) =>
          Effect.zipRight(
            Effect.sync(() => {
              streamHeld = Math.max(streamHeld, stats.bytesRead - before - streamConsumed)
              for (const received of chunk) streamConsumed += received.length + 1
            }),
            slowAtFirst(streamConsumed)
          )
        )
      )
      assert.strictEqual(streamConsumed, size)
      assert.isAbove(streamHeld, 2 * chunkSize)
    }).pipe(Effect.provide(layerRecording(stats)))
  })

  it.scoped.runIf(hasProcFd)("readLines - take(1) closes the file: no descriptor is left on it", () => {
    const stats = makeStats()
    return Effect.gen(function*() {
      const path = yield* tempFile("take.txt", "first\nsecond\nthird\n")
      assert.deepStrictEqual(descriptorsOn(path), [])
      const openWhileReading: Array<number> = []
      const first = yield* Lines.readLines(path).pipe(
        Stream.tap(() => Effect.sync(() => openWhileReading.push(descriptorsOn(path).length))),
        Stream.take(1),
        Stream.runCollect
      )
      assert.deepStrictEqual(Chunk.toArray(first), ["first"])
      assert.deepStrictEqual(openWhileReading, [1])
      assert.deepStrictEqual(descriptorsOn(path), [])
      assert.deepStrictEqual([stats.opened, stats.closed, stats.reads], [1, 1, 1])
    }).pipe(Effect.provide(layerRecording(stats)))
  })

  it.scoped.runIf(hasProcFd)("readLines - the file is closed on completion, failure and interruption", () => {
    const stats = makeStats()
    return Effect.gen(function*() {
      const path = yield* tempFile("close.txt", "a\nb\nc\n")

      assert.deepStrictEqual(yield* lines(path), ["a", "b", "c"])
      assert.deepStrictEqual(descriptorsOn(path), [])

      const failed = yield* Lines.readLines(path).pipe(
        Stream.mapEffect((line) => line === "b" ? Effect.fail("consumer failed at b") : Effect.succeed(line)),
        Stream.runDrain,
        Effect.flip
      )
      assert.strictEqual(failed, "consumer failed at b")
      assert.deepStrictEqual(descriptorsOn(path), [])

      const reading = yield* Deferred.make<void>()
      const fiber = yield* Lines.readLines(path, { chunkSize: 2 }).pipe(
        Stream.tap(() => Deferred.succeed(reading, undefined)),
        Stream.tap(() => Effect.never),
        Stream.runDrain,
        Effect.fork
      )
      yield* Deferred.await(reading)
      assert.strictEqual(descriptorsOn(path).length, 1)
      assert.isTrue(Exit.isInterrupted(yield* Fiber.interrupt(fiber)))
      assert.deepStrictEqual(descriptorsOn(path), [])
      assert.deepStrictEqual([stats.opened, stats.closed], [3, 3])
    }).pipe(Effect.provide(layerRecording(stats)))
  })

  it.scoped("readLines - a missing file fails with the platform's SystemError NotFound naming the path", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* fs.makeTempDirectoryScoped({ prefix: "lines-test-" })
      const path = `${dir}/missing.txt`
      const error = yield* Effect.flip(Stream.runDrain(Lines.readLines(path)))
      assert.strictEqual(error._tag, "SystemError")
      if (error._tag !== "SystemError") return
      assert.strictEqual(error.reason, "NotFound")
      assert.strictEqual(error.pathOrDescriptor, path)
      assert.include(error.message, path)
      assert.match(error.message, /^NotFound: FileSystem\.open/)
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.scoped("readLines - a directory fails with SystemError BadResource naming the path, and is closed", () => {
    const stats = makeStats()
    return Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* fs.makeTempDirectoryScoped({ prefix: "lines-test-" })
      const error = yield* Effect.flip(Stream.runDrain(Lines.readLines(dir)))
      assert.strictEqual(error._tag, "SystemError")
      if (error._tag !== "SystemError") return
      assert.strictEqual(error.reason, "BadResource")
      assert.strictEqual(error.pathOrDescriptor, dir)
      assert.strictEqual(error.message, `BadResource: FileSystem.readLines (${dir}): is a directory, not a file`)
      assert.deepStrictEqual([stats.opened, stats.closed, stats.reads], [1, 1, 0])
      if (hasProcFd) assert.deepStrictEqual(descriptorsOn(dir), [])
    }).pipe(Effect.provide(layerRecording(stats)))
  })

  it.scoped("readLines - each run opens the file again and sees its current content", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const path = yield* tempFile("again.txt", "one\n")
      const stream = Lines.readLines(path)
      assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(stream)), ["one"])
      yield* fs.writeFileString(path, "one\ntwo\n")
      assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(stream)), ["one", "two"])
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.scoped("readLines - a file of one endless line fails with LineTooLongError, having read the limit and a chunk", () => {
    const stats = makeStats()
    return Effect.gen(function*() {
      const size = 50 * 1024 * 1024
      const path = yield* tempFile("endless.txt", Buffer.alloc(size, "x"))
      const error = yield* Effect.flip(Stream.runDrain(Lines.readLines(path)))
      assert.deepStrictEqual(error, new Lines.LineTooLongError({ path, line: 1, maxLineLength: 65536 }))
      assert.strictEqual(error.message, `line 1 of ${path} is longer than the limit of 65536 bytes`)
      // nothing was passed on, so everything read is held: no more than the limit and one chunk
      assert.strictEqual(Lines.DefaultMaxLineLength, 65536)
      assert.strictEqual(stats.bytesRead, Lines.DefaultMaxLineLength + Lines.DefaultChunkSize)
      assert.deepStrictEqual([stats.opened, stats.closed, stats.reads], [1, 1, 2])
      if (hasProcFd) assert.deepStrictEqual(descriptorsOn(path), [])

      // with a larger limit read in small chunks, the same bound: ceil((limit + 1) / chunk) reads
      const small = yield* Effect.flip(Stream.runDrain(Lines.readLines(path, { chunkSize: 100, maxLineLength: 1000 })))
      assert.deepStrictEqual(small, new Lines.LineTooLongError({ path, line: 1, maxLineLength: 1000 }))
      assert.strictEqual(stats.bytesRead - 2 * 65536, 1100)
      assert.deepStrictEqual([stats.opened, stats.closed, stats.reads], [2, 2, 2 + 11])
    }).pipe(Effect.provide(layerRecording(stats)))
  })

  it.scoped("readLines - the lines before a long line come first, then the error names its number", () =>
    Effect.gen(function*() {
      const path = yield* tempFile("long.txt", `short\nok\r\n${"y".repeat(20)}\nafter\n`)
      for (const chunkSize of [1, 2, 3, 5, 8, 13, 64 * 1024]) {
        assert.deepStrictEqual(
          yield* linesUntilFailure(path, { chunkSize, maxLineLength: 10 }),
          [Either.right("short"), Either.right("ok"), tooLong(path, 3, 10)],
          `chunkSize ${chunkSize}`
        )
      }
      assert.deepStrictEqual(
        yield* linesUntilFailure(path, { maxLineLength: 20 }),
        ["short", "ok", "y".repeat(20), "after"].map((line) => Either.right(line))
      )
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.scoped("readLines - maxLineLength counts UTF-8 bytes, not line endings: exactly the limit passes, one more fails", () =>
    Effect.gen(function*() {
      const limit = 10
      const cases: ReadonlyArray<
        readonly [string, string, ReadonlyArray<Either.Either<string, Lines.LineTooLongError>>]
      > = [
        ["exact.txt", "0123456789\nnext", [Either.right("0123456789"), Either.right("next")]],
        ["crlf.txt", "0123456789\r\nnext", [Either.right("0123456789"), Either.right("next")]],
        ["last.txt", "a\n0123456789", [Either.right("a"), Either.right("0123456789")]],
        ["over.txt", "a\n0123456789X\nnext", [Either.right("a")]],
        ["over-last.txt", "a\n0123456789X", [Either.right("a")]],
        ["lone-cr.txt", "0123456789\r\n012345678\rX\n", [Either.right("0123456789")]],
        ["utf8.txt", "ééééé\n", [Either.right("ééééé")]], // 5 characters, 10 bytes
        ["utf8-over.txt", "éééééx\n", []]
      ]
      for (const [name, content, expected] of cases) {
        const path = yield* tempFile(name, content)
        const fails = name.includes("over") || name === "lone-cr.txt"
        const line = expected.length + 1
        for (const chunkSize of [1, 3, 7, 1024]) {
          assert.deepStrictEqual(
            yield* linesUntilFailure(path, { chunkSize, maxLineLength: limit }),
            fails ? [...expected, tooLong(path, line, limit)] : [...expected],
            `${name}, chunkSize ${chunkSize}`
          )
        }
      }
      // the default: a line of 64 KiB passes, one byte more fails
      const exact = yield* tempFile("64k.txt", `${"z".repeat(65536)}\nend\n`)
      assert.deepStrictEqual((yield* lines(exact)).map((line) => line.length), [65536, 3])
      const over = yield* tempFile("64k1.txt", `${"z".repeat(65537)}\nend\n`)
      assert.deepStrictEqual(yield* linesUntilFailure(over, {}), [tooLong(over, 1, 65536)])
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.effect("readLines - a maxLineLength that is not a positive integer a string can hold is a defect", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [number, string]> = [
        [0, "a positive integer, got 0"],
        [-1, "a positive integer, got -1"],
        [1.5, "a positive integer, got 1.5"],
        [NaN, "a positive integer, got NaN"],
        [Infinity, "a positive integer, got Infinity"],
        [2 ** 29, "at most 536870888 (the longest string), got 536870912"],
        [2 ** 32, "at most 4294967295 (the largest array length), got 4294967296"]
      ]
      for (const [maxLineLength, expected] of cases) {
        const exit = yield* Effect.exit(Stream.runDrain(Lines.readLines("unused", { maxLineLength })))
        assert.strictEqual(defectMessage(exit), `Lines.readLines: maxLineLength must be ${expected}`)
      }
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.effect("readLines - a chunkSize that is not a positive integer is a defect", () =>
    Effect.gen(function*() {
      for (const chunkSize of [0, -1, 1.5, NaN]) {
        const exit = yield* Effect.exit(Stream.runDrain(Lines.readLines("unused", { chunkSize })))
        assert.isTrue(Exit.isFailure(exit))
        if (Exit.isSuccess(exit)) return
        const defect = Cause.dieOption(exit.cause)
        assert.isTrue(defect._tag === "Some" && Cause.isIllegalArgumentException(defect.value))
        if (defect._tag === "Some") {
          assert.strictEqual(
            (defect.value as Error).message,
            `Lines.readLines: chunkSize must be a positive integer, got ${chunkSize}`
          )
        }
      }
      const huge = yield* Effect.exit(Stream.runDrain(Lines.readLines("unused", { chunkSize: 2 ** 32 })))
      assert.strictEqual(
        defectMessage(huge),
        "Lines.readLines: chunkSize must be at most 4294967295 (the largest array length), got 4294967296"
      )
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.scoped("example - read-lines.ts prints the sample's lines numbered, then the count", () =>
    Effect.gen(function*() {
      const recorder = TestConsole.make()
      yield* Effect.withConsole(readLinesExample, recorder.console)
      assert.strictEqual(recorder.out.length, 7)
      assert.strictEqual(recorder.out[0], "   1  An async generator is a function that can pause:")
      assert.strictEqual(
        recorder.out[4],
        "   5  Café, naïve, 5 €, 😀 — multi-byte characters survive any chunk boundary."
      )
      assert.strictEqual(recorder.out[5], "   6  The last line has no newline, and it is still a line.")
      assert.strictEqual(recorder.out[6], `6 lines in ${samplePath}`)
      const path = yield* tempFile("one.txt", "just one")
      const one = TestConsole.make()
      yield* Effect.withConsole(printLines(path), one.console)
      assert.deepStrictEqual(one.out, ["   1  just one", `1 line in ${path}`])
    }).pipe(Effect.provide(NodeFileSystem.layer)))
})
