/**
 * The docs' checker: every export of the documented modules has its TSDoc, and every `@example` and every ```ts
 * block of the guides type-checks against the library's source.
 *
 * The documented modules are the ones `docgen.json` hands to @effect/docgen (every `src/*.ts` but its `exclude`), so
 * whatever the generated reference shows is what this checks. A module's own declarations need a one-sentence
 * summary, one `@since`, one lowercase `@category` and at least one `@example` (a fenced `ts` block). A re-export
 * (`export * as Wait from "./Wait.js"`, `export { waitN } from "./Wait.js"`) needs a summary and `@since`, and a
 * named one a `@category` too; its example is the one checked where the symbol is declared. Public class members
 * need `@since`, as docgen requires.
 *
 * The guides are `README.md` and `docs/*.md` (not `docs/api/`, which docgen writes from the TSDoc). Each of their
 * ```ts (or ```typescript) fenced blocks is a module of its own, a whole program or test file as a reader would
 * paste it; a block that is deliberately a fragment says so with `<!-- not checked: why -->` on the line just
 * before its fence, and is counted, not compiled.
 *
 * All examples and blocks are compiled by one TypeScript program, in memory, with the repository's `tsconfig.json`
 * (so `"effect-asyncio"` and `"effect-asyncio/*"` resolve to `src/` through its `paths`); unused imports are errors,
 * other unused locals are not. They are type-checked, not run: many of them sleep on a live clock, open sockets or
 * read files, which `npm test` should not do (test/readme.test.ts runs the guides' test files).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import ts from "typescript"

/** One thing wrong with the docs: where, which export, and what. */
export interface Problem {
  readonly file: string
  readonly line: number
  readonly symbol: string
  readonly message: string
}

/** One `@example` block, as compiled: its virtual file and where its first code line sits in the source. */
export interface Example {
  readonly file: string
  readonly line: number
  readonly symbol: string
  readonly index: number
  readonly code: string
  readonly virtualPath: string
}

/**
 * One ```ts block of a guide: where its first code line sits in the page, the heading it is under, and its code
 * (the fence's indentation removed).
 */
export interface Block {
  readonly file: string
  readonly line: number
  /** 1-based, among the page's ```ts blocks, opted-out ones included. */
  readonly index: number
  readonly heading: string
  readonly code: string
  readonly virtualPath: string
}

/** A block that is not compiled, by its `<!-- not checked: why -->`: where its fence is, and why. */
export interface OptOut {
  readonly file: string
  readonly line: number
  readonly reason: string
}

/** The outcome of a check: the TSDoc problems, the examples and blocks that do not compile, and what was looked at. */
export interface Report {
  readonly modules: ReadonlyArray<string>
  readonly exports: number
  readonly examples: ReadonlyArray<Example>
  readonly missing: ReadonlyArray<Problem>
  readonly failing: ReadonlyArray<Problem>
  readonly pages: ReadonlyArray<string>
  readonly blocks: ReadonlyArray<Block>
  readonly optedOut: ReadonlyArray<OptOut>
  /** The guides' blocks that do not compile, and fences or opt-outs that are malformed. */
  readonly failingBlocks: ReadonlyArray<Problem>
  readonly millis: { readonly collect: number; readonly typeCheck: number }
}

/** What to check: the repository root, and (for the checker's own tests) files to see in place of the disk's. */
export interface Options {
  readonly root: string
  readonly modules?: ReadonlyArray<string> | undefined
  readonly pages?: ReadonlyArray<string> | undefined
  readonly overlay?: ReadonlyMap<string, string> | undefined
}

/** Categories that say nothing about what an export is. */
const vagueCategories: ReadonlySet<string> = new Set(["utils", "util", "common", "misc", "other"])

/** Abbreviations whose period does not end a sentence. */
const abbreviations = /(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|resp)|\.\.)$/i

// -------------------------------------------------------------------------------------------------------------------
// the documented modules
// -------------------------------------------------------------------------------------------------------------------

interface DocgenConfig {
  readonly srcDir?: string
  readonly exclude?: ReadonlyArray<string>
}

const globToRegExp = (glob: string): RegExp =>
  new RegExp(
    "^" + glob.split("/").map((part) =>
      part === "**"
        ? "(?:.*/)?"
        : part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]") + "/"
    ).join("").replace(/\(\?:\.\*\/\)\?$/, ".*").replace(/\/$/, "") + "$"
  )

