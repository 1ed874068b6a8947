/**
 * Auto-advancing virtual time: run any effect on a clock that jumps to the next deadline whenever every fiber is
 * idle, so a program that sleeps for hours finishes in milliseconds, with exact, repeatable times.
 *
 * What it does. {@link run} (and {@link timed}, which also returns the virtual time taken) installs a fresh virtual
 * `Clock` and a scheduler that counts the runtime's queued work, for the effect and every fiber it forks. The clock
 * reads the Unix epoch when the run begins, or the instant of the `start` option (a date, for a calendar schedule).
 * Whenever no fiber has anything to do, time jumps to the earliest pending deadline and the sleepers due then wake,
 * equal deadlines first in, first out. It ends when the effect ends. Everything that reads the `Clock` follows:
 * `Effect.sleep`, `Schedule`, `Effect.timed`, `Effect.timeout`, `Stream.schedule`, the exercises. Instants are whole
 * nanoseconds at any distance from the start (a run, or its `limit`, may span years), so `Effect.timed` and
 * `Clock.currentTimeNanos` are always exact; `Clock.currentTimeMillis` is a number of milliseconds with the fraction,
 * exact to the nanosecond for the first 104 days or so.
 *
 * When it gives up. If every fiber waits and nothing sleeps (a `Deferred` nobody completes), the run fails with
 * {@link DeadlockError}; if the next wake-up is past the `limit` option, with {@link TimeLimitError}. Both report the
 * virtual time, the sleepers still queued and, when a `Timeline` recorder is installed, the labels still open. It
 * never hangs on time alone. A fiber that sleeps forever in a loop (a heartbeat) keeps time moving, so a run whose
 * main fiber is stuck beside one only stops at the `limit`: set one when that can happen.
 *
 * What it cannot see. Work outside Effect (a real promise, a socket, a file read) is invisible to the scheduler: with
 * the default `idle: 0` time jumps as soon as Effect itself has nothing queued, which can be before such work
 * finishes, and a run waiting only on it is reported as a deadlock. Set `idle` (real time that must pass with no
 * Effect work at all before time may jump) to wait for it.
 *
 * The TestClock API works inside. The virtual clock is also a `TestClock` (Effect's `TestClock` module finds it in
 * the `Clock` service), so code written for `TestClock` runs unchanged inside `run`, `it.virtual` and `it.explore`:
 * - `TestClock.adjust(d)` moves time to now + d and returns once the run has settled there: every sleeper due by
 *   then has woken (in deadline order, ties first in, first out), even one queued while `adjust` waited (a fiber woken
 *   earlier that sleeps again), and every fiber has run until it suspends. Its caller comes last at that instant,
 *   after a plain `Effect.sleep(d)` that ends there too. `adjust` of 0 waits only for the run to settle now.
 * - `TestClock.setTime(t)` does the same to the instant the clock reads as `t` (epoch milliseconds); one already past
 *   settles at the current instant, as virtual time never goes back. `adjust` of an infinite duration and
 *   `setTime(Infinity)` wake every finite sleeper and leave the clock at the last one's instant.
 * - `TestClock.withLive(effect)` runs `effect` on the clock in use outside the run (the live one, beneath a
 *   `TestClock`); virtual time holds still, and no deadlock is declared, until it ends.
 * - `Clock.currentTimeMillis` and the other readers read the virtual time, `start` included.
 *
 * Differences from `TestClock` itself: time moves on its own, so a test need not adjust at all (and a sleep that ends
 * where an `adjust` does wakes without it); interrupted sleepers leave at once; a run cannot hang on time alone. A nested
 * `run` shares the enclosing virtual clock, and with it the enclosing run's `limit`, `idle`, `start` and `schedule`
 * (its own options are not used). Outside `run` (the rest of an `it.effect` body) `TestClock` is untouched.
 *
 * Schedules. By default ready fibers run first in, first out. {@link explore} runs an effect under many seeded
 * schedules (which ready fiber runs next, the order of simultaneous wake-ups, where long fibers yield) and reports the
 * first that fails with its seed; the `schedule` option of {@link run} replays that one schedule. How schedules are
 * drawn, and why, is in docs/exploration.md.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import type * as DateTime from "effect/DateTime"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as internalExplore from "./internal/clock/explore.js"
import * as stuck from "./internal/clock/stuck.js"
import * as virtual from "./internal/clock/virtual.js"
import type * as Timeline from "./Timeline.js"

/**
 * Options of {@link run} and {@link timed}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { VirtualTime } from "effect-asyncio"
 *
 * const options: VirtualTime.Options = { limit: "1 hour", idle: "20 millis" }
 * console.log(options.limit) // "1 hour"
 * ```
 */
