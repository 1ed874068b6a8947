/** `effect-asyncio/vitest` as the Effect test files see it after the one-word change (see ../harness.ts). */
import { harness } from "../harness.js"

export * from "effect-asyncio/vitest"
export const { it } = harness("virtual")