/** The files docgen documents: `srcDir/**\/*.ts` minus `exclude`, as repository-relative paths, sorted. */
export const documentedModules = (root: string): Array<string> => {
  const configPath = path.join(root, "docgen.json")
  const config: DocgenConfig = fs.existsSync(configPath) ? JSON.parse(fs.readFileSync(configPath, "utf8")) : {}
  const srcDir = config.srcDir ?? "src"
  const exclude = (config.exclude ?? []).map(globToRegExp)
  const walk = (dir: string): Array<string> =>
    fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const relative = path.posix.join(dir, entry.name)
      return entry.isDirectory() ? walk(relative) : entry.name.endsWith(".ts") ? [relative] : []
    })
  return walk(srcDir).filter((file) => !exclude.some((pattern) => pattern.test(file))).sort()
}

/** The guides: `README.md` and `docs/*.md` (not the generated `docs/api/`), as repository-relative paths. */
export const documentedPages = (root: string): Array<string> => {
  const docs = path.join(root, "docs")
  return [
    ...(fs.existsSync(path.join(root, "README.md")) ? ["README.md"] : []),
    ...(fs.existsSync(docs) ? fs.readdirSync(docs, { withFileTypes: true }) : [])
      .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
      .map((entry) => `docs/${entry.name}`)
      .sort()
  ]
}

// -------------------------------------------------------------------------------------------------------------------
// one compiler host: in-memory files (the examples, the tests' fixtures) over the disk's, each file parsed once
// -------------------------------------------------------------------------------------------------------------------

const compilerOptions = (root: string): ts.CompilerOptions => {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, "tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"))
    }
  })
  if (parsed === undefined) {
    throw new Error(`cannot read ${path.join(root, "tsconfig.json")}`)
  }
  const { tsBuildInfoFile: _, ...options } = parsed.options
  return { ...options, noEmit: true, incremental: false, composite: false }
}

const makeHost = (options: ts.CompilerOptions, overlay: Map<string, string>): ts.CompilerHost => {
  const host = ts.createCompilerHost(options, true)
  const cache = new Map<string, ts.SourceFile>()
  const getSourceFile = host.getSourceFile
  return {
    ...host,
    fileExists: (fileName) => overlay.has(path.resolve(fileName)) || host.fileExists(fileName),
    readFile: (fileName) => overlay.get(path.resolve(fileName)) ?? host.readFile(fileName),
    getSourceFile: (fileName, languageVersion, onError, shouldCreate) => {
      const key = path.resolve(fileName)
      const cached = cache.get(key)
      if (cached !== undefined) {
        return cached
      }
      const text = overlay.get(key)
      const sourceFile = text === undefined
        ? getSourceFile(fileName, languageVersion, onError, shouldCreate)
        : ts.createSourceFile(fileName, text, languageVersion, true)
      if (sourceFile !== undefined) {
        cache.set(key, sourceFile)
      }
      return sourceFile
    }
  }
}

// -------------------------------------------------------------------------------------------------------------------
// reading a doc comment
// -------------------------------------------------------------------------------------------------------------------

interface Tag {
  readonly name: string
  readonly text: string
  /** The tag's text line by line, the first being what follows the tag's name. */
  readonly lines: ReadonlyArray<string>
  /** The source line (1-based) of the tag. */
  readonly line: number
}

interface Doc {
  readonly description: string
  readonly tags: ReadonlyArray<Tag>
  readonly line: number
}

/** The `/** … *\/` comments right before `node`, in order. */
const docRanges = (sourceFile: ts.SourceFile, node: ts.Node): Array<ts.CommentRange> =>
  (ts.getLeadingCommentRanges(sourceFile.text, node.getFullStart()) ?? []).filter((range) =>
    sourceFile.text.startsWith("/**", range.pos) && !sourceFile.text.startsWith("/**/", range.pos)
  )

