/**
 * The benchmark runner: runs every row's implementations as subprocesses, alternating them repetition after
 * repetition, and summarizes each as median, spread and ratio to the best peer (and, for the main line's rows, to
 * the same row on the Effect 3 edition); renders JSON and a markdown table.
 */
import { spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { scalingSvg } from "./chart.js"
import type {
  Availability,
  Edition,
  Effect3,
  Group,
  Implementation,
  OursRunner,
  Output,
  Profile,
  Row
} from "./workloads/types.js"

/** The repository root: every command of the main line runs from there. */
export const root: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")

/** Runs one implementation once and returns its JSON output. */
export type Executor = (implementation: Implementation) => Promise<Output>

/** The library's benchmark files, relative to the root of either edition. */
const scripts: Record<OursRunner, string> = {
  ours: "bench/ours/bench.ts",
  "ours-live-clock": "bench/ours/live-clock.ts",
  "ours-virtual-time": "bench/ours/virtual-time.ts",
  "ours-package": "bench/ours/package.ts",
  "ours-testing": "bench/ours/testing.ts"
}

const oursRunners = Object.keys(scripts) as ReadonlyArray<OursRunner>

const isOurs = (runner: Implementation["runner"]): runner is OursRunner => runner !== "python" && runner !== "node"

/** The Node every JavaScript process of a run uses: the library's commands (both editions) and the plain Node peer. */
export interface Setup {
  /** Its executable. */
  readonly node: string
  /** Its version, e.g. `v24.22.3`. */
  readonly version: string
  /** The Effect 3 edition, when present and installed. */
  readonly effect3: Effect3 | undefined
}

/** How one implementation is started: executable, arguments, and the folder it runs in. */
export interface Invocation {
  readonly command: string
  readonly args: ReadonlyArray<string>
  readonly cwd: string
}

/**
 * The process that runs an implementation. The Effect 3 edition's commands run in its own folder, so that `tsx`,
 * `effect` and its `effect-asyncio/*` paths resolve to its own `node_modules` and `src/`.
 */
export const invocation = (implementation: Implementation, setup: Setup): Invocation => {
  const flags = implementation.flags ?? []
  const runner = implementation.runner
  if (runner === "python") {
    return { command: "python3", args: ["bench/peers/python/bench.py", ...implementation.args], cwd: root }
  }
  if (runner === "node") {
    return { command: setup.node, args: [...flags, "bench/peers/node/bench.mjs", ...implementation.args], cwd: root }
  }
  const cwd = implementation.edition === "effect3" ? setup.effect3?.dir : root
  if (cwd === undefined) {
    throw new Error(`${implementation.label}: the Effect 3 edition is not available`)
  }
  return { command: setup.node, args: [...flags, "--import", "tsx", scripts[runner], ...implementation.args], cwd }
}

// the parent's environment, without a parent vitest's variables (a child would think it is one of its workers)
const childEnv = (): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST"))),
  PYTHONDONTWRITEBYTECODE: "1"
})

/** Runs each implementation in a fresh process, so that memory and JIT state are per run; 10 minutes at most. */
export const subprocess = (setup: Setup): Executor => (implementation) =>
  new Promise((resolve, reject) => {
    const { args, command, cwd } = invocation(implementation, setup)
    const child = spawn(command, args, {
      cwd,
      env: childEnv(),
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 600_000
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on("error", reject)
    child.on("close", (code) => {
      const line = stdout.trim().split("\n").pop() ?? ""
      if (code !== 0 || !line.startsWith("{")) {
        reject(new Error(`${command} ${args.join(" ")} exited with ${code}: ${stderr.trim().slice(-500)}`))
      } else {
        resolve(JSON.parse(line) as Output)
      }
    })
  })

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, "utf8"))

/** The names of a benchmark file's commands: the keys of its `commands` object, one per line (`name:` or `name,`). */
export const commandNames = (source: string): ReadonlySet<string> => {
  const start = source.indexOf("export const commands: Commands = {")
  if (start < 0) {
    return new Set()
  }
  const end = source.indexOf("\n}", start)
  const body = source.slice(start, end < 0 ? undefined : end)
  return new Set(Array.from(body.matchAll(/^ {2}"?([\w-]+)"?(?::|,?$)/gm), (match) => match[1]!))
}

