import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { Never } from "../../../src/internal/clock/core.js"
import * as DeadlineQueue from "../../../src/internal/clock/deadlineQueue.js"

const drain = <A>(queue: DeadlineQueue.DeadlineQueue<A>): Array<A> => {
  const out: Array<A> = []
  for (let entry = DeadlineQueue.pop(queue); entry !== undefined; entry = DeadlineQueue.pop(queue)) {
    out.push(entry.value)
  }
  return out
}

const byKey = <A>(a: DeadlineQueue.Entry<A>, b: DeadlineQueue.Entry<A>): number =>
  a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : a.sequence - b.sequence

/** One step of a random workload: push at a deadline, pop, or remove the queued entry at a position. */
type Step =
  | { readonly op: "push"; readonly deadline: bigint }
  | { readonly op: "pop" }
  | { readonly op: "remove"; readonly at: number }
  | { readonly op: "removeAll"; readonly every: number; readonly offset: number }

// few distinct deadlines, so ties are common, around 2^53 and at the never instant as well
const deadline = fc.oneof(
  fc.bigInt({ min: 0n, max: 12n }),
  fc.bigInt({ min: 2n ** 53n - 2n, max: 2n ** 53n + 2n }),
  fc.constant(Never)
)
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: deadline.map((deadline) => ({ op: "push" as const, deadline })), weight: 5 },
  { arbitrary: fc.constant({ op: "pop" as const }), weight: 2 },
  { arbitrary: fc.nat(1000).map((at) => ({ op: "remove" as const, at })), weight: 2 },
  {
    arbitrary: fc.record({ every: fc.integer({ min: 1, max: 3 }), offset: fc.nat(2) }).map((pick) => ({
      op: "removeAll" as const,
      ...pick
    })),
    weight: 1
  }
)

