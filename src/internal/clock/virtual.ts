/**
 * The policy of `VirtualTime` on the clock core (`core.ts`), and the region that runs an effect under it.
 *
 * Time moves only when the Effect runtime is idle, and then jumps to the earliest deadline. When the tracking
 * scheduler reports idle (or the run starts, or the earliest sleeper changes), the driver is armed for the host's next
 * turn (with an idle threshold: for that much real time, and only if no task was queued meanwhile). If the runtime is
 * still idle then, time jumps to the earliest deadline and every sleeper due at that instant wakes, each running at
 * once until it suspends (Effect 4 resumes a fiber inside the call that wakes it). If nothing finite is queued, or the
 * next deadline is past the limit, the run is stuck and the driver reports it, then keeps waking sleepers (without the
 * limit) so the interrupted effect's finalizers can finish. Sleeps of zero return at once.
 *
 * The region ({@link run}) installs the clock and its scheduler, which Effect asks before each operation of each
 * fiber whether to yield: that is how the region sees every fiber that runs a step in it, and how a deadlock report
 * can name the run's waiting fibers (Effect 4 has no supervisor, and records nothing of what a fiber waits on). A
 * fiber that runs its whole life under `Scheduler.PreventSchedulerYield` never asks, and is not named.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Scheduler from "effect/Scheduler"
import type * as model from "../timeline/model.js"
import * as timeline from "../timeline/record.js"
import * as validate from "../validate.js"
import * as Core from "./core.js"
import * as DeadlineQueue from "./deadlineQueue.js"
import * as Schedule from "./schedule.js"
import { type PendingSleep, startedWork, type Stuck, type WaitingFiber } from "./stuck.js"
import type * as TrackingScheduler from "./trackingScheduler.js"

/**
 * A virtual clock plus its driver.
 *
 * @internal
 */
export interface VirtualClock extends Clock.Clock {
  readonly [VirtualClockTypeId]: VirtualClockTypeId
  /** The instant since the run began. */
  readonly instant: () => Core.Instant
  readonly scheduler: TrackingScheduler.TrackingScheduler
  /** How many sleepers are queued. */
  readonly sleepers: number
  /** Arms the driver. Call it once from the run's main fiber, after the clock and scheduler are installed. */
  readonly start: () => void
  /** Arms the driver (if it is not armed) to look at the run once more at the next idle moment. */
  readonly recheck: () => void
  /** Stops the driver for good and disarms the host; sleepers left in the queue stay asleep. */
  readonly stop: () => void
  /** The sleepers still queued (and the callers of `adjust` and `setTime` still waiting), earliest first. */
  readonly pending: () => Array<PendingSleep>
  /**
   * Work outside Effect the host has pending now and did not have when the driver was started
   * ({@link startedWork}); `undefined` where the host cannot tell.
   */
  readonly outside: () => ReadonlyArray<string> | undefined
  /**
   * `TestClock.adjust`: moves time to now + `duration` and returns once the run has settled there (every sleeper due
   * by then, even one queued meanwhile, has woken and every fiber has suspended). A negative duration is 0: it only
   * waits for the run to settle at the current instant; an infinite one waits until no finite sleeper is left.
   */
  readonly adjust: (duration: Duration.Input) => Effect.Effect<void>
  /**
   * `TestClock.setTime`: as `adjust`, to the instant the clock reads as `timestamp` (epoch milliseconds); an instant
   * already past settles at the current one, since virtual time never goes back, and `Infinity` is `adjust` of an
   * infinite duration. NaN is a defect.
   */
  readonly setTime: (timestamp: number) => Effect.Effect<void>
  /**
   * `TestClock.withLive`: runs `effect` on the clock that was in use where the run began (the live clock beneath it,
   * when that is a test clock). Virtual time holds still until it ends.
   */
  readonly withLive: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
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
  readonly idle: Core.Instant
  /** The run is stuck when the next wake-up is later than this instant ({@link Core.Never}: no limit). */
  readonly limit: Core.Instant
  /** Called once, outside any fiber, when the run can no longer progress. */
  readonly onStuck: (reason: Stuck["reason"], at: Core.Instant) => void
  /**
   * Called, outside any fiber, when the run was reported stuck and what runs after that (the interrupted fibers'
   * finalizers) is stuck too: every fiber waits and no finite sleeper is left to wake.
   */
  readonly onExhausted?: (() => void) | undefined
  /** The scheduler whose dispatcher runs the drains: the one in use where the run starts. */
  readonly underlying: Scheduler.Scheduler
  readonly host?: Core.Host | undefined
  readonly order?: Core.Order | undefined
  /** What the clock reads at instant 0, in nanoseconds since the Unix epoch; 0 (the epoch itself) by default. */
  readonly start?: Core.Instant | undefined
  /** The clock in use where the run began, which `withLive` runs effects on; Effect's default clock if absent. */
  readonly live?: Clock.Clock | undefined
}