export interface Options {
  /**
   * The most virtual time the run may take: when the next wake-up is later, the run fails with
   * {@link TimeLimitError} instead of jumping there. Any non-negative duration, days or years included; no limit by
   * default (or with `Duration.infinity`).
   */
  readonly limit?: Duration.Input | undefined
  /**
   * How long, in real time, Effect must have had no work queued before time may jump or a deadlock be declared. 0
   * (the default) jumps after one event-loop turn: fastest, but blind to real promises and I/O in flight. With a
   * threshold, every jump waits that long, so keep it small (a few milliseconds to cover a local read); it must be
   * finite.
   */
  readonly idle?: Duration.Input | undefined
  /**
   * The instant the clock reads when the run begins: a `DateTime`, a `Date` or a number of milliseconds since the
   * Unix epoch (the epoch itself by default). Clock readings are this instant plus the virtual time elapsed; the
   * durations a run reports (its elapsed time, a stuck run's `at` and `wakeAt`) stay relative to it.
   *
   * @since 1.0.0
   */
  readonly start?: DateTime.DateTime | Date | number | undefined
  /**
   * Replays one seeded schedule instead of first in, first out: the seed (an unsigned 32-bit integer, as
   * {@link ExploreError} reports it) fixes which ready fiber runs next, the order of wake-ups due at one instant and
   * where long-running fibers yield, the same on every machine. See {@link explore}.
   */
  readonly schedule?: number | undefined
  /**
   * How a `schedule` picks the next ready fiber: `"pct"` (probabilistic concurrency testing: random fiber priorities
   * with a few seeded priority drops) or `"shuffle"` (a uniformly random ready fiber each step). By default the seed
   * names it: an even seed is PCT, an odd one a shuffle, so a seed that {@link explore} or `it.explore` reports
   * replays on its own.
   */
  readonly strategy?: Strategy | undefined
}

/**
 * How a seeded schedule picks the next ready fiber; see docs/exploration.md for the trade-off.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { VirtualTime } from "effect-asyncio"
 *
 * const strategy: VirtualTime.Strategy = "pct"
 * console.log(strategy) // "pct"
 * ```
 */
export type Strategy = "pct" | "shuffle"

/**
 * A sleep still queued when a run gave up: when it would wake (`wakeAt`, virtual time since the run began;
 * `Duration.infinity` for an endless sleep), the sleeping fiber (`fiber`, as Effect prints fiber ids: `#12`) and,
 * when a `Timeline` recorder is installed, the label of the innermost labelled effect or span it runs in (`label`,
 * as the timeline writes it: `transfer/lock-a`).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import type { VirtualTime } from "effect-asyncio"
 *
 * const sleep: VirtualTime.PendingSleep = { wakeAt: Duration.seconds(5), fiber: "#12", label: "wait-0" }
 * console.log(sleep.fiber) // "#12"
 * ```
 */
export type PendingSleep = stuck.PendingSleep

