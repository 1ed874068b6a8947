/**
 * Workload 4a (the live-clock issue): completion order on the real clock. Each process runs waitN `runs` times and
 * counts the inversions of each list; a run is sorted when it has none. Beside them, the command itself (issue 20):
 * `effect-asyncio wait-n` bundled as `npm run build` bundles it, in `runs` cold processes, idle and under load.
 */
import { count, ours, oursLiveClock, peers, size } from "./common.js"
import type { Implementation, Output, Row, Workload } from "./types.js"

const inversions = (outputs: ReadonlyArray<Output>): Array<number> =>
  outputs.flatMap((output) => output.inversions as ReadonlyArray<number>)

/** The bundled command (`bench/ours/package.ts order`), on an idle machine and under two CPU-bound processes. */
const command = (args: ReadonlyArray<string>): Array<Implementation> => [
  { id: "ours-command", label: "effect-asyncio wait-n, cold processes", kind: "ours", args, runner: "ours-package" },
  {
    id: "ours-command-load",
    label: "effect-asyncio wait-n, cold processes beside two CPU-bound ones",
    kind: "ours",
    args: [...args, "load"],
    runner: "ours-package"
  }
]

/** The implementations that promise sorted lists: the library on its `LiveClock`, and the command. */
const sorting = ["ours-live", "ours-command", "ours-command-load"]

export const order: Workload = (profile, available) => ({
  id: "order",
  title: "Completion order on the real clock",
  description: "waitN(n, maxDelay) run after run in one process: how many lists came out sorted, and the median " +
    "number of inverted pairs (a random order of 1,000 has 249,750). The command rows run `effect-asyncio wait-n n " +
    "maxDelay` (bundled as `npm run build` bundles it) once per cold process, on the live clock, its output a pipe.",
  rows: profile.orderRuns.map(({ command: withCommand, maxDelay, n, runs }): Row => {
    const args = ["order", String(n), String(maxDelay), String(runs)]
    const sortAll = maxDelay >= 1
    return {
      id: `order-${n}-${maxDelay}`,
      title: `waitN(${size(n)}, ${maxDelay}) order, ${runs} runs`,
      implementations: [
        ...peers(available, args),
        ours(args),
        ...oursLiveClock(available, args),
        ...(withCommand && available.liveClock ? command(args) : [])
      ],
      repetitions: 1,
      metrics: [
        {
          label: "median inversions",
          unit: "",
          better: "lower",
          samples: inversions,
          format: count
        },
        {
          label: `sorted runs of ${runs}`,
          unit: "",
          better: "higher",
          samples: (outputs) => [inversions(outputs).filter((value) => value === 0).length],
          format: count
        }
      ],
      target: available.liveClock
        ? sortAll
          ? {
            text: `LiveClock${withCommand ? " and the command" : ""}: ${runs} of ${runs} sorted`,
            met: (_, all) => {
              const measured = sorting.flatMap((id) => all.has(id) ? [all.get(id)!] : [])
              return measured.length === 0 ? undefined : measured.every((medians) => medians[1] === runs)
            }
          }
          : {
            text: "LiveClock: fewer inversions than every peer",
            met: (medians) => {
              const live = medians.get("ours-live")
              const peerValues = ["python", "node"].flatMap((id) => medians.has(id) ? [medians.get(id)!] : [])
              return live === undefined ? undefined : peerValues.every((value) => live < value)
            }
          }
        : undefined
    }
  })
})
