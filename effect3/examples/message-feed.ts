/**
 * The seed texts' `message_stream`: a simulated real-time feed paced by the Clock, three messages 200 ms apart,
 * each printed as it comes with the time since the feed started. The waits go through the Clock, so a test runs
 * this in virtual time.
 *
 * Run it: `npx tsx examples/message-feed.ts`
 */
import { NodeRuntime } from "@effect/platform-node"
import { Clock, Console, Effect, Stream } from "effect"
import { LiveClock, MessageFeed } from "effect-asyncio"
import { fileURLToPath } from "node:url"

/** Prints `count` messages of the simulated feed, `intervalMillis` apart. */
export const feed = (intervalMillis: number, count: number) =>
  Effect.gen(function*() {
    yield* Console.log(`A simulated feed, one message every ${intervalMillis} ms:`)
    const start = yield* Clock.currentTimeMillis
    yield* MessageFeed.make({ interval: intervalMillis, count }).pipe(
      Stream.runForEach((message) =>
        Console.log(`  #${message.id} ${message.text} at +${Math.round(message.timestamp - start)} ms`)
      )
    )
  })

export const program = feed(200, 3)

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(LiveClock.provide(), NodeRuntime.runMain)
}