/** A caller of `adjust` or `setTime`, waiting for the run to settle at `target`. */
interface Settler {
  readonly target: Core.Instant
  readonly sleeper: Core.Sleeper
}

// `TestClock`'s shape, to tell whether the clock outside a run is a test clock
const isTestClock = (clock: Clock.Clock): clock is Clock.Clock & Pick<VirtualClock, "withLive"> =>
  "withLive" in clock && typeof clock.withLive === "function"

const MaxSafeNanos = BigInt(Number.MAX_SAFE_INTEGER)

const nanosOfMillis = (millis: number): Core.Instant => {
  const whole = Math.floor(millis)
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((millis - whole) * 1e6))
}

/** The name Effect prints for a fiber. */
const fiberName = (fiber: Fiber.Fiber<unknown, unknown>): string => `#${fiber.id}`

/**
 * Makes a virtual clock at instant 0 with its driver.
 *
 * Besides sleepers, the driver serves the callers of `adjust` and `setTime` (settlers): when the runtime is idle and
 * no sleeper is due by the earliest settler's target, time moves to that target and the settlers waiting for it
 * resume (several at once in the {@link Core.Order}'s order of wake-ups, like sleepers). So a settler resumes after
 * every sleeper due at its target, even one queued after it, and only when nothing is left to run there. While an
 * effect runs under `withLive`, the driver holds time still and declares nothing stuck; its end wakes the driver.
 *
 * @internal
 */
