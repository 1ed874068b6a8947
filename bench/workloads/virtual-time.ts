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
      "`VirtualTime.run` against fork + `TestClock.adjust` + join under `TestContext`; wall time of the call, " +
      "after one untimed warm-up of the same driver on waitN(1_000, ·) in the same process (the JIT cost a test suite " +
      "pays once per worker, not per test)." +
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
        metrics: [{ label: "wall time", unit: "s", better: "lower", samples: field("wall_s"), format: millis }],
        baseline: "ours-virtual",
        target: {
          text: "VirtualTime.run ≥ 100× faster than TestClock.adjust",
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
