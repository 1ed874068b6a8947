/**
 * Workload 1b: live memory per pending wait, with two Effect reference rows measured in the same run: a bare
 * `Effect.fork(Effect.sleep(...))` and a bare `Effect.fork(waitRandom(...))` (the same wait, with nothing to collect
 * the results).
 */
import { bytes, field, ours, oursLiveClock, peers, reference, size } from "./common.js"
import type { Workload } from "./types.js"

const gcFlags = ["--expose-gc"]

export const memory: Workload = (profile, available) => {
  const n = String(profile.memN)
  return {
    id: "memory",
    title: "Memory per pending wait",
    description:
      `${size(profile.memN)} waits pending (delays up to 28 hours), live bytes after forced GC, divided by ` +
      "the count: Python tracemalloc, Node and Effect heapUsed (`--expose-gc`). One process per sample.",
    rows: [{
      id: "memory",
      title: `waitN(${size(profile.memN)}, ·) live memory per pending wait`,
      implementations: [
        ...peers(available, ["mem", n], gcFlags),
        ours(["mem", n, "waitn"], gcFlags),
        ...oursLiveClock(available, ["mem", n]).map((implementation) => ({ ...implementation, flags: gcFlags })),
        reference(
          "fiber-wait",
          "reference: bare Effect.fork(waitRandom(·)) per wait",
          ["mem", n, "fiber-wait"],
          gcFlags
        ),
        reference("fiber-sleep", "reference: bare Effect.fork(Effect.sleep(·)) per wait", [
          "mem",
          n,
          "fiber-sleep"
        ], gcFlags)
      ],
      repetitions: profile.memRepetitions,
      metrics: [{
        label: "live bytes per pending wait",
        unit: "B",
        better: "lower",
        samples: field("bytes_per_wait"),
        format: bytes
      }],
      target: {
        text: "ours (on either clock) ≤ a bare forked fiber doing the same wait on Effect's default clock (~5 KB)",
        met: (medians) => {
          const bare = medians.get("fiber-wait")
          const ours = [medians.get("ours"), medians.get("ours-live")].filter((value) => value !== undefined)
          return ours.length === 0 || bare === undefined ? undefined : ours.every((value) => value <= bare)
        }
      },
      note: "the bare fork of a plain sleep shows what the exercise's own wait (a Random draw, its continuation) adds"
    }]
  }
}
