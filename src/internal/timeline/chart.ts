/**
 * The text Gantt chart of a timeline, and the layout it shares with the SVG picture: lanes (one per label, nested
 * labels right after their parent), the time horizon and the axis ticks.
 *
 * @internal
 */
import type { Bar } from "./notation.js"
import { formatMillis } from "./notation.js"

/** @internal */
export const formatHuman = (ms: number): string => ms < 1000 ? `${formatMillis(ms)}ms` : `${Math.round(ms) / 1000}s`

const parentOf = (label: string): string | undefined => {
  const slash = label.lastIndexOf("/")
  return slash < 0 ? undefined : label.slice(0, slash)
}

const truncatePath = (label: string, depth: number): string => label.split("/").slice(0, depth).join("/")

/**
 * Groups bars into lanes, one per label (labels deeper than `depth` path segments join their ancestor's lane).
 * Lanes come in order of first start (ties: the order the bars are given), and a nested label's lane comes right
 * after its parent's. Within a lane, bars are sorted by start, longer first.
 *
 * @internal
 */
export const lanesOf = (
  bars: ReadonlyArray<Bar>,
  depth: number
): Array<{ readonly label: string; readonly bars: Array<Bar> }> => {
  const lanes = new Map<string, Array<Bar>>()
  const order = bars
    .map((bar, index) => ({ bar, index }))
    .sort((a, b) => (a.bar.start ?? 0) - (b.bar.start ?? 0) || a.index - b.index)
  for (const { bar } of order) {
    const key = truncatePath(bar.label, depth)
    const lane = lanes.get(key)
    if (lane === undefined) {
      lanes.set(key, [bar])
    } else {
      lane.push(bar)
    }
  }
  const children = new Map<string, Array<string>>()
  const roots: Array<string> = []
  for (const label of lanes.keys()) {
    let parent = parentOf(label)
    while (parent !== undefined && !lanes.has(parent)) {
      parent = parentOf(parent)
    }
    if (parent === undefined) {
      roots.push(label)
    } else {
      const siblings = children.get(parent)
      if (siblings === undefined) {
        children.set(parent, [label])
      } else {
        siblings.push(label)
      }
    }
  }
  const out: Array<{ readonly label: string; readonly bars: Array<Bar> }> = []
  const visit = (label: string): void => {
    const laneBars = lanes.get(label)!
    laneBars.sort((a, b) =>
      (a.start ?? 0) - (b.start ?? 0) ||
      (b.end ?? Infinity) - (b.start ?? 0) - ((a.end ?? Infinity) - (a.start ?? 0))
    )
    out.push({ label, bars: laneBars })
    for (const child of children.get(label) ?? []) {
      visit(child)
    }
  }
  roots.forEach(visit)
  return out
}

/** @internal */
export const horizon = (bars: ReadonlyArray<Bar>): number => {
  let total = 0
  for (const bar of bars) {
    total = Math.max(total, bar.end ?? 0, bar.start ?? 0)
  }
  return total > 0 ? total : 1
}

const niceStep = (total: number, maxTicks: number): number => {
  const raw = total / Math.max(1, maxTicks)
  const power = Math.pow(10, Math.floor(Math.log10(raw)))
  for (const factor of [1, 2, 2.5, 5, 10]) {
    if (factor * power >= raw) {
      return factor * power
    }
  }
  return 10 * power
}

/** @internal */
export const ticksOf = (total: number, maxTicks: number): Array<number> => {
  const step = niceStep(total, maxTicks)
  const ticks: Array<number> = []
  for (let i = 0; i * step <= total + 1e-9; i++) {
    ticks.push(Math.round(i * step * 1e6) / 1e6)
  }
  return ticks
}

// East Asian wide and fullwidth characters, and emoji shown as emoji: two columns in a terminal
const wide =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}\p{Emoji_Presentation}]/u
// combining marks: drawn on the character before them
const zeroWidth = /\p{M}/u

const columnsOf = (character: string): number => zeroWidth.test(character) ? 0 : wide.test(character) ? 2 : 1

/**
 * How many terminal columns a label takes, code point by code point: two for a wide character or an emoji, none
 * for a combining mark (a label holds no control or format character: the notation escapes them).
 *
 * @internal
 */
