/** `effect-asyncio/vitest` with `it.virtual` exploring 20 schedules a test (see ../harness.ts). */
import { harness } from "../harness.js"

export * from "effect-asyncio/vitest"
export const { it } = harness("explore")