/** A doc comment split into its description and its tags (a tag starts a line, outside ``` fences). */
const parseDoc = (sourceFile: ts.SourceFile, range: ts.CommentRange): Doc => {
  const text = sourceFile.text
  const firstLine = sourceFile.getLineAndCharacterOfPosition(range.pos).line + 1
  const lines = text.slice(range.pos + 3, range.end - 2).split("\n").map((line) => line.replace(/^\s*\* ?/, ""))
  const description: Array<string> = []
  const tags: Array<{ name: string; lines: Array<string>; line: number }> = []
  let fenced = false
  lines.forEach((line, i) => {
    const tag = fenced ? null : /^@(\w+)\s?(.*)$/.exec(line.trim())
    if (tag !== null) {
      tags.push({ name: tag[1]!, lines: [tag[2]!], line: firstLine + i })
    } else {
      const current = tags.at(-1)
      if (current === undefined) {
        description.push(line)
      } else {
        current.lines.push(line)
      }
      if (/^\s*```/.test(line)) {
        fenced = !fenced
      }
    }
  })
  return {
    description: description.join("\n").trim(),
    tags: tags.map((tag) => ({ name: tag.name, text: tag.lines.join("\n").trim(), lines: tag.lines, line: tag.line })),
    line: firstLine
  }
}

const isInternal = (doc: Doc | undefined): boolean =>
  doc !== undefined && doc.tags.some((tag) => tag.name === "internal" || tag.name === "ignore")

/** The first paragraph of a description, with code spans and links reduced to words. */
const summaryOf = (description: string): string => (description.split(/\n\s*\n/)[0] ?? "").replace(/\s+/g, " ").trim()

const plain = (text: string): string =>
  text.replace(/`[^`]*`/g, "code").replace(/\{@link(?:code|plain)?\s+([^}|\s]+)[^}]*\}/g, "$1")

/** How many sentences a summary holds: periods that end a word and are followed by more text. */
const sentences = (summary: string): number => {
  const text = plain(summary)
  let count = 1
  for (const match of text.matchAll(/[.!?]["')\]]*\s+(?=\S)/g)) {
    const before = text.slice(0, match.index + 1)
    if (!abbreviations.test(before.slice(0, -1)) && !/\d\.$/.test(before)) {
      count++
    }
  }
  return count
}

/** The comment that documents `node`: the last one before it, unless that is the module's own. */
const readDoc = (sourceFile: ts.SourceFile, node: ts.Node, moduleDoc: ts.CommentRange | undefined): Doc | undefined => {
  const range = docRanges(sourceFile, node).at(-1)
  return range === undefined || range.pos === moduleDoc?.pos ? undefined : parseDoc(sourceFile, range)
}

/**
 * The module's own comment: the first doc comment of the file, when a statement follows it that is not an export
 * (an import), or when another doc comment follows it before the first statement.
 */
const moduleDocRange = (sourceFile: ts.SourceFile): ts.CommentRange | undefined => {
  const first = sourceFile.statements[0]
  if (first === undefined) {
    return undefined
  }
  const ranges = docRanges(sourceFile, first)
  return ranges.length > 1 || (ranges.length === 1 && !hasExport(first) && !ts.isExportDeclaration(first))
    ? ranges[0]
    : undefined
}

const docProblems = (doc: Doc | undefined, needs: { readonly category: boolean; readonly example: boolean }) => {
  if (doc === undefined) {
    return ["has no TSDoc comment (/** … */)"]
  }
  const problems: Array<string> = []
  const summary = summaryOf(doc.description)
  if (summary === "") {
    problems.push("has no summary (the comment's first paragraph)")
  } else {
    const count = sentences(summary)
    if (count > 1) {
      problems.push(`summary is ${count} sentences, not one: "${summary}" (end the first paragraph after one)`)
    } else if (!/[.!?]["')\]`]*$/.test(summary)) {
      problems.push(`summary does not end with a period: "${summary}"`)
    }
  }
  const byName = (name: string) => doc.tags.filter((tag) => tag.name === name)
  const since = byName("since")
  if (since.length === 0) {
    problems.push("has no @since")
  } else if (since.length > 1) {
    problems.push(`has ${since.length} @since tags, not one`)
  } else if (!/^\d+\.\d+\.\d+$/.test(since[0]!.text)) {
    problems.push(`@since "${since[0]!.text}" is not a version (like 0.1.0)`)
  }
  if (needs.category) {
    const category = byName("category")
    if (category.length === 0) {
      problems.push("has no @category")
    } else if (category.length > 1) {
      problems.push(`has ${category.length} @category tags, not one: ${category.map((tag) => tag.text).join(", ")}`)
    } else {
      const name = category[0]!.text
      if (!/^[a-z][a-z0-9]*(?: [a-z0-9]+)*$/.test(name)) {
        problems.push(`@category "${name}" is not lowercase words`)
      } else if (vagueCategories.has(name)) {
        problems.push(`@category "${name}" says nothing: name what the export is (constructors, models, …)`)
      }
    }
  }
  if (needs.example && byName("example").length === 0) {
    problems.push("has no @example")
  }
  return problems
}

// -------------------------------------------------------------------------------------------------------------------
// walking a module's exports
// -------------------------------------------------------------------------------------------------------------------

interface Entry {
  readonly symbol: string
  readonly node: ts.Node
  readonly kind: "declaration" | "namespace re-export" | "named re-export" | "member"
}

const hasExport = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)

const declarationName = (statement: ts.Statement): string | undefined =>
  (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)) &&
    statement.name !== undefined
    ? statement.name.getText()
    : undefined

const isPublicMember = (member: ts.ClassElement): boolean =>
  (ts.isMethodDeclaration(member) || ts.isPropertyDeclaration(member) || ts.isGetAccessorDeclaration(member)) &&
  member.name !== undefined && !ts.isPrivateIdentifier(member.name) &&
  !(ts.getModifiers(member) ?? []).some((modifier) =>
    modifier.kind === ts.SyntaxKind.PrivateKeyword || modifier.kind === ts.SyntaxKind.ProtectedKeyword
  )

/** The documentable exports of one module, in source order; function overloads count once (the first signature). */
const entriesOf = (sourceFile: ts.SourceFile, moduleName: string): Array<Entry> => {
  const entries: Array<Entry> = []
  const seenFunctions = new Set<string>()
  const locallyExported = new Set<string>()
  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier === undefined && statement.exportClause) {
      if (ts.isNamedExports(statement.exportClause)) {
        statement.exportClause.elements.forEach((element) =>
          locallyExported.add((element.propertyName ?? element.name).text)
        )
      }
    }
  }
  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined) {
      const clause = statement.exportClause
      if (clause === undefined) {
        entries.push({ symbol: `${moduleName}.*`, node: statement, kind: "namespace re-export" })
      } else if (ts.isNamespaceExport(clause)) {
        entries.push({ symbol: `${moduleName}.${clause.name.text}`, node: statement, kind: "namespace re-export" })
      } else {
        clause.elements.forEach((element) =>
          entries.push({ symbol: `${moduleName}.${element.name.text}`, node: element, kind: "named re-export" })
        )
      }
      continue
    }
    if (ts.isVariableStatement(statement)) {
      const declarations = statement.declarationList.declarations
      declarations.forEach((declaration) => {
        const name = declaration.name.getText()
        if (hasExport(statement) || locallyExported.has(name)) {
          entries.push({ symbol: `${moduleName}.${name}`, node: statement, kind: "declaration" })
        }
      })
      continue
    }
    const name = declarationName(statement)
    if (name === undefined || !(hasExport(statement) || locallyExported.has(name))) {
      continue
    }
    if (ts.isFunctionDeclaration(statement)) {
      if (seenFunctions.has(name)) {
        continue
      }
      seenFunctions.add(name)
    }
    entries.push({ symbol: `${moduleName}.${name}`, node: statement, kind: "declaration" })
    if (ts.isClassDeclaration(statement)) {
      statement.members.filter(isPublicMember).forEach((member) =>
        entries.push({ symbol: `${moduleName}.${name}#${member.name!.getText()}`, node: member, kind: "member" })
      )
    }
    if (ts.isModuleDeclaration(statement) && statement.body !== undefined && ts.isModuleBlock(statement.body)) {
      statement.body.statements.forEach((inner) => {
        const innerName = declarationName(inner) ??
          (ts.isVariableStatement(inner) ? inner.declarationList.declarations[0]?.name.getText() : undefined)
        if (innerName !== undefined) {
          entries.push({ symbol: `${moduleName}.${name}.${innerName}`, node: inner, kind: "member" })
        }
      })
    }
  }
  return entries
}

