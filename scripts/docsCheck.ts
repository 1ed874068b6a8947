/**
 * The docs check: what no released tool does for us.
 *
 * @effect/docgen (`npm run docgen`; test/docs.test.ts runs it too) requires a description and `@since` on every
 * export and writes the reference, but it cannot type-check this repository's examples: 0.5 rewrites
 * `"effect-asyncio"` imports to `'../../src'`, which misses (docs/development.md says why 0.5 and not 4's release
 * candidate). So this file
 * - holds the TSDoc of the modules docgen documents to the house rules: a one-sentence summary and one `@since` that
 *   is a version; on every declaration one lowercase `@category` that names what it is, and an `@example` that is
 *   one fenced ```ts block (a named re-export needs the category; its example is where it is declared);
 * - type-checks every `@example` and every ```ts block of README.md and docs/*.md, each as a module of its own, all
 *   in one TypeScript program with the repository's tsconfig.json (`effect-asyncio/*` resolves to `src/` through its
 *   paths). Unused imports count, other unused locals do not. A guide's block that is deliberately a fragment says so
 *   with `<!-- not checked: why -->` on the line just before its fence, and is counted, not compiled.
 *
 * The blocks are type-checked, not run (many sleep on a live clock or open sockets); test/readme.test.ts runs the
 * guides' test files.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import ts from "typescript"

/** One thing wrong: where, which export (`Wait.waitN`) or heading (`## Test it`), and what. */
export interface Problem {
  readonly file: string
  readonly line: number
  readonly symbol: string
  readonly message: string
}

/** An `@example` or a guide's ```ts block: where its first code line is, what it belongs to, and its code. */
export interface Snippet {
  readonly file: string
  readonly line: number
  readonly symbol: string
  /** 1-based, among its export's `@example`s or its page's ```ts blocks (opted-out ones counted) */
  readonly index: number
  readonly code: string
}

/** What a check found and looked at. */
export interface Report {
  readonly modules: ReadonlyArray<string>
  readonly pages: ReadonlyArray<string>
  readonly examples: ReadonlyArray<Snippet>
  readonly blocks: ReadonlyArray<Snippet>
  /** the guides' blocks not compiled, by their `<!-- not checked: why -->` */
  readonly optedOut: ReadonlyArray<{ readonly file: string; readonly line: number; readonly reason: string }>
  /** TSDoc against the house rules */
  readonly tsdoc: ReadonlyArray<Problem>
  /** compiler errors of the examples and blocks, and malformed fences or opt-outs */
  readonly errors: ReadonlyArray<Problem>
}

/** The files docgen documents: `srcDir/**\/*.ts` but its `exclude` globs, repository-relative and sorted. */
export const documentedModules = (root: string): Array<string> => {
  const config = JSON.parse(fs.readFileSync(path.join(root, "docgen.json"), "utf8")) as {
    readonly srcDir: string
    readonly exclude?: ReadonlyArray<string>
  }
  const glob = (pattern: string) =>
    new RegExp(
      `^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*\/|\*/g, (m) => m === "*" ? "[^/]*" : "(?:.*/)?")}$`
    )
  const excluded = (config.exclude ?? []).map(glob)
  return fs.readdirSync(path.join(root, config.srcDir), { recursive: true, encoding: "utf8" })
    .map((file) => path.posix.join(config.srcDir, file.split(path.sep).join("/")))
    .filter((file) => file.endsWith(".ts") && !excluded.some((pattern) => pattern.test(file)))
    .sort()
}

/** The guides: README.md and docs/*.md (not docs/api/, which docgen writes), repository-relative. */
export const documentedPages = (root: string): Array<string> => [
  "README.md",
  ...fs.readdirSync(path.join(root, "docs")).filter((name) => name.endsWith(".md")).sort().map((name) => `docs/${name}`)
]

// -------------------------------------------------------------------------------------------------------------------
// TSDoc
// -------------------------------------------------------------------------------------------------------------------

/** Categories that say nothing about what an export is. */
const vague = new Set(["utils", "util", "common", "misc", "other", "helpers"])

