import { NodeSocket } from "@effect/platform-node"
import * as Socket from "@effect/platform/Socket"
import { assert, describe, it } from "@effect/vitest"
import type { Duration } from "effect"
import { Chunk, Deferred, Effect, Exit, Fiber, Stream } from "effect"
import { WebSocketClient } from "effect-asyncio"
import * as Net from "node:net"
import type { WebSocket } from "ws"
import { tour as webSocketClientTour } from "../examples/websocket-client.js"
import { streamDefectMessage as defectMessage } from "./utils/defect.js"
import * as TestConsole from "./utils/TestConsole.js"
import { refusedPort, wsServer } from "./utils/wsServer.js"

const collect = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  Effect.map(Stream.runCollect(stream), (chunk) => Chunk.toArray(chunk))

// Live tests talk to a real server over loopback; each is bounded well under a second.
const live = { timeout: 5_000 }
const withinASecond = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.timeoutFail(effect, { duration: "1 second", onTimeout: () => "no answer within a second" })

describe("WebSocketClient", () => {
  describe("messages", () => {
    it.scopedLive(
      "every message in order; a normal close (1000) ends the stream",
      () =>
        Effect.gen(function*() {
          const server = yield* wsServer((socket) => {
            for (let i = 1; i <= 50; i++) socket.send(`hello ${i}`)
            socket.send(Buffer.from("bïnary frame"), { binary: true })
            socket.close(1000, "done")
          })
          const messages = yield* withinASecond(collect(WebSocketClient.messages(server.url)))
          assert.deepStrictEqual(
            messages.map((message) => [message.id, message.text]),
            [...Array.from({ length: 50 }, (_, i) => [i + 1, `hello ${i + 1}`]), [51, "bïnary frame"]]
          )
          const timestamps = messages.map((message) => message.timestamp)
          assert.deepStrictEqual(timestamps, [...timestamps].sort((a, b) => a - b))
        }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor)),
      live
    )

    it.scopedLive(
      "a close without a code (1005) also ends the stream cleanly",
      () =>
        Effect.gen(function*() {
          const server = yield* wsServer((socket) => {
            socket.send("only")
            socket.close()
          })
          const messages = yield* withinASecond(collect(WebSocketClient.messages(server.url)))
          assert.deepStrictEqual(messages.map((message) => message.text), ["only"])
        }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor)),
      live
    )

    it.scopedLive(
      "a dropped connection (terminate) fails with WebSocketError Closed 1006, caused by the platform's SocketCloseError",
      () =>
        Effect.gen(function*() {
          let connection: WebSocket | undefined
          const server = yield* wsServer((socket) => {
            connection = socket
            socket.send("first")
            socket.send("second")
          })
          const received: Array<string> = []
          const error = yield* WebSocketClient.messages(server.url).pipe(
            Stream.runForEach((message) =>
              Effect.sync(() => {
                received.push(message.text)
                if (message.id === 2) connection?.terminate()
              })
            ),
            Effect.flip,
            withinASecond
          )
          assert.deepStrictEqual(received, ["first", "second"])
          assert.instanceOf(error, WebSocketClient.WebSocketError)
          assert.strictEqual(error._tag, "WebSocketError")
          assert.strictEqual(error.reason, "Closed")
          assert.strictEqual(error.code, 1006)
          assert.strictEqual(error.message, `${server.url} closed the connection with code 1006`)
          assert.instanceOf(error.cause, Socket.SocketCloseError)
          assert.deepStrictEqual([error.cause.reason, (error.cause as Socket.SocketCloseError).code], ["Close", 1006])
        }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor)),
      live
    )

    it.scopedLive(
      "an error close code fails the stream unless closeCodeIsError says otherwise",
      () =>
        Effect.gen(function*() {
          const server = yield* wsServer((socket) => {
            socket.send("bye soon")
            socket.close(4000, "custom")
          })
          const error = yield* withinASecond(Effect.flip(Stream.runDrain(WebSocketClient.messages(server.url))))
          assert.deepStrictEqual([error.reason, error.code], ["Closed", 4000])
          const lenient = WebSocketClient.messages(server.url, { closeCodeIsError: (code) => code !== 4000 })
          const messages = yield* withinASecond(collect(lenient))
          assert.deepStrictEqual(messages.map((message) => message.text), ["bye soon"])
        }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor)),
      live
    )

    it.live(
      "a refused port fails with WebSocketError Connect naming the URL",
      () =>
        Effect.gen(function*() {
          const url = `ws://127.0.0.1:${yield* refusedPort}`
          const error = yield* withinASecond(Effect.flip(Stream.runDrain(WebSocketClient.messages(url))))
          assert.instanceOf(error, WebSocketClient.WebSocketError)
          assert.strictEqual(error.reason, "Connect")
          assert.strictEqual(error.url, url)
          assert.strictEqual(error.message, `could not connect to ${url}`)
          assert.instanceOf(error.cause, Socket.SocketGenericError)
          assert.strictEqual(error.cause.reason, "Open")
        }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor)),
      live
    )

    it.scopedLive(
      "a server that never answers the handshake fails with Timeout",
      () =>
        Effect.gen(function*() {
          const silent = yield* Effect.acquireRelease(
            Effect.async<Net.Server>((resume) => {
              const server = Net.createServer(() => {})
              server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
            }),
            (server) => Effect.sync(() => server.close())
          )
          const address = silent.address()
          const url = `ws://127.0.0.1:${address !== null && typeof address !== "string" ? address.port : 0}`
          const error = yield* WebSocketClient.messages(url, { openTimeout: "100 millis" }).pipe(
            Stream.runDrain,
            Effect.flip,
            withinASecond
          )
          assert.deepStrictEqual([error.reason, error.message], ["Timeout", `timed out connecting to ${url}`])
          assert.instanceOf(error.cause, Socket.SocketGenericError)
          assert.strictEqual(error.cause.reason, "OpenTimeout")
        }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor)),
      live
    )

    it.scopedLive(
      "stopping early (take) closes the socket: the server sees a normal close",
      () =>
        Effect.gen(function*() {
          const server = yield* wsServer((socket) => {
            for (let i = 1; i <= 10; i++) socket.send(`n${i}`)
          })
          const messages = yield* withinASecond(collect(Stream.take(WebSocketClient.messages(server.url), 3)))
          assert.deepStrictEqual(messages.map((message) => message.text), ["n1", "n2", "n3"])
          const closed = yield* withinASecond(Deferred.await(server.closed))
          assert.strictEqual(closed.code, 1000)
        }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor)),
      live
    )

    it.scopedLive("interrupting the consumer closes the socket too", () =>
      Effect.gen(function*() {
        const server = yield* wsServer((socket) => socket.send("hello"))
        const first = yield* Deferred.make<void>()
        const fiber = yield* WebSocketClient.messages(server.url).pipe(
          Stream.runForEach(() => Deferred.succeed(first, undefined)),
          Effect.fork
        )
        yield* withinASecond(Deferred.await(first))
        assert.isTrue(Exit.isInterrupted(yield* Fiber.interrupt(fiber)))
        const closed = yield* withinASecond(Deferred.await(server.closed))
        assert.strictEqual(closed.code, 1000)
      }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor)), live)

    it.effect("a URL that is not ws: or wss: is a defect", () =>
      Effect.gen(function*() {
        assert.strictEqual(
          yield* defectMessage(WebSocketClient.messages("http://example.com")),
          "WebSocketClient.messages: url must be a ws: or wss: URL, got \"http://example.com\""
        )
        assert.strictEqual(
          yield* defectMessage(WebSocketClient.messages("not a url")),
          "WebSocketClient.messages: url must be a ws: or wss: URL, got \"not a url\""
        )
      }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor)))

    it.effect("an openTimeout that is not a non-negative duration is a defect, before any connection", () =>
      Effect.gen(function*() {
        for (
          const [openTimeout, shown] of [[-5, "-5"], ["soon", "\"soon\""], ["-5 millis", "\"-5 millis\""]] as const
        ) {
          assert.strictEqual(
            yield* defectMessage(
              WebSocketClient.messages("ws://127.0.0.1:1", { openTimeout: openTimeout as Duration.DurationInput })
            ),
            `WebSocketClient.messages: openTimeout must be a non-negative duration, got ${shown}`
          )
        }
      }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor)))

    it("closeCodeIsError - 1000 and 1005 are clean, a drop (1006) and other codes are errors", () => {
      assert.deepStrictEqual([1000, 1005, 1001, 1006, 1011, 4000].map(WebSocketClient.closeCodeIsError), [
        false,
        false,
        true,
        true,
        true,
        true
      ])
    })
  })

  it.live(
    "example - websocket-client.ts: the whole server feed, then an early stop the server sees as a normal close",
    () =>
      Effect.gen(function*() {
        const recorder = TestConsole.make()
        yield* withinASecond(Effect.withConsole(webSocketClientTour(5), recorder.console))
        const url = /^A real WebSocket server at (ws:\/\/127\.0\.0\.1:\d+)\/feed:$/.exec(recorder.out[0]!)?.[1]
        assert.isDefined(url)
        assert.deepStrictEqual(recorder.out, [
          `A real WebSocket server at ${url}/feed:`,
          "  #1 tick 1 from the server",
          "  #2 tick 2 from the server",
          "  #3 tick 3 from the server",
          "  #4 tick 4 from the server",
          "  #5 tick 5 from the server",
          "  the server closed normally, so the stream ended",
          `Stopping early at ${url}/ticker with take(2):`,
          "  #1 tick 1 from the server",
          "  #2 tick 2 from the server",
          "  the server saw the client close with code 1000"
        ])
      }),
    live
  )
})
