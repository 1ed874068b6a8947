/**
 * `npm run bench` (full) or `npm run bench -- --quick` (a few minutes): every workload for every implementation, in
 * one run, printed as markdown tables: the library's main line (Effect 4), the Effect 3 edition beside it (its own
 * benchmark commands in `effect3/`, with its own `node_modules`), Python asyncio and plain Node.
 *
 * Options:
 * - `--quick`: the short profile (shortened rows say so);
 * - `--only=wait-n,memory,generator,runtime,order,virtual-time,interrupt,command,testing,effect-tests,startup,bundle`:
 *   a subset of the groups;
 * - `--write`: also write `bench/results/latest.{json,md}` and the scaling picture `bench/results/scaling.svg` (from
 *   the waitN and memory rows); `--out=DIR` writes them into DIR instead;
 * - `--node=24` (22, 24 or 26, fetched by `scripts/node.ts`; or `current`, the Node running this script): the Node
 *   of every JavaScript process, both editions' and the plain Node peer's alike.
 *
 * The Effect 3 edition is looked for in `effect3/` (or `EFFECT_ASYNCIO_V3_DIR`); without it, or without its
 * `node_modules`, its rows are left out and the run says why.
 */
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { toolchain } from "../scripts/node.js"
import * as profiles from "./profiles.js"
import type { Setup } from "./runner.js"
import {
  availability,
  findEffect3,
  machine,
  markdown,
  measure,
  root,
  subprocess,
  withEffect3,
  write
} from "./runner.js"
import { commandGroup } from "./workloads/command.js"
import { effectTests } from "./workloads/effect-tests.js"
import { generator } from "./workloads/generator.js"
import { interrupt } from "./workloads/interrupt.js"
import { memory } from "./workloads/memory.js"
import { order } from "./workloads/order.js"
import { bundle, startup } from "./workloads/package.js"
import { runtime } from "./workloads/runtime.js"
import { testing } from "./workloads/testing.js"
import type { Availability, Group, Profile } from "./workloads/types.js"
import { virtualTime } from "./workloads/virtual-time.js"
import { waitN } from "./workloads/wait-n.js"

/** Every workload, in the order of the tables in docs/performance.md. */
export const workloads = [
  waitN,
  memory,
  generator,
  runtime,
  order,
  virtualTime,
  interrupt,
  commandGroup,
  testing,
  effectTests,
  startup,
  bundle
]

/** The groups of a profile, optionally only some of them, with the Effect 3 edition's rows when it is available. */
export const groups = (profile: Profile, available: Availability, only?: ReadonlyArray<string>): Array<Group> =>
  workloads.map((workload) => withEffect3(workload(profile, available), available.effect3)).filter((group) =>
    only === undefined || only.includes(group.id)
  )

/** The Node of a run (`--node`), and the Effect 3 edition if it can run on it; with a line that says what was found. */
export const setUp = async (node: string): Promise<{ readonly setup: Setup; readonly found: string }> => {
  const chain = node === "current" ? undefined : await toolchain(Number(node))
  const version = chain?.version === undefined ? process.version : `v${chain.version}`
  const found = findEffect3(version)
  const effect3 = "effect3" in found ? found.effect3 : undefined
  return {
    setup: { node: chain?.node ?? process.execPath, version, effect3 },
    found: effect3 === undefined
      ? `Effect 3 edition LEFT OUT: ${"missing" in found ? found.missing : ""}`
      : `Effect 3 edition: ${effect3.dir} (effect ${effect3.effect})`
  }
}

const main = async (argv: ReadonlyArray<string>): Promise<void> => {
  const option = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)
  const profile = argv.includes("--quick") ? profiles.quick : profiles.full
  const only = option("only")?.split(",")
  const known = workloads.map((workload) => workload(profile, { python: false, effect3: undefined }).id)
  const unknown = (only ?? []).filter((id) => !known.includes(id))
  if (unknown.length > 0) {
    throw new Error(`--only: unknown group ${unknown.join(", ")}; the groups are ${known.join(", ")}`)
  }
  const outOption = option("out")
  const out = outOption !== undefined || argv.includes("--write")
    ? path.resolve(root, outOption ?? "bench/results")
    : undefined
  const { found, setup } = await setUp(option("node") ?? "24")
  const available = availability(setup)
  const selected = groups(profile, available, only)
  const log = (line: string) => process.stderr.write(`${line}\n`)
  log(
    `bench: profile ${profile.name}; Node ${setup.version}; python ${
      available.python ? "yes" : "MISSING (rows left out)"
    }; ${found}`
  )
  const start = performance.now()
  const description = machine(setup)
  const results = await measure(selected, setup, subprocess(setup), log)
  const report = {
    generatedAt: new Date().toISOString(),
    profile: profile.name,
    durationSeconds: (performance.now() - start) / 1000,
    machine: description,
    groups: results
  }
  const table = markdown(report, selected)
  process.stdout.write(table)
  if (out !== undefined) {
    write(out, report, table)
  }
  log(
    `bench: ${report.durationSeconds.toFixed(0)} s` +
      (out === undefined
        ? " (not written: --write for bench/results/latest.{json,md} and scaling.svg)"
        : `; written to ${path.relative(root, out)}/latest.{json,md} and scaling.svg`)
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
