import { assert, describe, it } from "@effect/vitest"
import * as DeadlineQueue from "../src/internal/deadlineQueue.js"

const drain = <A>(queue: DeadlineQueue.DeadlineQueue<A>): Array<A> => {
  const out: Array<A> = []
  for (let entry = DeadlineQueue.pop(queue); entry !== undefined; entry = DeadlineQueue.pop(queue)) {
    out.push(entry.value)
  }
  return out
}

// a small deterministic generator (xorshift32), so the tests need no Random service
const generator = (seed: number) => {
  let state = seed
  return (): number => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 2 ** 32
  }
}

describe("deadlineQueue", () => {
  it("pops the earliest deadline first, fractions included", () => {
    const queue = DeadlineQueue.make<string>()
    DeadlineQueue.push(queue, 3, "c")
    DeadlineQueue.push(queue, 1.7, "b")
    DeadlineQueue.push(queue, 1.2, "a")
    DeadlineQueue.push(queue, Infinity, "never")
    DeadlineQueue.push(queue, 1.2000001, "a'")
    assert.strictEqual(queue.size, 5)
    assert.strictEqual(DeadlineQueue.peek(queue)?.value, "a")
    assert.strictEqual(queue.head, DeadlineQueue.peek(queue))
    assert.deepStrictEqual(drain(queue), ["a", "a'", "b", "c", "never"])
    assert.strictEqual(queue.size, 0)
    assert.strictEqual(DeadlineQueue.pop(queue), undefined)
    assert.strictEqual(DeadlineQueue.peek(queue), undefined)
  })

  it("pops equal deadlines first in, first out", () => {
    const queue = DeadlineQueue.make<number>()
    for (let i = 0; i < 100; i++) {
      DeadlineQueue.push(queue, i % 3, i)
    }
    const out = drain(queue)
    const expected = [0, 1, 2].flatMap((d) => Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 3 === d))
    assert.deepStrictEqual(out, expected)
  })

  it("numbers entries in push order", () => {
    const queue = DeadlineQueue.make<string>()
    const a = DeadlineQueue.push(queue, 5, "a")
    const b = DeadlineQueue.push(queue, 1, "b")
    assert.deepStrictEqual([a.sequence, b.sequence, a.deadline, b.deadline], [0, 1, 5, 1])
  })

  it("removes an entry from anywhere and keeps the order of the rest", () => {
    const queue = DeadlineQueue.make<number>()
    const entries = [5, 3, 8, 1, 9, 2, 7, 3, 6].map((d, i) => DeadlineQueue.push(queue, d, i))
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

  it("ignores entries of another queue", () => {
    const one = DeadlineQueue.make<string>()
    const two = DeadlineQueue.make<string>()
    const entry = DeadlineQueue.push(one, 1, "x")
    DeadlineQueue.push(two, 1, "y")
    assert.isFalse(DeadlineQueue.remove(two, entry))
    assert.isFalse(DeadlineQueue.has(two, entry))
    assert.strictEqual(two.size, 1)
    assert.strictEqual(one.size, 1)
  })

  it("rejects a NaN deadline", () => {
    const queue = DeadlineQueue.make<string>()
    assert.throws(() => DeadlineQueue.push(queue, NaN, "x"), /deadline must not be NaN/)
    assert.strictEqual(queue.size, 0)
  })

  it("agrees with a stable sort under random pushes, pops and removals", () => {
    const next = generator(12345)
    const queue = DeadlineQueue.make<number>()
    const model: Array<DeadlineQueue.Entry<number>> = []
    const byKey = (a: DeadlineQueue.Entry<number>, b: DeadlineQueue.Entry<number>) =>
      a.deadline - b.deadline || a.sequence - b.sequence
    let popped = 0
    for (let step = 0; step < 20_000; step++) {
      const roll = next()
      if (roll < 0.55) {
        // few distinct deadlines, so ties are common
        model.push(DeadlineQueue.push(queue, Math.floor(next() * 50) / 4, step))
      } else if (roll < 0.8) {
        model.sort(byKey)
        const expected = model.shift()
        assert.strictEqual(DeadlineQueue.pop(queue), expected)
        popped++
      } else if (model.length > 0) {
        const index = Math.floor(next() * model.length)
        assert.isTrue(DeadlineQueue.remove(queue, model[index]!))
        model.splice(index, 1)
      }
      assert.strictEqual(queue.size, model.length)
    }
    assert.isAbove(popped, 1000)
    model.sort(byKey)
    assert.deepStrictEqual(drain(queue), model.map((e) => e.value))
  })

  it("keeps 100,000 entries in order", () => {
    const next = generator(7)
    const queue = DeadlineQueue.make<number>()
    for (let i = 0; i < 100_000; i++) {
      DeadlineQueue.push(queue, Math.floor(next() * 1000), i)
    }
    let previous: DeadlineQueue.Entry<number> | undefined
    let inversions = 0
    for (let entry = DeadlineQueue.pop(queue); entry !== undefined; entry = DeadlineQueue.pop(queue)) {
      if (
        previous !== undefined &&
        (previous.deadline > entry.deadline ||
          (previous.deadline === entry.deadline && previous.sequence > entry.sequence))
      ) {
        inversions++
      }
      previous = entry
    }
    assert.strictEqual(inversions, 0)
    assert.strictEqual(queue.size, 0)
  })
})
