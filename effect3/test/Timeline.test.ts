import { assert, describe, it } from "@effect/vitest"
import { Clock, Deferred, Effect, Either, Exit, FastCheck, Fiber, Option, Random, TestClock, Tracer } from "effect"
import { asyncComprehension, measureRuntime, taskWaitN, Timeline, VirtualTime, waitN } from "effect-asyncio"
import { program as measureRuntimeTimeline } from "../examples/measure-runtime-timeline.js"
import { defectMessage } from "./utils/defect.js"
import * as TestConsole from "./utils/TestConsole.js"

const sleepAs = <A>(millis: number, value: A) => Effect.as(Effect.sleep(`${millis} millis`), value)

const abc = Effect.all([
  Timeline.label(sleepAs(250, "a"), "a"),
  Timeline.label(sleepAs(100, "b"), "b"),
  Timeline.label(Effect.zipRight(Effect.sleep("150 millis"), Effect.fail("c failed")), "c").pipe(Effect.ignore),
  Timeline.label(Effect.never, "d").pipe(Effect.timeout("300 millis"), Effect.ignore)
], { concurrency: "unbounded" })

const span = (label: string, start: number, end: number | undefined, outcome: Timeline.Outcome = "success") => ({
  label,
  start,
  end,
  outcome
})

/** A clock that dies when read: proves that labelling without a recorder never reads the clock. */
const unreadableClock: Clock.Clock = {
  [Clock.ClockTypeId]: Clock.ClockTypeId,
  unsafeCurrentTimeMillis: () => {
    throw new Error("clock read")
  },
  currentTimeMillis: Effect.die("clock read"),
  unsafeCurrentTimeNanos: () => {
    throw new Error("clock read")
  },
  currentTimeNanos: Effect.die("clock read"),
  sleep: () => Effect.void
}

/** An application's tracer, as `@effect/opentelemetry` installs one: it notes each span as `name<parent>`. */
const applicationTracer = (native: Tracer.Tracer, seen: Array<string>): Tracer.Tracer =>
  Tracer.make({
    span: (name, parent, context, links, startTime, kind, options) => {
      const up = Option.isSome(parent) && parent.value._tag === "Span" ? parent.value.name : "-"
      seen.push(`${name}<${up}>`)
      return native.span(name, parent, context, links, startTime, kind, options)
    },
    context: (execution) => execution()
  })

