/**
 * The `effect-asyncio` executable as a real subprocess (`node --import tsx src/bin.ts …`): exit codes, stderr,
 * JSON lines, help, and Ctrl-C.
 */
import { Command } from "@effect/platform"
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"

const bin = (...args: ReadonlyArray<string>) =>
  Command.make(process.execPath, "--import", "tsx", "src/bin.ts", ...args).pipe(
    Command.env({ FORCE_COLOR: "0", NO_COLOR: "1" })
  )

const text = <E>(stream: Stream.Stream<Uint8Array, E>) =>
  Stream.runCollect(Stream.decodeText(stream)).pipe(Effect.map((chunks) => Chunk.join(chunks, "")))

/** Runs the executable to its end: exit code, stdout and stderr. */
const run = (...args: ReadonlyArray<string>) =>
  Effect.scoped(Effect.gen(function*() {
    const process = yield* Command.start(bin(...args))
    const [stdout, stderr, code] = yield* Effect.all([text(process.stdout), text(process.stderr), process.exitCode], {
      concurrency: "unbounded"
    })
    return { code, stderr, stdout }
  })).pipe(Effect.provide(NodeContext.layer))

const lines = (output: string) => output.split("\n").filter((line) => line !== "")

describe("bin", () => {
  it.live("exits 0 and prints the result", () =>
    Effect.gen(function*() {
      const { code, stderr, stdout } = yield* run("wait-n", "3", "0.05", "--seed", "1")
      assert.strictEqual(code, 0)
      assert.strictEqual(stderr, "")
      assert.match(stdout, /^\[\d\.\d+, \d\.\d+, \d\.\d+\]\n$/)
    }), 20_000)

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
    30_000
  )

  it.live("--json: every line of stdout parses", () =>
    Effect.gen(function*() {
      const { code, stdout } = yield* run("--clock", "virtual", "--seed", "3", "--json")
      assert.strictEqual(code, 0)
      const parsed = lines(stdout).map((line) => JSON.parse(line))
      assert.isTrue(parsed.length > 20)
      assert.isTrue(parsed.every((value) => value.command === "tour" && typeof value.step === "string"))
    }), 20_000)

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
      assert.deepStrictEqual([version.code, version.stdout.trim()], [0, "0.1.0"])
    }), 20_000)

  it.live(
    "Ctrl-C interrupts a running measure-runtime, prints interrupted and exits 130 (finalizers: see Cli.test)",
    () =>
      Effect.scoped(Effect.gen(function*() {
        // measure-runtime at rate 1 takes ten real seconds; interrupt it once it is surely running (start-up takes
        // about one second here) and well before it ends
        const process = yield* Command.start(bin("measure-runtime", "--rate", "1"))
        const stderr = yield* Effect.fork(text(process.stderr))
        const stdout = yield* Effect.fork(text(process.stdout))
        yield* Effect.sleep("6 seconds")
        assert.isTrue(yield* process.isRunning)
        yield* process.kill("SIGINT")
        assert.strictEqual(yield* process.exitCode, 130)
        assert.deepStrictEqual(lines(yield* stderr.await.pipe(Effect.flatten)), ["interrupted"])
        assert.strictEqual(yield* stdout.await.pipe(Effect.flatten), "")
      })).pipe(Effect.provide(NodeContext.layer)),
    20_000
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
    })).pipe(Effect.provide(NodeContext.layer)), 20_000)
})
