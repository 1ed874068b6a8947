/**
 * Workload 1a: the overhead of `waitN(n, 1)`, wall time minus the largest delay, at 1,000, 10,000 and 100,000.
 */
import { ours, oursLiveClock, overheadMetric, peers, reference, size } from "./common.js"
import type { Workload } from "./types.js"

export const waitN: Workload = (profile, available) => ({
  id: "wait-n",
  title: "waitN overhead",
  description: `waitN(n, ${profile.waitMaxDelay}): wall time of one call minus its largest delay (the physical ` +
    "limit), measured in-process around the call, first call of a fresh process.",
  rows: profile.waitSizes.map(({ n, repetitions }) => {
    const args = ["waitn", String(n), String(profile.waitMaxDelay)]
    return {
      id: `wait-n-${n}`,
      title: `waitN(${size(n)}, ${profile.waitMaxDelay}) overhead`,
      implementations: [
        ...peers(available, args),
        ours(args),
        ...oursLiveClock(available, args),
        reference("bare-fibers", "reference: n bare Effect.fork(sleep), joined one by one", [
          "waitn-bare",
          String(n),
          String(profile.waitMaxDelay)
        ])
      ],
      repetitions,
      metrics: [overheadMetric],
      target: n >= 10_000 && available.python
        ? {
          text: "ours (either clock) below Python's",
          met: (medians) => {
            const python = medians.get("python")
            const best = Math.min(medians.get("ours") ?? Infinity, medians.get("ours-live") ?? Infinity)
            return python === undefined ? undefined : best < python
          }
        }
        : undefined
    }
  })
})
