/**
 * The tour: the eight original main files in order, each under a heading naming the original and printing what it
 * prints, then the streams. After `measure_runtime` it shows the timeline of the four comprehensions.
 *
 * @internal
 */
import * as FileSystem from "@effect/platform/FileSystem"
import type * as Terminal from "@effect/platform/Terminal"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import * as Comprehension from "../Comprehension.js"
import * as Countdown from "../Countdown.js"
import * as Lines from "../Lines.js"
import * as Messages from "../Messages.js"
import * as Range from "../Range.js"
import * as Repr from "../Repr.js"
import * as Task from "../Task.js"
import * as Timeline from "../Timeline.js"
import * as Wait from "../Wait.js"
import type { Output, Runner } from "./cliRun.js"
import { printTimeline } from "./cliRun.js"

/** One step of the tour. @internal */
export interface Step {
  /** The original it stands for, e.g. `python_async_function/0-main.py`. */
  readonly original: string
  /** What it shows, e.g. `wait_random`. */
  readonly title: string
  readonly run: (runner: Runner) => Effect.Effect<void, unknown, FileSystem.FileSystem | Terminal.Terminal>
}

const float = (output: Output, step: string, call: string, value: number) =>
  output.result(Repr.float(value), { step, call, result: value })

const floats = (output: Output, step: string, call: string, values: ReadonlyArray<number>) =>
  output.result(Repr.floats(values), { step, call, result: values })

const ints = (values: ReadonlyArray<number>): string => `[${values.join(", ")}]`

/** Progress over the labelled children of `waitN` (`wait-i`) or `taskWaitN` (`task-i`). */
const children = (total: number, prefix: string) => ({
  total,
  counts: (label: string) => label.startsWith(prefix) && !label.includes("/")
})

/** Progress over the generator's emissions. */
const emissions = { total: Comprehension.DefaultCount, counts: (label: string) => label === "emit" }

/** The sentence the tour prints after `measure_runtime`'s chart. @internal */
export const whyTen = (seconds: number): string =>
  `Four comprehensions of ten 1-second sleeps took ${Repr.float(Math.round(seconds * 1000) / 1000)} s, not 40: ` +
  "a sleeping fiber holds nothing, so the four lanes sleep side by side and the whole takes as long as one."

const zen = [
  "Beautiful is better than ugly.",
  "Explicit is better than implicit.",
  "Simple is better than complex.",
  "Flat is better than nested."
]

