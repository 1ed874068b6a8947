/**
 * The `effect-asyncio` executable as a real subprocess (`node --import tsx src/bin.ts …`): exit codes, stderr,
 * JSON lines, help, Ctrl-C, a closed output, counts that cannot fit, and an internal error. Then the command as users
 * get it, bundled by `npm run build` into one file and run by plain `node` in cold processes: the order it prints.
 */
import { Command } from "@effect/platform"
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { bundleCommand } from "../scripts/build.js"
import { isAscending } from "./utils/clock.js"

const bin = (...args: ReadonlyArray<string>) =>
  Command.make(process.execPath, "--import", "tsx", "src/bin.ts", ...args).pipe(
    Command.env({ FORCE_COLOR: "0", NO_COLOR: "1" })
  )

const text = <E>(stream: Stream.Stream<Uint8Array, E>) =>
  Stream.runCollect(Stream.decodeText(stream)).pipe(Effect.map((chunks) => Chunk.join(chunks, "")))

/** Runs a command to its end: exit code, stdout and stderr. */
const runCommand = (command: Command.Command) =>
  Effect.scoped(Effect.gen(function*() {
    const process = yield* Command.start(command)
    const [stdout, stderr, code] = yield* Effect.all([text(process.stdout), text(process.stderr), process.exitCode], {
      concurrency: "unbounded"
    })
    return { code, stderr, stdout }
  })).pipe(Effect.provide(NodeContext.layer))

/** Runs the executable to its end: exit code, stdout and stderr. */
const run = (...args: ReadonlyArray<string>) => runCommand(bin(...args))

/** Runs `effect-asyncio …args | head -c 1` in bash: the executable's own exit code, its stderr, what head read. */
const intoHead = (...args: ReadonlyArray<string>) =>
  runCommand(
    Command.make(
      "bash",
      "-c",
      "node --import tsx src/bin.ts \"$@\" | head -c 1; echo \" ${PIPESTATUS[0]}\"",
      "bash",
      ...args
    )
      .pipe(Command.env({ FORCE_COLOR: "0", NO_COLOR: "1" }))
  ).pipe(
    Effect.map(({ stderr, stdout }) => ({ code: Number(stdout.slice(2).trim()), read: stdout.slice(0, 1), stderr }))
  )

/** Runs `script` (JavaScript; imports of the sources load through tsx) in a node subprocess, as the executable does. */
const script = (code: string, env: Record<string, string> = {}) =>
  runCommand(
    Command.make(process.execPath, "--import", "tsx", "--input-type=module", "-e", code).pipe(
      Command.env({ FORCE_COLOR: "0", NO_COLOR: "1", ...env })
    )
  )

const lines = (output: string) => output.split("\n").filter((line) => line !== "")

/**
 * Waits until process `pid` has started and settled: its CPU time (Linux's /proc) has stopped growing for half a
 * second, as when the command sleeps, however long its start-up took on a busy machine. (It cannot wait for the
 * SIGINT handler: tsx installs one of its own at once.) Where there is no /proc, waits six seconds.
 */
const settled = (pid: number): Effect.Effect<void> => {
  const cpu = Effect.try((): number => {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")
    return Number(fields[11]) + Number(fields[12])
  })
  const loop = (last: number, still: number): Effect.Effect<void> =>
    Effect.flatMap(
      Effect.zipRight(Effect.sleep("100 millis"), Effect.either(cpu)),
      (now) =>
        now._tag === "Left" ? Effect.void : now.right === last && still >= 4 ? Effect.void : loop(
          now.right,
          now.right === last ? still + 1 : 0
        )
    )
  return Effect.flatMap(
    Effect.either(cpu),
    (first) => first._tag === "Left" ? Effect.sleep("6 seconds") : loop(first.right, 0)
  )
}

