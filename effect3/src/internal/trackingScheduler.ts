/**
 * A `Scheduler` wrapper that knows whether the Effect runtime has work queued.
 *
 * Every fiber that runs under the wrapper (install it with `Effect.withScheduler`; forked children inherit it)
 * hands its next step to `scheduleTask`. The wrapper counts the tasks it has been given that have not finished yet
 * and passes them on, unchanged and in the same order, to the wrapped scheduler. When a task finishes and the count
 * is 0, no fiber under the wrapper can run until something outside the runtime wakes one: a timer, a promise, I/O,
 * or a fiber on another scheduler. That moment is reported to the `onIdle` listener, synchronously, inside the task
 * that emptied the queue (so the listener must not run fiber work itself; it usually arms a timer or a check).
 *
 * What the count cannot see: a fiber that is running right now without having been scheduled (the fiber that
 * installed the wrapper, until it first suspends), and work outside Effect (a pending promise, real I/O). A caller
 * that needs "idle" to mean "idle for a while" compares `scheduled` before and after a real-time wait.
 *
 * It also counts the fibers that start under it (`started`): a forked fiber's first step is a task scheduled for it,
 * and Effect numbers fibers in the order they are made, so a task for a fiber numbered above every fiber seen so far
 * is a fiber starting. The live clock reads it to tell a launch (fibers starting) from a runtime that only spins.
 *
 * Part of the clock core (`clockCore.ts`): each clock has one, and its policy acts on the idle report (the virtual clock
 * jumps time, the live clock releases due sleepers).
 *
 * @internal
 */
import * as Scheduler from "effect/Scheduler"

/**
 * A scheduler that counts its queued tasks; see the module documentation.
 *
 * @internal
 */
export interface TrackingScheduler extends Scheduler.Scheduler {
  /** Tasks scheduled and not yet finished. 0 means every fiber under this scheduler is suspended. */
  readonly pending: number
  /** Tasks scheduled since the wrapper was made; grows by one per task, never decreases. */
  readonly scheduled: number
  /** Fibers started since the wrapper was made: those whose first task it was given. */
  readonly started: number
}

/**
 * Wraps `underlying` (the default scheduler unless given) so that it counts queued tasks and started fibers, and calls
 * `onIdle` each time a finished task leaves the queue empty.
 *
 * @internal
 */
export const make = (
  onIdle: () => void,
  underlying: Scheduler.Scheduler = Scheduler.defaultScheduler
): TrackingScheduler => {
  let pending = 0
  let scheduled = 0
  let started = 0
  // the highest fiber number seen: fibers are numbered in the order they are made, and a new one is scheduled at once
  let newest = -1
  return {
    get pending() {
      return pending
    },
    get scheduled() {
      return scheduled
    },
    get started() {
      return started
    },
    shouldYield: (fiber) => underlying.shouldYield(fiber),
    scheduleTask: (task, priority, fiber) => {
      pending++
      scheduled++
      if (fiber !== undefined) {
        const id = fiber.id().id
        if (id > newest) {
          newest = id
          started++
        }
      }
      underlying.scheduleTask(
        () => {
          try {
            task()
          } finally {
            pending--
            if (pending === 0) {
              onIdle()
            }
          }
        },
        priority,
        fiber
      )
    }
  }
}
