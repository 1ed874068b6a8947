#!/usr/bin/env node
/**
 * The `effect-asyncio` executable: runs the command tree of `Cli` on Node, with the Node platform services and
 * WebSocket constructor, and exits with `Cli.exitCode` (0, 1, 2 for bad input, 130 after Ctrl-C).
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeSocket from "@effect/platform-node/NodeSocket"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Cli from "./Cli.js"

Cli.run(process.argv).pipe(
  Effect.provide(Layer.merge(NodeContext.layer, NodeSocket.layerWebSocketConstructor)),
  NodeRuntime.runMain({ disableErrorReporting: true, teardown: (exit, onExit) => onExit(Cli.exitCode(exit)) })
)
