/**
 * What a label costs when nobody watches: `waitN(10_000, 1)`'s overhead and the live memory per pending wait, with
 * each child of `waitN` labelled in one of these ways (ratios against `cheap`, the label `waitN` shipped before
 * labels could become spans):
 *
 *   none         no label at all (the floor)
 *   cheap        a FiberRef read, then the effect unchanged (no recorder installed: the default path for users)
 *   shipped      the label `waitN` uses now (`src/internal/timeline.ts`), with nothing observing
 *   span-off     `Effect.withSpan(name, { captureStackTrace: false })` with tracing disabled (no tracer at work:
 *                Effect v3 always has a tracer service, so "none installed" means `Effect.withTracerEnabled(false)`)
 *   span         `Effect.withSpan(name, { captureStackTrace: false })` on Effect's default (native) tracer
 *   span-stack   `Effect.withSpan(name)` as a user writes it (it also captures a call-site stack trace)
 *
 * Every sample runs in a fresh process (`--expose-gc`), the variants alternating sample after sample. Overhead is
 * the wall time of one call minus its largest delay, for each of `calls` calls after one untimed warm-up call of the
 * same size with 10 ms delays; CPU is the process's user + system time during the call (steadier than wall time on
 * a busy machine). Memory is the live heap after forced GC with `waitN(memN, 100_000)` pending, divided by memN.
 *
 * Run it: `npx tsx bench/spans.ts [--samples=5] [--calls=3] [--n=10000] [--mem-n=20000] [--mem-samples=1]`
 */
import { Effect, Fiber } from "effect"
import { all } from "effect-asyncio/Completion"
import { spawn } from "node:child_process"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as delay from "../src/internal/delay.js"
import * as timeline from "../src/internal/timeline.js"
import { liveHeap, MemMaxDelay, secondsSince, untilArmed } from "./ours/common.js"

type Label = (self: Effect.Effect<number>, name: string) => Effect.Effect<number>

/** The no-recorder path of the label shipped until now: one FiberRef read, then the effect unchanged. */
const cheapRef = timeline.currentRecorder
const cheap: Label = (self) =>
  Effect.withFiberRuntime((fiber) => fiber.getFiberRef(cheapRef) === undefined ? self : self)

const labels: Record<string, Label> = {
  none: (self) => self,
  cheap,
  shipped: (self, name) => timeline.label(self, name),
  "span-off": (self, name) => Effect.withSpan(self, name, { captureStackTrace: false }),
  span: (self, name) => Effect.withSpan(self, name, { captureStackTrace: false }),
  "span-stack": (self, name) => Effect.withSpan(self, name)
}

const variants = Object.keys(labels)

/** `waitN` with the given label on each child: the same body as `Wait.waitN`, minus its argument checks. */
const waitN = (n: number, maxDelay: number, label: Label): Effect.Effect<Array<number>> =>
  all(Array.from({ length: n }, (_, i) => label(delay.waitRandom(maxDelay), `wait-${i}`)))

const inRegion = <A>(variant: string, effect: Effect.Effect<A>): Effect.Effect<A> =>
  variant === "span-off" ? Effect.withTracerEnabled(effect, false) : effect

const overhead = (variant: string, n: number, label: Label, calls: number) =>
  Effect.gen(function*() {
    yield* inRegion(variant, waitN(n, 0.01, label))
    const overheads: Array<number> = []
    const cpus: Array<number> = []
    for (let call = 0; call < calls; call++) {
      const cpu = process.cpuUsage()
      const start = performance.now()
      const delays = yield* inRegion(variant, waitN(n, 1, label))
      const elapsed = secondsSince(start)
      const used = process.cpuUsage(cpu)
      overheads.push(elapsed - delays.reduce((a, b) => Math.max(a, b), 0))
      cpus.push((used.user + used.system) / 1e6)
    }
    return { overhead_s: overheads, cpu_s: cpus }
  })

const memory = (variant: string, n: number, label: Label) =>
  Effect.gen(function*() {
    const before = yield* liveHeap
    const fiber = yield* Effect.fork(inRegion(variant, waitN(n, MemMaxDelay, label)))
    yield* untilArmed(n)
    const after = yield* liveHeap
    yield* Fiber.interrupt(fiber)
    return { bytes_per_wait: (after - before) / n }
  })

