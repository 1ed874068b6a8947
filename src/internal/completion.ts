/**
 * The one engine of `Completion.all` and `Completion.stream`: a fixed set of worker fibers sharing one cursor over
 * the effects, a counter of running workers and one `Deferred` for the outcome. Each result goes to `deliver` the
 * moment its effect succeeds; `all` pushes it to an array, `stream` offers it to a `Queue`.
 *
 * Why not `Effect.forEach(..., { concurrency })` or `Stream.mapEffect(..., { unordered: true })`: both add machinery
 * per element (`forEach` a result slot and an index per element and a fiber per running one; `mapEffect` an inner
 * stream merged through a queue; `bench/completion.ts` compares them). Here a pending element costs one fiber and
 * two array slots, and a finished worker reports by completing the shared `Deferred`, not through a fiber that
 * awaits it.
 *
 * Guarantees: results are delivered the moment each effect succeeds (completion order); at most `limit` effects run
 * at once (a worker takes the next effect only when its previous one has succeeded and `deliver` has returned, so a
 * stream's full buffer holds back new starts); the first failure (or a child's own interruption) completes the
 * outcome, stops new starts and interrupts every other worker; interrupting the caller interrupts all the workers
 * at once and waits for them; when the call returns, in any way, no worker is left running.
 *
 * @internal
 */
import type * as Cause from "effect/Cause"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Queue from "effect/Queue"
import type * as Types from "effect/Types"
import * as validate from "./validate.js"

/**
 * Resolves a `concurrency` option: a positive integer or `"unbounded"` (also when it is left out); anything else
 * (`null`, and the `"inherit"` of Effect 3, which has nothing to inherit from on Effect 4) is a defect naming `fn`.
 *
 * @internal
 */
export const limit = (fn: string, concurrency: Types.Concurrency | undefined): Effect.Effect<number | "unbounded"> =>
  concurrency === undefined
    ? Effect.succeed("unbounded")
    : concurrency === "unbounded" || (Number.isSafeInteger(concurrency) && concurrency > 0)
    ? Effect.succeed(concurrency)
    : validate.illegal(fn, "concurrency", concurrency, "a positive integer or \"unbounded\"")

/**
 * Hands one result on, then continues with `next` (the worker's next effect, or its end). It may run
 * uninterruptibly: a delivery that may wait (a full buffer) must make that wait interruptible itself.
 *
 * @internal
 */
export type Deliver<A, R> = <E>(value: A, next: Effect.Effect<void, E, R>) => Effect.Effect<void, E, R>

/**
 * The effects of a run: `n` of them, the i-th made (or handed over) by `effectAt(i)`, which the run calls once per
 * index, in order, when a worker takes that effect.
 *
 * @internal
 */
export interface Source<A, E, R> {
  readonly n: number
  readonly effectAt: (index: number) => Effect.Effect<A, E, R>
}

/**
 * The effects of `list` as a {@link Source} that clears each slot as its effect is taken, so that nothing but the
 * effect's fiber keeps a running effect alive. The caller passes a fresh copy of its iterable, made when the run
 * starts.
 *
 * @internal
 */
export const fromList = <A, E, R>(list: Array<Effect.Effect<A, E, R> | undefined>): Source<A, E, R> => ({
  n: list.length,
  effectAt: (index) => {
    const effect = list[index]!
    list[index] = undefined
    return effect
  }
})

/**
 * The results of every effect of `source`, in the order they finish (`Completion.all`, `waitN`, `taskWaitN`).
 *
 * @internal
 */
export const collect = <A, E, R>(
  source: Source<A, E, R>,
  limit: number | "unbounded"
): Effect.Effect<Array<A>, E, R> => {
  const results: Array<A> = []
  const deliver: Deliver<A, R> = (value, next) => {
    results.push(value)
    return next
  }
  return Effect.as(run(source, limit, deliver), results)
}

/**
 * Offers the result of every effect of `source` to `queue` as it finishes, waiting while the queue is full, then
 * ends the queue, or fails it with the first failure (`Completion.stream`).
 *
 * @internal
 */
export const offerAll = <A, E, R>(
  source: Source<A, E, R>,
  limit: number | "unbounded",
  queue: Queue.Queue<A, E | Cause.Done>
): Effect.Effect<boolean, never, R> => {
  const deliver: Deliver<A, R> = (value, next) => Effect.andThen(Effect.interruptible(Queue.offer(queue, value)), next)
  return Queue.into(run(source, limit, deliver), queue)
}

