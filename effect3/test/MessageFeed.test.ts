import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Exit, Fiber, Stream, TestClock } from "effect"
import { MessageFeed } from "effect-asyncio"
import { program as messageFeedExample } from "../examples/message-feed.js"
import { streamDefectMessage as defectMessage } from "./utils/defect.js"
import * as TestConsole from "./utils/TestConsole.js"

const collect = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  Effect.map(Stream.runCollect(stream), (chunk) => Chunk.toArray(chunk))

describe("MessageFeed", () => {
  describe("make", () => {
    it.effect("one message per second, the first after a second, stamped with the Clock", () =>
      Effect.gen(function*() {
        const fiber = yield* Effect.fork(collect(MessageFeed.make().pipe(Stream.take(3))))
        yield* TestClock.adjust("3 seconds")
        assert.deepStrictEqual(yield* Fiber.join(fiber), [
          { id: 1, text: "message 1", timestamp: 1000 },
          { id: 2, text: "message 2", timestamp: 2000 },
          { id: 3, text: "message 3", timestamp: 3000 }
        ])
      }))

    it.effect("a custom interval, count and text; nothing before its instant; ends after count", () =>
      Effect.gen(function*() {
        const seen: Array<readonly [number, string, number]> = []
        const fiber = yield* MessageFeed.make({ interval: "250 millis", count: 4, text: (id) => `tick ${id}` }).pipe(
          Stream.runForEach((message) => Effect.sync(() => seen.push([message.id, message.text, message.timestamp]))),
          Effect.fork
        )
        yield* TestClock.adjust(249)
        assert.deepStrictEqual(seen, [])
        yield* TestClock.adjust(1)
        assert.deepStrictEqual(seen, [[1, "tick 1", 250]])
        yield* TestClock.adjust(499)
        assert.deepStrictEqual(seen, [[1, "tick 1", 250], [2, "tick 2", 500]])
        yield* TestClock.adjust(251)
        assert.deepStrictEqual(seen, [[1, "tick 1", 250], [2, "tick 2", 500], [3, "tick 3", 750], [4, "tick 4", 1000]])
        assert.isTrue(Exit.isSuccess(yield* Fiber.await(fiber)))
      }))

    it.effect("endless without a count; interrupting it cancels the pending wait; each run starts afresh", () =>
      Effect.gen(function*() {
        const seen: Array<number> = []
        const feed = MessageFeed.make({ interval: "1 second" })
        const fiber = yield* Effect.fork(Stream.runForEach(feed, (message) => Effect.sync(() => seen.push(message.id))))
        yield* TestClock.adjust("2500 millis")
        assert.isTrue(Exit.isInterrupted(yield* Fiber.interrupt(fiber)))
        yield* TestClock.adjust("10 seconds")
        assert.deepStrictEqual(seen, [1, 2])
        const again = yield* Effect.fork(collect(Stream.take(feed, 1)))
        yield* TestClock.adjust("1 second")
        assert.deepStrictEqual(yield* Fiber.join(again), [{ id: 1, text: "message 1", timestamp: 13_500 }])
        assert.deepStrictEqual(yield* collect(MessageFeed.make({ count: 0 })), [])
      }))

    it.effect("bad arguments are defects naming the function, the argument and the value", () =>
      Effect.gen(function*() {
        assert.strictEqual(
          yield* defectMessage(MessageFeed.make({ count: -1 })),
          "MessageFeed.make: count must be a non-negative integer, got -1"
        )
        assert.strictEqual(
          yield* defectMessage(MessageFeed.make({ interval: "soon" as never })),
          "MessageFeed.make: interval must be a finite, non-negative duration, got \"soon\""
        )
      }))
  })

  it.effect("example - message-feed.ts: three messages 200 ms apart, each printed as it comes, done at +600 ms", () =>
    Effect.gen(function*() {
      const recorder = TestConsole.make()
      const fiber = yield* Effect.fork(Effect.withConsole(messageFeedExample, recorder.console))
      yield* TestClock.adjust("599 millis")
      assert.deepStrictEqual(recorder.out, [
        "A simulated feed, one message every 200 ms:",
        "  #1 message 1 at +200 ms",
        "  #2 message 2 at +400 ms"
      ])
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      assert.deepStrictEqual(recorder.out, [
        "A simulated feed, one message every 200 ms:",
        "  #1 message 1 at +200 ms",
        "  #2 message 2 at +400 ms",
        "  #3 message 3 at +600 ms"
      ])
    }))
})