describe("deadlineQueue", () => {
  it("pops the earliest deadline first, a nanosecond apart included, the never instant last", () => {
    const queue = DeadlineQueue.make<string>()
    DeadlineQueue.push(queue, 3_000_000n, "c")
    DeadlineQueue.push(queue, 1_700_000n, "b")
    DeadlineQueue.push(queue, 1_200_000n, "a")
    DeadlineQueue.push(queue, Never, "never")
    DeadlineQueue.push(queue, 1_200_001n, "a'")
    assert.strictEqual(queue.size, 5)
    assert.strictEqual(DeadlineQueue.peek(queue)?.value, "a")
    assert.strictEqual(queue.head, DeadlineQueue.peek(queue))
    assert.deepStrictEqual(drain(queue), ["a", "a'", "b", "c", "never"])
    assert.strictEqual(queue.size, 0)
    assert.strictEqual(DeadlineQueue.pop(queue), undefined)
    assert.strictEqual(DeadlineQueue.peek(queue), undefined)
  })

  it("tells apart deadlines past 2^53 ns, where a number of nanoseconds would round them together", () => {
    const queue = DeadlineQueue.make<string>()
    DeadlineQueue.push(queue, 2n ** 53n + 1n, "later")
    DeadlineQueue.push(queue, 2n ** 53n, "earlier")
    assert.deepStrictEqual(drain(queue), ["earlier", "later"])
  })

  it("pops equal deadlines first in, first out", () => {
    const queue = DeadlineQueue.make<number>()
    for (let i = 0; i < 100; i++) {
      DeadlineQueue.push(queue, BigInt(i % 3), i)
    }
    const out = drain(queue)
    const expected = [0, 1, 2].flatMap((d) => Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 3 === d))
    assert.deepStrictEqual(out, expected)
  })

  it("numbers entries in push order", () => {
    const queue = DeadlineQueue.make<string>()
    const a = DeadlineQueue.push(queue, 5n, "a")
    const b = DeadlineQueue.push(queue, 1n, "b")
    assert.deepStrictEqual([a.sequence, b.sequence, a.deadline, b.deadline], [0, 1, 5n, 1n])
  })

  it("removes an entry from anywhere and keeps the order of the rest", () => {
    const queue = DeadlineQueue.make<number>()
    const entries = [5n, 3n, 8n, 1n, 9n, 2n, 7n, 3n, 6n].map((d, i) => DeadlineQueue.push(queue, d, i))
    assert.isTrue(DeadlineQueue.remove(queue, entries[3]!)) // the head (deadline 1)
    assert.isTrue(DeadlineQueue.remove(queue, entries[2]!)) // deadline 8, in the middle
    assert.isTrue(DeadlineQueue.remove(queue, entries[8]!)) // deadline 6, the last slot
    assert.isFalse(DeadlineQueue.remove(queue, entries[3]!)) // already gone
    assert.isFalse(DeadlineQueue.has(queue, entries[2]!))
    assert.isTrue(DeadlineQueue.has(queue, entries[0]!))
    assert.strictEqual(queue.size, 6)
    assert.deepStrictEqual(DeadlineQueue.toArray(queue).map((e) => e.value), [5, 1, 7, 0, 6, 4])
    assert.deepStrictEqual(drain(queue), [5, 1, 7, 0, 6, 4])
    assert.isFalse(DeadlineQueue.remove(queue, entries[0]!)) // popped entries cannot be removed
  })

  it("removes the first, a middle and the last entry of one deadline, keeping the rest in push order", () => {
    const queue = DeadlineQueue.make<string>()
    const entries = ["a", "b", "c", "d", "e"].map((value) => DeadlineQueue.push(queue, 7n, value))
    DeadlineQueue.push(queue, 3n, "early")
    assert.isTrue(DeadlineQueue.remove(queue, entries[0]!)) // the first of its deadline
    assert.isTrue(DeadlineQueue.remove(queue, entries[2]!)) // in the middle
    assert.isTrue(DeadlineQueue.remove(queue, entries[4]!)) // the last
    DeadlineQueue.push(queue, 7n, "f") // after the last one left: still behind the others
    assert.strictEqual(queue.size, 4)
    assert.deepStrictEqual(DeadlineQueue.toArray(queue).map((e) => e.value), ["early", "b", "d", "f"])
    assert.deepStrictEqual(drain(queue), ["early", "b", "d", "f"])
  })

  it("queues an entry pushed at a deadline that has just come out after the rest of that deadline", () => {
    const queue = DeadlineQueue.make<string>()
    DeadlineQueue.push(queue, 5n, "a")
    DeadlineQueue.push(queue, 5n, "b")
    assert.strictEqual(DeadlineQueue.pop(queue)?.value, "a")
    DeadlineQueue.push(queue, 5n, "c") // pushed while its deadline is being woken
    DeadlineQueue.push(queue, 4n, "earlier")
    assert.deepStrictEqual(drain(queue), ["earlier", "b", "c"])
    DeadlineQueue.push(queue, 5n, "d") // the deadline has no entry left: it starts again
    DeadlineQueue.push(queue, 5n, "e")
    assert.deepStrictEqual(drain(queue), ["d", "e"])
  })

  it("removes most of many lone entries (the heap rebuilt without them) and takes their deadlines again", () => {
    const queue = DeadlineQueue.make<number>()
    // 5,000 distinct deadlines in a fixed scramble; remove 4,000 of them, in another scramble
    const entries = Array.from({ length: 5_000 }, (_, i) => DeadlineQueue.push(queue, BigInt((i * 7919) % 5_000), i))
    const removed = new Set<number>()
    for (let k = 0; k < 4_000; k++) {
      const i = (k * 104_729) % 5_000
      assert.isTrue(DeadlineQueue.remove(queue, entries[i]!))
      assert.isFalse(DeadlineQueue.has(queue, entries[i]!))
      removed.add(i)
    }
    assert.strictEqual(queue.size, 1_000)
    // two of the removed deadlines taken again, one behind the other
    const again = [...removed].slice(0, 2).map((i) => (i * 7919) % 5_000)
    DeadlineQueue.push(queue, BigInt(again[0]!), -1)
    DeadlineQueue.push(queue, BigInt(again[0]!), -2)
    DeadlineQueue.push(queue, BigInt(again[1]!), -3)
    const expected = [
      ...entries.filter((_, i) => !removed.has(i)).map((entry) => ({ deadline: entry.deadline, value: entry.value })),
      { deadline: BigInt(again[0]!), value: -1 },
      { deadline: BigInt(again[0]!), value: -2 },
      { deadline: BigInt(again[1]!), value: -3 }
    ].sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0)).map((entry) => entry.value)
    assert.deepStrictEqual(DeadlineQueue.toArray(queue).map((entry) => entry.value), expected)
    assert.strictEqual(DeadlineQueue.peek(queue)?.value, expected[0])
    assert.deepStrictEqual(drain(queue), expected)
    assert.strictEqual(queue.size, 0)
  })

  it("removes many entries at once, lone and grouped, first and behind, and keeps the order of the rest", () => {
    const queue = DeadlineQueue.make<number>()
    // 3,000 entries on 1,000 deadlines in a scramble, three each; remove 2,000 of them at once, every first included
    const entries = Array.from({ length: 3_000 }, (_, i) => DeadlineQueue.push(queue, BigInt((i * 7919) % 1_000), i))
    const leaving = entries.filter((_, i) => i < 1_000 || i % 2 === 0)
    DeadlineQueue.removeAll(queue, [...leaving, ...leaving.slice(0, 10)])
    assert.strictEqual(queue.size, 1_000)
    assert.isTrue(leaving.every((entry) => !DeadlineQueue.has(queue, entry)))
    // deadlines taken again queue behind what is left of theirs
    DeadlineQueue.push(queue, 0n, -1)
    DeadlineQueue.push(queue, 999n, -2)
    const kept = entries.filter((entry) => !leaving.includes(entry))
    const expected = [...kept, { deadline: 0n, value: -1 }, { deadline: 999n, value: -2 }]
      .map((entry, order) => ({ ...entry, order }))
      .sort((a, b) => a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : a.order - b.order)
      .map((entry) => entry.value)
    assert.deepStrictEqual(DeadlineQueue.toArray(queue).map((entry) => entry.value), expected)
    assert.deepStrictEqual(drain(queue), expected)
  })

  it("keeps equal deadlines first in, first out when the map from deadline to group has forgotten one", () => {
    const queue = DeadlineQueue.make<string>()
    const early = DeadlineQueue.push(queue, 5n, "a")
    DeadlineQueue.push(queue, 5n, "b")
    DeadlineQueue.push(queue, 5n, "c")
    // more distinct deadlines than the map remembers: it starts over, forgetting deadline 5
    for (let i = 0; i <= DeadlineQueue.Groups; i++) {
      DeadlineQueue.push(queue, BigInt(1_000 + ((i * 7919) % (DeadlineQueue.Groups + 1))), "later")
    }
    DeadlineQueue.push(queue, 5n, "d") // a second group of deadline 5, after the first
    DeadlineQueue.push(queue, 5n, "e")
    DeadlineQueue.push(queue, 4n, "first")
    assert.isTrue(DeadlineQueue.remove(queue, early)) // the first group's first leaves: "b" takes its slot
    assert.deepStrictEqual(DeadlineQueue.toArray(queue).slice(0, 5).map((e) => e.value), ["first", "b", "c", "d", "e"])
    assert.deepStrictEqual(drain(queue).slice(0, 5), ["first", "b", "c", "d", "e"])
  })

  it("ignores entries of another queue", () => {
    const one = DeadlineQueue.make<string>()
    const two = DeadlineQueue.make<string>()
    const entry = DeadlineQueue.push(one, 1n, "x")
    DeadlineQueue.push(two, 1n, "y")
    assert.isFalse(DeadlineQueue.remove(two, entry))
    assert.isFalse(DeadlineQueue.has(two, entry))
    assert.strictEqual(two.size, 1)
    assert.strictEqual(one.size, 1)
  })

  it("agrees with a stable sort under any pushes, pops and removals", () =>
    fc.assert(
      fc.property(fc.array(step, { maxLength: 400 }), (steps) => {
        const queue = DeadlineQueue.make<number>()
        const model: Array<DeadlineQueue.Entry<number>> = []
        const gone: Array<DeadlineQueue.Entry<number>> = []
        steps.forEach((step, index) => {
          if (step.op === "push") {
            model.push(DeadlineQueue.push(queue, step.deadline, index))
          } else if (step.op === "pop") {
            model.sort(byKey)
            const popped = model.shift()
            assert.strictEqual(DeadlineQueue.pop(queue), popped)
            if (popped !== undefined) gone.push(popped)
          } else if (step.op === "removeAll") {
            // every `every`-th queued entry, with the ones that have left (skipped)
            const leaving = model.filter((_, i) => i % step.every === step.offset % step.every)
            DeadlineQueue.removeAll(queue, [...leaving, ...gone])
            for (const entry of leaving) gone.push(entry)
            model.splice(0, model.length, ...model.filter((entry) => !leaving.includes(entry)))
          } else if (model.length > 0) {
            const at = step.at % model.length
            assert.isTrue(DeadlineQueue.remove(queue, model[at]!))
            gone.push(model.splice(at, 1)[0]!)
          }
          assert.strictEqual(queue.size, model.length)
          assert.strictEqual(queue.head, model.slice().sort(byKey)[0])
        })
        model.sort(byKey)
        assert.deepStrictEqual(DeadlineQueue.toArray(queue), model)
        assert.deepStrictEqual(drain(queue), model.map((e) => e.value))
      }),
      { numRuns: 200 }
    ))

  it("keeps 100,000 entries in order", () => {
    const queue = DeadlineQueue.make<number>()
    for (let i = 0; i < 100_000; i++) {
      // a fixed scramble of 1,000 distinct deadlines, so most of them tie
      DeadlineQueue.push(queue, BigInt((i * 7919) % 1000), i)
    }
    let previous: DeadlineQueue.Entry<number> | undefined
    let inversions = 0
    for (let entry = DeadlineQueue.pop(queue); entry !== undefined; entry = DeadlineQueue.pop(queue)) {
      if (previous !== undefined && byKey(previous, entry) > 0) {
        inversions++
      }
      previous = entry
    }
    assert.strictEqual(inversions, 0)
    assert.strictEqual(queue.size, 0)
  })
})
