/**
 * The machinery of `LiveClock`: a `Clock` whose sleepers wake in exact deadline order, driven by one host timer,
 * plus the tracking `Scheduler` that tells it when the Effect runtime is idle.
 *
 * Program time is a number of milliseconds (with fractions) since the clock was made, `rate` times the real time
 * elapsed on the host's monotonic source. It has three rules:
 * - One instant per busy period. The first reading made while the runtime has work queued is kept until the runtime
 *   goes idle, so everything started in one burst (1,000 fibers forked by one `waitN`) starts at the same instant and
 *   its sleepers are ordered by their delays alone. Like libuv's loop time, it stands still while the runtime works.
 * - Deadlines are exact. A sleep of `d` from instant `t` is due at `t + d`; the queue orders sleepers by
 *   `(deadline, sleep order)`, so equal deadlines wake first in, first out.
 * - Sleepers wake when the runtime has nothing else to run, one deadline at a time, in order: all sleepers sharing
 *   the earliest due deadline are resumed with program time set to that deadline, and the next deadline waits until
 *   the fibers they woke have settled. A woken fiber therefore reads exactly its deadline (when the runtime was idle
 *   then), and a loop of sleeps does not drift. A runtime that stays busy holds due sleepers back, but never longer
 *   than `maxDeferral` real milliseconds past their deadline; then every due sleeper is woken at once, in order.
 *
 * One host timer is armed, for the earliest deadline: rounded up to whole milliseconds (never early), re-armed if the
 * host fires early, and split into steps of at most 2^31 - 1 ms (Node's limit). No timer is armed when no sleeper is
 * queued or the earliest sleep is infinite, so a finished or interrupted program leaves nothing pending.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { constVoid } from "effect/Function"
import type * as Scheduler from "effect/Scheduler"
import { performance } from "node:perf_hooks"
import * as DeadlineQueue from "./deadlineQueue.js"
import * as TrackingScheduler from "./trackingScheduler.js"

/**
 * The longest delay a Node timer accepts (about 24.8 days); longer sleeps are armed in steps.
 *
 * @internal
 */
export const MaxTimerMillis = 2 ** 31 - 1

/**
 * Where real time and timers come from; the seam that lets tests drive the clock by hand.
 *
 * @internal
 */
export interface Host {
  /** A monotonic reading in milliseconds, with fractions. */
  readonly now: () => number
  /** The wall-clock time in whole milliseconds since the epoch, read once when a clock is made. */
  readonly epochMillis: () => number
  /** Calls `callback` once after `millis` whole milliseconds (1 to {@link MaxTimerMillis}). */
  readonly setTimer: (callback: () => void, millis: number) => unknown
  readonly clearTimer: (handle: unknown) => void
  /** Calls `callback` once, after the current turn of the event loop. */
  readonly setImmediate: (callback: () => void) => unknown
  readonly clearImmediate: (handle: unknown) => void
}

/**
 * Node's monotonic clock (`performance.now`), wall clock and timers.
 *
 * @internal
 */
export const nodeHost: Host = {
  now: () => performance.now(),
  epochMillis: () => Date.now(),
  setTimer: (callback, millis) => setTimeout(callback, millis),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setImmediate: (callback) => setImmediate(callback),
  clearImmediate: (handle) => clearImmediate(handle as ReturnType<typeof setImmediate>)
}

/**
 * Settings of {@link make}, already validated.
 *
 * @internal
 */
export interface Settings {
  /** Program milliseconds per real millisecond; finite and positive. */
  readonly rate: number
  /** Real milliseconds a due sleeper may wait for a busy runtime to go idle. */
  readonly maxDeferral: number
  readonly host?: Host | undefined
  /** The scheduler to wrap; the default scheduler unless given. */
  readonly underlying?: Scheduler.Scheduler | undefined
}

/**
 * A live clock and the scheduler it needs; install both (`Effect.withClock`, `Effect.withScheduler`).
 *
 * @internal
 */
export interface LiveClock {
  readonly clock: Clock.Clock
  readonly scheduler: TrackingScheduler.TrackingScheduler
  /** Program time in milliseconds since the clock was made (a reading, as a sleep would take it). */
  readonly now: () => number
  /** How many sleepers are queued. */
  readonly sleepers: number
  /** The host timer armed right now: a timeout of so many milliseconds, an immediate, or nothing. */
  readonly armed: { readonly kind: "timeout"; readonly millis: number } | { readonly kind: "immediate" } | undefined
}

/**
 * Makes a live clock; see the module documentation for what it guarantees.
 *
 * @internal
 */
