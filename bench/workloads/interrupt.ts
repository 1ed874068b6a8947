/**
 * Workload 4c (issue 18): interruption with every wait pending. The library's own `Fiber.interrupt` of a `waitN(n,
 * 100000)` whose waits have all reached their sleep, on both clocks, against Python cancelling every task `wait_n`
 * started (asyncio's `as_completed` leaves its tasks running when the awaiting task is cancelled, so the peer
 * cancels them all and gathers them).
 */
import { field, leftOut, millis, ours, oursLiveClock, present, python, size } from "./common.js"
import type { Group, Workload } from "./types.js"

/** The library's interruption should take at most this long with a million waits pending (issue 18). */
const limit = 0.5

export const interrupt: Workload = (profile, available): Group => ({
  id: "interrupt",
  title: "Interrupting a million waits",
  description: "waitN(n, 100000) forked and left until every wait is pending (Effect's default clock: as many " +
    "Node timers armed; LiveClock: the event loop idle for 3 × 100 ms; Python: as many timers scheduled), then " +
    "interrupted: the wall time of `Fiber.interrupt`, which returns once every wait has been interrupted; Python " +
    "cancels every task of its loop and gathers them. CPU time (user + system) of the process during the " +
    "interruption beside it: on a loaded machine the wall time is several times the CPU time. The launch column is how long the waits took to become " +
    "pending. One process per sample." +
    (leftOut(profile.interrupt, "python") === ""
      ? ""
      : ` Python is left out at ${leftOut(profile.interrupt, "python")} in this profile (minutes to start).`) +
    (leftOut(profile.interrupt, "defaultClock") === ""
      ? ""
      : ` Effect's default clock is left out at ${leftOut(profile.interrupt, "defaultClock")} in this profile.`),
  rows: profile.interrupt.map(({ defaultClock, n, python: withPython, repetitions }) => {
    const args = ["interrupt", String(n)]
    return {
      id: `interrupt-${n}`,
      title: `interrupt waitN(${size(n)}, ·), every wait pending`,
      implementations: [
        ...(available.python && withPython !== false ? [python(args)] : []),
        ...(defaultClock === false ? [] : [ours(args)]),
        oursLiveClock(args)
      ],
      repetitions,
      metrics: [
        { label: "interruption, wall", unit: "s", better: "lower", samples: field("interrupt_s"), format: millis },
        {
          label: "its CPU time",
          unit: "s",
          better: "lower",
          samples: present("interrupt_cpu_s"),
          format: millis
        },
        { label: "launch", unit: "s", better: "lower", samples: present("launch_s"), format: millis }
      ],
      baseline: available.python && withPython !== false ? "python" : "ours-live",
      target: {
        text: `LiveClock ≤ ${limit * 1000} ms`,
        met: (medians) => {
          const live = medians.get("ours-live")
          return live === undefined ? undefined : live <= limit
        }
      }
    }
  })
})
