/**
 * Benchmark commands for the package as users get it (run with `node --import tsx bench/ours/package.ts ...`); each
 * prints one JSON line:
 *
 *   startup command TIMES   wall seconds of `effect-asyncio --help` (the command bundled as `npm run build` does)
 *   startup effect TIMES    wall seconds of `node -e "import('effect')"`, the floor any Effect program pays
 *   bundle CASE             esbuild-minified size of a small app (CASE: waitN, VirtualTime, library, or baseline,
 *                           the same program as waitN written with bare Effect), with the bytes that come from
 *                           effect-asyncio's own modules and whether the chart renderer or a command-line parser
 *                           (effect/cli, or @effect/cli on the Effect 3 edition) is in it
 *   order N MAX_DELAY RUNS [load]
 *                           inversions of the list `effect-asyncio wait-n N MAX_DELAY` prints, in RUNS cold
 *                           processes one after another; with `load`, while two CPU-bound processes run
 *   run ARGS...             one run of `effect-asyncio ARGS...` (e.g. `wait-n 1000000 1 --clock virtual`), its
 *                           output drained from a pipe: wall seconds from spawn to exit, the numbers it printed, and
 *                           its peak RSS (`process.resourceUsage().maxRSS`, read at exit by a preload given with
 *                           `--import`; the command itself runs unchanged, in Node's default heap)
 *   sigint wait-n|task-wait-n N
 *                           `effect-asyncio wait-n N 100000` (live clock, delays up to 28 hours); once the process
 *                           is idle (every wait pending: sleeping, and at most one CPU tick in each of 3 × 100 ms,
 *                           read from /proc), SIGINT as Ctrl-C sends it: seconds from the signal to the exit; fails
 *                           unless the exit code is 130, stderr exactly "interrupted" and stdout empty
 *
 * Start-up spawns the process TIMES times and reports the median, so one slow start does not decide a sample.
 */
import { Effect } from "effect"
import * as esbuild from "esbuild"
import { execFileSync, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { bundleCommand } from "../../scripts/build.js"
import type { Commands } from "./common.js"
import { inversions, main } from "./common.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const wall = (args: ReadonlyArray<string>): number => {
  const start = performance.now()
  execFileSync(process.execPath, [...args], { stdio: "ignore", env: { ...process.env, NO_COLOR: "1" } })
  return (performance.now() - start) / 1000
}

/** The command bundled as `npm run build` bundles it, into a fresh temporary folder: the file to run. */
const bundled = async (): Promise<string> => {
  const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "effect-asyncio-bench-")), "effect-asyncio.js")
  await bundleCommand(outfile)
  return outfile
}

const startup = (target: string, times: number) =>
  Effect.promise(async () => {
    let args: ReadonlyArray<string>
    if (target === "command") {
      args = [await bundled(), "--help"]
    } else {
      args = ["-e", "import('effect')"]
    }
    wall(args) // once untimed: the file system cache, not the start-up, decides the first run
    const samples = Array.from({ length: times }, () => wall(args))
    return { target, samples, seconds: median(samples) }
  })

const waitNBare = `
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
const waitRandom = (max) => Effect.flatMap(Random.nextIntBetween(0, max * 1000 + 1), (ms) => Effect.as(Effect.sleep(ms), ms / 1000))
const waitN = (n, max) => Effect.forEach(Array.from({ length: n }, () => waitRandom(max)), (e) => e, { concurrency: "unbounded" })
Effect.runPromise(waitN(10, 1)).then(console.log)
`

/** The apps whose bundles are measured. */
const cases: Readonly<Record<string, string>> = {
  baseline: waitNBare,
  waitN: `import * as Effect from "effect/Effect"
import { waitN } from "effect-asyncio"
Effect.runPromise(waitN(10, 1)).then(console.log)`,
  VirtualTime: `import * as Effect from "effect/Effect"
import { VirtualTime } from "effect-asyncio"
Effect.runPromise(VirtualTime.run(Effect.sleep("1 second"))).then(console.log)`,
  library: `import * as Library from "effect-asyncio"
console.log(Library)`
}

