/**
 * The `effect-asyncio` command: a tour of every exercise and one subcommand per exercise and stream, as a pure
 * `@effect/cli` command tree. `src/bin.ts` is the thin entry that runs it on Node.
 *
 * Every command takes `--clock live|virtual`, `--rate K`, `--seed N`, `--timeline` and `--json`. Bad input fails
 * with a `ValidationError` after one line on stderr; {@link exitCode} maps how a run ended to the process exit code
 * (0 success, 1 failure, 2 bad input, 130 interrupted).
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import type * as CliApp from "@effect/cli/CliApp"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import type * as Socket from "@effect/platform/Socket"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Console from "effect/Console"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Comprehension from "./Comprehension.js"
import * as Countdown from "./Countdown.js"
import * as cliRun from "./internal/cliRun.js"
import * as cliTour from "./internal/cliTour.js"
import * as packageVersion from "./internal/version.js"
import * as Lines from "./Lines.js"
import * as Messages from "./Messages.js"
import * as Range from "./Range.js"
import * as Repr from "./Repr.js"
import * as Task from "./Task.js"
import * as Wait from "./Wait.js"

/**
 * The version the command reports with `--version`: the installed package's own version.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import * as Cli from "effect-asyncio/cli"
 *
 * console.log(Cli.Version) // "0.1.0"
 * ```
 */
export const Version: string = packageVersion.version

/**
 * A command ran and failed; its message has already been printed on stderr.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import * as Cli from "effect-asyncio/cli"
 *
 * const error = new Cli.CommandError({ message: "read-lines: permission denied", exitCode: 1 })
 * console.log(error.exitCode) // 1
 * ```
 */
export class CommandError extends Data.TaggedError("CommandError")<{
  /** What went wrong, as printed. */
  readonly message: string
  /** The exit code: 2 for bad input, 1 otherwise. */
  readonly exitCode: number
}> {}

// ---------------------------------------------------------------------------------------------------------------
// arguments and options
// ---------------------------------------------------------------------------------------------------------------

/** A number typed on the command line; `NaN` for anything else (Number("") is 0, Number("0x1f") is 31). */
const parseNumber = (text: string): number =>
  /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text.trim()) ? Number(text) : Number.NaN

const parsed = <A>(value: A | undefined, problem: string) =>
  value === undefined ? Effect.fail(problem) : Effect.succeed(value)

const integer = (text: string, min: number): number | undefined => {
  const n = parseNumber(text)
  return Number.isSafeInteger(n) && n >= min ? n : undefined
}

const seconds = (text: string): number | undefined => {
  const n = parseNumber(text)
  return Number.isFinite(n) && n >= 0 ? n : undefined
}

const integerArg = (name: string, min: number) =>
  Args.text({ name }).pipe(
    Args.mapEffect((text) =>
      Effect.mapError(
        parsed(
          integer(text, min),
          `${name} must be ${min > 0 ? "a positive" : "a non-negative"} integer, got '${text}'`
        ),
        (problem) => HelpDoc.p(problem)
      )
    )
  )

const secondsArg = (name: string) =>
  Args.text({ name }).pipe(
    Args.mapEffect((text) =>
      Effect.mapError(
        parsed(seconds(text), `${name} must be a finite, non-negative number of seconds, got '${text}'`),
        (problem) => HelpDoc.p(problem)
      )
    )
  )

const option = <A>(name: string, pseudoName: string, parse: (text: string) => A | undefined, expected: string) =>
  Options.text(name).pipe(
    Options.withPseudoName(pseudoName),
    Options.mapEffect((text) =>
      Effect.mapError(
        parsed(parse(text), `--${name} must be ${expected}, got '${text}'`),
        (problem) => ValidationError.invalidValue(HelpDoc.p(problem))
      )
    )
  )

const clock = option(
  "clock",
  "live|virtual",
  (text): "live" | "virtual" | undefined => text === "live" || text === "virtual" ? text : undefined,
  "live or virtual"
).pipe(
  Options.withDefault("live" as const),
  Options.withDescription(
    "live (default): real time on LiveClock, sleepers wake in exact deadline order; virtual: auto-advancing " +
      "virtual time, instant and exact"
  )
)