export const make = (settings: Settings): LiveClock => {
  const { maxDeferral, rate } = settings
  const host = settings.host ?? nodeHost
  const originReal = host.now()
  const originEpoch = Math.floor(host.epochMillis())
  const queue = DeadlineQueue.make<() => void>()

  // program time: the latest instant handed out, held while `frozen`
  let time = 0
  let frozen = false
  // the one armed host timer
  let handle: unknown = undefined
  let armed: LiveClock["armed"] = undefined
  let target = NaN

  const source = (): number => (host.now() - originReal) * rate
  const realDeadline = (deadline: number): number => originReal + deadline / rate

  const disarm = (): void => {
    if (armed !== undefined) {
      if (armed.kind === "timeout") {
        host.clearTimer(handle)
      } else {
        host.clearImmediate(handle)
      }
      handle = undefined
      armed = undefined
      target = NaN
    }
  }

  const armAt = (wanted: number): void => {
    if (armed !== undefined && target === wanted) {
      return
    }
    disarm()
    target = wanted
    const remaining = wanted - host.now()
    if (remaining <= 0) {
      armed = { kind: "immediate" }
      handle = host.setImmediate(fire)
    } else {
      const millis = Math.min(Math.ceil(remaining), MaxTimerMillis)
      armed = { kind: "timeout", millis }
      handle = host.setTimer(fire, millis)
    }
  }

  // arm for the earliest deadline; if it is due but the runtime is busy, only for the end of its deferral
  const arm = (): void => {
    const head = queue.head
    if (head === undefined || head.deadline === Infinity) {
      disarm()
      return
    }
    const due = realDeadline(head.deadline)
    armAt(scheduler.pending > 0 && due <= host.now() ? due + maxDeferral : due)
  }

  const resumeUntil = (deadline: number): void => {
    for (let head = queue.head; head !== undefined && head.deadline <= deadline; head = queue.head) {
      DeadlineQueue.pop(queue)
      head.value()
    }
  }

  // wake due sleepers one deadline at a time, letting the runtime settle in between
  const release = (): void => {
    for (let head = queue.head; head !== undefined && head.deadline <= source(); head = queue.head) {
      if (head.deadline > time) {
        time = head.deadline
      }
      frozen = true
      resumeUntil(head.deadline)
      if (scheduler.pending > 0) {
        break
      }
      frozen = false
    }
    arm()
  }

  const fire = (): void => {
    handle = undefined
    armed = undefined
    target = NaN
    const head = queue.head
    if (head === undefined) {
      return
    }
    if (scheduler.pending === 0) {
      release()
      return
    }
    const due = realDeadline(head.deadline)
    if (host.now() >= due + maxDeferral) {
      // the runtime has been busy too long: wake everything due now, in order
      const current = source()
      if (current > time) {
        time = current
      }
      frozen = true
      resumeUntil(time)
    }
    arm()
  }

  const scheduler = TrackingScheduler.make(() => {
    frozen = false
    if (queue.head !== undefined) {
      release()
    }
  }, settings.underlying)

  const now = (): number => {
    if (!frozen) {
      const fresh = source()
      if (fresh > time) {
        time = fresh
      }
      frozen = true
      if (scheduler.pending === 0) {
        // read outside any queued task (the fiber that installed the clock, or plain code): a no-op task ends this
        // burst with an idle report once the current synchronous work is done
        scheduler.scheduleTask(constVoid, 0)
      }
    }
    return time
  }

  const sleep = (duration: Duration.Duration): Effect.Effect<void> =>
    Effect.async<void>((resume) => {
      const entry = DeadlineQueue.push(queue, now() + Duration.toMillis(duration), () => resume(Effect.void))
      if (queue.head === entry) {
        arm()
      }
      return Effect.sync(() => {
        const wasHead = queue.head === entry
        if (DeadlineQueue.remove(queue, entry) && wasHead) {
          arm()
        }
      })
    })

  const currentTimeMillis = (): number => Math.floor(originEpoch + now())
  const currentTimeNanos = (): bigint => BigInt(originEpoch) * 1_000_000n + BigInt(Math.round(now() * 1e6))

  const clock: Clock.Clock = {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: currentTimeMillis,
    currentTimeMillis: Effect.sync(currentTimeMillis),
    unsafeCurrentTimeNanos: currentTimeNanos,
    currentTimeNanos: Effect.sync(currentTimeNanos),
    sleep
  }

  return {
    clock,
    scheduler,
    now,
    get sleepers() {
      return queue.size
    },
    get armed() {
      return armed
    }
  }
}
