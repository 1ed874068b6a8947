/**
 * The command tree: `effect-asyncio` (which runs the tour) with the flags every command shares, and one subcommand
 * per exercise and stream, each parsing the original's arguments, running it on the chosen clock and printing what
 * the original prints (or JSON lines). The tour replays the eight original main files, then the streams, with the
 * subcommands' own programs.
 *
 * @internal
 */
import * as Argument from "effect/cli/Argument"
import * as CliError from "effect/cli/CliError"
import * as Command from "effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FileSystem from "effect/FileSystem"
import * as Option from "effect/Option"
import type * as Socket from "effect/socket/Socket"
import * as Stream from "effect/Stream"
import { Comprehension, Countdown, Lines, MessageFeed, Range, Repr, Task, Wait, WebSocketClient } from "../../index.js"
import * as args from "./args.js"
import * as exit from "./exit.js"
import { execute, Run, type TimedOptions } from "./run.js"

type Fields = Readonly<Record<string, unknown>>

/** Runs `effect` as a timed part of the command, prints its result (`show` gives its text and JSON fields). */
const result = <A, E, R>(effect: Effect.Effect<A, E, R>, options: TimedOptions, show: (a: A) => [string, Fields]) =>
  Effect.gen(function*() {
    const { result, timed } = yield* Run
    const value = yield* timed(effect, options)
    yield* result(...show(value))
    return value
  })

/** Prints each element of `stream` as it comes, on the chosen clock when `options` are given. */
const each = <A, E, R>(
  stream: Stream.Stream<A, E, R>,
  options: TimedOptions | undefined,
  show: (element: A, index: number) => [string, Fields]
) =>
  Effect.flatMap(Run, ({ result, timed }) => {
    const printed = Stream.runForEach(
      Stream.zipWithIndex(stream),
      ([element, index]) => result(...show(element, index))
    )
    return timed(printed, options)
  })

/**
 * Prints `stream` as one Python list, `[a, b, …]`, in lines of at most 4,096 elements (the last ends with `]`, the
 * others with `,`), so that a list of any length prints in constant memory.
 */
const list = <A, E, R>(
  stream: Stream.Stream<A, E, R>,
  options: TimedOptions | undefined,
  show: (element: A) => string,
  json: (values: ReadonlyArray<A>) => Fields
) =>
  Effect.flatMap(Run, ({ result, timed }) => {
    const line = (index: number, values: ReadonlyArray<A>, last: boolean) =>
      result(
        `${index === 0 ? "[" : ""}${values.map((value) => show(value)).join(", ")}${last ? "]" : ","}`,
        json(values)
      )
    const printed = stream.pipe(
      Stream.grouped(4096),
      Stream.zipWithNext,
      Stream.runFoldEffect(
        () => 0,
        (index, [values, next]) => Effect.as(line(index, values, Option.isNone(next)), index + 1)
      ),
      Effect.flatMap((lines) => lines === 0 ? line(0, [], true) : Effect.void)
    )
    return timed(printed, options)
  })

/**
 * What one item of a count keeps alive at the peak of a run, on either clock (its entry in the clock's queue, its slot
 * in the results, its share of the printed list), for refusing a count that cannot fit in the heap: `wait` for
 * `wait-n` and `measure-time`, `task` for `task-wait-n`. While the progress line counts the items it traces them, and a
 * traced wait runs on a fiber of its own with a span: `progress` is what that adds.
 *
 * How they are measured (the figures are in docs/command.md, "Input"): the bundled command (`bundleCommand` of
 * scripts/build.ts), with the refusal switched off and the progress line always counting, runs `wait-n n 1` and
 * `task-wait-n n 1` on Node 24 under `node --max-old-space-size=128` and `=512`: on each clock with stdout to
 * /dev/null (`bytes`), and live on a terminal (`script -qfec …`: the progress line on; `progress` is what that adds).
 * Bisection finds the largest n that runs to its end (to 2.5–4%). An item's cost is the slope, 384 MB over the
 * difference of the two counts (what is fixed cancels out), the larger of the two clocks; the figures here are
 * those costs with a margin of about a quarter, room for the garbage collector.
 *
 * @internal
 */
export const Footprints = {
  wait: { bytes: 160, progress: 3_040, item: "pending wait" },
  task: { bytes: 160, progress: 5_040, item: "pending task" }
} as const satisfies Record<string, args.Footprint>

