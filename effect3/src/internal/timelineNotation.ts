/**
 * The timeline notation: how labels are spelled, how spans are written (`a@0..250!`), and how an expected timeline
 * is read back and compared. The grammar is documented once, in the `Timeline` module.
 *
 * Works on "bars": a span whose start may be unknown (an expected entry written as `a@250` says only when `a`
 * ended). Times are milliseconds since the recording began.
 *
 * @internal
 */
import type { Outcome } from "../Timeline.js"

/** @internal */
export interface Bar {
  readonly label: string
  readonly start: number | undefined
  readonly end: number | undefined
  readonly outcome: Outcome
}

/**
 * Whether `name` can be one segment of a label as it is: non-empty, and free of whitespace and of the characters
 * the notation uses ("@" ends a label, "/" nests one, "%" escapes).
 *
 * @internal
 */
export const isName = (name: string): boolean => /^[^\s@/%]+$/u.test(name)

/** @internal */
export const nameRule = "a non-empty string without whitespace, \"@\", \"/\" or \"%\""

/**
 * Spells any span name as one label segment: "%", "@", "/" and each whitespace character are percent-escaped (as
 * in a URL: `GET /users` is `GET%20%2Fusers`), and the empty name is written `%`.
 *
 * @internal
 */
export const escapeName = (name: string): string =>
  name.length === 0 ? "%" : isName(name) ? name : name.replace(/[\s@/%]/gu, (c) => encodeURIComponent(c))

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
