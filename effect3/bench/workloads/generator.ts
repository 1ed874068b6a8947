/**
 * Workload 3: per-element cost of the exercise's generator with a zero interval, collected by the async
 * comprehension, against a native async generator and the hand-made async-iterator class in Node and Python.
 */
import { field, node, ours, perSecond, python, reference } from "./common.js"
import type { Implementation, Workload } from "./types.js"

export const generator: Workload = (profile, available) => {
  const items = String(profile.genItems)
  const pythonRows: Array<Implementation> = available.python
    ? [
      { ...python(["gen", items]), id: "python", label: "Python async generator" },
      { ...python(["iterclass", items]), id: "python-class", label: "Python async iterator class" }
    ]
    : []
  return {
    id: "generator",
    title: "Generator, zero interval",
    description: `${profile.genItems.toLocaleString("en-US")} random numbers collected by the comprehension ` +
      "(`[i async for i in gen]`, `for await`, `asyncComprehension({ count, interval: 0 })`); elements per second. " +
      `The Stream.repeatEffect reference runs ${profile.repeatEffectItems.toLocaleString("en-US")} elements.`,
    rows: [{
      id: "generator",
      title: `async generator, ${profile.genItems.toLocaleString("en-US").replace(/,/g, "_")} elements`,
      implementations: [
        ...pythonRows,
        { ...node(["gen", items]), id: "node", label: "Node native async generator" },
        { ...node(["iterclass", items]), id: "node-class", label: "Node async iterator class" },
        ours(["gen", items, "library"], undefined, "effect-asyncio asyncGenerator"),
        reference("repeat-effect", "reference: Stream.repeatEffect(Random.nextRange) + take", [
          "gen",
          String(profile.repeatEffectItems),
          "repeat-effect"
        ])
      ],
      repetitions: profile.repetitions,
      metrics: [{
        label: "elements per second",
        unit: "/s",
        better: "higher",
        samples: field("items_per_s"),
        format: perSecond
      }],
      target: {
        text: "ours ≥ Node's native async generator",
        met: (medians) => {
          const ours = medians.get("ours")
          const native = medians.get("node")
          return ours === undefined || native === undefined ? undefined : ours >= native
        }
      }
    }]
  }
}
