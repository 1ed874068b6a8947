/**
 * The messages of a real WebSocket server as a Stream: this program starts a server itself on 127.0.0.1 (an
 * ephemeral port), which sends five messages and closes normally, so the stream ends; a second connection stops
 * after two messages, and the server reports the normal close it saw.
 *
 * Run it: `npx tsx examples/websocket-client.ts`
 */
import { NodeRuntime, NodeSocket } from "@effect/platform-node"
import { Console, Deferred, Effect, Stream } from "effect"
import type { MessageFeed } from "effect-asyncio"
import { WebSocketClient } from "effect-asyncio"
import { fileURLToPath } from "node:url"
import { WebSocketServer } from "ws"

/**
 * A local WebSocket server: on `/feed` it sends `count` messages, `intervalMillis` apart, then closes with 1000;
 * on `/ticker` it sends a message every `intervalMillis` until the client leaves, and reports the close code.
 */
const localServer = (count: number, intervalMillis: number) =>
  Effect.gen(function*() {
    const tickerClosed = yield* Deferred.make<number>()
    const server = yield* Effect.acquireRelease(
      Effect.async<WebSocketServer>((resume) => {
        const server = new WebSocketServer({ host: "127.0.0.1", port: 0 })
        server.once("listening", () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.async<void>((resume) => {
          for (const client of server.clients) client.terminate()
          server.close(() => resume(Effect.void))
        })
    )
    server.on("connection", (socket, request) => {
      let sent = 0
      const timer = setInterval(() => {
        sent++
        socket.send(`tick ${sent} from the server`)
        if (request.url === "/feed" && sent === count) {
          clearInterval(timer)
          socket.close(1000, "feed over")
        }
      }, intervalMillis)
      socket.once("close", (code) => {
        clearInterval(timer)
        if (request.url === "/ticker") Deferred.unsafeDone(tickerClosed, Effect.succeed(code))
      })
    })
    const address = server.address()
    const port = address !== null && typeof address !== "string" ? address.port : 0
    return { tickerClosed, url: `ws://127.0.0.1:${port}` }
  })

const print = (message: MessageFeed.Message) => Console.log(`  #${message.id} ${message.text}`)

/** The whole tour, with `intervalMillis` between the server's messages. */
export const tour = (intervalMillis: number) =>
  Effect.gen(function*() {
    const server = yield* localServer(5, intervalMillis)
    yield* Console.log(`A real WebSocket server at ${server.url}/feed:`)
    yield* WebSocketClient.messages(`${server.url}/feed`).pipe(Stream.runForEach(print))
    yield* Console.log("  the server closed normally, so the stream ended")

    yield* Console.log(`Stopping early at ${server.url}/ticker with take(2):`)
    yield* WebSocketClient.messages(`${server.url}/ticker`).pipe(Stream.take(2), Stream.runForEach(print))
    const code = yield* Deferred.await(server.tickerClosed)
    yield* Console.log(`  the server saw the client close with code ${code}`)
  }).pipe(Effect.scoped, Effect.provide(NodeSocket.layerWebSocketConstructor))

export const program = tour(200)

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  program.pipe(NodeRuntime.runMain)
}
