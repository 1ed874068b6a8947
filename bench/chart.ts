/**
 * The scaling picture of a run: waitN's overhead and its live memory per pending wait against n, log-log, the
 * library on its two clocks (and inside `VirtualTime.run`, for memory) against Python asyncio and plain Node, drawn
 * from the run's own medians as one standalone SVG (`bench/results/scaling.svg`). No chart library: lines, circles
 * and text, in the house style of the timeline pictures (white ground, monospace, light grid).
 */
import type { GroupResult, Report } from "./runner.js"

/** One line of a panel: an implementation of the rows, drawn in its colour. */
interface Series {
  readonly id: string
  readonly label: string
  readonly color: string
  readonly dash?: string | undefined
  readonly width: number
}

const series: ReadonlyArray<Series> = [
  { id: "ours-live", label: "effect-asyncio, LiveClock", color: "#4f7cff", width: 2.5 },
  { id: "ours", label: "effect-asyncio, Effect's default clock", color: "#12a594", width: 2 },
  { id: "ours-virtual", label: "effect-asyncio, inside VirtualTime.run", color: "#f5a524", dash: "7 4", width: 2.5 },
  { id: "python", label: "Python asyncio", color: "#e5484d", width: 2 },
  { id: "node", label: "plain Node", color: "#3a3a40", width: 2 },
  { id: "ours-live@effect3", label: "LiveClock, Effect 3 edition", color: "#a0a0a8", dash: "5 4", width: 1.5 }
]

/** A point of a line: n and the median, with the text of its tooltip. */
interface Point {
  readonly n: number
  readonly value: number
}

/** The medians of the first metric of a group's rows, by implementation id, at the n its row id ends with. */
const pointsOf = (group: GroupResult | undefined): ReadonlyMap<string, ReadonlyArray<Point>> => {
  const points = new Map<string, Array<Point>>()
  for (const row of group?.rows ?? []) {
    const n = Number(/-(\d+)$/.exec(row.id)?.[1])
    if (!Number.isFinite(n) || n <= 0) {
      continue
    }
    for (const implementation of row.implementations) {
      const value = implementation.metrics[0]?.median
      if (value !== undefined && Number.isFinite(value) && value > 0) {
        points.set(implementation.id, [...(points.get(implementation.id) ?? []), { n, value }])
      }
    }
  }
  for (const line of points.values()) {
    line.sort((a, b) => a.n - b.n)
  }
  return points
}

const escape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

/** n as people say it: 1k, 10k, 1M. */
const count = (n: number): string => n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n)

/** Seconds as a tick label: 1 ms, 100 ms, 1 s, 10 s, 1 µs. */
const time = (seconds: number): string =>
  seconds >= 1 ? `${+seconds.toPrecision(3)} s` : seconds >= 1e-3
    ? `${+(seconds * 1e3).toPrecision(3)} ms`
    : `${+(seconds * 1e6).toPrecision(3)} µs`

/** Bytes as a tick label: 500 B, 1 kB, 2 kB. */
const bytes = (value: number): string =>
  value >= 1e6 ? `${+(value / 1e6).toPrecision(3)} MB` : value >= 1e3
    ? `${+(value / 1e3).toPrecision(3)} kB`
    : `${+value.toPrecision(3)} B`

/** The exact value of a point, for its tooltip. */
const exactTime = (seconds: number): string =>
  seconds >= 1 ? `${seconds.toFixed(2)} s` : `${(seconds * 1e3).toFixed(seconds < 0.1 ? 1 : 0)} ms`

const exactBytes = (value: number): string => `${Math.round(value).toLocaleString("en-US")} B`

/**
 * Ticks of a log axis from `low` to `high` (both powers of ten): every decade, and 2× and 5× when the axis spans
 * at most two decades (a memory axis often spans one).
 */
const logTicks = (low: number, high: number): Array<{ readonly value: number; readonly major: boolean }> => {
  const decades = Math.round(Math.log10(high / low))
  const ticks: Array<{ value: number; major: boolean }> = []
  for (let e = Math.round(Math.log10(low)); e <= Math.round(Math.log10(high)); e++) {
    ticks.push({ value: 10 ** e, major: true })
    if (decades <= 2 && e < Math.round(Math.log10(high))) {
      ticks.push({ value: 2 * 10 ** e, major: false }, { value: 5 * 10 ** e, major: false })
    }
  }
  return ticks
}

/** The decade bounds around every value (at least one decade). */
const decadeBounds = (values: ReadonlyArray<number>): readonly [number, number] => {
  const low = 10 ** Math.floor(Math.log10(Math.min(...values)))
  const high = 10 ** Math.ceil(Math.log10(Math.max(...values)))
  return [low, high > low ? high : low * 10]
}

interface Panel {
  readonly title: string
  readonly axis: string
  readonly points: ReadonlyMap<string, ReadonlyArray<Point>>
  readonly tick: (value: number) => string
  readonly exact: (value: number) => string
}

const plotWidth = 380
const plotHeight = 280
const panelWidth = 480
const left = 78
const top = 56

