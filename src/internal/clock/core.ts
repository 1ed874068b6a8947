/**
 * The core that `VirtualTime` and `LiveClock` share: one queue of sleepers, one tracking scheduler, one host seam and
 * one `Clock` object. Each clock is a small policy on top of it (`virtualClock.ts`: when the runtime is idle, jump to
 * the earliest deadline; `liveClock.ts`: arm one host timer for the earliest deadline and release due sleepers in
 * bursts), so the two order, register and cancel sleepers alike by construction.
 *
 * - **One time unit.** An {@link Instant} is a whole number of nanoseconds in a `bigint`, counted from the clock's
 *   origin, so deadlines and readings stay exact at any distance from it: a virtual run may last years (its `limit`
 *   too) and `Effect.timed` still reads to the nanosecond. Exactness ends only where a JS number must come out:
 *   `currentTimeMillis` (whole milliseconds on the live clock; on the virtual clock with the fraction, exact to the
 *   nanosecond for 2^53 ns, about 104 days, then the nearest double) and host timer delays (whole milliseconds). A
 *   deadline at or past {@link Never} (2^1100 ns, beyond any duration a JS number can express) means "never"; an
 *   infinite sleep waits there.
 * - **Sleepers.** `sleep` queues the sleeper at `now + duration` in a deadline queue (earliest first, equal deadlines
 *   first in, first out); an interrupted sleeper leaves the queue at once. The policy hears when the earliest sleeper
 *   changes, and wakes sleepers with {@link Core.wake}.
 * - **Idleness.** The clock's fibers run on a tracking scheduler (`trackingScheduler.ts`), which tells the policy when
 *   the runtime has nothing queued.
 * - **One host callback.** A clock arms at most one host timer or next-turn callback at a time ({@link Core.armAt}).
 *   It never fires early (a host that fires early is re-armed for the rest) and waits longer than the host's timer
 *   limit in steps.
 * - **Order of ties.** Which of several ready fibers runs next, and in which order the sleepers due at one instant
 *   wake, is an {@link Order}: first in, first out unless a clock is given another (the seam for schedule exploration).
 *
 * This module is the only one that touches the host's real timers and time sources ({@link nodeHost}).
 *
 * @internal
 */
import type * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import type * as Scheduler from "effect/Scheduler"
import * as validate from "../validate.js"
import * as DeadlineQueue from "./deadlineQueue.js"
import * as TrackingScheduler from "./trackingScheduler.js"

/**
 * A point in time: whole nanoseconds since the clock's origin (or, for the host, since an arbitrary origin).
 *
 * @internal
 */
export type Instant = bigint

/**
 * The instant that never comes: deadlines at or past it are endless and arm nothing.
 *
 * @internal
 */
export const Never: Instant = 2n ** 1100n

/**
 * The length of a `Duration` as an {@link Instant} offset: exact, with {@link Never} for an infinite one and 0 for a
 * negative one (a sleep of a negative duration returns at once, as Effect's own clock does).
 *
 * @internal
 */
export const fromDuration = (duration: Duration.Duration): Instant => {
  const value = duration.value
  switch (value._tag) {
    case "Infinity":
      return Never
    case "NegativeInfinity":
      return 0n
    case "Nanos":
      return value.nanos < 0n ? 0n : value.nanos < Never ? value.nanos : Never
    case "Millis": {
      if (value.millis < 0) {
        return 0n
      }
      // `Duration` keeps whole milliseconds as millis and anything finer as nanos; the product is exact while safe
      const nanos = value.millis * 1_000_000
      return Number.isSafeInteger(nanos) ? BigInt(nanos) : BigInt(value.millis) * 1_000_000n
    }
  }
}

/**
 * An instant (or offset) as a `Duration`: `Duration.infinity` for {@link Never}.
 *
 * @internal
 */
export const toDuration = (instant: Instant): Duration.Duration =>
  instant >= Never ? Duration.infinity : Duration.nanos(instant)

/**
 * The longest delay a Node timer accepts (about 24.8 days); longer waits are armed in steps.
 *
 * @internal
 */
export const MaxTimerMillis = 2 ** 31 - 1

/**
 * Where real time and timers come from: the seam that lets tests drive either clock by hand.
 *
 * @internal
 */
