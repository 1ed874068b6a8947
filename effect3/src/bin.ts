#!/usr/bin/env node
/**
 * The `effect-asyncio` executable: runs the command line with `Cli.run` on Node (the platform services, the
 * WebSocket constructor, a scheduler that lets the event loop in), stops quietly when its output is closed, and
 * exits with `Cli.exitCode` (the policy is in `Cli.ts`).
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeSocket from "@effect/platform-node/NodeSocket"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Cli from "./Cli.js"
import * as cliNode from "./internal/cliNode.js"

Cli.run(process.argv, { outputClosed: cliNode.outputClosed([process.stdout, process.stderr]) }).pipe(
  Effect.provide(Layer.merge(NodeContext.layer, NodeSocket.layerWebSocketConstructor)),
  Effect.withScheduler(cliNode.scheduler),
  NodeRuntime.runMain({ disableErrorReporting: true, teardown: (exit, onExit) => onExit(Cli.exitCode(exit)) })
)