const bundle = (name: string) =>
  Effect.promise(async () => {
    const contents = cases[name]
    if (contents === undefined) {
      throw new Error(`unknown case ${name}; one of ${Object.keys(cases).join(", ")}`)
    }
    const result = await esbuild.build({
      stdin: { contents, resolveDir: root, sourcefile: `${name}.ts`, loader: "ts" },
      bundle: true,
      minify: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "node",
      // the lowest Node that `engines` admits, as scripts/build.ts bundles the command
      target: "node22.19",
      legalComments: "none",
      // The package's exports, pointed at the sources: esbuild compiles them as tsc would, types removed.
      alias: { "effect-asyncio": path.join(root, "src/index.ts") },
      logLevel: "silent"
    })
    const output = Object.values(result.metafile.outputs)[0]!
    const inputs = Object.entries(output.inputs)
    const own = inputs.filter(([file]) => file.startsWith("src/")).reduce(
      (sum, [, input]) => sum + input.bytesInOutput,
      0
    )
    const effect = inputs.filter(([file]) => file.includes("node_modules/effect/")).reduce(
      (sum, [, input]) => sum + input.bytesInOutput,
      0
    )
    return {
      case: name,
      bytes: result.outputFiles[0]!.contents.byteLength,
      own_bytes: own,
      effect_bytes: effect,
      renderer: inputs.some(([file]) => /src\/internal\/timeline\/(chart|svg)\./.test(file)) ? 1 : 0,
      cli: inputs.some(([file]) => file.includes("node_modules/effect/dist/cli/")) ? 1 : 0
    }
  })

/** The numbers of a printed Python list, `[0.001, 0.002, …]`, however many lines it spans. */
const printedList = (stdout: string): Array<number> =>
  stdout.replace(/[[\]\s]/g, "").split(",").filter((value) => value !== "").map((value) => Number(value))

/** Runs `measure` while two CPU-bound Node processes load the machine (both cores of a 2-core one). */
const underLoad = async <A>(measure: () => A): Promise<A> => {
  const hogs = [0, 1].map(() => spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }))
  try {
    return measure()
  } finally {
    for (const hog of hogs) {
      hog.kill()
    }
  }
}

const order = (n: string, maxDelay: string, runs: number, load: boolean) =>
  Effect.promise(async () => {
    const command = await bundled()
    const measure = () =>
      Array.from({ length: runs }, () => {
        const stdout = execFileSync(process.execPath, [command, "wait-n", n, maxDelay], {
          encoding: "utf8",
          env: { ...process.env, NO_COLOR: "1" },
          maxBuffer: 64 * 1024 * 1024
        })
        const delays = printedList(stdout)
        if (delays.length !== Number(n)) {
          throw new Error(`wait-n ${n} ${maxDelay} printed ${delays.length} numbers`)
        }
        return inversions(delays)
      })
    const counts = load ? await underLoad(measure) : measure()
    return { n: Number(n), runs, load, inversions: counts }
  })

/**
 * A preload that writes the process's peak RSS in bytes to the file named by `EFFECT_ASYNCIO_BENCH_RSS` when the
 * process exits (however it exits, short of a fatal signal).
 */
const rssPreload = "data:text/javascript," + encodeURIComponent(
  "import { writeFileSync } from 'node:fs';" +
    "process.on('exit', () => writeFileSync(process.env.EFFECT_ASYNCIO_BENCH_RSS, " +
    "String(process.resourceUsage().maxRSS * 1024)))"
)

interface Finished {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: number
  readonly numbers: number
  readonly stderr: string
  readonly end: number
}