export interface Host {
  /** A monotonic reading, in nanoseconds. */
  readonly monotonic: () => Instant
  /** The wall-clock time, in nanoseconds since the Unix epoch (read once, when a live clock is made). */
  readonly epoch: () => Instant
  /** Calls `callback` once after `millis` whole milliseconds (1 to {@link MaxTimerMillis}). */
  readonly setTimer: (callback: () => void, millis: number) => unknown
  readonly clearTimer: (handle: unknown) => void
  /** Calls `callback` once, after the current turn of the event loop. */
  readonly setImmediate: (callback: () => void) => unknown
  readonly clearImmediate: (handle: unknown) => void
  /**
   * The kinds of work the host has pending (timers, I/O), one entry per piece of work, as Node's
   * `process.getActiveResourcesInfo()` names them (`Timeout`, `FSReqPromise`, …); absent where the host cannot tell.
   */
  readonly pendingWork?: (() => ReadonlyArray<string>) | undefined
}

/**
 * Node's monotonic clock, wall clock and timers.
 *
 * @internal
 */
export const nodeHost: Host = {
  monotonic: () => process.hrtime.bigint(),
  epoch: () => BigInt(Date.now()) * 1_000_000n,
  setTimer: (callback, millis) => setTimeout(callback, millis),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setImmediate: (callback) => setImmediate(callback),
  clearImmediate: (handle) => clearImmediate(handle as ReturnType<typeof setImmediate>),
  pendingWork: typeof process.getActiveResourcesInfo === "function"
    ? () => process.getActiveResourcesInfo()
    : undefined
}

/**
 * Decodes a duration option of either clock: `fallback` when absent, otherwise `validate.duration` (or, for an option
 * that must be `finite`, `validate.finiteDuration`), which dies with `fn: option must be …, got …` on a bad input.
 *
 * @internal
 */
export const durationOption = (
  fn: string,
  option: string,
  input: unknown,
  fallback: Duration.Duration,
  infinite: "infinite allowed" | "finite"
): Effect.Effect<Duration.Duration> =>
  input === undefined
    ? Effect.succeed(fallback)
    : infinite === "finite"
    ? validate.finiteDuration(fn, option, input)
    : validate.duration(fn, option, input)

/**
 * A queued sleeper.
 *
 * @internal
 */
export interface Sleeper {
  readonly resume: (effect: Effect.Effect<void>) => void
  /** The fiber that went to sleep, for reports. */
  readonly fiber: Fiber.Fiber<unknown, unknown> | undefined
}

/**
 * Queues `count` sleeps for the current fiber, none with a fiber of its own: the i-th lasts `next()` whole
 * milliseconds (the i-th call), from the instant of the call, and `onWake(millis)` runs when it wakes, in the clock's
 * wake order (by deadline; equal deadlines in queue order, or the {@link Order}'s). A length of 0 wakes at once,
 * inside the call. Returns what cancels the sleeps still queued.
 *
 * It is what `waitN` and `taskWaitN` use under the library's clocks: a pending wait is then one queue entry, not a
 * fiber with a stack, so a million of them cost a small part of what a million fibers do, and interrupting them is
 * one pass over the queue, not a million fiber interruptions. It wakes, orders and explores like `sleep`: the wake
 * order of each instant is the same `Order` seam.
 *
 * @internal
 */
export type SleepMany = (count: number, next: () => number, onWake: (millis: number) => void) => Effect.Effect<void>

/**
 * The key under which the library's `Clock` objects offer their {@link SleepMany}.
 *
 * @internal
 */
export const SleepManyKey: unique symbol = Symbol.for("effect-asyncio/Clock/sleepMany")

/**
 * The {@link SleepMany} of `clock`, if it is one of the library's clocks.
 *
 * @internal
 */
export const sleepManyOf = (clock: Clock.Clock): SleepMany | undefined =>
  SleepManyKey in clock ? (clock as { readonly [SleepManyKey]: SleepMany })[SleepManyKey] : undefined

/**
 * How ties are broken. Without one, ready fibers run first in, first out and equal deadlines wake in sleep order;
 * schedule exploration gives a seeded one.
 *
 * @internal
 */
export interface Order {
  /** Which ready fiber runs next, and where fibers yield. */
  readonly picker: TrackingScheduler.Picker
  /** Puts the sleepers due at one instant (in queue order) into the order they wake in, in place. */
  readonly wakeups: (due: Array<Sleeper>) => void
}

