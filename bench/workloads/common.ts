/**
 * Builders shared by the workload files: the implementations and the usual metrics.
 */
import type { Availability, Implementation, Metric, Output, Size } from "./types.js"

/** The Python asyncio peer (`bench/peers/python/bench.py`). */
export const python = (args: ReadonlyArray<string>): Implementation => ({
  id: "python",
  label: "Python asyncio",
  kind: "peer",
  args,
  runner: "python"
})

/** The plain Node peer (`bench/peers/node/bench.mjs`). */
export const node = (args: ReadonlyArray<string>, flags?: ReadonlyArray<string>): Implementation => ({
  id: "node",
  label: "plain Node",
  kind: "peer",
  args,
  flags,
  runner: "node"
})

/** The peers available on this machine, Python first (unless `withPython` is false: a size that leaves it out). */
export const peers = (
  available: Availability,
  args: ReadonlyArray<string>,
  flags?: ReadonlyArray<string>,
  withPython: boolean = true
): Array<Implementation> => available.python && withPython ? [python(args), node(args, flags)] : [node(args, flags)]

/** Who a size of a row leaves out, said in a row's description: "Python at 1_000_000", or "" when nobody. */
export const leftOut = (
  sizes: ReadonlyArray<Size>,
  key: "effect3" | "python" | "defaultClock" | "references"
): string => {
  const out = sizes.filter((entry) => entry[key] === false).map((entry) => size(entry.n))
  return out.length === 0 ? "" : out.join(", ")
}

/** The library on Effect's default clock (`bench/ours/bench.ts`). */
export const ours = (
  args: ReadonlyArray<string>,
  flags?: ReadonlyArray<string>,
  label: string = "effect-asyncio, Effect's default clock"
): Implementation => ({ id: "ours", label, kind: "ours", args, flags, runner: "ours" })

/** The library on its `LiveClock` (`bench/ours/live-clock.ts`). */
export const oursLiveClock = (args: ReadonlyArray<string>, flags?: ReadonlyArray<string>): Implementation => ({
  id: "ours-live",
  label: "effect-asyncio, LiveClock",
  kind: "ours",
  args,
  flags,
  runner: "ours-live-clock"
})

/** A reference point measured with the library's runner (not a peer, not the library's answer). */
export const reference = (
  id: string,
  label: string,
  args: ReadonlyArray<string>,
  flags?: ReadonlyArray<string>
): Implementation => ({ id, label, kind: "reference", args, flags, runner: "ours" })

/** The numeric field `key` of every output. */
export const field = (key: string) => (outputs: ReadonlyArray<Output>): Array<number> =>
  outputs.map((output) => Number(output[key]))

/** The numeric field `key` of the outputs that have it (an edition's bench may not report it). */
export const present = (key: string) => (outputs: ReadonlyArray<Output>): Array<number> =>
  outputs.flatMap((output) => typeof output[key] === "number" ? [output[key]] : [])

/** Seconds printed as milliseconds, or as seconds from 10 s on. */
export const millis = (seconds: number): string =>
  seconds >= 10 ? `${seconds.toFixed(1)} s` : `${(seconds * 1000).toFixed(seconds < 0.1 ? 1 : 0)} ms`

/** Bytes with a thousands separator. */
export const bytes = (value: number): string => `${Math.round(value).toLocaleString("en-US")} B`

/** Elements per second in millions. */
export const perSecond = (value: number): string =>
  value >= 1e6 ? `${(value / 1e6).toFixed(2)} M/s` : `${(value / 1e3).toFixed(0)} k/s`

/** A plain count. */
export const count = (value: number): string => Math.round(value).toLocaleString("en-US")

/** Overhead of a waitN call: wall time minus its largest delay (the physical limit). */
export const overheadMetric: Metric = {
  label: "overhead = wall − largest delay",
  unit: "s",
  better: "lower",
  samples: field("overhead_s"),
  format: millis
}

/** `n` with thousands separators, as in the row titles. */
export const size = (n: number): string => n.toLocaleString("en-US").replace(/,/g, "_")
