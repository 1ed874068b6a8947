/**
 * Testing your own cache with a time-to-live: prices cached for a minute. On virtual time the test walks through the
 * minute and states exactly which lookups hit the cache and which called the service again: at 60 s the entry is
 * still fresh, a millisecond later it is not.
 *
 * Run it: `npx tsx examples/testing-cache-ttl.ts` (docs/testing.md shows the same checks as `it.virtual` tests).
 */
import { NodeRuntime } from "@effect/platform-node"

import { Cache, Clock, Console, Duration, Effect, Ref } from "effect"
import { Timeline, VirtualTime } from "effect-asyncio"
import { fileURLToPath } from "node:url"

/** The code under test: prices by symbol, each kept for `timeToLive` after it was fetched. */
export const makePriceCache = <E, R>(
  fetch: (symbol: string) => Effect.Effect<number, E, R>,
  timeToLive: Duration.DurationInput
): Effect.Effect<Cache.Cache<string, number, E>, never, R> =>
  Cache.make({ capacity: 1_000, timeToLive, lookup: (symbol: string) => fetch(symbol) })

/** A fake price service that takes 20 ms, labelled "fetch", and counts its calls. */
export const priceService = Effect.map(Ref.make(0), (calls) => ({
  calls: Ref.get(calls),
  fetch: (symbol: string) =>
    Timeline.label(
      Effect.as(Effect.zipRight(Ref.update(calls, (n) => n + 1), Effect.sleep("20 millis")), symbol.length * 10),
      "fetch"
    )
}))

/** Sleeps until `at` milliseconds since the start. */
const until = (at: number) => Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sleep(at - now))

const check = (ok: boolean, what: string): Effect.Effect<void> =>
  ok ? Console.log(`✓ ${what}`) : Effect.dieMessage(`✗ ${what}`)

/** Lookups at 0, 30 s, 60.02 s and 60.021 s: one call until the entry is a minute old, a second call after. */
export const expiresAfterItsTimeToLive = Effect.gen(function*() {
  const service = yield* priceService
  const cache = yield* makePriceCache(service.fetch, "1 minute")
  const callsAt = (at: number) => Effect.zipRight(until(at), Effect.zipRight(cache.get("ACME"), service.calls))
  const [timeline, calls] = yield* VirtualTime.run(
    Timeline.record(Effect.all([callsAt(0), callsAt(30_000), callsAt(60_020), callsAt(60_021)]))
  )
  // the entry was fetched at 20 ms: it is fresh up to 60.02 s included
  yield* Timeline.assertMatches(timeline, "fetch@0..20 fetch@60021..60041")
  yield* check(
    calls.join(",") === "1,1,1,2",
    `lookups at 0, 30 s, 60.02 s and 60.021 s: service calls ${calls.join(", ")} (fresh for exactly 1 minute)`
  )
})

/** Ten lookups at once for a missing symbol: one call, all ten get its price when it arrives. */
export const oneCallForConcurrentMisses = Effect.gen(function*() {
  const service = yield* priceService
  const cache = yield* makePriceCache(service.fetch, "1 minute")
  const [elapsed, prices] = yield* VirtualTime.timed(
    Effect.all(Array.from({ length: 10 }, () => cache.get("ACME")), { concurrency: "unbounded" })
  )
  const calls = yield* service.calls
  yield* check(
    calls === 1 && prices.every((price) => price === 40) && Duration.toMillis(elapsed) === 20,
    `10 concurrent misses: ${calls} call, all 10 priced ${prices[0]} at 20 ms`
  )
})

export const program = Effect.all([expiresAfterItsTimeToLive, oneCallForConcurrentMisses], { discard: true })

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(NodeRuntime.runMain)
}
