/**
 * The engine of `VirtualTime`: a `Clock` whose time only moves when the Effect runtime is idle, and the driver that
 * moves it.
 *
 * - The clock's instant is a whole number of nanoseconds (stored as a JavaScript number, exact up to 2^53 ns, about
 *   104 days), so `currentTimeNanos` is always exact and `Effect.timed` never dies on a fractional instant.
 * - `sleep` queues the sleeper in a deadline queue ordered by (deadline, push order): equal deadlines wake first in,
 *   first out. An interrupted sleeper leaves the queue at once.
 * - The fibers of the run use a tracking scheduler (`trackingScheduler.ts`) that counts queued tasks. When the count
 *   drops to 0 the driver is armed: after one `setImmediate` turn (or, with an idle threshold, after that much real
 *   time with no task scheduled at all), if the count is still 0 the clock jumps to the earliest deadline and resumes
 *   every sleeper due then, in queue order. If nothing is queued, or the next deadline is past the limit, the run
 *   is stuck and the driver reports it.
 *
 * Real timers (`setImmediate`, `setTimeout`) are used only to wait for real idleness, never to measure time, which is
 * why this module lives in a file named for a clock.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FiberId from "effect/FiberId"
import * as Option from "effect/Option"
import type * as Scheduler from "effect/Scheduler"
import * as DeadlineQueue from "./deadlineQueue.js"
import * as timeline from "./timeline.js"
import * as TrackingScheduler from "./trackingScheduler.js"

/**
 * A sleeper still waiting when a run got stuck.
 *
 * @internal
 */
export interface PendingSleep {
  /** The virtual instant it would wake at, in milliseconds since the run began; `Infinity` for an endless sleep. */
  readonly wakeAt: number
  /** The sleeping fiber, as Effect prints it (`#12`). */
  readonly fiber: string
  /** The timeline label of the sleeping fiber, when a `Timeline` recorder is installed. */
  readonly label: string | undefined
}

/**
 * Why a run is stuck and what was pending at that moment.
 *
 * @internal
 */
export interface Stuck {
  readonly reason: "deadlock" | "limit"
  /** Virtual milliseconds since the run began. */
  readonly at: number
  readonly sleeping: ReadonlyArray<PendingSleep>
  /** Labels of timeline spans started and not ended (when a recorder is installed). */
  readonly open: ReadonlyArray<string>
}

interface Sleeper {
  readonly resume: (effect: Effect.Effect<void>) => void
  /** The sleeping fiber (the one running when `sleep` registered), for reports. */
  readonly fiber: Fiber.RuntimeFiber<unknown, unknown> | undefined
}

/**
 * A virtual clock plus its driver.
 *
 * @internal
 */
export interface VirtualClock extends Clock.Clock {
  readonly [VirtualClockTypeId]: VirtualClockTypeId
  /** The instant, in nanoseconds since the run began. */
  readonly nanos: () => number
  readonly scheduler: TrackingScheduler.TrackingScheduler
  /**
   * Arms the driver. Call it once from the run's main fiber, after the clock and scheduler are installed; the fiber
   * is read again when the run gets stuck, for the labels its timeline recorder has open.
   */
  readonly start: (fiber: Fiber.RuntimeFiber<unknown, unknown>) => void
  /** Stops the driver for good and cancels its pending timer; sleepers left in the queue stay asleep. */
  readonly stop: () => void
}

/** @internal */
export const VirtualClockTypeId: unique symbol = Symbol.for("effect-asyncio/VirtualClock")

/** @internal */
export type VirtualClockTypeId = typeof VirtualClockTypeId

/** @internal */
export const isVirtualClock = (clock: Clock.Clock): clock is VirtualClock => VirtualClockTypeId in clock

/** @internal */
export interface Options {
  /** Real idle time (ms) required before a jump; 0 means one `setImmediate` turn. */
  readonly idleMillis: number
  /** Virtual limit (ns since start); the run is stuck when the next wake-up is later. */
  readonly limitNanos: number
  /**
   * Called once, outside any fiber, when the run can no longer progress. The driver then keeps waking sleepers
   * (ignoring the limit) so that the interrupted effect's finalizers can finish, until nothing is left to wake.
   */
  readonly onStuck: (stuck: Stuck) => void
}