// ">=20.19.0" admits `version` ("v24.22.3")? Only the `>=x.y.z` form is read; any other range is taken as admitted.
const admits = (range: string | undefined, version: string): boolean => {
  const floor = range === undefined ? undefined : /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(range.trim())
  if (floor === undefined || floor === null) {
    return true
  }
  const have = version.replace(/^v/, "").split(".").map(Number)
  const want = floor.slice(1).map(Number)
  for (let i = 0; i < 3; i++) {
    if (have[i]! !== want[i]!) {
      return have[i]! > want[i]!
    }
  }
  return true
}

/** Where the Effect 3 edition is looked for: `EFFECT_ASYNCIO_V3_DIR`, else `effect3/` in the repository. */
export const effect3Dir = (): string => path.resolve(root, process.env.EFFECT_ASYNCIO_V3_DIR ?? "effect3")

/**
 * The Effect 3 edition, ready to run on Node `version`, or why it is left out: its folder with its own
 * `package.json`, `effect` 3 and `tsx` installed in its `node_modules`, its bench, and `engines` that admit the Node.
 */
export const findEffect3 = (
  version: string,
  dir: string = effect3Dir()
): { readonly effect3: Effect3 } | { readonly missing: string } => {
  const relative = path.relative(root, dir)
  const shown = relative.startsWith("..") ? dir : relative || "."
  const manifest = path.join(dir, "package.json")
  if (!fs.existsSync(manifest)) {
    return { missing: `no ${shown}/package.json (set EFFECT_ASYNCIO_V3_DIR to the edition's folder)` }
  }
  const effectManifest = path.join(dir, "node_modules/effect/package.json")
  if (!fs.existsSync(effectManifest) || !fs.existsSync(path.join(dir, "node_modules/tsx"))) {
    return { missing: `${shown}/node_modules lacks effect or tsx (run npm install in ${shown})` }
  }
  const effect = (readJson(effectManifest) as { readonly version: string }).version
  if (!effect.startsWith("3.")) {
    return { missing: `${shown}/node_modules has effect ${effect}, not 3.x` }
  }
  if (!fs.existsSync(path.join(dir, scripts.ours))) {
    return { missing: `no ${shown}/${scripts.ours}` }
  }
  const engines = (readJson(manifest) as { readonly engines?: { readonly node?: string } }).engines?.node
  if (!admits(engines, version)) {
    return { missing: `its engines (${engines}) do not admit Node ${version}` }
  }
  const commands = new Map(oursRunners.map((runner): [OursRunner, ReadonlySet<string>] => {
    const file = path.join(dir, scripts[runner])
    return [runner, fs.existsSync(file) ? commandNames(fs.readFileSync(file, "utf8")) : new Set()]
  }))
  return { effect3: { dir, effect, commands } }
}

/** Which implementations this machine can run: python3 on the PATH, and the Effect 3 edition when `setup` has it. */
export const availability = (setup: Setup): Availability => ({
  python: spawnSync("python3", ["--version"]).status === 0,
  effect3: setup.effect3
})

/** The Effect 3 edition's twin of a main-line implementation id. */
export const effect3Id = (id: string): string => `${id}@effect3`

/**
 * The group with the Effect 3 edition beside the main line: after each library command of a row, the same command
 * on the Effect 3 edition, when that edition is present, its bench has the command, and the row does not opt out.
 */
export const withEffect3 = (group: Group, effect3: Effect3 | undefined): Group =>
  effect3 === undefined ? group : {
    ...group,
    rows: group.rows.map((row) => ({
      ...row,
      implementations: row.implementations.flatMap((implementation) =>
        isOurs(implementation.runner) && implementation.edition !== "effect3" && implementation.effect3 !== false &&
          effect3.commands.get(implementation.runner)?.has(implementation.args[0] ?? "") === true
          ? [implementation, {
            ...implementation,
            id: effect3Id(implementation.id),
            label: `${implementation.label}, Effect 3 edition`,
            edition: "effect3" as const
          }]
          : [implementation]
      )
    }))
  }

/** Median, spread and samples of one metric. */
export interface Stats {
  readonly median: number
  readonly min: number
  readonly max: number
  readonly samples: ReadonlyArray<number>
}

/** One implementation of one row, summarized. */
export interface ImplementationResult {
  readonly id: string
  readonly label: string
  readonly kind: Implementation["kind"]
  readonly edition: Edition | undefined
  readonly command: string
  /** One entry per metric of the row; absent when every run failed. */
  readonly metrics: ReadonlyArray<Stats>
  /**
   * Median of the first metric ÷ the baseline's (the best peer unless the row names one; on the Effect 3 edition,
   * a baseline that is a library command is that edition's own).
   */
  readonly ratio: number | undefined
  /** For the main line: median of the first metric ÷ the same command's on the Effect 3 edition, in this run. */
  readonly effect3Ratio: number | undefined
  readonly errors: ReadonlyArray<string>
  readonly outputs: ReadonlyArray<Output>
}

