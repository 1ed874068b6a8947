/**
 * Testing your own timeout: a price quote with a deadline that falls back to the last known price when the service
 * is slow. On virtual time the slow call costs no real time, and the test states exactly when the fallback came and
 * that the slow call was interrupted then, not left running.
 *
 * Run it: `npx tsx examples/testing-timeout.ts` (docs/testing.md shows the same checks as `it.virtual` tests).
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Duration, Effect } from "effect"
import { Timeline, VirtualTime } from "effect-asyncio"
import { fileURLToPath } from "node:url"

/** A price, and whether it is fresh from the service or the fallback. */
export interface Quote {
  readonly price: number
  readonly fresh: boolean
}

/** The code under test: the service's price if it answers within `deadline`, else `fallback`. */
export const quoteWithin = <E, R>(
  service: Effect.Effect<number, E, R>,
  options: { readonly deadline: Duration.DurationInput; readonly fallback: number }
): Effect.Effect<Quote, E, R> =>
  Effect.timeoutTo(service, {
    duration: options.deadline,
    onSuccess: (price): Quote => ({ price, fresh: true }),
    onTimeout: (): Quote => ({ price: options.fallback, fresh: false })
  })

/** A fake service that answers 101.5 after `latency`, labelled "fetch". */
export const service = (latency: Duration.DurationInput): Effect.Effect<number> =>
  Timeline.label(Effect.as(Effect.sleep(latency), 101.5), "fetch")

const check = (ok: boolean, what: string): Effect.Effect<void> =>
  ok ? Console.log(`✓ ${what}`) : Effect.dieMessage(`✗ ${what}`)

/** An answer in 300 ms beats a 1 s deadline: the fresh price, at 300 ms. */
export const answersInTime = Effect.gen(function*() {
  const [elapsed, [timeline, quote]] = yield* VirtualTime.timed(
    Timeline.record(quoteWithin(service("300 millis"), { deadline: "1 second", fallback: 99 }))
  )
  yield* Timeline.assertMatches(timeline, "fetch@0..300")
  yield* check(
    quote.fresh && quote.price === 101.5 && Duration.toMillis(elapsed) === 300,
    `a 300 ms answer within a 1 s deadline: fresh price ${quote.price} at 300 ms`
  )
})

/** A 5 s answer misses the deadline: the fallback at exactly 1 s, and the call interrupted then. */
export const fallsBack = Effect.gen(function*() {
  const [elapsed, [timeline, quote]] = yield* VirtualTime.timed(
    Timeline.record(quoteWithin(service("5 seconds"), { deadline: "1 second", fallback: 99 }))
  )
  yield* Timeline.assertMatches(timeline, "fetch@0..1000~")
  yield* check(
    !quote.fresh && quote.price === 99 && Duration.toMillis(elapsed) === 1000,
    `a 5 s answer: fallback ${quote.price} at exactly 1 s, the call interrupted (not left running)`
  )
})

export const program = Effect.all([answersInTime, fallsBack], { discard: true })

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(NodeRuntime.runMain)
}
