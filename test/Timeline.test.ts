import { assert, describe, it } from "@effect/vitest"
import { Clock, Deferred, Effect, Exit, Fiber, Option, Random, Result, Tracer } from "effect"
import { asyncComprehension, measureRuntime } from "effect-asyncio/Comprehension"
import { taskWaitN } from "effect-asyncio/Task"
import * as Timeline from "effect-asyncio/Timeline"
import * as VirtualTime from "effect-asyncio/VirtualTime"
import { waitN } from "effect-asyncio/Wait"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import { defectMessage } from "./utils/defect.js"

const sleepAs = <A>(millis: number, value: A) => Effect.as(Effect.sleep(`${millis} millis`), value)

const abc = Effect.all([
  Timeline.label(sleepAs(250, "a"), "a"),
  Timeline.label(sleepAs(100, "b"), "b"),
  Timeline.label(Effect.andThen(Effect.sleep("150 millis"), Effect.fail("c failed")), "c").pipe(Effect.ignore),
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
  currentTimeMillisUnsafe: () => {
    throw new Error("clock read")
  },
  currentTimeMillis: Effect.die("clock read"),
  currentTimeNanosUnsafe: () => {
    throw new Error("clock read")
  },
  currentTimeNanos: Effect.die("clock read"),
  monotonicTimeNanosUnsafe: () => {
    throw new Error("clock read")
  },
  monotonicTimeNanos: Effect.die("clock read"),
  sleep: () => Effect.void
}

/**
 * An application's tracer, as an OpenTelemetry layer installs one: it notes each span as `name<parent>` and makes it
 * with Effect's native tracer; its context hook counts the steps the fibers take under it.
 */
const applicationTracer = (seen: Array<string>, steps = { count: 0 }): Tracer.Tracer =>
  Tracer.make({
    span: (options) => {
      const parent = Option.getOrUndefined(options.parent)
      seen.push(`${options.name}<${parent?._tag === "Span" ? parent.name : "-"}>`)
      return Tracer.nativeTracer.span(options)
    },
    context: (primitive, fiber) => {
      steps.count++
      return primitive["~effect/Effect/evaluate"](fiber)
    }
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
        const value = yield* Timeline.label(Effect.succeed(42), "x").pipe(
          Effect.provideService(Clock.Clock, unreadableClock)
        )
        assert.strictEqual(value, 42)
        const failed = yield* Effect.exit(Timeline.label(Effect.fail("e"), "x"))
        assert.deepStrictEqual(failed, Exit.fail("e"))
      }))

    it.effect("labelling makes a span only where it can be seen: none with Effect's native tracer alone, nor in VirtualTime.run", () =>
      Effect.gen(function*() {
        const spanName = Effect.map(Effect.option(Effect.currentSpan), Option.map((span) => span.name))
        assert.deepStrictEqual(yield* Timeline.label(spanName, "x"), Option.none())
        assert.deepStrictEqual(
          yield* Timeline.label(spanName, "x").pipe(Effect.withTracer(Tracer.nativeTracer)),
          Option.none()
        )
        assert.deepStrictEqual(yield* VirtualTime.run(Timeline.label(spanName, "x")), Option.none())
        const [, inside] = yield* Timeline.record(Timeline.label(spanName, "x"))
        assert.deepStrictEqual(inside, Option.some("x"))
      }))

    it.effect("nests labels with / and passes the recorder to forked fibers", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(
          Timeline.label(
            Effect.gen(function*() {
              const child = yield* Effect.forkChild(Timeline.label(Effect.sleep("1 second"), "child"))
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
          yield* Effect.forkDetach(Timeline.label(Deferred.await(gate), "waiter"))
          yield* Timeline.label(Effect.sleep("1 second"), "sleeper")
        })))
        assert.deepStrictEqual(timeline.spans, [span("sleeper", 0, 1000), span("waiter", 0, undefined, "running")])
        assert.strictEqual(Timeline.toNotation(timeline), "sleeper@0..1000 waiter@0..")
      }))

    it.effect("recordExit keeps the timeline of a failing effect", () =>
      Effect.gen(function*() {
        const [timeline, exit] = yield* VirtualTime.run(
          Timeline.recordExit(Timeline.label(Effect.andThen(Effect.sleep("1 second"), Effect.fail("boom")), "job"))
        )
        assert.deepStrictEqual(exit, Exit.fail("boom"))
        assert.strictEqual(Timeline.toNotation(timeline), "job@0..1000!")
      }))

    it.effect("record fails as its effect fails", () =>
      Effect.gen(function*() {
        const exit = yield* Effect.exit(Timeline.record(Timeline.label(Effect.fail("boom"), "job")))
        assert.deepStrictEqual(exit, Exit.fail("boom"))
      }))

    it.effect("reads TestClock too: times are milliseconds since the recording began, to the nanosecond", () =>
      Effect.gen(function*() {
        yield* TestClock.adjust("5 seconds")
        const fiber = yield* Effect.forkChild(Timeline.record(Effect.gen(function*() {
          yield* Effect.sleep("1500 micros")
          yield* Timeline.label(Effect.sleep("2 seconds"), "x")
        })))
        yield* TestClock.adjust("3 seconds")
        const [timeline] = yield* Fiber.join(fiber)
        assert.deepStrictEqual(timeline.spans, [span("x", 1.5, 2001.5)])
      }))

    it.effect("filter keeps the labels that match", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(abc))
        assert.strictEqual(
          Timeline.toNotation(Timeline.filter(timeline, (label) => label < "c")),
          "b@0..100 a@0..250"
        )
        assert.strictEqual(Timeline.toNotation(Timeline.filter((label) => label === "d")(timeline)), "d@0..300~")
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

    const anyName = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.string({ unit: fc.constantFrom("a", "2", "5", "%", "/", "@", " ", "\t", "\u3000", "é") })
    )

    it.effect("every span name is written as one label that the notation reads back, and different names stay different", () =>
      Effect.gen(function*() {
        const context = yield* Effect.context<never>()
        fc.assert(fc.property(anyName, anyName, (a, b) => {
          const check = Effect.gen(function*() {
            const [timeline] = yield* Timeline.record(
              Effect.all([Effect.withSpan(Effect.void, a), Effect.withSpan(Effect.void, b)])
            )
            const [first, second] = timeline.spans.map((s) => s.label)
            assert.isFalse(first!.includes("/"))
            assert.strictEqual(first === second, a === b)
            yield* Timeline.assertMatches(timeline, `${first}@0..0 ${second}@0..0`)
          })
          Effect.runSyncWith(context)(check)
        }))
      }))

    it.effect("under an application's tracer a label is a span in the caller's span, as Effect.withSpan's would be", () =>
      Effect.gen(function*() {
        const seen: Array<string> = []
        yield* VirtualTime.run(Effect.withSpan(
          Effect.all([
            Timeline.label(Effect.sleep("1 second"), "wait-0"),
            Timeline.label(Effect.withSpan(Effect.sleep("2 seconds"), "inner"), "wait-1")
          ], { concurrency: "unbounded" }),
          "app"
        )).pipe(Effect.withTracer(applicationTracer(seen)))
        assert.deepStrictEqual(seen, ["app<->", "wait-0<app>", "wait-1<app>", "inner<wait-1>"])
      }))

    it.effect("recording hands every span on to the application's tracer, whose context hook keeps running", () =>
      Effect.gen(function*() {
        const seen: Array<string> = []
        const steps = { count: 0 }
        const load = Effect.fn("load")(function*() {
          yield* Effect.sleep("500 millis")
        })
        const [timeline] = yield* VirtualTime.run(Timeline.record(Effect.withSpan(
          Effect.all([
            Timeline.label(Effect.sleep("1 second"), "wait-0"),
            Timeline.label(load(), "wait-1")
          ], { concurrency: "unbounded" }),
          "app"
        ))).pipe(Effect.withTracer(applicationTracer(seen, steps)))
        assert.deepStrictEqual(seen, ["app<->", "wait-0<app>", "wait-1<app>", "load<wait-1>"])
        yield* Timeline.assertMatches(
          timeline,
          "app/wait-1/load@0..500 app/wait-1@0..500 app/wait-0@0..1000 app@0..1000"
        )
        assert.isAbove(steps.count, 0)
      }))

    it.effect("a label's span is made as Effect.withSpan makes one: parent, annotations, links, timing, its exit", () =>
      Effect.gen(function*() {
        const spans: Array<Tracer.Span> = []
        const tracer = Tracer.make({
          span: (options) => {
            const made = Tracer.nativeTracer.span(options)
            spans.push(made)
            return made
          }
        })
        const link = Tracer.externalSpan({ spanId: "l", traceId: "t" })
        const body = Effect.andThen(Effect.sleep("1 second"), Effect.fail("boom"))
        const labelled = Effect.gen(function*() {
          const inner = yield* Effect.result(Timeline.label(body, "x"))
          yield* Effect.withSpan(Effect.void, "after")
          return inner
        }).pipe(
          Effect.annotateSpans("user", "ann"),
          Effect.linkSpans(link),
          Effect.withSpan("app"),
          Effect.withTracer(tracer)
        )
        assert.deepStrictEqual(yield* VirtualTime.run(labelled), Result.fail("boom"))
        const [app, x, after] = spans
        assert.deepStrictEqual(spans.map((span) => span.name), ["app", "x", "after"])
        assert.strictEqual(Option.getOrUndefined(x!.parent), app)
        // the label's span ended when its effect did, and what follows is in the caller's span again
        assert.strictEqual(Option.getOrUndefined(after!.parent), app)
        assert.strictEqual(x!.attributes.get("user"), "ann")
        assert.deepStrictEqual(x!.links.map((l) => l.span), [link])
        assert.strictEqual(x!.kind, "internal")
        assert.isTrue(x!.sampled)
        assert.strictEqual(x!.traceId, app!.traceId)
        assert.deepStrictEqual(x!.status._tag === "Ended" ? [x!.status.startTime, x!.status.endTime] : [], [
          BigInt(0),
          BigInt(1_000_000_000)
        ])
        assert.isTrue(x!.status._tag === "Ended" && Exit.isFailure(x!.status.exit))
      }))

    it.effect("an interrupted label ends its span as interrupted and gives its fiber its context back", () =>
      Effect.gen(function*() {
        const spans: Array<Tracer.Span> = []
        const tracer = Tracer.make({
          span: (options) => {
            const made = Tracer.nativeTracer.span(options)
            spans.push(made)
            return made
          }
        })
        const program = Effect.gen(function*() {
          yield* Timeline.label(Effect.never, "x").pipe(Effect.timeout("1 second"), Effect.ignore)
          return yield* Effect.map(Effect.currentSpan, (span) => span.name)
        }).pipe(Effect.withSpan("app"), Effect.withTracer(tracer))
        assert.strictEqual(yield* VirtualTime.run(program), "app")
        const x = spans[1]!
        assert.strictEqual(x.name, "x")
        assert.isTrue(x.status._tag === "Ended" && Exit.hasInterrupts(x.status.exit))
        assert.deepStrictEqual(x.status._tag === "Ended" ? x.status.endTime : undefined, BigInt(1_000_000_000))
      }))

    it.effect("with tracing off, a label under an application's tracer makes no span, as Effect.withSpan would", () =>
      Effect.gen(function*() {
        const seen: Array<string> = []
        yield* VirtualTime.run(Timeline.label(Effect.sleep("1 second"), "x")).pipe(
          Effect.withTracerEnabled(false),
          Effect.withTracer(applicationTracer(seen))
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
    it.effect("takes any name Effect.withSpan takes, and the notation writes it with percent escapes where it must", () =>
      Effect.gen(function*() {
        const names = [
          "fetch user",
          "a/b",
          "",
          "b@100",
          "x..y!",
          "~",
          "50%",
          "%20",
          "[1] 'single' \"double\"",
          "日本語 ✓",
          "line\nbreak",
          "nul\u0000bell\u0007",
          "zero\u200Bwidth",
          "lone\uD800"
        ]
        const [timeline] = yield* VirtualTime.run(
          Timeline.record(Effect.all(names.map((name) => Timeline.label(Effect.sleep("1 second"), name))))
        )
        assert.deepStrictEqual(timeline.spans.map((s) => s.label), [
          "fetch%20user",
          "a%2Fb",
          "%",
          "b%40100",
          "x..y!",
          "~",
          "50%25",
          "%2520",
          "[1]%20'single'%20\"double\"",
          "日本語%20✓",
          "line%0Abreak",
          "nul%00bell%07",
          "zero%E2%80%8Bwidth",
          "lone%ED%A0%80"
        ])
        // the same spans as Effect.withSpan makes them
        const [spans] = yield* VirtualTime.run(
          Timeline.record(Effect.all(names.map((name) => Effect.withSpan(Effect.sleep("1 second"), name))))
        )
        assert.deepStrictEqual(spans, timeline)
        // and read back by the notation
        yield* Timeline.assertMatches(
          timeline,
          "fetch%20user@0..1s a%2Fb@1s..2s %@2s..3s b%40100@3s..4s x..y!@4s..5s ~@5s..6s 50%25@6s..7s " +
            "%2520@7s..8s [1]%20'single'%20\"double\"@8s..9s 日本語%20✓@9s..10s line%0Abreak@10s..11s " +
            "nul%00bell%07@11s..12s zero%E2%80%8Bwidth@12s..13s lone%ED%A0%80@13s..14s"
        )
      }))

    it.effect("a name with a slash is one segment; a label inside a label is a path", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(Effect.all([
          Timeline.label(Effect.sleep("1 second"), "a/b"),
          Timeline.label(Timeline.label(Effect.sleep("1 second"), "b"), "a"),
          Timeline.label(Timeline.label(Effect.sleep("1 second"), "c/d"), "a/b")
        ])))
        assert.strictEqual(
          Timeline.toNotation(timeline),
          "a%2Fb@0..1000 a/b@1000..2000 a@1000..2000 a%2Fb/c%2Fd@2000..3000 a%2Fb@2000..3000"
        )
      }))

    it.effect("the empty name is a span named \"\", as Effect.withSpan(\"\") makes, written %", () =>
      Effect.gen(function*() {
        const names: Array<string> = []
        const [timeline] = yield* VirtualTime.run(Timeline.record(
          Timeline.observe(Timeline.label(Timeline.label(Effect.sleep("1 second"), ""), ""), {
            onStart: (event) => names.push(event.name)
          })
        ))
        assert.deepStrictEqual(names, ["", ""])
        assert.strictEqual(Timeline.toNotation(timeline), "%/%@0..1000 %@0..1000")
      }))

    it.effect("a name that is not a string is a defect of the label, recorded or not", () =>
      Effect.gen(function*() {
        const bare = yield* Effect.exit(Timeline.label(Effect.void, 7 as unknown as string))
        assert.strictEqual(defectMessage(bare), "Timeline.label: name must be a string, got 7")
        const [recorded, exit] = yield* Timeline.recordExit(Timeline.label(Effect.void, undefined as unknown as string))
        assert.strictEqual(defectMessage(exit), "Timeline.label: name must be a string, got undefined")
        assert.deepStrictEqual(recorded.spans, [])
      }))

    // names made mostly of what the notation must escape, and any string at all (lone surrogates included)
    const anyName = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.string({ unit: fc.constantFrom("a", "2", "%", "/", "@", ".", "!", "~", " ", "\t", "\n", "\u3000", "é", "😀") })
    )
    // a label's names, its percent escapes read as UTF-8 (`decodeURIComponent`, for names without lone surrogates)
    const namesOf = (label: string): Array<string> =>
      label.split("/").map((segment) => segment === "%" ? "" : decodeURIComponent(segment))
    const wellFormed = (name: string): boolean => !/\p{Cs}/u.test(name)

    it.effect("any path of names renders as one label per span that parses back, and names come back from it", () =>
      Effect.gen(function*() {
        const context = yield* Effect.context<never>()
        fc.assert(fc.property(fc.array(anyName, { minLength: 1, maxLength: 3 }), anyName, (path, other) => {
          const nested = path.reduceRight(
            (inner: Effect.Effect<void>, name) => Timeline.label(inner, name),
            Effect.void
          )
          const [timeline] = Effect.runSyncWith(context)(
            Timeline.record(Effect.all([nested, Timeline.label(Effect.void, other)]))
          )
          const labels = timeline.spans.map((s) => s.label)
          // the innermost span ends first; each label holds its names, escaped, joined by "/"
          const innermost = labels[0]!
          assert.strictEqual(innermost.split("/").length, path.length)
          assert.notMatch(innermost, /[\s@]/)
          if (path.every(wellFormed)) {
            assert.deepStrictEqual(namesOf(innermost), path)
          }
          // render, then parse: the timeline matches its own notation, and labels differ as names do
          Effect.runSyncWith(context)(Timeline.assertMatches(timeline, Timeline.toNotation(timeline)))
          assert.strictEqual(labels.at(-1) === labels[path.length - 1], other === path[0])
        }))
      }))

    it.effect("label is dual: data-last in a pipe", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(Effect.sleep("1 second").pipe(Timeline.label("x"))))
        assert.strictEqual(Timeline.toNotation(timeline), "x@0..1000")
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
              Effect.withSpan(Effect.andThen(Effect.sleep("50 millis"), Effect.fail("b failed")), "b b").pipe(
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

    it.effect("counting the ends at depth 0 counts the effect's direct children, whatever their names", () =>
      Effect.gen(function*() {
        const depths: Array<number> = []
        const child = (i: number) =>
          Timeline.label(
            Effect.forEach([1, 2], (j) => Effect.withSpan(Effect.sleep(`${i * j} seconds`), `step ${j}`)),
            `child-${i}`
          )
        yield* VirtualTime.run(Timeline.observe(
          Effect.forEach([1, 2, 3], (i) => child(i), { concurrency: "unbounded" }),
          { onEnd: (event) => depths.push(event.depth) }
        ))
        assert.deepStrictEqual(depths.filter((depth) => depth === 0).length, 3)
        assert.deepStrictEqual(depths.filter((depth) => depth === 1).length, 6)
      }))

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
          "wait-2@0..817 wait-0@0..1136 wait-4@0..1379 wait-3@0..1502 wait-1@0..4104"
        )
      }).pipe(Random.withSeed(42)))

    it.effect("taskWaitN labels its tasks", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(taskWaitN(3, 2)))
        yield* Timeline.assertMatches(timeline, "task-2@208 task-1@1152 task-0@1854")
      }).pipe(Random.withSeed(7)))

    it.effect("the generator labels each emission", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(asyncComprehension({ count: 3 })))
        yield* Timeline.assertMatches(timeline, "emit@0..1s emit@1s..2s emit@2s..3s")
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

    it.effect("under an application's tracer the exercises' children are spans in the caller's span", () =>
      Effect.gen(function*() {
        const seen: Array<string> = []
        yield* VirtualTime.run(Effect.withSpan(Effect.all([waitN(2, 1), taskWaitN(2, 1)]), "app")).pipe(
          Effect.withTracer(applicationTracer(seen))
        )
        assert.deepStrictEqual(seen, ["app<->", "wait-0<app>", "wait-1<app>", "task-0<app>", "task-1<app>"])
      }).pipe(Random.withSeed(1)))

    it.effect("recording an exercise under an application's tracer hands it every span too", () =>
      Effect.gen(function*() {
        const seen: Array<string> = []
        const [timeline] = yield* VirtualTime.run(Timeline.record(Effect.withSpan(waitN(2, 1), "app"))).pipe(
          Effect.withTracer(applicationTracer(seen))
        )
        assert.deepStrictEqual(seen, ["app<->", "wait-0<app>", "wait-1<app>"])
        yield* Timeline.assertMatches(timeline, "app/wait-0@0..336 app/wait-1@0..982 app@0..982")
      }).pipe(Random.withSeed(1)))

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
      }).pipe(Random.withSeed(3)))
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

    it.effect("assertMatches is dual, and names missing and unexpected entries", () =>
      Effect.gen(function*() {
        const short = yield* Effect.flip(Timeline.assertMatches("b@100 c@150! a@250 d@300~")(timeline))
        assert.strictEqual(short.reason, "unexpected entry 5: e@50..")
        const long = yield* Effect.flip(Timeline.assertMatches(timeline, "b c a d e f"))
        assert.strictEqual(long.reason, "missing entry 6: expected f, the timeline has only 5")
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

    it.effect("shows any label as the notation writes it: wide characters take two columns, cuts fall between characters", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(Effect.all([
          Timeline.label(Effect.sleep("100 millis"), "fetch user"),
          Timeline.label(Effect.sleep("250 millis"), "日本語 ✓"),
          Timeline.label(Timeline.label(Effect.sleep("200 millis"), "<b> & \"x\""), "a/b"),
          Timeline.label(Effect.sleep("150 millis"), "😀😀😀😀😀😀")
        ], { concurrency: "unbounded" })))
        assert.strictEqual(
          Timeline.toNotation(timeline),
          "fetch%20user@0..100 😀😀😀😀😀😀@0..150 a%2Fb/<b>%20&%20\"x\"@0..200 a%2Fb@0..200 日本語%20✓@0..250"
        )
        assert.strictEqual(
          Timeline.toChart(timeline, { width: 50 }),
          [
            "                 0                    200ms",
            "                 ├────────────────────┼────┤",
            "fetch%20user     ███████████                 100ms",
            "😀😀😀😀😀😀     █████████████████           150ms",
            "a%2Fb            ██████████████████████      200ms",
            "a%2Fb/<b>%20&%2… ██████████████████████      200ms",
            "日本語%20✓       ███████████████████████████ 250ms"
          ].join("\n")
        )
        // an emoji is not cut in half: the cut leaves a column free instead
        assert.strictEqual(
          Timeline.toChart(timeline, { width: 30 }).split("\n").slice(2).join("\n"),
          [
            "fetch%20u… ██████        100ms",
            "😀😀😀😀…  ████████      150ms",
            "a%2Fb      ███████████   200ms",
            "a%2Fb/<b>… ███████████   200ms",
            "日本語%20✓ █████████████ 250ms"
          ].join("\n")
        )
      }))

    it.effect("escapes labels and the title for XML in the SVG picture, and drops what XML cannot hold", () =>
      Effect.gen(function*() {
        const [timeline] = yield* VirtualTime.run(Timeline.record(
          Timeline.label(Timeline.label(Effect.sleep("200 millis"), "<b> & \"x\""), "a/b")
        ))
        const svg = Timeline.toSvg(timeline, { width: 400, title: "labels\u0001 <&>" })
        assert.include(svg, `font-weight="bold" fill="#222">labels\uFFFD &lt;&amp;&gt;</text>`)
        assert.include(svg, `fill="#222">a%2Fb/&lt;b&gt;%20&amp;%20&quot;x&quot;</text>`)
        assert.include(svg, `<title>a%2Fb/&lt;b&gt;%20&amp;%20&quot;x&quot;: 0ms – 200ms</title>`)
        assert.include(svg, `fill="#222">a%2Fb</text>`)
        // no markup character is left bare in any text
        for (const text of svg.match(/>[^<]*</g) ?? []) {
          assert.notMatch(text.slice(1, -1), /[<>"]|&(?!amp;|lt;|gt;|quot;)/)
        }
      }))

    it("says so when the timeline is empty", () => {
      assert.strictEqual(Timeline.toChart({ spans: [] }), "(empty timeline)")
    })
  })
})
