/**
 * The refusal of a count whose items cannot all be alive at once in what is left of V8's heap: its exact message,
 * with and without the progress line, its boundary (the last count that fits runs, the next is refused), and that
 * the measured cost of a wait and of a task lets a million of either through in the old space of Node's default
 * heap on a 16 GB machine (4 GB).
 */
import { assert, describe, it } from "@effect/vitest"
import { refusal } from "../../src/cli/internal/args.js"
import { Footprints } from "../../src/cli/internal/command.js"

const MB = 2 ** 20

describe("the heap refusal", () => {
  it("says how many fit, what one item costs, how much of the heap is free, and how to raise it", () => {
    const heap = { limit: 128 * MB, used: 8 * MB }
    assert.strictEqual(
      refusal(100_000, Footprints.wait, heap, false),
      "at most 50,331 in this process (a pending wait takes about 2.5 kB and 120 MB of the 128 MB heap are free; " +
        "raise the limit with NODE_OPTIONS=--max-old-space-size=…)"
    )
    assert.strictEqual(
      refusal(100_000, Footprints.task, heap, false),
      "at most 31,457 in this process (a pending task takes about 4.0 kB and 120 MB of the 128 MB heap are free; " +
        "raise the limit with NODE_OPTIONS=--max-old-space-size=…)"
    )
  })

  it("with the progress line, each item costs its span too, and the message says so", () => {
    const heap = { limit: 128 * MB, used: 8 * MB }
    assert.strictEqual(
      refusal(100_000, Footprints.wait, heap, true),
      "at most 31,457 in this process (a pending wait takes about 4.0 kB with the progress line and 120 MB of the " +
        "128 MB heap are free; raise the limit with NODE_OPTIONS=--max-old-space-size=…)"
    )
    assert.strictEqual(
      refusal(100_000, Footprints.task, heap, true),
      "at most 22,878 in this process (a pending task takes about 5.5 kB with the progress line and 120 MB of the " +
        "128 MB heap are free; raise the limit with NODE_OPTIONS=--max-old-space-size=…)"
    )
  })

  it("the boundary: as many items as the free bytes hold fit, one more does not", () => {
    for (const footprint of [Footprints.wait, Footprints.task]) {
      for (const progress of [false, true]) {
        const bytes = footprint.bytes + (progress ? footprint.progress : 0)
        const room = 54_321
        const heap = { limit: 256 * MB, used: 256 * MB - room * bytes - (bytes - 1) }
        assert.isUndefined(refusal(room, footprint, heap, progress))
        assert.isUndefined(refusal(0, footprint, heap, progress))
        assert.match(refusal(room + 1, footprint, heap, progress)!, /^at most 54,321 in this process \(/)
      }
    }
  })

  it("a heap with nothing free, or more in use than its limit, holds nothing", () => {
    const heap = { limit: 64 * MB, used: 70 * MB }
    assert.match(
      refusal(1, Footprints.wait, heap, false)!,
      /^at most 0 in this process \(a pending wait takes about [\d.]+ kB and 0 MB of the 64 MB heap/
    )
    assert.isUndefined(refusal(0, Footprints.wait, heap, false))
  })

  it("a million waits, and a million tasks, fit in the old space of Node's default heap (4 GB on a 16 GB machine)", () => {
    // what a fresh process has in use when the command line is read, rounded up
    const heap = { limit: 4096 * MB, used: 16 * MB }
    assert.isUndefined(refusal(1_000_000, Footprints.wait, heap, false))
    assert.isUndefined(refusal(1_000_000, Footprints.task, heap, false))
  })
})