/**
 * What a clock decides on top of the core.
 *
 * @internal
 */
export interface Policy {
  /** The current instant: what the clock reads and what sleeps start from. */
  readonly now: () => Instant
  /** Whether a sleep of zero returns at once (virtual) or waits its turn like any other (live). */
  readonly zeroSleepReturns: boolean
  /** The runtime has nothing queued (reported from inside the task that emptied the queue). */
  readonly idle: () => void
  /** The armed host callback fired (never before its target). */
  readonly fire: () => void
  /** The earliest sleeper changed: one was queued ahead of the others, or the earliest one was interrupted. */
  readonly headChanged: () => void
}

/**
 * Settings of {@link make}.
 *
 * @internal
 */
export interface Options {
  readonly host: Host
  /** The scheduler whose dispatcher runs the tracking scheduler's drains (the one in use where the clock is made). */
  readonly underlying: Scheduler.Scheduler
  readonly order?: Order | undefined
  /** What `currentTimeNanos` reads at instant 0: 0 for virtual time, the wall-clock time for live time. */
  readonly origin: Instant
  /** Whether `currentTimeMillis` is whole (as `Date.now`) or carries the fraction (as `TestClock`). */
  readonly wholeMillis: boolean
}

/**
 * The host callback armed right now: a timeout of so many milliseconds, a next-turn callback, or nothing.
 *
 * @internal
 */
export type Armed = { readonly kind: "timeout"; readonly millis: number } | { readonly kind: "immediate" } | undefined

/**
 * The shared core of a clock; see the module documentation.
 *
 * @internal
 */
export interface Core {
  readonly queue: DeadlineQueue.DeadlineQueue<Sleeper>
  readonly scheduler: TrackingScheduler.TrackingScheduler
  readonly clock: Clock.Clock
  /** Wakes every sleeper due by `upTo`, earliest first (ties in the {@link Order}'s order). */
  readonly wake: (upTo: Instant) => void
  /**
   * Arms the host to call the policy's `fire` once its monotonic time reaches `at` (at once, if it has), replacing
   * what was armed unless it was armed for the same instant; arms nothing for {@link Never}.
   */
  readonly armAt: (at: Instant) => void
  /** Arms the host to call the policy's `fire` after the current turn of the event loop. */
  readonly armNextTurn: () => void
  readonly disarm: () => void
  readonly armed: Armed
  /** Sleeps queued since the clock was made; grows by one per sleep, never decreases. */
  readonly queued: number
}

const MaxTimerNanos = BigInt(MaxTimerMillis) * 1_000_000n
const nextTurn = { kind: "immediate" } as const

/**
 * Makes the core of a clock for `policy`.
 *
 * @internal
 */
