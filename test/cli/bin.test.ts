/**
 * The bundled `effect-asyncio` executable (built once with `scripts/build.ts`'s `bundleCommand`, run with plain
 * `node` in fresh processes): exit codes and stderr, help on a pipe and on a terminal (`script` gives it a pty), a
 * closed output, counts that cannot fit in a small heap, Ctrl-C, progress, and the order of the delays it prints.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { bundleCommand } from "../../scripts/build.js"
import { inversions } from "../utils/clock.js"

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "effect-asyncio-bin-"))
const bin = path.join(dir, "effect-asyncio.js")
const quiet = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" }

beforeAll(() => bundleCommand(bin), 60_000)
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

interface Ended {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Collects what `child` prints until it ends. */
const ended = (child: ChildProcess): Promise<Ended> =>
  new Promise((resolve) => {
    let stdout = ""
    let stderr = ""
    child.stdout?.on("data", (chunk) => stdout += chunk)
    child.stderr?.on("data", (chunk) => stderr += chunk)
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })

/** Runs `node <bin> ...args` to its end, stdin closed, stdout and stderr piped. */
const run = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv = quiet, nodeArgs: ReadonlyArray<string> = []) =>
  ended(spawn(process.execPath, [...nodeArgs, bin, ...args], { env, stdio: ["ignore", "pipe", "pipe"] }))

/** Runs `command` in bash (`$BIN` is `node <bin>`). */
const bash = (command: string, env: NodeJS.ProcessEnv = quiet) =>
  ended(spawn("bash", ["-c", command], { env: { ...env, BIN: `${process.execPath} ${bin}` }, stdio: "pipe" }))

/** Runs `node <bin> ...args` on a terminal: `script` gives it a pty, whose output it copies to its stdout. */
const onTerminal = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv = {}) =>
  spawn("script", ["-qfec", [process.execPath, bin, ...args].join(" "), "/dev/null"], {
    env: { ...process.env, TERM: "xterm", ...env },
    stdio: ["pipe", "pipe", "pipe"]
  })

const hasScript = spawnSync("script", ["--version"]).status === 0

/** Resolves once `child` has printed something that `ready` accepts. */
const printed = (child: ChildProcess, ready: (output: string) => boolean): Promise<void> =>
  new Promise((resolve) => {
    let output = ""
    const onData = (chunk: Buffer) => {
      output += chunk
      if (ready(output)) {
        child.stdout?.off("data", onData)
        resolve()
      }
    }
    child.stdout?.on("data", onData)
  })

const lines = (output: string) => output.split(/\r?\n/).filter((line) => line !== "")

