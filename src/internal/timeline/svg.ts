/**
 * The SVG picture of a timeline: one lane per label, a bar per span with its times as a tooltip, a time axis.
 *
 * @internal
 */
import { columns, formatHuman, horizon, lanesOf, ticksOf } from "./chart.js"
import type { Outcome } from "./model.js"
import type { Bar } from "./notation.js"

// text as XML character data or a double-quoted attribute value: its markup characters as references, and what XML
// cannot hold at all (control characters but tab and line ends, lone surrogates, U+FFFE, U+FFFF; a label has none, a
// title may) as U+FFFD
const escape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    .replace(/[\p{Cc}\p{Cs}\uFFFE\uFFFF]/gu, (c) => c === "\t" || c === "\n" || c === "\r" ? c : "\uFFFD")

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
  const labelWidth = Math.min(260, 16 + 7.2 * Math.max(4, ...lanes.map((lane) => columns(lane.label))))
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
