/**
 * A lost update: two fibers each read a balance, yield (an await in the middle of the update), and write back the
 * balance plus their deposit. The second deposit first validates its amount (one more step), which is why the
 * first-in-first-out schedule passes: the first deposit is done before the second reads.
 */
import { Effect, Ref } from "effect"

const validate = Effect.yieldNow()

const depositRacy = (balance: Ref.Ref<number>, amount: number) =>
  Effect.gen(function*() {
    const current = yield* Ref.get(balance)
    yield* Effect.yieldNow()
    yield* Ref.set(balance, current + amount)
  })

const depositAtomic = (balance: Ref.Ref<number>, amount: number) =>
  Effect.zipRight(Effect.yieldNow(), Ref.update(balance, (current) => current + amount))

const program = (deposit: typeof depositRacy) =>
  Effect.gen(function*() {
    const balance = yield* Ref.make(100)
    yield* Effect.all([deposit(balance, 10), Effect.zipRight(validate, deposit(balance, 20))], {
      concurrency: "unbounded",
      discard: true
    })
    const final = yield* Ref.get(balance)
    if (final !== 130) {
      return yield* Effect.fail(`lost update: balance ${final}, expected 130`)
    }
    return final
  })

export const buggy = program(depositRacy)
export const fixed = program(depositAtomic)