const rate = option("rate", "K", (text) => {
  const n = parseNumber(text)
  return Number.isFinite(n) && n > 0 ? n : undefined
}, "a positive number").pipe(
  Options.optional,
  Options.withDescription("speed of the live clock: 10 runs ten times faster (the tour's default; commands: 1)")
)

const seed = option("seed", "N", (text) => integer(text, Number.MIN_SAFE_INTEGER), "an integer").pipe(
  Options.optional,
  Options.withDescription("seed of the Random service: the same seed gives the same output")
)

const timeline = Options.boolean("timeline").pipe(
  Options.withDescription("after the results, print a chart of when each labelled effect ran")
)

const json = Options.boolean("json").pipe(
  Options.withDescription("print one JSON object per result (and per stream element), for scripts")
)

const settings = { clock, json, rate, seed, timeline }

const waitsProgress = (total: number, prefix: string) => ({
  total,
  counts: (label: string) => label.startsWith(prefix) && !label.includes("/")
})

// ---------------------------------------------------------------------------------------------------------------
// commands
// ---------------------------------------------------------------------------------------------------------------

const tour = (options: cliRun.Settings) =>
  cliRun.execute(options, "tour", 10, (runner) =>
    Effect.gen(function*() {
      const rate = Option.getOrElse(options.rate, () => 10)
      yield* runner.output.note(
        options.clock === "virtual"
          ? "The eight exercises, then the streams, in auto-advancing virtual time (instant and exact)."
          : `The eight exercises, then the streams, on the live clock at rate ${rate} ` +
            `(program time runs ${rate} times as fast as real time).`
      )
      for (const step of cliTour.steps) {
        yield* runner.output.note(`\n== ${step.original} · ${step.title}`)
        yield* step.run(runner)
        yield* runner.flushTimelines
      }
    }))

const tourCommand = Command.make("tour", settings, (options) => tour(options)).pipe(
  Command.withDescription("run the eight original main files in order, then the streams (the default command)")
)

const waitRandomCommand = Command.make(
  "wait-random",
  { ...settings, maxDelay: secondsArg("max-delay").pipe(Args.withDefault(Wait.DefaultMaxDelay)) },
  (options) =>
    cliRun.execute(options, "wait-random", 1, ({ output, timed }) =>
      Effect.flatMap(
        timed(Wait.waitRandom(options.maxDelay), { title: "wait-random" }),
        (delay) => output.result(Repr.float(delay), { maxDelay: options.maxDelay, delay })
      ))
).pipe(Command.withDescription("wait_random(max_delay=10): sleep a random delay, print it"))

const waitNCommand = Command.make(
  "wait-n",
  { ...settings, n: integerArg("n", 0), maxDelay: secondsArg("max-delay") },
  (options) =>
    cliRun.execute(options, "wait-n", 1, ({ output, timed }) =>
      Effect.flatMap(
        timed(Wait.waitN(options.n, options.maxDelay), {
          title: "wait-n",
          progress: waitsProgress(options.n, "wait-")
        }),
        (delays) => output.result(Repr.floats(delays), { n: options.n, maxDelay: options.maxDelay, delays })
      ))
).pipe(Command.withDescription("wait_n(n, max_delay): n random waits at once, their delays in completion order"))

const measureTimeCommand = Command.make(
  "measure-time",
  { ...settings, n: integerArg("n", 1), maxDelay: secondsArg("max-delay") },
  (options) =>
    cliRun.execute(options, "measure-time", 1, ({ output, timed }) =>
      Effect.flatMap(
        timed(Wait.measureTime(options.n, options.maxDelay), {
          title: "measure-time",
          progress: waitsProgress(options.n, "wait-")
        }),
        (perWait) => output.result(Repr.float(perWait), { n: options.n, maxDelay: options.maxDelay, perWait })
      ))
).pipe(Command.withDescription("measure_time(n, max_delay): the time of wait_n(n, max_delay) divided by n"))