/**
 * What the progress line of `n` waits counts: nothing when they take no time; the time alone, not the waits, unless
 * `counted`.
 */
const waits = (n: number, maxDelay: number, counted = true) =>
  maxDelay > 0 ? { total: n, depth: 0, counted } : undefined

interface Waits {
  readonly n: number
  readonly maxDelay: number
}

const waitRandom = ({ maxDelay }: { readonly maxDelay: number }) =>
  result(Wait.waitRandom(maxDelay), { title: "wait_random" }, (delay) => [Repr.float(delay), { maxDelay, delay }])

/** What the progress line of `n` waits of `footprint` counts: the waits, or the time alone when they cannot fit. */
const counting = (n: number, maxDelay: number, footprint: args.Footprint) =>
  Effect.map(args.countable(n, footprint), (counted) => waits(n, maxDelay, counted))

/** `n` waits at once (`Wait.waitN`, `Task.taskWaitN`): their delays in completion order. */
const delays = (
  title: string,
  waitN: (n: number, maxDelay: number) => Effect.Effect<Array<number>>,
  footprint: args.Footprint
) =>
({ maxDelay, n }: Waits) =>
  Effect.flatMap(counting(n, maxDelay, footprint), (count) =>
    result(waitN(n, maxDelay), { title, count }, (delays) => [
      Repr.floats(delays),
      { n, maxDelay, delays }
    ]))

const waitN = delays("wait_n", Wait.waitN, Footprints.wait)
const taskWaitN = delays("task_wait_n", Task.taskWaitN, Footprints.task)

const measureTime = ({ maxDelay, n }: Waits) =>
  Effect.flatMap(
    counting(n, maxDelay, Footprints.wait),
    (count) =>
      result(Wait.measureTime(n, maxDelay), { title: "measure_time", count }, (perWait) => [
        Repr.float(perWait),
        { n, maxDelay, perWait }
      ])
  )

/** The task's delay; in the tour, the class of the task, as the main file's `print(type(task))`. */
const taskWaitRandom = ({ maxDelay }: { readonly maxDelay: number }, showClass = false) =>
  result(
    Effect.flatMap(Task.taskWaitRandom(maxDelay), (task) => Effect.map(Fiber.join(task), (delay) => ({ task, delay }))),
    { title: "task_wait_random" },
    ({ delay, task }) => [
      showClass ? `<class '${task.constructor.name}'>` : Repr.float(delay),
      { maxDelay, delay, class: task.constructor.name }
    ]
  )

const asyncComprehension = () =>
  result(
    Comprehension.asyncComprehension(),
    { title: "async_comprehension", count: { total: Comprehension.DefaultCount, depth: 0 } },
    (numbers) => [Repr.floats(numbers), { numbers }]
  )

// the forty emissions, one level below the four comprehensions, which a chart draws as lanes
const measureRuntime = () =>
  result(
    Comprehension.measureRuntime(),
    { title: "measure_runtime", count: { total: 4 * Comprehension.DefaultCount, depth: 1 }, chartDepth: 1 },
    (seconds) => [Repr.float(seconds), { seconds }]
  )

const range = ({ bounds: [start = 0, stop, step] }: { readonly bounds: ReadonlyArray<number> }) =>
  list(stop === undefined ? Range.range(start) : Range.range(start, stop, step), undefined, String, (values) => ({
    values
  }))

const countdown = ({ from }: { readonly from: number }) =>
  each(Countdown.countdown(from), { title: "countdown" }, (value) => [String(value), { value }])

const readLines = ({ file }: { readonly file: string }) =>
  each(Lines.readLines(file), undefined, (text, index) => [text, { line: index + 1, text }])

/** The messages of `url`, or of a simulated feed without one; virtual time cannot wait for a real server. */
const messages = ({ count, url }: { readonly url: Option.Option<string>; readonly count: Option.Option<number> }) =>
  Effect.gen(function*() {
    if (Option.isSome(url) && (yield* Run).settings.clock === "virtual") {
      return yield* new exit.BadInput({ message: "--clock virtual cannot wait for a real server; use --clock live" })
    }
    const feed = Option.match(url, {
      onNone: () => MessageFeed.make({ count: Option.getOrElse(count, () => 5) }),
      onSome: (url) => WebSocketClient.messages(url).pipe(Stream.take(Option.getOrElse(count, () => Infinity)))
    })
    return yield* each(
      feed,
      { title: "message_stream" },
      ({ id, text, timestamp }) => [`#${id} ${text}`, { id, text, timestamp }]
    )
  })

