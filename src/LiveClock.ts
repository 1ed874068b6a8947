/**
 * A live `Clock` that keeps the exercises' promise: sleepers wake in exact deadline order, so `waitN` returns its
 * delays in ascending order on real time, with no sort.
 *
 * It can also run a program faster or slower than real time.
 *
 * What it guarantees, for the fibers of the program it is provided to (children inherit it):
 * - **Order.** Sleepers wake in the order of their deadlines, kept to the nanosecond (the resolution of Effect's
 *   `Duration`), not rounded to Node's whole milliseconds; equal deadlines wake first in, first out.
 * - **One starting instant per burst.** The time is read once when the runtime starts a burst of work and stands
 *   still until the runtime has nothing left to run (as libuv caches its loop time); the program's first burst starts
 *   when the clock is made (when `provide` starts it, or the layer is built). Fibers started together, such as the
 *   1,000 children of `waitN(1000, 1)`, share their starting instant, so their deadlines differ exactly by their
 *   delays, however long the launch takes, and `waitN(n, 1)` takes about one second from its start, not one second
 *   from its last fork, unless its launch itself takes longer.
 * - **Never early.** A sleeper wakes no earlier than its deadline, usually 1–2 ms after it (Node's timer latency).
 *   When several deadlines are due, they wake one deadline at a time, each once the fibers woken before it have
 *   settled, and a woken fiber reads its own deadline as the time (or the current burst's instant, if the runtime was
 *   busy then and that is later). So a loop of sleeps does not drift: ten 1 s steps end at exactly 10 s of program
 *   time, whatever each wake-up's lateness.
 * - **Long sleeps wake.** Sleeps beyond Node's timer limit (2^31 - 1 ms, about 24.8 days) are armed in steps; an
 *   infinite sleep arms nothing. One Node timer is armed at a time, for the earliest deadline; an interrupted sleeper
 *   leaves the queue at once, and no timer is left armed when no sleeper is waiting.
 * - **Rate.** With `rate: k`, program time runs `k` times as fast as real time: every sleep takes `1/k` of its real
 *   duration and every reading of the `Clock` reports program time (starting from the wall-clock time at which the
 *   clock was made), so `measureRuntime()` at rate 10 reports about 10 seconds and takes about one real second.
 *
 * - **A launch is never split.** A runtime that stays busy while it keeps making fibers or queuing sleeps (the
 *   children of `waitN` starting and going to sleep) holds due sleepers back until it pauses, however long that takes:
 *   the time never moves in the middle of a launch.
 * - **Busy without launching.** A runtime that stays busy without a pause, making no fiber and queuing no sleep (a
 *   fiber yielding in a loop), holds due sleepers back until it pauses, or until it has spent `maxDeferral` (100 ms
 *   by default) of real time that way: the clock looks at the runtime when the earliest deadline comes and, while it
 *   stays busy, again `maxDeferral` after each look; a look that finds fibers made or sleeps queued (or a pause)
 *   since the look before starts the wait over, and the first that finds neither wakes every sleeper due by then, in
 *   order, at the time read then.
 *
 * What it does not promise: fibers waiting on something outside Effect (a promise, I/O) are not "work", so the time
 * they resume at is read fresh. The clock stands still within a burst, so pure computation between two readings,
 * with no pause in between, counts as no time: `Effect.timed` of a busy loop reads 0, and `measureRuntime()` reports 10.000 s while the call takes
 * about 10.015 s of real time (the last wake-up's latency and the work after it).
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Scheduler from "effect/Scheduler"
import * as ClockCore from "./internal/clock/core.js"
import * as internal from "./internal/clock/live.js"
import * as validate from "./internal/validate.js"

/**
 * Options of {@link layer} and {@link provide}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { LiveClock } from "effect-asyncio"
 *
 * const tenTimesFaster: LiveClock.Options = { rate: 10 }
 * console.log(tenTimesFaster.rate) // 10
 * ```
 */
