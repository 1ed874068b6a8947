/**
 * Two semaphores taken in opposite orders: a transfer locks `from` then `to`, and a second transfer the other way
 * locks them the other way round. Each yields while holding its first lock (an await between the two). The second
 * transfer starts later (it checks its input first), so first in, first out passes; an unlucky order deadlocks, and
 * VirtualTime reports a DeadlockError. The fix takes the locks in one global order.
 */
import { Effect } from "effect"

const transfer = (first: Effect.Semaphore, second: Effect.Semaphore) =>
  first.withPermits(1)(Effect.zipRight(Effect.yieldNow(), second.withPermits(1)(Effect.yieldNow())))

const program = (ordered: boolean) =>
  Effect.gen(function*() {
    const a = yield* Effect.makeSemaphore(1)
    const b = yield* Effect.makeSemaphore(1)
    const check = Effect.zipRight(Effect.yieldNow(), Effect.yieldNow())
    yield* Effect.all([
      transfer(a, b).pipe(Effect.withSpan("a-to-b")),
      Effect.zipRight(check, ordered ? transfer(a, b) : transfer(b, a)).pipe(Effect.withSpan("b-to-a"))
    ], { concurrency: "unbounded", discard: true })
    return "done"
  })

export const buggy = program(false)
export const fixed = program(true)