/** One panel at horizontal offset `x0`: frame, grid, decade ticks, axis titles, lines with their points. */
const panel = (x0: number, spec: Panel, nBounds: readonly [number, number]): Array<string> => {
  const values = Array.from(spec.points.values()).flatMap((line) => line.map((point) => point.value))
  const [low, high] = decadeBounds(values)
  const x = (n: number): number =>
    x0 + left + (Math.log10(n / nBounds[0]) / Math.log10(nBounds[1] / nBounds[0])) * plotWidth
  const y = (value: number): number =>
    top + plotHeight - (Math.log10(value / low) / Math.log10(high / low)) * plotHeight
  const out: Array<string> = [
    `<text x="${x0 + left}" y="24" font-size="14" font-weight="bold" fill="#222">${escape(spec.title)}</text>`
  ]
  for (const tick of logTicks(nBounds[0], nBounds[1])) {
    if (!tick.major) {
      continue
    }
    const tx = x(tick.value).toFixed(1)
    out.push(
      `<line x1="${tx}" y1="${top}" x2="${tx}" y2="${top + plotHeight}" stroke="#e4e4e8"/>`,
      `<text x="${tx}" y="${top + plotHeight + 18}" text-anchor="middle" fill="#666">${count(tick.value)}</text>`
    )
  }
  for (const tick of logTicks(low, high)) {
    const ty = y(tick.value).toFixed(1)
    out.push(
      `<line x1="${x0 + left}" y1="${ty}" x2="${x0 + left + plotWidth}" y2="${ty}" stroke="${
        tick.major ? "#e4e4e8" : "#f1f1f4"
      }"/>`,
      `<text x="${x0 + left - 8}" y="${(+ty + 4).toFixed(1)}" text-anchor="end" fill="${
        tick.major ? "#666" : "#999"
      }">${spec.tick(tick.value)}</text>`
    )
  }
  out.push(
    `<rect x="${x0 + left}" y="${top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#c0c0c8"/>`,
    `<text x="${x0 + left + plotWidth / 2}" y="${top + plotHeight + 40}" text-anchor="middle" fill="#222">` +
      "n, waits (log scale)</text>",
    `<text transform="translate(${x0 + 16} ${top + plotHeight / 2}) rotate(-90)" text-anchor="middle" fill="#222">` +
      `${escape(spec.axis)}</text>`
  )
  // drawn last to first, so that the library's LiveClock line lies on top where lines meet
  for (const line of [...series].reverse()) {
    const points = spec.points.get(line.id)
    if (points === undefined || points.length === 0) {
      continue
    }
    const path = points.map((point) => `${x(point.n).toFixed(1)},${y(point.value).toFixed(1)}`).join(" ")
    out.push(
      `<polyline points="${path}" fill="none" stroke="${line.color}" stroke-width="${line.width}"` +
        `${line.dash === undefined ? "" : ` stroke-dasharray="${line.dash}"`} stroke-linejoin="round"/>`
    )
    for (const point of points) {
      out.push(
        `<circle cx="${x(point.n).toFixed(1)}" cy="${y(point.value).toFixed(1)}" r="3.5" fill="${line.color}">` +
          `<title>${escape(`${line.label}, n = ${point.n.toLocaleString("en-US")}: ${spec.exact(point.value)}`)}` +
          "</title></circle>"
      )
    }
  }
  return out
}

/**
 * The picture of a run's scaling, or undefined when its waitN and memory groups do not both have two sizes or more
 * (a run of other groups, say).
 */
export const scalingSvg = (report: Report): string | undefined => {
  const overhead = pointsOf(report.groups.find((group) => group.id === "wait-n"))
  const memory = pointsOf(report.groups.find((group) => group.id === "memory"))
  const sizes = (points: ReadonlyMap<string, ReadonlyArray<Point>>) =>
    new Set(Array.from(points.values()).flatMap((line) => line.map((point) => point.n)))
  const all = [...sizes(overhead), ...sizes(memory)]
  if (sizes(overhead).size < 2 || sizes(memory).size < 2) {
    return undefined
  }
  const nBounds = decadeBounds(all)
  const drawn = series.filter((line) => overhead.has(line.id) || memory.has(line.id))
  const legendTop = top + plotHeight + 64
  const rowsOfLegend = Math.ceil(drawn.length / 2)
  const width = 2 * panelWidth
  const height = legendTop + rowsOfLegend * 20 + 34
  const out: Array<string> = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...panel(0, {
      title: "waitN(n, 1): overhead",
      axis: "wall − largest delay (log scale)",
      points: overhead,
      tick: time,
      exact: exactTime
    }, nBounds),
    ...panel(panelWidth, {
      title: "live memory per pending wait",
      axis: "bytes per wait (log scale)",
      points: memory,
      tick: bytes,
      exact: exactBytes
    }, nBounds)
  ]
  drawn.forEach((line, index) => {
    const lx = left + (index % 2) * panelWidth
    const ly = legendTop + Math.floor(index / 2) * 20
    out.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 28}" y2="${ly}" stroke="${line.color}" stroke-width="${line.width}"` +
        `${line.dash === undefined ? "" : ` stroke-dasharray="${line.dash}"`}/>`,
      `<circle cx="${lx + 14}" cy="${ly}" r="3.5" fill="${line.color}"/>`,
      `<text x="${lx + 38}" y="${ly + 4}" fill="#222">${escape(line.label)}</text>`
    )
  })
  const m = report.machine
  out.push(
    `<text x="${left}" y="${height - 12}" font-size="11" fill="#666">${
      escape(
        `medians of npm run bench, profile ${report.profile}, ${
          report.generatedAt.slice(0, 16).replace("T", " ")
        } UTC; Node ${m.node}, Python ${m.python}, effect ${m.effect}; load ${m.loadAverage?.split(" ")[0] ?? "?"}`
      )
    }</text>`,
    "</svg>"
  )
  return out.join("\n") + "\n"
}
