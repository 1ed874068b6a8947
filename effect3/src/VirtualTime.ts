/**
 * Auto-advancing virtual time: run any effect on a clock that jumps to the next deadline whenever every fiber is
 * idle, so a program that sleeps for hours finishes in milliseconds, with exact, repeatable times.
 *
 * What it does. {@link run} (and {@link timed}, which also returns the virtual time taken) installs a fresh virtual
 * `Clock` at instant 0 and a scheduler that counts the runtime's queued work, for the effect and every fiber it forks.
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
 * Relation to `TestClock`. The two are independent and can be used in the same test: inside `run` the effect sees
 * the virtual clock, outside it (e.g. the rest of an `it.effect` body) sees `TestClock`, whose time does not move.
 * `run` replaces the fork / `TestClock.adjust` / join dance for tests that only care about results and times; it
 * spends no real timer turns per wake-up (so it is much faster: see the bench results), wakes ties first in, first
 * out (TestClock wakes them last in, first out), drops interrupted sleepers, and cannot hang on time alone. Keep
 * `TestClock` when a test must stop time at a chosen instant and look around (or fork an observer inside `run` that
 * sleeps until that instant). A nested `run` shares the enclosing virtual clock, and with it the enclosing run's
 * `limit`, `idle` and `schedule` (its own options are not used).
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
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as FiberId from "effect/FiberId"
import { dual } from "effect/Function"
import type * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Supervisor from "effect/Supervisor"
import * as ClockCore from "./internal/clockCore.js"
import * as Schedule from "./internal/schedule.js"
import * as timeline from "./internal/timeline.js"
import * as validate from "./internal/validate.js"
import * as virtualClock from "./internal/virtualClock.js"
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
  readonly limit?: Duration.DurationInput | undefined
  /**
   * How long, in real time, Effect must have had no work queued before time may jump or a deadlock be declared. 0
   * (the default) jumps after one event-loop turn: fastest, but blind to real promises and I/O in flight. With a
   * threshold, every jump waits that long, so keep it small (a few milliseconds to cover a local read); it must be
   * finite.
   */
  readonly idle?: Duration.DurationInput | undefined
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
 * A sleep still queued when a run gave up.
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
export interface PendingSleep {
  /** The virtual time since the run began at which it would wake; `Duration.infinity` for an endless sleep. */
  readonly wakeAt: Duration.Duration
  /** The sleeping fiber, as Effect prints fiber ids (`#12`). */
  readonly fiber: string
  /**
   * Where the fiber is on the timeline, when a recorder is installed: the label of the innermost labelled effect
   * or span it runs in, as the timeline writes it (`transfer/lock-a`).
   */
  readonly label: string | undefined
}

/**
 * A fiber that was waiting when a run deadlocked, and what it waited on where Effect can tell.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { VirtualTime } from "effect-asyncio"
 *
 * const waiting: VirtualTime.WaitingFiber = { fiber: "#7", label: undefined, span: "transfer", blockedOn: "#3" }
 * console.log(waiting.blockedOn) // "#3"
 * ```
 */
export interface WaitingFiber {
  /** The waiting fiber, as Effect prints fiber ids (`#12`). */
  readonly fiber: string
  /**
   * Where the fiber is on the timeline, when a recorder is installed: the label of the innermost labelled effect
   * or span it runs in, as the timeline writes it (`transfer/lock-a`).
   */
  readonly label: string | undefined
  /** The name of the span the fiber is in, if any. */
  readonly span: string | undefined
  /**
   * The fiber its wait names, as Effect records it: the joined fiber for a join, the fiber that made the `Deferred`
   * for a `Deferred.await` (which need not be the one that would complete it). `undefined` when Effect records no
   * other fiber: a semaphore's `take`, a queue's `take` or backpressured `offer`, a `Deferred` the fiber made itself.
   * Wrap such a wait in `Effect.withSpan` or a `Timeline` label to have it named in `span` or `label`.
   */
  readonly blockedOn: string | undefined
}