const taskWaitRandomCommand = Command.make(
  "task-wait-random",
  { ...settings, maxDelay: secondsArg("max-delay") },
  (options) =>
    cliRun.execute(options, "task-wait-random", 1, ({ output, timed }) =>
      Effect.flatMap(
        timed(Effect.flatMap(Task.taskWaitRandom(options.maxDelay), (task) => Fiber.join(task)), {
          title: "task-wait-random"
        }),
        (delay) => output.result(Repr.float(delay), { maxDelay: options.maxDelay, delay })
      ))
).pipe(Command.withDescription("task_wait_random(max_delay): fork a random wait as a fiber, join it, print its delay"))

const taskWaitNCommand = Command.make(
  "task-wait-n",
  { ...settings, n: integerArg("n", 0), maxDelay: secondsArg("max-delay") },
  (options) =>
    cliRun.execute(options, "task-wait-n", 1, ({ output, timed }) =>
      Effect.flatMap(
        timed(Task.taskWaitN(options.n, options.maxDelay), {
          title: "task-wait-n",
          progress: waitsProgress(options.n, "task-")
        }),
        (delays) => output.result(Repr.floats(delays), { n: options.n, maxDelay: options.maxDelay, delays })
      ))
).pipe(Command.withDescription("task_wait_n(n, max_delay): wait_n built on forked tasks"))

const asyncGeneratorCommand = Command.make(
  "async-generator",
  settings,
  (options) =>
    cliRun.execute(options, "async-generator", 1, ({ output, timed }) =>
      timed(
        Comprehension.asyncGenerator().pipe(
          Stream.zipWithIndex,
          Stream.runForEach(([value, index]) => output.result(Repr.float(value), { index, value }))
        ),
        { title: "async-generator" }
      ))
).pipe(
  Command.withDescription("async_generator(): ten random numbers, one a second, printed as they come")
)

const asyncComprehensionCommand = Command.make(
  "async-comprehension",
  settings,
  (options) =>
    cliRun.execute(options, "async-comprehension", 1, ({ output, timed }) =>
      Effect.flatMap(
        timed(Comprehension.asyncComprehension(), {
          title: "async-comprehension",
          progress: { total: Comprehension.DefaultCount, counts: (label) => label === "emit" }
        }),
        (numbers) => output.result(Repr.floats(numbers), { numbers })
      ))
).pipe(Command.withDescription("async_comprehension(): the generator's ten numbers, collected"))

const measureRuntimeCommand = Command.make(
  "measure-runtime",
  settings,
  (options) =>
    cliRun.execute(options, "measure-runtime", 1, ({ output, timed }) =>
      Effect.flatMap(
        timed(Comprehension.measureRuntime(), {
          title: "measure-runtime",
          chartDepth: 1,
          progress: { total: 4 * Comprehension.DefaultCount, counts: (label) => label.endsWith("/emit") }
        }),
        (seconds) => output.result(Repr.float(seconds), { seconds })
      ))
).pipe(
  Command.withDescription("measure_runtime(): four comprehensions at once; the elapsed seconds (10, not 40)")
)

const countdownCommand = Command.make(
  "countdown",
  { ...settings, from: integerArg("from", 0).pipe(Args.withDefault(5)) },
  (options) =>
    cliRun.execute(options, "countdown", 1, ({ output, timed }) =>
      timed(
        Countdown.countdown(options.from).pipe(Stream.runForEach((n) => output.result(String(n), { value: n }))),
        { title: "countdown" }
      ))
).pipe(Command.withDescription("countdown [from]: from, from - 1, … 1, one a second"))

const rangeCommand = Command.make(
  "range",
  {
    ...settings,
    bounds: Args.text({ name: "bound" }).pipe(
      Args.mapEffect((text) =>
        Effect.mapError(
          parsed(integer(text, Number.MIN_SAFE_INTEGER), `bound must be an integer, got '${text}'`),
          (problem) => HelpDoc.p(problem)
        )
      ),
      Args.between(1, 3)
    )
  },
  (options) =>
    cliRun.execute(options, "range", 1, ({ output }) => {
      const [a, b, c] = options.bounds
      const stream = b === undefined ? Range.range(a) : c === undefined ? Range.range(a, b) : Range.range(a, b, c)
      return Effect.flatMap(Stream.runCollect(stream), (chunk) => {
        const values = Chunk.toArray(chunk)
        return output.result(`[${values.join(", ")}]`, { values })
      })
    })
).pipe(Command.withDescription("range stop | range start stop [step]: Python's range, as a Stream"))

