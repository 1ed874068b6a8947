/**
 * Workloads 7 and 8: the package as users get it. Start-up of the installed command against a bare `import("effect")`, and
 * the esbuild-minified size of small apps against the same app written with bare Effect.
 */
import { bytes, count, field } from "./common.js"
import type { Implementation, Metric, Row, Workload } from "./types.js"

const packageBench = (id: string, label: string, kind: Implementation["kind"], args: ReadonlyArray<string>) => ({
  id,
  label,
  kind,
  args,
  runner: "ours-package" as const
})

const seconds = (value: number): string => `${(value * 1000).toFixed(0)} ms`

const sizeMetrics: ReadonlyArray<Metric> = [
  { label: "minified bytes", unit: "B", better: "lower", samples: field("bytes"), format: bytes },
  { label: "from effect-asyncio", unit: "B", better: "lower", samples: field("own_bytes"), format: bytes },
  { label: "chart renderer in it", unit: "", better: "lower", samples: field("renderer"), format: count },
  { label: "@effect/cli in it", unit: "", better: "lower", samples: field("cli"), format: count }
]

const bundleRow = (name: string, title: string, target: Row["target"]): Row => ({
  id: `bundle-${name}`,
  title,
  implementations: [
    packageBench("bare", "the same app on bare Effect", "reference", ["bundle", "baseline"]),
    packageBench("ours", `effect-asyncio, ${title}`, "ours", ["bundle", name])
  ],
  repetitions: 1,
  metrics: sizeMetrics,
  baseline: "bare",
  target
})

export const startup: Workload = (profile) => {
  const times = profile.name === "tiny" ? 1 : 5
  return {
    id: "startup",
    title: "Start-up of the command",
    description: "`effect-asyncio --help` (the command as `npm run build` bundles it, run by plain node) against " +
      "`node -e \"import('effect')\"`, each the median of " + `${times} starts per process.`,
    rows: [
      {
        id: "startup",
        title: "start-up: effect-asyncio --help",
        implementations: [
          packageBench("effect", "node -e \"import('effect')\"", "reference", ["startup", "effect", String(times)]),
          packageBench("ours", "effect-asyncio --help", "ours", ["startup", "command", String(times)])
        ],
        repetitions: profile.repetitions,
        metrics: [{ label: "wall", unit: "s", better: "lower", samples: field("seconds"), format: seconds }],
        baseline: "effect",
        target: {
          text: "≤ 1.5× import('effect')",
          met: (medians) => {
            const ours = medians.get("ours")
            const effect = medians.get("effect")
            return ours === undefined || effect === undefined ? undefined : ours <= 1.5 * effect
          }
        }
      }
    ]
  }
}

export const bundle: Workload = () => ({
  id: "bundle",
  title: "Bundle size",
  description: "esbuild --minify bundles of small apps (`import { waitN }`, `import { VirtualTime }`, the whole " +
    "library) against the waitN app written with bare Effect (Effect.forEach of Random + sleep): all bytes, the " +
    "bytes of effect-asyncio's own modules, and whether the chart renderer or @effect/cli is in the bundle.",
  rows: [
    bundleRow("waitN", "import { waitN }", {
      text: "≤ 10 KB from effect-asyncio; no renderer, no @effect/cli",
      met: (_, all) => {
        const ours = all.get("ours")
        return ours === undefined ? undefined : ours[1]! <= 10_240 && ours[2] === 0 && ours[3] === 0
      }
    }),
    bundleRow("VirtualTime", "import { VirtualTime }", {
      text: "no renderer, no @effect/cli",
      met: (_, all) => {
        const ours = all.get("ours")
        return ours === undefined ? undefined : ours[2] === 0 && ours[3] === 0
      }
    }),
    bundleRow("library", "the whole library", {
      text: "no @effect/cli",
      met: (_, all) => {
        const ours = all.get("ours")
        return ours === undefined ? undefined : ours[3] === 0
      }
    })
  ]
})