const format = (duration: Duration.Duration): string => Duration.isZero(duration) ? "0ms" : Duration.format(duration)

const showSleeps = (sleeping: ReadonlyArray<PendingSleep>): string =>
  sleeping.length === 0
    ? "no sleep is pending"
    : `${sleeping.length} sleeping: ` + sleeping.slice(0, 10).map((sleep) =>
      `${sleep.fiber}${sleep.label === undefined ? "" : ` (${sleep.label})`} until ${format(sleep.wakeAt)}`
    ).join(", ") + (sleeping.length > 10 ? ", …" : "")

const showWaiting = (waiting: ReadonlyArray<WaitingFiber>): string =>
  waiting.length === 0 ? "" : `; waiting: ` + waiting.slice(0, 10).map((fiber) =>
    fiber.fiber +
    (fiber.label === undefined ? "" : ` (${fiber.label})`) +
    (fiber.span === undefined ? "" : ` in span ${fiber.span}`) +
    (fiber.blockedOn === undefined ? "" : ` on ${fiber.blockedOn}`)
  ).join(", ") + (waiting.length > 10 ? ", …" : "")

const showOpen = (open: ReadonlyArray<string>): string =>
  open.length === 0 ? "" : `; open timeline labels: ${open.slice(0, 10).join(", ")}${open.length > 10 ? ", …" : ""}`

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
  /**
   * The fibers of the run still waiting, the run's own first (fibers it forked as daemons are not seen); the
   * message lists the first ten.
   */
  readonly waiting: ReadonlyArray<WaitingFiber>
}> {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `VirtualTime: deadlock at ${format(this.at)} of virtual time: every fiber is waiting and ` +
      `${showSleeps(this.sleeping)}${showOpen(this.open)}${showWaiting(this.waiting)}`
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
    return `VirtualTime: limit of ${format(this.limit)} reached; ${showSleeps(this.sleeping)}` +
      showOpen(this.open)
  }
}

const isSeed = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff

const strategyOption = (fn: string, options: Options | undefined): Effect.Effect<Strategy | undefined> => {
  const strategy = options?.strategy
  return strategy === undefined || strategy === "pct" || strategy === "shuffle"
    ? Effect.succeed(strategy)
    : validate.illegal(fn, "strategy", strategy, "\"pct\" or \"shuffle\"")
}

const scheduleOption = (fn: string, options: Options | undefined): Effect.Effect<Schedule.Schedule | undefined> =>
  Effect.flatMap(strategyOption(fn, options), (strategy) => {
    const seed = options?.schedule
    return seed === undefined
      ? Effect.succeed(undefined)
      : isSeed(seed)
      ? Effect.succeed(Schedule.make(seed, strategy ?? Schedule.strategyOf(seed)))
      : validate.illegal(fn, "schedule", seed, "an integer from 0 to 4294967295")
  })

// keeps `live` to the fibers started under it and not yet ended
const tracker = (live: Set<Fiber.RuntimeFiber<unknown, unknown>>): Supervisor.Supervisor<void> =>
  new (class extends Supervisor.AbstractSupervisor<void> {
    value = Effect.void
    override onStart<A, E, R>(
      _context: Context.Context<R>,
      _effect: Effect.Effect<A, E, R>,
      _parent: Option.Option<Fiber.RuntimeFiber<unknown, unknown>>,
      fiber: Fiber.RuntimeFiber<A, E>
    ): void {
      live.add(fiber)
    }
    override onEnd<A, E>(_value: Exit.Exit<A, E>, fiber: Fiber.RuntimeFiber<A, E>): void {
      live.delete(fiber)
    }
  })()

