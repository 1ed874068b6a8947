/**
 * What a virtual-time run reports when it can no longer progress (a deadlock, or its limit), and the one-line
 * messages of those reports.
 *
 * @internal
 */
import * as Duration from "effect/Duration"

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
  /** The name of the span the fiber is in, if any. */
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
}

const format = (duration: Duration.Duration): string => Duration.isZero(duration) ? "0ms" : Duration.format(duration)

// the first ten of a list, then an ellipsis for the rest
const firstTen = <A>(items: ReadonlyArray<A>, show: (item: A) => string): string =>
  items.slice(0, 10).map(show).join(", ") + (items.length > 10 ? ", …" : "")

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
    (fiber.span === undefined ? "" : ` in span ${fiber.span}`))

/**
 * The one-line message of a deadlock: the virtual time, then the first ten of the sleepers, open labels and waiting
 * fibers.
 *
 * @internal
 */
export const deadlockMessage = (stuck: Pick<Stuck, "at" | "sleeping" | "open" | "waiting">): string =>
  `VirtualTime: deadlock at ${format(stuck.at)} of virtual time: every fiber is waiting and ` +
  `${sleeps(stuck.sleeping)}${open(stuck.open)}${waitingFibers(stuck.waiting)}`

/**
 * The one-line message of a run stopped at its limit: the limit, then the first ten of the sleepers and open labels.
 *
 * @internal
 */
export const limitMessage = (stuck: Pick<Stuck, "limit" | "sleeping" | "open">): string =>
  `VirtualTime: limit of ${format(stuck.limit)} reached; ${sleeps(stuck.sleeping)}${open(stuck.open)}`