const child = (kind: string, variant: string, n: number, calls: number): void => {
  const label = labels[variant]
  if (label === undefined) {
    throw new Error(`unknown variant ${variant}`)
  }
  const program: Effect.Effect<object> = kind === "mem" ? memory(variant, n, label) : overhead(variant, n, label, calls)
  Effect.runPromise(program).then((result) => {
    console.log(JSON.stringify(result))
    process.exit(0)
  }, (error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}

const self = fileURLToPath(import.meta.url)
const root = path.resolve(path.dirname(self), "..")

const sample = (kind: string, variant: string, n: number, calls = 1): Promise<Record<string, number | Array<number>>> =>
  new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, [
      "--expose-gc",
      "--import",
      "tsx",
      self,
      "child",
      kind,
      variant,
      `${n}`,
      `${calls}`
    ], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"]
    })
    let out = ""
    process_.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString()
    })
    process_.on("error", reject)
    process_.on("close", (code) => {
      const line = out.trim().split("\n").pop() ?? ""
      return code === 0 && line.startsWith("{")
        ? resolve(JSON.parse(line) as Record<string, number | Array<number>>)
        : reject(new Error(`${kind} ${variant} exited with ${code}`))
    })
  })

interface Samples {
  overhead: Array<number>
  cpu: Array<number>
  readonly bytes: Array<number>
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const main = async (argv: ReadonlyArray<string>): Promise<void> => {
  const option = (name: string, fallback: number) =>
    Number(argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback)
  const samples = option("samples", 5)
  const calls = option("calls", 3)
  const n = option("n", 10_000)
  const memN = option("mem-n", 20_000)
  const memSamples = option("mem-samples", 1)
  const log = (line: string) => process.stderr.write(`${line}\n`)
  const started = performance.now()
  const results = new Map(variants.map((variant): [string, Samples] => [variant, { overhead: [], cpu: [], bytes: [] }]))
  for (let round = 0; round < Math.max(samples, memSamples); round++) {
    // rotate the order each round (A B C, B C A, ...), so no variant always runs first
    const order = variants.map((_, i) => variants[(i + round) % variants.length]!)
    for (const variant of order) {
      const result = results.get(variant)!
      if (round < samples) {
        const timed = await sample("time", variant, n, calls)
        result.overhead = result.overhead.concat(timed.overhead_s as Array<number>)
        result.cpu = result.cpu.concat(timed.cpu_s as Array<number>)
      }
      if (round < memSamples) {
        result.bytes.push((await sample("mem", variant, memN)).bytes_per_wait as number)
      }
    }
    log(`spans: round ${round + 1} done (${((performance.now() - started) / 1000).toFixed(0)} s)`)
  }
  const base = results.get("cheap")!
  const baseOverhead = median(base.overhead)
  const baseCpu = median(base.cpu)
  const baseBytes = median(base.bytes)
  const ms = (seconds: number) => `${(seconds * 1000).toFixed(1)} ms`
  const ratio = (value: number, of: number) => `${(value / of).toFixed(2)}×`
  const lines = [
    `waitN(${n.toLocaleString("en-US")}, 1) on Effect's default clock: ${samples} fresh processes per variant, ` +
    `${calls} timed calls each after a warm-up (median of all); memory with waitN(${memN.toLocaleString("en-US")}, ` +
    `${MemMaxDelay}) pending, ${memSamples} process(es) per variant; load average at start ${
      os.loadavg().map((x) => x.toFixed(2)).join(" ")
    }`,
    "",
    "| label | overhead | ratio | CPU during the call | ratio | live bytes per pending wait | ratio |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...variants.map((variant) => {
      const result = results.get(variant)!
      const overhead = median(result.overhead)
      const cpu = median(result.cpu)
      const bytes = median(result.bytes)
      return `| ${variant} | ${ms(overhead)} | ${ratio(overhead, baseOverhead)} | ${ms(cpu)} | ${
        ratio(cpu, baseCpu)
      } | ` +
        `${Math.round(bytes).toLocaleString("en-US")} B | ${ratio(bytes, baseBytes)} |`
    }),
    "",
    `spread of the overhead (min – max): ${
      variants.map((variant) => {
        const values = results.get(variant)!.overhead
        return `${variant} ${ms(Math.min(...values))} – ${ms(Math.max(...values))}`
      }).join("; ")
    }`,
    `${((performance.now() - started) / 1000).toFixed(0)} s in all`
  ]
  process.stdout.write(lines.join("\n") + "\n")
}

const [mode, kind, variant, size, calls] = process.argv.slice(2)
if (mode === "child" && kind !== undefined && variant !== undefined) {
  child(kind, variant, Number(size), Number(calls))
} else if (process.argv[1] === self) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