const delays = (output: string): ReadonlyArray<number> => JSON.parse(lines(output)[0]!).delays

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[/

describe("bin", () => {
  it("exits 0 and prints the result; the same seed prints the same delays on either clock", async () => {
    const [live, virtual] = await Promise.all([
      run(["wait-n", "5", "0.05", "--seed", "7"]),
      run(["wait-n", "5", "0.05", "--seed", "7", "--clock", "virtual"])
    ])
    assert.deepStrictEqual(live, { code: 0, stdout: "[0.001, 0.005, 0.029, 0.03, 0.047]\n", stderr: "" })
    assert.deepStrictEqual(virtual, live)
  }, 30_000)

  it("bad input: exit code 2, one line on stderr, nothing on stdout, never a stack trace", async () => {
    const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
      [["wait-n", "-1", "5"], "effect-asyncio wait-n: n must be a non-negative integer, got '-1'"],
      [["wait-n", "0x10", "5"], "effect-asyncio wait-n: n must be a non-negative integer, got '0x10'"],
      [
        ["range", "9007199254740993"],
        "effect-asyncio range: bound must be from -9007199254740991 to 9007199254740991, got '9007199254740993'"
      ],
      [["wait-n", "5", "5", "--bogus"], "effect-asyncio wait-n: unknown option '--bogus' (see --help)"],
      [
        ["--log-level", "nonsense"],
        "effect-asyncio: --log-level must be one of all, trace, debug, info, warn, warning, error, fatal, none, got 'nonsense'"
      ],
      [["--seed", "-1"], "effect-asyncio: --seed must be an integer from 0 to 4294967295, got '-1'"],
      [
        ["read-lines", "/no/such/file"],
        "effect-asyncio read-lines: file must be a file that can be read (no such file or directory, ENOENT), got '/no/such/file'"
      ],
      [["read-lines", `/tmp/${"x".repeat(300)}`], "(name too long, ENAMETOOLONG)"],
      // stdin is closed (/dev/null): the wizard would have nobody to ask
      [["--wizard"], "effect-asyncio: --wizard asks its questions on a terminal: stdin and stdout must both be one"]
    ]
    const results = await Promise.all(cases.map(([args]) => run(args)))
    results.forEach(({ code, stderr, stdout }, i) => {
      const [args, line] = cases[i]!
      assert.deepStrictEqual({ code, stdout }, { code: 2, stdout: "" }, args.join(" "))
      assert.strictEqual(lines(stderr).length, 1, stderr)
      assert.include(stderr, line)
    })
    // not even with stdin closed altogether rather than empty
    assert.deepStrictEqual(await bash("$BIN --wizard <&-"), {
      code: 2,
      stdout: "",
      stderr: "effect-asyncio: --wizard asks its questions on a terminal: stdin and stdout must both be one\n"
    })
  }, 30_000)

  it("a count that cannot fit in this process's heap is refused before it starts; one that fits runs", async () => {
    const heap = ["--max-old-space-size=128"]
    const [wait, task, fits] = await Promise.all([
      run(["wait-n", "2000000", "1", "--clock", "virtual"], quiet, heap),
      run(["task-wait-n", "2000000", "1", "--clock", "virtual"], quiet, heap),
      run(["wait-n", "20000", "1", "--clock", "virtual", "--json"], { ...quiet, NODE_OPTIONS: heap[0] })
    ])
    for (const [{ code, stderr, stdout }, item] of [[wait, "wait"], [task, "task"]] as const) {
      assert.deepStrictEqual({ code, stdout }, { code: 2, stdout: "" })
      assert.match(
        stderr,
        new RegExp(
          `^effect-asyncio \\S+: n must be at most [\\d,]+ in this process \\(a pending ${item} takes about [\\d.]+ k?B ` +
            "and \\d+ MB of the 128 MB heap are free; raise the limit with NODE_OPTIONS=--max-old-space-size=…\\), " +
            "got '\\d+'\\n$"
        )
      )
    }
    assert.deepStrictEqual({ code: fits.code, stderr: fits.stderr, n: delays(fits.stdout).length }, {
      code: 0,
      stderr: "",
      n: 20000
    })
  }, 60_000)

  it("a closed output (| head -c 1) ends the command quietly: exit code 0, nothing on stderr", async () => {
    const cases = [
      "countdown 3000 --clock virtual",
      "range 2000000",
      // one line longer than a pipe holds (64 KiB), written at the end
      "wait-n 15000 0.01 --clock virtual"
    ]
    const results = await Promise.all(cases.map((args) => bash(`$BIN ${args} | head -c 1; echo " \${PIPESTATUS[0]}"`)))
    assert.deepStrictEqual(results, [
      { code: 0, stdout: "3 0\n", stderr: "" },
      { code: 0, stdout: "[ 0\n", stderr: "" },
      { code: 0, stdout: "[ 0\n", stderr: "" }
    ])
  }, 60_000)

  it(
    "a defect inside a command: one line naming an internal error, exit code 70; its full cause on demand",
    async () => {
      // the command with a Console whose log throws: a defect where it prints, as a bug in the library would be
      const planted = path.join(dir, "planted.js")
      await esbuild.build({
        stdin: {
          contents: `
          import { NodeRuntime, NodeServices, NodeSocket } from "@effect/platform-node"
          import { Console, Effect, Layer } from "effect"
          import * as Cli from "./src/cli/Cli.ts"
          const log = () => { throw new RangeError("Invalid array length") }
          Cli.run(["node", "effect-asyncio", "wait-n", "3", "1", "--clock", "virtual"]).pipe(
            Effect.provideService(Console.Console, { ...console, log }),
            Effect.provide(Layer.merge(NodeServices.layer, NodeSocket.layerWebSocketConstructor)),
            NodeRuntime.runMain({ disableErrorReporting: true, teardown: (exit, onExit) => onExit(Cli.exitCode(exit)) })
          )`,
          resolveDir: path.resolve(import.meta.dirname, "../.."),
          loader: "ts"
        },
        outfile: planted,
        bundle: true,
        platform: "node",
        format: "esm",
        // as scripts/build.ts: bundled CommonJS packages (`ws`) call `require` for Node's built-ins
        banner: {
          js: "import { createRequire } from \"node:module\"; const require = createRequire(import.meta.url);"
        },
        logLevel: "error"
      })
      const script = (env: NodeJS.ProcessEnv) => ended(spawn(process.execPath, [planted], { env, stdio: "pipe" }))
      const [quietly, verbose] = await Promise.all([script(quiet), script({ ...quiet, EFFECT_ASYNCIO_VERBOSE: "1" })])
      const line =
        "effect-asyncio wait-n: internal error: RangeError: Invalid array length (a bug in effect-asyncio; " +
        "run again with EFFECT_ASYNCIO_VERBOSE=1 to see its full cause)"
      assert.deepStrictEqual(quietly, { code: 70, stdout: "", stderr: `${line}\n` })
      assert.strictEqual(verbose.code, 70)
      assert.strictEqual(lines(verbose.stderr)[0], line)
      assert.include(verbose.stderr, "    at ")
    },
    30_000
  )

  it("--json: every line of the tour parses", async () => {
    const { code, stdout } = await run(["--clock", "virtual", "--seed", "3", "--json"])
    assert.strictEqual(code, 0)
    const parsed = lines(stdout).map((line) => JSON.parse(line))
    assert.isTrue(parsed.length > 20)
    assert.isTrue(parsed.every((value) => value.command === "tour" && typeof value.step === "string"))
  }, 30_000)

  it("--help: the usage line names the program; plain text on a pipe; --version", async () => {
    const [help, sub, version] = await Promise.all([run(["--help"]), run(["wait-n", "-h"]), run(["--version"])])
    assert.strictEqual(help.code, 0)
    assert.include(help.stdout, "USAGE\n  effect-asyncio <subcommand> [flags]\n")
    assert.include(sub.stdout, "USAGE\n  effect-asyncio wait-n [flags] <n> <max-delay>\n")
    assert.notMatch(help.stdout, ansi)
    // piped, even where the environment would otherwise allow colour
    assert.notMatch((await run(["--help"], { ...process.env, NO_COLOR: "", FORCE_COLOR: "" })).stdout, ansi)
    assert.deepStrictEqual(version, { code: 0, stdout: "effect-asyncio v1.0.0\n", stderr: "" })
  }, 30_000)

  it.runIf(hasScript)("--help on a terminal: in colour, but not under NO_COLOR=1", async () => {
    const [coloured, plain] = await Promise.all([
      ended(onTerminal(["--help"], { NO_COLOR: "" })),
      ended(onTerminal(["--help"], { NO_COLOR: "1" }))
    ])
    assert.match(coloured.stdout, ansi)
    assert.include(plain.stdout, "USAGE")
    assert.notMatch(plain.stdout, ansi)
  }, 30_000)

  it.runIf(hasScript)("progress on a terminal: redrawn in place, cleared before the result", async () => {
    const { code, stdout } = await ended(onTerminal(["wait-n", "20", "1", "--rate", "4", "--seed", "16"]))
    assert.strictEqual(code, 0)
    const frames = stdout.split("\r\u001b[2K")
    assert.isTrue(frames.length >= 3, JSON.stringify(stdout))
    assert.match(frames[1]!, /^wait_n \[[#-]+\] \d+\/20 · \d+\.\d s$/)
    assert.match(frames.at(-1)!, /^\[(\d\.\d+, ){19}\d\.\d+\]\r\n$/)
  }, 30_000)

  it.runIf(hasScript)("progress where counting would not fit: '?/n' and the time, the same result", async () => {
    // 50,000 waits fit in a 128 MB heap, but not with the span each that counting them on the progress line takes
    const { code, stdout } = await ended(
      onTerminal(["wait-n", "50000", "1", "--rate", "2"], { NODE_OPTIONS: "--max-old-space-size=128" })
    )
    assert.strictEqual(code, 0)
    const frames = stdout.split("\r\u001b[2K")
    assert.isTrue(frames.length >= 3, JSON.stringify(stdout.slice(0, 300)))
    assert.match(frames[1]!, /^wait_n \[-+\] \?\/50000 · \d+\.\d s$/)
    const printed: ReadonlyArray<number> = JSON.parse(frames.at(-1)!)
    assert.strictEqual(printed.length, 50000)
    assert.strictEqual(inversions(printed), 0)
  }, 30_000)

  describe("Ctrl-C", () => {
    it("interrupts a running measure-runtime: 'interrupted', exit code 130", async () => {
      const child = spawn(process.execPath, [bin, "measure-runtime", "--rate", "1", "--json", "--timeline"], {
        env: quiet,
        stdio: ["ignore", "pipe", "pipe"]
      })
      const done = ended(child)
      // started: the ten seconds of the comprehensions are under way
      await new Promise((resolve) => setTimeout(resolve, 1500))
      child.kill("SIGINT")
      assert.deepStrictEqual(await done, { code: 130, stdout: "", stderr: "interrupted\n" })
    }, 30_000)

    it("while it prints as fast as it can (range 2000000000): at once, its lines whole", async () => {
      const child = spawn(process.execPath, [bin, "range", "2000000000"], {
        env: quiet,
        stdio: ["ignore", "pipe", "pipe"]
      })
      const done = ended(child)
      // printing (a fixed wait could signal a process still loading, on a busy machine, before it listens)
      await printed(child, (output) => output.includes("\n"))
      // handled between two lines: the whole range would take minutes, past this test's timeout
      child.kill("SIGINT")
      const { code, stderr, stdout } = await done
      assert.deepStrictEqual({ code, stderr }, { code: 130, stderr: "interrupted\n" })
      // lines of 4,096 numbers, each printed whole
      const printedLines = lines(stdout)
      assert.isTrue(printedLines.length >= 1)
      printedLines.forEach((line, i) =>
        assert.strictEqual(
          line,
          `${i === 0 ? "[" : ""}${Array.from({ length: 4096 }, (_, j) => 4096 * i + j).join(", ")},`
        )
      )
    }, 30_000)

    it("during a stream: what is printed stays printed, the rest is not", async () => {
      const child = spawn(process.execPath, [bin, "countdown", "30", "--rate", "10"], {
        env: quiet,
        stdio: ["ignore", "pipe", "pipe"]
      })
      const done = ended(child)
      await printed(child, (output) => output.startsWith("30\n29\n"))
      child.kill("SIGINT")
      const { code, stderr, stdout } = await done
      assert.deepStrictEqual({ code, stderr }, { code: 130, stderr: "interrupted\n" })
      const numbers = lines(stdout).map(Number)
      assert.deepStrictEqual(numbers, Array.from({ length: numbers.length }, (_, i) => 30 - i))
      assert.isTrue(numbers.length >= 2 && numbers.length < 30)
    }, 30_000)

    it("with 20,000 live waits pending: 'interrupted', exit code 130, nothing half-printed", async () => {
      const child = spawn(process.execPath, [bin, "wait-n", "20000", "3600", "--json"], {
        env: quiet,
        stdio: ["ignore", "pipe", "pipe"]
      })
      const done = ended(child)
      // started: the waits are forked and sleeping (each for up to an hour)
      await new Promise((resolve) => setTimeout(resolve, 3000))
      child.kill("SIGINT")
      assert.deepStrictEqual(await done, { code: 130, stdout: "", stderr: "interrupted\n" })
    }, 30_000)

    it.runIf(hasScript)("on a terminal: the finalizers run first, clearing the progress line", async () => {
      const child = onTerminal(["wait-n", "100", "30"])
      const done = ended(child)
      await printed(child, (output) => output.includes("/100 · "))
      // Ctrl-C typed on the terminal: the pty signals its foreground group and echoes "^C", whichever shell `script`
      // runs the command under
      child.stdin?.write("\u0003")
      const { stdout } = await done
      const [progress, last] = stdout.split("\r\u001b[2K").slice(-2)
      assert.match(progress!, /^wait_n \[[#-]+\] \d+\/100 · \d+\.\d s(\^C)?$/)
      assert.strictEqual(last, "interrupted\r\n")
    }, 30_000)
    it.runIf(hasScript)("on a terminal, with 20,000 live tasks pending: exit code 130, progress cleared", async () => {
      const child = onTerminal(["task-wait-n", "20000", "3600"])
      const done = ended(child)
      // a frame a second or more into the run: the tasks are forked and sleeping
      await printed(child, (output) => /\/20000 · [1-9]\d*\.\d s/.test(output))
      child.stdin?.write("\u0003")
      const { code, stdout } = await done
      const [progress, last] = stdout.split("\r\u001b[2K").slice(-2)
      assert.strictEqual(code, 130)
      assert.match(progress!, /^task_wait_n \[[#-]+\] \d+\/20000 · \d+\.\d s(\^C)?$/)
      assert.strictEqual(last, "interrupted\r\n")
    }, 30_000)
  })

  describe("the delays of wait-n and task-wait-n, on the live clock in a cold process, ascending as printed", () => {
    const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
      ["wait-n 1000 1", ["wait-n", "1000", "1", "--json"]],
      ["task-wait-n 1000 1", ["task-wait-n", "1000", "1", "--json"]],
      ["wait-n 1000 1 --timeline", ["wait-n", "1000", "1", "--json", "--timeline"]],
      ["task-wait-n 1000 1 --timeline", ["task-wait-n", "1000", "1", "--json", "--timeline"]]
    ]
    for (const [name, args] of cases) {
      it(name, async () => {
        const { code, stderr, stdout } = await run(args)
        assert.deepStrictEqual({ code, stderr }, { code: 0, stderr: "" })
        assert.strictEqual(delays(stdout).length, 1000)
        assert.strictEqual(inversions(delays(stdout)), 0)
      }, 30_000)
    }

    it("wait-n 10000 1", async () => {
      const { code, stdout } = await run(["wait-n", "10000", "1", "--json"])
      assert.strictEqual(code, 0)
      assert.strictEqual(inversions(delays(stdout)), 0)
    }, 30_000)

    it("task-wait-n 10000 1", async () => {
      const { code, stdout } = await run(["task-wait-n", "10000", "1", "--json"])
      assert.strictEqual(code, 0)
      assert.strictEqual(inversions(delays(stdout)), 0)
    }, 30_000)

    it.runIf(hasScript)("on a terminal, with progress shown", async () => {
      for (const command of ["wait-n", "task-wait-n"]) {
        const { code, stdout } = await ended(onTerminal([command, "1000", "1"]))
        assert.strictEqual(code, 0)
        const printed = stdout.split("\r\u001b[2K").at(-1)!
        assert.strictEqual(inversions(JSON.parse(printed)), 0, `${command}: ${printed.slice(0, 200)}`)
      }
    }, 30_000)
  })
})
