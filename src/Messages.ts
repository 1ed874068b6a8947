/**
 * Real-time message streams: a simulated feed paced by the `Clock` (the seed texts' `message_stream`), and the
 * messages of a real WebSocket server, both as a `Stream` of the same {@link Message}, so a program written
 * against one runs against the other.
 *
 * @since 0.1.0
 */
import * as Socket from "@effect/platform/Socket"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as streamInterval from "./internal/streamInterval.js"
import * as validate from "./internal/validate.js"

/**
 * One message of a message stream.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Messages } from "effect-asyncio"
 *
 * const message: Messages.Message = { id: 1, text: "hello", timestamp: 1000 }
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
 * Options of {@link messageStream}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Messages } from "effect-asyncio"
 *
 * const options: Messages.MessageStreamOptions = {
 *   interval: "500 millis",
 *   count: 3,
 *   text: (id) => `tick ${id}`
 * }
 * console.log(options.count) // 3
 * ```
 */
export interface MessageStreamOptions {
  /** How long to wait before each message; {@link DefaultInterval} (1 second) by default. */
  readonly interval?: Duration.DurationInput | undefined
  /** How many messages to emit before ending; without it the feed never ends by itself. */
  readonly count?: number | undefined
  /** The text of message `id`; `message ${id}` by default. */
  readonly text?: ((id: number) => string) | undefined
}

/**
 * How long {@link messageStream} waits before each message by default.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import { Messages } from "effect-asyncio"
 *
 * console.log(Duration.format(Messages.DefaultInterval)) // "1s"
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
 * import { Messages } from "effect-asyncio"
 *
 * const program = Messages.messageStream({ interval: "200 millis", count: 3 }).pipe(
 *   Stream.runForEach((message) => Console.log(`#${message.id}: ${message.text}`))
 * )
 * Effect.runPromise(program) // #1: message 1, #2: message 2, #3: message 3, 200 ms apart
 * ```
 */