export const make = (options: Options, policy: Policy): Core => {
  const { host } = options
  const order = options.order
  const queue = DeadlineQueue.make<Sleeper>()
  const scheduler = TrackingScheduler.make(() => policy.idle(), options.underlying, order?.picker)

  let armed: Armed = undefined
  let handle: unknown = undefined
  let queued = 0
  // the host instant the armed callback waits for; undefined for the next turn
  let target: Instant | undefined = undefined

  const disarm = (): void => {
    if (armed !== undefined) {
      if (armed.kind === "timeout") {
        host.clearTimer(handle)
      } else {
        host.clearImmediate(handle)
      }
      armed = undefined
      handle = undefined
    }
  }

  const arm = (at: Instant | undefined): void => {
    if (armed !== undefined && at === target) {
      return
    }
    disarm()
    if (at !== undefined && at >= Never) {
      return
    }
    target = at
    const remaining = at === undefined ? 0n : at - host.monotonic()
    if (remaining <= 0n) {
      armed = nextTurn
      handle = host.setImmediate(onHost)
    } else {
      const millis = remaining >= MaxTimerNanos ? MaxTimerMillis : Math.ceil(Number(remaining) / 1e6)
      armed = { kind: "timeout", millis }
      handle = host.setTimer(onHost, millis)
    }
  }

  const onHost = (): void => {
    if (armed?.kind === "timeout") {
      // Node counts a timer as the host's pending work until its callback returns; this one has fired
      host.clearTimer(handle)
    }
    armed = undefined
    handle = undefined
    if (target !== undefined && host.monotonic() < target) {
      // fired early, or one step of a wait longer than the host's limit
      return arm(target)
    }
    policy.fire()
  }

  const wake = (upTo: Instant): void => {
    const due: Array<Sleeper> = []
    for (let head = queue.head; head !== undefined && head.deadline <= upTo; head = queue.head) {
      DeadlineQueue.pop(queue)
      due.push(head.value)
    }
    if (order !== undefined && due.length > 1) {
      order.wakeups(due)
    }
    // each resumed fiber runs at once, inside `resume`, until it suspends or yields
    for (const sleeper of due) {
      sleeper.resume(Effect.void)
    }
  }

  // What an interrupted sleeper runs: a function of its own, so that its closure holds the entry and nothing of the
  // sleep's scope (a closure keeps its whole scope chain alive, and a million sleepers pay for every word of it).
  const cancel = (entry: DeadlineQueue.Entry<Sleeper>): Effect.Effect<void> =>
    Effect.sync(() => {
      const wasHead = queue.head === entry
      if (DeadlineQueue.remove(queue, entry) && wasHead) {
        policy.headChanged()
      }
    })

  const enqueue = (length: Instant, resume: (effect: Effect.Effect<void>) => void): Effect.Effect<void> => {
    // the deadline is taken when the sleep starts, from the policy's current instant
    const end = policy.now() + length
    queued++
    const entry = DeadlineQueue.push(queue, end < Never ? end : Never, { resume, fiber: Fiber.getCurrent() })
    if (queue.head === entry) {
      policy.headChanged()
    }
    return cancel(entry)
  }

  const sleep = (duration: Duration.Duration): Effect.Effect<void> => {
    if (policy.zeroSleepReturns && Duration.isZero(duration)) {
      return Effect.void
    }
    const length = fromDuration(duration)
    return Effect.callback<void>((resume) => enqueue(length, resume))
  }

  // Sleeps of one length below `count` share one `Sleeper` (so the shared ones are at most `count`, and `waitN(n, 1)`
  // makes at most 1,001 of them); a longer one has its own.
  const sleepMany: SleepMany = (count, next, onWake) => {
    const start = policy.now()
    const fiber = Fiber.getCurrent()
    const head = queue.head
    const entries: Array<DeadlineQueue.Entry<Sleeper>> = []
    const shared: Array<Sleeper | undefined> = []
    const sleeperOf = (millis: number): Sleeper => ({ resume: () => onWake(millis), fiber })
    for (let i = 0; i < count; i++) {
      const millis = next()
      if (millis === 0) {
        onWake(0)
        continue
      }
      const end = start + BigInt(millis) * 1_000_000n
      const sleeper = millis < count ? (shared[millis] ??= sleeperOf(millis)) : sleeperOf(millis)
      entries.push(DeadlineQueue.push(queue, end < Never ? end : Never, sleeper))
    }
    queued += entries.length
    if (queue.head !== head) {
      policy.headChanged()
    }
    return Effect.sync(() => {
      const head = queue.head
      DeadlineQueue.removeAll(queue, entries)
      if (queue.head !== head) {
        policy.headChanged()
      }
    })
  }

  const currentTimeNanos = (): bigint => options.origin + policy.now()
  const currentTimeMillis = options.wholeMillis
    ? (): number => Number(currentTimeNanos() / 1_000_000n)
    : (): number => Number(currentTimeNanos()) / 1e6

  const monotonicTimeNanos = (): bigint => policy.now()

  const clock: Clock.Clock & { readonly [SleepManyKey]: SleepMany } = {
    currentTimeMillisUnsafe: currentTimeMillis,
    currentTimeMillis: Effect.sync(currentTimeMillis),
    currentTimeNanosUnsafe: currentTimeNanos,
    currentTimeNanos: Effect.sync(currentTimeNanos),
    monotonicTimeNanosUnsafe: monotonicTimeNanos,
    monotonicTimeNanos: Effect.sync(monotonicTimeNanos),
    sleep,
    [SleepManyKey]: sleepMany
  }

  return {
    queue,
    scheduler,
    clock,
    wake,
    armAt: arm,
    armNextTurn: () => arm(undefined),
    disarm,
    get armed() {
      return armed
    },
    get queued() {
      return queued
    }
  }
}
