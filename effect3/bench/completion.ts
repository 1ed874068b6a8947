/**
 * `Completion.all` against `Completion.stream` (collected with `Stream.runCollect`), with `Stream.mapEffect(...,
 * { unordered: true })` collected the same way as a reference (the engine `Completion.stream` had before it shared
 * the engine of `all`), side by side in one run: N immediate (`Effect.succeed`) or sleeping (1 to 100 ms) effects,
 * on Effect's default clock or under `VirtualTime.run`.
 *
 * Run it: `npx tsx bench/completion.ts` (sizes 10,000 and 100,000, 3 samples a cell), or with `--quick` (sizes
 * 1,000 and 10,000, 1 sample). Options: `--sizes=10000,100000`, `--samples=3`, `--concurrency=unbounded|N`,
 * `--timeout=60` (seconds per sample; a sample that takes longer is reported as `> timeout`).
 *
 * Each sample is its own process (`node --import tsx bench/completion.ts --cell=...`), which first runs the same
 * implementation once on min(N, 1,000) effects (JIT warm-up) and then times one call; the samples of a row take
 * turns across the implementations, and a cell reports the median wall time of its samples. Ratios are against
 * `Completion.all` in the same row.
 */
import { Chunk, Duration, Effect, Stream } from "effect"
import * as Completion from "effect-asyncio/Completion"
import * as VirtualTime from "effect-asyncio/VirtualTime"
import { spawnSync } from "node:child_process"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

type Implementation = "all" | "stream" | "mapEffect"
type Kind = "immediate" | "sleeping"
type Clock = "default" | "virtual"

const implementations: ReadonlyArray<readonly [Implementation, string]> = [
  ["all", "Completion.all"],
  ["stream", "Completion.stream"],
  ["mapEffect", "reference: Stream.mapEffect unordered"]
]

/** Effect `i` succeeds with `i`, at once or after 1 to 100 ms (not in input order). */
const effects = (n: number, kind: Kind): Array<Effect.Effect<number>> =>
  Array.from(
    { length: n },
    (_, i) => kind === "immediate" ? Effect.succeed(i) : Effect.as(Effect.sleep(Duration.millis((i * 37) % 100 + 1)), i)
  )

const collect = (
  implementation: Implementation,
  list: Array<Effect.Effect<number>>,
  concurrency: number | "unbounded"
): Effect.Effect<number> => {
  switch (implementation) {
    case "all":
      return Effect.map(Completion.all(list, { concurrency }), (results) => results.length)
    case "stream":
      return Effect.map(Stream.runCollect(Completion.stream(list, { concurrency })), (results) => Chunk.size(results))
    case "mapEffect":
      return Stream.fromIterable(list).pipe(
        Stream.mapEffect((effect) => effect, { concurrency, unordered: true }),
        Stream.runCollect,
        Effect.map((results) => Chunk.size(results))
      )
  }
}

const onClock = (clock: Clock, effect: Effect.Effect<number>): Effect.Effect<number, unknown> =>
  clock === "virtual" ? VirtualTime.run(effect) : effect

/** One sample, in this process: warm up, then time one call; milliseconds. */
const sample = (
  implementation: Implementation,
  kind: Kind,
  n: number,
  clock: Clock,
  concurrency: number | "unbounded"
): Effect.Effect<number, unknown> =>
  Effect.gen(function*() {
    yield* onClock(clock, collect(implementation, effects(Math.min(n, 1_000), kind), concurrency))
    const list = effects(n, kind)
    const start = performance.now()
    const count = yield* onClock(clock, collect(implementation, list, concurrency))
    const millis = performance.now() - start
    if (count !== n) {
      return yield* Effect.die(new Error(`${implementation} collected ${count} of ${n}`))
    }
    return millis
  })

const self = fileURLToPath(import.meta.url)
const root = path.resolve(path.dirname(self), "..")

/** Runs one sample in a child process: milliseconds, or undefined past the timeout. */
const child = (cell: string, timeoutSeconds: number): number | undefined => {
  const result = spawnSync(process.execPath, ["--import", "tsx", self, `--cell=${cell}`], {
    cwd: root,
    encoding: "utf8",
    timeout: timeoutSeconds * 1000
  })
  if (result.error !== undefined || result.status !== 0) {
    if (result.signal !== null) return undefined
    throw new Error(`sample ${cell} failed: ${result.stderr}`)
  }
  return Number(result.stdout.trim())
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const format = (millis: number | undefined, timeoutSeconds: number): string =>
  millis === undefined ?
    `> ${timeoutSeconds} s` :
    millis >= 1000 ?
    `${(millis / 1000).toFixed(2)} s` :
    `${millis.toFixed(0)} ms`

const main = (argv: ReadonlyArray<string>): void => {
  const option = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)
  const parseConcurrency = (value: string | undefined): number | "unbounded" =>
    value === undefined || value === "unbounded" ? "unbounded" : Number(value)
  const cell = option("cell")
  if (cell !== undefined) {
    const [implementation, kind, n, clock, concurrency] = cell.split(",")
    Effect.runPromise(
      sample(implementation as Implementation, kind as Kind, Number(n), clock as Clock, parseConcurrency(concurrency))
    ).then(
      (millis) => {
        process.stdout.write(`${millis}\n`)
        process.exit(0)
      },
      (error: unknown) => {
        process.stderr.write(`${String(error)}\n`)
        process.exit(1)
      }
    )
    return
  }
  const quick = argv.includes("--quick")
  const sizes = (option("sizes") ?? (quick ? "1000,10000" : "10000,100000")).split(",").map(Number)
  const samples = Number(option("samples") ?? (quick ? 1 : 3))
  const timeoutSeconds = Number(option("timeout") ?? 60)
  const concurrency = parseConcurrency(option("concurrency"))
  const lines = [
    `Completion: wall time of collecting N effects (concurrency ${concurrency}), median of ${samples}, ` +
    `each sample its own process; ratio against Completion.all in the same row`,
    "",
    `| clock | effects | N | ${implementations.map(([, title]) => title).join(" | ")} |`,
    `|---|---|---:|${implementations.map(() => "---:").join("|")}|`
  ]
  process.stderr.write(`${lines[0]}\n`)
  for (const clock of ["default", "virtual"] as const) {
    for (const kind of ["immediate", "sleeping"] as const) {
      for (const n of sizes) {
        // samples interleaved across the implementations, so that a change in the machine's load hits them alike
        const runs: Array<Array<number> | undefined> = implementations.map(() => [])
        for (let i = 0; i < samples; i++) {
          implementations.forEach(([implementation], j) => {
            if (runs[j] === undefined) return
            const millis = child([implementation, kind, n, clock, concurrency].join(","), timeoutSeconds)
            if (millis === undefined) runs[j] = undefined
            else runs[j].push(millis)
          })
        }
        const medians = runs.map((values) => values === undefined ? undefined : median(values))
        const all = medians[0]
        const cells = medians.map((millis, i) =>
          i === 0 || millis === undefined || all === undefined
            ? format(millis, timeoutSeconds)
            : `${format(millis, timeoutSeconds)} (×${(millis / all).toFixed(1)})`
        )
        const line = `| ${clock === "default" ? "default" : "VirtualTime"} | ${kind} | ${n} | ${cells.join(" | ")} |`
        lines.push(line)
        process.stderr.write(`${line}\n`)
      }
    }
  }
  process.stdout.write(`\n${lines.join("\n")}\n`)
}

if (process.argv[1] === self) {
  main(process.argv.slice(2))
}