/** Starts the bundled command with the RSS preload; its exit, what it printed (counted, not kept) and its RSS file. */
const start = (command: string, args: ReadonlyArray<string>) => {
  const rss = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "effect-asyncio-rss-")), "rss")
  const child = spawn(process.execPath, ["--import", rssPreload, command, ...args], {
    env: { ...process.env, NO_COLOR: "1", EFFECT_ASYNCIO_BENCH_RSS: rss },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let stdout = 0
  let numbers = 0
  let stderr = ""
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.length
    for (const byte of chunk) {
      // the numbers of a printed list are separated by commas (the last one is followed by "]")
      if (byte === 44 || byte === 93) {
        numbers++
      }
    }
  })
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000)
  })
  const exited = new Promise<Finished>((resolve, reject) => {
    child.on("error", reject)
    child.on("close", (code, signal) => resolve({ code, signal, stdout, numbers, stderr, end: performance.now() }))
  })
  const peakRss = (): number | undefined => {
    try {
      return Number(fs.readFileSync(rss, "utf8"))
    } catch {
      return undefined
    }
  }
  return { child, exited, peakRss }
}

const run = (args: ReadonlyArray<string>) =>
  Effect.promise(async () => {
    const command = await bundled()
    const begin = performance.now()
    const { exited, peakRss } = start(command, args)
    const finished = await exited
    if (finished.code !== 0) {
      throw new Error(`effect-asyncio ${args.join(" ")} exited with ${finished.code}: ${finished.stderr.trim()}`)
    }
    return {
      args,
      wall_s: (finished.end - begin) / 1000,
      peak_rss_bytes: peakRss(),
      printed: finished.numbers,
      stdout_bytes: finished.stdout
    }
  })

/** The state (`R`, `S`, …) and the CPU ticks (user + system) of a process, from /proc (Linux); undefined elsewhere. */
const stat = (pid: number): { readonly state: string; readonly ticks: number } | undefined => {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "").split(" ")
    return { state: fields[0]!, ticks: Number(fields[11]) + Number(fields[12]) }
  } catch {
    return undefined
  }
}

const pause = (millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis))

/**
 * Waits until the process is idle: sleeping (`S`) and at most one CPU tick used in each of 3 windows of 100 ms in a
 * row (every wait pending; on a loaded machine a runnable process that gets no core uses no tick either, hence the
 * state), for at most 10 minutes; without /proc, n / 20,000 seconds.
 */
const untilIdle = async (pid: number, n: number): Promise<void> => {
  const begin = performance.now()
  if (stat(pid) === undefined) {
    return pause(n / 20)
  }
  let last = stat(pid)
  let idle = 0
  while (idle < 3 && performance.now() - begin < 600_000) {
    await pause(100)
    const now = stat(pid)
    idle = now !== undefined && last !== undefined && now.state === "S" && now.ticks - last.ticks <= 1 ? idle + 1 : 0
    last = now
  }
}

const sigint = (name: string, n: string) =>
  Effect.promise(async () => {
    const command = await bundled()
    const begin = performance.now()
    const { child, exited } = start(command, [name, n, "100000"])
    await Promise.race([untilIdle(child.pid!, Number(n)), exited])
    const launch = (performance.now() - begin) / 1000
    const sent = performance.now()
    child.kill("SIGINT")
    const finished = await exited
    if (finished.code !== 130 || finished.stderr !== "interrupted\n" || finished.stdout !== 0) {
      throw new Error(
        `effect-asyncio ${name} ${n} 100000 after SIGINT: exit ${finished.code ?? finished.signal}, ` +
          `${finished.stdout} bytes on stdout, stderr ${JSON.stringify(finished.stderr)}`
      )
    }
    return { name, n: Number(n), launch_s: launch, exit_s: (finished.end - sent) / 1000, code: finished.code }
  })

/** The commands, by name. */
export const commands: Commands = {
  startup: ([target, times]) => startup(target ?? "command", Number(times ?? 5)),
  bundle: ([name]) => bundle(name ?? "waitN"),
  order: ([n, maxDelay, runs, load]) => order(n ?? "1000", maxDelay ?? "1", Number(runs ?? 1), load === "load"),
  run: (args) => run(args),
  sigint: ([name, n]) => sigint(name ?? "wait-n", n ?? "1000")
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(commands)
}
