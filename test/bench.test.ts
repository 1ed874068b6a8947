import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as profiles from "../bench/profiles.js"
import { groups } from "../bench/run.js"
import type { Executor, Setup } from "../bench/runner.js"
import {
  availability,
  commandNames,
  effect3Id,
  findEffect3,
  invocation,
  markdown,
  measure,
  root,
  subprocess,
  withEffect3,
  write
} from "../bench/runner.js"
import { harnessPresent } from "../bench/workloads/effect-tests.js"
import type { Effect3, Group, Implementation, Output } from "../bench/workloads/types.js"

// The benchmark is not a test: this runs its code once with tiny sizes so that it cannot rot. Nothing here depends
// on timing. The main line's commands run in-process (no tsx start-up per row); the peers and the Effect 3 edition
// (when effect3/, or EFFECT_ASYNCIO_V3_DIR, holds it installed) run as real subprocesses on this Node.

const modules = {
  ours: () => import("../bench/ours/bench.js"),
  "ours-live-clock": () => import("../bench/ours/live-clock.js"),
  "ours-virtual-time": () => import("../bench/ours/virtual-time.js"),
  "ours-package": () => import("../bench/ours/package.js"),
  "ours-testing": () => import("../bench/ours/testing.js")
} as const

const found = findEffect3(process.version)
const setup: Setup = {
  node: process.execPath,
  version: process.version,
  effect3: "effect3" in found ? found.effect3 : undefined
}

const inProcess: Executor = async (implementation: Implementation): Promise<Output> => {
  if (implementation.runner === "python" || implementation.runner === "node" || implementation.edition === "effect3") {
    return subprocess(setup)(implementation)
  }
  const { commands } = await modules[implementation.runner]()
  const [command, ...args] = implementation.args
  return (await Effect.runPromise(commands[command!]!(args))) as Output
}

const report = (results: Awaited<ReturnType<typeof measure>>) => ({
  generatedAt: new Date(0).toISOString(),
  profile: profiles.tiny.name,
  durationSeconds: 1,
  machine: { cpu: "c", memory: "m", os: "o", loadAverage: "l", node: "n", python: "p", effect: "e", effect3: "e3" },
  groups: results
})

