#!/usr/bin/env node
// The `effect-asyncio` executable. The package ships its TypeScript sources, so this registers tsx's loader and
// then runs src/bin.ts, the thin entry of the command tree in src/Cli.ts.
import { register } from "tsx/esm/api"

register()
await import("../src/bin.ts")
