/** Effect's own time-dependent tests in the mode "effect" (suite.ts). */
import { suite } from "./suite.js"

suite("effect")