export const make = (options: Options): VirtualClock => {
  const host = options.host ?? Core.nodeHost
  const origin = options.start ?? 0n
  let now: Core.Instant = 0n
  let stopped = false
  // reported stuck: keep waking sleepers (past the limit) for the finalizers, and stop quietly when none is left
  let draining = false
  let seenScheduled = 0
  // the host's pending work when the driver started, so that what was there before the run is left out
  let before: ReadonlyArray<string> | undefined = undefined
  // waiting callers of adjust and setTime, by target, first come first among equal targets
  const settlers: Array<Settler> = []
  // effects running under withLive: time holds still while there is one
  let holding = 0

  const stuck = (reason: Stuck["reason"]): void => {
    draining = true
    options.onStuck(reason, now)
  }

  // moves time to `to` for a wake-up, unless that is past the limit (then the run is stuck there)
  const reach = (to: Core.Instant): boolean => {
    if (to > options.limit && !draining) {
      if (options.limit > now) {
        now = options.limit
      }
      stuck("limit")
      return false
    }
    if (to > now) {
      now = to
    }
    return true
  }

  // resumes the settlers waiting for the earliest target; false when that target is past the limit
  const settle = (): boolean => {
    const target = settlers[0]!.target
    if (target < Core.Never && !reach(target)) {
      return false
    }
    let count = 1
    while (count < settlers.length && settlers[count]!.target === target) {
      count++
    }
    const due = settlers.splice(0, count).map((settler) => settler.sleeper)
    if (options.order !== undefined && due.length > 1) {
      options.order.wakeups(due)
    }
    for (const sleeper of due) {
      sleeper.resume(Effect.void)
    }
    return true
  }

  const step = (): void => {
    if (holding > 0) {
      return
    }
    const next = core.queue.head
    const deadline = next === undefined ? Core.Never : next.deadline
    const settler = settlers[0]
    if (settler !== undefined && (deadline > settler.target || deadline >= Core.Never)) {
      if (!settle()) {
        return
      }
    } else if (deadline >= Core.Never) {
      return draining ? options.onExhausted?.() : stuck("deadlock")
    } else if (reach(deadline)) {
      core.wake(now)
    } else {
      return
    }
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

  const core = Core.make(
    { host, underlying: options.underlying, order: options.order, origin, wholeMillis: false },
    { now: () => now, zeroSleepReturns: true, idle: kick, fire, headChanged: kick }
  )

  // waits until the run has settled at `target` (see the documentation of `make`)
  const settleAt = (target: (now: Core.Instant) => Core.Instant): Effect.Effect<void> =>
    Effect.callback<void>((resume) => {
      const at = target(now)
      const settler: Settler = { target: at > now ? at : now, sleeper: { resume, fiber: Fiber.getCurrent() } }
      let index = settlers.length
      while (index > 0 && settlers[index - 1]!.target > settler.target) {
        index--
      }
      settlers.splice(index, 0, settler)
      kick()
      return Effect.sync(() => {
        const at = settlers.indexOf(settler)
        if (at >= 0) {
          settlers.splice(at, 1)
        }
      })
    })

  // the nearest double to the exact reading while the nanoseconds are exact in a double (about 104 days from the
  // epoch); beyond, whole milliseconds stay exact and the fraction is as near as a double allows
  const currentTimeMillis = (): number => {
    const nanos = origin + now
    return nanos <= MaxSafeNanos && nanos >= -MaxSafeNanos
      ? Number(nanos) / 1e6
      : Number(nanos / 1_000_000n) + Number(nanos % 1_000_000n) / 1e6
  }

  const live = options.live
  const onLive = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    live === undefined
      ? Effect.provideService(effect, Clock.Clock, Clock.Clock.defaultValue())
      : isTestClock(live)
      ? live.withLive(effect)
      : Effect.provideService(effect, Clock.Clock, live)

  return {
    ...core.clock,
    currentTimeMillisUnsafe: currentTimeMillis,
    currentTimeMillis: Effect.sync(currentTimeMillis),
    [VirtualClockTypeId]: VirtualClockTypeId,
    instant: () => now,
    scheduler: core.scheduler,
    get sleepers() {
      return core.queue.size
    },
    start: () => {
      before = host.pendingWork?.()
      kick()
    },
    recheck: kick,
    outside: () => {
      const after = host.pendingWork?.()
      return before === undefined || after === undefined ? undefined : startedWork(before, after)
    },
    stop: () => {
      stopped = true
      core.disarm()
    },
    pending: () =>
      [
        ...DeadlineQueue.toArray(core.queue).map((entry) => ({ at: entry.deadline, sleeper: entry.value })),
        ...settlers.map((settler) => ({ at: settler.target, sleeper: settler.sleeper }))
      ].sort((a, b) => a.at < b.at ? -1 : a.at > b.at ? 1 : 0).map(({ at, sleeper }) => ({
        wakeAt: Core.toDuration(at),
        fiber: sleeper.fiber === undefined ? "?" : fiberName(sleeper.fiber),
        label: sleeper.fiber === undefined ? undefined : timeline.pathOf(sleeper.fiber)
      })),
    adjust: (duration) =>
      Effect.suspend(() => {
        const offset = Core.fromDuration(Duration.fromInputUnsafe(duration))
        return settleAt((now) => offset >= Core.Never ? Core.Never : now + offset)
      }),
    setTime: (timestamp) =>
      Number.isNaN(timestamp) || typeof timestamp !== "number"
        ? validate.illegal("TestClock.setTime", "timestamp", timestamp, "a number of epoch milliseconds")
        : settleAt(() =>
          timestamp === Infinity ? Core.Never : timestamp === -Infinity ? 0n : nanosOfMillis(timestamp) - origin
        ),
    withLive: (effect) =>
      Effect.uninterruptibleMask((restore) => {
        holding++
        return Effect.ensuring(
          restore(onLive(effect)),
          Effect.sync(() => {
            if (--holding === 0) {
              kick()
            }
          })
        )
      })
  }
}

/**
 * The fibers that have run a step in a region and may not have ended. A fiber is seen the first time it asks the
 * region's scheduler whether to yield (Effect asks before each operation), and looked up by its id in a bitset (fiber
 * ids are handed out in order, so the ids of a region's fibers are dense above the first one seen; the few older ones,
 * such as the fiber that entered the region, are kept in a set). The fibers themselves are kept in an array, swept of
 * ended fibers whenever it has doubled since the last sweep: a bit and at most two array slots per fiber, a comparison
 * per operation, and no hashing on the way.
 */
interface Fibers {
  readonly observe: (fiber: Fiber.Fiber<unknown, unknown>) => void
  readonly waiting: () => Array<Fiber.Fiber<unknown, unknown>>
}

const fibers = (): Fibers => {
  let live: Array<Fiber.Fiber<unknown, unknown>> = []
  let seen = new Int32Array(1024)
  let base = -1
  const older = new Set<Fiber.Fiber<unknown, unknown>>()
  let last: Fiber.Fiber<unknown, unknown> | undefined = undefined
  let sweepAt = 1024
  const sweep = (): void => {
    live = live.filter((fiber) => fiber.pollUnsafe() === undefined)
    sweepAt = Math.max(1024, live.length * 2)
  }
  // whether `fiber` was seen before, marking it seen
  const mark = (fiber: Fiber.Fiber<unknown, unknown>): boolean => {
    if (base < 0) {
      base = fiber.id
    }
    const offset = fiber.id - base
    if (offset < 0) {
      if (older.has(fiber)) {
        return true
      }
      older.add(fiber)
      return false
    }
    const word = offset >>> 5
    if (word >= seen.length) {
      const grown = new Int32Array(Math.max(seen.length * 2, word + 1))
      grown.set(seen)
      seen = grown
    }
    const bit = 1 << (offset & 31)
    if (((seen[word] ?? 0) & bit) !== 0) {
      return true
    }
    seen[word] = (seen[word] ?? 0) | bit
    return false
  }
  return {
    observe: (fiber) => {
      if (fiber !== last) {
        last = fiber
        if (!mark(fiber)) {
          live.push(fiber)
          if (live.length >= sweepAt) {
            sweep()
          }
        }
      }
    },
    waiting: () => {
      sweep()
      return live
    }
  }
}

// the clock's scheduler, telling `observe` of each fiber about to run an operation under it
const observing = (
  scheduler: TrackingScheduler.TrackingScheduler,
  observe: (fiber: Fiber.Fiber<unknown, unknown>) => void
): Scheduler.Scheduler => ({
  executionMode: scheduler.executionMode,
  makeDispatcher: () => scheduler.makeDispatcher(),
  shouldYield: (fiber) => {
    observe(fiber)
    return scheduler.shouldYield(fiber)
  }
})

const describeWaiting = (fiber: Fiber.Fiber<unknown, unknown>): WaitingFiber => {
  const span = fiber.cache.span
  return { fiber: fiberName(fiber), label: timeline.pathOf(fiber), span: span?._tag === "Span" ? span.name : undefined }
}

/**
 * What {@link run} keeps of a run for whoever explores or reports it: the recorder of a recorded run, and the
 * timeline at the moment the run was given up, before its fibers were interrupted.
 *
 * @internal
 */
export interface Holder {
  recorder: timeline.Recorder | undefined
  stuck?: model.Timeline | undefined
}

/**
 * The settings of one {@link run}, validated.
 *
 * @internal
 */
export interface Settings {
  readonly limit: Core.Instant
  readonly idle: Core.Instant
  /** What the clock reads when the run begins, in nanoseconds since the Unix epoch; the epoch itself if absent. */
  readonly start?: Core.Instant | undefined
  /** A seeded schedule, or first in, first out. */
  readonly schedule?: Schedule.Schedule | undefined
  /** Where to record the run's timeline; a seeded run always records (into a holder of its own if none is given). */
  readonly holder?: Holder | undefined
}

// under a seeded schedule the run always records its timeline (inside the run, for virtual times), so that a replay
// takes exactly the steps the exploration took; the recorder outlives a run given up as stuck
const recording = <A, E, R>(self: Effect.Effect<A, E, R>, holder: Holder): Effect.Effect<A, E, R> =>
  Effect.flatten(Effect.map(
    timeline.record(Effect.withFiber<A, E, R>((fiber) => {
      const recorder = fiber.getRef(timeline.currentRecorder)
      if (recorder !== undefined) {
        recorder.waitSpans = false
      }
      holder.recorder = recorder
      return self
    })),
    ([, exit]) => exit
  ))

/**
 * Runs `self` in auto-advancing virtual time and succeeds with the virtual time it took beside its value; fails with
 * `stuckError(stuck)` when the run can never finish. Inside a region that already runs on a virtual clock, runs
 * `self` on that clock (its settings are not used).
 *
 * @internal
 */
export const run = <A, E, R, X>(
  self: Effect.Effect<A, E, R>,
  settings: Settings,
  stuckError: (stuck: Stuck) => X
): Effect.Effect<readonly [Duration.Duration, A], E | X, R> =>
  Effect.withFiber<readonly [Duration.Duration, A], E | X, R>((outer) => {
    const ambient = outer.getRef(Clock.Clock)
    if (isVirtualClock(ambient)) {
      const start = ambient.instant()
      return Effect.map(self, (value) => [Core.toDuration(ambient.instant() - start), value] as const)
    }
    const holder = settings.holder ?? { recorder: undefined }
    const seen = fibers()
    // the run's own fiber, read again when the run gets stuck: the labels its innermost recorder has open
    let main: Fiber.Fiber<unknown, unknown> | undefined = undefined
    const stuck = Deferred.makeUnsafe<never, X>()
    // signalled when, after the run was given up, its finalizers wait on nothing time can bring
    const exhausted = Deferred.makeUnsafe<void>()
    const limit = Core.toDuration(settings.limit)
    const clock = make({
      idle: settings.idle,
      limit: settings.limit,
      onStuck: (reason, at) => {
        const elapsed = Core.toDuration(at)
        // what ran up to here: interrupting the run's fibers next could still let some of them end otherwise
        holder.stuck = timeline.snapshot(holder.recorder, Number(at) / 1e6)
        const recorder = main?.getRef(timeline.currentRecorder) ?? holder.recorder
        Deferred.doneUnsafe(
          stuck,
          Effect.fail(stuckError({
            reason,
            at: elapsed,
            limit,
            sleeping: clock.pending(),
            open: recorder === undefined ? [] : timeline.openSpans(recorder).map((span) => span.label),
            waiting: reason === "deadlock" ? seen.waiting().map((fiber) => describeWaiting(fiber)) : [],
            idle: Core.toDuration(settings.idle),
            outside: clock.outside()
          }))
        )
      },
      onExhausted: () => Deferred.doneUnsafe(exhausted, Effect.void),
      underlying: outer.getRef(Scheduler.Scheduler),
      order: settings.schedule?.order,
      start: settings.start,
      live: ambient
    })
    const scheduler = observing(clock.scheduler, seen.observe)
    const region = Effect.withFiber<A, E, R>((fiber) => {
      main = fiber
      clock.start()
      return settings.schedule === undefined && settings.holder === undefined ? self : recording(self, holder)
    }).pipe(
      Effect.map((value) => [Core.toDuration(clock.instant()), value] as const),
      Effect.provideService(Clock.Clock, clock),
      Effect.provideService(Scheduler.Scheduler, scheduler)
    )
    // The region runs in a fiber of its own that no one else waits for: when the run is given up (or its caller is
    // interrupted) it is interrupted and waited for, so that its finalizers run, but only until they are exhausted. A
    // finalizer that can never finish (it waits on a fiber that waits forever) is left behind instead of hanging the
    // caller. The driver runs until the region's fiber has ended (its children and finalizers included), or is left.
    const giveUp = (fiber: Fiber.Fiber<unknown, unknown>): Effect.Effect<void> =>
      Effect.ensuring(
        fiber.pollUnsafe() !== undefined ? Effect.void : Effect.raceFirst(
          Effect.asVoid(Fiber.interrupt(fiber)),
          // the interruption may queue no work at all: look again at the next idle moment
          Effect.andThen(Effect.sync(() => clock.recheck()), Deferred.await(exhausted))
        ),
        Effect.sync(() => clock.stop())
      )
    return Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(
        Effect.forkDetach(restore(region), { startImmediately: true }),
        (fiber) =>
          Effect.onExit(restore(Effect.raceFirst(Fiber.join(fiber), Deferred.await(stuck))), () => giveUp(fiber))
      )
    )
  })