/** A temporary file of three lines of the Zen of Python, removed with the scope. */
const zenFile = Effect.gen(function*() {
  const fs = yield* FileSystem.FileSystem
  const file = yield* fs.makeTempFileScoped({ prefix: "effect-asyncio-zen-" })
  const zen = ["Beautiful is better than ugly.", "Explicit is better than implicit.", "Simple is better than complex."]
  yield* fs.writeFileString(file, zen.map((line) => `${line}\n`).join(""))
  return file
})

type Program = Effect.Effect<unknown, unknown, Run | Command.Environment | Socket.WebSocketConstructor>

/** The original main files, in order: the file, the functions it shows, and its calls (as Python writes them). */
const tourSteps: ReadonlyArray<readonly [string, string, ReadonlyArray<readonly [string, Program]>]> = [
  ["python_async_function/0-main.py", "wait_random", [
    ["wait_random()", waitRandom({ maxDelay: Wait.DefaultMaxDelay })],
    ["wait_random(5)", waitRandom({ maxDelay: 5 })],
    ["wait_random(15)", waitRandom({ maxDelay: 15 })]
  ]],
  ["python_async_function/1-main.py", "wait_n", [
    ["wait_n(5, 5)", waitN({ n: 5, maxDelay: 5 })],
    ["wait_n(10, 7)", waitN({ n: 10, maxDelay: 7 })],
    ["wait_n(10, 0)", waitN({ n: 10, maxDelay: 0 })]
  ]],
  ["python_async_function/2-main.py", "measure_time", [["measure_time(5, 9)", measureTime({ n: 5, maxDelay: 9 })]]],
  ["python_async_function/3-main.py", "task_wait_random", [[
    "task_wait_random(5)",
    taskWaitRandom({ maxDelay: 5 }, true)
  ]]],
  ["python_async_function/4-main.py", "task_wait_n", [["task_wait_n(5, 6)", taskWaitN({ n: 5, maxDelay: 6 })]]],
  // the main file collects the numbers with `async for` and prints the list
  ["python_async_comprehension/0-main.py", "async_generator", [[
    "async for i in async_generator()",
    list(
      Comprehension.asyncGenerator(),
      { title: "async_generator", count: { total: Comprehension.DefaultCount, depth: 0 } },
      Repr.float,
      (numbers) => ({ numbers })
    )
  ]]],
  ["python_async_comprehension/1-main.py", "async_comprehension", [["async_comprehension()", asyncComprehension()]]],
  ["python_async_comprehension/2-main.py", "measure_runtime", [[
    "measure_runtime()",
    Effect.gen(function*() {
      const { flushTimelines, note } = yield* Run
      const seconds = yield* measureRuntime()
      yield* note("")
      yield* flushTimelines
      yield* note(
        `Four comprehensions of ten 1-second sleeps took ${Repr.float(Math.round(seconds * 1000) / 1000)} s, not ` +
          "40: a sleeping fiber holds nothing, so the four lanes sleep side by side and the whole takes as long as one."
      )
    })
  ]]],
  ["streams", "range, countdown, read_lines, message_stream", [
    ["range(1, 6)", range({ bounds: [1, 6] })],
    ["countdown(3)", countdown({ from: 3 })],
    ["read_lines", Effect.scoped(Effect.flatMap(zenFile, (file) => readLines({ file })))],
    ["message_stream", messages({ url: Option.none(), count: Option.some(3) })]
  ]]
]

const tour = Effect.gen(function*() {
  const { call, flushTimelines, note, settings: { clock, rate } } = yield* Run
  yield* note(
    clock === "virtual"
      ? "The eight exercises, then the streams, in auto-advancing virtual time (instant and exact)."
      : `The eight exercises, then the streams, on the live clock at rate ${rate} ` +
        `(program time runs ${rate} times as fast as real time).`
  )
  for (const [step, functions, calls] of tourSteps) {
    yield* note(`\n== ${step} · ${functions}`)
    for (const [text, program] of calls) {
      // the streams have no main file to mirror: each of their lines says which call printed it
      yield* call(program, { step, call: text }, step === "streams" ? `${text}: ` : "", functions === "measure_runtime")
    }
    yield* flushTimelines
  }
})