const describeWaiting = (fiber: Fiber.RuntimeFiber<unknown, unknown>): WaitingFiber => {
  // FiberRuntime keeps the fiber id an async wait names (FiberStatus.suspended's blockingOn) in this field
  const blocking = (fiber as unknown as { readonly _asyncBlockingOn: FiberId.FiberId | null })._asyncBlockingOn
  // a queue's take and offer wait on a Deferred made with the waiting fiber's own id: that names nothing
  const self = fiber.id().id
  const ids = blocking === null ? [] : [...FiberId.ids(blocking)].filter((id) => id !== self)
  const span = fiber.currentSpan
  return {
    fiber: FiberId.threadName(fiber.id()),
    label: timeline.pathOf(fiber),
    span: span?._tag === "Span" ? span.name : undefined,
    blockedOn: ids.length === 0 ? undefined : ids.map((id) => `#${id}`).join(", ")
  }
}

interface Holder {
  recorder: timeline.Recorder | undefined
  /** The timeline at the moment the run was given up, before its fibers were interrupted. */
  stuck?: Timeline.Timeline | undefined
}

// the timeline so far of a recorder: the ended spans in end order, then those still open, cut short at `cut` (in
// milliseconds) as interrupted when given, else left running
const snapshot = (recorder: timeline.Recorder | undefined, cut?: number): Timeline.Timeline => {
  const ended = recorder?.ended ?? []
  const open = (recorder?.spans ?? []).filter((span) => span.end === undefined)
  return {
    spans: [
      ...ended.map(({ end, label, outcome, start }) => ({ label, start, end, outcome })),
      ...open.map(({ end, label, outcome, start }) =>
        cut === undefined ? { label, start, end, outcome } : { label, start, end: cut, outcome: "interrupted" as const }
      )
    ]
  }
}

// under a seeded schedule the run always records its timeline (inside the run, for virtual times), so that a replay
// takes exactly the steps the exploration took; the recorder outlives a run given up as stuck
const recording = <A, E, R>(self: Effect.Effect<A, E, R>, holder: Holder): Effect.Effect<A, E, R> =>
  Effect.flatten(Effect.map(
    timeline.record(Effect.withFiberRuntime<A, E, R>((fiber) => {
      holder.recorder = fiber.getFiberRef(timeline.currentRecorder)
      return self
    })),
    ([, exit]) => exit
  ))

const timedImpl = <A, E, R>(
  self: Effect.Effect<A, E, R>,
  fn: string,
  options: Options | undefined,
  given?: Schedule.Schedule | undefined,
  holder: Holder = { recorder: undefined }
): Effect.Effect<readonly [Duration.Duration, A], E | DeadlockError | TimeLimitError, R> =>
  Effect.flatMap(
    Effect.suspend(() =>
      Effect.all([
        ClockCore.durationOption(fn, "limit", options?.limit, Duration.infinity, "infinite allowed"),
        ClockCore.durationOption(fn, "idle", options?.idle, Duration.zero, "finite"),
        given === undefined ? scheduleOption(fn, options) : Effect.succeed(given)
      ])
    ),
    ([limit, idle, schedule]) =>
      Effect.withFiberRuntime<readonly [Duration.Duration, A], E | DeadlockError | TimeLimitError, R>((outer) => {
        const ambient = Context.get(outer.currentDefaultServices, Clock.Clock)
        if (virtualClock.isVirtualClock(ambient)) {
          const start = ambient.instant()
          return Effect.map(self, (value) => [ClockCore.toDuration(ambient.instant() - start), value] as const)
        }
        // the run's fibers, for the deadlock report
        const live = new Set<Fiber.RuntimeFiber<unknown, unknown>>()
        const waiting = (): Array<WaitingFiber> => [...live].map((fiber) => describeWaiting(fiber))
        const stuck = Deferred.unsafeMake<never, DeadlockError | TimeLimitError>(outer.id())
        const clock = virtualClock.make({
          idle: ClockCore.fromDuration(idle),
          limit: ClockCore.fromDuration(limit),
          onStuck: ({ at, open, reason, sleeping }) => {
            // what ran up to here: interrupting the run's fibers next could still let some of them end otherwise
            holder.stuck = snapshot(holder.recorder, Duration.toMillis(at))
            Deferred.unsafeDone(
              stuck,
              Effect.fail(
                reason === "deadlock"
                  ? new DeadlockError({ at, sleeping, open, waiting: waiting() })
                  : new TimeLimitError({ at, limit, sleeping, open })
              )
            )
          },
          underlying: outer.currentScheduler,
          order: schedule?.order
        })
        const region = Effect.withFiberRuntime<A, E, R>((fiber) => {
          clock.start(fiber)
          live.add(fiber)
          return Effect.ensuring(
            schedule === undefined ? self : recording(self, holder),
            Effect.sync(() => live.delete(fiber))
          )
        }).pipe(
          Effect.supervised(tracker(live)),
          Effect.map((value) => [ClockCore.toDuration(clock.instant()), value] as const),
          Effect.ensuring(Effect.sync(() => clock.stop())),
          Effect.withClock(clock),
          Effect.withScheduler(clock.scheduler)
        )
        return Effect.raceFirst(region, Deferred.await(stuck))
      })
  )