export interface Options {
  /** Seconds of program time per real second: 10 runs ten times faster, 0.5 twice as slow; 1 by default. */
  readonly rate?: number | undefined
  /**
   * How long (in real time) a due sleeper may wait for a runtime that stays busy without queuing a sleep; 100 ms by
   * default, `Duration.infinity` for as long as the runtime stays busy.
   */
  readonly maxDeferral?: Duration.Input | undefined
}

/**
 * The default `maxDeferral`: how long a due sleeper may wait for a runtime busy without launching before it is woken.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import { LiveClock } from "effect-asyncio"
 *
 * console.log(Duration.format(LiveClock.DefaultMaxDeferral)) // "100ms"
 * ```
 */
export const DefaultMaxDeferral: Duration.Duration = Duration.millis(100)

// validates the options and wraps the scheduler in use (so an enclosing tracking scheduler still sees every task)
const settings = (fn: string, options: Options | undefined): Effect.Effect<internal.Settings> =>
  Effect.suspend(() => {
    const rate = options?.rate === undefined ? 1 : options.rate
    if (typeof rate !== "number" || !Number.isFinite(rate) || rate <= 0) {
      return validate.illegal(fn, "rate", rate, "a finite, positive number")
    }
    return Effect.zipWith(
      ClockCore.durationOption(fn, "maxDeferral", options?.maxDeferral, DefaultMaxDeferral, "infinite allowed"),
      Effect.service(Scheduler.Scheduler),
      (maxDeferral, underlying) => ({ rate, maxDeferral: ClockCore.fromDuration(maxDeferral), underlying })
    )
  })

// the clock, the scheduler it watches and the fiber hook it counts launches with, for one region or one layer
const install = (live: internal.LiveClock, fibers: Metric.FiberRuntimeMetricsService | undefined) =>
  Context.make(Clock.Clock, live.clock).pipe(
    Context.add(Scheduler.Scheduler, live.scheduler),
    Context.add(Metric.FiberRuntimeMetrics, live.fibers(fibers))
  )

/**
 * A layer that runs the program it is provided to on a fresh live clock that wakes sleepers in exact deadline order.
 *
 * It replaces the `Clock` and installs the scheduler the clock watches to know when the runtime is idle, and a fiber
 * hook (`Metric.FiberRuntimeMetrics`, wrapping the one in use) that counts the fibers the program makes; all are
 * inherited by every fiber the program forks. An invalid `rate` (0, negative, NaN, infinite) or `maxDeferral` (not a
 * duration, or negative) is a defect (`IllegalArgumentError`) when the layer is built.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { LiveClock, waitN } from "effect-asyncio"
 *
 * // 1,000 random delays of up to a second, returned in ascending order, on real time
 * const program = waitN(1000, 1).pipe(Effect.provide(LiveClock.layer()))
 * Effect.runPromise(program).then((delays) => console.log(delays.slice(0, 3)))
 * ```
 */
export const layer = (options?: Options | undefined): Layer.Layer<never> =>
  Layer.unwrap(
    Effect.zipWith(
      settings("LiveClock.layer", options),
      Effect.service(Metric.FiberRuntimeMetrics),
      (validated, fibers) => Layer.succeedContext(install(internal.make(validated), fibers))
    )
  )

/**
 * Runs an effect on a fresh live clock, as {@link layer} does for a whole program.
 *
 * @since 0.1.0
 * @category combinators
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { LiveClock, measureRuntime } from "effect-asyncio"
 *
 * // ten 1-second steps at rate 50: reports about 10 seconds, takes about 0.2 real seconds
 * const program = measureRuntime().pipe(LiveClock.provide({ rate: 50 }))
 * Effect.runPromise(program).then(console.log)
 * ```
 */
export const provide: {
  (options?: Options | undefined): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, options?: Options | undefined): Effect.Effect<A, E, R>
} = dual(
  (args) => Effect.isEffect(args[0]),
  <A, E, R>(self: Effect.Effect<A, E, R>, options?: Options | undefined): Effect.Effect<A, E, R> =>
    Effect.flatMap(
      Effect.zip(settings("LiveClock.provide", options), Effect.service(Metric.FiberRuntimeMetrics)),
      ([validated, fibers]) => Effect.provideContext(self, install(internal.make(validated), fibers))
    )
)