describe("Timeline", () => {
  describe("recording", () => {
    it.effect("records start, end and outcome of each labelled effect, in the order they ended", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(abc))
        assert.deepStrictEqual(timeline.spans, [
          span("b", 0, 100),
          span("c", 0, 150, "failure"),
          span("a", 0, 250),
          span("d", 0, 300, "interrupted")
        ])
        assert.strictEqual(Timeline.toNotation(timeline), "b@0..100 c@0..150! a@0..250 d@0..300~")
      }))

    it.effect("labelling with no recorder installed runs the effect unchanged and never reads the clock", () =>
      Effect.gen(function*() {
        const value = yield* Timeline.label(Effect.succeed(42), "x").pipe(Effect.withClock(unreadableClock))
        assert.strictEqual(value, 42)
        const failed = yield* Effect.exit(Timeline.label(Effect.fail("e"), "x"))
        assert.deepStrictEqual(failed, Exit.fail("e"))
      }))

    it.effect("labelling makes a span only where it can be seen: none with Effect's native tracer alone", () =>
      Effect.gen(function*() {
        const spanName = Effect.map(Effect.option(Effect.currentSpan), Option.map((span) => span.name))
        assert.deepStrictEqual(yield* Timeline.label(spanName, "x"), Option.none())
        const [, inside] = yield* Timeline.record(Timeline.label(spanName, "x"))
        assert.deepStrictEqual(inside, Option.some("x"))
      }))

    it.effect("nests labels with / and passes the recorder to forked fibers", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(
          Timeline.label(
            Effect.gen(function*() {
              const child = yield* Effect.fork(Timeline.label(Effect.sleep("1 second"), "child"))
              yield* Timeline.label(Effect.sleep("2 seconds"), "own")
              yield* Fiber.join(child)
            }),
            "parent"
          )
        ))
        assert.strictEqual(
          Timeline.toNotation(timeline),
          "parent/child@0..1000 parent/own@0..2000 parent@0..2000"
        )
      }))

    it.effect("lists spans still running at the end, in start order", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(Effect.gen(function*() {
          const gate = yield* Deferred.make<void>()
          yield* Effect.forkDaemon(Timeline.label(Deferred.await(gate), "waiter"))
          yield* Timeline.label(Effect.sleep("1 second"), "sleeper")
        })))
        assert.deepStrictEqual(timeline.spans, [span("sleeper", 0, 1000), span("waiter", 0, undefined, "running")])
        assert.strictEqual(Timeline.toNotation(timeline), "sleeper@0..1000 waiter@0..")
      }))

    it.effect("recordExit keeps the timeline of a failing effect", () =>
      Effect.gen(function*() {
        const [timeline, exit] = yield* VirtualTime.run(
          Timeline.recordExit(Timeline.label(Effect.zipRight(Effect.sleep("1 second"), Effect.fail("boom")), "job"))
        )
        assert.deepStrictEqual(exit, Exit.fail("boom"))
        assert.strictEqual(Timeline.toNotation(timeline), "job@0..1000!")
      }))

    it.effect("reads TestClock too: times are relative to the start of the recording", () =>
      Effect.gen(function*() {
        yield* TestClock.adjust("5 seconds")
        const fiber = yield* Effect.fork(Timeline.record(Timeline.label(Effect.sleep("2 seconds"), "x")))
        yield* TestClock.adjust("2 seconds")
        const [timeline] = yield* Fiber.join(fiber)
        assert.strictEqual(Timeline.toNotation(timeline), "x@0..2000")
      }))

    it.effect("filter keeps the labels that match", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(abc))
        assert.strictEqual(
          Timeline.toNotation(Timeline.filter(timeline, (label) => label < "c")),
          "b@0..100 a@0..250"
        )
      }))
  })

  describe("Effect's spans", () => {
    it.effect("records a program's own Effect.withSpan and Effect.fn spans, nested with labels either way", () =>
      Effect.gen(function*() {
        const load = Effect.fn("load")(function*(millis: number) {
          yield* Effect.sleep(`${millis} millis`)
        })
        const [timeline] = yield* VirtualTime.run(Timeline.record(Effect.all([
          Effect.withSpan(Timeline.label(Effect.sleep("100 millis"), "step"), "request"),
          Timeline.label(Effect.withSpan(Effect.sleep("50 millis"), "fetch"), "job"),
          load(75)
        ], { concurrency: "unbounded" })))
        assert.strictEqual(
          Timeline.toNotation(timeline),
          "job/fetch@0..50 job@0..50 load@0..75 request/step@0..100 request@0..100"
        )
      }))

    it.effect("writes span names the notation cannot hold with percent escapes, and the empty name as %", () =>
      Effect.gen(function*() {
        const [timeline] = yield* Timeline.record(Effect.all([
          Effect.withSpan(Effect.void, "GET /users"),
          Effect.withSpan(Effect.void, ""),
          Effect.withSpan(Effect.void, "50% @home"),
          Effect.withSpan(Effect.void, "tab\there")
        ]))
        assert.deepStrictEqual(timeline.spans.map((s) => s.label), [
          "GET%20%2Fusers",
          "%",
          "50%25%20%40home",
          "tab%09here"
        ])
        yield* Timeline.assertMatches(timeline, "GET%20%2Fusers@0..0 %@0..0 50%25%20%40home@0..0 tab%09here@0..0")
      }))

    const anyName = FastCheck.oneof(
      FastCheck.string({ unit: "binary" }),
      FastCheck.string({ unit: FastCheck.constantFrom("a", "2", "5", "%", "/", "@", " ", "\t", "\u3000", "é") })
    )

    it.effect.prop(
      "every span name is written as one label that the notation reads back, and different names stay different",
      [anyName, anyName],
      ([a, b]) =>
        Effect.gen(function*() {
          const [timeline] = yield* Timeline.record(
            Effect.all([Effect.withSpan(Effect.void, a), Effect.withSpan(Effect.void, b)])
          )
          const [first, second] = timeline.spans.map((s) => s.label)
          assert.isFalse(first!.includes("/"))
          assert.strictEqual(first === second, a === b)
          yield* Timeline.assertMatches(timeline, `${first}@0..0 ${second}@0..0`)
        })
    )

    it.effect("under an application's tracer the exercises' children are spans in the caller's span", () =>
      Effect.gen(function*() {
        const seen: Array<string> = []
        const tracer = applicationTracer(yield* Effect.tracer, seen)
        yield* VirtualTime.run(Effect.withSpan(Effect.all([waitN(2, 1), taskWaitN(2, 1)]), "app")).pipe(
          Effect.withTracer(tracer)
        )
        assert.deepStrictEqual(seen, ["app<->", "wait-0<app>", "wait-1<app>", "task-0<app>", "task-1<app>"])
      }).pipe(Effect.withRandom(Random.make(1))))

    it.effect("recording hands every span on to the application's tracer", () =>
      Effect.gen(function*() {
        const seen: Array<string> = []
        const tracer = applicationTracer(yield* Effect.tracer, seen)
        const [timeline] = yield* VirtualTime.run(Timeline.record(Effect.withSpan(waitN(2, 1), "app"))).pipe(
          Effect.withTracer(tracer)
        )
        assert.deepStrictEqual(seen, ["app<->", "wait-0<app>", "wait-1<app>"])
        yield* Timeline.assertMatches(timeline, "app/wait-0@0..620 app/wait-1@0..999 app@0..999")
      }).pipe(Effect.withRandom(Random.make(1))))

    it.effect("a label's span is made as Effect.withSpan makes one: parent, annotations, links, timing, its exit", () =>
      Effect.gen(function*() {
        const spans: Array<Tracer.Span> = []
        const native = yield* Effect.tracer
        const tracer = Tracer.make({
          span: (name, parent, context, links, startTime, kind, options) => {
            const made = native.span(name, parent, context, links, startTime, kind, options)
            spans.push(made)
            return made
          },
          context: (execution) => execution()
        })
        const link = Tracer.externalSpan({ spanId: "l", traceId: "t" })
        const body = Effect.zipRight(Effect.sleep("1 second"), Effect.fail("boom"))
        const labelled = Effect.gen(function*() {
          const inner = yield* Effect.either(Timeline.label(body, "x"))
          yield* Effect.withSpan(Effect.void, "after")
          return inner
        }).pipe(
          Effect.annotateSpans("user", "ann"),
          Effect.linkSpans(link),
          Effect.withSpan("app"),
          Effect.withTracer(tracer)
        )
        assert.deepStrictEqual(yield* VirtualTime.run(labelled), Either.left("boom"))
        const [app, x, after] = spans
        assert.deepStrictEqual(spans.map((span) => span.name), ["app", "x", "after"])
        assert.strictEqual(Option.getOrUndefined(x!.parent), app)
        // the label's span ended when its effect did, and what follows is in the caller's span again
        assert.strictEqual(Option.getOrUndefined(after!.parent), app)
        assert.strictEqual(x!.attributes.get("user"), "ann")
        assert.deepStrictEqual(x!.links.map((l) => l.span), [link])
        assert.deepStrictEqual(x!.status._tag === "Ended" ? [x!.status.startTime, x!.status.endTime] : [], [
          BigInt(0),
          BigInt(1_000_000_000)
        ])
        assert.isTrue(x!.status._tag === "Ended" && Exit.isFailure(x!.status.exit))
      }))

    it.effect("with tracing off, a label under an application's tracer makes no span, as Effect.withSpan would", () =>
      Effect.gen(function*() {
        const seen: Array<string> = []
        const tracer = applicationTracer(yield* Effect.tracer, seen)
        yield* VirtualTime.run(Timeline.label(Effect.sleep("1 second"), "x")).pipe(
          Effect.withTracerEnabled(false),
          Effect.withTracer(tracer)
        )
        assert.deepStrictEqual(seen, [])
      }))

    it.effect("a recording's spans start at its own top, inside whatever span the recording runs in", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(
          Effect.withSpan(Timeline.record(Timeline.label(Effect.sleep("1 second"), "x")), "outer")
        )
        assert.strictEqual(Timeline.toNotation(timeline), "x@0..1000")
      }))

    it.effect("records even where tracing was turned off outside the recording", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(Timeline.label(Effect.sleep("1 second"), "x"))).pipe(
          Effect.withTracerEnabled(false)
        )
        assert.strictEqual(Timeline.toNotation(timeline), "x@0..1000")
      }))
  })

  describe("labels", () => {
    it.effect("a label name the notation cannot write as it is is a defect of the label, recorded or not", () =>
      Effect.gen(function*() {
        const rule = "a non-empty string without whitespace, \"@\", \"/\" or \"%\""
        for (const name of ["a b", "", "a@b", "a/b", "50%", "tab\t", "\u3000"]) {
          const bare = yield* Effect.exit(Timeline.label(Effect.void, name))
          assert.strictEqual(defectMessage(bare), `Timeline.label: name must be ${rule}, got ${JSON.stringify(name)}`)
          const recorded = yield* Timeline.recordExit(Timeline.label(Effect.void, name))
          assert.strictEqual(defectMessage(recorded[1]), defectMessage(bare))
          assert.deepStrictEqual(recorded[0].spans, [])
        }
        const notAString = yield* Effect.exit(Timeline.label(Effect.void, 7 as unknown as string))
        assert.strictEqual(defectMessage(notAString), `Timeline.label: name must be ${rule}, got 7`)
      }))
  })

  describe("observing", () => {
    it.effect("hands each span to the observer as it starts and as it ends, with its place and nothing kept", () =>
      Effect.gen(function*() {
        const events: Array<string> = []
        const note = (phase: string) => (event: Timeline.SpanEvent) => {
          events.push(
            `${phase} #${event.id} ${event.label} name=${event.name} depth=${event.depth} parent=${event.parent} ` +
              `${event.start}..${event.end} ${event.outcome}`
          )
        }
        const value = yield* VirtualTime.run(Timeline.observe(
          Timeline.label(
            Effect.all([
              Timeline.label(Effect.as(Effect.sleep("100 millis"), "a"), "a"),
              Effect.withSpan(Effect.zipRight(Effect.sleep("50 millis"), Effect.fail("b failed")), "b b").pipe(
                Effect.ignore
              )
            ], { concurrency: "unbounded" }),
            "job"
          ),
          { onStart: note("start"), onEnd: note("end") }
        ))
        assert.deepStrictEqual(value, ["a", undefined])
        assert.deepStrictEqual(events, [
          "start #0 job name=job depth=0 parent=undefined 0..undefined running",
          "start #1 job/a name=a depth=1 parent=0 0..undefined running",
          "start #2 job/b%20b name=b b depth=1 parent=0 0..undefined running",
          "end #2 job/b%20b name=b b depth=1 parent=0 0..50 failure",
          "end #1 job/a name=a depth=1 parent=0 0..100 success",
          "end #0 job name=job depth=0 parent=undefined 0..100 success"
        ])
      }))

    it.effect("counting the ends at depth 0 counts an exercise's direct children, whatever their names", () =>
      Effect.gen(function*() {
        const depths: Array<number> = []
        const count = { onEnd: (event: Timeline.SpanEvent) => depths.push(event.depth) }
        yield* VirtualTime.run(Timeline.observe(waitN(5, 1), count))
        assert.deepStrictEqual(depths, [0, 0, 0, 0, 0])
        depths.length = 0
        yield* VirtualTime.run(Timeline.observe(measureRuntime(), count))
        assert.strictEqual(depths.filter((depth) => depth === 0).length, 4)
        assert.strictEqual(depths.filter((depth) => depth === 1).length, 40)
      }).pipe(Effect.withRandom(Random.make(3))))

    it.effect("observing inside a recording: both see every span", () =>
      Effect.gen(function*() {
        const observed: Array<string> = []
        const [timeline] = yield* VirtualTime.run(Timeline.record(Effect.all([
          Timeline.label(Effect.sleep("1 second"), "outside"),
          Timeline.observe(Timeline.label(Effect.sleep("2 seconds"), "inside"), {
            onEnd: (event) => observed.push(`${event.label}@${event.end}`)
          })
        ], { concurrency: "unbounded" })))
        assert.deepStrictEqual(observed, ["inside@2000"])
        assert.strictEqual(Timeline.toNotation(timeline), "outside@0..1000 inside@0..2000")
      }))
  })

  describe("exercises", () => {
    it.effect("waitN(5, 5) under seed 42 gives exactly this timeline", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(waitN(5, 5)))
        yield* Timeline.assertMatches(
          timeline,
          "wait-0@0..48 wait-2@0..54 wait-3@0..992 wait-1@0..1370 wait-4@0..3403"
        )
      }).pipe(Effect.withRandom(Random.make(42))))

    it.effect("taskWaitN labels its tasks", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(taskWaitN(3, 2)))
        yield* Timeline.assertMatches(timeline, "task-0@36 task-2@243 task-1@1228")
      }).pipe(Effect.withRandom(Random.make(7))))

    it.effect("the generator labels each emission", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(asyncComprehension({ count: 3 })))
        yield* Timeline.assertMatches(timeline, "emit@0..1s emit@1s..2s emit@2s..3s")
      }))

    it.effect("the measure-runtime-timeline example prints four lanes ending at 10 s", () =>
      Effect.gen(function*() {
        const output = TestConsole.make()
        yield* Effect.withConsole(measureRuntimeTimeline, output.console)
        const lines = output.out.join("\n").split("\n")
        assert.strictEqual(lines.length, 7)
        assert.deepStrictEqual(
          lines.slice(2, 6).map((line) => line.split(" ")[0]),
          ["comprehension-0", "comprehension-1", "comprehension-2", "comprehension-3"]
        )
        assert.isTrue(lines.slice(2, 6).every((line) => line.endsWith(" 10s")))
        assert.strictEqual(lines[6], "measureRuntime: 10.0 s of virtual time, 4 lanes × 10 emissions")
      }))

    it.effect("measureRuntime shows four parallel comprehensions of ten emissions each", () =>
      Effect.gen(function*() {
        const [timeline, seconds] = yield* VirtualTime.run(Timeline.record(measureRuntime()))
        assert.strictEqual(seconds, 10)
        yield* Timeline.assertMatches(
          Timeline.filter(timeline, (label) => !label.includes("/")),
          "comprehension-0@0..10s comprehension-1@0..10s comprehension-2@0..10s comprehension-3@0..10s"
        )
        const emissions = timeline.spans.filter((s) => s.label === "comprehension-2/emit")
        assert.deepStrictEqual(emissions.map((s) => s.end), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => s * 1000))
      }))
  })

  describe("notation", () => {
    const timeline: Timeline.Timeline = {
      spans: [
        span("b", 0, 100),
        span("c", 20, 150, "failure"),
        span("a", 0, 250),
        span("d", 0, 300, "interrupted"),
        span("e", 50, undefined, "running")
      ]
    }
    const matches = (notation: string) => Effect.isSuccess(Timeline.assertMatches(timeline, notation))

    it.effect("accepts end times, ranges, units, marks, bare labels and running spans", () =>
      Effect.gen(function*() {
        assert.isTrue(yield* matches("b@100 c@150! a@250 d@300~ e@50.."))
        assert.isTrue(yield* matches("b@0..100 c@20..150! a@0..0.25s d@0.3s~ e@50.."))
        assert.isTrue(yield* matches("  b  c a d e  "))
        assert.isTrue(yield* matches("b@100ms c@0.15s! a@250 d e"))
      }))

    it.effect("rejects wrong order, times, outcomes and counts", () =>
      Effect.gen(function*() {
        assert.isFalse(yield* matches("c@150! b@100 a@250 d@300~ e@50.."))
        assert.isFalse(yield* matches("b@101 c@150! a@250 d@300~ e@50.."))
        assert.isFalse(yield* matches("b@100 c@10..150! a@250 d@300~ e@50.."))
        assert.isFalse(yield* matches("b@100 c@150 a@250 d@300~ e@50.."))
        assert.isFalse(yield* matches("b@100 c@150! a@250 d@300! e@50.."))
        assert.isFalse(yield* matches("b@100 c@150! a@250 d@300~"))
        assert.isFalse(yield* matches("b@100 c@150! a@250 d@300~ e@50.. f"))
        assert.isFalse(yield* matches("b@100 c@150! a@250 d@300~ e@300"))
      }))

    it.effect("a failing assertion names the first difference and shows both charts", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(
          Timeline.assertMatches({ spans: [span("b", 0, 100), span("a", 0, 250)] }, "a@250 b@100", {
            width: 40
          })
        )
        assert.strictEqual(error._tag, "TimelineMismatchError")
        assert.strictEqual(error.reason, "entry 1 differs: expected a@250, got b@0..100")
        assert.strictEqual(error.actual, "b@0..100 a@0..250")
        assert.strictEqual(
          error.message,
          [
            "Timeline mismatch: entry 1 differs: expected a@250, got b@0..100",
            "  expected: a@250 b@100",
            "  actual:   b@0..100 a@0..250",
            "expected chart:",
            "  0           100ms        200ms",
            "  ├───────────┼────────────┼─────┤",
            "a ·······························█ 250ms",
            "b ············█                    100ms",
            "actual chart:",
            "  0           100ms        200ms",
            "  ├───────────┼────────────┼─────┤",
            "b █████████████                    100ms",
            "a ████████████████████████████████ 250ms"
          ].join("\n")
        )
      }))

    it.effect("a malformed notation is a defect naming the bad entry", () =>
      Effect.gen(function*() {
        const exit = yield* Effect.exit(Timeline.assertMatches(timeline, "b@100 c@abc"))
        assert.strictEqual(
          defectMessage(exit),
          "Timeline.assertMatches: notation must be valid timeline notation (bad entry c@abc), got \"b@100 c@abc\""
        )
        const running = yield* Effect.exit(Timeline.assertMatches(timeline, "e@50..!"))
        assert.match(defectMessage(running), /bad entry e@50\.\.!/)
      }))
  })

  describe("rendering", () => {
    const timeline: Timeline.Timeline = {
      spans: [
        span("b", 0, 100),
        span("c", 50, 150, "failure"),
        span("a", 0, 250),
        span("d", 0, 300, "interrupted"),
        span("e", 200, undefined, "running")
      ]
    }

    it("draws a text Gantt chart: axis, one lane per label, end times and outcomes", () => {
      assert.strictEqual(
        Timeline.toChart(timeline, { width: 60 }),
        [
          "  0            100ms        200ms        300ms",
          "  ├────────────┼────────────┼────────────┤",
          "b ██████████████                           100ms",
          "a ██████████████████████████████████       250ms",
          "d ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 300ms interrupted",
          "c       ██████████████✗                    150ms failed",
          "e                           █████████████→ running"
        ].join("\n")
      )
    })

    it("a width that is not a number from 0 to 10,000 is a defect naming it, before anything is drawn", () => {
      for (const width of [NaN, Infinity, -1, 10_001, 1e300, "80" as unknown as number]) {
        const shown = typeof width === "string" ? `"${width}"` : String(width)
        assert.throws(
          () => Timeline.toChart(timeline, { width }),
          `Timeline.toChart: width must be a number from 0 to 10000, got ${shown}`
        )
        assert.throws(
          () => Timeline.toSvg(timeline, { width }),
          `Timeline.toSvg: width must be a number from 0 to 10000, got ${shown}`
        )
      }
      // the ends are drawn: 0 is widened to the narrowest chart, 10,000 columns are drawn as asked
      assert.isTrue(Timeline.toChart(timeline, { width: 0 }).split("\n").every((line) => line.length <= 30))
      assert.include(Timeline.toSvg(timeline, { width: 10_000 }), "width=\"10000\"")
    })

    it.effect("assertMatches refuses a bad width as a defect too", () =>
      Effect.gen(function*() {
        // even when the timeline matches, and nothing would be drawn
        const exit = yield* Effect.exit(
          Timeline.assertMatches(timeline, Timeline.toNotation(timeline), { width: Infinity })
        )
        assert.strictEqual(
          defectMessage(exit),
          "Timeline.assertMatches: width must be a number from 0 to 10000, got Infinity"
        )
      }))

    it("fits the width it is given", () => {
      for (const width of [30, 50, 80, 120, 200]) {
        const lines = Timeline.toChart(timeline, { width }).split("\n")
        assert.isTrue(lines.every((line) => line.length <= width), `width ${width}:\n${lines.join("\n")}`)
      }
    })

    it("merges nested labels into their parent's lane with depth", () => {
      const nested: Timeline.Timeline = {
        spans: [span("job/step", 0, 500), span("job/step", 500, 1000), span("job", 0, 1000)]
      }
      assert.strictEqual(Timeline.toChart(nested, { width: 40 }).split("\n").length, 4)
      const merged = Timeline.toChart(nested, { width: 40, depth: 1 }).split("\n")
      assert.strictEqual(merged.length, 3)
      assert.match(merged[2]!, /^job ▓+█+ 1s$/)
    })

    it("draws an SVG picture with a bar and a tooltip per span", () => {
      const svg = Timeline.toSvg(timeline, { title: "abc & more", width: 600 })
      assert.isTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\""))
      assert.isTrue(svg.trimEnd().endsWith("</svg>"))
      assert.strictEqual(svg.match(/<rect /g)?.length, 1 + 5)
      assert.include(svg, "abc &amp; more")
      assert.include(svg, "<title>c: 50ms – 150ms (failure)</title>")
      assert.include(svg, "<title>e: 200ms – running</title>")
    })

    it("says so when the timeline is empty", () => {
      assert.strictEqual(Timeline.toChart({ spans: [] }), "(empty timeline)")
    })
  })
})
