/**
 * What the testing tools cost (run with `node --import tsx bench/ours/testing.ts ...`):
 *
 *   explore RUNS N MAX_DELAY_S   VirtualTime.explore(waitN(n, maxDelay), { runs, seed: 1 }), one call
 *   plain RUNS N MAX_DELAY_S     `runs` VirtualTime.run(waitN(n, maxDelay)), one after the other: the baseline
 *   replay RUNS N MAX_DELAY_S    `runs` VirtualTime.run(waitN(n, maxDelay), { schedule: seed }), seeds 1..runs: the
 *                                seeded schedule (and the timeline a seeded run always records) without explore's
 *                                own bookkeeping
 *   vitest virtual|effect TESTS N MAX_DELAY_S
 *                                a child vitest runs bench/fixtures/testing.bench-fixture.ts, only the TESTS tests of
 *                                one variant (`it.virtual`, or `it.effect` + `TestClock.adjust`), each on
 *                                waitN(n, maxDelay); durations as vitest's JSON reporter gives them, so that vitest's
 *                                own start-up is left out
 *   vendored effect|virtual [PATTERN]
 *                                a child vitest runs Effect's own time-dependent test files as test/effect/ runs
 *                                them (issue 19): `test/effect/effect.test.ts` (`it.effect`, unchanged) or
 *                                `test/effect/virtual.test.ts` (the one-word change to `it.virtual`), on the
 *                                repository's vitest config; PATTERN (vitest's `-t`) runs only the tests it matches.
 *                                Reports the sum of the tests' durations (`wall_s`), the mean (`per_s`), the child's
 *                                whole wall time, and how many passed, failed and were skipped
 *
 * The first three draw their delays from one `Random.withSeed(42)` for all the runs of a call (so the three see the
 * same delays run by run), check that every list is ascending and of length n, and first run the same command
 * untimed with a tenth of the runs (JIT warm-up), as `virtual-time.ts` does. They report the wall time of all the
 * runs (`wall_s`), its mean per run (`per_s`) and the first run's (`first_s`; not for `explore`, which runs them
 * itself). `vitest` reports the median test (`wall_s`), the mean (`per_s`), the first test (`first_s`) and the
 * child's whole wall time.
 */
import { Effect, Random } from "effect"
import * as VirtualTime from "effect-asyncio/VirtualTime"
import { waitN } from "effect-asyncio/Wait"
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import type { Commands } from "./common.js"
import { fail, main, secondsSince } from "./common.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")

const ascending = (delays: ReadonlyArray<number>): boolean => delays.every((d, i) => i === 0 || delays[i - 1]! <= d)

const checked = (n: number, delays: ReadonlyArray<number>): Effect.Effect<void> =>
  delays.length === n && ascending(delays)
    ? Effect.void
    : fail(`waitN(${n}, ·) gave ${delays.length} delays, ascending: ${ascending(delays)}`)

/** `runs` calls of `run(i)` (i from 1), one after the other, under one seeded Random: their wall times. */
const loop = (
  runs: number,
  run: (i: number) => Effect.Effect<unknown, unknown>
): Effect.Effect<Array<number>, unknown> =>
  Effect.gen(function*() {
    const walls: Array<number> = []
    for (let i = 1; i <= runs; i++) {
      const start = performance.now()
      yield* run(i)
      walls.push(secondsSince(start))
    }
    return walls
  }).pipe(Random.withSeed(42))

/** One call of a driver: the wall time of all its runs, and of the first when it can be told apart. */
interface Timing {
  readonly total: number
  readonly first?: number | undefined
}

type Driver = (runs: number, n: number, maxDelay: number) => Effect.Effect<Timing, unknown>

const timing = (walls: ReadonlyArray<number>): Timing => ({ total: walls.reduce((a, b) => a + b, 0), first: walls[0] })

const plain: Driver = (runs, n, maxDelay) =>
  Effect.map(
    loop(runs, () => Effect.flatMap(VirtualTime.run(waitN(n, maxDelay)), (delays) => checked(n, delays))),
    (walls) => timing(walls)
  )

const replay: Driver = (runs, n, maxDelay) =>
  Effect.map(
    loop(
      runs,
      (seed) => Effect.flatMap(VirtualTime.run(waitN(n, maxDelay), { schedule: seed }), (delays) => checked(n, delays))
    ),
    (walls) => timing(walls)
  )

// explore runs the schedules itself: one timed call, each of whose runs checks its own list
const explore: Driver = (runs, n, maxDelay) =>
  Effect.map(
    loop(1, () =>
      Effect.flatMap(
        VirtualTime.explore(Effect.flatMap(waitN(n, maxDelay), (delays) => checked(n, delays)), { runs, seed: 1 }),
        (report) => report.runs === runs ? Effect.void : fail(`explore ran ${report.runs} of ${runs}`)
      )),
    (walls) => ({ total: walls[0]! })
  )

const timed = (name: string, driver: Driver) => ([runs, n, maxDelay]: ReadonlyArray<string>) => {
  const [r, size, delay] = [Number(runs), Number(n), Number(maxDelay)]
  return Effect.orDie(Effect.gen(function*() {
    yield* driver(Math.max(1, Math.round(r / 10)), size, delay)
    const { first, total } = yield* driver(r, size, delay)
    return { driver: name, runs: r, n: size, max_delay_s: delay, wall_s: total, per_s: total / r, first_s: first }
  }))
}

// the fixture's config: the repository's aliases, so that the fixture imports `effect-asyncio/vitest` from src/
const fixtureConfig = "bench/fixtures/vitest.config.ts"

// the tests' full names in the fixture start with their variant's name and a space
const variants = ["virtual", "effect"] as const

