/**
 * The guides' tests, run as they are printed: every ```ts block of README.md and docs/*.md that imports
 * `@effect/vitest` (the README's quick start, the tests of docs/testing.md) is read from its page when this file
 * loads and run as a test file of its own, so that a guide's test cannot rot. Its imports are resolved as this
 * file's are (vitest.config.ts maps `effect-asyncio` to `src/`) and its code is compiled with TypeScript's
 * transpiler, nothing else; scripts/docsCheck.ts type-checks it. The guides' other blocks are programs (live clocks,
 * sockets, files), type-checked but not run.
 */
import { assert, describe, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { documentedPages, markdownBlocks } from "../scripts/docsCheck.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")

const tests = documentedPages(root)
  .flatMap((page) => markdownBlocks(root, page, fs.readFileSync(path.join(root, page), "utf8")).blocks)
  .map((block) => ({ block, imports: ts.preProcessFile(block.code, true, false).importedFiles.map((f) => f.fileName) }))
  .filter(({ imports }) => imports.includes("@effect/vitest") || imports.includes("effect-asyncio/vitest"))

/** What the blocks import, loaded by vitest as a test file's imports are: the same `@effect/vitest`, the aliases. */
const modules = new Map<string, unknown>()
for (const specifier of new Set(tests.flatMap(({ imports }) => imports))) {
  modules.set(specifier, await import(/* @vite-ignore */ specifier))
}

const importOf = (specifier: string): unknown => modules.get(specifier)

type AsyncFunctionConstructor = new(...parameters: Array<string>) => (...args: Array<unknown>) => Promise<unknown>
const AsyncFunction = (async () => {}).constructor as AsyncFunctionConstructor

for (const { block } of tests) {
  describe(`${block.file}:${block.line}`, async () => {
    const commonJs = ts.transpileModule(block.code, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      fileName: `${block.file}.${block.line}.ts`
    }).outputText
    await new AsyncFunction("require", "exports", `${commonJs}\n//# sourceURL=${block.file}.${block.line}.js`)(
      importOf,
      {}
    )
  })
}

describe("the guides' tests", () => {
  it("are found in the README's quick start and in docs/testing.md, and each runs above under its page and line", () => {
    assert.includeMembers(tests.map(({ block }) => block.file), ["README.md", "docs/testing.md"])
  })
})
