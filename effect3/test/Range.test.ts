import { assert, describe, it } from "@effect/vitest"
import { Cause, Chunk, Effect, Exit, Stream } from "effect"
import { Range } from "effect-asyncio"
import { AsyncRange, asyncRange, streamRange, tour } from "../examples/range.js"
import * as TestConsole from "./utils/TestConsole.js"

const collect = (stream: Stream.Stream<number>) =>
  Effect.map(Stream.runCollect(stream), (chunk) => Chunk.toArray(chunk))

const defectMessage = (stream: Stream.Stream<number>) =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(Stream.runCollect(stream))
    assert.isTrue(Exit.isFailure(exit))
    if (Exit.isSuccess(exit)) return ""
    const defect = Cause.dieOption(exit.cause)
    assert.isTrue(defect._tag === "Some" && Cause.isIllegalArgumentException(defect.value))
    return defect._tag === "Some" ? (defect.value as Error).message : ""
  })

describe("Range", () => {
  it.effect("range - Python's range(stop), range(start, stop) and range(start, stop, step)", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* collect(Range.range(5)), [0, 1, 2, 3, 4])
      assert.deepStrictEqual(yield* collect(Range.range(2, 5)), [2, 3, 4])
      assert.deepStrictEqual(yield* collect(Range.range(-3, 1)), [-3, -2, -1, 0])
      assert.deepStrictEqual(yield* collect(Range.range(0, 10, 3)), [0, 3, 6, 9])
      assert.deepStrictEqual(yield* collect(Range.range(10, 0, -3)), [10, 7, 4, 1])
      assert.deepStrictEqual(yield* collect(Range.range(5, -1, -1)), [5, 4, 3, 2, 1, 0])
      assert.deepStrictEqual(yield* collect(Range.range(1, 2, 100)), [1])
    }))

  it.effect("range - empty ranges are empty streams, the stop is excluded", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* collect(Range.range(0)), [])
      assert.deepStrictEqual(yield* collect(Range.range(-4)), [])
      assert.deepStrictEqual(yield* collect(Range.range(5, 2)), [])
      assert.deepStrictEqual(yield* collect(Range.range(3, 3)), [])
      assert.deepStrictEqual(yield* collect(Range.range(0, 5, -1)), [])
      assert.deepStrictEqual(yield* collect(Range.range(1, 2, undefined)), [1])
    }))

  it.effect("range - large ranges come in chunks of ChunkSize and each run starts again", () =>
    Effect.gen(function*() {
      const stream = Range.range(10_000)
      const sizes = yield* Stream.runCollect(Stream.mapChunks(stream, (chunk) => Chunk.of(chunk.length)))
      assert.deepStrictEqual(Chunk.toArray(sizes), [Range.ChunkSize, Range.ChunkSize, 10_000 - 2 * Range.ChunkSize])
      const first = yield* collect(stream)
      const second = yield* collect(stream)
      assert.strictEqual(first.length, 10_000)
      assert.strictEqual(first[9_999], 9_999)
      assert.deepStrictEqual(second, first)
      const huge = yield* collect(Range.range(0, Number.MAX_SAFE_INTEGER).pipe(Stream.take(3)))
      assert.deepStrictEqual(huge, [0, 1, 2])
    }))

  it.effect("range - bad arguments are defects naming the function, the argument and the value", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* defectMessage(Range.range(1.5)), "Range.range: stop must be a safe integer, got 1.5")
      assert.strictEqual(
        yield* defectMessage(Range.range(NaN, 3)),
        "Range.range: start must be a safe integer, got NaN"
      )
      assert.strictEqual(
        yield* defectMessage(Range.range(0, Infinity)),
        "Range.range: stop must be a safe integer, got Infinity"
      )
      assert.strictEqual(
        yield* defectMessage(Range.range(0, 3, 0.5)),
        "Range.range: step must be a safe integer, got 0.5"
      )
      assert.strictEqual(yield* defectMessage(Range.range(0, 3, 0)), "Range.range: step must be non-zero, got 0")
    }))

  it("range - calling it never throws; the defect is raised when the stream runs", () => {
    assert.doesNotThrow(() => Range.range(0.5))
  })

  it.live("example - range.ts: the class, the generator and the Stream give the same numbers; bridges clean up", () =>
    Effect.gen(function*() {
      const recorder = TestConsole.make()
      yield* Effect.withConsole(tour(1), recorder.console)
      assert.deepStrictEqual(recorder.out, [
        "range(0, 5), 1 ms before each number, three ways:",
        "  async-iterator class  0 1 2 3 4",
        "  async generator       0 1 2 3 4",
        "  Stream                0 1 2 3 4",
        "Across the bridges, stopping early:",
        "  generator as a Stream, take(3): 0 1 2; then generator: finally, stream: finalizer",
        "  Stream in for await, break at 2: 0, 1, 2, stream: finalizer, loop: exited"
      ])
      const fromClass = yield* Effect.promise(async () => {
        const values: Array<number> = []
        for await (const n of new AsyncRange(3, 6, 0)) values.push(n)
        return values
      })
      const fromGenerator = yield* Effect.promise(async () => {
        const values: Array<number> = []
        for await (const n of asyncRange(3, 6, 0)) values.push(n)
        return values
      })
      const fromStream = Chunk.toArray(yield* Stream.runCollect(streamRange(3, 6, 0)))
      assert.deepStrictEqual([fromClass, fromGenerator, fromStream], [[3, 4, 5], [3, 4, 5], [3, 4, 5]])
    }))
})
