/** Effect's own time-dependent tests in the mode "virtual" (suite.ts). */
import { suite } from "./suite.js"

suite("virtual")
