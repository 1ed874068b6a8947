/**
 * Workload 4b (the virtual-time issue): waitN(n, 10) under auto-advancing virtual time (`VirtualTime.run`) against
 * driving the same program with `TestClock.adjust`, wall time of the call.
 */
import { field, millis, size } from "./common.js"
import type { Group, Workload } from "./types.js"

export const virtualTime: Workload = (profile, available): Group => {
  const { maxDelay, n, repetitions } = profile.virtual
  const args = (driver: string) => [driver, String(n), String(maxDelay)]
  return {
    id: "virtual-time",
    title: "Virtual time",
    description: `waitN(${size(n)}, ${maxDelay}) with the same seeded delays, run to completion: ` +
      "`VirtualTime.run` against fork + `TestClock.adjust` + join under `TestContext`. In each process: one untimed " +
      "warm-up of the same driver on waitN(1_000, ·), then the timed calls (VirtualTime.run 5 times, TestClock once: " +
      "40 s a call, bound by real timer turns): the median call is the steady state a test suite sees after its " +
      "first test; the first timed call also pays for growing the heap." +
      (n === 10_000 ? "" : " SHORTENED for --quick (the issue's row is waitN(10_000, 10)).") +
      " Ratio column: each driver ÷ VirtualTime.run.",
    rows: available.virtualTime
      ? [{
        id: "virtual-time",
        title: `waitN(${size(n)}, ${maxDelay}) in virtual time, wall`,
        implementations: [
          {
            id: "ours-virtual",
            label: "effect-asyncio VirtualTime.run",
            kind: "ours",
            args: args("virtual"),
            runner: "ours-virtual-time"
          },
          {
            id: "testclock",
            label: "Effect TestClock.adjust",
            kind: "reference",
            args: args("testclock"),
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
          text: "VirtualTime.run ≥ 100× faster than TestClock.adjust (median call)",
          met: (medians) => {
            const virtual = medians.get("ours-virtual")
            const testClock = medians.get("testclock")
            return virtual === undefined || testClock === undefined ? undefined : testClock / virtual >= 100
          }
        }
      }]
      : []
  }
}
