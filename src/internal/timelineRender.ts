/**
 * Rendering of timelines: the text Gantt chart, the SVG picture, and the compact notation (format and parse).
 *
 * Works on "bars": a span whose start may be unknown (an expected entry written as `a@250` says only when `a`
 * ended). Times are milliseconds since the recording began.
 *
 * @internal
 */

/** @internal */
export type Outcome = "success" | "failure" | "interrupted" | "running"

/** @internal */
export interface Bar {
  readonly label: string
  readonly start: number | undefined
  readonly end: number | undefined
  readonly outcome: Outcome
}

/** @internal */
export const formatMillis = (ms: number): string => {
  const rounded = Math.round(ms * 1e6) / 1e6
  return String(rounded)
}

/** @internal */
export const formatHuman = (ms: number): string => {
  if (ms < 1000) {
    return `${formatMillis(ms)}ms`
  }
  return `${Math.round(ms) / 1000}s`
}

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

// ---------------------------------------------------------------------------------------------------------------
// Text chart
// ---------------------------------------------------------------------------------------------------------------

const parentOf = (label: string): string | undefined => {
  const slash = label.lastIndexOf("/")
  return slash < 0 ? undefined : label.slice(0, slash)
}

const truncatePath = (label: string, depth: number): string => label.split("/").slice(0, depth).join("/")

/**
 * Groups bars into lanes, one per label (labels deeper than `depth` path segments join their ancestor's lane).
 * Lanes come in order of first start (ties: the order the bars are given), and a nested label's lane comes right
 * after its parent's. Within a lane, bars are sorted by start, longer first.
 */
const lanesOf = (
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

const horizon = (bars: ReadonlyArray<Bar>): number => {
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

const ticksOf = (total: number, maxTicks: number): Array<number> => {
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

// ---------------------------------------------------------------------------------------------------------------
// SVG
// ---------------------------------------------------------------------------------------------------------------

const escape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

const colors: Record<Outcome, readonly [string, string]> = {
  success: ["#4f7cff", "#7d9eff"],
  failure: ["#e5484d", "#f07b7e"],
  interrupted: ["#a0a0a8", "#c0c0c8"],
  running: ["#f5a524", "#f7bf5e"]
}

/**
 * Renders bars as a standalone SVG document `width` pixels wide.
 *
 * @internal
 */
export const svg = (
  bars: ReadonlyArray<Bar>,
  width: number,
  title: string | undefined,
  depth: number = Infinity
): string => {
  const lanes = lanesOf(bars, depth)
  const total = horizon(bars)
  const laneHeight = 24
  const labelWidth = Math.min(260, 16 + 7.2 * Math.max(4, ...lanes.map((lane) => lane.label.length)))
  const right = 16
  const top = (title === undefined ? 0 : 26) + 30
  const plot = Math.max(100, width - labelWidth - right)
  const height = top + lanes.length * laneHeight + 12
  const x = (t: number): number => labelWidth + (t / total) * plot
  const out: Array<string> = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`
  ]
  if (title !== undefined) {
    out.push(`<text x="${labelWidth}" y="20" font-size="14" font-weight="bold" fill="#222">${escape(title)}</text>`)
  }
  for (const tick of ticksOf(total, Math.max(1, Math.floor(plot / 80)))) {
    const tx = x(tick).toFixed(1)
    out.push(
      `<line x1="${tx}" y1="${top - 8}" x2="${tx}" y2="${height - 8}" stroke="#e4e4e8"/>`,
      `<text x="${tx}" y="${top - 14}" text-anchor="middle" fill="#666">${tick === 0 ? "0" : formatHuman(tick)}</text>`
    )
  }
  lanes.forEach((lane, laneIndex) => {
    const y = top + laneIndex * laneHeight
    out.push(
      `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" fill="#222">${escape(lane.label)}</text>`
    )
    lane.bars.forEach((bar, index) => {
      if (bar.start === undefined && bar.end === undefined) {
        return
      }
      const start = bar.start ?? 0
      const end = bar.end ?? total
      const w = Math.max(2, x(end) - x(start))
      const fill = colors[bar.outcome][index % 2]
      const tip = `${bar.label}: ${formatHuman(start)} – ${bar.end === undefined ? "running" : formatHuman(end)}` +
        (bar.outcome === "success" || bar.outcome === "running" ? "" : ` (${bar.outcome})`)
      out.push(
        `<rect x="${x(start).toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${laneHeight - 8}" rx="3" ` +
          `fill="${fill}"${bar.start === undefined ? ` fill-opacity="0.35"` : ""}><title>${escape(tip)}</title></rect>`
      )
    })
  })
  out.push("</svg>")
  return out.join("\n") + "\n"
}
