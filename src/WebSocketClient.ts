/**
 * A WebSocket client that reads a server's messages as a `Stream` of `MessageFeed.Message`, the same messages the
 * simulated `MessageFeed` emits, so a program tested against the feed runs against a real server.
 *
 * @since 0.1.0
 */
import * as Channel from "effect/Channel"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Scope from "effect/Scope"
import * as Socket from "effect/socket/Socket"
import * as Stream from "effect/Stream"
import * as validate from "./internal/validate.js"
import type * as MessageFeed from "./MessageFeed.js"

/**
 * The failure of {@link messages}: the connection could not be opened (`"Connect"`), did not open in time
 * (`"Timeout"`), was closed with a close code that counts as an error (`"Closed"`, with the `code`; a dropped
 * connection is 1006), or failed after opening (`"Error"`).
 *
 * The `cause` is the `SocketError` that `effect/socket` reported; its `reason` says what failed (a
 * `SocketOpenError`, a `SocketCloseError` with the close code, a `SocketReadError`).
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
 *   Effect.catchTag("WebSocketError", (error) => Effect.succeed(`${error.reason} (${error.cause.reason._tag})`)),
 *   Effect.provide(NodeSocket.layerWebSocketConstructor)
 * )
 * Effect.runPromise(program).then(console.log) // "Connect (SocketOpenError)" (nothing listens on port 9)
 * ```
 */
export class WebSocketError extends Data.TaggedError("WebSocketError")<{
  /** The URL the stream connected to. */
  readonly url: string
  /** What went wrong. */
  readonly reason: "Connect" | "Timeout" | "Closed" | "Error"
  /** The close code, when `reason` is `"Closed"`. */
  readonly code?: number | undefined
  /** What `effect/socket` reported, its `reason` a `SocketCloseError` for `"Closed"`. */
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
  readonly openTimeout?: Duration.Input | undefined
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
 * (`effect/socket` itself reports every close as a failure, even a normal one; this policy decides which of them
 * end the feed.)
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
  const reason = error.reason
  switch (reason._tag) {
    case "SocketCloseError":
      return new WebSocketError({ url, reason: "Closed", code: reason.code, cause: error })
    case "SocketOpenError":
      return new WebSocketError({ url, reason: reason.kind === "Timeout" ? "Timeout" : "Connect", cause: error })
    default:
      return new WebSocketError({ url, reason: "Error", cause: error })
  }
}

type Listener = (event: Socket.WebSocketEvent) => void

/**
 * `ws`, with each `error` it reports after opening held back for a microtask and dropped when a `close` came in the
 * meantime. The WebSocket standard fires `error` and then `close` in one task when an open connection fails (Node's
 * global `WebSocket` does, for a dropped connection too), and the reader of `effect/socket` keeps only the first
 * report: the close code (1006 for a drop) would be lost behind a read error that has none. An `error` before
 * opening is passed on at once: it is the failure to connect.
 */
const closeOverError = (ws: Socket.WebSocketLike): Socket.WebSocketLike => {
  let opened = ws.readyState === 1
  let closed = false
  ws.addEventListener("open", () => {
    opened = true
  })
  ws.addEventListener("close", () => {
    closed = true
  })
  const held = new Map<Listener, Listener>()
  const holdBack = (listener: Listener): Listener => (event) => {
    if (!opened) {
      return listener(event)
    }
    queueMicrotask(() => {
      if (!closed) {
        listener(event)
      }
    })
  }
  const addEventListener: Socket.WebSocketLike["addEventListener"] = (type, listener, options) => {
    if (type !== "error") {
      return ws.addEventListener(type, listener, options)
    }
    const wrapped = holdBack(listener)
    held.set(listener, wrapped)
    ws.addEventListener(type, wrapped, options)
  }
  const removeEventListener: Socket.WebSocketLike["removeEventListener"] = (type, listener) =>
    ws.removeEventListener(type, type === "error" ? held.get(listener) ?? listener : listener)
  return new Proxy(ws, {
    get: (target, property) => {
      if (property === "addEventListener") return addEventListener
      if (property === "removeEventListener") return removeEventListener
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === "function" ? value.bind(target) : value
    },
    set: (target, property, value) => Reflect.set(target, property, value, target)
  })
}

/** A WebSocket to `url` as a `Socket`, closed with code 1000 when its scope closes. */
const connect = (
  url: string,
  options: { readonly openTimeout: Duration.Duration | undefined; readonly protocols: Options["protocols"] }
): Effect.Effect<Socket.Socket, never, Socket.WebSocketConstructor> =>
  Effect.flatMap(Effect.service(Socket.WebSocketConstructor), (make) =>
    Socket.fromWebSocket(
      Effect.acquireRelease(
        Effect.sync(() => closeOverError(make(url, options.protocols))),
        (ws) => Effect.sync(() => ws.close(1000))
      ),
      { openTimeout: options.openTimeout }
    ))

/** The text messages of `socket`, ending with the first close (a failure with its code). */
const readText = (socket: Socket.Socket): Stream.Stream<string, Socket.SocketError> =>
  Stream.fromChannel(Channel.fromTransform((_, scope) => Scope.provide(Socket.readerString(socket), scope)))

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
 * The connection opens when the stream starts (through the `WebSocketConstructor` service of `effect/socket`;
 * provide `NodeSocket.layerWebSocketConstructor` from `@effect/platform-node` for Node's global `WebSocket`, or
 * `NodeWS.layerWebSocketConstructor` for the `ws` package) and nothing is sent to the server.
 * The stream ends when the server closes the connection normally (see {@link closeCodeIsError}), after every
 * message received before the close. It fails with a {@link WebSocketError} when the connection is refused or does
 * not open within `openTimeout`, or when it is dropped or closed with an error code. When the consumer stops early
 * (`Stream.take`, interruption, a failure downstream) the socket is closed with code 1000, so the server sees a
 * normal close. A URL that is not `ws:` or `wss:` is a defect (`IllegalArgumentError`).
 *
 * WebSocket has no back-pressure of its own: messages that arrive faster than the consumer takes them are buffered.
 * A socket that can pause its reading (the `ws` package's) is paused while 64 KiB wait unread; the global
 * `WebSocket` buffers without bound.
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
    const isError = options?.closeCodeIsError ?? closeCodeIsError
    return Effect.flatMap(openTimeout, (timeout) =>
      Effect.map(
        connect(url, { openTimeout: timeout, protocols: options?.protocols }),
        (socket) =>
          readText(socket).pipe(
            Stream.catch((error) =>
              error.reason._tag === "SocketCloseError" && !isError(error.reason.code)
                ? Stream.empty
                : Stream.fail(toWebSocketError(url, error))
            ),
            Stream.mapEffect((text, index) =>
              Effect.map(
                Clock.currentTimeMillis,
                (timestamp): MessageFeed.Message => ({ id: index + 1, text, timestamp })
              )
            )
          )
      ))
  }))
