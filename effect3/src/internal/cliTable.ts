/**
 * The command's table: each exercise and stream described once (its subcommand, the Python original it mirrors, its
 * arguments, how it runs and how it prints, and the calls the tour replays). The subcommands (`Cli.ts`) and the
 * tour (`cliTour.ts`) are both generated from it; the tour walks the rows in this order, one heading per main file.
 *
 * @internal
 */
import * as Args from "@effect/cli/Args"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as FileSystem from "@effect/platform/FileSystem"
import type * as Socket from "@effect/platform/Socket"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Comprehension from "../Comprehension.js"
import * as Countdown from "../Countdown.js"
import * as Lines from "../Lines.js"
import * as MessageFeed from "../MessageFeed.js"
import * as Range from "../Range.js"
import * as Repr from "../Repr.js"
import * as Task from "../Task.js"
import * as Wait from "../Wait.js"
import * as WebSocketClient from "../WebSocketClient.js"
import * as cliArgs from "./cliArgs.js"
import * as cliExercise from "./cliExercise.js"
import * as cliExit from "./cliExit.js"
import * as cliRun from "./cliRun.js"

// What one wait costs at the peak of a run of the command (its fiber, its effect, its slot in the results, the
// printed list), on either clock: upper estimates of what the command fits under a small heap, leaving the garbage
// collector room. A task of `taskWaitN` is a wait and the fiber that joins it.
const pendingWait: cliArgs.Footprint = { bytes: 8_000, item: "pending wait" }
const pendingTask: cliArgs.Footprint = { bytes: 14_000, item: "pending task" }

/** The sentence the tour prints after `measure_runtime`'s chart. */
const whyTen = (seconds: number): string =>
  `Four comprehensions of ten 1-second sleeps took ${Repr.float(Math.round(seconds * 1000) / 1000)} s, not 40: ` +
  "a sleeping fiber holds nothing, so the four lanes sleep side by side and the whole takes as long as one."

const zen = ["Beautiful is better than ugly.", "Explicit is better than implicit.", "Simple is better than complex."]

/** A temporary file holding three lines of the Zen of Python, removed when the scope closes. */
const zenFile = Effect.gen(function*() {
  const fs = yield* FileSystem.FileSystem
  const file = yield* fs.makeTempFileScoped({ prefix: "effect-asyncio-zen-" })
  yield* fs.writeFileString(file, zen.join("\n") + "\n")
  return { file }
})

/** Waits have something to count only when they take time. */
const waits = ({ n, maxDelay }: { readonly n: number; readonly maxDelay: number }) => maxDelay > 0 ? n : undefined