const root = Command.make("effect-asyncio").pipe(
  Command.withSharedFlags(args.shared),
  Command.withDescription("The Python asyncio exercises as Effect programs. Without a command, runs the tour.")
)

/** The rates of the live clock: the tour's ten times faster, so that its concurrency is real and watchable. */
const TourRate = 10
const CommandRate = 1

/** A subcommand: it parses `config`, then runs `program` with the settings of the shared flags. */
const subcommand = <const Config extends Command.Command.Config, E, R>(
  name: string,
  description: string,
  config: Config,
  program: (input: Command.Command.Config.Infer<Config>) => Effect.Effect<unknown, E, R>,
  rate = CommandRate
) =>
  Command.make(
    name,
    config,
    (input) =>
      Effect.flatMap(root, (flags) => execute(`effect-asyncio ${name}`, args.settings(flags, rate), program(input)))
  ).pipe(
    Command.withDescription(description)
  )

const n = (least: number, footprint: args.Footprint) =>
  args.count("n", least, `how many ${footprint.item.split(" ")[1]}s run at once`, footprint)
const maxDelay = args.seconds("max-delay", "the longest delay")
const step = args.signedInteger("bound", "stop, or start stop, or start stop step").pipe(
  Argument.between(1, 3),
  Argument.mapEffect((bounds) =>
    bounds[2] === 0
      ? Effect.fail(
        new CliError.InvalidValue({ option: "step", value: "0", expected: "a non-zero integer", kind: "argument" })
      )
      : Effect.succeed(bounds)
  )
)

/** @internal */
export const command = root.pipe(
  Command.withHandler((flags) => execute("effect-asyncio tour", args.settings(flags, TourRate), tour)),
  Command.withSubcommands([
    subcommand(
      "tour",
      "the eight original main files in order, then the streams (the default)",
      {},
      () => tour,
      TourRate
    ),
    subcommand("wait-random", "wait_random(max_delay=10): sleep a random delay, print it", {
      maxDelay: args.seconds("max-delay", "the longest delay; 10 by default").pipe(
        Argument.withDefault(Wait.DefaultMaxDelay)
      )
    }, waitRandom),
    subcommand("wait-n", "wait_n(n, max_delay): n random waits at once, their delays in completion order", {
      n: n(0, Footprints.wait),
      maxDelay
    }, waitN),
    subcommand("measure-time", "measure_time(n, max_delay): the time of wait_n(n, max_delay) divided by n", {
      n: n(1, Footprints.wait),
      maxDelay
    }, measureTime),
    subcommand(
      "task-wait-random",
      "task_wait_random(max_delay): fork a random wait as a fiber, join it, print its delay",
      { maxDelay },
      (input) => taskWaitRandom(input)
    ),
    subcommand("task-wait-n", "task_wait_n(n, max_delay): wait_n built on forked tasks", {
      n: n(0, Footprints.task),
      maxDelay
    }, taskWaitN),
    subcommand(
      "async-generator",
      "async_generator(): ten random numbers, one a second, printed as they come",
      {},
      () =>
        each(
          Comprehension.asyncGenerator(),
          { title: "async_generator" },
          (value, index) => [Repr.float(value), { index, value }]
        )
    ),
    subcommand(
      "async-comprehension",
      "async_comprehension(): the generator's ten numbers, collected",
      {},
      asyncComprehension
    ),
    subcommand(
      "measure-runtime",
      "measure_runtime(): four comprehensions at once; the elapsed seconds (10, not 40)",
      {},
      measureRuntime
    ),
    subcommand("range", "range stop | range start stop [step]: Python's range, as a Stream", { bounds: step }, range),
    subcommand("countdown", "countdown [from]: from, from - 1, … 1, one a second", {
      from: args.count("from", 0, "the first number; 5 by default").pipe(Argument.withDefault(5))
    }, countdown),
    subcommand("read-lines", "read-lines <file>: the lines of a file, streamed in constant memory", {
      file: args.file("file", "the file to read")
    }, readLines),
    subcommand("messages", "messages [--url ws://…]: the messages of a WebSocket server, or a simulated feed", {
      url: args.webSocketUrl("url", "a ws:// or wss:// server to read; without it, a simulated feed"),
      count: args.countFlag("count", "stop after this many messages; the simulated feed sends 5 by default")
    }, messages)
  ])
)