interface JsonReport {
  readonly testResults: ReadonlyArray<{
    readonly assertionResults: ReadonlyArray<{
      readonly fullName: string
      readonly status: string
      readonly duration?: number | null
    }>
  }>
}

// this process's environment without a parent vitest's variables (the child would think it is one of its workers)
// or a seed that would override the fixture's
const childEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST") && name !== "EFFECT_ASYNCIO_SEED")
  ),
  ...extra
})

// the child runs on this process's Node: the runner starts the workers on a Node that vitest 5 supports
const child = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv): Effect.Effect<void, Error> =>
  Effect.callback<void, Error>((resume) => {
    execFile(
      process.execPath,
      [...args],
      { cwd: root, env, maxBuffer: 16 * 1024 * 1024 },
      (error, _out, stderr) =>
        resume(error === null ? Effect.void : Effect.fail(new Error(`child vitest: ${error.message}\n${stderr}`)))
    )
  })

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const vitest = ([variant, tests, n, maxDelay]: ReadonlyArray<string>): Effect.Effect<object> =>
  Effect.orDie(Effect.gen(function*() {
    if (!variants.some((v) => v === variant)) {
      return yield* fail(`unknown variant: ${variant}; one of ${variants.join(", ")}`)
    }
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "bench-testing-"))
    const outputFile = path.join(directory, "report.json")
    const start = performance.now()
    const report = yield* Effect.ensuring(
      Effect.andThen(
        child([
          "node_modules/vitest/vitest.mjs",
          "run",
          "--config",
          fixtureConfig,
          "-t",
          `^${variant} `,
          "--reporter=json",
          `--outputFile=${outputFile}`
        ], childEnv({ BENCH_TESTING_TESTS: tests!, BENCH_TESTING_N: n!, BENCH_TESTING_MAX_DELAY: maxDelay! })),
        Effect.sync(() => JSON.parse(fs.readFileSync(outputFile, "utf8")) as JsonReport)
      ),
      Effect.sync(() => fs.rmSync(directory, { recursive: true, force: true }))
    )
    const process_s = secondsSince(start)
    const results = report.testResults.flatMap((file) =>
      file.assertionResults.filter((test) => test.status === "passed")
    )
    const durations = results.map((test) => (test.duration ?? Number.NaN) / 1000)
    if (
      results.length !== Number(tests) || !results.every((test) => test.fullName.startsWith(`${variant} `)) ||
      !durations.every(Number.isFinite)
    ) {
      return yield* fail(`expected ${tests} passed "${variant}" tests with durations, got ${JSON.stringify(results)}`)
    }
    return {
      variant,
      tests: results.length,
      n: Number(n),
      max_delay_s: Number(maxDelay),
      wall_s: median(durations),
      per_s: durations.reduce((a, b) => a + b, 0) / durations.length,
      first_s: durations[0],
      process_s
    }
  }))

/** The runner of each mode of test/effect/ (the harness of issue 19, owned by the test kit). */
const vendoredRunners: Readonly<Record<string, string>> = {
  effect: "test/effect/effect.test.ts",
  virtual: "test/effect/virtual.test.ts"
}

const vendored = ([mode, pattern]: ReadonlyArray<string>): Effect.Effect<object> =>
  Effect.orDie(Effect.gen(function*() {
    const runner = mode === undefined ? undefined : vendoredRunners[mode]
    if (runner === undefined) {
      return yield* fail(`unknown mode: ${mode}; one of ${Object.keys(vendoredRunners).join(", ")}`)
    }
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "bench-vendored-"))
    const outputFile = path.join(directory, "report.json")
    const start = performance.now()
    // a test that fails unexpectedly makes vitest exit 1: the report still says what ran, so read it either way
    let output = ""
    const report = yield* Effect.ensuring(
      Effect.andThen(
        Effect.callback<void>((resume) => {
          execFile(
            process.execPath,
            [
              "node_modules/vitest/vitest.mjs",
              "run",
              runner,
              ...(pattern === undefined ? [] : ["-t", pattern]),
              "--reporter=json",
              `--outputFile=${outputFile}`
            ],
            { cwd: root, env: childEnv({}), maxBuffer: 64 * 1024 * 1024 },
            (_error, stdout, stderr) => {
              output = `${stdout}${stderr}`.slice(-1500)
              resume(Effect.void)
            }
          )
        }),
        Effect.try({
          try: () => JSON.parse(fs.readFileSync(outputFile, "utf8")) as JsonReport,
          catch: () => new Error(`vendored ${mode}: the child vitest wrote no report: ${output}`)
        })
      ),
      Effect.sync(() => fs.rmSync(directory, { recursive: true, force: true }))
    )
    const process_s = secondsSince(start)
    const tests = report.testResults.flatMap((file) => file.assertionResults)
    const ran = tests.filter((test) => test.status === "passed" || test.status === "failed")
    const durations = ran.map((test) => (test.duration ?? 0) / 1000)
    if (ran.length === 0) {
      return yield* fail(
        `vendored ${mode}: no test ran (is Effect's checkout there? see test/effect/): ${
          tests.slice(0, 3).map((test) => `${test.status} ${test.fullName}`).join("; ")
        }; ${output}`
      )
    }
    const total = durations.reduce((a, b) => a + b, 0)
    return {
      mode,
      wall_s: total,
      per_s: total / ran.length,
      process_s,
      passed: tests.filter((test) => test.status === "passed").length,
      failed: tests.filter((test) => test.status === "failed").length,
      skipped: tests.filter((test) => test.status !== "passed" && test.status !== "failed").length
    }
  }))

/** The commands, by name. */
export const commands: Commands = {
  explore: timed("explore", explore),
  plain: timed("plain", plain),
  replay: timed("replay", replay),
  vitest,
  vendored
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(commands)
}
