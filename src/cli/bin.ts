#!/usr/bin/env node
/**
 * The `effect-asyncio` executable: runs the command line with `Cli.run` on Node (its services and the WebSocket
 * constructor), stops quietly when its output is closed, lets what it printed leave the process, and exits with
 * `Cli.exitCode` (the policy is in `Cli.ts`).
 *
 * @since 0.1.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import * as NodeSocket from "@effect/platform-node/NodeSocket"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Cli from "./Cli.js"
import * as node from "./internal/node.js"

/** How long the end of a run waits for a reader that takes nothing of what is left to write. */
const FlushLimit = "1 second"

Cli.run(process.argv, { outputClosed: node.outputClosed([process.stdout, process.stderr]) }).pipe(
  // whatever it printed leaves the process before it exits, however the run ended (Ctrl-C included)
  Effect.ensuring(Effect.timeoutOption(node.flushed([process.stdout, process.stderr]), FlushLimit)),
  Effect.provide(Layer.merge(NodeServices.layer, NodeSocket.layerWebSocketConstructor)),
  NodeRuntime.runMain({ disableErrorReporting: true, teardown: (exit, onExit) => onExit(Cli.exitCode(exit)) })
)