const readLinesCommand = Command.make(
  "read-lines",
  { ...settings, file: Args.file({ name: "file", exists: "yes" }) },
  (options) =>
    cliRun.execute(options, "read-lines", 1, ({ output }) =>
      Lines.readLines(options.file).pipe(
        Stream.zipWithIndex,
        Stream.runForEach(([line, index]) => output.result(line, { line: index + 1, text: line }))
      ))
).pipe(Command.withDescription("read-lines <file>: the lines of a file, streamed in constant memory"))

const messagesCommand = Command.make(
  "messages",
  {
    ...settings,
    url: Options.text("url").pipe(
      Options.optional,
      Options.withDescription("a ws:// or wss:// server to read; without it, a simulated feed")
    ),
    count: option("count", "N", (text) => integer(text, 0), "a non-negative integer").pipe(
      Options.optional,
      Options.withDescription("stop after this many messages (the simulated feed sends 5 by default)")
    )
  },
  (options) =>
    cliRun.execute(options, "messages", 1, ({ output, timed }) =>
      Effect.gen(function*() {
        const print = (message: Messages.Message) =>
          output.result(`#${message.id} ${message.text}`, {
            id: message.id,
            text: message.text,
            timestamp: message.timestamp
          })
        if (Option.isNone(options.url)) {
          const feed = Messages.messageStream({ count: Option.getOrElse(options.count, () => 5) })
          return yield* timed(Stream.runForEach(feed, print), { title: "messages" })
        }
        if (options.clock === "virtual") {
          return yield* new CommandError({
            message: "--clock virtual cannot wait for a real server; use --clock live with --url",
            exitCode: 2
          })
        }
        const socket = Messages.fromWebSocket(options.url.value)
        const messages = Option.isSome(options.count) ? Stream.take(socket, options.count.value) : socket
        return yield* timed(Stream.runForEach(messages, print), { title: "messages" })
      }))
).pipe(Command.withDescription("messages [--url ws://…]: the messages of a WebSocket server, or a simulated feed"))

const subcommands = [
  tourCommand,
  waitRandomCommand,
  waitNCommand,
  measureTimeCommand,
  taskWaitRandomCommand,
  taskWaitNCommand,
  asyncGeneratorCommand,
  asyncComprehensionCommand,
  measureRuntimeCommand,
  rangeCommand,
  countdownCommand,
  readLinesCommand,
  messagesCommand
] as const

/**
 * The command tree: `effect-asyncio` (which runs the tour) and its subcommands.
 *
 * @since 0.1.0
 * @category commands
 * @example
 * ```ts
 * import { Command } from "@effect/cli"
 * import * as Cli from "effect-asyncio/cli"
 *
 * const run = Command.run(Cli.command, { name: "effect-asyncio", version: Cli.Version })
 * console.log(typeof run) // "function"
 * ```
 */
export const command = Command.make("effect-asyncio", settings, (options) => tour(options)).pipe(
  Command.withDescription("The Python asyncio exercises as Effect programs. Without a command, runs the tour."),
  Command.withSubcommands(subcommands)
)

const cli = Command.run(command, { name: "effect-asyncio", version: Version })

