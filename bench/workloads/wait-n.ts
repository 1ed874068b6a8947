/**
 * Workload 1a: the overhead of `waitN(n, 1)`, wall time minus the largest delay, at each size of the profile, with
 * the inversions of the list each call returned (the live clock promises none).
 */
import { count, ours, oursLiveClock, overheadMetric, peers, present, reference, size } from "./common.js"
import type { Implementation, Workload } from "./types.js"

export const waitN: Workload = (profile, available) => ({
  id: "wait-n",
  title: "waitN overhead",
  description: `waitN(n, ${profile.waitMaxDelay}): wall time of one call minus its largest delay (the physical ` +
    "limit), measured in-process around the call, first call of a fresh process; and the inversions of the list " +
    "it returned (pairs out of completion order; the Effect 3 edition's bench does not count them). At 1,000,000 " +
    "the launch of the waits takes far longer than the 1 s they wait, so the overhead is nearly the whole call." +
    (profile.waitSizes.some(({ effect3 }) => effect3 === false)
      ? ` The Effect 3 edition is left out at ${
        profile.waitSizes.filter(({ effect3 }) => effect3 === false).map(({ n }) => size(n)).join(", ")
      } (4.5 KB a pending wait: it does not fit in the default heap).`
      : "") +
    (profile.waitSizes.some(({ bare }) => bare === false)
      ? ` The bare-fibers reference is left out at ${
        profile.waitSizes.filter(({ bare }) => bare === false).map(({ n }) => size(n)).join(", ")
      } in this profile (time).`
      : ""),
  rows: profile.waitSizes.map(({ bare, effect3, n, repetitions }) => {
    const args = ["waitn", String(n), String(profile.waitMaxDelay)]
    const edition = effect3 === false ? { effect3: false } : {}
    const bareFibers: Array<Implementation> = bare === false ? [] : [{
      ...reference("bare-fibers", "reference: n bare Effect fibers (fork, sleep), joined one by one", [
        "waitn-bare",
        String(n),
        String(profile.waitMaxDelay)
      ]),
      ...edition
    }]
    return {
      id: `wait-n-${n}`,
      title: `waitN(${size(n)}, ${profile.waitMaxDelay}) overhead`,
      implementations: [
        ...peers(available, args),
        { ...ours(args), ...edition },
        { ...oursLiveClock(args), ...edition },
        ...bareFibers
      ],
      repetitions,
      metrics: [overheadMetric, {
        label: "inversions (median)",
        unit: "",
        better: "lower",
        samples: present("inversions"),
        format: count
      }],
      target: {
        text:
          (available.python ? `LiveClock below Python's${n >= 100_000 ? ", and within 3× plain Node's" : ""}; ` : "") +
          "0 inversions on LiveClock",
        met: (medians, all) => {
          const python = medians.get("python")
          const node = medians.get("node")
          const live = all.get("ours-live")
          if (
            live === undefined || (available.python && python === undefined) || (n >= 100_000 && node === undefined)
          ) {
            return undefined
          }
          const [overhead, inversions] = [live[0]!, live[1]!]
          return (python === undefined || overhead < python) && (n < 100_000 || overhead <= 3 * node!) &&
            inversions === 0
        }
      }
    }
  })
})
