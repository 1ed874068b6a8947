/**
 * A `Scheduler` that knows whether the Effect runtime has work queued, and decides which ready fiber runs next.
 *
 * Every fiber that runs under it (install it with `Effect.provideService(Scheduler.Scheduler, …)`; forked children
 * inherit it) hands its queued work to one shared dispatcher: a fork's first step, a `yieldNow`, an automatic yield
 * when the fiber has used up its operations, and the notifications of Effect's semaphores, latches and queues. The
 * dispatcher keeps these tasks in a ready list and runs them in drains, each drain itself one task of the scheduler it
 * wraps (Effect's own by default, which runs it on the host's next turn). When a drain ends with nothing left to run,
 * no fiber under the scheduler can run until something outside the runtime wakes one: a timer, a promise, I/O, or a
 * fiber elsewhere. That moment is reported to the `onIdle` listener, synchronously, at the end of the drain (so the
 * listener must not run fiber work itself; it usually arms a timer or a check).
 *
 * Which ready task runs next is the {@link Picker}'s choice: the first queued by default (first in, first out), or a
 * seeded choice for schedule exploration. Effect 4 does not say which fiber queued a task; a picker that wants to
 * know gets the fiber that was running when the task was queued (the yielding fiber for a yield, the parent for a
 * fork). Task priorities are not used: Effect schedules every task at priority 0.
 *
 * What the count cannot see: a fiber running right now without having been queued (the fiber that installed the
 * scheduler, until it first suspends; a fiber resumed inline by a timer, a promise or a `Deferred`), and work outside
 * Effect (a pending promise, real I/O). A caller that needs "idle" to mean "idle for a while" compares `scheduled`
 * before and after a real-time wait.
 *
 * Part of the clock core (`core.ts`): each clock has one, and its policy acts on the idle report (the virtual clock
 * jumps time, the live clock releases due sleepers).
 *
 * @internal
 */
import * as Fiber from "effect/Fiber"
import type * as Scheduler from "effect/Scheduler"

/**
 * A queued task and the fiber that was running when it was queued (when the picker asked for it).
 *
 * @internal
 */
export interface Ready {
  readonly task: () => void
  readonly fiber: Fiber.Fiber<unknown, unknown> | undefined
}

/**
 * Which ready task runs next, and where fibers yield on top of the runtime's own budget.
 *
 * @internal
 */
export interface Picker {
  /** The index in `ready` (never empty) of the task to run next; the task runs right after. */
  readonly pick: (ready: ReadonlyArray<Ready>) => number
  /** The task last picked has returned: what runs from now until the next pick runs outside any task. */
  readonly ran?: (() => void) | undefined
  /** Whether `fiber` must yield now, although the runtime's own budget would let it go on. */
  readonly shouldYield: (fiber: Fiber.Fiber<unknown, unknown>) => boolean
  /** Whether {@link Ready.fiber} is needed (reading the current fiber costs a little per task). */
  readonly needsFiber: boolean
}

/**
 * A scheduler that counts its queued tasks; see the module documentation.
 *
 * @internal
 */
export interface TrackingScheduler extends Scheduler.Scheduler {
  /** Tasks queued and not yet run, plus the one running. 0 means every fiber under this scheduler is suspended. */
  readonly pending: number
  /** Tasks queued since the scheduler was made; grows by one per task, never decreases. */
  readonly scheduled: number
}

// Whether `fiber` is about to run the first operation of its interruption. Effect interrupts a fiber that is not
// running by evaluating the interruption in the interrupter's step; a fiber forked but not started yet still has its
// start task queued, and that task starts the fiber's effect afresh if the fiber has not ended by then. So a picker
// must not make it yield there: the queued start could run before the interruption's continuation and drop it (the
// child of `forkChild(Effect.never)` then never ends). Effect records the interruption in a field of its own.
const interruptedAtStart = (fiber: Fiber.Fiber<unknown, unknown>): boolean =>
  fiber.currentOpCount === 1 &&
  (fiber as Fiber.Fiber<unknown, unknown> & { readonly _interruptedCause?: unknown })._interruptedCause !== undefined

// Tasks one drain runs before it hands the thread back to the scheduler it wraps (Effect's own runs 2048 operations
// per fiber before making it yield).
const DrainBudget = 2048

/**
 * Makes a tracking scheduler over `underlying` (whose dispatcher runs the drains) that calls `onIdle` each time a
 * drain leaves nothing queued. Without a `picker`, tasks run first in, first out.
 *
 * @internal
 */
export const make = (
  onIdle: () => void,
  underlying: Scheduler.Scheduler,
  picker?: Picker | undefined
): TrackingScheduler => {
  // first in, first out: a queue of bare tasks with a moving head, compacted when the head passes half of it
  let tasks: Array<(() => void) | undefined> = []
  let head = 0
  // with a picker: the ready list it picks from, each task with the fiber that queued it
  const ready: Array<Ready> = []
  let running = false
  let armed = false
  let scheduled = 0
  let host: Scheduler.SchedulerDispatcher | undefined = undefined
  const needsFiber = picker?.needsFiber === true

  const queued = picker === undefined ? (): number => tasks.length - head : (): number => ready.length

  const next = picker === undefined
    ? (): () => void => {
      const task = tasks[head]!
      tasks[head++] = undefined
      if (head === tasks.length) {
        tasks = []
        head = 0
      } else if (head > 1024 && head * 2 > tasks.length) {
        tasks = tasks.slice(head)
        head = 0
      }
      return task
    }
    : (): () => void => ready.splice(picker.pick(ready), 1)[0]!.task

  const arm = (): void => {
    armed = true
    host ??= underlying.makeDispatcher()
    host.scheduleTask(drain, 0)
  }

  const run = (budget: number): void => {
    running = true
    try {
      for (let left = budget; left > 0 && queued() > 0; left--) {
        next()()
        picker?.ran?.()
      }
    } finally {
      running = false
    }
  }

  const drain = (): void => {
    armed = false
    try {
      run(DrainBudget)
    } finally {
      if (queued() > 0) {
        arm()
      } else {
        onIdle()
      }
    }
  }

  const dispatcher: Scheduler.SchedulerDispatcher = {
    scheduleTask: (task) => {
      scheduled++
      if (picker === undefined) {
        tasks.push(task)
      } else {
        ready.push({ task, fiber: needsFiber ? Fiber.getCurrent() : undefined })
      }
      if (!armed && !running) {
        arm()
      }
    },
    flush: () => {
      while (queued() > 0) {
        run(Infinity)
      }
    }
  }

  return {
    executionMode: "async",
    shouldYield: (fiber) =>
      underlying.shouldYield(fiber) ||
      (picker !== undefined && !interruptedAtStart(fiber) && picker.shouldYield(fiber)),
    makeDispatcher: () => dispatcher,
    get pending() {
      return queued() + (running ? 1 : 0)
    },
    get scheduled() {
      return scheduled
    }
  }
}
