/**
 * effect-asyncio: the classic Python asyncio exercises as composable Effect programs.
 *
 * The eight exercises are exported by name; every module is also exported as a namespace. The command's tree lives
 * in its own entry, `effect-asyncio/cli`, so that importing the library never loads `@effect/cli`.
 *
 * @since 0.1.0
 */

/**
 * The two-way bridge between async iterables (`for await`, async generators) and `Stream`.
 *
 * @since 0.1.0
 */
export * as AsyncIterable from "./AsyncIterable.js"

/**
 * Run effects concurrently and collect their results in the order they finish.
 *
 * @since 0.1.0
 */
export * as Completion from "./Completion.js"

/**
 * The comprehension project: `asyncGenerator`, `asyncComprehension`, `measureRuntime`.
 *
 * @since 0.1.0
 */
export * as Comprehension from "./Comprehension.js"

/**
 * A countdown stream: `from`, `from - 1`, … `1`, one number per interval, through the `Clock`.
 *
 * @since 0.1.0
 */
export * as Countdown from "./Countdown.js"

/**
 * The lines of a file as a `Stream`, in constant memory, over `@effect/platform`'s `FileSystem`.
 *
 * @since 0.1.0
 */
export * as Lines from "./Lines.js"

/**
 * A live clock whose sleepers wake in exact deadline order (sub-millisecond, ties first in first out, never early,
 * no limit on sleep length), with fibers started together sharing their starting instant, and a rate.
 *
 * @since 0.1.0
 */
export * as LiveClock from "./LiveClock.js"

/**
 * A simulated real-time message feed, paced by the `Clock`.
 *
 * @since 0.1.0
 */
export * as MessageFeed from "./MessageFeed.js"

/**
 * Python's `range(start[, stop[, step]])` as a `Stream`.
 *
 * @since 0.1.0
 */
export * as Range from "./Range.js"

/**
 * Python's `repr` for the values the exercises print.
 *
 * @since 0.1.0
 */
export * as Repr from "./Repr.js"

/**
 * The function project's tasks: `taskWaitRandom`, `taskWaitN`.
 *
 * @since 0.1.0
 */
export * as Task from "./Task.js"

/**
 * Replayable randomness for tests: one seed per test for all of `Random`, printed on failure, forced with
 * `EFFECT_ASYNCIO_SEED`.
 *
 * @since 0.1.0
 */
export * as TestSeed from "./TestSeed.js"

/**
 * Timelines of labelled effects: record them, print them as text Gantt charts or SVG, assert them in tests.
 *
 * @since 0.1.0
 */
export * as Timeline from "./Timeline.js"

/**
 * Auto-advancing virtual time: run any effect on a clock that jumps to the next deadline whenever every fiber is
 * idle, with FIFO ties, deadlock and limit errors.
 *
 * @since 0.1.0
 */
export * as VirtualTime from "./VirtualTime.js"

/**
 * The function project's coroutines: `waitRandom`, `waitN`, `measureTime`.
 *
 * @since 0.1.0
 */
export * as Wait from "./Wait.js"

/**
 * A WebSocket client that reads a server's messages as a `Stream` of `MessageFeed.Message`.
 *
 * @since 0.1.0
 */
export * as WebSocketClient from "./WebSocketClient.js"

export {
  /**
   * The async comprehension of `asyncGenerator`, as an array.
   *
   * @since 0.1.0
   * @category constructors
   */
  asyncComprehension,
  /**
   * An async generator of ten random numbers, one a second, as a `Stream`.
   *
   * @since 0.1.0
   * @category constructors
   */
  asyncGenerator,
  /**
   * Four comprehensions at once; the elapsed seconds.
   *
   * @since 0.1.0
   * @category constructors
   */
  measureRuntime
} from "./Comprehension.js"

export {
  /**
   * `waitN` built on forked tasks.
   *
   * @since 0.1.0
   * @category constructors
   */
  taskWaitN,
  /**
   * Forks `waitRandom` and returns its fiber at once.
   *
   * @since 0.1.0
   * @category constructors
   */
  taskWaitRandom
} from "./Task.js"

export {
  /**
   * The elapsed time of `waitN`, divided by `n`.
   *
   * @since 0.1.0
   * @category constructors
   */
  measureTime,
  /**
   * `n` concurrent random waits; the delays in completion order.
   *
   * @since 0.1.0
   * @category constructors
   */
  waitN,
  /**
   * A random wait between 0 and `maxDelay` seconds; the delay.
   *
   * @since 0.1.0
   * @category constructors
   */
  waitRandom
} from "./Wait.js"