/**
 * Runs an effect in auto-advancing virtual time and succeeds with the virtual time it took and its result, like
 * `Effect.timed`.
 *
 * Time starts at 0 and jumps to the next deadline whenever every fiber is idle, so sleeps cost no real time; the same
 * program (with the same `Random` seed) gives the same result, order and times on every run. Fails with the effect's
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
 * const program = VirtualTime.timed(waitN(10_000, 10)).pipe(Effect.withRandom(Random.make(42)))
 *
 * Effect.runPromise(program).then(([elapsed, delays]) => {
 *   console.log(Duration.format(elapsed), delays.length) // "10s" 10000 (the longest delay, exactly)
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
 *   const increment = Effect.flatMap(Ref.get(ref), (n) => Effect.zipRight(Effect.yieldNow(), Ref.set(ref, n + 1)))
 *   yield* Effect.all([increment, Effect.zipRight(Effect.yieldNow(), increment)], { concurrency: 2 })
 *   if ((yield* Ref.get(ref)) !== 2) yield* Effect.fail("lost update")
 * })
 * Effect.runPromise(VirtualTime.explore(program, { runs: 100, seed: 1 }).pipe(
 *   Effect.catchTag("ExploreError", (error) => Effect.succeed(error.message))
 * )).then(console.log)
 * // "VirtualTime.explore: run 17 of 100 failed; replay it with VirtualTime.run(effect, { schedule: 3679190191 }): ..."
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
    const runs = options.runs
    yield* validate.positiveCount(fn, "runs", runs) ?? Effect.void
    const portfolio = options.strategy ?? "mixed"
    if (portfolio !== "mixed" && portfolio !== "pct" && portfolio !== "shuffle") {
      return yield* validate.illegal(fn, "strategy", portfolio, "\"mixed\", \"pct\" or \"shuffle\"")
    }
    if (options.seed !== undefined && !isSeed(options.seed)) {
      return yield* validate.illegal(fn, "seed", options.seed, "an integer from 0 to 4294967295")
    }
    const exploration = options.seed ?? (yield* Random.nextIntBetween(0, 0x100000000))
    const seen = new Set<number>()
    for (let run = 1; run <= runs; run++) {
      const seed = Schedule.derive(exploration, run, portfolio)
      const strategy = Schedule.strategyOf(seed)
      const schedule = Schedule.make(seed, strategy)
      const holder: Holder = { recorder: undefined }
      const exit = yield* Effect.exit(
        timedImpl(self, fn, { limit: options.limit, idle: options.idle }, schedule, holder)
      )
      seen.add(schedule.hash())
      if (exit._tag === "Failure") {
        const timeline = holder.stuck ?? snapshot(holder.recorder)
        return yield* new ExploreError({ seed, strategy, run, runs, exploration, cause: exit.cause, timeline })
      }
    }
    return { seed: exploration, runs, distinct: seen.size }
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
 * // { seed: 1, runs: 50, distinct: 39 }
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
export const isActive: Effect.Effect<boolean> = Effect.clockWith((clock) =>
  Effect.succeed(virtualClock.isVirtualClock(clock))
)
