/**
 * Check-then-act on a cache: `get` looks the key up and, on a miss, loads it and stores it. Two callers that miss at
 * the same time both load. The second caller starts a little later (it yields once first), so first in, first out passes:
 * the first caller has stored the value before the second looks. The fix caches the loading `Deferred` itself,
 * installed atomically with `Ref.modify`.
 */
import { Deferred, Effect, Option, Ref } from "effect"

// the loader awaits (a lookup elsewhere) before it answers
const load = (loads: Ref.Ref<number>, key: string) =>
  Effect.zipRight(Ref.update(loads, (n) => n + 1), Effect.as(Effect.yieldNow(), key.toUpperCase()))

const getRacy = (cache: Ref.Ref<Map<string, string>>, loads: Ref.Ref<number>, key: string) =>
  Effect.gen(function*() {
    const hit = (yield* Ref.get(cache)).get(key)
    if (hit !== undefined) {
      return hit
    }
    const value = yield* load(loads, key)
    yield* Ref.update(cache, (map) => new Map(map).set(key, value))
    return value
  })

const getSafe = (cache: Ref.Ref<Map<string, Deferred.Deferred<string>>>, loads: Ref.Ref<number>, key: string) =>
  Effect.gen(function*() {
    const fresh = yield* Deferred.make<string>()
    const [entry, owner] = yield* Ref.modify(
      cache,
      (map): readonly [readonly [Deferred.Deferred<string>, boolean], Map<string, Deferred.Deferred<string>>] => {
        const found = Option.fromNullable(map.get(key))
        return Option.isSome(found) ? [[found.value, false], map] : [[fresh, true], new Map(map).set(key, fresh)]
      }
    )
    if (owner) {
      yield* Deferred.complete(entry, load(loads, key))
    }
    return yield* Deferred.await(entry)
  })

const twoCallers = <C>(
  cache: Ref.Ref<C>,
  get: (cache: Ref.Ref<C>, loads: Ref.Ref<number>, key: string) => Effect.Effect<string>
) =>
  Effect.gen(function*() {
    const loads = yield* Ref.make(0)
    yield* Effect.all([get(cache, loads, "user"), Effect.zipRight(Effect.yieldNow(), get(cache, loads, "user"))], {
      concurrency: "unbounded",
      discard: true
    })
    const count = yield* Ref.get(loads)
    if (count !== 1) {
      return yield* Effect.fail(`check-then-act: loaded ${count} times, expected once`)
    }
    return count
  })

export const buggy = Effect.flatMap(Ref.make(new Map<string, string>()), (cache) => twoCallers(cache, getRacy))
export const fixed = Effect.flatMap(
  Ref.make(new Map<string, Deferred.Deferred<string>>()),
  (cache) => twoCallers(cache, getSafe)
)