/**
 * A fiber of the run that was still waiting when it deadlocked: the fiber (`fiber`, as Effect prints fiber ids:
 * `#12`), where it is on the timeline when a recorder is installed (`label`: the innermost labelled effect or span it
 * runs in), and the name of the span it is in (`span`; Effect 4 records nothing of what a fiber waits on, so wrap a
 * wait in `Effect.withSpan` or a `Timeline` label to have it named here).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { VirtualTime } from "effect-asyncio"
 *
 * const waiting: VirtualTime.WaitingFiber = { fiber: "#7", label: "transfer/lock-b", span: "lock-b" }
 * console.log(waiting.label) // "transfer/lock-b"
 * ```
 */
export type WaitingFiber = stuck.WaitingFiber

/**
 * The run can never finish: every fiber is waiting, and no sleep is pending that could wake one (only endless
 * sleeps, if any).
 *
 * Typical causes: a `Deferred` or `Queue` nobody feeds, or real I/O with `idle: 0`.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { Deferred, Effect } from "effect"
 * import { VirtualTime } from "effect-asyncio"
 *
 * const stuck = Effect.flatMap(Deferred.make<void>(), (deferred) => Deferred.await(deferred))
 * const program = VirtualTime.run(stuck).pipe(
 *   Effect.catchTag("DeadlockError", (error) => Effect.succeed(error.message))
 * )
 * Effect.runPromise(program).then(console.log) // "VirtualTime: deadlock at 0ms of virtual time: ..."
 * ```
 */
export class DeadlockError extends Data.TaggedError("DeadlockError")<{
  /** Virtual time since the run began when it gave up. */
  readonly at: Duration.Duration
  /** Sleeps still queued (endless ones only, for a deadlock). */
  readonly sleeping: ReadonlyArray<PendingSleep>
  /** `Timeline` labels started and not ended, when a recorder is installed. */
  readonly open: ReadonlyArray<string>
  /** The fibers of the run still waiting, the run's own first (detached ones included); the message lists ten. */
  readonly waiting: ReadonlyArray<WaitingFiber>
  /**
   * Work outside Effect (timers, I/O) that the run started and the host still had pending when it gave up, as the
   * host names it (Node: `Timeout` for a timer, `FSReqPromise` for a file read, …): what a fiber awaiting a promise
   * may be waiting for. Empty when there is none; absent where the host cannot tell.
   */
  readonly outside?: ReadonlyArray<string> | undefined
  /** The run's `idle` option. */
  readonly idle?: Duration.Duration | undefined
}> {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return stuck.deadlockMessage(this)
  }
}

/**
 * The run reached the caller's virtual-time `limit`: the next wake-up is later than the limit.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { VirtualTime } from "effect-asyncio"
 *
 * const program = VirtualTime.run(Effect.sleep("2 hours"), { limit: "1 hour" }).pipe(
 *   Effect.catchTag("TimeLimitError", (error) => Effect.succeed(error.message))
 * )
 * Effect.runPromise(program).then(console.log) // "VirtualTime: limit of 1h reached; 1 sleeping: ..."
 * ```
 */
export class TimeLimitError extends Data.TaggedError("TimeLimitError")<{
  /** Virtual time since the run began when it gave up: the limit. */
  readonly at: Duration.Duration
  /** The limit that was set. */
  readonly limit: Duration.Duration
  /** Sleeps still queued, earliest first. */
  readonly sleeping: ReadonlyArray<PendingSleep>
  /** `Timeline` labels started and not ended, when a recorder is installed. */
  readonly open: ReadonlyArray<string>
}> {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return stuck.limitMessage(this)
  }
}

const stuckError = (report: stuck.Stuck): DeadlockError | TimeLimitError =>
  report.reason === "deadlock"
    ? new DeadlockError({
      at: report.at,
      sleeping: report.sleeping,
      open: report.open,
      waiting: report.waiting,
      outside: report.outside,
      idle: report.idle
    })
    : new TimeLimitError({ at: report.at, limit: report.limit, sleeping: report.sleeping, open: report.open })

