/**
 * Testing your own rate limiter: at most 3 calls start in any second. On virtual time the test sends a burst of
 * calls and states exactly when each one started: three at once, the next three one second later, and so on.
 *
 * Run it: `npx tsx examples/testing-rate-limiter.ts` (docs/testing.md shows the same checks as `it.virtual` tests).
 */
import { NodeRuntime } from "@effect/platform-node"
import type { Scope } from "effect"
import { Clock, Console, Duration, Effect, Ref } from "effect"
import { Timeline, VirtualTime } from "effect-asyncio"
import { fileURLToPath } from "node:url"

/** A rate limiter: runs a call once the limit allows it. */
export type RateLimiter = <A, E, R>(call: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>

/**
 * The code under test: at most `limit` calls start in any window of `window`. Each call takes a permit and gives it
 * back one window after it started (a fiber of the limiter's scope does that, so closing the scope stops them).
 */
export const makeRateLimiter = (
  limit: number,
  window: Duration.DurationInput
): Effect.Effect<RateLimiter, never, Scope.Scope> =>
  Effect.gen(function*() {
    const permits = yield* Effect.makeSemaphore(limit)
    const scope = yield* Effect.scope
    return (call) =>
      permits.take(1).pipe(
        Effect.zipRight(Effect.forkIn(Effect.zipRight(Effect.sleep(window), permits.release(1)), scope)),
        Effect.zipRight(call)
      )
  })

/** `n` calls sent at once through `limiter`, each taking 10 ms, labelled `call-0` …: when each started, in ms. */
export const burst = (limiter: RateLimiter, n: number): Effect.Effect<ReadonlyArray<number>> =>
  Effect.gen(function*() {
    const starts = yield* Ref.make<ReadonlyArray<number>>([])
    const call = (i: number) =>
      Timeline.label(
        Effect.zipRight(
          Effect.flatMap(Clock.currentTimeMillis, (now) => Ref.update(starts, (all) => [...all, now])),
          Effect.sleep("10 millis")
        ),
        `call-${i}`
      )
    yield* Effect.forEach(Array.from({ length: n }, (_, i) => i), (i) => limiter(call(i)), { concurrency: "unbounded" })
    return yield* Ref.get(starts)
  })

/** The most calls that started in any window of `window` milliseconds. */
export const busiestWindow = (starts: ReadonlyArray<number>, window: number): number =>
  Math.max(0, ...starts.map((start) => starts.filter((other) => other >= start && other < start + window).length))

const check = (ok: boolean, what: string): Effect.Effect<void> =>
  ok ? Console.log(`✓ ${what}`) : Effect.dieMessage(`✗ ${what}`)

/** Seven calls at once, 3 per second: starts at 0, 0, 0, 1000, 1000, 1000, 2000, in the order they were sent. */
export const spacesABurst = Effect.gen(function*() {
  const [elapsed, [timeline, starts]] = yield* VirtualTime.timed(
    Timeline.record(Effect.scoped(Effect.flatMap(makeRateLimiter(3, "1 second"), (limiter) => burst(limiter, 7))))
  )
  yield* Timeline.assertMatches(
    timeline,
    "call-0@0..10 call-1@0..10 call-2@0..10 call-3@1000..1010 call-4@1000..1010 call-5@1000..1010 call-6@2000..2010"
  )
  yield* check(
    starts.join(",") === "0,0,0,1000,1000,1000,2000" && Duration.toMillis(elapsed) === 2010,
    `7 calls at once, 3 per second: started at ${starts.join(", ")} ms; done at 2010 ms`
  )
})

/** However many calls, no window of a second sees more than 3 start. */
export const neverMoreThanTheLimit = Effect.gen(function*() {
  const starts = yield* VirtualTime.run(
    Effect.scoped(Effect.flatMap(makeRateLimiter(3, "1 second"), (limiter) => burst(limiter, 100)))
  )
  yield* check(
    starts.length === 100 && busiestWindow(starts, 1000) === 3 && Math.max(...starts) === 33_000,
    `100 calls: at most ${busiestWindow(starts, 1000)} in any second, the last at 33 s`
  )
})

export const program = Effect.all([spacesABurst, neverMoreThanTheLimit], { discard: true })

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(NodeRuntime.runMain)
}
