/**
 * The command in this process, through `Cli.run` with a recording Console: every subcommand in virtual time with
 * fixed seeds (the output is what the library computes for the same seed), the tour, the shared flags, help, every
 * kind of bad input (one line, exit 2), the exit policy, progress on a Terminal that can animate, Ctrl-C and a closed
 * output, and a property over random command lines.
 */
import { NodeServices, NodeSocket } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Console, Data, Effect, Exit, Fiber, FileSystem, Layer, Random, Stream, Terminal } from "effect"
import {
  asyncComprehension,
  asyncGenerator,
  measureRuntime,
  measureTime,
  Repr,
  taskWaitN,
  taskWaitRandom,
  VirtualTime,
  waitN,
  waitRandom
} from "effect-asyncio"
import * as Cli from "effect-asyncio/cli"
import { TerminalCapabilities } from "effect/cli"
import * as fc from "fast-check"
import { EventEmitter } from "node:events"
import * as path from "node:path"
import { outputClosed } from "../../src/cli/internal/node.js"
import { trackTimers } from "../utils/clock.js"
import { property } from "../utils/effectProperty.js"
import { makeFiberTracker } from "../utils/fibers.js"
import * as TestConsole from "../utils/TestConsole.js"
import { refusedPort, wsServer } from "../utils/wsServer.js"

const clear = "\r\u001b[2K"

/** What the terminal can do: by default nothing (no colour, no progress, no prompts), as when output is piped. */
const capabilities = (can: Partial<TerminalCapabilities.TerminalCapabilities> = {}) =>
  Layer.succeed(TerminalCapabilities.TerminalCapabilities, {
    canColor: false,
    canAnimate: false,
    canPrompt: false,
    ...can
  })

/** A Terminal 80 columns wide that records what is displayed on it. */
const terminal = (displayed: Array<string>) =>
  Layer.succeed(
    Terminal.Terminal,
    Terminal.make({
      columns: Effect.succeed(80),
      rows: Effect.succeed(24),
      size: Effect.die("no resizing in tests"),
      readInput: Effect.die("no input in tests"),
      readLine: Effect.die("no input in tests"),
      display: (text) => Effect.sync(() => void displayed.push(text))
    })
  )

interface Options {
  readonly can?: Partial<TerminalCapabilities.TerminalCapabilities>
  readonly displayed?: Array<string>
  readonly outputClosed?: Effect.Effect<void>
  /** The Console to print on, instead of the recorder's own. */
  readonly console?: Console.Console
}

/** Runs `effect-asyncio ...args` in this process, printing on `recorder`; its exit. */
const runWith = (recorder: TestConsole.TestConsole, args: ReadonlyArray<string>, options: Options = {}) =>
  Cli.run(["node", "effect-asyncio", ...args], { outputClosed: options.outputClosed }).pipe(
    Effect.provideService(Console.Console, options.console ?? recorder.console),
    Effect.provide(Layer.mergeAll(
      NodeServices.layer,
      NodeSocket.layerWebSocketConstructor,
      capabilities(options.can),
      options.displayed === undefined ? Layer.empty : terminal(options.displayed)
    )),
    Effect.exit
  )

const lines = (printed: ReadonlyArray<string>) => printed.flatMap((text) => text.split("\n"))

/** Runs `effect-asyncio ...args` in this process: its exit code and what it printed, line by line. */
const cli = (...args: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const recorder = TestConsole.make()
    const exit = yield* runWith(recorder, args)
    return { code: Cli.exitCode(exit), err: lines(recorder.err), out: lines(recorder.out) }
  })

/** What the library computes for `seed` in virtual time. */
const expected = <A, E>(effect: Effect.Effect<A, E>, seed: number) =>
  VirtualTime.run(effect).pipe(Random.withSeed(seed))

const virtual = (seed: number) => ["--clock", "virtual", "--seed", String(seed)]

/** A temporary file holding `text`, removed with the scope. */
const tempFile = (text: string) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const dir = yield* fs.makeTempDirectoryScoped({ prefix: "cli-test-" })
    const file = path.join(dir, "lines.txt")
    yield* fs.writeFileString(file, text)
    return file
  }).pipe(Effect.provide(NodeServices.layer))

const hasWebSocket = typeof globalThis.WebSocket === "function"