/**
 * The examples of a doc comment: each `@example` holds one fenced `ts` block, optionally after a title line (as in
 * Effect's `**Example** (Title)`); its code's first line is located in the source for error messages.
 */
const examplesOf = (
  root: string,
  file: string,
  symbol: string,
  doc: Doc,
  problems: Array<Problem>,
  counter: { next: number }
): Array<Example> =>
  doc.tags.filter((tag) => tag.name === "example").flatMap((tag, index) => {
    const fences = tag.lines.flatMap((line, i) => /^\s*```/.test(line) ? [i] : [])
    const [open, close] = fences
    const after = close === undefined ? [] : tag.lines.slice(close + 1).filter((line) => line.trim() !== "")
    if (open === undefined || close === undefined || fences.length > 2 || after.length > 0) {
      problems.push({ file, line: tag.line, symbol, message: `@example ${index + 1} is not one fenced \`\`\`ts block` })
      return []
    }
    const lang = tag.lines[open]!.trim().slice(3).trim().split(/\s/)[0]!
    if (lang !== "ts" && lang !== "typescript") {
      problems.push({ file, line: tag.line, symbol, message: `@example ${index + 1} is fenced as "${lang}", not ts` })
      return []
    }
    // numbered, since two exports may differ only in case (`ExitCode`, `exitCode`)
    const fileName = `${String(counter.next++).padStart(4, "0")}-${symbol.replace(/[^\w.-]/g, "_")}.${index}.ts`
    return [{
      file,
      line: tag.line + open + 1,
      symbol,
      index,
      code: tag.lines.slice(open + 1, close).join("\n"),
      virtualPath: path.join(root, "docs-examples", fileName)
    }]
  })