/** How many sentences a summary holds: a `.`, `!` or `?` followed by more text, bar abbreviations and numbers. */
const sentences = (summary: string): number =>
  summary.replace(/`[^`]*`/g, "code").replace(/\{@link[^}]*\}/g, "link")
    .split(/(?<!\b(?:e\.g|i\.e|etc|vs|cf|incl|approx))[.!?]["')\]]*\s+(?=\S)/).length

interface Doc {
  readonly summary: string
  readonly line: number
  readonly tags: ReadonlyArray<{ readonly name: string; readonly text: string; readonly line: number }>
}

/** The doc comment of a node: the last `/** … *\/` before it. */
const docOf = (sourceFile: ts.SourceFile, node: ts.Node): Doc | undefined => {
  const doc = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).at(-1)
  const lineOf = (pos: number) => sourceFile.getLineAndCharacterOfPosition(pos).line + 1
  return doc && {
    summary: (ts.getTextOfJSDocComment(doc.comment) ?? "").split(/\n\s*\n/)[0]!.replace(/\s+/g, " ").trim(),
    line: lineOf(doc.pos),
    tags: (doc.tags ?? []).map((tag) => ({
      name: tag.tagName.text,
      text: ts.getTextOfJSDocComment(tag.comment)?.trim() ?? "",
      line: lineOf(tag.pos)
    }))
  }
}

/** The module's own comment: the first `/** … *\/` of the file, when another one or an import follows it. */
const moduleDocOf = (sourceFile: ts.SourceFile): Doc | undefined => {
  const first = sourceFile.statements[0]
  const ranges = first === undefined ? [] : (ts.getLeadingCommentRanges(sourceFile.text, first.getFullStart()) ?? [])
    .filter((range) => sourceFile.text.startsWith("/**", range.pos))
  if (ranges.length === 0 || (ranges.length === 1 && !ts.isImportDeclaration(first!))) return undefined
  // the file up to that comment, then a statement for it to document: the same lines, the comment parsed by TypeScript
  const head = ts.createSourceFile(
    "head.ts",
    sourceFile.text.slice(0, ranges[0]!.end) + "\nlet _",
    ts.ScriptTarget.ES2022,
    true
  )
  return docOf(head, head.statements[0]!)
}

/** The house rules for one doc comment; `kind` says what the export is. */
const rules = (doc: Doc | undefined, kind: "module" | "namespace" | "named" | "declaration"): Array<string> => {
  if (doc === undefined) return ["has no TSDoc comment (/** … */)"]
  const problems: Array<string> = []
  const tags = (name: string) => doc.tags.filter((tag) => tag.name === name)
  const count = sentences(doc.summary)
  if (doc.summary === "") problems.push("has no summary (the comment's first paragraph)")
  else if (count > 1) problems.push(`summary is ${count} sentences, not one: "${doc.summary}"`)
  else if (!/[.!?]["')\]`]*$/.test(doc.summary)) problems.push(`summary does not end with a period: "${doc.summary}"`)
  const since = tags("since")
  if (since.length !== 1) problems.push(`has ${since.length} @since tags, not one`)
  else if (!/^\d+\.\d+\.\d+$/.test(since[0]!.text)) problems.push(`@since "${since[0]!.text}" is not a version`)
  if (kind === "named" || kind === "declaration") {
    const categories = tags("category").map((tag) => tag.text)
    if (categories.length !== 1) problems.push(`has ${categories.length} @category tags, not one`)
    else if (!/^[a-z][a-z0-9]*(?: [a-z0-9]+)*$/.test(categories[0]!)) {
      problems.push(`@category "${categories[0]}" is not lowercase words`)
    } else if (vague.has(categories[0]!)) {
      problems.push(`@category "${categories[0]}" says nothing: name what the export is (constructors, models, …)`)
    }
  }
  if (kind === "declaration" && tags("example").length === 0) problems.push("has no @example")
  return problems
}

const isExported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)

/** The exports of a module with the node that carries each one's doc, in source order (an overload counts once). */
const exportsOf = (sourceFile: ts.SourceFile) => {
  const entries: Array<{ name: string; node: ts.Node; kind: "namespace" | "named" | "declaration" }> = []
  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      const clause = statement.exportClause
      if (clause === undefined || ts.isNamespaceExport(clause)) {
        entries.push({ name: clause?.name.text ?? "*", node: statement, kind: "namespace" })
      } else {
        clause.elements.forEach((element) => entries.push({ name: element.name.text, node: element, kind: "named" }))
      }
    } else if (ts.isVariableStatement(statement) && isExported(statement)) {
      statement.declarationList.declarations
        .forEach((d) => entries.push({ name: d.name.getText(), node: statement, kind: "declaration" }))
    } else if (ts.isDeclarationStatement(statement) && statement.name && isExported(statement)) {
      const name = statement.name.getText()
      if (!entries.some((entry) => entry.name === name)) entries.push({ name, node: statement, kind: "declaration" })
    }
  }
  return entries
}

