/**
 * Workload 1b: live memory per pending wait, on Effect's default clock, the library's `LiveClock` and inside
 * `VirtualTime.run`, with two Effect reference rows measured in the same run: a bare `Effect.forkChild(Effect.sleep(...))`
 * and a bare `Effect.forkChild(waitRandom(...))` (the same wait, with nothing to collect the results).
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
      "the count: Python tracemalloc, Node and Effect heapUsed (`--expose-gc`). One process per sample. " +
      "VirtualTime reads the heap inside the run at virtual time 0 (the reading fiber keeps the run busy, so time " +
      "does not jump).",
    rows: [{
      id: "memory",
      title: `waitN(${size(profile.memN)}, ·) live memory per pending wait`,
      implementations: [
        ...peers(available, ["mem", n], gcFlags),
        ours(["mem", n, "waitn"], gcFlags),
        oursLiveClock(["mem", n], gcFlags),
        {
          id: "ours-virtual",
          label: "effect-asyncio, VirtualTime.run",
          kind: "ours",
          args: ["mem", n],
          flags: gcFlags,
          runner: "ours-virtual-time"
        },
        reference(
          "fiber-wait",
          "reference: bare Effect.forkChild(waitRandom(·)) per wait",
          ["mem", n, "fiber-wait"],
          gcFlags
        ),
        reference("fiber-sleep", "reference: bare Effect.forkChild(Effect.sleep(·)) per wait", [
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
      target: available.python
        ? {
          text: "ours on LiveClock and in VirtualTime ≤ Python's",
          met: (medians) => {
            const python = medians.get("python")
            const ours = [medians.get("ours-live"), medians.get("ours-virtual")].filter((value) => value !== undefined)
            return ours.length === 0 || python === undefined ? undefined : ours.every((value) => value <= python)
          }
        }
        : undefined,
      note: "the bare fork of a plain sleep shows what the exercise's own wait (a Random draw, its continuation) adds"
    }]
  }
}
