/** Effect's own time-dependent tests in the mode "explore" (suite.ts). */
import { suite } from "./suite.js"

suite("explore")
