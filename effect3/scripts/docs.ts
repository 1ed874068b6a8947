/**
 * `npm run docgen`: checks the TSDoc of every documented module and type-checks every `@example` and every ```ts
 * block of README.md and docs/*.md (scripts/docsCheck.ts), then generates the API reference into `docs/api/` with
 * @effect/docgen.
 * `npm run docgen -- --check` only checks (what test/docs.test.ts runs in `npm test`).
 *
 * docgen is run with `DOCGEN_RUN_EXAMPLES=false`: its own example step cannot check this repository's examples (it
 * rewrites `"effect-asyncio"` imports to `'../../src'`, relative to `docs/api/examples/`, which misses `src/` and
 * `src/Cli.ts`), and it would run them all with tsx. The environment variable is the only switch that reaches it:
 * docgen 0.5 drops its command-line flags and its `docgen.json` schema has no such key. After it, three fixes to
 * its output: the front matter its prettier pass turns into a rule and a heading, `{@link x}` left as text, and the
 * `_config.yml` links' indentation; `index.md` lists the modules with their summaries.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { check, format, moduleSummaries } from "./docsCheck.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const outDir = path.join(root, JSON.parse(fs.readFileSync(path.join(root, "docgen.json"), "utf8")).outDir as string)

const report = check({ root })
console.log(format(report))
if (report.missing.length + report.failing.length + report.failingBlocks.length > 0) {
  process.exit(1)
}
if (process.argv.includes("--check")) {
  process.exit(0)
}

const docgen = createRequire(import.meta.url).resolve("@effect/docgen/bin.cjs")
fs.rmSync(outDir, { recursive: true, force: true })
execFileSync(process.execPath, [docgen], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, DOCGEN_RUN_EXAMPLES: "false" }
})

/** `{@link x}` as code, linked to its heading when the page has one (GitHub's anchor: lowercase, no punctuation). */
const links = (page: string): string => {
  const headings = new Set([...page.matchAll(/^## (\S+)/gm)].map((match) => match[1]!))
  return page.replace(/\{@link(?:code|plain)?\s+([^}|\s]+)(?:\s*\|?\s*[^}]*)?\}/g, (_, target: string) => {
    const name = target.split(".").at(-1)!
    return headings.has(name) ? `[\`${target}\`](#${name.toLowerCase().replace(/[^\w-]/g, "")})` : `\`${target}\``
  })
}

const modulesDir = path.join(outDir, "modules")
for (const file of fs.readdirSync(modulesDir).filter((file) => file.endsWith(".ts.md"))) {
  const page = path.join(modulesDir, file)
  const text = fs.readFileSync(page, "utf8")
    .replace(/^\*\*\*\n\n((?:[\w_]+: .*\n)+)---\n/, "---\n$1---\n")
  fs.writeFileSync(page, links(text))
}

const config = path.join(outDir, "_config.yml")
fs.writeFileSync(
  config,
  fs.readFileSync(config, "utf8").replace(/^aux_links:\n'(.*)':\n {2}- /m, "aux_links:\n  '$1':\n    - ")
)

const summaries = moduleSummaries(root)
fs.writeFileSync(
  path.join(outDir, "index.md"),
  [
    "---",
    "title: Home",
    "nav_order: 1",
    "---",
    "",
    "# effect-asyncio API reference",
    "",
    "Generated from the TSDoc in `src/` by `npm run docgen`; every example on these pages type-checks in `npm test`.",
    "",
    "| Module | |",
    "| --- | --- |",
    ...summaries.map(({ file, summary }) => {
      const name = path.basename(file, ".ts")
      const title = name === "index" ? "effect-asyncio (index)" : name
      return `| [${title}](modules/${name}.ts.md) | ${
        summary.replace(/\{@link\s+([^}\s]+)[^}]*\}/g, "`$1`").replace(/\|/g, "\\|")
      } |`
    }),
    ""
  ].join("\n")
)
console.log(`API reference: ${path.relative(root, outDir)}/ (${summaries.length} modules)`)
