/**
 * A simulated real-time message feed paced by the `Clock` (the seed texts' `message_stream`), as a `Stream` of
 * {@link Message}: the same messages `WebSocketClient.messages` reads from a real server, so a program written
 * against the feed runs against a server too.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as streamInterval from "./internal/streamInterval.js"
import * as validate from "./internal/validate.js"

/**
 * One message of a feed, simulated or read from a WebSocket server.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { MessageFeed } from "effect-asyncio"
 *
 * const message: MessageFeed.Message = { id: 1, text: "hello", timestamp: 1000 }
 * console.log(message.text) // "hello"
 * ```
 */
export interface Message {
  /** The position of the message in its stream: 1, 2, 3, … */
  readonly id: number
  /** The text of the message (a binary WebSocket frame is decoded as UTF-8). */
  readonly text: string
  /** When the message was emitted (simulated) or received (WebSocket), in epoch milliseconds of the `Clock`. */
  readonly timestamp: number
}

/**
 * Options of {@link make}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { MessageFeed } from "effect-asyncio"
 *
 * const options: MessageFeed.Options = {
 *   interval: "500 millis",
 *   count: 3,
 *   text: (id) => `tick ${id}`
 * }
 * console.log(options.count) // 3
 * ```
 */
export interface Options {
  /** How long to wait before each message; {@link DefaultInterval} by default. */
  readonly interval?: Duration.DurationInput | undefined
  /** How many messages to emit before ending; without it the feed never ends by itself. */
  readonly count?: number | undefined
  /** The text of message `id`; `message ${id}` by default. */
  readonly text?: ((id: number) => string) | undefined
}

/**
 * How long {@link make} waits before each message by default: one second.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import { MessageFeed } from "effect-asyncio"
 *
 * console.log(Duration.format(MessageFeed.DefaultInterval)) // "1s"
 * ```
 */
export const DefaultInterval: Duration.Duration = Duration.seconds(1)

const defaultText = (id: number): string => `message ${id}`

/**
 * A simulated real-time feed: message 1 after one interval, message 2 after two, and so on, each stamped with the
 * `Clock`'s time when it is emitted.
 *
 * All waiting goes through the `Clock`, so under `TestClock` message `k` comes at exactly `k` intervals and carries
 * `timestamp` `k × interval` (from time 0). Without `count` the feed is endless: stop it with `Stream.take`,
 * `Stream.interruptAfter` or by interrupting its fiber, which cancels the pending wait. Each run starts again from
 * message 1. A `count` that is not a non-negative integer, or an interval that is not a finite duration, is a
 * defect (`IllegalArgumentException`).
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Console, Effect, Stream } from "effect"
 * import { MessageFeed } from "effect-asyncio"
 *
 * const program = MessageFeed.make({ interval: "200 millis", count: 3 }).pipe(
 *   Stream.runForEach((message) => Console.log(`#${message.id}: ${message.text}`))
 * )
 * Effect.runPromise(program) // #1: message 1, #2: message 2, #3: message 3, 200 ms apart
 * ```
 */
export const make = (options?: Options | undefined): Stream.Stream<Message> =>
  Stream.unwrap(Effect.suspend(() => {
    const count = options?.count
    const text = options?.text ?? defaultText
    return (count === undefined ? undefined : validate.count("MessageFeed.make", "count", count)) ??
      Effect.map(streamInterval.decode("MessageFeed.make", options?.interval ?? DefaultInterval), (interval) => {
        const wait = streamInterval.wait(interval)
        return Stream.unfoldEffect(1, (id) =>
          count !== undefined && id > count
            ? Effect.succeed(Option.none())
            : Effect.flatMap(
              Effect.zipRight(wait, Clock.currentTimeMillis),
              (timestamp) => Effect.sync(() => Option.some([{ id, text: text(id), timestamp }, id + 1] as const))
            ))
      })
  }))
