import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as profiles from "../bench/profiles.js"
import { groups } from "../bench/run.js"
import type { Executor } from "../bench/runner.js"
import { availability, commandLine, markdown, measure, subprocess, write } from "../bench/runner.js"
import type { Implementation, Output } from "../bench/workloads/types.js"

// The benchmark is not a test: this runs its code once with tiny sizes so that it cannot rot. Nothing here depends
// on timing; the library's commands run in-process (no tsx start-up per row), the peers as real subprocesses.

const modules = {
  ours: () => import("../bench/ours/bench.js"),
  "ours-live-clock": () => import("../bench/ours/live-clock.js"),
  "ours-virtual-time": () => import("../bench/ours/virtual-time.js"),
  "ours-package": () => import("../bench/ours/package.js"),
  "ours-testing": () => import("../bench/ours/testing.js")
} as const

const inProcess: Executor = async (implementation: Implementation): Promise<Output> => {
  if (implementation.runner === "python" || implementation.runner === "node") {
    return subprocess(implementation)
  }
  const { commands } = await modules[implementation.runner]()
  const [command, ...args] = implementation.args
  return (await Effect.runPromise(commands[command!]!(args))) as Output
}

describe("bench", () => {
  it("runs every workload for every implementation with tiny sizes, and renders the table", async () => {
    const available = availability()
    assert.isTrue(available.liveClock && available.virtualTime)
    const selected = groups(profiles.tiny, available)
    assert.deepStrictEqual(selected.map((group) => group.id), [
      "wait-n",
      "memory",
      "generator",
      "runtime",
      "order",
      "virtual-time",
      "testing",
      "startup",
      "bundle"
    ])
    const lines: Array<string> = []
    const results = await measure(selected, inProcess, (line) => lines.push(line))
    assert.isFalse(lines.some((line) => line.includes("FAILED")), lines.join("\n"))
    for (const group of results) {
      assert.isAbove(group.rows.length, 0, group.id)
      for (const row of group.rows) {
        for (const implementation of row.implementations) {
          assert.deepStrictEqual(implementation.errors, [], `${row.id} ${implementation.id}`)
          assert.strictEqual(implementation.metrics.length, row.metrics.length, `${row.id} ${implementation.id}`)
          assert.isTrue(implementation.metrics.every((stats) => Number.isFinite(stats.median)), row.id)
        }
        assert.isDefined(row.baseline, row.id)
      }
    }
    const python = results[0]!.rows[0]!.implementations.some((implementation) => implementation.id === "python")
    assert.strictEqual(python, available.python)

    const report = {
      generatedAt: new Date(0).toISOString(),
      profile: profiles.tiny.name,
      durationSeconds: 1,
      machine: { cpu: "c", memory: "m", os: "o", loadAverage: "l", node: "n", python: "p", effect: "e" },
      groups: results
    }
    const table = markdown(report, selected)
    const titles = [
      "waitN overhead",
      "Memory per pending wait",
      "Generator, zero interval",
      "Virtual time",
      "Testing tools"
    ]
    for (const title of titles) {
      assert.include(table, `### ${title}`)
    }
    assert.include(table, "ours ≥ Node's native async generator: **")
    assert.include(table, "explore ≤ 2× the plain runs' time: **")
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"))
    write(directory, report, table)
    assert.strictEqual(fs.readFileSync(path.join(directory, "latest.md"), "utf8"), table)
    const json = JSON.parse(fs.readFileSync(path.join(directory, "latest.json"), "utf8")) as typeof report
    assert.strictEqual(json.groups.length, results.length)
    fs.rmSync(directory, { recursive: true })
  }, 120_000)

  it("the library's command line prints one JSON line", async () => {
    const implementation: Implementation = {
      id: "ours",
      label: "ours",
      kind: "ours",
      args: ["waitn", "5", "0.001"],
      runner: "ours"
    }
    const [command, args] = commandLine(implementation)
    assert.strictEqual(command, process.execPath)
    assert.deepStrictEqual(args.slice(0, 3), ["--import", "tsx", "bench/ours/bench.ts"])
    const output = await subprocess(implementation)
    assert.strictEqual(output.n, 5)
    assert.isTrue(typeof output.overhead_s === "number")
  }, 60_000)
})