// -------------------------------------------------------------------------------------------------------------------
// reading a guide's ```ts blocks
// -------------------------------------------------------------------------------------------------------------------

/** A fence's opening line (CommonMark): its indentation, its run of backticks or tildes, and its info string. */
const fenceOpen = /^( *)(`{3,}|~{3,})(.*)$/

const optOutComment = /^\s*<!--\s*not checked\b:?\s*(.*?)\s*-->\s*$/

const headingLine = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/

/**
 * The ```ts and ```typescript blocks of one guide, with its opt-outs and what is malformed: a fence never closed, an
 * opt-out comment that is not on the line just before a ```ts fence. Other fences (```sh, ```text, a ````md around
 * a ```ts) are skipped whole; a fence's indentation (in a list item) is removed from its lines.
 */
export const markdownBlocks = (
  root: string,
  file: string,
  text: string
): { readonly blocks: Array<Block>; readonly optedOut: Array<OptOut>; readonly problems: Array<Problem> } => {
  const lines = text.split(/\r?\n/)
  const blocks: Array<Block> = []
  const optedOut: Array<OptOut> = []
  const problems: Array<Problem> = []
  let heading = "(top of the page)"
  let index = 0
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const title = headingLine.exec(line)
    if (title !== null) {
      heading = `${title[1]} ${title[2]}`
      continue
    }
    const open = fenceOpen.exec(line)
    const optOut = i > 0 ? optOutComment.exec(lines[i - 1]!) : null
    if (open === null || (open[2]!.startsWith("`") && open[3]!.includes("`"))) {
      if (optOutComment.test(line) && (i + 1 === lines.length || !fenceOpen.test(lines[i + 1]!))) {
        problems.push({
          file,
          line: i + 1,
          symbol: heading,
          message: `"${line.trim()}" is not on the line just before a \`\`\`ts fence`
        })
      }
      continue
    }
    const indent = open[1]!
    const fence = open[2]!
    const lang = open[3]!.trim().split(/\s/)[0]!
    const close = new RegExp(`^ *${fence[0] === "`" ? "`" : "~"}{${fence.length},} *$`)
    let end = i + 1
    while (end < lines.length && !close.test(lines[end]!)) {
      end++
    }
    if (end === lines.length) {
      problems.push({
        file,
        line: i + 1,
        symbol: heading,
        message: `the ${fence}${lang} fence is never closed: the rest of the page renders as code`
      })
    }
    if (lang === "ts" || lang === "typescript") {
      index++
      if (optOut !== null) {
        optedOut.push({ file, line: i + 1, reason: optOut[1]! })
      } else {
        const strip = new RegExp(`^ {0,${indent.length}}`)
        blocks.push({
          file,
          line: i + 2,
          index,
          heading,
          code: lines.slice(i + 1, end).map((codeLine) => codeLine.replace(strip, "")).join("\n"),
          virtualPath: path.join(root, "docs-examples", "guides", `${file.replace(/[^\w.-]/g, "_")}.${i + 2}.ts`)
        })
      }
    } else if (optOut !== null) {
      problems.push({
        file,
        line: i,
        symbol: heading,
        message: `"${lines[i - 1]!.trim()}" is before a ${fence}${lang} fence, which is not checked anyway`
      })
    }
    i = end
  }
  return { blocks, optedOut, problems }
}

