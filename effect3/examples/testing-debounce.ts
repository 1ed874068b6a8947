/**
 * Testing your own debounce: search as you type, which searches only once the user has paused for 300 ms. On virtual
 * time the keystrokes are scripted to the millisecond, and the test states which queries were searched, and when.
 *
 * Run it: `npx tsx examples/testing-debounce.ts` (docs/testing.md shows the same checks as `it.virtual` tests).
 */
import { NodeRuntime } from "@effect/platform-node"
import type { Duration } from "effect"
import { Chunk, Clock, Console, Effect, Stream } from "effect"
import { Timeline, VirtualTime } from "effect-asyncio"
import { fileURLToPath } from "node:url"

/** The code under test: search each query the user pauses on for `quiet`, in order. */
export const searchAsYouType = <A, E, R>(
  keystrokes: Stream.Stream<string>,
  search: (query: string) => Effect.Effect<A, E, R>,
  quiet: Duration.DurationInput = "300 millis"
): Stream.Stream<A, E, R> => keystrokes.pipe(Stream.debounce(quiet), Stream.mapEffect((query) => search(query)))

/** Keystrokes as the user types them: each text of the box at its time, in milliseconds since the start. */
export const typing = (script: ReadonlyArray<readonly [at: number, text: string]>): Stream.Stream<string> =>
  Stream.fromIterable(script).pipe(
    Stream.mapEffect(([at, text]) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.as(Effect.sleep(at - now), text))
    )
  )

/** A fake search that takes 50 ms, labelled "search", and answers with the query and when it started. */
export const search = (query: string): Effect.Effect<string> =>
  Timeline.label(
    Effect.flatMap(Clock.currentTimeMillis, (start) => Effect.as(Effect.sleep("50 millis"), `${query}@${start}`)),
    "search"
  )

const check = (ok: boolean, what: string): Effect.Effect<void> =>
  ok ? Console.log(`✓ ${what}`) : Effect.dieMessage(`✗ ${what}`)

/** "e", "ef", "eff" 100 ms apart, a pause, then "effe", "effect": two searches, each 300 ms after its last key. */
export const searchesAfterPauses = Effect.gen(function*() {
  const keys = typing([[0, "e"], [100, "ef"], [200, "eff"], [900, "effe"], [1000, "effect"]])
  const [timeline, searched] = yield* VirtualTime.run(Timeline.record(Stream.runCollect(searchAsYouType(keys, search))))
  yield* Timeline.assertMatches(timeline, "search@500..550 search@1300..1350")
  const queries = Chunk.toReadonlyArray(searched)
  yield* check(
    queries.join(" ") === "eff@500 effect@1300",
    `5 keystrokes, 2 searches: ${queries.join(", ")} (300 ms after the last key of each burst)`
  )
})

/** Keys always less than 300 ms apart: nothing is searched until the typing stops. */
export const waitsForThePause = Effect.gen(function*() {
  const keys = typing(Array.from({ length: 20 }, (_, i) => [i * 250, "x".repeat(i + 1)] as const))
  const searched = Chunk.toReadonlyArray(yield* VirtualTime.run(Stream.runCollect(searchAsYouType(keys, search))))
  yield* check(
    searched.length === 1 && searched[0] === `${"x".repeat(20)}@5050`,
    `20 keys 250 ms apart: one search, for the whole text, at 5050 ms`
  )
})

export const program = Effect.all([searchesAfterPauses, waitsForThePause], { discard: true })

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(NodeRuntime.runMain)
}
