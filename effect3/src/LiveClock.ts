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
 *   still until the runtime has nothing left to run (as libuv caches its loop time). Fibers started together, such as
 *   the 1,000 children of `waitN(1000, 1)`, share their starting instant, so their deadlines differ exactly by their
 *   delays, however long the launch takes: no sleeper is woken in the middle of a launch (see `maxDeferral` below).
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
 * - **A busy runtime.** While the runtime has work queued, due sleepers wait for it to pause. They are woken before
 *   it pauses in one case only: it has stayed busy, without a pause, for a whole `maxDeferral` (100 ms of real time
 *   by default) past their deadline, and in that `maxDeferral` it started no fiber and queued no sleep. That is a
 *   program spinning (a fiber yielding in a loop), never a launch: fibers starting and going to sleep keep the wait
 *   going however long they take. Every sleeper due by then wakes, in order, at the time read then (a new burst).
 *   The clock checks on its timer, so the release comes at its first check once that holds.
 *
 * What it does not promise: fibers waiting on something outside Effect (a promise, I/O) are not "work", so the time
 * they resume at is read fresh. A program that never pauses and keeps starting fibers or queuing sleeps holds due
 * sleepers back until it pauses. The clock stands still within a burst, so pure computation between two readings,
 * with no pause in between, counts as no time: `Effect.timed` of a busy loop reads 0, and `measureRuntime()`
 * reports 10.000 s while the call takes about 10.015 s of real time (the last wake-up's latency and the work after
 * it).
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import { dual } from "effect/Function"
import * as Layer from "effect/Layer"
import * as ClockCore from "./internal/clockCore.js"
import * as internal from "./internal/liveClock.js"
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
   * How long (in real time) a busy runtime must go, past a due sleeper's deadline, without a pause, without starting
   * a fiber and without queuing a sleep, before the sleeper is woken anyway; 100 ms by default. `Duration.infinity`:
   * due sleepers always wait for the runtime to pause.
   */
  readonly maxDeferral?: Duration.DurationInput | undefined
}

/**
 * The default `maxDeferral`: how long a busy runtime that is not launching (it starts no fiber and queues no sleep)
 * may keep a due sleeper waiting before it is woken anyway.
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
      FiberRef.get(FiberRef.currentScheduler),
      (maxDeferral, underlying) => ({ rate, maxDeferral: ClockCore.fromDuration(maxDeferral), underlying })
    )
  })

/**
 * A layer that runs the program it is provided to on a fresh live clock that wakes sleepers in exact deadline order.
 *
 * It replaces the `Clock` and installs the scheduler the clock watches to know when the runtime is idle; both are
 * inherited by every fiber the program forks. An invalid `rate` (0, negative, NaN, infinite) or `maxDeferral` (not a
 * duration, or negative) is a defect (`IllegalArgumentException`) when the layer is built.
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
  Layer.unwrapEffect(
    Effect.map(settings("LiveClock.layer", options), (validated) => {
      const live = internal.make(validated)
      return Layer.merge(Layer.setClock(live.clock), Layer.setScheduler(live.scheduler))
    })
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
    Effect.flatMap(settings("LiveClock.provide", options), (validated) => {
      const live = internal.make(validated)
      return self.pipe(Effect.withClock(live.clock), Effect.withScheduler(live.scheduler))
    })
)