/** The `@example`s of a doc comment, each one fenced ```ts block (after an optional title line). */
const examplesOf = (lines: ReadonlyArray<string>, file: string, symbol: string, doc: Doc, problems: Array<Problem>) =>
  doc.tags.filter((tag) => tag.name === "example").flatMap((tag, i): Array<Snippet> => {
    const body = tag.text.split("\n")
    const fences = body.flatMap((line, at) => /^\s*(```|~~~)/.test(line) ? [at] : [])
    if (fences.length !== 2 || !/^\s*```(ts|typescript)\b/.test(body[fences[0]!]!) || fences[1] !== body.length - 1) {
      problems.push({ file, line: tag.line, symbol, message: `@example ${i + 1} is not one fenced \`\`\`ts block` })
      return []
    }
    let fence = tag.line - 1 // the fence's line in the source: the first ``` at or after the tag
    while (!/^\s*\*?\s*```/.test(lines[fence]!)) fence++
    return [{ file, line: fence + 2, symbol, index: i + 1, code: body.slice(fences[0]! + 1, -1).join("\n") }]
  })

const optOut = /^\s*<!--\s*not checked:?\s*(.*?)\s*-->\s*$/

/**
 * The ```ts and ```typescript blocks of a page, its opt-outs, and what is malformed: a fence never closed, an opt-out
 * not on the line just before a ```ts fence. Other fences (```sh, a ````md around a ```ts) are skipped whole; a
 * fence's indentation (in a list item) is removed from its lines.
 */
export const markdownBlocks = (file: string, text: string) => {
  const lines = text.split(/\r?\n/)
  const blocks: Array<Snippet> = []
  const optedOut: Array<{ file: string; line: number; reason: string }> = []
  const problems: Array<Problem> = []
  let heading = "(top of the page)"
  let index = 0
  for (let i = 0; i < lines.length; i++) {
    const title = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(lines[i]!)
    const open = /^( *)(`{3,}|~{3,})([^`]*)$/.exec(lines[i]!)
    const skip = i > 0 ? optOut.exec(lines[i - 1]!) : null
    const problem = (line: number, message: string) => problems.push({ file, line, symbol: heading, message })
    if (title) heading = `${title[1]} ${title[2]}`
    if (!open) {
      if (optOut.test(lines[i]!) && !/^ *(`{3,}|~{3,})/.test(lines[i + 1] ?? "")) {
        problem(i + 1, `"${lines[i]!.trim()}" is not on the line just before a \`\`\`ts fence`)
      }
      continue
    }
    const [, indent, fence, info] = open
    const lang = info!.trim().split(/\s/)[0]!
    let end = i + 1
    while (end < lines.length && !new RegExp(`^ *${fence![0]}{${fence!.length},} *$`).test(lines[end]!)) end++
    if (end === lines.length) problem(i + 1, `the ${fence}${lang} fence is never closed: the rest renders as code`)
    if (lang === "ts" || lang === "typescript") {
      index++
      if (skip) optedOut.push({ file, line: i + 1, reason: skip[1]! })
      else {
        const code = lines.slice(i + 1, end).map((line) => line.replace(new RegExp(`^ {0,${indent!.length}}`), ""))
        blocks.push({ file, line: i + 2, symbol: heading, index, code: code.join("\n") })
      }
    } else if (skip) problem(i, `"${lines[i - 1]!.trim()}" is before a ${fence}${lang} fence, which is not checked`)
    i = end
  }
  return { blocks, optedOut, problems }
}

/**
 * Checks the TSDoc of `modules` and type-checks their examples with the ```ts blocks of `pages`, in one program;
 * `overlay` shows files in place of the disk's (for the checker's own tests).
 */
export const check = (options: {
  readonly root: string
  readonly modules?: ReadonlyArray<string> | undefined
  readonly pages?: ReadonlyArray<string> | undefined
  readonly overlay?: ReadonlyMap<string, string> | undefined
}): Report => {
  const root = path.resolve(options.root)
  const files = new Map([...options.overlay ?? []].map(([file, text]) => [path.resolve(root, file), text]))
  const read = (file: string) => files.get(path.resolve(root, file)) ?? fs.readFileSync(path.join(root, file), "utf8")
  const modules = options.modules ?? documentedModules(root)
  const pages = options.pages ?? documentedPages(root)
  const tsdoc: Array<Problem> = []
  const examples: Array<Snippet> = []
  for (const file of modules) {
    const text = read(file)
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true)
    const name = path.basename(file, ".ts")
    const moduleDoc = moduleDocOf(sourceFile)
    const report = (line: number, symbol: string) => (message: string) => tsdoc.push({ file, line, symbol, message })
    rules(moduleDoc, "module").forEach(report(moduleDoc?.line ?? 1, `${name} (module)`))
    for (const entry of exportsOf(sourceFile)) {
      const doc = docOf(sourceFile, entry.node)
      if (doc?.tags.some((tag) => tag.name === "internal" || tag.name === "ignore")) continue
      const symbol = `${name}.${entry.name}`
      const line = doc?.line ?? sourceFile.getLineAndCharacterOfPosition(entry.node.getStart()).line + 1
      rules(doc, entry.kind).forEach(report(line, symbol))
      if (doc && entry.kind === "declaration") {
        examplesOf(text.split("\n"), file, symbol, doc, tsdoc).forEach((example) => examples.push(example))
      }
    }
  }
  const guides = pages.map((page) => markdownBlocks(page, read(page)))
  const blocks = guides.flatMap((guide) => guide.blocks)
  const errors = guides.flatMap((guide) => guide.problems)

  // one program: each snippet a virtual module beside the repository's files
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, "tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"))
    }
  })!
  const snippets = [...examples, ...blocks].map((snippet, i) => {
    const virtual = path.join(root, "docs-snippets", `${String(i).padStart(4, "0")}.ts`)
    files.set(virtual, snippet.code + "\n")
    return { snippet, virtual }
  })
  const host = ts.createCompilerHost(config.options, true)
  const { fileExists, getSourceFile, readFile } = host
  host.fileExists = (file) => files.has(path.resolve(file)) || fileExists(file)
  host.readFile = (file) => files.get(path.resolve(file)) ?? readFile(file)
  host.getSourceFile = (file, version, ...rest) => {
    const text = files.get(path.resolve(file))
    return text === undefined ? getSourceFile(file, version, ...rest) : ts.createSourceFile(file, text, version, true)
  }
  const program = ts.createProgram(snippets.map(({ virtual }) => virtual), { ...config.options, noEmit: true }, host)
  for (const { snippet, virtual } of snippets) {
    const sourceFile = program.getSourceFile(virtual)!
    const imports = sourceFile.statements.filter(ts.isImportDeclaration)
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]
    for (const diagnostic of diagnostics) {
      const at = diagnostic.start ?? 0
      // an unused local is fine in a snippet, an unused import is not
      if ([6133, 6196, 6198].includes(diagnostic.code) && !imports.some((i) => i.pos <= at && at < i.end)) continue
      const line = sourceFile.getLineAndCharacterOfPosition(at).line
      const what = snippet.file.endsWith(".md") ? `\`\`\`ts block ${snippet.index}` : `@example ${snippet.index}`
      const message = `${what}, line ${line + 1}: TS${diagnostic.code}: ${
        ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n    ")
      }`
      errors.push({ file: snippet.file, line: snippet.line + line, symbol: snippet.symbol, message })
    }
  }
  for (const diagnostic of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
    const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n    ")}`
    errors.push({ file: "tsconfig.json", line: 1, symbol: "(compiler)", message })
  }
  const order = [...modules, ...pages]
  errors.sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file) || a.line - b.line)
  return { modules, pages, examples, blocks, optedOut: guides.flatMap((guide) => guide.optedOut), tsdoc, errors }
}

/** Each documented module's summary (the first paragraph of its own comment), for the reference's index. */
export const moduleSummaries = (root: string) =>
  documentedModules(root).map((file) => {
    const text = fs.readFileSync(path.join(root, file), "utf8")
    return { file, summary: moduleDocOf(ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true))?.summary ?? "" }
  })

/** One problem as one line: `file:line symbol: what`. */
export const formatProblem = (problem: Problem): string =>
  `${problem.file}:${problem.line} ${problem.symbol}: ${problem.message}`

/** The report as text: the problems, the opt-outs, then a count. */
export const format = (report: Report): string =>
  [
    ...report.tsdoc.map(formatProblem),
    ...report.errors.map(formatProblem),
    ...report.optedOut.map((o) => `${o.file}:${o.line} not checked: ${o.reason || "(no reason given)"}`),
    `${report.modules.length} modules, ${report.examples.length} examples, ${report.pages.length} guides, ` +
    `${report.blocks.length} blocks checked (${report.optedOut.length} not): ` +
    `${report.tsdoc.length} TSDoc problems, ${report.errors.length} errors`
  ].join("\n")