const timedImpl = <A, E, R>(
  self: Effect.Effect<A, E, R>,
  fn: string,
  options: Options | undefined
): Effect.Effect<readonly [Duration.Duration, A], E | DeadlockError | TimeLimitError, R> =>
  Effect.flatMap(virtual.settings(fn, options), (settings) => virtual.run(self, settings, stuckError))

/**
 * Runs an effect in auto-advancing virtual time and succeeds with the virtual time it took and its result, like
 * `Effect.timed`.
 *
 * Time starts at 0 (the clock reading the `start` option's instant) and jumps to the next deadline whenever every
 * fiber is idle, so sleeps cost no real time; the same program (with the same `Random` seed) gives the same result,
 * order and times on every run. Fails with the effect's
 * own errors, or with {@link DeadlockError} / {@link TimeLimitError} when it can never finish. A bad option is a
 * defect. See the module documentation for what counts as idle and how this relates to `TestClock`.
 *
 * @since 0.1.0
 * @category running
 * @example
 * ```ts
 * import { Duration, Effect, Random } from "effect"
 * import { VirtualTime, waitN } from "effect-asyncio"
 *
 * // ten thousand waits of up to ten seconds, in well under a second of real time
 * const program = VirtualTime.timed(waitN(10_000, 10)).pipe(Random.withSeed(42))
 *
 * Effect.runPromise(program).then(([elapsed, delays]) => {
 *   console.log(Duration.format(elapsed), delays.length) // "9s 999ms" 10000 (the longest delay, exactly)
 * })
 * ```
 * @example
 * ```ts
 * import { DateTime, Duration, Effect, Schedule } from "effect"
 * import { VirtualTime } from "effect-asyncio"
 *
 * // a weekday-morning job, first run on a Friday at noon: the clock reads the start plus the virtual time elapsed
 * const job = Effect.map(DateTime.now, (now) => DateTime.formatIso(now))
 * const program = Effect.repeat(job, { schedule: Schedule.cron("0 9 * * 1-5", "UTC"), times: 1 })
 * const start = new Date("2024-03-01T12:00:00Z")
 * Effect.runPromise(VirtualTime.timed(program, { start })).then(([elapsed, last]) => {
 *   console.log(Duration.format(elapsed), last) // "2d 21h" "2024-03-04T09:00:00.000Z"
 * })
 * ```
 */
export const timed: {
  (
    options?: Options | undefined
  ): <A, E, R>(
    self: Effect.Effect<A, E, R>
  ) => Effect.Effect<readonly [elapsed: Duration.Duration, value: A], E | DeadlockError | TimeLimitError, R>
  <A, E, R>(
    self: Effect.Effect<A, E, R>,
    options?: Options | undefined
  ): Effect.Effect<readonly [elapsed: Duration.Duration, value: A], E | DeadlockError | TimeLimitError, R>
} = dual(
  (args) => Effect.isEffect(args[0]),
  <A, E, R>(self: Effect.Effect<A, E, R>, options?: Options | undefined) =>
    timedImpl(self, "VirtualTime.timed", options)
)

/**
 * Runs an effect in auto-advancing virtual time and succeeds with its result: {@link timed} without the elapsed
 * time.
 *
 * This is the way to run a whole program on virtual time (the CLI's `--clock virtual`).
 *
 * @since 0.1.0
 * @category running
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { measureRuntime, VirtualTime } from "effect-asyncio"
 *
 * // forty one-second sleeps in four parallel lanes: 10 virtual seconds, a few real milliseconds
 * Effect.runPromise(VirtualTime.run(measureRuntime())).then(console.log) // 10
 * ```
 * @example
 * ```ts
 * import { Clock, Effect, Fiber } from "effect"
 * import { TestClock } from "effect/testing"
 * import { VirtualTime } from "effect-asyncio"
 *
 * // a test written for TestClock runs unchanged: adjust returns once everything due by then has run
 * const program = Effect.gen(function*() {
 *   const fiber = yield* Effect.forkChild(Effect.as(Effect.sleep("1 hour"), "woke"))
 *   yield* TestClock.adjust("1 hour")
 *   return [fiber.pollUnsafe() !== undefined, yield* Fiber.join(fiber), yield* Clock.currentTimeMillis] as const
 * })
 * Effect.runPromise(VirtualTime.run(program)).then(console.log) // [ true, 'woke', 3600000 ]
 * ```
 */
