/**
 * An ordering assumption that needs one fiber to run far ahead: a service starts in two steps (it awaits once, then
 * marks itself ready), and a client polls for it up to twelve times, yielding between polls, then gives up. Only a
 * schedule that runs the client twelve times before the service's second step fails, which a random walk rarely
 * draws (about one schedule in 2^12) and PCT draws often (whenever the client has the higher priority). The fix waits
 * on a `Deferred` instead of polling.
 */
import { Deferred, Effect, Ref } from "effect"

const Polls = 12

export const buggy = Effect.gen(function*() {
  const ready = yield* Ref.make(false)
  const service = Effect.zipRight(Effect.yieldNow(), Ref.set(ready, true))
  const client = Effect.gen(function*() {
    for (let poll = 0; poll < Polls; poll++) {
      yield* Effect.yieldNow()
      if (yield* Ref.get(ready)) {
        return "connected"
      }
    }
    return yield* Effect.fail(`service not started after ${Polls} polls`)
  })
  yield* Effect.all([service, client], { concurrency: "unbounded", discard: true })
})

export const fixed = Effect.gen(function*() {
  const ready = yield* Deferred.make<void>()
  const service = Effect.zipRight(Effect.yieldNow(), Deferred.succeed(ready, undefined))
  const client = Effect.as(Deferred.await(ready), "connected")
  yield* Effect.all([service, client], { concurrency: "unbounded", discard: true })
})
