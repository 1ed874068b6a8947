/**
 * Every command through the command tree, in virtual time with fixed seeds and a recording Console: the exact
 * output is what the library computes for the same seed. Progress is drawn on a Terminal that reports a TTY. The
 * exit policy (one line, its code) for every way a run can end, and a property over random command lines.
 */
import { HelpDoc, ValidationError } from "@effect/cli"
import { FileSystem, Terminal } from "@effect/platform"
import { NodeContext, NodeSocket } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import type { Console } from "effect"
import {
  Chunk,
  ConfigProvider,
  Data,
  Effect,
  Exit,
  FastCheck,
  Fiber,
  FiberId,
  Layer,
  Random,
  Stream,
  Supervisor
} from "effect"
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
import { EventEmitter } from "node:events"
import * as path from "node:path"
import * as cliNode from "../src/internal/cliNode.js"
import * as TestConsole from "./utils/TestConsole.js"
import { wsServer } from "./utils/wsServer.js"

const environment = Layer.merge(NodeContext.layer, NodeSocket.layerWebSocketConstructor)

const lines = (printed: ReadonlyArray<string>) => printed.flatMap((text) => text.split("\n"))

/** Runs the command line `effect-asyncio ...args` in this process, printing on `console`: its exit code. */
const runWith = (console: Console.Console, args: ReadonlyArray<string>) =>
  Cli.run(["node", "effect-asyncio", ...args]).pipe(
    Effect.withConsole(console),
    Effect.provide(environment),
    Effect.exit,
    Effect.map((exit) => Cli.exitCode(exit))
  )

/** Runs the command line `effect-asyncio ...args` in this process: what it printed and its exit code. */
const cli = (...args: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const recorder = TestConsole.make()
    const code = yield* runWith(recorder.console, args)
    return { code, err: lines(recorder.err), out: lines(recorder.out) }
  })

/** A Terminal that says whether it is a TTY and records what is displayed. */
const terminal = (isTTY: boolean, displayed: Array<string>) =>
  Layer.succeed(Terminal.Terminal, {
    columns: Effect.succeed(80),
    rows: Effect.succeed(24),
    isTTY: Effect.succeed(isTTY),
    readInput: Effect.die("no input in tests"),
    readLine: Effect.die("no input in tests"),
    display: (text) =>
      Effect.sync(() => {
        displayed.push(text)
      })
  })

/** What the library computes for `seed` in virtual time. */
const expected = <A, E>(effect: Effect.Effect<A, E>, seed: number) =>
  VirtualTime.run(effect).pipe(Effect.withRandom(Random.make(seed)))

const virtual = (seed: number) => ["--clock", "virtual", "--seed", String(seed)]

/** A temporary file holding `text`, removed with the scope (also when the test fails). */
const tempFile = (text: string) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const dir = yield* fs.makeTempDirectoryScoped({ prefix: "cli-test-" })
    const file = path.join(dir, "lines.txt")
    yield* fs.writeFileString(file, text)
    return file
  }).pipe(Effect.provide(NodeContext.layer))

