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
 * `limit` and `idle` (its own options are not used).
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as ClockCore from "./internal/clockCore.js"
import * as virtualClock from "./internal/virtualClock.js"

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
}

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
  /** The fiber's `Timeline` label, when a recorder is installed. */
  readonly label: string | undefined
}

const format = (duration: Duration.Duration): string => Duration.isZero(duration) ? "0ms" : Duration.format(duration)

const showSleeps = (sleeping: ReadonlyArray<PendingSleep>): string =>
  sleeping.length === 0
    ? "no sleep is pending"
    : `${sleeping.length} sleeping: ` + sleeping.slice(0, 10).map((sleep) =>
      `${sleep.fiber}${sleep.label === undefined ? "" : ` (${sleep.label})`} until ${format(sleep.wakeAt)}`
    ).join(", ") + (sleeping.length > 10 ? ", …" : "")

const showOpen = (open: ReadonlyArray<string>): string =>
  open.length === 0 ? "" : `; open timeline labels: ${open.slice(0, 10).join(", ")}${open.length > 10 ? ", …" : ""}`

/**
 * The run can never finish: every fiber is waiting, and no sleep is pending that could wake one (only endless
 * sleeps, if any). Typical causes: a `Deferred` or `Queue` nobody feeds, or real I/O with `idle: 0`.
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
}> {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `VirtualTime: deadlock at ${format(this.at)} of virtual time: every fiber is waiting and ` +
      `${showSleeps(this.sleeping)}${showOpen(this.open)}`
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

const timedImpl = <A, E, R>(
  self: Effect.Effect<A, E, R>,
  fn: string,
  options: Options | undefined
): Effect.Effect<readonly [Duration.Duration, A], E | DeadlockError | TimeLimitError, R> =>
  Effect.flatMap(
    Effect.suspend(() =>
      Effect.all([
        ClockCore.durationOption(fn, "limit", options?.limit, Duration.infinity, "infinite allowed"),
        ClockCore.durationOption(fn, "idle", options?.idle, Duration.zero, "finite")
      ])
    ),
    ([limit, idle]) =>
      Effect.withFiberRuntime<readonly [Duration.Duration, A], E | DeadlockError | TimeLimitError, R>((outer) => {
        const ambient = Context.get(outer.currentDefaultServices, Clock.Clock)
        if (virtualClock.isVirtualClock(ambient)) {
          const start = ambient.instant()
          return Effect.map(self, (value) => [ClockCore.toDuration(ambient.instant() - start), value] as const)
        }
        const stuck = Deferred.unsafeMake<never, DeadlockError | TimeLimitError>(outer.id())
        const clock = virtualClock.make({
          idle: ClockCore.fromDuration(idle),
          limit: ClockCore.fromDuration(limit),
          onStuck: ({ at, open, reason, sleeping }) =>
            Deferred.unsafeDone(
              stuck,
              Effect.fail(
                reason === "deadlock"
                  ? new DeadlockError({ at, sleeping, open })
                  : new TimeLimitError({ at, limit, sleeping, open })
              )
            ),
          underlying: outer.currentScheduler
        })
        const region = Effect.withFiberRuntime<A, E, R>((fiber) => {
          clock.start(fiber)
          return self
        }).pipe(
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
 * time. This is the way to run a whole program on virtual time (the CLI's `--clock virtual`).
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
