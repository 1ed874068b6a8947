// A real WebSocket server (the `ws` package) on 127.0.0.1 with an ephemeral port, for the WebSocketClient tests.
import { Deferred, Effect } from "effect"
import * as Net from "node:net"
import { type WebSocket, WebSocketServer } from "ws"

export interface ServerClose {
  readonly code: number
  readonly reason: string
}

export interface TestServer {
  readonly url: string
  // How the first client's connection closed, as the server saw it.
  readonly closed: Deferred.Deferred<ServerClose>
}

// Starts a server that hands every connection to `onConnection`; it is closed (clients terminated) with the scope.
export const wsServer = (onConnection: (socket: WebSocket) => void) =>
  Effect.gen(function*() {
    const closed = yield* Deferred.make<ServerClose>()
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
    server.on("connection", (socket) => {
      socket.once("close", (code, reason) => Deferred.unsafeDone(closed, Effect.succeed({ code, reason: `${reason}` })))
      onConnection(socket)
    })
    const address = server.address()
    const port = address !== null && typeof address !== "string" ? address.port : Number.NaN
    return { url: `ws://127.0.0.1:${port}`, closed } satisfies TestServer
  })

// A port on 127.0.0.1 that nothing listens on: bound by the OS, then released.
export const refusedPort = Effect.async<number>((resume) => {
  const server = Net.createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = address !== null && typeof address !== "string" ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})
