/**
 * A handoff that assumes the woken fiber runs at once: the producer puts a message in a shared slot, signals the
 * consumer through a `Deferred`, and clears the slot for the next round. Effect 4 runs a fiber woken by a `Deferred`
 * inside the call that wakes it, so first in, first out passes: the consumer has read the slot before the producer
 * clears it. A schedule that lets the producer go on first empties the slot under the consumer. The fix hands the
 * message over in the `Deferred` itself.
 */
import { Deferred, Effect, Ref } from "effect"

export const buggy = Effect.gen(function*() {
  const slot = yield* Ref.make<string | undefined>(undefined)
  const ready = yield* Deferred.make<void>()
  const producer = Effect.gen(function*() {
    yield* Ref.set(slot, "hello")
    yield* Deferred.succeed(ready, undefined)
    yield* Ref.set(slot, undefined)
  })
  const consumer = Effect.gen(function*() {
    yield* Deferred.await(ready)
    const message = yield* Ref.get(slot)
    if (message === undefined) {
      return yield* Effect.fail("handoff: the consumer found the slot empty")
    }
    return message
  })
  return yield* Effect.all([consumer, producer], { concurrency: "unbounded" })
})

export const fixed = Effect.gen(function*() {
  const ready = yield* Deferred.make<string>()
  const producer = Deferred.succeed(ready, "hello")
  const consumer = Deferred.await(ready)
  return yield* Effect.all([consumer, producer], { concurrency: "unbounded" })
})