describe("Cli", () => {
  describe("exercises, in virtual time", () => {
    it.effect("wait-random [max-delay] (default 10)", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* cli("wait-random", "5", ...virtual(1)), {
          code: 0,
          err: [],
          out: [Repr.float(yield* expected(waitRandom(5), 1))]
        })
        const byDefault = yield* cli("wait-random", ...virtual(2))
        assert.deepStrictEqual(byDefault.out, [Repr.float(yield* expected(waitRandom(), 2))])
      }))

    it.effect("wait-n n max-delay", () =>
      Effect.gen(function*() {
        const { code, out } = yield* cli("wait-n", "5", "5", ...virtual(3))
        assert.strictEqual(code, 0)
        assert.deepStrictEqual(out, [Repr.floats(yield* expected(waitN(5, 5), 3))])
      }))

    it.effect("measure-time n max-delay", () =>
      Effect.gen(function*() {
        const { out } = yield* cli("measure-time", "5", "9", ...virtual(4))
        assert.deepStrictEqual(out, [Repr.float(yield* expected(measureTime(5, 9), 4))])
      }))

    it.effect("task-wait-random max-delay", () =>
      Effect.gen(function*() {
        const { out } = yield* cli("task-wait-random", "5", ...virtual(5))
        const delay = yield* expected(Effect.flatMap(taskWaitRandom(5), Fiber.join), 5)
        assert.deepStrictEqual(out, [Repr.float(delay)])
      }))

    it.effect("task-wait-n n max-delay", () =>
      Effect.gen(function*() {
        const { out } = yield* cli("task-wait-n", "5", "6", ...virtual(6))
        assert.deepStrictEqual(out, [Repr.floats(yield* expected(taskWaitN(5, 6), 6))])
      }))

    it.effect("async-generator prints each number as it comes", () =>
      Effect.gen(function*() {
        const { out } = yield* cli("async-generator", ...virtual(7))
        const numbers = Chunk.toArray(yield* expected(Stream.runCollect(asyncGenerator()), 7))
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
        const charted = (yield* cli("measure-runtime", "--timeline", ...virtual(9))).out
        assert.strictEqual(charted[0], "10.0")
        const chart = charted.slice(1).join("\n")
        for (const lane of ["comprehension-0", "comprehension-1", "comprehension-2", "comprehension-3"]) {
          assert.include(chart, lane)
        }
        assert.notInclude(chart, "emit")
      }))
  })

  describe("streams", () => {
    it.effect("range, in Python's meaning", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual((yield* cli("range", "5")).out, ["[0, 1, 2, 3, 4]"])
        assert.deepStrictEqual((yield* cli("range", "2", "10", "3")).out, ["[2, 5, 8]"])
        assert.deepStrictEqual((yield* cli("range", "5", "0", "-2")).out, ["[5, 3, 1]"])
      }))

    it.effect("countdown [from]", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual((yield* cli("countdown", "3", "--clock", "virtual")).out, ["3", "2", "1"])
        assert.deepStrictEqual((yield* cli("countdown", "--clock", "virtual")).out, ["5", "4", "3", "2", "1"])
      }))

    it.scoped("read-lines file, also in virtual time", () =>
      Effect.gen(function*() {
        const file = yield* tempFile("first\r\nsecond\nthird")
        assert.deepStrictEqual((yield* cli("read-lines", file)).out, ["first", "second", "third"])
        assert.deepStrictEqual((yield* cli("read-lines", file, "--clock", "virtual")).out, ["first", "second", "third"])
      }))

    it.effect("range prints a long list in lines of at most 4,096 numbers, constant memory at any length", () =>
      Effect.gen(function*() {
        const { code, out } = yield* cli("range", "5000")
        assert.strictEqual(code, 0)
        assert.strictEqual(out.length, 2)
        assert.isTrue(out[0]!.startsWith("[0, 1, ") && out[0]!.endsWith(", 4095,"))
        assert.isTrue(out[1]!.startsWith("4096, ") && out[1]!.endsWith(", 4999]"))
        assert.deepStrictEqual(JSON.parse(out.join(" ")), Array.from({ length: 5000 }, (_, i) => i))
        const json = (yield* cli("range", "5000", "--json")).out.map((line) => JSON.parse(line))
        assert.deepStrictEqual(json.map((line) => line.values.length), [4096, 904])
        assert.deepStrictEqual((yield* cli("range", "3", "3")).out, ["[]"])
      }))

    it.effect("messages: the simulated feed", () =>
      Effect.gen(function*() {
        const { out } = yield* cli("messages", "--count", "3", "--clock", "virtual")
        assert.deepStrictEqual(out, ["#1 message 1", "#2 message 2", "#3 message 3"])
      }))

    it.scoped("messages --url: a real WebSocket server, to its normal close", () =>
      Effect.gen(function*() {
        const server = yield* wsServer((socket) => {
          socket.send("hello")
          socket.send("world")
          socket.close(1000)
        })
        const { code, out } = yield* cli("messages", "--url", server.url)
        assert.deepStrictEqual({ code, out }, { code: 0, out: ["#1 hello", "#2 world"] })
      }))
  })

  describe("the tour", () => {
    it.effect("runs the eight originals in order under their headings, then the streams", () =>
      Effect.gen(function*() {
        const { code, out } = yield* cli("--clock", "virtual", "--seed", "11")
        assert.strictEqual(code, 0)
        const headings = out.filter((line) => line.startsWith("== "))
        assert.deepStrictEqual(headings, [
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
            yield* Effect.flatMap(taskWaitRandom(5), Fiber.join)
            const tasks = Repr.floats(yield* taskWaitN(5, 6))
            const generated = Repr.floats(Chunk.toArray(yield* Stream.runCollect(asyncGenerator())))
            const comprehension = Repr.floats(yield* asyncComprehension())
            return { comprehension, generated, lists, perWait, tasks, waits }
          }),
          11
        )
        assert.deepStrictEqual(after("python_async_function/0-main.py", 3), values.waits)
        assert.deepStrictEqual(after("python_async_function/1-main.py", 3), values.lists)
        assert.deepStrictEqual(after("python_async_function/2-main.py", 1), [values.perWait])
        assert.deepStrictEqual(after("python_async_function/3-main.py", 1), ["<class 'FiberRuntime'>"])
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

    it.effect("the same seed prints the same tour; tour and no command are the same", () =>
      Effect.gen(function*() {
        const first = yield* cli("tour", ...virtual(12))
        const second = yield* cli(...virtual(12))
        assert.deepStrictEqual(first.out, second.out)
        assert.notDeepEqual(first.out, (yield* cli(...virtual(13))).out)
      }))
  })

  describe("settings", () => {
    it.effect("mean the same before and after a command's name; the command's own win", () =>
      Effect.gen(function*() {
        const after = yield* cli("wait-n", "3", "1", "--clock", "virtual", "--seed", "4", "--json")
        assert.deepStrictEqual(yield* cli("--clock", "virtual", "--seed", "4", "--json", "wait-n", "3", "1"), after)
        assert.deepStrictEqual(yield* cli("--seed", "4", "--clock=virtual", "wait-n", "3", "1", "--json"), after)
        assert.deepStrictEqual(
          yield* cli("--seed", "99", "--clock", "virtual", "wait-n", "3", "1", "--seed", "4", "--json"),
          after
        )
        assert.deepStrictEqual(after.out.map((line) => JSON.parse(line)), [
          { command: "wait-n", n: 3, maxDelay: 1, delays: yield* expected(waitN(3, 1), 4) }
        ])
      }))
  })

  describe("--json", () => {
    it.effect("prints one JSON object per result, and per stream element", () =>
      Effect.gen(function*() {
        const { out } = yield* cli("wait-n", "3", "1", "--json", ...virtual(14))
        assert.deepStrictEqual(out.map((line) => JSON.parse(line)), [
          { command: "wait-n", n: 3, maxDelay: 1, delays: yield* expected(waitN(3, 1), 14) }
        ])
        const countdown = yield* cli("countdown", "2", "--json", "--clock", "virtual")
        assert.deepStrictEqual(countdown.out.map((line) => JSON.parse(line)), [
          { command: "countdown", value: 2 },
          { command: "countdown", value: 1 }
        ])
      }))

    it.effect("the tour in JSON has no headings, and --timeline adds the spans as JSON", () =>
      Effect.gen(function*() {
        const tour = yield* cli("--json", ...virtual(15))
        const parsed = tour.out.map((line) => JSON.parse(line))
        assert.isTrue(parsed.every((value) => value.command === "tour"))
        assert.deepStrictEqual(parsed.slice(0, 3).map((value) => value.call), [
          "wait_random()",
          "wait_random(5)",
          "wait_random(15)"
        ])
        const runtime = yield* cli("measure-runtime", "--json", "--timeline", ...virtual(15))
        const [result, timeline] = runtime.out.map((line) => JSON.parse(line))
        assert.deepStrictEqual(result, { command: "measure-runtime", seconds: 10 })
        assert.strictEqual(timeline.timeline.filter((span: { label: string }) => !span.label.includes("/")).length, 4)
      }))
  })

  it.effect("--completions prints a shell completion script", () =>
    Effect.gen(function*() {
      const { code, out } = yield* cli("--completions", "bash")
      assert.strictEqual(code, 0)
      assert.include(out.join("\n"), "_effect-asyncio_bash_completions")
      assert.include(out.join("\n"), "wait-n")
    }))

  describe("bad input: one line on stderr, nothing on stdout, exit code 2", () => {
    const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
      [["wait-n", "-1", "5"], "effect-asyncio wait-n: n must be a non-negative integer, got '-1'"],
      [["wait-n", "five", "5"], "effect-asyncio wait-n: n must be a non-negative integer, got 'five'"],
      [["wait-n", "5", "-2"], "max-delay must be a non-negative number of seconds, at most 9007199254740.99, got '-2'"],
      [["measure-time", "0", "9"], "effect-asyncio measure-time: n must be a positive integer, got '0'"],
      [["measure-time", "5"], "Missing argument <max-delay>"],
      [["wait-n", "5", "5", "--bogus"], "effect-asyncio wait-n: Received unknown argument: '--bogus'"],
      [["--bogus"], "effect-asyncio tour: unknown option '--bogus' (see --help)"],
      [["--rate", "0"], "effect-asyncio tour: --rate must be a finite, positive number, got '0'"],
      [["--rate", "1e400"], "effect-asyncio tour: --rate must be a finite, positive number, got '1e400'"],
      [["--clock"], "effect-asyncio tour: option '--clock' needs a value (see --help)"],
      [["--seed", "1", "--seed", "2"], "effect-asyncio tour: option '--seed' is given more than once (see --help)"],
      [["wiat-n", "5", "1"], "effect-asyncio: unknown command 'wiat-n' (see --help)"],
      [
        ["wait-random", "Infinity"],
        "effect-asyncio wait-random: max-delay must be a non-negative number of seconds, at most 9007199254740.99, got 'Infinity'"
      ],
      [["range", "1", "9", "0"], "effect-asyncio range: step must be a non-zero integer, got '0'"],
      [["range", "9007199254740993"], "effect-asyncio range: bound must be an integer, got '9007199254740993'"],
      [
        ["messages", "--url", "http://example.com"],
        "effect-asyncio messages: --url must be a ws:// or wss:// URL, got 'http://example.com'"
      ],
      [["wait-n", "1e12", "1"], "effect-asyncio wait-n: n must be at most "],
      [["--seed", "1.5"], "--seed must be an integer, got '1.5'"],
      [["--clock", "sundial"], "--clock must be live or virtual, got 'sundial'"],
      [["countdown", "x"], "from must be a non-negative integer, got 'x'"],
      [["range", "1", "b"], "bound must be an integer, got 'b'"],
      [["messages", "--count", "-3"], "--count must be a non-negative integer, got '-3'"],
      [["read-lines", "/no/such/file"], "'/no/such/file' must exist"],
      [["messages", "--url", "ws://127.0.0.1:1", "--clock", "virtual"], "cannot wait for a real server"]
    ]
    for (const [args, problem] of cases) {
      it.effect(args.join(" "), () =>
        Effect.gen(function*() {
          const { code, err, out } = yield* cli(...args)
          assert.strictEqual(code, 2)
          assert.deepStrictEqual(out, [])
          assert.strictEqual(err.length, 1, `stderr: ${JSON.stringify(err)}`)
          assert.include(err[0], problem)
        }))
    }

    it.effect("a count whose waits cannot fit in this heap: how many fit here, and why", () =>
      Effect.gen(function*() {
        for (
          const [command, item] of [["wait-n", "pending wait"], ["measure-time", "pending wait"], [
            "task-wait-n",
            "pending task"
          ]]
        ) {
          const { code, err, out } = yield* cli(command!, "1e12", "1")
          assert.deepStrictEqual({ code, out }, { code: 2, out: [] })
          assert.strictEqual(err.length, 1)
          assert.match(
            err[0]!,
            new RegExp(
              `^effect-asyncio ${command}: n must be at most [\\d,]+ in this process, got 1000000000000: a ${item} takes about [\\d.]+ kB and [\\d,]+ MB of the [\\d,]+ MB heap are free`
            )
          )
        }
      }))

    it.effect("a failed command is one line and exit code 1", () =>
      Effect.gen(function*() {
        const { code, err, out } = yield* cli("messages", "--url", "ws://127.0.0.1:1")
        assert.deepStrictEqual({ code, out }, { code: 1, out: [] })
        assert.deepStrictEqual(err, ["effect-asyncio messages: could not connect to ws://127.0.0.1:1"])
      }))
  })

  describe("progress", () => {
    const withTerminal = (isTTY: boolean, ...args: ReadonlyArray<string>) =>
      Effect.gen(function*() {
        const displayed: Array<string> = []
        const recorder = TestConsole.make()
        yield* Cli.run(["node", "effect-asyncio", ...args]).pipe(
          Effect.withConsole(recorder.console),
          Effect.provide(Layer.merge(environment, terminal(isTTY, displayed))),
          Effect.orDie
        )
        return { displayed, out: recorder.out }
      })

    it.live("on a terminal: how many are done and the elapsed time, redrawn in place, cleared before the result", () =>
      Effect.gen(function*() {
        const { displayed, out } = yield* withTerminal(true, "wait-n", "20", "1", "--rate", "4", "--seed", "16")
        const frames = displayed.filter((text) => text.includes("wait-n"))
        assert.isTrue(frames.length >= 2, `frames: ${JSON.stringify(displayed)}`)
        assert.isTrue(frames.every((frame) => frame.startsWith("\r\u001b[2K") && /\d+\/20 · \d+\.\d s$/.test(frame)))
        const counts = frames.map((frame) => Number(/(\d+)\/20/.exec(frame)![1]))
        assert.isTrue(counts.every((n, i) => i === 0 || counts[i - 1]! <= n))
        assert.strictEqual(displayed[displayed.length - 1], "\r\u001b[2K")
        assert.strictEqual(out.length, 1)
      }))

    it.live("Ctrl-C (interruption) runs every finalizer: progress cleared, children and timers gone, 'interrupted'", () =>
      Effect.gen(function*() {
        const timers = () => process.getActiveResourcesInfo().filter((name) => name === "Timeout").length
        const before = timers()
        const displayed: Array<string> = []
        const recorder = TestConsole.make()
        const supervisor = yield* Supervisor.track
        const fiber = yield* Cli.run(["node", "effect-asyncio", "wait-n", "500", "30"]).pipe(
          Effect.withConsole(recorder.console),
          Effect.provide(Layer.merge(environment, terminal(true, displayed))),
          Effect.supervised(supervisor),
          Effect.fork
        )
        yield* Effect.sleep("300 millis")
        const alive = (yield* supervisor.value).length
        assert.isTrue(alive > 400, `alive: ${alive}; displayed: ${JSON.stringify(displayed)}`)
        assert.isTrue(displayed.some((text) => text.includes("/500")))
        const exit = yield* Fiber.interrupt(fiber)
        assert.strictEqual(Cli.exitCode(exit), 130)
        assert.deepStrictEqual(recorder.err, ["interrupted"])
        assert.deepStrictEqual(recorder.out, [])
        assert.strictEqual(displayed[displayed.length - 1], "\r\u001b[2K")
        assert.deepStrictEqual(yield* supervisor.value, [])
        assert.isTrue(timers() <= before, `timers: ${timers()} > ${before}`)
      }))

    it.live("the tour shows progress for its longer live steps, and prints the same results", () =>
      Effect.gen(function*() {
        const { displayed, out } = yield* withTerminal(true, "tour", "--rate", "100", "--seed", "17")
        const clear = "\r\u001b[2K"
        const titles = new Set(
          displayed.filter((text) => text.startsWith(clear)).map((text) => /^\w*/.exec(text.slice(clear.length))![0])
        )
        assert.isTrue(titles.has("wait_n") && titles.has("async_comprehension"), `titles: ${[...titles]}`)
        assert.strictEqual(displayed[displayed.length - 1], "\r\u001b[2K")
        assert.isTrue(out.join("\n").includes("== streams"))
      }))

    it.live("counts the work's children whatever their names: each task once, never past the total", () =>
      Effect.gen(function*() {
        const { displayed, out } = yield* withTerminal(true, "task-wait-n", "20", "1", "--rate", "4", "--seed", "18")
        const counts = displayed.flatMap((text) => /(\d+)\/20 · /.exec(text)?.[1] ?? []).map(Number)
        assert.isTrue(counts.length >= 2, `displayed: ${JSON.stringify(displayed)}`)
        assert.isTrue(counts.every((n, i) => n <= 20 && (i === 0 || counts[i - 1]! <= n)), `counts: ${counts}`)
        assert.strictEqual(displayed[displayed.length - 1], "\r\u001b[2K")
        assert.strictEqual(out.length, 1)
      }))

    it.live("counts the generator's emissions one level below async-comprehension, forty below measure-runtime", () =>
      Effect.gen(function*() {
        for (const [command, total] of [["async-comprehension", 10], ["measure-runtime", 40]] as const) {
          const { displayed, out } = yield* withTerminal(true, command, "--rate", "40", "--seed", "19")
          const counts = displayed.flatMap((text) =>
            new RegExp(`^\\r\\u001b\\[2K${command} .* (\\d+)/${total} · `).exec(text)?.[1] ?? []
          )
            .map(Number)
          assert.isTrue(counts.length >= 2, `displayed: ${JSON.stringify(displayed)}`)
          assert.isTrue(counts.every((n, i) => n <= total && (i === 0 || counts[i - 1]! <= n)), `counts: ${counts}`)
          assert.isTrue(counts[counts.length - 1]! > 0, `counts: ${counts}`)
          assert.strictEqual(displayed[displayed.length - 1], "\r\u001b[2K")
          assert.strictEqual(out.length, 1)
        }
      }))

    it.live("never on a non-terminal, with --json, or in virtual time", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual((yield* withTerminal(false, "wait-n", "5", "1", "--rate", "20")).displayed, [])
        assert.deepStrictEqual((yield* withTerminal(true, "wait-n", "5", "1", "--rate", "20", "--json")).displayed, [])
        assert.deepStrictEqual((yield* withTerminal(true, "wait-n", "5", "1", "--clock", "virtual")).displayed, [])
      }))
  })
  describe("exit policy", () => {
    class Refused extends Data.TaggedError("Refused")<{ readonly message: string }> {}

    it("one code per ending: 0 success, 1 failure, 2 bad input, 70 defect, 130 interrupted", () => {
      assert.strictEqual(Cli.exitCode(Exit.void), Cli.ExitCode.Success)
      assert.strictEqual(Cli.exitCode(Exit.fail(new Refused({ message: "no" }))), Cli.ExitCode.Failure)
      assert.strictEqual(Cli.exitCode(Exit.fail(ValidationError.invalidValue(HelpDoc.p("bad")))), Cli.ExitCode.BadInput)
      assert.strictEqual(Cli.exitCode(Exit.die(new RangeError("Invalid array length"))), Cli.ExitCode.InternalError)
      assert.strictEqual(Cli.exitCode(Exit.interrupt(FiberId.none)), Cli.ExitCode.Interrupted)
      assert.strictEqual(Cli.exitCode(Exit.fail(new Cli.CommandError({ message: "x", exitCode: 2 }))), 2)
      assert.deepStrictEqual(Object.values(Cli.ExitCode), [0, 1, 2, 70, 130])
    })

    /** A console whose results die: a defect inside the command, where it prints. */
    const dyingLog = (recorder: TestConsole.TestConsole): Console.Console => ({
      ...recorder.console,
      log: () => Effect.die(new RangeError("Invalid array length"))
    })

    it.effect("a defect inside a command is an internal error: one line naming it and how to see its cause, 70", () =>
      Effect.gen(function*() {
        const recorder = TestConsole.make()
        const code = yield* runWith(dyingLog(recorder), ["wait-n", "3", "1", "--clock", "virtual"])
        assert.strictEqual(code, 70)
        assert.deepStrictEqual(recorder.err, [
          "effect-asyncio wait-n: internal error: RangeError: Invalid array length (a bug in effect-asyncio; run " +
          "again with EFFECT_ASYNCIO_VERBOSE=1 to see its full cause)"
        ])
      }))

    it.effect("EFFECT_ASYNCIO_VERBOSE=1 prints the full cause after that line", () =>
      Effect.gen(function*() {
        const recorder = TestConsole.make()
        const code = yield* runWith(dyingLog(recorder), ["wait-n", "3", "1", "--clock", "virtual"]).pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["EFFECT_ASYNCIO_VERBOSE", "1"]])))
        )
        assert.strictEqual(code, 70)
        assert.strictEqual(recorder.err.length, 2)
        assert.include(recorder.err[0], "internal error: RangeError: Invalid array length")
        assert.include(recorder.err[1], "RangeError: Invalid array length")
        assert.include(recorder.err[1], "    at ")
      }))

    it.live("a closed output stops the command quietly: every finalizer runs, nothing on stderr, exit code 0", () =>
      Effect.gen(function*() {
        const timers = () => process.getActiveResourcesInfo().filter((name) => name === "Timeout").length
        const before = timers()
        const stdout = new EventEmitter()
        const displayed: Array<string> = []
        const recorder = TestConsole.make()
        const supervisor = yield* Supervisor.track
        const fiber = yield* Cli.run(["node", "effect-asyncio", "wait-n", "500", "30"], {
          outputClosed: cliNode.outputClosed([stdout])
        }).pipe(
          Effect.withConsole(recorder.console),
          Effect.provide(Layer.merge(environment, terminal(true, displayed))),
          Effect.supervised(supervisor),
          Effect.exit,
          Effect.fork
        )
        yield* Effect.sleep("300 millis")
        assert.isTrue((yield* supervisor.value).length > 400)
        stdout.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }))
        // a later failed write finds the listener still there, not an uncaught exception
        stdout.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }))
        const exit = yield* Fiber.join(fiber)
        assert.strictEqual(Cli.exitCode(exit), 0)
        assert.deepStrictEqual({ err: recorder.err, out: recorder.out }, { err: [], out: [] })
        assert.strictEqual(displayed[displayed.length - 1], "\r\u001b[2K")
        assert.deepStrictEqual(yield* supervisor.value, [])
        assert.isTrue(timers() <= before, `timers: ${timers()} > ${before}`)
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
    // words a person might type: values in and out of every contract, options known and not, paths and URLs;
    // "<file>" becomes a real file. No "live" (the property runs in virtual time, so it stays fast) and no
    // --wizard (it reads the terminal).
    const word = FastCheck.constantFrom(
      ...["0", "1", "3", "16", "-1", "-0", "2.5", "0x10", "1e3", "1e400", "NaN", "Infinity", "9007199254740993"],
      ...["", " ", "abc", "=", "-", "--", "virtual", "sundial", "bash", "debug"],
      ...["--clock", "--clock=virtual", "--clock=sundial", "--rate", "--rate=0", "--seed", "--seed=7", "--json"],
      ...["--timeline", "--count", "--url", "--bogus", "-x", "--help", "--version", "--completions", "--log-level"],
      ...["<file>", "/no/such/file", "/", "ws://127.0.0.1:1", "http://example.com"],
      ...commands
    )
    const commandLine = FastCheck.tuple(
      FastCheck.array(word, { maxLength: 2 }),
      FastCheck.oneof(FastCheck.constantFrom(...commands), FastCheck.constant(undefined)),
      FastCheck.array(word, { maxLength: 5 })
    ).map(([before, command, after]) => [
      ...before,
      "--clock",
      "virtual",
      ...(command === undefined ? [] : [command]),
      ...after
    ])

    it.effect.prop(
      "exits 0, 1 or 2, with one line on stderr when it fails and never a stack trace",
      [commandLine],
      ([args]) =>
        Effect.scoped(Effect.gen(function*() {
          const file = yield* tempFile("one\ntwo\n")
          const recorder = TestConsole.make()
          const code = yield* runWith(recorder.console, args.map((arg) => arg === "<file>" ? file : arg))
          const err = lines(recorder.err)
          assert.include([0, 1, 2], code, `${JSON.stringify(args)}: ${code} ${JSON.stringify(err)}`)
          assert.strictEqual(err.length, code === 0 ? 0 : 1, `${JSON.stringify(args)}: ${JSON.stringify(err)}`)
          assert.isFalse(err.some((line) => line.includes("    at ")), `${JSON.stringify(args)}: ${err}`)
        })),
      { fastCheck: { numRuns: 40 } }
    )
  })
})
