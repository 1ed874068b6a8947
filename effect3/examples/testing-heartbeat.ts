/**
 * Testing your own heartbeat: a ping every 5 seconds, and a connection declared lost when a pong takes longer than
 * 2 seconds. A heartbeat never ends by itself, so each check bounds it: by racing it with the time it should run,
 * or with `VirtualTime`'s `limit`. On virtual time a minute of heartbeats costs no real time, and the test states
 * when each ping went out and exactly when the loss was noticed.
 *
 * Run it: `npx tsx examples/testing-heartbeat.ts` (docs/testing.md shows the same checks as `it.virtual` tests).
 */
import { NodeRuntime } from "@effect/platform-node"
import { Cause, Console, Data, Duration, Effect, Exit, Option, Ref, Schedule } from "effect"
import { Timeline, VirtualTime } from "effect-asyncio"
import { fileURLToPath } from "node:url"

/** The connection did not answer a ping in time. */
export class HeartbeatLostError extends Data.TaggedError("HeartbeatLostError") {
  override get message(): string {
    return "no pong within the deadline"
  }
}

/**
 * The code under test: `ping` at once, then every `every` at a fixed rate (`Schedule.fixed`, whose rate counts from
 * the end of the first ping); fails when a pong takes longer than `deadline`.
 */
export const heartbeat = <E, R>(
  ping: Effect.Effect<void, E, R>,
  options: { readonly every: Duration.DurationInput; readonly deadline: Duration.DurationInput }
): Effect.Effect<number, E | HeartbeatLostError, R> =>
  Timeline.label(ping, "ping").pipe(
    Effect.timeoutFail({ duration: options.deadline, onTimeout: () => new HeartbeatLostError() }),
    Effect.repeat(Schedule.fixed(options.every))
  )

/** A fake connection whose pong takes 100 ms, and which stops answering after `answers` pongs. */
export const connection = (answers: number) =>
  Effect.map(
    Ref.make(0),
    (pongs) =>
      Effect.flatMap(Ref.getAndUpdate(pongs, (n) => n + 1), (n) =>
        n < answers ? Effect.sleep("100 millis") : Effect.never)
  )

const check = (ok: boolean, what: string): Effect.Effect<void> =>
  ok ? Console.log(`✓ ${what}`) : Effect.dieMessage(`✗ ${what}`)

const failure = <A, E>(exit: Exit.Exit<A, E>): Option.Option<E> =>
  Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()

const options = { every: "5 seconds", deadline: "2 seconds" } as const

/** A healthy connection for 28 s: a ping at 0, then every 5 s from the first pong (5.1 s, 10.1 s, …). */
export const pingsOnTime = Effect.gen(function*() {
  const ping = yield* connection(Infinity)
  const [timeline] = yield* VirtualTime.run(
    Timeline.record(Effect.raceFirst(heartbeat(ping, options), Effect.sleep("28 seconds")))
  )
  yield* Timeline.assertMatches(
    timeline,
    "ping@0..100 ping@5100..5200 ping@10100..10200 ping@15100..15200 ping@20100..20200 ping@25100..25200"
  )
  yield* check(
    timeline.spans.length === 6,
    "28 s of a healthy connection: 6 pings, at 0 s, then 5.1, 10.1, 15.1, 20.1 and 25.1 s (fixed rate from the first pong)"
  )
})

/** A connection that answers 3 pings: the 4th, sent at 15.1 s, is declared lost at exactly 17.1 s. */
export const noticesTheLoss = Effect.gen(function*() {
  const ping = yield* connection(3)
  const [elapsed, [timeline, exit]] = yield* VirtualTime.timed(Timeline.recordExit(heartbeat(ping, options)))
  yield* Timeline.assertMatches(timeline, "ping@0..100 ping@5100..5200 ping@10100..10200 ping@15100..17100~")
  const error = failure(exit)
  yield* check(
    Option.isSome(error) && error.value._tag === "HeartbeatLostError" && Duration.toMillis(elapsed) === 17_100,
    `a connection that stops answering: lost at ${Duration.format(elapsed)} (the ping of 15.1 s, 2 s deadline)`
  )
})

/** Unbounded, a healthy heartbeat would run forever: a `limit` stops the run at the hour, with `TimeLimitError`. */
export const boundedByTheLimit = Effect.gen(function*() {
  const ping = yield* connection(Infinity)
  const exit = yield* Effect.exit(VirtualTime.run(heartbeat(ping, options), { limit: "1 hour" }))
  const error = failure(exit)
  yield* check(
    Option.isSome(error) && error.value._tag === "TimeLimitError" && Duration.toMillis(error.value.at) === 3_600_000,
    "an endless heartbeat under a 1 hour limit: TimeLimitError at 1 h of virtual time"
  )
})

export const program = Effect.all([pingsOnTime, noticesTheLoss, boundedByTheLimit], { discard: true })

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(NodeRuntime.runMain)
}