/** @internal */
export const rows: ReadonlyArray<cliExercise.Row> = [
  cliExercise.effect({
    name: "wait-random",
    python: "wait_random",
    main: "python_async_function/0-main.py",
    description: "wait_random(max_delay=10): sleep a random delay, print it",
    input: {
      maxDelay: cliArgs.seconds("max-delay", "the longest delay; 10 by default").pipe(
        Args.withDefault(Wait.DefaultMaxDelay)
      )
    },
    run: ({ maxDelay }) => Wait.waitRandom(maxDelay),
    text: (value) => Repr.float(value),
    json: (delay, { maxDelay }) => ({ maxDelay, delay }),
    clock: {},
    tour: [
      { call: "wait_random()", input: { maxDelay: Wait.DefaultMaxDelay } },
      { call: "wait_random(5)", input: { maxDelay: 5 } },
      { call: "wait_random(15)", input: { maxDelay: 15 } }
    ]
  }),
  cliExercise.effect({
    name: "wait-n",
    python: "wait_n",
    main: "python_async_function/1-main.py",
    description: "wait_n(n, max_delay): n random waits at once, their delays in completion order",
    input: {
      n: cliArgs.countInMemory("n", 0, pendingWait, "how many waits run at once"),
      maxDelay: cliArgs.seconds("max-delay", "the longest delay")
    },
    run: ({ maxDelay, n }) => Wait.waitN(n, maxDelay),
    text: (values) => Repr.floats(values),
    json: (delays, { maxDelay, n }) => ({ n, maxDelay, delays }),
    clock: { progress: { total: waits } },
    tour: [
      { call: "wait_n(5, 5)", input: { n: 5, maxDelay: 5 } },
      { call: "wait_n(10, 7)", input: { n: 10, maxDelay: 7 } },
      { call: "wait_n(10, 0)", input: { n: 10, maxDelay: 0 } }
    ]
  }),
  cliExercise.effect({
    name: "measure-time",
    python: "measure_time",
    main: "python_async_function/2-main.py",
    description: "measure_time(n, max_delay): the time of wait_n(n, max_delay) divided by n",
    input: {
      n: cliArgs.countInMemory("n", 1, pendingWait, "how many waits run at once"),
      maxDelay: cliArgs.seconds("max-delay", "the longest delay")
    },
    run: ({ maxDelay, n }) => Wait.measureTime(n, maxDelay),
    text: (value) => Repr.float(value),
    json: (perWait, { maxDelay, n }) => ({ n, maxDelay, perWait }),
    clock: { progress: { total: waits } },
    tour: [{ call: "measure_time(5, 9)", input: { n: 5, maxDelay: 9 } }]
  }),
  cliExercise.effect({
    name: "task-wait-random",
    python: "task_wait_random",
    main: "python_async_function/3-main.py",
    description: "task_wait_random(max_delay): fork a random wait as a fiber, join it, print its delay",
    input: { maxDelay: cliArgs.seconds("max-delay", "the longest delay") },
    run: ({ maxDelay }) =>
      Effect.flatMap(
        Task.taskWaitRandom(maxDelay),
        (task) => Effect.map(Fiber.join(task), (delay) => ({ task, delay }))
      ),
    text: ({ delay }) => Repr.float(delay),
    json: ({ delay }, { maxDelay }) => ({ maxDelay, delay }),
    clock: {},
    // the main file prints the class of the task, as Python's print(type(task)) does
    tourText: ({ task }) => `<class '${task.constructor.name}'>`,
    tourJson: ({ delay, task }) => ({ result: delay, class: task.constructor.name }),
    tour: [{ call: "task_wait_random(5)", input: { maxDelay: 5 } }]
  }),
  cliExercise.effect({
    name: "task-wait-n",
    python: "task_wait_n",
    main: "python_async_function/4-main.py",
    description: "task_wait_n(n, max_delay): wait_n built on forked tasks",
    input: {
      n: cliArgs.countInMemory("n", 0, pendingTask, "how many tasks run at once"),
      maxDelay: cliArgs.seconds("max-delay", "the longest delay")
    },
    run: ({ maxDelay, n }) => Task.taskWaitN(n, maxDelay),
    text: (values) => Repr.floats(values),
    json: (delays, { maxDelay, n }) => ({ n, maxDelay, delays }),
    clock: { progress: { total: waits } },
    tour: [{ call: "task_wait_n(5, 6)", input: { n: 5, maxDelay: 6 } }]
  }),
  cliExercise.stream({
    name: "async-generator",
    python: "async_generator",
    main: "python_async_comprehension/0-main.py",
    description: "async_generator(): ten random numbers, one a second, printed as they come",
    input: {},
    run: () => Comprehension.asyncGenerator(),
    text: (value) => Repr.float(value),
    each: (value, index) => ({ index, value }),
    clock: { progress: { total: () => Comprehension.DefaultCount } },
    // the main file collects the numbers with `async for` and prints the list
    tourAsList: true,
    tour: [{ call: "async for i in async_generator()", input: {} }]
  }),
  cliExercise.effect({
    name: "async-comprehension",
    python: "async_comprehension",
    main: "python_async_comprehension/1-main.py",
    description: "async_comprehension(): the generator's ten numbers, collected",
    input: {},
    run: () => Comprehension.asyncComprehension(),
    text: (values) => Repr.floats(values),
    json: (numbers) => ({ numbers }),
    clock: { progress: { total: () => Comprehension.DefaultCount } },
    tour: [{ call: "async_comprehension()", input: {} }]
  }),
  cliExercise.effect({
    name: "measure-runtime",
    python: "measure_runtime",
    main: "python_async_comprehension/2-main.py",
    description: "measure_runtime(): four comprehensions at once; the elapsed seconds (10, not 40)",
    input: {},
    run: () => Comprehension.measureRuntime(),
    text: (value) => Repr.float(value),
    json: (seconds) => ({ seconds }),
    // the forty emissions, one level below the four comprehensions
    clock: { progress: { total: () => 4 * Comprehension.DefaultCount, depth: 1 }, chartDepth: 1 },
    tourChart: whyTen,
    tour: [{ call: "measure_runtime()", input: {} }]
  }),
  cliExercise.stream({
    name: "range",
    python: "range",
    main: "streams",
    description: "range stop | range start stop [step]: Python's range, as a Stream",
    input: {
      bounds: cliArgs.integer("bound", "stop, or start stop, or start stop step").pipe(
        Args.between(1, 3),
        Args.mapEffect((bounds) =>
          bounds[2] === 0
            ? Effect.fail(HelpDoc.p("step must be a non-zero integer, got '0'"))
            : Effect.succeed(bounds)
        )
      )
    },
    run: ({ bounds: [start = 0, stop, step] }) =>
      stop === undefined ? Range.range(start) : Range.range(start, stop, step),
    text: (n) => String(n),
    list: (values) => ({ values }),
    tour: [{ call: "range(1, 6)", input: { bounds: [1, 6] }, label: "range(1, 6)" }]
  }),
  cliExercise.stream({
    name: "countdown",
    python: "countdown",
    main: "streams",
    description: "countdown [from]: from, from - 1, … 1, one a second",
    input: { from: cliArgs.count("from", 0, "the first number; 5 by default").pipe(Args.withDefault(5)) },
    run: ({ from }) => Countdown.countdown(from),
    text: (n) => String(n),
    each: (value) => ({ value }),
    clock: {},
    tour: [{ call: "countdown(3)", input: { from: 3 }, label: "countdown(3)" }]
  }),
  cliExercise.stream({
    name: "read-lines",
    python: "read_lines",
    main: "streams",
    description: "read-lines <file>: the lines of a file, streamed in constant memory",
    input: { file: Args.file({ name: "file", exists: "yes" }).pipe(Args.withDescription("the file to read")) },
    run: ({ file }) => Lines.readLines(file),
    text: (line) => line,
    each: (text, index) => ({ line: index + 1, text }),
    tour: [{ call: "read_lines(zen.txt)", input: zenFile, label: "read_lines" }]
  }),
  cliExercise.stream({
    name: "messages",
    python: "message_stream",
    main: "streams",
    description: "messages [--url ws://…]: the messages of a WebSocket server, or a simulated feed",
    input: {
      url: cliArgs.webSocketUrl("url", "a ws:// or wss:// server to read; without it, a simulated feed"),
      count: cliArgs.countOption("count", 0, "stop after this many messages; the simulated feed sends 5 by default")
    },
    run: ({ count, url }): Stream.Stream<
      MessageFeed.Message,
      WebSocketClient.WebSocketError | cliExit.BadInput,
      Socket.WebSocketConstructor | cliRun.Run
    > =>
      Option.match(url, {
        onNone: () => MessageFeed.make({ count: Option.getOrElse(count, () => 5) }),
        onSome: (url) =>
          Stream.unwrap(Effect.map(cliRun.Run, (run): Stream.Stream<
            MessageFeed.Message,
            WebSocketClient.WebSocketError | cliExit.BadInput,
            Socket.WebSocketConstructor
          > => {
            if (run.settings.clock === "virtual") {
              return Stream.fail(
                new cliExit.BadInput({
                  message: "--clock virtual cannot wait for a real server; use --clock live with --url"
                })
              )
            }
            const socket = WebSocketClient.messages(url)
            return Option.isSome(count) ? Stream.take(socket, count.value) : socket
          }))
      }),
    text: (message) => `#${message.id} ${message.text}`,
    each: ({ id, text, timestamp }) => ({ id, text, timestamp }),
    clock: {},
    tourResult: ({ id, text }) => ({ id, text }),
    tour: [{ call: "message_stream()", input: { url: Option.none(), count: Option.some(3) }, label: "message_stream" }]
  })
]
