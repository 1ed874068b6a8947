/**
 * Workload 1b: live memory per pending wait, on Effect's default clock, the library's `LiveClock` and inside
 * `VirtualTime.run`, with two Effect reference rows measured in the same run: a bare `Effect.forkChild(Effect.sleep(...))`
 * and a bare `Effect.forkChild(waitRandom(...))` (the same wait, with nothing to collect the results).
 */
import { bytes, field, leftOut, millis, ours, oursLiveClock, peers, present, reference, size } from "./common.js"
import type { Workload } from "./types.js"

const gcFlags = ["--expose-gc"]

export const memory: Workload = (profile, available) => {
  const [effect3Out, pythonOut, referencesOut] = [
    leftOut(profile.memSizes, "effect3"),
    leftOut(profile.memSizes, "python"),
    leftOut(profile.memSizes, "references")
  ]
  return {
    id: "memory",
    title: "Memory per pending wait",
    description: "n waits pending (delays up to 28 hours), live bytes after forced GC, divided by the count: Python " +
      "tracemalloc, Node and Effect heapUsed (`--expose-gc`), in Node's default heap (no --max-old-space-size). " +
      "One process per sample. VirtualTime reads the heap inside the run at virtual time 0 (the reading fiber keeps " +
      "the run busy, so time does not jump)." +
      (effect3Out === ""
        ? ""
        : ` The Effect 3 edition is left out at ${effect3Out} (4.5 KB a wait: a million do not fit the default ` +
          "heap, and 100,000 take minutes).") +
      (pythonOut === ""
        ? ""
        : ` Python is left out at ${pythonOut} in this profile (under tracemalloc a million tasks take minutes ` +
          "to start).") +
      (leftOut(profile.memSizes, "defaultClock") === ""
        ? ""
        : ` Effect's default clock is left out at ${leftOut(profile.memSizes, "defaultClock")} in this profile.`) +
      (referencesOut === "" ? "" : ` The bare-fork references are left out at ${referencesOut} in this profile.`),
    rows: profile.memSizes.map(({ defaultClock, effect3, n: count, python: withPython, references, repetitions }) => {
      const n = String(count)
      const edition = effect3 === false ? { effect3: false } : {}
      return {
        id: `memory-${count}`,
        title: `waitN(${size(count)}, ·) live memory per pending wait`,
        implementations: [
          ...peers(available, ["mem", n], gcFlags, withPython !== false),
          ...(defaultClock === false ? [] : [{ ...ours(["mem", n, "waitn"], gcFlags), ...edition }]),
          { ...oursLiveClock(["mem", n], gcFlags), ...edition },
          {
            id: "ours-virtual",
            label: "effect-asyncio, VirtualTime.run",
            kind: "ours" as const,
            args: ["mem", n],
            flags: gcFlags,
            runner: "ours-virtual-time" as const,
            ...edition
          },
          ...(references === false ? [] : [
            {
              ...reference(
                "fiber-wait",
                "reference: bare Effect.forkChild(waitRandom(·)) per wait",
                ["mem", n, "fiber-wait"],
                gcFlags
              ),
              ...edition
            },
            {
              ...reference("fiber-sleep", "reference: bare Effect.forkChild(Effect.sleep(·)) per wait", [
                "mem",
                n,
                "fiber-sleep"
              ], gcFlags),
              ...edition
            }
          ])
        ],
        repetitions,
        metrics: [{
          label: "live bytes per pending wait",
          unit: "B",
          better: "lower",
          samples: field("bytes_per_wait"),
          format: bytes
        }, {
          label: "launch",
          unit: "s",
          better: "lower",
          samples: present("launch_s"),
          format: millis
        }],
        target: (available.python && withPython !== false) || count >= 1_000_000
          ? {
            text: [
              ...(available.python && withPython !== false ? ["ours on LiveClock and in VirtualTime ≤ Python's"] : []),
              ...(count >= 1_000_000 ? [`${size(count)} pending fit Node's default heap on both`] : [])
            ].join("; "),
            met: (medians) => {
              const python = medians.get("python")
              const ours = [medians.get("ours-live"), medians.get("ours-virtual")]
              if (count >= 1_000_000 && ours.some((value) => value === undefined)) {
                return false
              }
              const measured = ours.filter((value) => value !== undefined)
              return !available.python || withPython === false ? true : measured.length === 0 || python === undefined
                ? undefined
                : measured.every((value) => value <= python)
            }
          }
          : undefined,
        note: "the bare fork of a plain sleep shows what the exercise's own wait (a Random draw, its continuation) adds"
      }
    })
  }
}
