/**
 * Workload 1a: the overhead of `waitN(n, 1)`, wall time minus the largest delay, at each size of the profile.
 */
import { ours, oursLiveClock, overheadMetric, peers, reference, size } from "./common.js"
import type { Workload } from "./types.js"

export const waitN: Workload = (profile, available) => ({
  id: "wait-n",
  title: "waitN overhead",
  description: `waitN(n, ${profile.waitMaxDelay}): wall time of one call minus its largest delay (the physical ` +
    "limit), measured in-process around the call, first call of a fresh process.",
  rows: profile.waitSizes.map(({ effect3, n, repetitions }) => {
    const args = ["waitn", String(n), String(profile.waitMaxDelay)]
    const edition = effect3 === false ? { effect3: false } : {}
    return {
      id: `wait-n-${n}`,
      title: `waitN(${size(n)}, ${profile.waitMaxDelay}) overhead`,
      implementations: [
        ...peers(available, args),
        { ...ours(args), ...edition },
        { ...oursLiveClock(args), ...edition },
        {
          ...reference("bare-fibers", "reference: n bare Effect fibers (fork, sleep), joined one by one", [
            "waitn-bare",
            String(n),
            String(profile.waitMaxDelay)
          ]),
          ...edition
        }
      ],
      repetitions,
      metrics: [overheadMetric],
      target: available.python
        ? {
          text: `LiveClock below Python's${n >= 100_000 ? ", and within 3× plain Node's" : ""}`,
          met: (medians) => {
            const python = medians.get("python")
            const node = medians.get("node")
            const live = medians.get("ours-live")
            return python === undefined || live === undefined || (n >= 100_000 && node === undefined)
              ? undefined
              : live < python && (n < 100_000 || live <= 3 * node!)
          }
        }
        : undefined
    }
  })
})