describe("bin", () => {
  it.live("exits 0 and prints the result", () =>
    Effect.gen(function*() {
      const { code, stderr, stdout } = yield* run("wait-n", "3", "0.05", "--seed", "1")
      assert.strictEqual(code, 0)
      assert.strictEqual(stderr, "")
      assert.match(stdout, /^\[\d\.\d+, \d\.\d+, \d\.\d+\]\n$/)
    }), 60_000)

  it.live(
    "bad input: exit code 2, one line on stderr naming the problem, nothing on stdout",
    () =>
      Effect.gen(function*() {
        const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
          [["wait-n", "-1", "5"], "effect-asyncio wait-n: n must be a non-negative integer, got '-1'"],
          [["wait-n", "five", "5"], "effect-asyncio wait-n: n must be a non-negative integer, got 'five'"],
          [["wait-n", "5", "5", "--bogus"], "effect-asyncio wait-n: Received unknown argument: '--bogus'"],
          [["read-lines", "/no/such/file"], "effect-asyncio read-lines: Path '/no/such/file' must exist"]
        ]
        const results = yield* Effect.forEach(cases, ([args]) => run(...args), { concurrency: 2 })
        results.forEach(({ code, stderr, stdout }, i) => {
          assert.strictEqual(code, 2, cases[i]![0].join(" "))
          assert.strictEqual(stdout, "")
          assert.deepStrictEqual(lines(stderr), [cases[i]![1]])
        })
      }),
    60_000
  )

  it.live(
    "a count whose waits cannot fit in this process's heap: refused before it starts, one line, exit code 2",
    () =>
      Effect.gen(function*() {
        const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
          [
            ["wait-n", "1e12", "1"],
            "wait-n: n must be at most [\\d,]+ in this process, got 1000000000000: a pending wait"
          ],
          [["measure-time", "1e12", "1"], "measure-time: n must be at most [\\d,]+ in this process, got 1000000000000"],
          [
            ["task-wait-n", "1e12", "1"],
            "task-wait-n: n must be at most [\\d,]+ in this process, got 1000000000000: a pending task"
          ],
          [["wait-n", "400000000", "1"], "wait-n: n must be at most [\\d,]+ in this process, got 400000000"]
        ]
        const results = yield* Effect.forEach(cases, ([args]) => run(...args), { concurrency: "unbounded" })
        results.forEach(({ code, stderr, stdout }, i) => {
          assert.deepStrictEqual({ code, stdout }, { code: 2, stdout: "" }, cases[i]![0].join(" "))
          assert.strictEqual(lines(stderr).length, 1, stderr)
          assert.match(
            stderr,
            new RegExp(`^effect-asyncio ${cases[i]![1]}.* kB and [\\d,]+ MB of the [\\d,]+ MB heap are free`)
          )
        })
      }),
    60_000
  )

  it.live(
    "a closed output (| head -c 1) ends the command quietly: no stack trace, exit code 0",
    () =>
      Effect.gen(function*() {
        const cases: ReadonlyArray<ReadonlyArray<string>> = [
          ["countdown", "3000", "--clock", "virtual"],
          ["range", "2000000"],
          // one line longer than a pipe holds (64 KiB), written at the end
          ["wait-n", "15000", "0.01", "--clock", "virtual"]
        ]
        const results = yield* Effect.forEach(cases, (args) => intoHead(...args), { concurrency: "unbounded" })
        assert.deepStrictEqual(results, [
          { code: 0, read: "3", stderr: "" },
          { code: 0, read: "[", stderr: "" },
          { code: 0, read: "[", stderr: "" }
        ])
      }),
    60_000
  )

  it.live(
    "a defect inside a command: one line naming an internal error, exit code 70; the full cause on demand",
    () =>
      Effect.gen(function*() {
        // a Console whose results die: a defect where the command prints, as a bug in the library would be
        const planted = `
        import * as NodeContext from "@effect/platform-node/NodeContext"
        import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
        import * as NodeSocket from "@effect/platform-node/NodeSocket"
        import { Effect, Layer } from "effect"
        import * as Cli from "./src/Cli.ts"
        Effect.consoleWith((console) =>
          Cli.run(["node", "effect-asyncio", "wait-n", "3", "1", "--clock", "virtual"]).pipe(
            Effect.withConsole({ ...console, log: () => Effect.die(new RangeError("Invalid array length")) })
          )
        ).pipe(
          Effect.provide(Layer.merge(NodeContext.layer, NodeSocket.layerWebSocketConstructor)),
          NodeRuntime.runMain({ disableErrorReporting: true, teardown: (exit, onExit) => onExit(Cli.exitCode(exit)) })
        )`
        const [quiet, verbose] = yield* Effect.all(
          [script(planted), script(planted, { EFFECT_ASYNCIO_VERBOSE: "1" })],
          {
            concurrency: "unbounded"
          }
        )
        const line =
          "effect-asyncio wait-n: internal error: RangeError: Invalid array length (a bug in effect-asyncio; " +
          "run again with EFFECT_ASYNCIO_VERBOSE=1 to see its full cause)"
        assert.deepStrictEqual(quiet, { code: 70, stderr: `${line}\n`, stdout: "" })
        assert.strictEqual(verbose.code, 70)
        assert.strictEqual(lines(verbose.stderr)[0], line)
        assert.include(verbose.stderr, "    at ")
      }),
    60_000
  )

  it.live("--json: every line of stdout parses", () =>
    Effect.gen(function*() {
      const { code, stdout } = yield* run("--clock", "virtual", "--seed", "3", "--json")
      assert.strictEqual(code, 0)
      const parsed = lines(stdout).map((line) => JSON.parse(line))
      assert.isTrue(parsed.length > 20)
      assert.isTrue(parsed.every((value) => value.command === "tour" && typeof value.step === "string"))
    }), 60_000)

  it.live("--help lists every command; --version prints the version", () =>
    Effect.gen(function*() {
      const help = yield* run("--help")
      assert.strictEqual(help.code, 0)
      for (
        const command of [
          "tour",
          "wait-random",
          "wait-n",
          "measure-time",
          "task-wait-random",
          "task-wait-n",
          "async-generator",
          "async-comprehension",
          "measure-runtime",
          "range",
          "countdown",
          "read-lines",
          "messages"
        ]
      ) {
        assert.include(help.stdout, command)
      }
      for (const option of ["--clock", "--rate", "--seed", "--timeline", "--json"]) {
        assert.include(help.stdout, option)
      }
      const version = yield* run("--version")
      assert.deepStrictEqual([version.code, version.stdout.trim()], [0, "0.1.1"])
    }), 60_000)

  it.live(
    "Ctrl-C interrupts a running measure-runtime, prints interrupted and exits 130 (finalizers: see Cli.test)",
    () =>
      Effect.scoped(Effect.gen(function*() {
        // measure-runtime at rate 1 takes ten real seconds; interrupt it once it is running (its start-up varies with
        // the load of the machine) and well before it ends
        const process = yield* Command.start(bin("measure-runtime", "--rate", "1"))
        const stderr = yield* Effect.fork(text(process.stderr))
        const stdout = yield* Effect.fork(text(process.stdout))
        yield* settled(process.pid)
        assert.isTrue(yield* process.isRunning)
        yield* process.kill("SIGINT")
        assert.strictEqual(yield* process.exitCode, 130)
        assert.deepStrictEqual(lines(yield* stderr.await.pipe(Effect.flatten)), ["interrupted"])
        assert.strictEqual(yield* stdout.await.pipe(Effect.flatten), "")
      })).pipe(Effect.provide(NodeContext.layer)),
    60_000
  )

  it.live("Ctrl-C during a stream: the first line is out, the rest is not", () =>
    Effect.scoped(Effect.gen(function*() {
      const process = yield* Command.start(bin("countdown", "30", "--rate", "10"))
      const stderr = yield* Effect.fork(text(process.stderr))
      const first = yield* process.stdout.pipe(
        Stream.decodeText(),
        Stream.splitLines,
        Stream.take(1),
        Stream.runCollect
      )
      assert.deepStrictEqual(Chunk.toArray(first), ["30"])
      yield* process.kill("SIGINT")
      assert.strictEqual(yield* process.exitCode, 130)
      assert.deepStrictEqual(lines(yield* stderr.await.pipe(Effect.flatten)), ["interrupted"])
    })).pipe(Effect.provide(NodeContext.layer)), 60_000)
})