export const messageStream = (options?: MessageStreamOptions | undefined): Stream.Stream<Message> =>
  Stream.unwrap(Effect.suspend(() => {
    const count = options?.count
    const text = options?.text ?? defaultText
    return (count === undefined ? undefined : validate.count("messageStream", "count", count)) ??
      Effect.map(streamInterval.decode("messageStream", options?.interval ?? DefaultInterval), (interval) => {
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

/**
 * The failure of {@link fromWebSocket}: the connection could not be opened (`"Connect"`), did not open in time
 * (`"Timeout"`), was closed with a close code that counts as an error (`"Closed"`, with the `code`; a dropped
 * connection is 1006), or failed after opening (`"Error"`).
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { NodeSocket } from "@effect/platform-node"
 * import { Effect, Stream } from "effect"
 * import { Messages } from "effect-asyncio"
 *
 * const program = Messages.fromWebSocket("ws://127.0.0.1:9").pipe(
 *   Stream.runDrain,
 *   Effect.catchTag("WebSocketError", (error) => Effect.succeed(error.reason)),
 *   Effect.provide(NodeSocket.layerWebSocketConstructor)
 * )
 * Effect.runPromise(program).then(console.log) // "Connect" (nothing listens on port 9)
 * ```
 */
export class WebSocketError extends Data.TaggedError("WebSocketError")<{
  /** The URL the stream connected to. */
  readonly url: string
  /** What went wrong. */
  readonly reason: "Connect" | "Timeout" | "Closed" | "Error"
  /** The close code, when `reason` is `"Closed"`. */
  readonly code?: number | undefined
  /** The underlying `SocketError` of `@effect/platform`. */
  readonly cause: unknown
}> {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    switch (this.reason) {
      case "Connect":
        return `could not connect to ${this.url}`
      case "Timeout":
        return `timed out connecting to ${this.url}`
      case "Closed":
        return `${this.url} closed the connection with code ${this.code}`
      case "Error":
        return `the connection to ${this.url} failed`
    }
  }
}

/**
 * Options of {@link fromWebSocket}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Messages } from "effect-asyncio"
 *
 * const options: Messages.WebSocketOptions = {
 *   openTimeout: "2 seconds",
 *   closeCodeIsError: (code) => code !== 1000 && code !== 1001
 * }
 * console.log(options.closeCodeIsError?.(1001)) // false
 * ```
 */
export interface WebSocketOptions {
  /** How long to wait for the connection to open, through the `Clock`; 10 seconds by default. */
  readonly openTimeout?: Duration.DurationInput | undefined
  /** Which close codes fail the stream; {@link closeCodeIsError} by default. */
  readonly closeCodeIsError?: ((code: number) => boolean) | undefined
  /** WebSocket sub-protocols to ask for. */
  readonly protocols?: string | Array<string> | undefined
}

/**
 * The default close-code policy of {@link fromWebSocket}: a normal close (1000) and a close frame without a code
 * (1005, what a server's `close()` without arguments sends) end the stream; every other code fails it, notably
 * 1006, a connection dropped without a close frame.
 *
 * `@effect/platform`'s own default also treats 1006 as clean, which would make a dropped connection look like the
 * end of the feed; this policy does not.
 *
 * @since 0.1.0
 * @category predicates
 * @example
 * ```ts
 * import { Messages } from "effect-asyncio"
 *
 * console.log([1000, 1005, 1006, 1011].map((code) => Messages.closeCodeIsError(code))) // [ false, false, true, true ]
 * ```
 */
export const closeCodeIsError = (code: number): boolean => code !== 1000 && code !== 1005

const toWebSocketError = (url: string, error: Socket.SocketError): WebSocketError => {
  if (error.reason === "Close") {
    return new WebSocketError({ url, reason: "Closed", code: error.code, cause: error })
  }
  const reason = error.reason === "Open" ? "Connect" : error.reason === "OpenTimeout" ? "Timeout" : "Error"
  return new WebSocketError({ url, reason, cause: error })
}

const isWebSocketUrl = (url: string): boolean => {
  try {
    const protocol = new URL(url).protocol
    return protocol === "ws:" || protocol === "wss:"
  } catch {
    return false
  }
}

/**
 * The messages a WebSocket server sends, in order, each stamped with the `Clock`'s time when it arrived.
 *
 * The connection opens when the stream starts (through the `WebSocketConstructor` service of `@effect/platform`;
 * provide `NodeSocket.layerWebSocketConstructor` from `@effect/platform-node`) and nothing is sent to the server.
 * The stream ends when the server closes the connection normally (see {@link closeCodeIsError}), after every
 * message received before the close. It fails with a {@link WebSocketError} when the connection is refused or does
 * not open within `openTimeout`, or when it is dropped or closed with an error code. When the consumer stops early
 * (`Stream.take`, interruption, a failure downstream) the socket is closed with code 1000, so the server sees a
 * normal close. A URL that is not `ws:` or `wss:` is a defect (`IllegalArgumentException`).
 *
 * WebSocket has no back-pressure: messages that arrive faster than the consumer takes them are buffered.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { NodeSocket } from "@effect/platform-node"
 * import { Console, Effect, Stream } from "effect"
 * import { Messages } from "effect-asyncio"
 *
 * const program = Messages.fromWebSocket("ws://127.0.0.1:8080").pipe(
 *   Stream.take(10),
 *   Stream.runForEach((message) => Console.log(`#${message.id}: ${message.text}`)),
 *   Effect.provide(NodeSocket.layerWebSocketConstructor)
 * )
 * ```
 */
export const fromWebSocket = (
  url: string,
  options?: WebSocketOptions | undefined
): Stream.Stream<Message, WebSocketError, Socket.WebSocketConstructor> =>
  Stream.unwrap(Effect.suspend(() => {
    if (!isWebSocketUrl(url)) {
      return validate.illegal("fromWebSocket", "url", url, "a ws: or wss: URL")
    }
    return Effect.map(
      Socket.makeWebSocket(url, {
        closeCodeIsError: options?.closeCodeIsError ?? closeCodeIsError,
        openTimeout: options?.openTimeout,
        protocols: options?.protocols
      }),
      (socket) =>
        Stream.empty.pipe(
          Stream.pipeThroughChannel(Socket.toChannelString(socket)),
          Stream.mapError((error) => toWebSocketError(url, error)),
          Stream.zipWithIndex,
          Stream.mapEffect(([text, index]) =>
            Effect.map(Clock.currentTimeMillis, (timestamp): Message => ({ id: index + 1, text, timestamp }))
          )
        )
    )
  }))