/**
 * Decodes a `start` option: a `DateTime`, a `Date` or a finite number of epoch milliseconds, as nanoseconds since the
 * Unix epoch; 0 (the epoch) when absent, a defect `fn: start must be …, got …` when bad (an invalid `Date` included).
 *
 * @internal
 */
export const start = (fn: string, value: unknown): Effect.Effect<Core.Instant> => {
  const millis = value === undefined
    ? 0
    : DateTime.isDateTime(value)
    ? value.epochMilliseconds
    : value instanceof Date
    ? value.getTime()
    : typeof value === "number"
    ? value
    : NaN
  return Number.isFinite(millis)
    ? Effect.succeed(nanosOfMillis(millis))
    : validate.illegal(fn, "start", value, "a DateTime, a Date or epoch milliseconds")
}

/**
 * Decodes the `limit` (any non-negative duration; none by default), `idle` (finite; 0 by default) and `start` (see
 * {@link start}) options of a run, dying with `fn: option must be …, got …` on a bad one.
 *
 * @internal
 */
export const limits = (
  fn: string,
  options: { readonly limit?: unknown; readonly idle?: unknown; readonly start?: unknown }
): Effect.Effect<{ readonly limit: Core.Instant; readonly idle: Core.Instant; readonly start: Core.Instant }> =>
  Effect.map(
    Effect.all([
      Core.durationOption(fn, "limit", options.limit, Duration.infinity, "infinite allowed"),
      Core.durationOption(fn, "idle", options.idle, Duration.zero, "finite"),
      start(fn, options.start)
    ]),
    ([limit, idle, start]) => ({ limit: Core.fromDuration(limit), idle: Core.fromDuration(idle), start })
  )