describe("bench", () => {
  it("runs every workload for every implementation with tiny sizes, and renders the table", async () => {
    const available = availability(setup)
    const selected = groups(profiles.tiny, available)
    assert.deepStrictEqual(selected.map((group) => group.id), [
      "wait-n",
      "memory",
      "generator",
      "runtime",
      "order",
      "virtual-time",
      "interrupt",
      "command",
      "testing",
      "effect-tests",
      "startup",
      "bundle"
    ])
    const lines: Array<string> = []
    // several implementations at a time: nothing here is timed, and the Effect 3 edition's processes start slowly
    const results = await measure(selected, setup, inProcess, (line) => lines.push(line), { concurrency: 4 })
    assert.isFalse(lines.some((line) => line.includes("FAILED")), lines.join("\n"))
    for (const group of results) {
      // Effect's own tests have a row once the test kit's harness (test/effect/) is in the repository
      assert.strictEqual(group.rows.length > 0, group.id !== "effect-tests" || harnessPresent(), group.id)
      for (const row of group.rows) {
        for (const implementation of row.implementations) {
          assert.deepStrictEqual(implementation.errors, [], `${row.id} ${implementation.id}`)
          assert.strictEqual(implementation.metrics.length, row.metrics.length, `${row.id} ${implementation.id}`)
          // a later metric may be one only some commands report (the inversions of a list in completion order:
          // not the bare-fibers reference's, not the Effect 3 edition's): the first is everyone's
          assert.isTrue(Number.isFinite(implementation.metrics[0]!.median), `${row.id} ${implementation.id}`)
        }
        assert.isDefined(row.baseline, row.id)
      }
    }
    const first = results[0]!.rows[0]!.implementations
    const live = first.find((implementation) => implementation.id === "ours-live")
    assert.isTrue(Number.isFinite(live?.metrics[1]?.median), "the inversions of LiveClock's waitN")
    assert.strictEqual(first.some((implementation) => implementation.id === "python"), available.python)
    // the Effect 3 edition sits beside the main line when it is there, and nowhere when it is not
    const effect3Rows = results.flatMap((group) =>
      group.rows.flatMap((row) => row.implementations.filter((implementation) => implementation.edition === "effect3"))
    )
    assert.strictEqual(effect3Rows.length > 0, setup.effect3 !== undefined, JSON.stringify(found))
    if (setup.effect3 !== undefined) {
      const ours = first.find((implementation) => implementation.id === "ours-live")
      assert.isDefined(first.find((implementation) => implementation.id === effect3Id("ours-live")))
      assert.isTrue(Number.isFinite(ours?.effect3Ratio), "÷ Effect 3 of LiveClock's waitN")
    }

    const run = report(results)
    const table = markdown(run, selected)
    const titles = [
      "waitN overhead",
      "Memory per pending wait",
      "Generator, zero interval",
      "measureRuntime on the real clock",
      "Completion order on the real clock",
      "Virtual time",
      "Interrupting a million waits",
      "The command with a million waits",
      "Testing tools",
      "Start-up of the command",
      "Bundle size"
    ]
    for (const title of titles) {
      assert.include(table, `### ${title}`)
    }
    if (harnessPresent()) {
      assert.include(table, "### Effect's own tests, it.effect against it.virtual")
    }
    assert.include(table, "| ÷ Effect 3 |")
    assert.include(table, "ours ≥ Node's native async generator: **")
    assert.include(table, "explore ≤ 2× the plain runs' time: **")
    assert.include(table, "effect-asyncio wait-n, cold processes beside two CPU-bound ones")
    assert.include(table, "0 inversions on LiveClock: **")
    assert.include(table, "each exits 130 within 0.5 s")
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"))
    write(directory, run, table)
    assert.strictEqual(fs.readFileSync(path.join(directory, "latest.md"), "utf8"), table)
    // the picture of the waitN and memory rows (two sizes each in the tiny profile), every line in the legend
    const picture = fs.readFileSync(path.join(directory, "scaling.svg"), "utf8")
    assert.match(picture, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    assert.include(picture, "effect-asyncio, LiveClock</text>")
    assert.include(picture, "plain Node</text>")
    assert.include(picture, "live memory per pending wait")
    const json = JSON.parse(fs.readFileSync(path.join(directory, "latest.json"), "utf8")) as typeof run
    assert.strictEqual(json.groups.length, results.length)
    fs.rmSync(directory, { recursive: true })
  }, 600_000)

  it("the library's command line prints one JSON line, in each edition's own folder", async () => {
    const implementation: Implementation = {
      id: "ours",
      label: "ours",
      kind: "ours",
      args: ["waitn", "5", "0.001"],
      runner: "ours"
    }
    const main = invocation(implementation, setup)
    assert.deepStrictEqual(main, {
      command: process.execPath,
      args: ["--import", "tsx", "bench/ours/bench.ts", "waitn", "5", "0.001"],
      cwd: root
    })
    const output = await subprocess(setup)(implementation)
    assert.strictEqual(output.n, 5)
    assert.isTrue(typeof output.overhead_s === "number")
    const dir = "/elsewhere/effect3"
    const elsewhere: Setup = { ...setup, effect3: { dir, effect: "3.22.4", commands: new Map() } }
    assert.strictEqual(invocation({ ...implementation, edition: "effect3" }, elsewhere).cwd, dir)
    assert.throws(() => invocation({ ...implementation, edition: "effect3" }, { ...setup, effect3: undefined }))
  }, 60_000)

  it("reads a bench file's commands, and says why the Effect 3 edition is left out", () => {
    const source = [
      "export const commands: Commands = {",
      "  waitn: ([n]) => run(n),",
      "  \"waitn-bare\": ([n, maxDelay]) =>",
      "    bare(n, maxDelay),",
      "  mem: ([n]) => Effect.gen(function*() {",
      "    const inner = { nested: 1 }",
      "  }),",
      "  vitest",
      "}",
      "const other = {",
      "  notACommand: 1",
      "}"
    ].join("\n")
    assert.deepStrictEqual([...commandNames(source)], ["waitn", "waitn-bare", "mem", "vitest"])
    assert.deepStrictEqual([...commandNames("const x = 1")], [])
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "bench-effect3-"))
    const missing = findEffect3("v24.0.0", empty)
    assert.isTrue("missing" in missing && missing.missing.includes("package.json"), JSON.stringify(missing))
    fs.writeFileSync(path.join(empty, "package.json"), JSON.stringify({ name: "effect-asyncio" }))
    const uninstalled = findEffect3("v24.0.0", empty)
    assert.isTrue("missing" in uninstalled && uninstalled.missing.includes("npm install"), JSON.stringify(uninstalled))
    fs.rmSync(empty, { recursive: true })
  })

  it("puts each library command's Effect 3 twin after it, with ratios against that edition's own baseline", async () => {
    const effect3: Effect3 = {
      dir: "/effect3",
      effect: "3.22.4",
      commands: new Map([["ours", new Set(["waitn", "plain"])], ["ours-live-clock", new Set(["waitn"])]])
    }
    const ours = (id: string, command: string, extra?: Partial<Implementation>): Implementation => ({
      id,
      label: id,
      kind: "ours",
      args: [command],
      runner: "ours",
      ...extra
    })
    const group: Group = {
      id: "g",
      title: "G",
      description: "d",
      rows: [{
        id: "peers",
        title: "against the best peer",
        implementations: [
          { id: "node", label: "node", kind: "peer", args: ["waitn"], runner: "node" },
          ours("ours", "waitn"),
          ours("new", "mem"),
          ours("big", "waitn", { effect3: false }),
          { ...ours("live", "waitn"), runner: "ours-live-clock" }
        ],
        repetitions: 1,
        metrics: [{
          label: "x",
          unit: "",
          better: "lower",
          samples: (outputs) => outputs.map((output) => Number(output.x)),
          format: String
        }],
        target: {
          text: "ours below 3",
          met: (medians) => medians.has("ours@effect3") ? undefined : medians.get("ours")! < 3
        }
      }, {
        id: "own",
        title: "against a library baseline",
        implementations: [ours("plain", "plain"), ours("explore", "waitn")],
        repetitions: 1,
        metrics: [{
          label: "x",
          unit: "",
          better: "lower",
          samples: (outputs) => outputs.map((output) => Number(output.x)),
          format: String
        }],
        baseline: "plain"
      }]
    }
    const twinned = withEffect3(group, effect3)
    assert.deepStrictEqual(twinned.rows.map((row) => row.implementations.map((implementation) => implementation.id)), [
      ["node", "ours", "ours@effect3", "new", "big", "live", "live@effect3"],
      ["plain", "plain@effect3", "explore", "explore@effect3"]
    ])
    assert.strictEqual(withEffect3(group, undefined), group)
    const values: Record<string, number> = {
      node: 2,
      ours: 1,
      "ours@effect3": 4,
      new: 1,
      big: 1,
      live: 3,
      "live@effect3": 6,
      plain: 10,
      "plain@effect3": 40,
      explore: 20,
      "explore@effect3": 20
    }
    const fixed: Executor = (implementation) => Promise.resolve({ x: values[implementation.id] })
    const [result] = await measure([twinned], { ...setup, effect3 }, fixed, () => {})
    const ratios = result!.rows.map((row) =>
      row.implementations.map(({ effect3Ratio, id, ratio }) => [id, ratio, effect3Ratio])
    )
    assert.deepStrictEqual(ratios, [
      [
        ["node", 1, undefined],
        ["ours", 0.5, 0.25],
        ["ours@effect3", 2, undefined],
        ["new", 0.5, undefined],
        ["big", 0.5, undefined],
        ["live", 1.5, 0.5],
        ["live@effect3", 3, undefined]
      ],
      [
        ["plain", 1, 0.25],
        ["plain@effect3", 1, undefined],
        ["explore", 2, 1],
        ["explore@effect3", 0.5, undefined]
      ]
    ])
    // targets see the main line only
    assert.deepStrictEqual(result!.rows[0]!.target, { text: "ours below 3", met: true })
    assert.include(markdown(report([result!]), [twinned]), "|  | live, Effect 3 edition | 6 |  | 1 | 3.00× |  |  |")
  })
})