// eslint-disable-next-line no-control-regex
const ansiStyle = /\u001b\[[0-9;]*m/g

const oneLine = (text: string): string =>
  text.replace(ansiStyle, "").split("\n").map((line) => line.trim()).filter((line) => line !== "")
    .join(" ")

/**
 * Runs the command line (`process.argv`, executable first): parses it, runs the command, and reports how it
 * ended.
 *
 * Bad input prints one line on stderr and fails with a `ValidationError`; a failed command prints one line
 * (`effect-asyncio <command>: <problem>`) and fails with {@link CommandError}; interruption prints `interrupted`
 * on stderr after every finalizer has run.
 *
 * @since 0.1.0
 * @category running
 * @example
 * ```ts
 * import { NodeContext, NodeRuntime, NodeSocket } from "@effect/platform-node"
 * import { Effect, Layer } from "effect"
 * import * as Cli from "effect-asyncio/cli"
 *
 * Cli.run(["node", "effect-asyncio", "wait-n", "5", "1", "--clock", "virtual"]).pipe(
 *   Effect.provide(Layer.merge(NodeContext.layer, NodeSocket.layerWebSocketConstructor)),
 *   NodeRuntime.runMain
 * )
 * ```
 */
export const run = (
  argv: ReadonlyArray<string>
): Effect.Effect<
  void,
  ValidationError.ValidationError | CommandError,
  CliApp.CliApp.Environment | Socket.WebSocketConstructor
> =>
  Console.consoleWith((console) => {
    // @effect/cli prints parse errors as help text: make each one line, named after the command
    const oneLineErrors: Console.Console = {
      ...console,
      error: (...args: ReadonlyArray<unknown>) =>
        console.error(
          ...args.map((arg) =>
            typeof arg === "string" ? `effect-asyncio ${commandName(argv)}: ${parseProblem(argv, oneLine(arg))}` : arg
          )
        )
    }
    return cli(argv).pipe(
      Effect.withConsole(oneLineErrors),
      Effect.catchAllCause((cause): Effect.Effect<never, ValidationError.ValidationError | CommandError> => {
        if (Cause.isInterruptedOnly(cause)) {
          // an interruption-only cause holds no failure to re-type
          return Effect.failCause(cause as Cause.Cause<never>)
        }
        const failure = Cause.failureOption(cause)
        if (Option.isSome(failure) && ValidationError.isValidationError(failure.value)) {
          return Effect.fail(failure.value)
        }
        if (Option.isSome(failure) && failure.value instanceof CommandError) {
          const message = `effect-asyncio ${commandName(argv)}: ${failure.value.message}`
          return Effect.zipRight(
            console.error(message),
            Effect.fail(new CommandError({ message, exitCode: failure.value.exitCode }))
          )
        }
        const defect = Cause.dieOption(cause)
        const problem = Option.isSome(failure)
          ? { message: messageOf(failure.value), exitCode: 1 }
          : Option.isSome(defect) && Cause.isIllegalArgumentException(defect.value)
          ? { message: defect.value.message, exitCode: 2 }
          : { message: Cause.pretty(cause), exitCode: 1 }
        const message = `effect-asyncio ${commandName(argv)}: ${problem.message}`
        return Effect.zipRight(console.error(message), Effect.fail(new CommandError({ ...problem, message })))
      }),
      Effect.onInterrupt(() => console.error("interrupted"))
    )
  })

/** @effect/cli reads an unknown option before any command as a command name: say what it is. */
const parseProblem = (argv: ReadonlyArray<string>, problem: string): string => {
  const unknown = argv.slice(2).find((arg) => arg.startsWith("-"))
  return problem.startsWith("Invalid subcommand") && unknown !== undefined
    ? `unknown option '${unknown}' (see --help)`
    : problem
}

const messageOf = (error: unknown): string =>
  error instanceof Error && error.message !== "" ? error.message : String(error)

const commandName = (argv: ReadonlyArray<string>): string => {
  const names = new Set(HashMap.keys(Command.getSubcommands(command)))
  return argv.slice(2).find((arg) => names.has(arg)) ?? "tour"
}

/**
 * The process exit code for how a run of {@link run} ended: 0 success, 2 bad input, 130 interrupted, 1 otherwise.
 *
 * @since 0.1.0
 * @category running
 * @example
 * ```ts
 * import { Exit, FiberId } from "effect"
 * import * as Cli from "effect-asyncio/cli"
 *
 * console.log(Cli.exitCode(Exit.void)) // 0
 * console.log(Cli.exitCode(Exit.interrupt(FiberId.none))) // 130
 * ```
 */
export const exitCode = <A, E>(exit: Exit.Exit<A, E>): number => {
  if (Exit.isSuccess(exit)) {
    return 0
  }
  if (Cause.isInterruptedOnly(exit.cause)) {
    return 130
  }
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) {
    if (ValidationError.isValidationError(failure.value)) {
      return 2
    }
    if (failure.value instanceof CommandError) {
      return failure.value.exitCode
    }
  }
  return 1
}