/**
 * Decodes a schedule seed option: an unsigned 32-bit integer, or a defect naming `fn` and `option`.
 *
 * @internal
 */
export const seed = (fn: string, option: string, value: unknown): Effect.Effect<number> =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff
    ? Effect.succeed(value)
    : validate.illegal(fn, option, value, "an integer from 0 to 4294967295")

/**
 * Decodes every option of one run (`limit`, `idle`, `start`, and the `schedule` to replay with its `strategy`, by default the
 * one the seed names).
 *
 * @internal
 */
export const settings = (
  fn: string,
  options: {
    readonly limit?: unknown
    readonly idle?: unknown
    readonly start?: unknown
    readonly schedule?: unknown
    readonly strategy?: unknown
  } | undefined
): Effect.Effect<Settings> =>
  Effect.suspend(() => {
    const strategy = options?.strategy
    if (strategy !== undefined && strategy !== "pct" && strategy !== "shuffle") {
      return validate.illegal(fn, "strategy", strategy, "\"pct\" or \"shuffle\"")
    }
    const schedule = options?.schedule === undefined
      ? Effect.succeed(undefined)
      : Effect.map(
        seed(fn, "schedule", options.schedule),
        (value) => Schedule.make(value, strategy ?? Schedule.strategyOf(value))
      )
    return Effect.zipWith(limits(fn, options ?? {}), schedule, (decoded, schedule) => ({ ...decoded, schedule }))
  })
