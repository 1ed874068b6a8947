/**
 * The refusal of a count whose items cannot all be alive at once in what is left of V8's heap: its exact message,
 * its boundary (the last count that fits runs, the next is refused), the room the progress line needs to count the
 * items, and that the measured cost of a wait and of a task lets a million of either through in the old space of
 * Node's default heap on a 16 GB machine (4 GB).
 */
import { assert, describe, it } from "@effect/vitest"
import { refusal, room } from "../../src/cli/internal/args.js"
import { Footprints } from "../../src/cli/internal/command.js"

const MB = 2 ** 20

describe("the heap refusal", () => {
  it("says how many fit, what one item costs, how much of the heap is free, and how to raise it", () => {
    const heap = { limit: 128 * MB, used: 8 * MB }
    assert.strictEqual(
      refusal(1_000_000, Footprints.wait, heap),
      "at most 786,432 in this process (a pending wait takes about 160 B and 120 MB of the 128 MB heap are free; " +
        "raise the limit with NODE_OPTIONS=--max-old-space-size=…)"
    )
    assert.strictEqual(
      refusal(1_000_000, Footprints.task, heap),
      "at most 786,432 in this process (a pending task takes about 160 B and 120 MB of the 128 MB heap are free; " +
        "raise the limit with NODE_OPTIONS=--max-old-space-size=…)"
    )
  })

  it("the boundary: as many items as the free bytes hold fit, one more does not", () => {
    for (const footprint of [Footprints.wait, Footprints.task]) {
      const most = 54_321
      const heap = { limit: 256 * MB, used: 256 * MB - most * footprint.bytes - (footprint.bytes - 1) }
      assert.strictEqual(room(footprint, heap, false), most)
      assert.isUndefined(refusal(most, footprint, heap))
      assert.isUndefined(refusal(0, footprint, heap))
      assert.match(refusal(most + 1, footprint, heap)!, /^at most 54,321 in this process \(/)
    }
  })

  it("a heap with nothing free, or more in use than its limit, holds nothing", () => {
    const heap = { limit: 64 * MB, used: 70 * MB }
    assert.strictEqual(room(Footprints.wait, heap, false), 0)
    assert.match(
      refusal(1, Footprints.wait, heap)!,
      /^at most 0 in this process \(a pending wait takes about [\d.]+ k?B and 0 MB of the 64 MB heap/
    )
    assert.isUndefined(refusal(0, Footprints.wait, heap))
  })

  it("counting the items on the progress line takes a span each: room for fewer", () => {
    const heap = { limit: 128 * MB, used: 8 * MB }
    for (const footprint of [Footprints.wait, Footprints.task]) {
      assert.strictEqual(room(footprint, heap, true), Math.floor(120 * MB / (footprint.bytes + footprint.progress)))
      assert.isBelow(room(footprint, heap, true), room(footprint, heap, false))
    }
  })

  it("a million waits, and a million tasks, fit in the old space of Node's default heap (4 GB on a 16 GB machine)", () => {
    // what a fresh process has in use when the command line is read, rounded up
    const heap = { limit: 4096 * MB, used: 16 * MB }
    assert.isUndefined(refusal(1_000_000, Footprints.wait, heap))
    assert.isUndefined(refusal(1_000_000, Footprints.task, heap))
    // and a million waits with the progress line counting them, on a terminal
    assert.isAtLeast(room(Footprints.wait, heap, true), 1_000_000)
  })
})