export const run: {
  (
    options?: Options | undefined
  ): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | DeadlockError | TimeLimitError, R>
  <A, E, R>(
    self: Effect.Effect<A, E, R>,
    options?: Options | undefined
  ): Effect.Effect<A, E | DeadlockError | TimeLimitError, R>
} = dual(
  (args) => Effect.isEffect(args[0]),
  <A, E, R>(self: Effect.Effect<A, E, R>, options?: Options | undefined) =>
    Effect.map(timedImpl(self, "VirtualTime.run", options), ([, value]) => value)
)

/**
 * Options of {@link explore}: how many schedules to try, from which seed, plus the options of every {@link run}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { VirtualTime } from "effect-asyncio"
 *
 * const options: VirtualTime.ExploreOptions = { runs: 100, seed: 7, limit: "1 minute" }
 * console.log(options.runs) // 100
 * ```
 */
export interface ExploreOptions extends Omit<Options, "schedule" | "strategy"> {
  /**
   * How schedules are drawn: `"mixed"` (the default) alternates `"shuffle"` (odd runs) and `"pct"` (even runs), so
   * shallow races are found as fast as a random walk finds them and deep ones keep PCT's guarantee. Each run's seed
   * names its strategy (odd seeds shuffle, even seeds PCT), so `{ schedule: seed }` alone replays it.
   */
  readonly strategy?: Strategy | "mixed" | undefined
  /** How many schedules to run the effect under (a positive integer); it stops at the first that fails. */
  readonly runs: number
  /**
   * The exploration seed (an unsigned 32-bit integer) the schedule seeds are derived from; drawn from `Random` when
   * absent, so a seeded `Random` (`TestSeed`) makes the whole exploration repeatable.
   */
  readonly seed?: number | undefined
}

/**
 * What a successful {@link explore} saw.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { VirtualTime } from "effect-asyncio"
 *
 * const report: VirtualTime.ExploreReport = { seed: 7, runs: 100, distinct: 37 }
 * console.log(report.distinct) // 37
 * ```
 */
export interface ExploreReport {
  /** The exploration seed. */
  readonly seed: number
  /** Schedules run, all of which succeeded. */
  readonly runs: number
  /** How many of them took a different sequence of scheduling decisions. */
  readonly distinct: number
}

/**
 * One schedule of {@link explore} failed: replay it alone with `VirtualTime.run(effect, { schedule: seed })`.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { Effect, Ref } from "effect"
 * import { VirtualTime } from "effect-asyncio"
 *
 * // two read-yield-write increments: some schedules lose one
 * const program = Effect.gen(function*() {
 *   const ref = yield* Ref.make(0)
 *   const increment = Effect.flatMap(Ref.get(ref), (n) => Effect.andThen(Effect.yieldNow, Ref.set(ref, n + 1)))
 *   yield* Effect.all([increment, Effect.andThen(Effect.yieldNow, increment)], { concurrency: 2 })
 *   if ((yield* Ref.get(ref)) !== 2) yield* Effect.fail("lost update")
 * })
 * Effect.runPromise(VirtualTime.explore(program, { runs: 100, seed: 1 }).pipe(
 *   Effect.catchTag("ExploreError", (error) => Effect.succeed(error.message))
 * )).then(console.log)
 * // "VirtualTime.explore: run 7 of 100 failed; replay it with VirtualTime.run(effect, { schedule: 2971379579 }): ..."
 * ```
 */