const describe = (queue: DeadlineQueue.DeadlineQueue<Sleeper>): Array<PendingSleep> =>
  DeadlineQueue.toArray(queue).map((entry) => ({
    wakeAt: entry.deadline / 1e6,
    fiber: entry.value.fiber === undefined ? "?" : FiberId.threadName(entry.value.fiber.id()),
    label: entry.value.fiber?.getFiberRef(timeline.currentPath)
  }))

/**
 * Makes a virtual clock at instant 0 with its driver and tracking scheduler.
 *
 * @internal
 */
export const make = (options: Options, underlying: Scheduler.Scheduler): VirtualClock => {
  const queue = DeadlineQueue.make<Sleeper>()
  let main: Fiber.RuntimeFiber<unknown, unknown> | undefined = undefined
  let now = 0
  let armed = false
  let stopped = false
  // After the run is reported stuck, the effect is interrupted; keep driving time (without the limit) so finalizers
  // that sleep can finish, and stop quietly when nothing is left to wake.
  let draining = false
  let timer: ReturnType<typeof setTimeout> | undefined = undefined
  let immediate: ReturnType<typeof setImmediate> | undefined = undefined
  let seenScheduled = 0

  const stuck = (reason: Stuck["reason"]): void => {
    draining = true
    const recorder = main?.getFiberRef(timeline.currentRecorder)
    options.onStuck({
      reason,
      at: now / 1e6,
      sleeping: describe(queue),
      open: recorder === undefined ? [] : timeline.openSpans(recorder).map((span) => span.label)
    })
  }

  const step = (): void => {
    const next = DeadlineQueue.peek(queue)
    if (next === undefined || next.deadline === Infinity) {
      return draining ? undefined : stuck("deadlock")
    }
    if (next.deadline > options.limitNanos && !draining) {
      now = Math.max(now, options.limitNanos)
      return stuck("limit")
    }
    now = next.deadline
    const due: Array<Sleeper> = []
    while (DeadlineQueue.peek(queue)?.deadline === now) {
      due.push(DeadlineQueue.pop(queue)!.value)
    }
    for (const sleeper of due) {
      sleeper.resume(Effect.void)
    }
    if (scheduler.pending === 0) {
      kick()
    }
  }

  const fire = (): void => {
    armed = false
    timer = undefined
    immediate = undefined
    if (stopped || scheduler.pending > 0) {
      return
    }
    if (options.idleMillis > 0 && scheduler.scheduled !== seenScheduled) {
      return kick()
    }
    step()
  }

  const kick = (): void => {
    if (armed || stopped) {
      return
    }
    armed = true
    if (options.idleMillis > 0) {
      seenScheduled = scheduler.scheduled
      timer = setTimeout(fire, options.idleMillis)
    } else {
      immediate = setImmediate(fire)
    }
  }

  const scheduler = TrackingScheduler.make(kick, underlying)

  const sleep = (duration: Duration.Duration): Effect.Effect<void> => {
    const finite = Duration.isFinite(duration)
    const nanos = finite ? Number(Duration.unsafeToNanos(duration)) : Infinity
    if (nanos <= 0) {
      return Effect.void
    }
    return Effect.async<void>((resume) => {
      const fiber = Option.getOrUndefined(Fiber.getCurrentFiber())
      const entry = DeadlineQueue.push(queue, now + nanos, { resume, fiber })
      kick()
      return Effect.sync(() => {
        DeadlineQueue.remove(queue, entry)
      })
    })
  }

  const clock: VirtualClock = {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    [VirtualClockTypeId]: VirtualClockTypeId,
    unsafeCurrentTimeMillis: () => now / 1e6,
    currentTimeMillis: Effect.sync(() => now / 1e6),
    unsafeCurrentTimeNanos: () => BigInt(now),
    currentTimeNanos: Effect.sync(() => BigInt(now)),
    sleep,
    nanos: () => now,
    scheduler,
    start: (fiber) => {
      main = fiber
      kick()
    },
    stop: () => {
      stopped = true
      if (timer !== undefined) {
        clearTimeout(timer)
      }
      if (immediate !== undefined) {
        clearImmediate(immediate)
      }
    }
  }
  return clock
}
