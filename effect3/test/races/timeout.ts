/**
 * A timeout equal to the work's own duration: the work sleeps 1 second and is given 1 second. Both wake at the same
 * instant; first in, first out wakes the work first (it slept first), so the default schedule passes, but the timer
 * may win the tie. The fix leaves a margin.
 */
import { Effect } from "effect"

const work = Effect.as(Effect.sleep("1 second"), "result")

export const buggy = Effect.timeout(work, "1 second")
export const fixed = Effect.timeout(work, "2 seconds")