// -------------------------------------------------------------------------------------------------------------------
// the check
// -------------------------------------------------------------------------------------------------------------------

/** Diagnostics that count in an example: everything but unused locals that are not imports. */
const counts = (diagnostic: ts.Diagnostic): boolean => {
  if (diagnostic.code !== 6133 && diagnostic.code !== 6196 && diagnostic.code !== 6198) {
    return true
  }
  const sourceFile = diagnostic.file
  if (sourceFile === undefined || diagnostic.start === undefined) {
    return true
  }
  let node: ts.Node | undefined = (function find(node: ts.Node): ts.Node | undefined {
    return ts.forEachChild(
      node,
      (child) =>
        child.getStart(sourceFile) <= diagnostic.start! && diagnostic.start! < child.end
          ? find(child) ?? child
          : undefined
    )
  })(sourceFile)
  while (node !== undefined) {
    if (ts.isImportDeclaration(node)) {
      return true
    }
    node = node.parent
  }
  return false
}

/** The diagnostics of one compiled file that count, each with its 0-based line in that file. */
const diagnosticsOf = (program: ts.Program, virtualPath: string) => {
  const sourceFile = program.getSourceFile(virtualPath)!
  return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]
    .filter(counts)
    .map((diagnostic) => ({
      at: diagnostic.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line,
      text: `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n    ")}`
    }))
}

/**
 * Checks every documented module's TSDoc and type-checks every `@example` and every guide's ```ts block, with one
 * TypeScript program.
 */
export const check = (options: Options): Report => {
  const root = path.resolve(options.root)
  const start = performance.now()
  const overlay = new Map<string, string>(
    [...(options.overlay ?? new Map<string, string>())].map(([file, text]) => [path.resolve(root, file), text])
  )
  const modules = [...(options.modules ?? documentedModules(root))]
  const tsOptions = compilerOptions(root)
  const host = makeHost(tsOptions, overlay)
  const missing: Array<Problem> = []
  const examples: Array<Example> = []
  const counter = { next: 0 }
  let exportCount = 0
  for (const file of modules) {
    const sourceFile = host.getSourceFile(path.join(root, file), ts.ScriptTarget.ES2022)
    if (sourceFile === undefined) {
      missing.push({ file, line: 1, symbol: file, message: "cannot be read" })
      continue
    }
    const moduleName = path.basename(file, ".ts")
    const moduleRange = moduleDocRange(sourceFile)
    const moduleDoc = moduleRange === undefined ? undefined : parseDoc(sourceFile, moduleRange)
    const moduleProblems = moduleDoc === undefined
      ? ["has no module comment (a /** … */ with a summary and @since before the first statement)"]
      : docProblems(moduleDoc, { category: false, example: false })
    moduleProblems.forEach((message) =>
      missing.push({ file, line: moduleDoc?.line ?? 1, symbol: `${moduleName} (module)`, message })
    )
    for (const entry of entriesOf(sourceFile, moduleName)) {
      const doc = readDoc(sourceFile, entry.node, moduleRange)
      if (isInternal(doc)) {
        continue
      }
      exportCount++
      const line = doc?.line ?? sourceFile.getLineAndCharacterOfPosition(entry.node.getStart(sourceFile)).line + 1
      const needs = entry.kind === "declaration"
        ? { category: true, example: true }
        : entry.kind === "named re-export"
        ? { category: true, example: false }
        : { category: false, example: false }
      const problems = entry.kind === "member"
        ? doc?.tags.some((tag) => tag.name === "since") ? [] : ["has no @since (docgen requires one on members)"]
        : docProblems(doc, needs)
      problems.forEach((message) => missing.push({ file, line, symbol: entry.symbol, message }))
      if (doc !== undefined && entry.kind !== "member") {
        examplesOf(root, file, entry.symbol, doc, missing, counter).forEach((example) => examples.push(example))
      }
    }
  }
  const pages = [...(options.pages ?? documentedPages(root))]
  const blocks: Array<Block> = []
  const optedOut: Array<OptOut> = []
  const failingBlocks: Array<Problem> = []
  for (const file of pages) {
    const text = host.readFile(path.join(root, file))
    if (text === undefined) {
      failingBlocks.push({ file, line: 1, symbol: file, message: "cannot be read" })
      continue
    }
    const page = markdownBlocks(root, file, text)
    page.blocks.forEach((block) => blocks.push(block))
    page.optedOut.forEach((optOut) => optedOut.push(optOut))
    page.problems.forEach((problem) => failingBlocks.push(problem))
  }
  const collected = performance.now()

  examples.forEach((example) => overlay.set(example.virtualPath, example.code + "\n"))
  blocks.forEach((block) => overlay.set(block.virtualPath, block.code + "\n"))
  const program = ts.createProgram({
    rootNames: [...examples.map((example) => example.virtualPath), ...blocks.map((block) => block.virtualPath)],
    options: tsOptions,
    host
  })
  const failing: Array<Problem> = []
  for (const example of examples) {
    for (const { at, text } of diagnosticsOf(program, example.virtualPath)) {
      failing.push({
        file: example.file,
        line: example.line + at,
        symbol: example.symbol,
        message: `@example ${example.index + 1}, line ${at + 1}: ${text}`
      })
    }
  }
  for (const block of blocks) {
    for (const { at, text } of diagnosticsOf(program, block.virtualPath)) {
      failingBlocks.push({
        file: block.file,
        line: block.line + at,
        symbol: block.heading,
        message: `\`\`\`ts block ${block.index}, line ${at + 1}: ${text}`
      })
    }
  }
  failingBlocks.sort((a, b) => pages.indexOf(a.file) - pages.indexOf(b.file) || a.line - b.line)
  for (const diagnostic of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
    failing.push({
      file: "tsconfig.json",
      line: 1,
      symbol: "(compiler)",
      message: `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n    ")}`
    })
  }
  const done = performance.now()
  return {
    modules,
    exports: exportCount,
    examples,
    missing,
    failing,
    pages,
    blocks,
    optedOut,
    failingBlocks,
    millis: { collect: Math.round(collected - start), typeCheck: Math.round(done - collected) }
  }
}

