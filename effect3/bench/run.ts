/**
 * `npm run bench` (full) or `npm run bench -- --quick` (under two minutes): every workload for every implementation,
 * in one run, written to bench/results/latest.{json,md} and printed.
 *
 * Options: `--quick`; `--only=wait-n,memory,generator,runtime,order,virtual-time,testing,startup,bundle` (a subset of
 * the groups); `--out=DIR` (another results directory).
 */
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as profiles from "./profiles.js"
import { availability, machine, markdown, measure, root, subprocess, write } from "./runner.js"
import { generator } from "./workloads/generator.js"
import { memory } from "./workloads/memory.js"
import { order } from "./workloads/order.js"
import { bundle, startup } from "./workloads/package.js"
import { runtime } from "./workloads/runtime.js"
import { testing } from "./workloads/testing.js"
import type { Availability, Group, Profile } from "./workloads/types.js"
import { virtualTime } from "./workloads/virtual-time.js"
import { waitN } from "./workloads/wait-n.js"

/** Every workload, in the order of the tables in docs/performance.md. */
export const workloads = [waitN, memory, generator, runtime, order, virtualTime, testing, startup, bundle]

/** The groups of a profile, optionally only some of them. */
export const groups = (profile: Profile, available: Availability, only?: ReadonlyArray<string>): Array<Group> =>
  workloads.map((workload) => workload(profile, available)).filter((group) =>
    only === undefined || only.includes(group.id)
  )

const main = async (argv: ReadonlyArray<string>): Promise<void> => {
  const option = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)
  const profile = argv.includes("--quick") ? profiles.quick : profiles.full
  const only = option("only")?.split(",")
  const out = path.resolve(root, option("out") ?? "bench/results")
  const available = availability()
  const selected = groups(profile, available, only)
  const log = (line: string) => process.stderr.write(`${line}\n`)
  log(
    `bench: profile ${profile.name}; python ${available.python ? "yes" : "MISSING (rows left out)"}, ` +
      `LiveClock ${available.liveClock ? "yes" : "not yet (rows left out)"}, ` +
      `VirtualTime ${available.virtualTime ? "yes" : "not yet (rows left out)"}`
  )
  const start = performance.now()
  const description = machine()
  const results = await measure(selected, subprocess, log)
  const report = {
    generatedAt: new Date().toISOString(),
    profile: profile.name,
    durationSeconds: (performance.now() - start) / 1000,
    machine: description,
    groups: results
  }
  const table = markdown(report, selected)
  write(out, report, table)
  process.stdout.write(table)
  log(`bench: ${report.durationSeconds.toFixed(0)} s; written to ${path.relative(root, out)}/latest.{json,md}`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