/**
 * Runs every effect of `source`, at most `limit` at once, delivering each result as it comes; succeeds once every
 * result has been delivered.
 *
 * A worker takes the next effect from the source when it starts it, so the effects need not exist before: `waitN`
 * makes each of its n waits when a worker starts it, rather than n effects up front (at a million, a few hundred
 * megabytes that lived through the whole launch). A source over a list ({@link fromList}) clears each slot as its
 * effect is taken. Nothing the workers hold (`deliver`, above all) may be made in a scope that sees the caller's
 * iterable: a closure keeps its whole scope chain alive, so a `deliver` written next to `Array.from(effects)` would
 * hold every effect until the end. Hence {@link collect} and {@link offerAll} are functions of their own.
 *
 * @internal
 */
export const run = <A, E, R>(
  source: Source<A, E, R>,
  limit: number | "unbounded",
  deliver: Deliver<A, R>
): Effect.Effect<void, E, R> =>
  source.n === 0 ? Effect.void : Effect.suspend(() => {
    const done = Deferred.makeUnsafe<void, E>()
    const { effectAt, n } = source
    const workers = limit === "unbounded" ? n : Math.min(limit, n)
    const fibers: Array<Fiber.Fiber<void>> = []
    let next = 0
    let running = workers
    let failed = false
    // Every fiber runs the same shared `worker`: no wrapper is made per effect, and the source hands each effect over
    // when it is taken, so a pending element costs its fiber and a slot or two, and nothing on our side keeps an
    // element's effect alive while it runs. (A `restore(effect)` or `flatMap(effect, ...)` per element would: its frame
    // holds the effect, a sizeable part of what a pending wait of `waitN` costs; see the memory rows of `bench/`.)
    const take = (): Effect.Effect<A, E, R> => effectAt(next++)
    // The first failure completes the outcome; the workers interrupted after it (a million, when the caller is
    // interrupted) only end.
    const onFailure = (cause: Cause.Cause<E>): Effect.Effect<void> => {
      if (!failed) {
        failed = true
        Deferred.doneUnsafe(done, Exit.failCause(cause))
      }
      return Effect.void
    }
    // The last worker to end completes the outcome.
    const finish = (): Effect.Effect<void> => {
      if (--running === 0) {
        Deferred.doneUnsafe(done, Exit.void)
      }
      return Effect.void
    }
    const finished = Effect.suspend(finish)
    // With a smaller limit, a worker delivers each result and takes the next effect, until none is left (or one
    // failed). The check and the take are one synchronous step: a fiber may yield between any two effects.
    const step: Effect.Effect<void, E, R> = Effect.suspend(() =>
      next === n || failed ? Effect.void : Effect.flatMap(take(), deliverAndStep)
    )
    // Nothing is delivered once an effect has failed, even by a worker that finished before it was interrupted.
    const deliverAndStep = (value: A): Effect.Effect<void, E, R> => failed ? Effect.void : deliver(value, step)
    const deliverAndFinish = (value: A): Effect.Effect<void, never, R> =>
      failed ? Effect.void : deliver(value, finished)
    return Effect.uninterruptibleMask((restore) => {
      // With no limit (or one of at least n) there is a worker per effect: it runs exactly one, then delivers its
      // result uninterruptibly (a `deliver` that waits opens its own interruptible region). With a smaller limit the
      // whole loop is interruptible; each turn is a tail call, so a worker's stack does not grow. Workers start
      // uninterruptible, as their caller is here, and `restore` opens exactly the effects' own region.
      const worker: Effect.Effect<void, never, R> = workers === n
        ? Effect.matchCauseEffect(restore(Effect.suspend(take)), {
          onFailure,
          onSuccess: deliverAndFinish
        })
        : Effect.matchCauseEffect(restore(step), { onFailure, onSuccess: finish })
      // one fork effect, run once per worker (each run forks a fiber of its own)
      const fork = Effect.forkChild(worker, { uninterruptible: true })
      return Effect.whileLoop({
        while: () => fibers.length < workers && !failed,
        body: () => fork,
        step: (fiber) => {
          fibers.push(fiber)
        }
      }).pipe(
        Effect.andThen(restore(Deferred.await(done))),
        Effect.onExit((exit) => Exit.isSuccess(exit) ? Effect.void : Fiber.interruptAll(fibers))
      )
    })
  })