/** One row, summarized. */
export interface RowResult {
  readonly id: string
  readonly title: string
  readonly metrics: ReadonlyArray<{ readonly label: string; readonly unit: string; readonly better: string }>
  readonly baseline: string | undefined
  readonly target: { readonly text: string; readonly met: boolean | undefined } | undefined
  readonly note: string | undefined
  readonly implementations: ReadonlyArray<ImplementationResult>
}

/** One workload group, summarized. */
export interface GroupResult {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly rows: ReadonlyArray<RowResult>
}

/** A whole run. */
export interface Report {
  readonly generatedAt: string
  readonly profile: Profile["name"]
  readonly durationSeconds: number
  readonly machine: Readonly<Record<string, string>>
  readonly groups: ReadonlyArray<GroupResult>
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

// no samples (an edition's bench that does not report a metric): NaN, printed as an empty cell
const stats = (samples: ReadonlyArray<number>): Stats =>
  samples.length === 0 ? { median: NaN, min: NaN, max: NaN, samples } : {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    samples
  }

const rotate = <A>(items: ReadonlyArray<A>, by: number): Array<A> =>
  items.map((_, i) => items[(i + by) % items.length]!)

const divide = (value: number | undefined, by: number | undefined): number | undefined =>
  value === undefined || by === undefined || by === 0 ? undefined : value / by

const summarize = (
  row: Row,
  setup: Setup,
  outputs: ReadonlyMap<string, Array<Output>>,
  errors: ReadonlyMap<string, Array<string>>
) => {
  const measured = row.implementations.map((implementation) => {
    const runs = outputs.get(implementation.id) ?? []
    const metrics = runs.length === 0 ? [] : row.metrics.map((metric) => stats(metric.samples(runs)))
    return { implementation, runs, metrics }
  })
  const first = row.metrics[0]
  // targets judge the main line and the peers: the Effect 3 edition's figures are there to compare with
  const mainLine = measured.filter(({ implementation }) => implementation.edition !== "effect3")
  const firstMedians = new Map(
    measured.flatMap(({ implementation, metrics }) =>
      metrics.length > 0 ? [[implementation.id, metrics[0]!.median]] : []
    )
  )
  const medians = new Map(mainLine.flatMap(({ implementation }) => {
    const value = firstMedians.get(implementation.id)
    return value === undefined ? [] : [[implementation.id, value]]
  }))
  const all = new Map(
    mainLine.flatMap(({ implementation, metrics }) =>
      metrics.length > 0 ? [[implementation.id, metrics.map((s) => s.median)]] : []
    )
  )
  const peerMedians = measured.flatMap(({ implementation, metrics }) =>
    implementation.kind === "peer" && metrics.length > 0 ? [{ id: implementation.id, value: metrics[0]!.median }] : []
  )
  const bestPeer = peerMedians.reduce<{ id: string; value: number } | undefined>(
    (best, peer) =>
      best === undefined || (first!.better === "lower" ? peer.value < best.value : peer.value > best.value)
        ? peer
        : best,
    undefined
  )
  const baselineId = row.baseline ?? bestPeer?.id
  const baselineOf = (implementation: Implementation): string | undefined => {
    const twin = baselineId === undefined ? undefined : effect3Id(baselineId)
    return implementation.edition === "effect3" && twin !== undefined &&
        row.implementations.some((other) => other.id === twin)
      ? twin
      : baselineId
  }
  const result: RowResult = {
    id: row.id,
    title: row.title,
    metrics: row.metrics.map(({ better, label, unit }) => ({ label, unit, better })),
    baseline: baselineId,
    target: row.target === undefined ? undefined : { text: row.target.text, met: row.target.met(medians, all) },
    note: row.note,
    implementations: measured.map(({ implementation, metrics, runs }) => {
      const value = metrics.length > 0 ? metrics[0]!.median : undefined
      const baseline = baselineOf(implementation)
      const { args, command } = invocation(implementation, setup)
      return {
        id: implementation.id,
        label: implementation.label,
        kind: implementation.kind,
        edition: isOurs(implementation.runner) ? implementation.edition ?? "main" : undefined,
        command: [path.basename(command), ...args].join(" "),
        metrics,
        ratio: divide(value, baseline === undefined ? undefined : firstMedians.get(baseline)),
        effect3Ratio: implementation.edition === "effect3"
          ? undefined
          : divide(value, firstMedians.get(effect3Id(implementation.id))),
        errors: errors.get(implementation.id) ?? [],
        outputs: runs
      }
    })
  }
  return result
}

/** How `measure` runs: `concurrency` implementations of a row at a time (1 for timings; more only in the smoke test). */
export interface MeasureOptions {
  readonly concurrency?: number | undefined
}

/**
 * Measures every row of every group: repetition after repetition, each row's implementations in an order rotated
 * by one each time (A B C, B C A, C A B, ...), so that drift of a noisy machine spreads over all of them.
 */
export const measure = async (
  groups: ReadonlyArray<Group>,
  setup: Setup,
  execute: Executor,
  log: (line: string) => void,
  options?: MeasureOptions
): Promise<Array<GroupResult>> => {
  const concurrency = Math.max(1, options?.concurrency ?? 1)
  const results: Array<GroupResult> = []
  for (const group of groups) {
    const outputs = new Map<string, Map<string, Array<Output>>>()
    const errors = new Map<string, Map<string, Array<string>>>()
    const record = <A>(into: Map<string, Map<string, Array<A>>>, row: string, id: string, value: A) => {
      const byImplementation = into.get(row) ?? new Map<string, Array<A>>()
      byImplementation.set(id, [...(byImplementation.get(id) ?? []), value])
      into.set(row, byImplementation)
    }
    const repetitions = Math.max(0, ...group.rows.map((row) => row.repetitions))
    for (let repetition = 0; repetition < repetitions; repetition++) {
      for (const row of group.rows) {
        if (repetition >= row.repetitions) {
          continue
        }
        const run = async (implementation: Implementation) => {
          const start = performance.now()
          try {
            record(outputs, row.id, implementation.id, await execute(implementation))
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error)
            record(errors, row.id, implementation.id, message)
            log(`  FAILED ${implementation.label}: ${message}`)
          }
          log(
            `  ${row.title} [${repetition + 1}/${row.repetitions}] ${implementation.label}: ` +
              `${((performance.now() - start) / 1000).toFixed(1)} s`
          )
        }
        const order = rotate(row.implementations, repetition)
        for (let i = 0; i < order.length; i += concurrency) {
          await Promise.all(order.slice(i, i + concurrency).map(run))
        }
      }
    }
    results.push({
      id: group.id,
      title: group.title,
      description: group.description,
      rows: group.rows.map((row) =>
        summarize(row, setup, outputs.get(row.id) ?? new Map(), errors.get(row.id) ?? new Map())
      )
    })
  }
  return results
}

