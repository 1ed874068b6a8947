/**
 * The policy of `VirtualTime` on the clock core (`clockCore.ts`): time moves only when the Effect runtime is idle,
 * and then jumps to the earliest deadline.
 *
 * When the tracking scheduler reports idle (or the run starts, or the earliest sleeper changes), the driver is armed
 * for the host's next turn (with an idle threshold: for that much real time, and only if no task was scheduled
 * meanwhile). If the runtime is still idle then, time jumps to the earliest deadline and every sleeper due at that
 * instant wakes. If nothing finite is queued, or the next deadline is past the limit, the run is stuck and the driver
 * reports it, then keeps waking sleepers (without the limit) so the interrupted effect's finalizers can finish.
 * Sleeps of zero return at once.
 *
 * @internal
 */
import type * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import type * as Fiber from "effect/Fiber"
import * as FiberId from "effect/FiberId"
import type * as Scheduler from "effect/Scheduler"
import type { PendingSleep } from "../VirtualTime.js"
import * as ClockCore from "./clockCore.js"
import * as DeadlineQueue from "./deadlineQueue.js"
import * as timeline from "./timeline.js"
import type * as TrackingScheduler from "./trackingScheduler.js"

/**
 * Why a run is stuck and what was pending at that moment.
 *
 * @internal
 */
export interface Stuck {
  readonly reason: "deadlock" | "limit"
  /** Virtual time since the run began. */
  readonly at: Duration.Duration
  /** Sleepers still queued, earliest first. */
  readonly sleeping: ReadonlyArray<PendingSleep>
  /** Labels of timeline spans started and not ended (when a recorder is installed). */
  readonly open: ReadonlyArray<string>
}

/**
 * A virtual clock plus its driver.
 *
 * @internal
 */
export interface VirtualClock extends Clock.Clock {
  readonly [VirtualClockTypeId]: VirtualClockTypeId
  /** The instant since the run began. */
  readonly instant: () => ClockCore.Instant
  readonly scheduler: TrackingScheduler.TrackingScheduler
  /** How many sleepers are queued. */
  readonly sleepers: number
  /**
   * Arms the driver. Call it once from the run's main fiber, after the clock and scheduler are installed; the fiber
   * is read again when the run gets stuck, for the labels its timeline recorder has open.
   */
  readonly start: (fiber: Fiber.RuntimeFiber<unknown, unknown>) => void
  /** Stops the driver for good and disarms the host; sleepers left in the queue stay asleep. */
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
  /** Real time the runtime must stay idle before a jump; 0 means one turn of the event loop. */
  readonly idle: ClockCore.Instant
  /** The run is stuck when the next wake-up is later than this instant ({@link ClockCore.Never}: no limit). */
  readonly limit: ClockCore.Instant
  /** Called once, outside any fiber, when the run can no longer progress. */
  readonly onStuck: (stuck: Stuck) => void
  readonly underlying?: Scheduler.Scheduler | undefined
  readonly host?: ClockCore.Host | undefined
  readonly order?: ClockCore.Order | undefined
}

const describe = (queue: DeadlineQueue.DeadlineQueue<ClockCore.Sleeper>): Array<PendingSleep> =>
  DeadlineQueue.toArray(queue).map((entry) => ({
    wakeAt: ClockCore.toDuration(entry.deadline),
    fiber: entry.value.fiber === undefined ? "?" : FiberId.threadName(entry.value.fiber.id()),
    label: entry.value.fiber === undefined ? undefined : timeline.pathOf(entry.value.fiber)
  }))

/**
 * Makes a virtual clock at instant 0 with its driver.
 *
 * @internal
 */
export const make = (options: Options): VirtualClock => {
  const host = options.host ?? ClockCore.nodeHost
  let main: Fiber.RuntimeFiber<unknown, unknown> | undefined = undefined
  let now: ClockCore.Instant = 0n
  let stopped = false
  // reported stuck: keep waking sleepers (past the limit) for the finalizers, and stop quietly when none is left
  let draining = false
  let seenScheduled = 0

  const stuck = (reason: Stuck["reason"]): void => {
    draining = true
    const recorder = main?.getFiberRef(timeline.currentRecorder)
    options.onStuck({
      reason,
      at: ClockCore.toDuration(now),
      sleeping: describe(core.queue),
      open: recorder === undefined ? [] : timeline.openSpans(recorder).map((span) => span.label)
    })
  }

  const step = (): void => {
    const next = core.queue.head
    if (next === undefined || next.deadline >= ClockCore.Never) {
      return draining ? undefined : stuck("deadlock")
    }
    if (next.deadline > options.limit && !draining) {
      if (options.limit > now) {
        now = options.limit
      }
      return stuck("limit")
    }
    now = next.deadline
    core.wake(now)
    if (core.scheduler.pending === 0) {
      kick()
    }
  }

  const kick = (): void => {
    if (core.armed !== undefined || stopped) {
      return
    }
    if (options.idle > 0n) {
      seenScheduled = core.scheduler.scheduled
      core.armAt(host.monotonic() + options.idle)
    } else {
      core.armNextTurn()
    }
  }

  const fire = (): void => {
    if (stopped || core.scheduler.pending > 0) {
      return
    }
    if (options.idle > 0n && core.scheduler.scheduled !== seenScheduled) {
      return kick()
    }
    step()
  }

  const core = ClockCore.make(
    { host, underlying: options.underlying, order: options.order, origin: 0n, wholeMillis: false },
    { now: () => now, zeroSleepReturns: true, idle: kick, fire, headChanged: kick }
  )

  return {
    ...core.clock,
    [VirtualClockTypeId]: VirtualClockTypeId,
    instant: () => now,
    scheduler: core.scheduler,
    get sleepers() {
      return core.queue.size
    },
    start: (fiber) => {
      main = fiber
      kick()
    },
    stop: () => {
      stopped = true
      core.disarm()
    }
  }
}
