/**
 * What the command needs from Node: `flushed`, which the executable awaits before it exits, completes once what was
 * written has left each stream, in order, or the stream has failed; and at once for no stream.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { Writable } from "node:stream"
import { flushed } from "../../src/cli/internal/node.js"

/** A stream that takes each chunk once `release` is called, recording what it took. */
const held = () => {
  const taken: Array<string> = []
  const waiting: Array<() => void> = []
  const stream = new Writable({
    write: (chunk, _encoding, callback) => {
      waiting.push(() => {
        taken.push(String(chunk))
        callback()
      })
    }
  })
  const release = () => waiting.splice(0).forEach((take) => take())
  return { stream, taken, release }
}

describe("flushed", () => {
  it.effect("no stream: done at once", () => flushed([]))

  it.live("completes after every write made before it, not sooner", () =>
    Effect.gen(function*() {
      const { release, stream, taken } = held()
      stream.write("a long line\n")
      let done = false
      const fiber = yield* Effect.forkChild(Effect.tap(flushed([stream]), () => Effect.sync(() => done = true)))
      yield* Effect.sleep("20 millis")
      assert.isFalse(done)
      // the line, then the empty write behind it
      for (let i = 0; i < 2; i++) {
        release()
        yield* Effect.sleep("10 millis")
      }
      yield* Fiber.join(fiber)
      assert.isTrue(done)
      assert.deepStrictEqual(taken.filter((chunk) => chunk !== ""), ["a long line\n"])
    }))

  it.effect("a stream that has failed (its reader gone) does not hold it", () =>
    Effect.gen(function*() {
      const { stream } = held()
      stream.on("error", () => {})
      stream.destroy(new Error("EPIPE"))
      yield* flushed([stream])
    }))
})
