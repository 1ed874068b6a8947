/**
 * Workload 4b (the virtual-time issue): waitN(n, 10) under auto-advancing virtual time (`VirtualTime.run`) against
 * driving the same program with `TestClock.adjust`, wall time of the call; and how `VirtualTime.run` scales with n.
 */
import { field, millis, size } from "./common.js"
import type { Group, Implementation, Row, Workload } from "./types.js"

const micros = (seconds: number): string => `${(seconds * 1e6).toFixed(seconds < 1e-5 ? 2 : 1)} µs`

const virtual = (id: string, label: string, n: number, maxDelay: number, calls?: number): Implementation => ({
  id,
  label,
  kind: "ours",
  args: ["virtual", String(n), String(maxDelay), ...(calls === undefined ? [] : [String(calls)])],
  runner: "ours-virtual-time"
})

export const virtualTime: Workload = (profile): Group => {
  const { maxDelay, n, repetitions } = profile.virtual
  const scaling = profile.virtualScaling
  const smallest = scaling.sizes[0]
  const largest = scaling.sizes[scaling.sizes.length - 1]
  // the last two sizes decide the target: n grows `factor` times, the wall time may grow at most 1.2 × `factor` times
  const previous = scaling.sizes[scaling.sizes.length - 2]
  const factor = previous === undefined || largest === undefined ? 1 : largest.n / previous.n
  const scalingRow: Array<Row> = smallest === undefined || largest === undefined || previous === undefined ? [] : [{
    id: "virtual-time-scaling",
    title: `VirtualTime.run(waitN(n, ${scaling.maxDelay})) from n = ${size(smallest.n)} to ${size(largest.n)}`,
    implementations: scaling.sizes.map(({ effect3, n }) => ({
      ...virtual(`virtual-${n}`, `effect-asyncio VirtualTime.run, n = ${size(n)}`, n, scaling.maxDelay, scaling.calls),
      ...(effect3 === false ? { effect3: false } : {})
    })),
    repetitions: scaling.repetitions,
    metrics: [
      {
        label: "wall per wait, median call",
        unit: "s",
        better: "lower",
        samples: (outputs) => outputs.map((output) => Number(output.wall_s) / Number(output.n)),
        format: micros
      },
      { label: "wall time, median call", unit: "s", better: "lower", samples: field("wall_s"), format: millis }
    ],
    baseline: `virtual-${smallest.n}`,
    target: {
      text: `linear: n = ${size(largest.n)} ≤ ${(1.2 * factor).toFixed(0)}× n = ${size(previous.n)} (wall time)`,
      met: (_, all) => {
        const small = all.get(`virtual-${previous.n}`)
        const large = all.get(`virtual-${largest.n}`)
        return small === undefined || large === undefined ? undefined : large[1]! <= 1.2 * factor * small[1]!
      }
    }
  }]
  return {
    id: "virtual-time",
    title: "Virtual time",
    description: `waitN(${size(n)}, ${maxDelay}) with the same seeded delays, run to completion: ` +
      "`VirtualTime.run` against fork + `TestClock.adjust` + join under Effect's `TestClock` (the TestClock driver " +
      "lets every fork reach its sleep before it adjusts: on Effect 4 an earlier adjust leaves the late sleepers " +
      "behind for good). In each process: one untimed warm-up of the same driver on waitN(1_000, ·), then 5 timed " +
      "calls (TestClock once on the Effect 3 edition, where each wake-up waited for real timer turns): the median " +
      "call is the steady state a test suite sees after its first test; the first timed call also pays for growing " +
      "the heap." +
      (n === 10_000 ? "" : " SHORTENED for --quick (the issue's row is waitN(10_000, 10)).") +
      " Ratio column: each driver ÷ VirtualTime.run. The scaling row runs the same `VirtualTime.run` at each n, " +
      `${scaling.calls === 1 ? "one timed call" : `${scaling.calls} timed calls`} after the warm-up at every n ` +
      "(ratio: ÷ the smallest n, per wait); the Effect 3 edition only where it finishes in reasonable time.",
    rows: [{
      id: "virtual-time",
      title: `waitN(${size(n)}, ${maxDelay}) in virtual time, wall`,
      implementations: [
        virtual("ours-virtual", "effect-asyncio VirtualTime.run", n, maxDelay),
        {
          id: "testclock",
          label: "Effect TestClock.adjust",
          kind: "reference",
          args: ["testclock", String(n), String(maxDelay)],
          runner: "ours-virtual-time"
        }
      ],
      repetitions,
      metrics: [
        {
          label: "wall time, median call",
          unit: "s",
          better: "lower",
          samples: field("wall_s"),
          format: millis
        },
        { label: "first timed call", unit: "s", better: "lower", samples: field("first_s"), format: millis }
      ],
      baseline: "ours-virtual",
      target: {
        text: "VirtualTime.run no slower than TestClock.adjust (median call)",
        met: (medians) => {
          const virtual = medians.get("ours-virtual")
          const testClock = medians.get("testclock")
          return virtual === undefined || testClock === undefined ? undefined : virtual <= testClock
        }
      }
    }, ...scalingRow]
  }
}
