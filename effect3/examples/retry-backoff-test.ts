/**
 * A deterministic test of your own retry-with-backoff code, written with the time tools: no `TestClock.adjust`
 * choreography, no real waiting, exact times.
 *
 * - `VirtualTime.run` runs the code in virtual time: every backoff sleep is jumped over the moment nothing else can
 *   happen, so seconds of backoff take microseconds, and a bug that would hang fails with a `DeadlockError`.
 * - `Timeline.label` marks each attempt; `Timeline.record` collects when each began and ended and how;
 *   `Timeline.assertMatches` checks the whole story in one line ("attempt@0..50!" = began at 0, failed at 50 ms).
 * - `TestSeed.seeded` pins the randomness of a jittered schedule, so even a jittered run replays exactly.
 *
 * Run it: `npx tsx examples/retry-backoff-test.ts` (the same checks run in `test/VirtualTime.test.ts`).
 */
import { NodeRuntime } from "@effect/platform-node"
import { Cause, Console, Data, Effect, Exit, Option, Ref, Schedule } from "effect"
import { TestSeed, Timeline, VirtualTime } from "effect-asyncio"
import { fileURLToPath } from "node:url"

/** The error of the flaky service below. */
export class QuoteUnavailableError extends Data.TaggedError("QuoteUnavailableError")<{ readonly attempt: number }> {
  override get message(): string {
    return `quote service unavailable (attempt ${this.attempt})`
  }
}

/**
 * The code under test: retry a call with exponential backoff (200 ms, 400 ms, 800 ms, …), at most `retries` times,
 * optionally with jitter.
 */
export const fetchWithBackoff = <A, E, R>(
  call: Effect.Effect<A, E, R>,
  options: { readonly retries: number; readonly jitter?: boolean | undefined }
): Effect.Effect<A, E, R> => {
  const backoff = Schedule.exponential("200 millis")
  return Effect.retry(
    call,
    Schedule.intersect(options.jitter === true ? Schedule.jittered(backoff) : backoff, Schedule.recurs(options.retries))
  )
}

/** A fake service whose first `failures` calls fail; each call takes 50 ms and is labelled "attempt". */
export const flakyService = (failures: number): Effect.Effect<Effect.Effect<number, QuoteUnavailableError>> =>
  Effect.map(Ref.make(0), (calls) =>
    Timeline.label(
      Effect.gen(function*() {
        yield* Effect.sleep("50 millis")
        const attempt = yield* Ref.updateAndGet(calls, (n) => n + 1)
        if (attempt <= failures) {
          return yield* new QuoteUnavailableError({ attempt })
        }
        return 42
      }),
      "attempt"
    ))

const width = Math.min(process.stdout.columns ?? 80, 100)

/** Three failures, then success: the attempts start 200, 400 and 800 ms after each failure. */
export const recovers = Effect.gen(function*() {
  const service = yield* flakyService(3)
  const [timeline, quote] = yield* VirtualTime.run(Timeline.record(fetchWithBackoff(service, { retries: 5 })))
  yield* Console.log(Timeline.toChart(timeline, { width }))
  yield* Timeline.assertMatches(timeline, "attempt@0..50! attempt@250..300! attempt@700..750! attempt@1550..1600")
  yield* Console.log(`✓ recovers: quote ${quote} after 3 failures, at 1.6 s of virtual time`)
  return quote
})

/** Always failing, two retries: it gives up after the third attempt, with the last error. */
export const givesUp = Effect.gen(function*() {
  const service = yield* flakyService(Infinity)
  const [timeline, exit] = yield* VirtualTime.run(Timeline.recordExit(fetchWithBackoff(service, { retries: 2 })))
  yield* Timeline.assertMatches(timeline, "attempt@50! attempt@300! attempt@750!")
  const error = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
  if (Option.isNone(error) || error.value.attempt !== 3) {
    return yield* Effect.dieMessage(`expected the third attempt's error, got ${exit}`)
  }
  yield* Console.log(`✓ gives up at 750 ms with the third attempt's error: ${error.value.message}`)
  return error.value
})

/** With jitter the delays are random; under one seed the run replays exactly. */
export const replaysWithJitter = Effect.gen(function*() {
  const once = Effect.gen(function*() {
    const service = yield* flakyService(3)
    const [timeline] = yield* VirtualTime.run(Timeline.record(fetchWithBackoff(service, { retries: 5, jitter: true })))
    return Timeline.toNotation(timeline)
  })
  const first = yield* TestSeed.seeded(once, { seed: 7 })
  const second = yield* TestSeed.seeded(once, { seed: 7 })
  if (first !== second) {
    return yield* Effect.dieMessage(`the same seed gave two timelines:\n${first}\n${second}`)
  }
  yield* Console.log(`✓ jittered run replays exactly under seed 7: ${first}`)
  return first
})

export const program = Effect.all([recovers, givesUp, replaysWithJitter], { discard: true })

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(NodeRuntime.runMain)
}
