/**
 * The engine of `Completion.all`: a fixed set of worker fibers sharing one cursor over the effects, a counter of
 * running workers and one `Deferred` for the outcome.
 *
 * Why not `Effect.forEach(..., { concurrency })`: it keeps a second fiber, a `Ref` and a queue per element (8.9 KB live
 * per pending element, 6.7 s of overhead at 100,000 measured in `bench/`). Here a pending element costs one fiber and
 * two array slots, and a finished worker reports through a fiber observer, not through an awaiting fiber.
 *
 * Guarantees: results are pushed the moment each effect succeeds (completion order); at most `limit` effects run at
 * once (a worker takes the next effect only when its previous one has succeeded); the first failure (or a child's own
 * interruption) completes the outcome and interrupts every other worker; interrupting the caller interrupts all the
 * workers at once and waits for them; when the call returns, in any way, no worker is left running.
 *
 * @internal
 */
import type * as Cause from "effect/Cause"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import type * as Types from "effect/Types"
import * as validate from "./validate.js"

/** @internal */
export const all = <A, E, R>(
  effects: Iterable<Effect.Effect<A, E, R>>,
  concurrency: Types.Concurrency
): Effect.Effect<Array<A>, E, R> =>
  Effect.suspend(() => {
    if (!isConcurrency(concurrency)) {
      return validate.illegal(
        "Completion.all",
        "concurrency",
        concurrency,
        "a positive integer, \"unbounded\" or \"inherit\""
      )
    }
    const list: Array<Effect.Effect<A, E, R> | undefined> = Array.from(effects)
    if (list.length === 0) {
      return Effect.succeed([])
    }
    return concurrency === "inherit"
      ? Effect.flatMap(FiberRef.get(FiberRef.currentConcurrency), (limit) => run(list, limit))
      : run(list, concurrency)
  })

const isConcurrency = (concurrency: unknown): concurrency is Types.Concurrency =>
  concurrency === "unbounded" || concurrency === "inherit" ||
  (typeof concurrency === "number" && Number.isSafeInteger(concurrency) && concurrency > 0)

const run = <A, E, R>(
  list: Array<Effect.Effect<A, E, R> | undefined>,
  limit: number | "unbounded"
): Effect.Effect<Array<A>, E, R> =>
  Effect.flatMap(Deferred.make<Array<A>, E>(), (done) => {
    const n = list.length
    const workers = limit === "unbounded" ? n : Math.min(limit, n)
    const results: Array<A> = []
    const fibers: Array<Fiber.RuntimeFiber<void>> = []
    let next = 0
    let running = workers
    let failed = false
    // Every fiber runs the same shared `worker`: no wrapper is made per effect, and a slot is cleared when its effect
    // is taken, so a pending element costs its fiber and two array slots, and nothing on our side keeps an element's
    // effect alive while it runs. (A `restore(effect)` or `flatMap(effect, ...)` per element would: its frame holds
    // the effect, 0.5-0.9 KB per pending wait of `waitN`.)
    const take = (): Effect.Effect<A, E, R> => {
      const effect = list[next]!
      list[next++] = undefined
      return effect
    }
    const onFailure = (cause: Cause.Cause<E>): Effect.Effect<void> => {
      failed = true
      Deferred.unsafeDone(done, Exit.failCause(cause))
      return Effect.void
    }
    // With no limit (or a limit of at least n), each worker runs exactly one effect and records its value itself.
    const recordOne = (value: A): Effect.Effect<void> => {
      if (results.push(value) === n) {
        Deferred.unsafeDone(done, Exit.succeed(results))
      }
      return Effect.void
    }
    // With a smaller limit, each worker records a value the moment its effect succeeds and takes the next one.
    const step = (): Effect.Effect<void, E, R> => next === n ? Effect.void : Effect.flatMap(take(), record)
    const record = (value: A): Effect.Effect<void, E, R> => {
      results.push(value)
      return step()
    }
    const finish = (): Effect.Effect<void> => {
      if (--running === 0) {
        Deferred.unsafeDone(done, Exit.succeed(results))
      }
      return Effect.void
    }
    return Effect.uninterruptibleMask((restore) => {
      const worker: Effect.Effect<void, never, R> = workers === n
        ? Effect.matchCauseEffect(restore(Effect.suspend(take)), { onFailure, onSuccess: recordOne })
        : Effect.matchCauseEffect(restore(Effect.suspend(step)), { onFailure, onSuccess: finish })
      return Effect.whileLoop({
        while: () => fibers.length < workers && !failed,
        body: () => Effect.fork(worker),
        step: (fiber) => {
          fibers.push(fiber)
        }
      }).pipe(
        Effect.zipRight(restore(Deferred.await(done))),
        Effect.onExit((exit) => Exit.isSuccess(exit) ? Effect.void : Fiber.interruptAll(fibers))
      )
    })
  })
