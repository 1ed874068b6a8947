/**
 * The benchmark runner: runs every row's implementations as subprocesses, alternating them repetition after
 * repetition, and summarizes each as median, spread and ratio to the best peer; renders JSON and a markdown table.
 */
import { spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import type { Availability, Group, Implementation, Output, Profile, Row } from "./workloads/types.js"

/** The repository root: every command runs from there. */
export const root: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")

/** Runs one implementation once and returns its JSON output. */
export type Executor = (implementation: Implementation) => Promise<Output>

const scripts: Record<Exclude<Implementation["runner"], "python">, string> = {
  node: "bench/peers/node/bench.mjs",
  ours: "bench/ours/bench.ts",
  "ours-live-clock": "bench/ours/live-clock.ts",
  "ours-virtual-time": "bench/ours/virtual-time.ts",
  "ours-package": "bench/ours/package.ts",
  "ours-testing": "bench/ours/testing.ts"
}

/** The executable and arguments that run an implementation (from the repository root). */
export const commandLine = (implementation: Implementation): readonly [string, ReadonlyArray<string>] => {
  const flags = implementation.flags ?? []
  switch (implementation.runner) {
    case "python":
      return ["python3", ["bench/peers/python/bench.py", ...implementation.args]]
    case "node":
      return [process.execPath, [...flags, scripts.node, ...implementation.args]]
    default:
      return [process.execPath, [...flags, "--import", "tsx", scripts[implementation.runner], ...implementation.args]]
  }
}

/** Runs each implementation in a fresh process, so that memory and JIT state are per run; 10 minutes at most. */
export const subprocess: Executor = (implementation) =>
  new Promise((resolve, reject) => {
    const [command, args] = commandLine(implementation)
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
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

/** Which implementations this machine can run: python3 on the PATH, and the library's clocks where they exist. */
export const availability = (): Availability => ({
  python: spawnSync("python3", ["--version"]).status === 0,
  liveClock: fs.existsSync(path.join(root, "src/LiveClock.ts")) &&
    fs.existsSync(path.join(root, scripts["ours-live-clock"])),
  virtualTime: fs.existsSync(path.join(root, "src/VirtualTime.ts")) &&
    fs.existsSync(path.join(root, scripts["ours-virtual-time"]))
})

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
  readonly command: string
  /** One entry per metric of the row; absent when every run failed. */
  readonly metrics: ReadonlyArray<Stats>
  /** Median of the first metric ÷ the baseline's (the best peer unless the row names one). */
  readonly ratio: number | undefined
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

const stats = (samples: ReadonlyArray<number>): Stats => ({
  median: median(samples),
  min: Math.min(...samples),
  max: Math.max(...samples),
  samples
})

const rotate = <A>(items: ReadonlyArray<A>, by: number): Array<A> =>
  items.map((_, i) => items[(i + by) % items.length]!)

const summarize = (
  row: Row,
  outputs: ReadonlyMap<string, Array<Output>>,
  errors: ReadonlyMap<string, Array<string>>
) => {
  const measured = row.implementations.map((implementation) => {
    const runs = outputs.get(implementation.id) ?? []
    const metrics = runs.length === 0 ? [] : row.metrics.map((metric) => stats(metric.samples(runs)))
    return { implementation, runs, metrics }
  })
  const first = row.metrics[0]
  const medians = new Map(
    measured.flatMap(({ implementation, metrics }) =>
      metrics.length > 0 ? [[implementation.id, metrics[0]!.median]] : []
    )
  )
  const all = new Map(
    measured.flatMap(({ implementation, metrics }) =>
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
  const baselineValue = baselineId === undefined ? undefined : medians.get(baselineId)
  const result: RowResult = {
    id: row.id,
    title: row.title,
    metrics: row.metrics.map(({ better, label, unit }) => ({ label, unit, better })),
    baseline: baselineId,
    target: row.target === undefined ? undefined : { text: row.target.text, met: row.target.met(medians, all) },
    note: row.note,
    implementations: measured.map(({ implementation, metrics, runs }) => {
      const value = metrics.length > 0 ? metrics[0]!.median : undefined
      const [command, args] = commandLine(implementation)
      return {
        id: implementation.id,
        label: implementation.label,
        kind: implementation.kind,
        command: [path.basename(command), ...args].join(" "),
        metrics,
        ratio: value === undefined || baselineValue === undefined || baselineValue === 0
          ? undefined
          : value / baselineValue,
        errors: errors.get(implementation.id) ?? [],
        outputs: runs
      }
    })
  }
  return result
}

/**
 * Measures every row of every group: repetition after repetition, each row's implementations in an order rotated
 * by one each time (A B C, B C A, C A B, ...), so that drift of a noisy machine spreads over all of them.
 */
export const measure = async (
  groups: ReadonlyArray<Group>,
  execute: Executor,
  log: (line: string) => void
): Promise<Array<GroupResult>> => {
  const results: Array<GroupResult> = []
  for (const group of groups) {
    const outputs = new Map<string, Map<string, Array<Output>>>()
    const errors = new Map<string, Map<string, Array<string>>>()
    const repetitions = Math.max(0, ...group.rows.map((row) => row.repetitions))
    for (let repetition = 0; repetition < repetitions; repetition++) {
      for (const row of group.rows) {
        if (repetition >= row.repetitions) {
          continue
        }
        for (const implementation of rotate(row.implementations, repetition)) {
          const start = performance.now()
          try {
            const output = await execute(implementation)
            const byImplementation = outputs.get(row.id) ?? new Map<string, Array<Output>>()
            byImplementation.set(implementation.id, [...(byImplementation.get(implementation.id) ?? []), output])
            outputs.set(row.id, byImplementation)
          } catch (error) {
            const byImplementation = errors.get(row.id) ?? new Map<string, Array<string>>()
            byImplementation.set(implementation.id, [
              ...(byImplementation.get(implementation.id) ?? []),
              error instanceof Error ? error.message : String(error)
            ])
            errors.set(row.id, byImplementation)
            log(`  FAILED ${implementation.label}: ${error instanceof Error ? error.message : String(error)}`)
          }
          log(
            `  ${row.title} [${repetition + 1}/${row.repetitions}] ${implementation.label}: ` +
              `${((performance.now() - start) / 1000).toFixed(1)} s`
          )
        }
      }
    }
    results.push({
      id: group.id,
      title: group.title,
      description: group.description,
      rows: group.rows.map((row) => summarize(row, outputs.get(row.id) ?? new Map(), errors.get(row.id) ?? new Map()))
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
    const file = path.join(root, "node_modules", name, "package.json")
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version
  } catch {
    return "unknown"
  }
}

/** What the numbers were measured on. */
export const machine = (): Record<string, string> => {
  const cpus = os.cpus()
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown"}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((load) => load.toFixed(2)).join(" "),
    node: process.version,
    python: version("python3", ["--version"]).replace(/^Python /, ""),
    effect: packageVersion("effect")
  }
}

const formatStats = (row: Row | undefined, index: number, value: Stats | undefined): [string, string] => {
  if (row === undefined || value === undefined) {
    return ["failed", ""]
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
  lines.push(
    `Measured ${report.generatedAt.slice(0, 16).replace("T", " ")} UTC, profile \`${report.profile}\`, ` +
      `${report.durationSeconds.toFixed(0)} s in all, on ${m.cpu}, ${m.memory}, ${m.os}; Node ${m.node}, ` +
      `Python ${m.python}, effect ${m.effect}; load average at start ${m.loadAverage} (other jobs were running: ` +
      "compare within a row, not across runs)."
  )
  lines.push("")
  lines.push(
    "Each implementation runs in its own process, one process per sample; within a row the implementations " +
      "alternate (A B C, B C A, ...). Median and spread (min – max) over the samples; ratio = median ÷ the best " +
      "peer's median (Python asyncio or plain Node) unless the row says otherwise."
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
    lines.push(`| row | implementation | ${metricHeaders.join(" | ")} | samples | ratio | target |`)
    lines.push(`|${" --- |".repeat(metricHeaders.length + 5)}`)
    for (const row of group.rows) {
      const rowDefinition = definition?.rows.find((r) => r.id === row.id)
      row.implementations.forEach((implementation, index) => {
        const cells = row.metrics.flatMap((_, metricIndex) => {
          const [value, spread] = formatStats(rowDefinition, metricIndex, implementation.metrics[metricIndex])
          return metricIndex === 0 ? [value, spread] : [value]
        })
        const name = implementation.kind === "ours" ? `**${implementation.label}**` : implementation.label
        const samples = implementation.metrics.length > 0 ? String(implementation.metrics[0]!.samples.length) : "0"
        lines.push(
          `| ${index === 0 ? row.title : ""} | ${name} | ${cells.join(" | ")} | ${samples} | ` +
            `${formatRatio(implementation.ratio)} | ${index === 0 ? targetCell(row) : ""} |`
        )
      })
      if (row.note !== undefined) {
        lines.push(`| | _${row.note}_ |${" |".repeat(metricHeaders.length + 3)}`)
      }
    }
  }
  return `${lines.join("\n")}\n`
}

/** Writes `latest.json` and `latest.md` into `directory`. */
export const write = (directory: string, report: Report, table: string): void => {
  fs.mkdirSync(directory, { recursive: true })
  fs.writeFileSync(path.join(directory, "latest.json"), `${JSON.stringify(report, null, 2)}\n`)
  fs.writeFileSync(path.join(directory, "latest.md"), table)
}
