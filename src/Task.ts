/**
 * The function project's tasks: `task_wait_random` and `task_wait_n`, where a task is a forked `Fiber`.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as completion from "./internal/completion.js"
import * as delay from "./internal/delay.js"
import * as timeline from "./internal/timeline/record.js"
import * as looking from "./internal/tracer.js"
import * as validate from "./internal/validate.js"
import * as waits from "./internal/waits.js"

/**
 * Forks `waitRandom` and succeeds at once with its fiber, before any time passes.
 *
 * The fiber is the task: join it (`Fiber.join`) to get the delay, or interrupt it to cancel the wait. Like a task in
 * Python, it is a child of the fiber that forked it. A bad `maxDelay` is a defect of this effect, not of the fiber.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Effect, Fiber } from "effect"
 * import { taskWaitRandom } from "effect-asyncio"
 *
 * const program = Effect.gen(function*() {
 *   const task = yield* taskWaitRandom(0.01) // the wait has started; nothing has waited yet
 *   return yield* Fiber.join(task)
 * })
 *
 * Effect.runPromise(program).then(console.log) // at most 0.01
 * ```
 */
export const taskWaitRandom = (maxDelay: number): Effect.Effect<Fiber.Fiber<number>> =>
  Effect.suspend(() =>
    validate.seconds("Task.taskWaitRandom", "maxDelay", maxDelay) ?? Effect.forkChild(delay.waitRandom(maxDelay))
  )

/**
 * `waitN` built on tasks: forks `n` {@link taskWaitRandom} fibers and collects their delays in the order
 * they finished.
 *
 * Same guarantees as `waitN`: ascending by completion with no sort, as long as the longest delay, `[]` for `n = 0`,
 * defects for bad arguments. Interrupting it, or a failure while joining, interrupts every task still running. The
 * tasks are labelled `task-0`, `task-1`, … (in fork order): spans for `Timeline` and for tracers. Under `LiveClock`
 * and `VirtualTime`, where nothing traces them, it forks no tasks: the waits are queued on the clock as `waitN`'s are.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Effect, Fiber, Random } from "effect"
 * import { TestClock } from "effect/testing"
 * import { taskWaitN } from "effect-asyncio"
 *
 * const program = Effect.gen(function*() {
 *   const fiber = yield* Effect.forkChild(taskWaitN(5, 6))
 *   yield* TestClock.adjust("6 seconds")
 *   return yield* Fiber.join(fiber)
 * }).pipe(Random.withSeed(7), Effect.provide(TestClock.layer()))
 *
 * Effect.runPromise(program).then(console.log) // [ 0.122, 0.623, 3.457, 3.548, 5.562 ]
 * ```
 */
export const taskWaitN = (n: number, maxDelay: number): Effect.Effect<Array<number>> =>
  Effect.suspend(() =>
    validate.count("Task.taskWaitN", "n", n) ??
      validate.seconds("Task.taskWaitN", "maxDelay", maxDelay) ??
      waits.all(n, maxDelay, tasks(n, maxDelay))
  )

// the n tasks as forked fibers, where `waits.all` does not queue the waits on the clock itself
const tasks = (n: number, maxDelay: number): Effect.Effect<Array<number>> =>
  Effect.suspend(() => {
    const tasks: Array<Fiber.Fiber<number>> = []
    const wait = delay.waitRandomShared(maxDelay, n)
    return Effect.gen(function*() {
      // labels are spans only when traced (the tasks run with this fiber's context): otherwise none is made
      const traced = yield* Effect.withFiber((fiber) => Effect.succeed(looking.isTraced(fiber)))
      for (let i = 0; i < n; i++) {
        tasks.push(yield* Effect.forkChild(traced ? timeline.label(wait, `task-${i}`) : wait))
      }
      // each join made when its worker starts it, not n of them up front
      return yield* completion.collect({ n: tasks.length, effectAt: (i) => Fiber.join(tasks[i]!) }, "unbounded")
    }).pipe(Effect.onExit((exit) => Exit.isSuccess(exit) ? Effect.void : Fiber.interruptAll(tasks)))
  })