const version = (command: string, args: ReadonlyArray<string>): string => {
  const result = spawnSync(command, args, { encoding: "utf8" })
  return result.status === 0 ? `${result.stdout}${result.stderr}`.trim() : "not found"
}

const packageVersion = (name: string): string => {
  try {
    return (readJson(path.join(root, "node_modules", name, "package.json")) as { version: string }).version
  } catch {
    return "unknown"
  }
}

/**
 * The commit the sources were at: `BENCH_COMMIT` (a run from an exported snapshot, which has no `.git`), else git's
 * HEAD, with `+` when the work tree had changes; "unknown" without either.
 */
const commit = (): string => {
  if (process.env.BENCH_COMMIT !== undefined) {
    return process.env.BENCH_COMMIT
  }
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" })
  if (head.status !== 0) {
    return "unknown"
  }
  const dirty = spawnSync("git", ["status", "--porcelain", "--", "src", "bench"], { cwd: root, encoding: "utf8" })
  return `${head.stdout.trim()}${dirty.stdout.trim() === "" ? "" : "+"}`
}

/** What the numbers were measured on. */
export const machine = (setup: Setup): Record<string, string> => {
  const cpus = os.cpus()
  return {
    commit: commit(),
    cpu: `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown"}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((load) => load.toFixed(2)).join(" "),
    node: setup.version,
    python: version("python3", ["--version"]).replace(/^Python /, ""),
    effect: packageVersion("effect"),
    effect3: setup.effect3 === undefined ? "absent" : setup.effect3.effect
  }
}

const formatStats = (row: Row | undefined, index: number, value: Stats | undefined): [string, string] => {
  if (row === undefined || value === undefined) {
    return ["failed", ""]
  }
  // NaN, or null once a report has been through JSON
  if (typeof value.median !== "number" || Number.isNaN(value.median)) {
    return ["", ""]
  }
  const format = row.metrics[index]!.format
  return value.min === value.max
    ? [format(value.median), ""]
    : [format(value.median), `${format(value.min)} – ${format(value.max)}`]
}

const formatRatio = (ratio: number | undefined): string =>
  ratio === undefined
    ? ""
    : ratio >= 100
    ? `${ratio.toFixed(0)}×`
    : ratio >= 10
    ? `${ratio.toFixed(1)}×`
    : `${ratio.toFixed(2)}×`

const targetCell = (result: RowResult): string =>
  result.target === undefined
    ? ""
    : `${result.target.text}: **${result.target.met === undefined ? "n/a" : result.target.met ? "met" : "not met"}**`

/** Renders a run as markdown: the machine, then one table per workload group. */
export const markdown = (report: Report, groups: ReadonlyArray<Group>): string => {
  const lines: Array<string> = []
  const m = report.machine
  const effect3 = m.effect3 !== undefined && m.effect3 !== "absent"
  lines.push(
    `Measured ${report.generatedAt.slice(0, 16).replace("T", " ")} UTC` +
      (m.commit === undefined ? "" : ` at commit ${m.commit}${m.commit.endsWith("+") ? " (with changes)" : ""}`) +
      `, profile \`${report.profile}\`, ` +
      `${report.durationSeconds.toFixed(0)} s in all, on ${m.cpu}, ${m.memory}, ${m.os}; Node ${m.node} for every ` +
      `JavaScript process, Python ${m.python}; effect ${m.effect}` +
      (effect3 ? `, and effect ${m.effect3} for the Effect 3 edition` : ", Effect 3 edition absent") +
      `; load average at start ${m.loadAverage} (other jobs were running: compare within a row, not across runs).`
  )
  lines.push("")
  lines.push(
    "Each implementation runs in its own process, one process per sample; within a row the implementations " +
      "alternate (A B C, B C A, ...). Median and spread (min – max) over the samples; ratio = median ÷ the best " +
      "peer's median (Python asyncio or plain Node) unless the row says otherwise. The Effect 3 edition's rows run " +
      "its own benchmark commands (`effect3/bench/ours/`, with its own `node_modules`) in the same run; " +
      "\"÷ Effect 3\" = the main line's median ÷ that edition's, same row. Targets judge the main line."
  )
  for (const group of report.groups) {
    const definition = groups.find((g) => g.id === group.id)
    if (group.rows.length === 0) {
      continue
    }
    const metricHeaders = group.rows[0]!.metrics.flatMap((metric, index) =>
      index === 0
        ? [
          `${metric.label} (median${metric.better === "lower" ? ", lower is better" : ", higher is better"})`,
          "spread"
        ]
        : [metric.label]
    )
    lines.push("", `### ${group.title}`, "", group.description, "")
    lines.push(`| row | implementation | ${metricHeaders.join(" | ")} | samples | ratio | ÷ Effect 3 | target |`)
    lines.push(`|${" --- |".repeat(metricHeaders.length + 6)}`)
    for (const row of group.rows) {
      const rowDefinition = definition?.rows.find((r) => r.id === row.id)
      row.implementations.forEach((implementation, index) => {
        const cells = row.metrics.flatMap((_, metricIndex) => {
          const [value, spread] = formatStats(rowDefinition, metricIndex, implementation.metrics[metricIndex])
          return metricIndex === 0 ? [value, spread] : [value]
        })
        const name = implementation.kind === "ours" && implementation.edition !== "effect3"
          ? `**${implementation.label}**`
          : implementation.label
        const samples = implementation.metrics.length > 0 ? String(implementation.metrics[0]!.samples.length) : "0"
        lines.push(
          `| ${index === 0 ? row.title : ""} | ${name} | ${cells.join(" | ")} | ${samples} | ` +
            `${formatRatio(implementation.ratio)} | ${formatRatio(implementation.effect3Ratio)} | ` +
            `${index === 0 ? targetCell(row) : ""} |`
        )
      })
      if (row.note !== undefined) {
        lines.push(`| | _${row.note}_ |${" |".repeat(metricHeaders.length + 4)}`)
      }
    }
  }
  return `${lines.join("\n")}\n`
}

/**
 * Writes `latest.json` and `latest.md` into `directory`, and `scaling.svg` (the picture of the waitN and memory rows)
 * when the run has them at two sizes or more.
 */
export const write = (directory: string, report: Report, table: string): void => {
  fs.mkdirSync(directory, { recursive: true })
  fs.writeFileSync(path.join(directory, "latest.json"), `${JSON.stringify(report, null, 2)}\n`)
  fs.writeFileSync(path.join(directory, "latest.md"), table)
  const picture = scalingSvg(report)
  if (picture !== undefined) {
    fs.writeFileSync(path.join(directory, "scaling.svg"), picture)
  }
}
