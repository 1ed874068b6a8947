/**
 * The timeline notation: how labels are spelled, how spans are written (`a@0..250!`), and how an expected timeline
 * is read back and compared. The grammar is documented once, in the `Timeline` module.
 *
 * Works on "bars": a span whose start may be unknown (an expected entry written as `a@250` says only when `a`
 * ended). Times are milliseconds since the recording began.
 *
 * @internal
 */
import type { Outcome } from "./model.js"

/** @internal */
export interface Bar {
  readonly label: string
  readonly start: number | undefined
  readonly end: number | undefined
  readonly outcome: Outcome
}

// what a name cannot hold as it is: whitespace and the notation's own characters ("@" ends a label, "/" nests one,
// "%" escapes), and what a chart cannot show as it is: control and format characters (zero-width ones, direction
// marks), lone surrogates, U+FFFE and U+FFFF (none of them may appear in XML, even as a character reference)
const mustEscape = /[\s@/%\p{Cc}\p{Cf}\p{Cs}\uFFFE\uFFFF]/u
const mustEscapeAll = new RegExp(mustEscape.source, "gu")

// one code point as the percent-escapes of its UTF-8 bytes, as a URL writes it; a lone surrogate as the three bytes
// UTF-8 would give its code point (WTF-8), which `encodeURIComponent` refuses
const percentEncode = (character: string): string => {
  const code = character.codePointAt(0)!
  const bytes = code < 0x80
    ? [code]
    : code < 0x800
    ? [0xc0 | (code >> 6), 0x80 | (code & 0x3f)]
    : code < 0x10000
    ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
    : [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
  return bytes.map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join("")
}

/**
 * Spells any span name as one label segment: each whitespace, "@", "/" and "%", and each control or format
 * character, lone surrogate, U+FFFE or U+FFFF is percent-escaped as its UTF-8 bytes (as in a URL: `GET /users` is
 * `GET%20%2Fusers`), and the empty name is written `%`. Different names give different segments, and a segment
 * holds no whitespace, "@" or "/", so a label (segments joined by "/") reads back as it was written.
 *
 * @internal
 */
export const escapeName = (name: string): string =>
  name.length === 0 ? "%" : mustEscape.test(name) ? name.replace(mustEscapeAll, percentEncode) : name

/** @internal */
export const formatMillis = (ms: number): string => String(Math.round(ms * 1e6) / 1e6)

/** @internal */
export const formatBar = (bar: Bar): string => {
  const mark = bar.outcome === "failure" ? "!" : bar.outcome === "interrupted" ? "~" : ""
  if (bar.end === undefined) {
    return `${bar.label}@${formatMillis(bar.start ?? 0)}..`
  }
  return bar.start === undefined
    ? `${bar.label}@${formatMillis(bar.end)}${mark}`
    : `${bar.label}@${formatMillis(bar.start)}..${formatMillis(bar.end)}${mark}`
}

/**
 * One parsed entry of the notation; `undefined` times mean "not checked".
 *
 * @internal
 */
export interface Entry {
  readonly text: string
  readonly label: string
  readonly start: number | undefined
  readonly end: number | undefined
  /** `undefined`: any outcome (an entry with no `@`). */
  readonly outcome: Outcome | undefined
}

const time = String.raw`(\d+(?:\.\d+)?)(ms|s)?`
const entryPattern = new RegExp(String.raw`^([^\s@]+)(?:@${time}(\.\.(?:${time})?)?([!~])?)?$`)

const toMillis = (digits: string, unit: string | undefined): number =>
  unit === "s" ? Number(digits) * 1000 : Number(digits)

/**
 * Parses the notation; returns the entries, or the first malformed word.
 *
 * @internal
 */
export const parse = (notation: string): { readonly entries: Array<Entry> } | { readonly bad: string } => {
  const entries: Array<Entry> = []
  for (const word of notation.split(/\s+/).filter((w) => w.length > 0)) {
    const match = entryPattern.exec(word)
    const label = match?.[1]
    if (match === null || label === undefined) {
      return { bad: word }
    }
    const [, , first, firstUnit, range, second, secondUnit, mark] = match
    const outcome: Outcome = mark === "!" ? "failure" : mark === "~" ? "interrupted" : "success"
    if (first === undefined) {
      entries.push({ text: word, label, start: undefined, end: undefined, outcome: undefined })
    } else if (range === undefined) {
      entries.push({ text: word, label, start: undefined, end: toMillis(first, firstUnit), outcome })
    } else if (second === undefined) {
      if (mark !== undefined) {
        return { bad: word }
      }
      entries.push({ text: word, label, start: toMillis(first, firstUnit), end: undefined, outcome: "running" })
    } else {
      entries.push({
        text: word,
        label,
        start: toMillis(first, firstUnit),
        end: toMillis(second, secondUnit),
        outcome
      })
    }
  }
  return { entries }
}

const close = (a: number | undefined, b: number | undefined): boolean =>
  a === undefined || b === undefined ? a === b : Math.abs(a - b) < 1e-6

/**
 * Whether an actual bar satisfies an entry.
 *
 * @internal
 */
export const satisfies = (entry: Entry, bar: Bar): boolean =>
  entry.label === bar.label &&
  (entry.outcome === undefined ||
    (entry.outcome === bar.outcome && close(entry.end, bar.end) &&
      (entry.start === undefined || close(entry.start, bar.start))))

/** @internal */
export const entryToBar = (entry: Entry): Bar => ({
  label: entry.label,
  start: entry.start,
  end: entry.end,
  outcome: entry.outcome ?? "success"
})
