/**
 * A WebSocket client that reads a server's messages as a `Stream` of `MessageFeed.Message`, the same messages the
 * simulated `MessageFeed` emits, so a program tested against the feed runs against a real server.
 *
 * @since 0.1.0
 */
import * as Socket from "@effect/platform/Socket"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as validate from "./internal/validate.js"
import type * as MessageFeed from "./MessageFeed.js"

/**
 * The failure of {@link messages}: the connection could not be opened (`"Connect"`), did not open in time
 * (`"Timeout"`), was closed with a close code that counts as an error (`"Closed"`, with the `code`; a dropped
 * connection is 1006), or failed after opening (`"Error"`).
 *
 * The `cause` is the `SocketError` that `@effect/platform` reported.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { NodeSocket } from "@effect/platform-node"
 * import { Effect, Stream } from "effect"
 * import { WebSocketClient } from "effect-asyncio"
 *
 * const program = WebSocketClient.messages("ws://127.0.0.1:9").pipe(
 *   Stream.runDrain,
 *   Effect.catchTag("WebSocketError", (error) => Effect.succeed(`${error.reason} (${error.cause.reason})`)),
 *   Effect.provide(NodeSocket.layerWebSocketConstructor)
 * )
 * Effect.runPromise(program).then(console.log) // "Connect (Open)" (nothing listens on port 9)
 * ```
 */
export class WebSocketError extends Data.TaggedError("WebSocketError")<{
  /** The URL the stream connected to. */
  readonly url: string
  /** What went wrong. */
  readonly reason: "Connect" | "Timeout" | "Closed" | "Error"
  /** The close code, when `reason` is `"Closed"`. */
  readonly code?: number | undefined
  /** What `@effect/platform` reported: a `SocketCloseError` for `"Closed"`, a `SocketGenericError` otherwise. */
  readonly cause: Socket.SocketError
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
 * Options of {@link messages}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { WebSocketClient } from "effect-asyncio"
 *
 * const options: WebSocketClient.Options = {
 *   openTimeout: "2 seconds",
 *   closeCodeIsError: (code) => code !== 1000 && code !== 1001
 * }
 * console.log(options.closeCodeIsError?.(1001)) // false
 * ```
 */
export interface Options {
  /**
   * How long to wait for the connection to open, through the `Clock`: 10 seconds by default; a negative or
   * undecodable duration is a defect.
   */
  readonly openTimeout?: Duration.DurationInput | undefined
  /** Which close codes fail the stream; {@link closeCodeIsError} by default. */
  readonly closeCodeIsError?: ((code: number) => boolean) | undefined
  /** WebSocket sub-protocols to ask for. */
  readonly protocols?: string | Array<string> | undefined
}

/**
 * The default close-code policy of {@link messages}: a normal close (1000) and a close frame without a code (1005,
 * what a server's `close()` without arguments sends) end the stream; every other code fails it, notably 1006, a
 * connection dropped without a close frame.
 *
 * `@effect/platform`'s own default also treats 1006 as clean, which would make a dropped connection look like the
 * end of the feed; this policy does not.
 *
 * @since 0.1.0
 * @category predicates
 * @example
 * ```ts
 * import { WebSocketClient } from "effect-asyncio"
 *
 * console.log([1000, 1005, 1006, 1011].map((code) => WebSocketClient.closeCodeIsError(code)))
 * // [ false, false, true, true ]
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
 * import { WebSocketClient } from "effect-asyncio"
 *
 * const program = WebSocketClient.messages("ws://127.0.0.1:8080").pipe(
 *   Stream.take(10),
 *   Stream.runForEach((message) => Console.log(`#${message.id}: ${message.text}`)),
 *   Effect.provide(NodeSocket.layerWebSocketConstructor)
 * )
 * ```
 */
export const messages = (
  url: string,
  options?: Options | undefined
): Stream.Stream<MessageFeed.Message, WebSocketError, Socket.WebSocketConstructor> =>
  Stream.unwrap(Effect.suspend(() => {
    const fn = "WebSocketClient.messages"
    if (!isWebSocketUrl(url)) {
      return validate.illegal(fn, "url", url, "a ws: or wss: URL")
    }
    const openTimeout = options?.openTimeout === undefined
      ? Effect.succeed(undefined)
      : validate.duration(fn, "openTimeout", options.openTimeout)
    return Effect.flatMap(openTimeout, (timeout) =>
      Effect.map(
        Socket.makeWebSocket(url, {
          closeCodeIsError: options?.closeCodeIsError ?? closeCodeIsError,
          openTimeout: timeout,
          protocols: options?.protocols
        }),
        (socket) =>
          Stream.empty.pipe(
            Stream.pipeThroughChannel(Socket.toChannelString(socket)),
            Stream.mapError((error) => toWebSocketError(url, error)),
            Stream.zipWithIndex,
            Stream.mapEffect(([text, index]) =>
              Effect.map(
                Clock.currentTimeMillis,
                (timestamp): MessageFeed.Message => ({ id: index + 1, text, timestamp })
              )
            )
          )
      ))
  }))