export class ExploreError extends Data.TaggedError("ExploreError")<{
  /** The failing schedule's seed: `VirtualTime.run(effect, { schedule: seed })` replays it. */
  readonly seed: number
  /** The strategy the schedule was drawn with: the one its seed names (even: `"pct"`, odd: `"shuffle"`). */
  readonly strategy: Strategy
  /** Which run failed, from 1. */
  readonly run: number
  /** How many runs were asked for. */
  readonly runs: number
  /** The exploration seed. */
  readonly exploration: number
  /** How the failing run failed: the effect's own error, a defect, or a `DeadlockError` / `TimeLimitError`. */
  readonly cause: Cause.Cause<unknown>
  /** The labelled effects and spans of the failing schedule, up to the failure (from a recorded replay of it). */
  readonly timeline: Timeline.Timeline
}> {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    const failure = Cause.pretty(this.cause).split("\n")[0] ?? ""
    return `VirtualTime.explore: run ${this.run} of ${this.runs} failed; replay it with ` +
      `VirtualTime.run(effect, { schedule: ${this.seed} }): ${failure}`
  }
}

const exploreImpl = <A, E, R>(
  self: Effect.Effect<A, E, R>,
  options: ExploreOptions
): Effect.Effect<ExploreReport, ExploreError, R> =>
  Effect.gen(function*() {
    const fn = "VirtualTime.explore"
    const exploration = yield* internalExplore.settings(fn, options)
    const limits = yield* virtual.limits(fn, options)
    return yield* internalExplore.explore(
      exploration,
      (schedule, _seed, holder) => virtual.run(self, { ...limits, schedule, holder }, stuckError)
    ).pipe(Effect.mapError((failure) => new ExploreError(failure)))
  })

/**
 * Runs an effect in virtual time under `runs` seeded schedules, to find the ones where it fails: each run draws
 * which ready fiber runs next, the order of wake-ups due at one instant and where long-running fibers yield, from a
 * seed derived from the exploration seed.
 *
 * Succeeds with the number of runs and of distinct schedules seen, or fails with the first failing schedule as an
 * {@link ExploreError} (its seed replays it alone with {@link run}'s `schedule` option). The effect runs from the
 * start each time, so it should build its own state (refs, queues) inside. A bad option is a defect. The strategy
 * and its guarantees are described in docs/exploration.md.
 *
 * @since 0.1.0
 * @category running
 * @example
 * ```ts
 * import { Effect, Ref } from "effect"
 * import { VirtualTime } from "effect-asyncio"
 *
 * // atomic increments pass under every schedule
 * const program = Effect.gen(function*() {
 *   const ref = yield* Ref.make(0)
 *   yield* Effect.all([Ref.update(ref, (n) => n + 1), Ref.update(ref, (n) => n + 1)], { concurrency: 2 })
 *   if ((yield* Ref.get(ref)) !== 2) yield* Effect.fail("lost update")
 * })
 * Effect.runPromise(VirtualTime.explore(program, { runs: 50, seed: 1 })).then(console.log)
 * // { seed: 1, runs: 50, distinct: 9 }
 * ```
 */
export const explore: {
  (options: ExploreOptions): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<ExploreReport, ExploreError, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, options: ExploreOptions): Effect.Effect<ExploreReport, ExploreError, R>
} = dual(2, exploreImpl)

/**
 * Whether the current fiber runs on a virtual clock (inside {@link run} or {@link timed}).
 *
 * @since 0.1.0
 * @category getters
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { VirtualTime } from "effect-asyncio"
 *
 * Effect.runPromise(VirtualTime.run(VirtualTime.isActive)).then(console.log) // true
 * ```
 */
export const isActive: Effect.Effect<boolean> = Effect.map(
  Effect.service(Clock.Clock),
  (clock) => virtual.isVirtualClock(clock)
)
