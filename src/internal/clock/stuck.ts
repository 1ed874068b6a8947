/**
 * What a virtual-time run reports when it can no longer progress (a deadlock, or its limit), and the one-line
 * messages of those reports.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import { escapeName } from "../timeline/notation.js"

/**
 * A sleep still queued when a run gave up.
 *
 * @internal
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
 * A fiber of the run that was waiting when it deadlocked.
 *
 * @internal
 */
export interface WaitingFiber {
  /** The waiting fiber, as Effect prints fiber ids (`#12`). */
  readonly fiber: string
  /**
   * Where the fiber is on the timeline, when a recorder is installed: the label of the innermost labelled effect
   * or span it runs in, as the timeline writes it (`transfer/lock-a`).
   */
  readonly label: string | undefined
  /** The name of the span the fiber is in, if any, as it was given (the message writes it as the timeline does). */
  readonly span: string | undefined
}

/**
 * Why a run is stuck and what was pending at that moment.
 *
 * @internal
 */
export interface Stuck {
  readonly reason: "deadlock" | "limit"
  /** Virtual time since the run began. */
  readonly at: Duration.Duration
  /** The limit that was set ({@link Core.toDuration} of the option). */
  readonly limit: Duration.Duration
  /** Sleepers still queued, earliest first. */
  readonly sleeping: ReadonlyArray<PendingSleep>
  /** Labels of timeline spans started and not ended (when a recorder is installed). */
  readonly open: ReadonlyArray<string>
  /** The run's fibers that have not ended, its own first (fibers it started as daemons included). */
  readonly waiting: ReadonlyArray<WaitingFiber>
  /** The run's `idle` option: real time the runtime must stay idle before virtual time jumps. */
  readonly idle?: Duration.Duration | undefined
  /**
   * Work outside Effect that the host had pending when the run gave up and not when it began ({@link startedWork}):
   * timers and I/O, as the host names them (Node: `Timeout`, `FSReqPromise`, `TCPSocketWrap`, …); empty when there is
   * none; absent where the host cannot tell.
   */
  readonly outside?: ReadonlyArray<string> | undefined
}

/**
 * The host's pending work that `after` has and `before` had not: one entry per piece of work (`before` holding one
 * `Timeout` and `after` three gives two), in the order of `after`. What the host had pending before the run (a test
 * runner's own timeout, its pipes) is left out; what the run started and is still pending stays in.
 *
 * @internal
 */
export const startedWork = (before: ReadonlyArray<string>, after: ReadonlyArray<string>): Array<string> => {
  const earlier = new Map<string, number>()
  for (const kind of before) {
    earlier.set(kind, (earlier.get(kind) ?? 0) + 1)
  }
  return after.filter((kind) => {
    const count = earlier.get(kind) ?? 0
    earlier.set(kind, count - 1)
    return count <= 0
  })
}

const format = (duration: Duration.Duration): string => Duration.isZero(duration) ? "0ms" : Duration.format(duration)

// the first ten of a list, then an ellipsis for the rest
const firstTen = <A>(items: ReadonlyArray<A>, show: (item: A) => string): string =>
  items.slice(0, 10).map((item) => show(item)).join(", ") + (items.length > 10 ? ", …" : "")

const sleeps = (sleeping: ReadonlyArray<PendingSleep>): string =>
  sleeping.length === 0 ?
    "no sleep is pending" :
    `${sleeping.length} sleeping: ` + firstTen(sleeping, (sleep) =>
      `${sleep.fiber}${sleep.label === undefined ? "" : ` (${sleep.label})`} until ${format(sleep.wakeAt)}`)

const open = (labels: ReadonlyArray<string>): string =>
  labels.length === 0 ? "" : `; open timeline labels: ${firstTen(labels, (label) => label)}`

const waitingFibers = (waiting: ReadonlyArray<WaitingFiber>): string =>
  waiting.length === 0 ? "" : `; waiting: ` + firstTen(waiting, (fiber) =>
    fiber.fiber +
    (fiber.label === undefined ? "" : ` (${fiber.label})`) +
    (fiber.span === undefined ? "" : ` in span ${escapeName(fiber.span)}`))

// the host's pending work, each kind once with its count: "Timeout", "Timeout ×2, FSReqPromise"
const kinds = (work: ReadonlyArray<string>): string => {
  const counts = new Map<string, number>()
  for (const kind of work) {
    counts.set(kind, (counts.get(kind) ?? 0) + 1)
  }
  return firstTen([...counts], ([kind, count]) => count === 1 ? kind : `${kind} ×${count}`)
}

// how to give a fiber that waits outside Effect the real time it needs
const idleAdvice = (idle: Duration.Duration | undefined): string =>
  idle === undefined || Duration.isZero(idle) ?
    `let real time pass with the idle option, e.g. { idle: "50 millis" } (longer than that work takes)` :
    `raise the idle option (now ${format(idle)}) above the real time that work takes`

// what a deadlock's waiting fibers wait on, as far as the host can tell, and what to do about it
const diagnosis = (outside: ReadonlyArray<string> | undefined, idle: Duration.Duration | undefined): string => {
  if (outside === undefined) {
    return `; the host cannot tell what the fibers wait on: something outside Effect (a promise, I/O, a real timer) ` +
      `needs real time, so ${idleAdvice(idle)}; something only the program can complete (a Deferred, Queue, ` +
      `Latch…) needs the code that completes it`
  }
  if (outside.length === 0) {
    return `; nothing the run started outside Effect is pending (no timer, no I/O): the fibers wait on something ` +
      `only the program can complete (a Deferred, Queue, Latch…), or on a promise nothing will settle`
  }
  return `; the run started work outside Effect that is still pending (${kinds(outside)}): if a fiber awaits it ` +
    `(a promise, I/O, a real timer), ${idleAdvice(idle)}`
}

/**
 * The one-line message of a deadlock: the virtual time, the first ten of the sleepers, open labels and waiting
 * fibers, then what they wait on as far as the host can tell ({@link Stuck.outside}) and what to do about it. Without
 * `outside` it says both possibilities.
 *
 * @internal
 */
export const deadlockMessage = (
  stuck: Pick<Stuck, "at" | "sleeping" | "open" | "waiting" | "idle" | "outside">
): string =>
  `VirtualTime: deadlock at ${format(stuck.at)} of virtual time: every fiber is waiting and ` +
  `${sleeps(stuck.sleeping)}${open(stuck.open)}${waitingFibers(stuck.waiting)}${diagnosis(stuck.outside, stuck.idle)}`

/**
 * The one-line message of a run stopped at its limit: the limit, then the first ten of the sleepers and open labels.
 *
 * @internal
 */
export const limitMessage = (stuck: Pick<Stuck, "limit" | "sleeping" | "open">): string =>
  `VirtualTime: limit of ${format(stuck.limit)} reached; ${sleeps(stuck.sleeping)}${open(stuck.open)}`