export const columns = (text: string): number => {
  let total = 0
  for (const character of text) {
    total += columnsOf(character)
  }
  return total
}

// the text in `width` columns: padded, or cut between code points with "…" as its last column
const truncate = (text: string, width: number): string => {
  const total = columns(text)
  if (total <= width) {
    return text + " ".repeat(width - total)
  }
  let out = ""
  let used = 0
  for (const character of text) {
    const next = columnsOf(character)
    if (used + next > width - 1) {
      break
    }
    out += character
    used += next
  }
  return out + "…" + " ".repeat(Math.max(0, width - 1 - used))
}

const suffixOf = (lane: ReadonlyArray<Bar>): string => {
  const known = lane.filter((bar) => bar.start !== undefined || bar.end !== undefined)
  if (known.length === 0) {
    return "(any time)"
  }
  if (known.some((bar) => bar.end === undefined)) {
    return "running"
  }
  const last = known.reduce((a, b) => b.end! >= a.end! ? b : a)
  const when = formatHuman(last.end!)
  return last.outcome === "failure" ? `${when} failed` : last.outcome === "interrupted" ? `${when} interrupted` : when
}

/**
 * Renders bars as a text Gantt chart `width` columns wide: a time axis, then one lane per label.
 *
 * @internal
 */
export const chart = (bars: ReadonlyArray<Bar>, width: number, depth: number = Infinity): string => {
  if (bars.length === 0) {
    return "(empty timeline)"
  }
  const lanes = lanesOf(bars, depth)
  const total = horizon(bars)
  const suffixes = lanes.map((lane) => suffixOf(lane.bars))
  const suffixWidth = Math.max(...suffixes.map((s) => s.length))
  const labelWidth = Math.min(Math.max(...lanes.map((lane) => columns(lane.label))), Math.max(8, Math.floor(width / 3)))
  const barWidth = Math.max(10, width - labelWidth - suffixWidth - 2)
  const column = (t: number): number => Math.min(barWidth - 1, Math.max(0, Math.floor((t / total) * barWidth)))
  const ticks = ticksOf(total, Math.max(1, Math.floor(barWidth / 10)))
  const axis = Array.from({ length: barWidth }, () => "─")
  const scale = Array.from({ length: barWidth + suffixWidth + 1 }, () => " ")
  let free = 0
  for (const tick of ticks) {
    const col = tick >= total ? barWidth - 1 : column(tick)
    axis[col] = col === 0 ? "├" : col === barWidth - 1 ? "┤" : "┼"
    const text = tick === 0 ? "0" : formatHuman(tick)
    if (col >= free && col + text.length <= scale.length) {
      for (let i = 0; i < text.length; i++) {
        scale[col + i] = text.charAt(i)
      }
      free = col + text.length + 1
    }
  }
  axis[0] = "├"
  axis[barWidth - 1] = "┤"
  const pad = " ".repeat(labelWidth + 1)
  const lines = [pad + scale.join("").trimEnd(), pad + axis.join("")]
  lanes.forEach((lane, laneIndex) => {
    const cells = Array.from({ length: barWidth }, () => " ")
    lane.bars.forEach((bar, index) => {
      if (bar.start === undefined && bar.end === undefined) {
        return
      }
      const to = bar.end === undefined
        ? barWidth
        : Math.max(column(bar.end) + 1, Math.ceil((bar.end / total) * barWidth))
      if (bar.start === undefined) {
        const last = Math.min(barWidth, Math.max(1, to)) - 1
        for (let c = 0; c < last; c++) {
          if (cells[c] === " ") {
            cells[c] = "·"
          }
        }
        cells[last] = "█"
        return
      }
      const from = column(bar.start)
      const stop = Math.min(barWidth, Math.max(from + 1, to))
      const fill = bar.outcome === "interrupted" ? "░" : index % 2 === 0 ? "█" : "▓"
      for (let c = from; c < stop; c++) {
        cells[c] = fill
      }
      if (bar.outcome === "failure") {
        cells[stop - 1] = "✗"
      } else if (bar.outcome === "running") {
        cells[stop - 1] = "→"
      }
    })
    lines.push(`${truncate(lane.label, labelWidth)} ${cells.join("")} ${suffixes[laneIndex]}`.trimEnd())
  })
  return lines.join("\n")
}
