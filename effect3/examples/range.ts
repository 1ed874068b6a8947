/**
 * The seed texts' lesson on iterators and generators, in TypeScript: `range(0, 5)` with a pause before each
 * number, written three ways side by side, then carried across the bridges between them.
 *
 * 1. A hand-made async iterator: a class whose `[Symbol.asyncIterator]()` returns an object with `next()`, the
 *    JavaScript spelling of Python's `__aiter__` / `__anext__` (`StopAsyncIteration` becomes `{ done: true }`).
 * 2. An async generator: the same in four lines; the language writes the state machine.
 * 3. A Stream: a description of the numbers, run as often as you like, with its pauses on the Clock.
 *
 * Run it: `npx tsx examples/range.ts`
 */
import { NodeRuntime } from "@effect/platform-node"
import { Chunk, Console, Effect, Stream } from "effect"
import { AsyncIterable, LiveClock, Range } from "effect-asyncio"
import { setTimeout as sleep } from "node:timers/promises"
import { fileURLToPath } from "node:url"

/** 1. The hand-made async iterator. */
export class AsyncRange implements AsyncIterable<number> {
  constructor(readonly start: number, readonly stop: number, readonly pauseMillis: number) {}

  [Symbol.asyncIterator](): AsyncIterator<number> {
    let current = this.start
    const { pauseMillis, stop } = this
    return {
      async next() {
        if (current >= stop) return { done: true, value: undefined }
        await sleep(pauseMillis)
        return { done: false, value: current++ }
      }
    }
  }
}

/** 2. The async generator; `log` hears about its `finally`. */
export async function* asyncRange(
  start: number,
  stop: number,
  pauseMillis: number,
  log: (line: string) => void = () => {}
) {
  try {
    for (let n = start; n < stop; n++) {
      await sleep(pauseMillis)
      yield n
    }
  } finally {
    log("generator: finally")
  }
}

/** 3. The Stream. */
export const streamRange = (start: number, stop: number, pauseMillis: number) =>
  Range.range(start, stop).pipe(Stream.mapEffect((n) => Effect.as(Effect.sleep(pauseMillis), n)))

const forAwait = <A>(iterable: AsyncIterable<A>) =>
  Effect.promise(async () => {
    const values: Array<A> = []
    for await (const value of iterable) values.push(value)
    return values
  })

const show = (values: ReadonlyArray<number>) => values.join(" ")

/** The whole tour, with `pauseMillis` before each number. */
export const tour = (pauseMillis: number) =>
  Effect.gen(function*() {
    yield* Console.log(`range(0, 5), ${pauseMillis} ms before each number, three ways:`)
    yield* Console.log(`  async-iterator class  ${show(yield* forAwait(new AsyncRange(0, 5, pauseMillis)))}`)
    yield* Console.log(`  async generator       ${show(yield* forAwait(asyncRange(0, 5, pauseMillis)))}`)
    const streamed = yield* Stream.runCollect(streamRange(0, 5, pauseMillis))
    yield* Console.log(`  Stream                ${show(Chunk.toArray(streamed))}`)

    yield* Console.log("Across the bridges, stopping early:")
    const log: Array<string> = []
    const firstThree = yield* AsyncIterable.toStream(() => asyncRange(0, 5, pauseMillis, (line) => log.push(line)))
      .pipe(
        Stream.take(3),
        Stream.ensuring(Effect.sync(() => log.push("stream: finalizer"))),
        Stream.runCollect
      )
    yield* Console.log(`  generator as a Stream, take(3): ${show(Chunk.toArray(firstThree))}; then ${log.join(", ")}`)

    const events: Array<string> = []
    const finalized = streamRange(0, 5, pauseMillis).pipe(
      Stream.ensuring(Effect.sync(() => events.push("stream: finalizer")))
    )
    // fromStreamEffect runs the stream with this program's services (its Clock included)
    const numbers = yield* AsyncIterable.fromStreamEffect(finalized)
    yield* Effect.promise(async () => {
      for await (const n of numbers) {
        events.push(String(n))
        if (n === 2) break
      }
      events.push("loop: exited")
    })
    yield* Console.log(`  Stream in for await, break at 2: ${events.join(", ")}`)
  })

export const program = tour(100)

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(LiveClock.provide(), NodeRuntime.runMain)
}
