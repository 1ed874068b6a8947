/**
 * The policy of `LiveClock` on the clock core (`core.ts`): program time follows the host's monotonic time
 * (times `rate`, exactly: a double is a ratio of integers), one host timer is armed for the earliest deadline, and due
 * sleepers are released in bursts. What that guarantees, and why, is `LiveClock`'s module documentation; this is how.
 *
 * - Program time is read from the host only when the runtime starts a burst of work, and held (`frozen`) until the
 *   tracking scheduler reports idle. A reading made outside any queued task schedules a no-op task, so that burst
 *   ends with an idle report too. The clock takes that reading when it is made: the program it is provided to starts
 *   its first burst then, so sleeps started anywhere in that burst (all of `waitN`'s, after its forks) count from
 *   the instant the program started, not from whenever the first of them was reached.
 * - A sleeper is due once the host's time reaches its deadline's real instant. On idle, due sleepers are released one
 *   deadline at a time, program time set to that deadline (or kept, if later), stopping as soon as the woken fibers
 *   make the runtime busy: the rest wait for the next idle report.
 * - While the runtime is busy and the earliest sleeper is due, the timer is armed for `maxDeferral` past the later of
 *   its real deadline and the last look that found the runtime launching. A look finds it launching when fibers were
 *   made or sleeps queued since the look before (the children of `waitN` starting and going to sleep; the join workers
 *   `taskWaitN` starts after its tasks), or when the runtime paused in between; such a look starts the wait over. A look that finds it has only been busy, queuing no
 *   sleep and making no fiber for a whole `maxDeferral`, wakes every sleeper due by then at once, in order, at the time read then. So a
 *   launch, however long, never sees the time move: its fibers all start from the instant read when its burst began.
 *
 * @internal
 */
import type * as Clock from "effect/Clock"
import { constVoid } from "effect/Function"
import type * as Metric from "effect/Metric"
import type * as Scheduler from "effect/Scheduler"
import * as ClockCore from "./core.js"
import type * as TrackingScheduler from "./trackingScheduler.js"

/**
 * Settings of {@link make}, already validated.
 *
 * @internal
 */
export interface Settings {
  /** Program time per real time; finite and positive. */
  readonly rate: number
  /**
   * Real time a busy runtime must spend without making a fiber or queuing a sleep before due sleepers wake anyway
   * ({@link ClockCore.Never}: they wait for it to go idle).
   */
  readonly maxDeferral: ClockCore.Instant
  readonly host?: ClockCore.Host | undefined
  /** The scheduler whose dispatcher runs the tracking scheduler's drains (the one in use where the clock is made). */
  readonly underlying: Scheduler.Scheduler
  readonly order?: ClockCore.Order | undefined
}

/**
 * A live clock and the scheduler it needs; install both (`Effect.provideService` of `Clock.Clock` and
 * `Scheduler.Scheduler`).
 *
 * @internal
 */
export interface LiveClock {
  readonly clock: Clock.Clock
  readonly scheduler: TrackingScheduler.TrackingScheduler
  /**
   * The fiber hook to install beside the clock (as `Metric.FiberRuntimeMetrics`), wrapping the one in use: it counts
   * the fibers made under the clock, which is how the clock tells a launch from a runtime that only spins.
   */
  readonly fibers: (outer: Metric.FiberRuntimeMetricsService | undefined) => Metric.FiberRuntimeMetricsService
  /** Program time since the clock was made (a reading, as a sleep would take it). */
  readonly now: () => ClockCore.Instant
  /** How many sleepers are queued. */
  readonly sleepers: number
  /** The host callback armed right now. */
  readonly armed: ClockCore.Armed
}

// a finite, positive double is an integer times a power of two, so program time is `real * num / den` exactly
const exactRatio = (rate: number): { readonly num: bigint; readonly den: bigint } => {
  let num = rate
  let den = 1n
  while (!Number.isInteger(num)) {
    num *= 2
    den *= 2n
  }
  return { num: BigInt(num), den }
}

const max = (a: ClockCore.Instant, b: ClockCore.Instant): ClockCore.Instant => a > b ? a : b

