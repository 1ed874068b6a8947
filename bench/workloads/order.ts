/**
 * Workload 4a (the live-clock issue): completion order on the real clock. Each process runs waitN `runs` times and
 * counts the inversions of each list; a run is sorted when it has none.
 */
import { count, ours, oursLiveClock, peers, size } from "./common.js"
import type { Output, Row, Workload } from "./types.js"

const inversions = (outputs: ReadonlyArray<Output>): Array<number> =>
  outputs.flatMap((output) => output.inversions as ReadonlyArray<number>)

export const order: Workload = (profile, available) => ({
  id: "order",
  title: "Completion order on the real clock",
  description: "waitN(n, maxDelay) run after run in one process: how many lists came out sorted, and the median " +
    "number of inverted pairs (a random order of 1,000 has 249,750).",
  rows: profile.orderRuns.map(({ maxDelay, n, runs }): Row => {
    const args = ["order", String(n), String(maxDelay), String(runs)]
    const sortAll = maxDelay >= 1
    return {
      id: `order-${n}-${maxDelay}`,
      title: `waitN(${size(n)}, ${maxDelay}) order, ${runs} runs`,
      implementations: [...peers(available, args), ours(args), ...oursLiveClock(available, args)],
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
            text: `LiveClock: ${runs} of ${runs} sorted`,
            met: (_, all) => {
              const live = all.get("ours-live")
              return live === undefined ? undefined : live[1] === runs
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
