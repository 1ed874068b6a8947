/**
 * The text Gantt chart of a timeline, and the layout it shares with the SVG picture: lanes (one per label, nested
 * labels right after their parent), the time horizon and the axis ticks.
 *
 * @internal
 */
import type { Bar } from "./timelineNotation.js"
import { formatMillis } from "./timelineNotation.js"

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

const truncate = (text: string, width: number): string =>
  text.length <= width ? text.padEnd(width) : text.slice(0, Math.max(0, width - 1)) + "…"

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
  const labelWidth = Math.min(Math.max(...lanes.map((lane) => lane.label.length)), Math.max(8, Math.floor(width / 3)))
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
