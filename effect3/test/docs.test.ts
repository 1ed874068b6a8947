/**
 * The docs cannot rot: every export of every module docgen documents has its TSDoc, and every `@example` and every
 * ```ts block of README.md and docs/*.md type-checks against the library's source (scripts/docsCheck.ts). The
 * checker itself is specified on a fixture module and a fixture page that exist only in memory, checked in the same
 * TypeScript program as the library, so that it all costs one compilation.
 */
import { assert, beforeAll, describe, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import type { Problem, Report } from "../scripts/docsCheck.js"
import { check, documentedModules, documentedPages, formatProblem as line } from "../scripts/docsCheck.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const fixture = "test/fixtures/DocsFixture.ts"
const fixturePage = "test/fixtures/docs-fixture.md"

const fixtureText = `/**
 * A module that gets every rule wrong once.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"

/**
 * Complete: an unused local in an example is fine.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * \`\`\`ts
 * import { Effect } from "effect"
 * import { waitN } from "effect-asyncio"
 *
 * const unused = 1
 * Effect.runPromise(waitN(2, 0)).then(console.log)
 * \`\`\`
 */
export const complete: Effect.Effect<void> = Effect.void

export const undocumented = 1

/**
 * Two sentences, e.g. this one. And another.
 *
 * @since 0.1.0
 * @since 0.2.0
 * @category Constructors
 */
export const wrong = 2

/**
 * Says nothing with its category and does not compile.
 *
 * @since 0.1.0
 * @category utils
 * @example **Example** (a title before the code)
 * \`\`\`ts
 * import { Effect } from "effect"
 * import { Wait } from "effect-asyncio"
 *
 * const n: string = Wait.DefaultMaxDelay
 * console.log(n)
 * \`\`\`
 */
export const vague = 3

/**
 * An example that is not a fenced block.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * const x = 1
 */
export const unfenced = 4

/** @internal */
export const hidden = 5

/**
 * A model without an example
 *
 * @since next
 * @category models
 */
export interface Model {
  readonly n: number
}

/**
 * A class whose member lacks a version.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * \`\`\`ts
 * import { Cause } from "effect"
 *
 * console.log(new Cause.UnknownException("failure").message)
 * \`\`\`
 */
export class Failure extends Error {
  override get message(): string {
    return "failure"
  }
}

/**
 * The namespace re-export needs a summary and a version only.
 *
 * @since 0.1.0
 */
export * as Wait from "./Wait.js"

export {
  /**
   * A named re-export needs a category too.
   *
   * @since 0.1.0
   */
  waitN
} from "./Wait.js"

/**
 * The name of another export but for its case, with an example of its own.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * \`\`\`ts
 * console.log("Complete")
 * \`\`\`
 */
export const Complete = 6
`

const fence = "```"

const fixturePageText = `# A page that gets every rule wrong once

${fence}ts
import { Effect } from "effect"
import { waitN } from "effect-asyncio"

const unused = 1 // an unused local is fine, as in an @example
await Effect.runPromise(waitN(2, 0))
${fence}

${fence}sh
npx effect-asyncio wait-n 5 5
${fence}

## Opting out

<!-- not checked: a fragment, inside a generator -->
${fence}ts
yield* waitN(2, 0)
${fence}

<!-- not checked: too far from its fence -->

${fence}typescript
import { Wait } from "effect-asyncio"

const n: string = Wait.DefaultMaxDelay
console.log(n)
${fence}

<!-- not checked: before a fence that is not ts -->
${fence}text
b@0..100 a@0..250
${fence}

## Nested and indented

${fence}\`md
A page showing a block is not a block:

${fence}ts
const s: string = 1
${fence}
${fence}\`

1. In a list item, the fence's indentation is not the code's:

   ~~~ts
   import { Effect } from "effect"

   if (Math.random() > 2) {
     console.log(Effect.void)
   }
   const s: number = "1"
   ~~~

${fence}ts
import { Effect } from "effect"
`

let report: Report

beforeAll(() => {
  report = check({
    root,
    modules: [...documentedModules(root), fixture],
    pages: [...documentedPages(root), fixturePage],
    overlay: new Map([[fixture, fixtureText], [fixturePage, fixturePageText]])
  })
}, 180_000)

const inFixture = (problems: ReadonlyArray<Problem>) => problems.filter((problem) => problem.file === fixture)
const outsideFixture = (problems: ReadonlyArray<Problem>) =>
  problems.filter((problem) => problem.file !== fixture && problem.file !== fixturePage)
const inFixturePage = (problems: ReadonlyArray<Problem>) => problems.filter((problem) => problem.file === fixturePage)

describe("API docs", () => {
  it("every export of the public entries has a one-sentence summary, @since, one lowercase @category and an @example", () => {
    assert.deepStrictEqual(outsideFixture(report.missing).map(line), [])
  })

  it("every @example type-checks against the library's source", () => {
    assert.deepStrictEqual(outsideFixture(report.failing).map(line), [])
  })

  it("documents the public entries: the barrel, every module it re-exports, and the command", () => {
    const modules = documentedModules(root)
    const barrel = fs.readFileSync(path.join(root, "src/index.ts"), "utf8")
    const reexported = [...barrel.matchAll(/^export \* as \w+ from "\.\/(\w+)\.js"/gm)].map((match) =>
      `src/${match[1]}.ts`
    )
    assert.isAbove(reexported.length, 0)
    assert.deepStrictEqual(reexported.filter((file) => !modules.includes(file)), [])
    assert.includeMembers(modules, ["src/index.ts", "src/Cli.ts"])
    assert.isFalse(modules.some((file) => file.startsWith("src/internal/") || file === "src/bin.ts"))
  })
})

describe("guides", () => {
  it("every ```ts block of README.md and docs/*.md type-checks against the library's source, each as its own module", () => {
    assert.deepStrictEqual(outsideFixture(report.failingBlocks).map(line), [])
  })

  it("are README.md and every page of docs/, not the generated API reference under docs/api/", () => {
    const guides = fs.readdirSync(path.join(root, "docs")).filter((name) => name.endsWith(".md")).sort()
    assert.deepStrictEqual(documentedPages(root), ["README.md", ...guides.map((name) => `docs/${name}`)])
    assert.includeMembers([...new Set(report.blocks.map((block) => block.file))], ["README.md", "docs/testing.md"])
  })
})

describe("the docs checker", () => {
  it("names each missing or malformed tag with its file, line and export", () => {
    assert.deepStrictEqual(inFixture(report.missing).map(line), [
      `${fixture}:24 DocsFixture.undocumented: has no TSDoc comment (/** … */)`,
      `${fixture}:26 DocsFixture.wrong: summary is 2 sentences, not one: "Two sentences, e.g. this one. And ` +
      `another." (end the first paragraph after one)`,
      `${fixture}:26 DocsFixture.wrong: has 2 @since tags, not one`,
      `${fixture}:26 DocsFixture.wrong: @category "Constructors" is not lowercase words`,
      `${fixture}:26 DocsFixture.wrong: has no @example`,
      `${fixture}:35 DocsFixture.vague: @category "utils" says nothing: name what the export is ` +
      `(constructors, models, …)`,
      `${fixture}:56 DocsFixture.unfenced: @example 1 is not one fenced \`\`\`ts block`,
      `${fixture}:64 DocsFixture.Model: summary does not end with a period: "A model without an example"`,
      `${fixture}:64 DocsFixture.Model: @since "next" is not a version (like 0.1.0)`,
      `${fixture}:64 DocsFixture.Model: has no @example`,
      `${fixture}:87 DocsFixture.Failure#message: has no @since (docgen requires one on members)`,
      `${fixture}:100 DocsFixture.waitN: has no @category`
    ])
  })

  it("reports an example's compiler errors at their line in the source, unused imports included", () => {
    assert.deepStrictEqual(inFixture(report.failing).map(line), [
      `${fixture}:42 DocsFixture.vague: @example 1, line 1: TS6133: 'Effect' is declared but its value is ` +
      `never read.`,
      `${fixture}:45 DocsFixture.vague: @example 1, line 4: TS2322: Type 'number' is not assignable to type ` +
      `'string'.`
    ])
  })

  it("compiles every example of the fixture and of the library in one program, names differing only in case too", () => {
    const fixtureExamples = report.examples.filter((example) => example.file === fixture)
    assert.deepStrictEqual(fixtureExamples.map((example) => example.symbol), [
      "DocsFixture.complete",
      "DocsFixture.vague",
      "DocsFixture.Failure",
      "DocsFixture.Complete"
    ])
    assert.isAbove(report.examples.length, fixtureExamples.length)
    assert.deepStrictEqual(report.failing.filter((problem) => problem.symbol === "(compiler)").map(line), [])
  })

  it("reports a guide's ```ts block errors at their line in the page, under their heading, unused imports included", () => {
    assert.deepStrictEqual(inFixturePage(report.failingBlocks).map(line), [
      `${fixturePage}:22 ## Opting out: "<!-- not checked: too far from its fence -->" is not on the line just before ` +
      `a \`\`\`ts fence`,
      `${fixturePage}:27 ## Opting out: \`\`\`ts block 3, line 3: TS2322: Type 'number' is not assignable to type ` +
      `'string'.`,
      `${fixturePage}:31 ## Opting out: "<!-- not checked: before a fence that is not ts -->" is before a \`\`\`text ` +
      `fence, which is not checked anyway`,
      `${fixturePage}:54 ## Nested and indented: \`\`\`ts block 4, line 6: TS2322: Type 'string' is not assignable ` +
      `to type 'number'.`,
      `${fixturePage}:57 ## Nested and indented: the \`\`\`ts fence is never closed: the rest of the page renders as code`,
      `${fixturePage}:58 ## Nested and indented: \`\`\`ts block 5, line 1: TS6133: 'Effect' is declared but its ` +
      `value is never read.`
    ])
  })

  it("reads ```ts and ```typescript blocks, not other fences nor a block shown inside one, and counts the opt-outs", () => {
    const blocks = report.blocks.filter((block) => block.file === fixturePage)
    assert.deepStrictEqual(blocks.map((block) => [block.line, block.index, block.heading]), [
      [4, 1, "# A page that gets every rule wrong once"],
      [25, 3, "## Opting out"],
      [49, 4, "## Nested and indented"],
      [58, 5, "## Nested and indented"]
    ])
    assert.strictEqual(
      blocks[2]!.code,
      `import { Effect } from "effect"\n\nif (Math.random() > 2) {\n  console.log(Effect.void)\n}\nconst s: number = "1"`
    )
    assert.deepStrictEqual(report.optedOut.filter((optOut) => optOut.file === fixturePage), [
      { file: fixturePage, line: 18, reason: "a fragment, inside a generator" }
    ])
  })
})
