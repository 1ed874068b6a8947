/**
 * A race a normal test passes: a box office sells the last seat twice. Checkout reads how many seats are left,
 * charges the buyer, and only then takes the seat; a second checkout that reads while the first is charging sells
 * the same seat again.
 *
 * The test books the last seat for two buyers at once, Bob with a coupon. Every fake service answers in 100 ms, so
 * Bob's coupon check ends at the very instant Ann's charge does: which of the two runs first is the schedule's
 * choice. First in, first out lets Ann finish first, and the test passes. `VirtualTime.explore` tries other
 * schedules, finds the one that oversells, and names its seed; the seed alone replays it. The fix holds the seat
 * atomically (`Ref.modify`) before the charge, and passes every schedule.
 *
 * Run it: `npx tsx examples/explore-race.ts` (docs/exploration.md explains the schedules).
 */
import { NodeRuntime } from "@effect/platform-node"
import { Cause, Console, Data, Effect, Exit, Ref } from "effect"
import { Timeline, VirtualTime } from "effect-asyncio"
import { fileURLToPath } from "node:url"

/** A checkout found no seat left. */
export class SoldOutError extends Data.TaggedError("SoldOutError")<{ readonly buyer: string }> {
  override get message(): string {
    return `sold out before ${this.buyer} could book`
  }
}

/** More tickets were sold than the show has seats: the bug. */
export class OversoldError extends Data.TaggedError("OversoldError")<{
  readonly seats: number
  readonly tickets: ReadonlyArray<string>
}> {
  override get message(): string {
    return `${this.tickets.length} tickets sold for ${this.seats} seat (${this.tickets.join(", ")})`
  }
}

/** One show: the seats left and the tickets sold, by buyer. */
export interface Show {
  readonly left: Ref.Ref<number>
  readonly tickets: Ref.Ref<ReadonlyArray<string>>
}

/** A booking: who buys, and the coupon they bring, if any. */
export interface Order {
  readonly buyer: string
  readonly coupon?: string | undefined
}

const makeShow = (seats: number): Effect.Effect<Show> =>
  Effect.all({ left: Ref.make(seats), tickets: Ref.make<ReadonlyArray<string>>([]) })

// the fake services: each answers in 100 ms, labelled with what it does and for whom
const latency = "100 millis"
const validateCoupon = (order: Order): Effect.Effect<void> =>
  Timeline.label(Effect.sleep(latency), `coupon-${order.buyer}`)
const charge = (order: Order): Effect.Effect<void> => Timeline.label(Effect.sleep(latency), `charge-${order.buyer}`)

const issue = (show: Show, order: Order): Effect.Effect<void> =>
  Ref.update(show.tickets, (tickets) => [...tickets, order.buyer])

/** The code under test, as first written: check that a seat is left, charge the buyer, then take the seat. */
export const checkoutRacy = (show: Show, order: Order): Effect.Effect<void, SoldOutError> =>
  Effect.gen(function*() {
    if (order.coupon !== undefined) {
      yield* validateCoupon(order)
    }
    const left = yield* Ref.get(show.left)
    if (left === 0) {
      return yield* new SoldOutError({ buyer: order.buyer })
    }
    yield* charge(order)
    yield* Ref.set(show.left, left - 1) // another checkout may have taken a seat while this one was charging
    yield* issue(show, order)
  })

// takes a seat if one is left: whether it did, and the seats left after
const take = (left: number): readonly [boolean, number] => left > 0 ? [true, left - 1] : [false, left]

/** The fix: hold the seat in one atomic step before the charge, and give it back if the charge fails. */
export const checkoutSafe = (show: Show, order: Order): Effect.Effect<void, SoldOutError> =>
  Effect.gen(function*() {
    if (order.coupon !== undefined) {
      yield* validateCoupon(order)
    }
    const held = yield* Ref.modify(show.left, (left) => take(left))
    if (!held) {
      return yield* new SoldOutError({ buyer: order.buyer })
    }
    yield* Effect.onError(charge(order), () => Ref.update(show.left, (left) => left + 1))
    yield* issue(show, order)
  })

/**
 * The test: one seat left, Ann and Bob (with a coupon) book at once. One of them gets the ticket, the other a
 * `SoldOutError`; more than one ticket fails with `OversoldError`. Succeeds with who got what.
 */
export const lastSeat = (
  checkout: (show: Show, order: Order) => Effect.Effect<void, SoldOutError>
): Effect.Effect<string, OversoldError> =>
  Effect.gen(function*() {
    const show = yield* makeShow(1)
    const orders: ReadonlyArray<Order> = [{ buyer: "ann" }, { buyer: "bob", coupon: "FRIENDS10" }]
    const outcomes = yield* Effect.forEach(orders, (order) =>
      Effect.match(checkout(show, order), {
        onFailure: (error) => `${error.buyer} was told it is sold out`,
        onSuccess: () => `${order.buyer} got the seat`
      }), { concurrency: "unbounded" })
    const tickets = yield* Ref.get(show.tickets)
    if (tickets.length > 1) {
      return yield* new OversoldError({ seats: 1, tickets })
    }
    return outcomes.join(", ")
  })

export const buggy = lastSeat(checkoutRacy)
export const fixed = lastSeat(checkoutSafe)

/** The exploration seed: fixed, so the story below is the same on every run and every machine. */
export const seed = 2024

const firstLine = (cause: Cause.Cause<unknown>): string => Cause.pretty(cause).split("\n")[0] ?? ""

export const program = Effect.gen(function*() {
  // 1. the test as written passes under the default schedule
  const outcome = yield* VirtualTime.run(buggy)
  yield* Console.log(`first in, first out: passes (${outcome})`)

  // 2. exploring other schedules finds the one that oversells
  const error = yield* Effect.flip(VirtualTime.explore(buggy, { runs: 100, seed }))
  yield* Console.log(`explored from seed ${seed}: ${error.message}`)
  yield* Console.log(Timeline.toChart(error.timeline, { width: 80 }))

  // 3. the reported seed alone replays that schedule, and the same failure
  const replay = yield* Effect.exit(VirtualTime.run(buggy, { schedule: error.seed }))
  if (Exit.isSuccess(replay) || firstLine(replay.cause) !== firstLine(error.cause)) {
    return yield* Effect.dieMessage(`schedule ${error.seed} did not replay the failure: ${replay}`)
  }
  yield* Console.log(`replayed schedule ${error.seed} (${error.strategy}) alone: ${firstLine(replay.cause)}`)

  // 4. the fix passes every schedule
  const report = yield* VirtualTime.explore(fixed, { runs: 200, seed })
  yield* Console.log(
    `fixed (seat held with Ref.modify before the charge): ${report.runs} schedules pass ` +
      `{ seed: ${report.seed}, runs: ${report.runs}, distinct: ${report.distinct} }`
  )
})

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(NodeRuntime.runMain)
}
