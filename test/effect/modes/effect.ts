/** `@effect/vitest` as the Effect test files see it in the baseline mode (see ../harness.ts). */
import { harness } from "../harness.js"

export * from "@effect/vitest"
export const { it } = harness("effect")