describe("Cli", () => {
  describe("exercises, in virtual time", () => {
    it.effect("wait-random [max-delay] (10 by default)", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* cli("wait-random", "5", ...virtual(1)), {
          code: 0,
          err: [],
          out: [Repr.float(yield* expected(waitRandom(5), 1))]
        })
        assert.deepStrictEqual((yield* cli("wait-random", ...virtual(2))).out, [
          Repr.float(yield* expected(waitRandom(), 2))
        ])
      }))

    it.effect("wait-n n max-delay", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* cli("wait-n", "5", "5", ...virtual(3)), {
          code: 0,
          err: [],
          out: [Repr.floats(yield* expected(waitN(5, 5), 3))]
        })
      }))

    it.effect("measure-time n max-delay", () =>
      Effect.gen(function*() {
        const { out } = yield* cli("measure-time", "5", "9", ...virtual(4))
        assert.deepStrictEqual(out, [Repr.float(yield* expected(measureTime(5, 9), 4))])
      }))

    it.effect("task-wait-random max-delay", () =>
      Effect.gen(function*() {
        const { out } = yield* cli("task-wait-random", "5", ...virtual(5))
        assert.deepStrictEqual(out, [Repr.float(yield* expected(Effect.flatMap(taskWaitRandom(5), Fiber.join), 5))])
      }))

    it.effect("task-wait-n n max-delay", () =>
      Effect.gen(function*() {
        const { out } = yield* cli("task-wait-n", "5", "6", ...virtual(6))
        assert.deepStrictEqual(out, [Repr.floats(yield* expected(taskWaitN(5, 6), 6))])
      }))

    it.effect("async-generator prints each number as it comes", () =>
      Effect.gen(function*() {
        const { out } = yield* cli("async-generator", ...virtual(7))
        const numbers = yield* expected(Stream.runCollect(asyncGenerator()), 7)
        assert.deepStrictEqual(out, numbers.map((n) => Repr.float(n)))
        assert.strictEqual(out.length, 10)
      }))

    it.effect("async-comprehension", () =>
      Effect.gen(function*() {
        const { out } = yield* cli("async-comprehension", ...virtual(8))
        assert.deepStrictEqual(out, [Repr.floats(yield* expected(asyncComprehension(), 8))])
      }))

    it.effect("measure-runtime is exactly 10.0, and --timeline draws the four lanes", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual((yield* cli("measure-runtime", ...virtual(9))).out, ["10.0"])
        assert.strictEqual(yield* expected(measureRuntime(), 9), 10)
        const [result, ...chart] = (yield* cli("measure-runtime", "--timeline", ...virtual(9))).out
        assert.strictEqual(result, "10.0")
        assert.deepStrictEqual(
          chart.filter((line) => line.startsWith("comprehension-")).map((line) => line.slice(0, 15)),
          [
            "comprehension-0",
            "comprehension-1",
            "comprehension-2",
            "comprehension-3"
          ]
        )
        assert.notInclude(chart.join("\n"), "emit")
      }))
  })

  describe("streams", () => {
    it.effect("range, in Python's meaning", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual((yield* cli("range", "5")).out, ["[0, 1, 2, 3, 4]"])
        assert.deepStrictEqual((yield* cli("range", "2", "10", "3")).out, ["[2, 5, 8]"])
        assert.deepStrictEqual((yield* cli("range", "5", "0", "-2")).out, ["[5, 3, 1]"])
        assert.deepStrictEqual((yield* cli("range", "3", "3")).out, ["[]"])
      }))

    it.effect("range prints a long list in lines of at most 4,096 numbers, in constant memory at any length", () =>
      Effect.gen(function*() {
        const { code, out } = yield* cli("range", "5000")
        assert.strictEqual(code, 0)
        assert.strictEqual(out.length, 2)
        assert.isTrue(out[0]!.startsWith("[0, 1, ") && out[0]!.endsWith(", 4095,"))
        assert.isTrue(out[1]!.startsWith("4096, ") && out[1]!.endsWith(", 4999]"))
        assert.deepStrictEqual(JSON.parse(out.join(" ")), Array.from({ length: 5000 }, (_, i) => i))
        const json = (yield* cli("range", "5000", "--json")).out.map((line) => JSON.parse(line))
        assert.deepStrictEqual(json.map((line) => line.values.length), [4096, 904])
      }))

    it.effect("countdown [from] (5 by default)", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual((yield* cli("countdown", "3", "--clock", "virtual")).out, ["3", "2", "1"])
        assert.deepStrictEqual((yield* cli("countdown", "--clock", "virtual")).out, ["5", "4", "3", "2", "1"])
      }))

    it.effect("read-lines file, on either clock", () =>
      Effect.gen(function*() {
        const file = yield* tempFile("first\r\nsecond\nthird")
        assert.deepStrictEqual((yield* cli("read-lines", file)).out, ["first", "second", "third"])
        assert.deepStrictEqual((yield* cli("read-lines", file, "--clock", "virtual")).out, ["first", "second", "third"])
      }))

    it.effect("messages: the simulated feed, 5 messages unless --count says otherwise", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual((yield* cli("messages", "--count", "3", "--clock", "virtual")).out, [
          "#1 message 1",
          "#2 message 2",
          "#3 message 3"
        ])
        assert.strictEqual((yield* cli("messages", "--clock", "virtual")).out.length, 5)
      }))

    it.effect.runIf(hasWebSocket)(
      "messages --url: a real WebSocket server, to its normal close",
      () =>
        Effect.gen(function*() {
          const server = yield* wsServer((socket) => {
            socket.send("hello")
            socket.send("world")
            socket.close(1000)
          })
          assert.deepStrictEqual(yield* cli("messages", "--url", server.url), {
            code: 0,
            err: [],
            out: ["#1 hello", "#2 world"]
          })
        })
    )
  })

  describe("the tour", () => {
    it.effect("runs the eight originals in order under their headings, then the streams", () =>
      Effect.gen(function*() {
        const { code, err, out } = yield* cli(...virtual(11))
        assert.deepStrictEqual({ code, err }, { code: 0, err: [] })
        assert.deepStrictEqual(out.filter((line) => line.startsWith("== ")), [
          "== python_async_function/0-main.py · wait_random",
          "== python_async_function/1-main.py · wait_n",
          "== python_async_function/2-main.py · measure_time",
          "== python_async_function/3-main.py · task_wait_random",
          "== python_async_function/4-main.py · task_wait_n",
          "== python_async_comprehension/0-main.py · async_generator",
          "== python_async_comprehension/1-main.py · async_comprehension",
          "== python_async_comprehension/2-main.py · measure_runtime",
          "== streams · range, countdown, read_lines, message_stream"
        ])
        const after = (heading: string, count: number) => {
          const at = out.findIndex((line) => line.startsWith(`== ${heading}`))
          return out.slice(at + 1, at + 1 + count)
        }
        const values = yield* expected(
          Effect.gen(function*() {
            const waits = [yield* waitRandom(), yield* waitRandom(5), yield* waitRandom(15)].map((x) => Repr.float(x))
            const lists = [yield* waitN(5, 5), yield* waitN(10, 7), yield* waitN(10, 0)].map((x) => Repr.floats(x))
            const perWait = Repr.float(yield* measureTime(5, 9))
            const task = yield* taskWaitRandom(5)
            yield* Fiber.join(task)
            const tasks = Repr.floats(yield* taskWaitN(5, 6))
            const generated = Repr.floats(yield* Stream.runCollect(asyncGenerator()))
            const comprehension = Repr.floats(yield* asyncComprehension())
            return { comprehension, generated, lists, perWait, task: task.constructor.name, tasks, waits }
          }),
          11
        )
        assert.deepStrictEqual(after("python_async_function/0-main.py", 3), values.waits)
        assert.deepStrictEqual(after("python_async_function/1-main.py", 3), values.lists)
        assert.deepStrictEqual(after("python_async_function/2-main.py", 1), [values.perWait])
        // as the original's print(type(task))
        assert.deepStrictEqual(after("python_async_function/3-main.py", 1), [`<class '${values.task}'>`])
        assert.deepStrictEqual(after("python_async_function/4-main.py", 1), [values.tasks])
        assert.deepStrictEqual(after("python_async_comprehension/0-main.py", 1), [values.generated])
        assert.deepStrictEqual(after("python_async_comprehension/1-main.py", 1), [values.comprehension])
        const runtime = after("python_async_comprehension/2-main.py", 9)
        assert.strictEqual(runtime[0], "10.0")
        assert.isTrue(runtime.some((line) => line.startsWith("comprehension-3 ")))
        assert.include(out.join("\n"), "took 10.0 s, not 40")
        assert.deepStrictEqual(after("streams", 10), [
          "range(1, 6): [1, 2, 3, 4, 5]",
          "countdown(3): 3",
          "countdown(3): 2",
          "countdown(3): 1",
          "read_lines: Beautiful is better than ugly.",
          "read_lines: Explicit is better than implicit.",
          "read_lines: Simple is better than complex.",
          "message_stream: #1 message 1",
          "message_stream: #2 message 2",
          "message_stream: #3 message 3"
        ])
      }))

    it.effect("the same seed prints the same tour; `tour` and no command are the same", () =>
      Effect.gen(function*() {
        const first = yield* cli("tour", ...virtual(12))
        assert.deepStrictEqual((yield* cli(...virtual(12))).out, first.out)
        assert.notDeepEqual((yield* cli(...virtual(13))).out, first.out)
      }))

    it.effect("--json: one line per result, each with the command, the main file and the call", () =>
      Effect.gen(function*() {
        const parsed = (yield* cli("--json", ...virtual(15))).out.map((line) => JSON.parse(line))
        assert.isTrue(parsed.every((value) => value.command === "tour" && typeof value.step === "string"))
        assert.deepStrictEqual(parsed.slice(0, 3).map((value) => value.call), [
          "wait_random()",
          "wait_random(5)",
          "wait_random(15)"
        ])
        const runtime = parsed.filter((value) => value.call === "measure_runtime()")
        assert.deepStrictEqual(runtime.map((value) => Object.keys(value)), [
          ["command", "step", "call", "seconds"],
          ["command", "step", "call", "timeline"]
        ])
      }))
  })

  describe("shared flags", () => {
    it.effect("mean the same before and after the command's name", () =>
      Effect.gen(function*() {
        const after = yield* cli("wait-n", "3", "1", "--clock", "virtual", "--seed", "4", "--json")
        assert.deepStrictEqual(yield* cli("--clock", "virtual", "--seed", "4", "--json", "wait-n", "3", "1"), after)
        assert.deepStrictEqual(yield* cli("--seed=4", "--clock=virtual", "wait-n", "--json", "3", "1"), after)
        assert.deepStrictEqual(after.out.map((line) => JSON.parse(line)), [
          { command: "wait-n", n: 3, maxDelay: 1, delays: yield* expected(waitN(3, 1), 4) }
        ])
      }))

    it.effect("--json: one JSON object per result, and per stream element", () =>
      Effect.gen(function*() {
        const countdown = yield* cli("countdown", "2", "--json", "--clock", "virtual")
        assert.deepStrictEqual(countdown.out.map((line) => JSON.parse(line)), [
          { command: "countdown", value: 2 },
          { command: "countdown", value: 1 }
        ])
        const [result, timeline] = (yield* cli("measure-runtime", "--json", "--timeline", ...virtual(15))).out.map((
          line
        ) => JSON.parse(line))
        assert.deepStrictEqual(result, { command: "measure-runtime", seconds: 10 })
        const lanes = timeline.timeline.filter((span: { label: string }) => !span.label.includes("/"))
        assert.deepStrictEqual(lanes[0], { label: "comprehension-0", start: 0, end: 10, outcome: "success" })
        assert.strictEqual(lanes.length, 4)
      }))
  })

  describe("help and version", () => {
    const help = (...args: ReadonlyArray<string>) =>
      Effect.gen(function*() {
        const recorder = TestConsole.make()
        const exit = yield* runWith(recorder, args, { can: { canColor: args.includes("color") } })
        return { code: Cli.exitCode(exit), err: recorder.err, out: recorder.out.join("\n") }
      })

    it.effect("--help lists every command and shared flag, in plain text unless the terminal can colour it", () =>
      Effect.gen(function*() {
        const { code, err, out } = yield* help("--help")
        assert.deepStrictEqual({ code, err }, { code: 0, err: [] })
        assert.include(out, "USAGE\n  effect-asyncio <subcommand> [flags]")
        for (
          const name of [
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
            "messages",
            "--clock live|virtual",
            "--rate K",
            "--seed N",
            "--timeline",
            "--json",
            "--log-level"
          ]
        ) {
          assert.include(out, name)
        }
        assert.notInclude(out, "\u001b[")
        assert.include((yield* help("--help", "color")).out, "\u001b[1mUSAGE\u001b[0m")
      }))

    it.effect("a subcommand's help: the program's name in its usage line, and what each argument is", () =>
      Effect.gen(function*() {
        const { out } = yield* help("wait-n", "--help")
        assert.include(out, "USAGE\n  effect-asyncio wait-n [flags] <n> <max-delay>")
        assert.match(out, /\n {2}n integer +how many waits run at once \(a non-negative integer\)\n/)
        assert.match(out, /\n {2}max-delay seconds +the longest delay \(a non-negative number of seconds/)
        assert.include((yield* help("range", "-h")).out, "USAGE\n  effect-asyncio range [flags] <bound...>")
        for (const command of ["wait-random", "countdown", "read-lines", "messages", "measure-time"]) {
          assert.notInclude((yield* help(command, "--help")).out, "user-defined")
        }
      }))

    it.effect("--version prints the package's version", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* help("--version"), { code: 0, err: [], out: `effect-asyncio v${Cli.Version}` })
      }))

    it.effect("--wizard is offered only where it can ask: without a terminal, it is bad input at once", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* cli("--wizard"), {
          code: 2,
          err: ["effect-asyncio: --wizard asks its questions on a terminal: stdin and stdout must both be one"],
          out: []
        })
        assert.notInclude((yield* help("--help")).out, "--wizard")
        const recorder = TestConsole.make()
        yield* runWith(recorder, ["--help"], { can: { canPrompt: true } })
        assert.include(recorder.out.join("\n"), "--wizard")
      }))
  })

  describe("bad input: one line naming the command, the argument and the value; exit code 2", () => {
    const longName = `/tmp/${"x".repeat(300)}`
    const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
      [["wait-n", "-1", "5"], "effect-asyncio wait-n: n must be a non-negative integer, got '-1'"],
      [["wait-n", "five", "5"], "effect-asyncio wait-n: n must be a non-negative integer, got 'five'"],
      [["wait-n", "0x10", "5"], "effect-asyncio wait-n: n must be a non-negative integer, got '0x10'"],
      [["wait-n", " 5", "5"], "effect-asyncio wait-n: n must be a non-negative integer, got ' 5'"],
      [["wait-n", "", "5"], "effect-asyncio wait-n: n must be a non-negative integer, got ''"],
      [["measure-time", "0", "5"], "effect-asyncio measure-time: n must be a positive integer, got '0'"],
      [["wait-n", "5"], "effect-asyncio wait-n: missing argument <max-delay> (see --help)"],
      [["wait-n", "5", "5", "7"], "effect-asyncio wait-n: unexpected argument '7' (see --help)"],
      [["wait-n", "5", "5", "--bogus"], "effect-asyncio wait-n: unknown option '--bogus' (see --help)"],
      [
        ["--jsno", "wait-n", "5", "5"],
        "effect-asyncio wait-n: unknown option '--jsno'; did you mean --json? (see --help)"
      ],
      [
        ["messages", "--ulr", "ws://x"],
        "effect-asyncio messages: unknown option '--ulr'; did you mean --url? (see --help)"
      ],
      [["wiat-n", "5", "1"], "effect-asyncio: unknown command 'wiat-n'; did you mean wait-n? (see --help)"],
      [
        ["wait-random", "Infinity"],
        "effect-asyncio wait-random: max-delay must be a non-negative number of seconds, at most 9007199254740.99, got 'Infinity'"
      ],
      [
        ["wait-random", "0x10"],
        "max-delay must be a non-negative number of seconds, at most 9007199254740.99, got '0x10'"
      ],
      [["range", "1", "9", "0"], "effect-asyncio range: step must be a non-zero integer, got '0'"],
      [["range", "1.5"], "effect-asyncio range: bound must be an integer, got '1.5'"],
      // an integer, but beyond 2^53 - 1, where not every integer has its own number
      [
        ["range", "9007199254740993"],
        "effect-asyncio range: bound must be from -9007199254740991 to 9007199254740991, got '9007199254740993'"
      ],
      [["range", "1", "2", "3", "4"], "effect-asyncio range: unexpected argument '4' (see --help)"],
      [
        ["countdown", "9007199254740993"],
        "effect-asyncio countdown: from must be at most 9007199254740991, got '9007199254740993'"
      ],
      [["countdown", "x"], "from must be a non-negative integer, got 'x'"],
      [
        ["wait-n", "9007199254740993", "1"],
        "effect-asyncio wait-n: n must be at most 4294967295, got '9007199254740993'"
      ],
      [
        ["messages", "--url", "http://example.com"],
        "effect-asyncio messages: --url must be a ws:// or wss:// URL, got 'http://example.com'"
      ],
      [["messages", "--url"], "effect-asyncio messages: --url needs a value (see --help)"],
      [["messages", "--count", "-3"], "effect-asyncio messages: --count must be a non-negative integer, got '-3'"],
      [
        ["messages", "--url", "ws://127.0.0.1:1", "--clock", "virtual"],
        "effect-asyncio messages: --clock virtual cannot wait for a real server; use --clock live"
      ],
      [
        ["--seed", "1.5", "wait-n", "1", "1"],
        "effect-asyncio wait-n: --seed must be an integer from 0 to 4294967295, got '1.5'"
      ],
      // Effect's seeded generator keeps 32 bits of a numeric seed: -1 would be 4294967295 in disguise
      [
        ["--seed", "-1", "wait-n", "1", "1"],
        "effect-asyncio wait-n: --seed must be an integer from 0 to 4294967295, got '-1'"
      ],
      [
        ["wait-n", "1", "1", "--seed", "4294967296"],
        "effect-asyncio wait-n: --seed must be at most 4294967295, got '4294967296'"
      ],
      [["--seed", "1", "wait-n", "1", "1", "--seed", "2"], "effect-asyncio wait-n: --seed is given more than once"],
      [["--clock", "sundial"], "effect-asyncio: --clock must be live or virtual, got 'sundial'"],
      [["--rate", "0", "tour"], "effect-asyncio tour: --rate must be a finite, positive number, got '0'"],
      [["--rate"], "effect-asyncio: --rate needs a value (see --help)"],
      [
        ["--log-level", "nonsense", "wait-n", "1", "1"],
        "effect-asyncio wait-n: --log-level must be one of all, trace, debug, info, warn, warning, error, fatal, none, got 'nonsense'"
      ],
      [
        ["--completions", "tcsh"],
        "effect-asyncio: --completions must be one of bash, zsh, fish, powershell, sh, pwsh, got 'tcsh'"
      ],
      [
        ["read-lines", "/no/such/file"],
        "effect-asyncio read-lines: file must be a file that can be read (no such file or directory, ENOENT), got '/no/such/file'"
      ],
      [["read-lines", "/"], "effect-asyncio read-lines: file must be a file, not a directory, got '/'"],
      // a bad path is the user's input, not a bug: a name too long for the file system
      [
        ["read-lines", longName],
        `effect-asyncio read-lines: file must be a file that can be read (name too long, ENAMETOOLONG), got '${longName}'`
      ]
    ]
    for (const [args, line] of cases) {
      it.effect(JSON.stringify(args.join(" ")).slice(0, 80), () =>
        Effect.gen(function*() {
          const { code, err, out } = yield* cli(...args)
          assert.deepStrictEqual({ code, out }, { code: 2, out: [] })
          assert.strictEqual(err.length, 1, `stderr: ${JSON.stringify(err)}`)
          assert.include(err[0], line)
        }))
    }

    it.effect("a count whose waits cannot fit in this heap: how many fit here, and why", () =>
      Effect.gen(function*() {
        for (const [command, item] of [["wait-n", "wait"], ["measure-time", "wait"], ["task-wait-n", "task"]]) {
          const { code, err, out } = yield* cli(command!, "4294967295", "1")
          assert.deepStrictEqual({ code, out }, { code: 2, out: [] })
          assert.strictEqual(err.length, 1)
          assert.match(
            err[0]!,
            new RegExp(
              `^effect-asyncio ${command}: n must be at most [\\d,]+ in this process \\(a pending ${item} takes about ` +
                `[\\d.]+ k?B and [\\d,]+ MB of the [\\d,]+ MB heap are free; raise the limit with ` +
                `NODE_OPTIONS=--max-old-space-size=…\\), got '4294967295'$`
            )
          )
        }
      }))
  })

  describe("exit policy", () => {
    class Refused extends Data.TaggedError("Refused")<{ readonly message: string }> {}

    it("one code per ending: 0 success, 1 failure, 2 bad input, 70 defect, 130 interrupted", () => {
      assert.strictEqual(Cli.exitCode(Exit.void), Cli.ExitCode.Success)
      assert.strictEqual(Cli.exitCode(Exit.fail(new Refused({ message: "no" }))), Cli.ExitCode.Failure)
      assert.strictEqual(Cli.exitCode(Exit.die(new RangeError("Invalid array length"))), Cli.ExitCode.InternalError)
      assert.strictEqual(Cli.exitCode(Exit.interrupt()), Cli.ExitCode.Interrupted)
      assert.strictEqual(Cli.exitCode(Exit.fail(new Cli.CommandError({ message: "x", exitCode: 2 }))), 2)
      assert.deepStrictEqual(Object.values(Cli.ExitCode), [0, 1, 2, 70, 130])
    })

    it.effect("an expected failure at run time: one line, exit code 1", () =>
      Effect.gen(function*() {
        const file = yield* tempFile(`${"x".repeat(70_000)}\n`)
        const { code, err, out } = yield* cli("read-lines", file)
        assert.deepStrictEqual({ code, out }, { code: 1, out: [] })
        assert.strictEqual(err.length, 1)
        assert.match(err[0]!, /^effect-asyncio read-lines: .*65536/)
      }))

    it.effect.runIf(hasWebSocket)(
      "a server that refuses the connection: one line, exit code 1",
      () =>
        Effect.gen(function*() {
          const url = `ws://127.0.0.1:${yield* refusedPort}`
          const { code, err, out } = yield* cli("messages", "--url", url)
          assert.deepStrictEqual({ code, out, lines: err.length }, { code: 1, out: [], lines: 1 })
          assert.match(err[0]!, /^effect-asyncio messages: .+/)
          assert.notInclude(err[0], "    at ")
        })
    )

    /** A console whose results die: a defect inside the command, where it prints. */
    const dying = (recorder: TestConsole.TestConsole): Console.Console => ({
      ...recorder.console,
      log: () => {
        throw new RangeError("Invalid array length")
      }
    })

    it.effect("a defect inside a command is an internal error: one line naming it and how to see its cause, 70", () =>
      Effect.gen(function*() {
        const recorder = TestConsole.make()
        const exit = yield* runWith(recorder, ["wait-n", "3", "1", "--clock", "virtual"], { console: dying(recorder) })
        assert.strictEqual(Cli.exitCode(exit), 70)
        assert.deepStrictEqual(recorder.err, [
          "effect-asyncio wait-n: internal error: RangeError: Invalid array length (a bug in effect-asyncio; run " +
          "again with EFFECT_ASYNCIO_VERBOSE=1 to see its full cause)"
        ])
      }))

    it.effect("EFFECT_ASYNCIO_VERBOSE=1 prints the full cause after that line", () =>
      Effect.gen(function*() {
        const recorder = TestConsole.make()
        const exit = yield* runWith(recorder, ["wait-n", "3", "1", "--clock", "virtual"], {
          console: dying(recorder)
        }).pipe(
          Effect.provideService(
            ConfigProvider.ConfigProvider,
            ConfigProvider.fromEnv({ env: { EFFECT_ASYNCIO_VERBOSE: "1" } })
          )
        )
        assert.strictEqual(Cli.exitCode(exit), 70)
        assert.strictEqual(recorder.err.length, 2)
        assert.include(recorder.err[0], "internal error: RangeError: Invalid array length")
        assert.include(recorder.err[1], "RangeError: Invalid array length")
        assert.include(recorder.err[1], "    at ")
      }))

    it.live("a closed output stops the command quietly: every finalizer runs, nothing on stderr, exit code 0", () =>
      Effect.gen(function*() {
        const timers = yield* trackTimers
        const stdout = new EventEmitter()
        const displayed: Array<string> = []
        const recorder = TestConsole.make()
        const tracker = makeFiberTracker()
        const fiber = yield* runWith(recorder, ["wait-n", "500", "30"], {
          can: { canAnimate: true },
          displayed,
          outputClosed: outputClosed([stdout])
        }).pipe(tracker.track, Effect.forkChild)
        yield* Effect.sleep("200 millis")
        assert.isTrue(tracker.alive() > 400, `alive: ${tracker.alive()}`)
        stdout.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }))
        // a later failed write finds the listener still there, not an uncaught exception
        stdout.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }))
        assert.strictEqual(Cli.exitCode(yield* Fiber.join(fiber)), 0)
        assert.deepStrictEqual({ err: recorder.err, out: recorder.out }, { err: [], out: [] })
        assert.strictEqual(displayed.at(-1), clear)
        assert.strictEqual(tracker.alive(), 0)
        assert.strictEqual(timers.pending(), 0)
      }))
  })

  describe("progress", () => {
    const withTerminal = (can: Partial<TerminalCapabilities.TerminalCapabilities>, ...args: ReadonlyArray<string>) =>
      Effect.gen(function*() {
        const displayed: Array<string> = []
        const recorder = TestConsole.make()
        const exit = yield* runWith(recorder, args, { can, displayed })
        assert.strictEqual(Cli.exitCode(exit), 0)
        return { displayed, out: recorder.out }
      })
    const counts = (displayed: ReadonlyArray<string>, total: number) =>
      displayed.flatMap((text) => new RegExp(`(\\d+)/${total} · \\d+\\.\\d s$`).exec(text)?.[1] ?? []).map(Number)

    it.live("on a terminal: how many are done and the elapsed time, redrawn in place, cleared before the result", () =>
      Effect.gen(function*() {
        const { displayed, out } = yield* withTerminal({ canAnimate: true }, "wait-n", "20", "1", "--rate", "4")
        const frames = displayed.filter((text) => text !== clear)
        assert.isTrue(frames.length >= 2, `frames: ${JSON.stringify(displayed)}`)
        assert.isTrue(frames.every((frame) => frame.startsWith(`${clear}wait_n [`)), JSON.stringify(frames))
        const done = counts(displayed, 20)
        assert.isTrue(done.every((n, i) => n <= 20 && (i === 0 || done[i - 1]! <= n)), `counts: ${done}`)
        assert.strictEqual(displayed.at(-1), clear)
        assert.strictEqual(out.length, 1)
      }))

    it.live("counts the work's children whatever their names: each task once, never past the total", () =>
      Effect.gen(function*() {
        const { displayed } = yield* withTerminal({ canAnimate: true }, "task-wait-n", "20", "1", "--rate", "4")
        const done = counts(displayed, 20)
        assert.isTrue(done.length >= 2, `displayed: ${JSON.stringify(displayed)}`)
        assert.isTrue(done.every((n, i) => n <= 20 && (i === 0 || done[i - 1]! <= n)), `counts: ${done}`)
      }))

    it.live("counts the emissions one level below async-comprehension, forty below measure-runtime", () =>
      Effect.gen(function*() {
        for (const [command, total] of [["async-comprehension", 10], ["measure-runtime", 40]] as const) {
          const { displayed, out } = yield* withTerminal({ canAnimate: true }, command, "--rate", "40")
          const done = counts(displayed, total)
          assert.isTrue(done.length >= 2 && done.at(-1)! > 0, `${command}: ${JSON.stringify(displayed)}`)
          assert.isTrue(done.every((n, i) => n <= total && (i === 0 || done[i - 1]! <= n)), `counts: ${done}`)
          assert.strictEqual(out.length, 1)
        }
      }))

    it.live("the tour shows progress for its longer live steps, and prints the same results", () =>
      Effect.gen(function*() {
        const { displayed, out } = yield* withTerminal({ canAnimate: true }, "tour", "--rate", "100")
        const titles = new Set(
          displayed.filter((text) => text !== clear).map((text) => /^\w+/.exec(text.slice(clear.length))?.[0])
        )
        assert.isTrue(titles.has("wait_n") && titles.has("async_comprehension"), `titles: ${[...titles]}`)
        assert.strictEqual(displayed.at(-1), clear)
        assert.include(out.join("\n"), "== streams")
      }))

    it.live("never where the terminal cannot animate, with --json, or in virtual time", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual((yield* withTerminal({}, "wait-n", "5", "1", "--rate", "20")).displayed, [])
        assert.deepStrictEqual(
          (yield* withTerminal({ canAnimate: true }, "wait-n", "5", "1", "--rate", "20", "--json")).displayed,
          []
        )
        assert.deepStrictEqual(
          (yield* withTerminal({ canAnimate: true }, "wait-n", "5", "1", "--clock", "virtual")).displayed,
          []
        )
      }))

    it.live("Ctrl-C (interruption) runs every finalizer: progress cleared, fibers and timers gone, then 'interrupted'", () =>
      Effect.gen(function*() {
        const timers = yield* trackTimers
        const displayed: Array<string> = []
        const recorder = TestConsole.make()
        const tracker = makeFiberTracker()
        const fiber = yield* runWith(recorder, ["wait-n", "500", "30"], { can: { canAnimate: true }, displayed }).pipe(
          tracker.track,
          Effect.forkChild
        )
        yield* Effect.sleep("200 millis")
        assert.isTrue(tracker.alive() > 400, `alive: ${tracker.alive()}`)
        assert.isTrue(displayed.some((text) => text.includes("/500")))
        const exit = yield* Fiber.interrupt(fiber).pipe(Effect.andThen(Fiber.await(fiber)))
        assert.isTrue(Exit.isFailure(exit) && Cli.exitCode(exit) === 130)
        assert.deepStrictEqual({ err: recorder.err, out: recorder.out }, { err: ["interrupted"], out: [] })
        assert.strictEqual(displayed.at(-1), clear)
        assert.strictEqual(tracker.alive(), 0)
        assert.strictEqual(timers.pending(), 0)
      }))
  })

  describe("any command line", () => {
    const commands = [
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
      "messages",
      "wiat-n"
    ]
    // words a person might type: values in and out of every contract, flags known and not, paths and URLs; "<file>"
    // becomes a real file. No "live" (the property runs in virtual time, so it stays fast) and no --url of a server.
    const word = fc.constantFrom(
      ...["0", "1", "3", "16", "-1", "-0", "2.5", "0x10", " 5", "1e3", "1e400", "NaN", "Infinity", "9007199254740993"],
      ...["", " ", "abc", "=", "-", "--", "virtual", "sundial", "bash", "debug", "-v", "-h"],
      ...["--clock", "--clock=virtual", "--clock=sundial", "--rate", "--rate=0", "--seed", "--seed=7", "--json"],
      ...["--timeline", "--count", "--url", "--bogus", "-x", "--help", "--version", "--completions", "--log-level"],
      ...["--wizard", "--no-json", "--json=maybe", "<file>", "/no/such/file", "/", "http://example.com"],
      ...commands
    )
    const commandLine = fc.tuple(
      fc.array(word, { maxLength: 2 }),
      fc.option(fc.constantFrom(...commands), { nil: undefined }),
      fc.array(word, { maxLength: 5 })
    ).map(([before, command, after]) => [
      ...before,
      "--clock",
      "virtual",
      ...(command === undefined ? [] : [command]),
      ...after
    ])

    it.effect("exits 0, 1 or 2, with one line on stderr when it fails and never a stack trace", () =>
      Effect.scoped(Effect.gen(function*() {
        const file = yield* tempFile("one\ntwo\n")
        yield* property(commandLine, (args) =>
          Effect.gen(function*() {
            const recorder = TestConsole.make()
            const exit = yield* runWith(recorder, args.map((arg) => arg === "<file>" ? file : arg))
            const code = Cli.exitCode(exit)
            const err = lines(recorder.err)
            assert.include([0, 1, 2], code, `${JSON.stringify(args)}: ${code} ${JSON.stringify(err)}`)
            assert.strictEqual(err.length, code === 0 ? 0 : 1, `${JSON.stringify(args)}: ${JSON.stringify(err)}`)
            assert.isFalse(err.some((line) => line.includes("    at ")), `${JSON.stringify(args)}: ${err}`)
          }), { numRuns: 60 })
      })))
  })
})