/** @internal */
export const steps: ReadonlyArray<Step> = [
  {
    original: "python_async_function/0-main.py",
    title: "wait_random",
    run: ({ output, timed }) =>
      Effect.gen(function*() {
        const step = "python_async_function/0-main.py"
        const title = "wait_random"
        yield* float(output, step, "wait_random()", yield* timed(Wait.waitRandom(), { title }))
        yield* float(output, step, "wait_random(5)", yield* timed(Wait.waitRandom(5), { title }))
        yield* float(output, step, "wait_random(15)", yield* timed(Wait.waitRandom(15), { title }))
      })
  },
  {
    original: "python_async_function/1-main.py",
    title: "wait_n",
    run: ({ output, timed }) =>
      Effect.gen(function*() {
        const step = "python_async_function/1-main.py"
        const title = "wait_n"
        yield* floats(
          output,
          step,
          "wait_n(5, 5)",
          yield* timed(Wait.waitN(5, 5), { title, progress: children(5, "wait-") })
        )
        yield* floats(
          output,
          step,
          "wait_n(10, 7)",
          yield* timed(Wait.waitN(10, 7), { title, progress: children(10, "wait-") })
        )
        yield* floats(output, step, "wait_n(10, 0)", yield* timed(Wait.waitN(10, 0), { title }))
      })
  },
  {
    original: "python_async_function/2-main.py",
    title: "measure_time",
    run: ({ output, timed }) =>
      Effect.flatMap(
        timed(Wait.measureTime(5, 9), { title: "measure_time", progress: children(5, "wait-") }),
        (seconds) => float(output, "python_async_function/2-main.py", "measure_time(5, 9)", seconds)
      )
  },
  {
    original: "python_async_function/3-main.py",
    title: "task_wait_random",
    run: ({ output, timed }) =>
      Effect.gen(function*() {
        const [task, delay] = yield* timed(
          Effect.flatMap(Task.taskWaitRandom(5), (task) =>
            Effect.map(Fiber.join(task), (delay) => [task, delay] as const)),
          { title: "task_wait_random" }
        )
        yield* output.result(`<class '${task.constructor.name}'>`, {
          step: "python_async_function/3-main.py",
          call: "task_wait_random(5)",
          result: delay,
          class: task.constructor.name
        })
      })
  },
  {
    original: "python_async_function/4-main.py",
    title: "task_wait_n",
    run: ({ output, timed }) =>
      Effect.flatMap(
        timed(Task.taskWaitN(5, 6), { title: "task_wait_n", progress: children(5, "task-") }),
        (delays) => floats(output, "python_async_function/4-main.py", "task_wait_n(5, 6)", delays)
      )
  },
  {
    original: "python_async_comprehension/0-main.py",
    title: "async_generator",
    run: ({ output, timed }) =>
      Effect.gen(function*() {
        const result: Array<number> = []
        yield* timed(
          Stream.runForEach(Comprehension.asyncGenerator(), (i) =>
            Effect.sync(() => {
              result.push(i)
            })),
          { title: "async_generator", progress: emissions }
        )
        yield* floats(output, "python_async_comprehension/0-main.py", "async for i in async_generator()", result)
      })
  },
  {
    original: "python_async_comprehension/1-main.py",
    title: "async_comprehension",
    run: ({ output, timed }) =>
      Effect.flatMap(
        timed(Comprehension.asyncComprehension(), { title: "async_comprehension", progress: emissions }),
        (numbers) => floats(output, "python_async_comprehension/1-main.py", "async_comprehension()", numbers)
      )
  },
  {
    original: "python_async_comprehension/2-main.py",
    title: "measure_runtime",
    run: ({ output, timed }) =>
      Effect.gen(function*() {
        const step = "python_async_comprehension/2-main.py"
        const [timeline, seconds] = yield* timed(Timeline.record(Comprehension.measureRuntime()), {
          title: "measure_runtime",
          chartDepth: 1
        })
        yield* float(output, step, "measure_runtime()", seconds)
        yield* output.note("")
        yield* printTimeline(output, timeline, 1, { step, call: "timeline of measure_runtime()" })
        yield* output.note(whyTen(seconds))
      })
  },
  {
    original: "streams",
    title: "range, countdown, read_lines, message_stream",
    run: ({ output, timed }) =>
      Effect.gen(function*() {
        const step = "streams"
        const numbers = Chunk.toArray(yield* Stream.runCollect(Range.range(1, 6)))
        yield* output.result(`range(1, 6): ${ints(numbers)}`, { step, call: "range(1, 6)", result: numbers })
        yield* timed(
          Countdown.countdown(3).pipe(
            Stream.runForEach((n) => output.result(`countdown(3): ${n}`, { step, call: "countdown(3)", result: n }))
          ),
          { title: "countdown" }
        )
        const fs = yield* FileSystem.FileSystem
        const file = yield* fs.makeTempFileScoped({ prefix: "effect-asyncio-zen-" })
        yield* fs.writeFileString(file, zen.join("\n") + "\n")
        yield* Lines.readLines(file).pipe(
          Stream.take(3),
          Stream.runForEach((line) =>
            output.result(`read_lines: ${line}`, { step, call: "read_lines(zen.txt)", result: line })
          )
        )
        yield* timed(
          Messages.messageStream({ count: 3, interval: Duration.millis(500) }).pipe(
            Stream.runForEach((message) =>
              output.result(`message_stream: #${message.id} ${message.text}`, {
                step,
                call: "message_stream()",
                result: { id: message.id, text: message.text }
              })
            )
          ),
          { title: "message_stream" }
        )
      }).pipe(Effect.scoped)
  }
]
