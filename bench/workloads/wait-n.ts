/**
 * Workload 1a: the overhead of `waitN(n, 1)`, wall time minus the largest delay, at each size of the profile, with
 * the inversions of the list each call returned (the live clock promises none).
 */
import { count, leftOut, ours, oursLiveClock, overheadMetric, peers, present, reference, size } from "./common.js"
import type { Implementation, Workload } from "./types.js"

export const waitN: Workload = (profile, available) => ({
  id: "wait-n",
  title: "waitN overhead",
  description: `waitN(n, ${profile.waitMaxDelay}): wall time of one call minus its largest delay (the physical ` +
    "limit), measured in-process around the call, first call of a fresh process; and the inversions of the list " +
    "it returned (pairs out of completion order; the Effect 3 edition's bench does not count them). At 1,000,000 " +
    "the launch of the waits takes far longer than the 1 s they wait, so the overhead is nearly the whole call." +
    (leftOut(profile.waitSizes, "effect3") === ""
      ? ""
      : ` The Effect 3 edition is left out at ${
        leftOut(profile.waitSizes, "effect3")
      } (4.5 KB a pending wait: a million do not fit in the default heap).`) +
    (leftOut(profile.waitSizes, "python") === ""
      ? ""
      : ` Python is left out at ${leftOut(profile.waitSizes, "python")} in this profile (minutes a sample).`) +
    (leftOut(profile.waitSizes, "references") === ""
      ? ""
      : ` The bare-fibers reference is left out at ${leftOut(profile.waitSizes, "references")} in this profile.`),
  rows: profile.waitSizes.map(({ effect3, n, python: withPython, references, repetitions }) => {
    const args = ["waitn", String(n), String(profile.waitMaxDelay)]
    const edition = effect3 === false ? { effect3: false } : {}
    const bareFibers: Array<Implementation> = references === false ? [] : [{
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
        ...peers(available, args, undefined, withPython !== false),
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
        text: [
          ...(available.python && withPython !== false ? ["LiveClock below Python's"] : []),
          ...(n >= 100_000 ? ["within 3× plain Node's"] : []),
          "0 inversions on LiveClock"
        ].join("; "),
        met: (medians, all) => {
          const python = medians.get("python")
          const node = medians.get("node")
          const live = all.get("ours-live")
          const withoutPython = !available.python || withPython === false
          if (live === undefined || (!withoutPython && python === undefined) || (n >= 100_000 && node === undefined)) {
            return undefined
          }
          const [overhead, inversions] = [live[0]!, live[1]!]
          return (withoutPython || overhead < python!) && (n < 100_000 || overhead <= 3 * node!) &&
            inversions === 0
        }
      }
    }
  })
})
