/**
 * Workload 2: `measureRuntime()` on the real clock: seconds above the ideal (10 for the exercise's 10 × 1 s).
 */
import { field, millis, ours, oursLiveClock, peers } from "./common.js"
import type { Workload } from "./types.js"

export const runtime: Workload = (profile, available) => {
  const { count, interval, repetitions } = profile.runtime
  const ideal = count * interval
  const args = ["runtime", String(count), String(interval)]
  const exercise = count === 10 && interval === 1
  return {
    id: "runtime",
    title: "measureRuntime on the real clock",
    description: `measureRuntime with ${count} steps of ${interval} s (ideal ${ideal} s)` +
      (exercise ? "" : `, SHORTENED for --quick (the exercise is 10 × 1 s)`) +
      ": real (wall) seconds above the ideal, measured around the call, and what measureRuntime reports on its " +
      "own clock (LiveClock reports program time: each woken fiber reads its own deadline).",
    rows: [{
      id: "runtime",
      title: `measureRuntime (${count} × ${interval} s) time above ideal ${ideal} s`,
      implementations: [...peers(available, args), ours(args), ...oursLiveClock(available, args)],
      repetitions,
      metrics: [
        { label: "wall − ideal", unit: "s", better: "lower", samples: field("excess_s"), format: millis },
        {
          label: "its own reading − ideal",
          unit: "s",
          better: "lower",
          samples: (outputs) => field("runtime_s")(outputs).map((seconds) => seconds - ideal),
          format: millis
        }
      ],
      target: available.liveClock
        ? {
          text: "LiveClock within 5 ms of the ideal",
          met: (medians) => {
            const live = medians.get("ours-live")
            return live === undefined ? undefined : live <= 0.005
          }
        }
        : undefined
    }]
  }
}