/** The numbers of the first Python list of delays in `output` (`[0.001, 0.002, …]`), past any progress line. */
const printedDelays = (output: string): Array<number> => {
  const list = /\[(\d+\.\d[^\]]*)\]/.exec(output)
  return list === null ? [] : list[1]!.split(",").map((value) => Number(value.trim()))
}

/** Whether util-linux's `script` is here to run a command on a pseudo-terminal. */
const hasScript = process.platform === "linux" && spawnSync("script", ["--version"]).status === 0

describe("bin, bundled", () => {
  // the command as `npm run build` bundles it, once for these tests
  const bundled = Effect.acquireRelease(
    Effect.promise(async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "effect-asyncio-bin-"))
      await bundleCommand(path.join(dir, "effect-asyncio.js"))
      return path.join(dir, "effect-asyncio.js")
    }),
    (file) => Effect.sync(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }))
  )

  // issue 20: the live clock released due waits in the middle of a launch longer than its maxDeferral, so the
  // children forked after the release started later, and a 2 ms wait ended after a 146 ms one
  it.scoped(
    "wait-n 1000 1 and task-wait-n 1000 1 print their delays in ascending order, each in a cold process",
    () =>
      Effect.gen(function*() {
        const command = yield* bundled
        const results = yield* Effect.forEach(
          ["wait-n", "task-wait-n"],
          (name) => runCommand(Command.make(process.execPath, command, name, "1000", "1")),
          { concurrency: "unbounded" }
        )
        for (const { code, stderr, stdout } of results) {
          assert.deepStrictEqual({ code, stderr }, { code: 0, stderr: "" })
          const delays = printedDelays(stdout)
          assert.strictEqual(delays.length, 1000)
          assert.isTrue(isAscending(delays), stdout)
        }
      }),
    120_000
  )

  it.scoped.skipIf(!hasScript)(
    "on a terminal, with its progress line and --timeline, too",
    () =>
      Effect.gen(function*() {
        const command = yield* bundled
        const results = yield* Effect.forEach(
          ["wait-n", "task-wait-n"],
          (name) =>
            runCommand(
              Command.make(
                "script",
                "-qec",
                `"${process.execPath}" "${command}" ${name} 1000 1 --timeline`,
                "/dev/null"
              )
            ),
          { concurrency: "unbounded" }
        )
        for (const { code, stdout } of results) {
          assert.strictEqual(code, 0)
          assert.include(stdout, "\u001b[2K") // the progress line was drawn, then cleared
          const delays = printedDelays(stdout)
          assert.strictEqual(delays.length, 1000)
          assert.isTrue(isAscending(delays), stdout)
        }
      }),
    120_000
  )
})