/**
 * Makes a live clock at program time 0, reading the wall clock as its origin.
 *
 * @internal
 */
export const make = (settings: Settings): LiveClock => {
  const { maxDeferral } = settings
  const ratio = exactRatio(settings.rate)
  const host = settings.host ?? ClockCore.nodeHost
  const originReal = host.monotonic()

  // program time: the latest instant handed out, held while `frozen`
  let time: ClockCore.Instant = 0n
  let frozen = false

  const program = (real: ClockCore.Instant): ClockCore.Instant => real * ratio.num / ratio.den
  // the host instant at which program time reaches `deadline`
  const realAt = (deadline: ClockCore.Instant): ClockCore.Instant =>
    deadline >= ClockCore.Never
      ? ClockCore.Never
      : originReal + (deadline * ratio.den + ratio.num - 1n) / ratio.num
  const isDue = (deadline: ClockCore.Instant): boolean => realAt(deadline) <= host.monotonic()

  // The launch watch of the timer's looks: the fibers made plus the sleeps queued, as counted at the last look, whether
  // the runtime paused since, and the host instant of the last look that found it launching or paused. Since
  // `quietSince` the runtime has been busy without a pause, making no fiber and queuing no sleep.
  let made = 0
  let launched = -1
  let paused = true
  let quietSince: ClockCore.Instant = 0n

  // arm for the earliest deadline; if it is due but the runtime is busy, only for the end of its deferral
  const arm = (): void => {
    const head = core.queue.head
    if (head === undefined) {
      return core.disarm()
    }
    const due = realAt(head.deadline)
    core.armAt(core.scheduler.pending > 0 && due <= host.monotonic() ? max(due, quietSince) + maxDeferral : due)
  }

  // wake due sleepers one deadline at a time, letting the runtime settle in between
  const release = (): void => {
    for (let head = core.queue.head; head !== undefined && isDue(head.deadline); head = core.queue.head) {
      time = max(time, head.deadline)
      frozen = true
      core.wake(head.deadline)
      if (core.scheduler.pending > 0) {
        break
      }
      frozen = false
    }
    arm()
  }

  const fire = (): void => {
    const head = core.queue.head
    if (head === undefined) {
      return
    }
    if (core.scheduler.pending === 0) {
      return release()
    }
    const real = host.monotonic()
    const count = made + core.queued
    if (count !== launched || paused) {
      // fibers were made or sleeps queued since the last look, or the runtime paused: a launch is going on, and its
      // fibers must all start from this burst's instant, so the deferral starts over (it counts busy time without
      // launching only)
      launched = count
      paused = false
      quietSince = real
    } else if (real >= max(realAt(head.deadline), quietSince) + maxDeferral) {
      // busy, and not launching, for a whole maxDeferral past the deadline: wake everything due now, in order
      time = max(time, max(program(real - originReal), head.deadline))
      frozen = true
      core.wake(time)
    }
    arm()
  }

  const idle = (): void => {
    frozen = false
    paused = true
    if (core.queue.head !== undefined) {
      release()
    }
  }

  const now = (): ClockCore.Instant => {
    if (!frozen) {
      time = max(time, program(host.monotonic() - originReal))
      frozen = true
      if (core.scheduler.pending === 0) {
        // read outside any queued task (the fiber that installed the clock, or plain code): a no-op task ends this
        // burst with an idle report once the current synchronous work is done
        core.scheduler.makeDispatcher().scheduleTask(constVoid, 0)
      }
    }
    return time
  }

  const core = ClockCore.make(
    { host, underlying: settings.underlying, order: settings.order, origin: host.epoch(), wholeMillis: true },
    { now, zeroSleepReturns: false, idle, fire, headChanged: arm }
  )
  // the program's first burst starts now
  now()

  return {
    clock: core.clock,
    scheduler: core.scheduler,
    fibers: (outer) => ({
      recordFiberStart: (context) => {
        made++
        outer?.recordFiberStart(context)
      },
      recordFiberEnd: (context, exit) => outer?.recordFiberEnd(context, exit)
    }),
    now,
    get sleepers() {
      return core.queue.size
    },
    get armed() {
      return core.armed
    }
  }
}