/** Each documented module's summary (the first paragraph of its own comment), for the reference's index. */
export const moduleSummaries = (root: string): Array<{ readonly file: string; readonly summary: string }> =>
  documentedModules(root).map((file) => {
    const text = fs.readFileSync(path.join(root, file), "utf8")
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true)
    const range = moduleDocRange(sourceFile)
    return { file, summary: range === undefined ? "" : summaryOf(parseDoc(sourceFile, range).description) }
  })

/** One problem as one line: `file:line symbol: what`. */
export const formatProblem = (problem: Problem): string =>
  `${problem.file}:${problem.line} ${problem.symbol}: ${problem.message}`

/** The report as text: one line per problem (file:line symbol: what), the opt-outs, then a count. */
export const format = (report: Report): string =>
  [
    ...(report.missing.length === 0 ? [] : ["TSDoc missing or malformed:", ...report.missing.map(formatProblem), ""]),
    ...(report.failing.length === 0
      ? []
      : ["@example that does not type-check:", ...report.failing.map(formatProblem), ""]),
    ...(report.failingBlocks.length === 0
      ? []
      : ["```ts block of a guide that does not type-check:", ...report.failingBlocks.map(formatProblem), ""]),
    ...(report.optedOut.length === 0 ? [] : [
      "```ts block of a guide not checked (<!-- not checked -->):",
      ...report.optedOut.map((optOut) => `${optOut.file}:${optOut.line} ${optOut.reason || "(no reason given)"}`),
      ""
    ]),
    `${report.modules.length} modules, ${report.exports} exports, ${report.examples.length} examples: ` +
    `${report.missing.length} TSDoc problems, ${report.failing.length} example errors; ` +
    `${report.pages.length} guides, ${report.blocks.length + report.optedOut.length} \`\`\`ts blocks ` +
    `(${report.optedOut.length} not checked): ${report.failingBlocks.length} block errors ` +
    `(read ${report.millis.collect} ms, type-check ${report.millis.typeCheck} ms)`
  ].join("\n")
