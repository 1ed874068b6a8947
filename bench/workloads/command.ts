/**
 * Workload 4d (issue 18): the command with a million waits. `effect-asyncio wait-n 1000000 1 --clock virtual` and
 * `task-wait-n …` run whole (wall time and peak RSS), and Ctrl-C with a million live waits pending (time from SIGINT
 * to exit, and the exit code).
 */
import { count, field, present, size } from "./common.js"
import type { Group, Implementation, Metric, Row, Workload } from "./types.js"

const seconds = (value: number): string => value >= 1 ? `${value.toFixed(2)} s` : `${(value * 1000).toFixed(0)} ms`

const megabytes = (value: number): string => `${Math.round(value / 2 ** 20).toLocaleString("en-US")} MB`

const command = (id: string, label: string, args: ReadonlyArray<string>): Implementation => ({
  id,
  label,
  kind: "ours",
  args,
  runner: "ours-package"
})

const runMetrics: ReadonlyArray<Metric> = [
  { label: "wall, spawn to exit", unit: "s", better: "lower", samples: field("wall_s"), format: seconds },
  { label: "peak RSS", unit: "B", better: "lower", samples: present("peak_rss_bytes"), format: megabytes },
  { label: "numbers printed", unit: "", better: "higher", samples: field("printed"), format: count }
]

/** Issue 18's limits for a million waits in virtual time. */
const wallLimit = 10
const rssLimit = 2 ** 30

export const commandGroup: Workload = (profile): Group => {
  const runs = profile.command.runs
  const sigint = profile.command.sigint
  const first = runs[0]
  return {
    id: "command",
    title: "The command with a million waits",
    description: "`effect-asyncio` bundled as `npm run build` bundles it, run by the same Node in its default heap, " +
      "its output a pipe drained by the bench: the wall time of a whole run from spawn to exit (Node's start-up " +
      "included), its peak RSS (read at exit by a preload given with `--import`; the command itself is unchanged) " +
      "and how many numbers it printed. Ctrl-C: `wait-n n 100000` and `task-wait-n n 100000` on the live clock " +
      "(delays up to 28 hours), SIGINT sent to the node process once it is idle (every wait pending: sleeping, at " +
      "most one CPU tick in each of 3 × 100 ms, read from /proc), as a terminal's Ctrl-C sends it; the time from " +
      "the signal to the exit, and the exit code (a run that does not exit 130 with `interrupted` on stderr and " +
      "nothing on stdout is a failure).",
    rows: [
      ...(first === undefined ? [] : [
        {
          id: "command-runs",
          title: `the command, ${runs.map((run) => run.args.join(" ")).join("; ")}`,
          implementations: runs.map((run) =>
            command(`command-${run.args[0]}`, `effect-asyncio ${run.args.join(" ")}`, ["run", ...run.args])
          ),
          repetitions: Math.max(...runs.map((run) => run.repetitions)),
          metrics: runMetrics,
          baseline: `command-${first.args[0]}`,
          target: {
            text: `each under ${wallLimit} s and ${megabytes(rssLimit).replace("1,024 MB", "1 GB")} peak RSS`,
            met: (_, all) => {
              const measured = runs.map((run) => all.get(`command-${run.args[0]}`))
              return measured.some((values) => values === undefined)
                ? false
                : measured.every((values) => values![0]! < wallLimit && values![1]! < rssLimit)
            }
          }
        } satisfies Row
      ]),
      {
        id: "command-sigint",
        title: `Ctrl-C with ${size(sigint.n)} live waits pending`,
        implementations: ["wait-n", "task-wait-n"].map((name) =>
          command(`sigint-${name}`, `effect-asyncio ${name} ${size(sigint.n)} 100000, SIGINT`, [
            "sigint",
            name,
            String(sigint.n)
          ])
        ),
        repetitions: sigint.repetitions,
        metrics: [
          { label: "SIGINT to exit", unit: "s", better: "lower", samples: field("exit_s"), format: seconds },
          { label: "exit code", unit: "", better: "lower", samples: field("code"), format: count },
          { label: "launch", unit: "s", better: "lower", samples: field("launch_s"), format: seconds }
        ],
        baseline: "sigint-wait-n",
        target: {
          text: "each exits 130 within 0.5 s, stderr \"interrupted\", stdout empty",
          met: (_, all) => {
            const measured = ["sigint-wait-n", "sigint-task-wait-n"].map((id) => all.get(id))
            return measured.every((values) => values !== undefined && values[0]! <= 0.5 && values[1] === 130)
          }
        }
      }
    ]
  }
}
