import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Fiber, Tracer } from "effect"
import { TestClock } from "effect/testing"
import * as record from "../../../src/internal/timeline/record.js"

const currentPath = Effect.withFiber((fiber) => Effect.succeed(record.pathOf(fiber)))

const recorderHere = Effect.withFiber((fiber) => Effect.succeed(fiber.getRef(record.currentRecorder)))

/** Forks `self`, lets it run until it waits, and reads the path of the forked fiber while it waits. */
const pathWhileWaiting = <A, E>(self: (gate: Deferred.Deferred<void>) => Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const gate = yield* Deferred.make<void>()
    const fiber = yield* Effect.forkChild(self(gate))
    yield* Effect.yieldNow
    const path = record.pathOf(fiber)
    yield* Deferred.succeed(gate, undefined)
    yield* Fiber.join(fiber)
    return path
  })

describe("internal/timeline/record", () => {
  describe("pathOf", () => {
    it.effect("is the label of the span a fiber is in right now, as the recording writes it", () =>
      Effect.gen(function*() {
        const [, paths] = yield* record.record(record.label(
          Effect.gen(function*() {
            const waiting = yield* pathWhileWaiting((gate) => record.label(Deferred.await(gate), "inner"))
            const own = yield* currentPath
            const spanned = yield* Effect.withSpan(currentPath, "GET /users")
            return [waiting, own, spanned]
          }),
          "outer"
        ))
        assert.deepStrictEqual(paths, Exit.succeed(["outer/inner", "outer", "outer/GET%20%2Fusers"]))
      }))

    it.effect("is undefined where nobody observes, under an application's tracer too, and outside any span", () =>
      Effect.gen(function*() {
        assert.isUndefined(yield* record.label(currentPath, "x"))
        const traced = record.label(currentPath, "x").pipe(
          Effect.withTracer(Tracer.make({ span: (options) => Tracer.nativeTracer.span(options) }))
        )
        assert.isUndefined(yield* traced)
        const [, top] = yield* record.record(currentPath)
        assert.deepStrictEqual(top, Exit.succeed(undefined))
      }))

    it.effect("after a label ends, is its parent's label again", () =>
      Effect.gen(function*() {
        const [, after] = yield* record.record(record.label(
          Effect.andThen(record.label(Effect.void, "child"), currentPath),
          "parent"
        ))
        assert.deepStrictEqual(after, Exit.succeed("parent"))
      }))

    it.effect("in an observation inside a recording, is the inner observation's label, else the recording's", () =>
      Effect.gen(function*() {
        const [, paths] = yield* record.record(record.label(
          Effect.all([
            record.observe(currentPath, {}),
            record.observe(record.label(currentPath, "inner"), {})
          ]),
          "outer"
        ))
        assert.deepStrictEqual(paths, Exit.succeed(["outer", "inner"]))
      }))
  })

  describe("currentRecorder", () => {
    it.effect("is the innermost recording's recorder inside it, and undefined outside", () =>
      Effect.gen(function*() {
        assert.isUndefined(yield* recorderHere)
        const [outer, inside] = yield* record.record(Effect.gen(function*() {
          const mine = yield* recorderHere
          const [inner, nested] = yield* record.record(recorderHere)
          return [mine, inner, nested] as const
        }))
        assert.strictEqual(inside._tag, "Success")
        if (inside._tag === "Success") {
          const [mine, inner, nested] = inside.value
          assert.strictEqual(mine, outer)
          assert.deepStrictEqual(nested, Exit.succeed(inner))
          assert.notStrictEqual(inner, outer)
        }
      }))
  })

  describe("snapshot and openSpans", () => {
    it.effect("the timeline so far: ended spans in end order, then the open ones, running or cut short at `cut`", () =>
      Effect.gen(function*() {
        const fiber = yield* Effect.forkChild(record.record(Effect.gen(function*() {
          yield* Effect.forkChild(record.label(Effect.never, "waiter"))
          yield* Effect.sleep("1 second")
          yield* Effect.forkChild(record.label(Effect.never, "late"))
          yield* record.label(Effect.sleep("1 second"), "sleeper")
          // taken before the forked fibers are interrupted as this effect ends
          const recorder = (yield* recorderHere)!
          return [record.openSpans(recorder), record.snapshot(recorder), record.snapshot(recorder, 2500)] as const
        })))
        yield* TestClock.adjust("2 seconds")
        const [recorder, exit] = yield* Fiber.join(fiber)
        assert.deepStrictEqual(
          exit,
          Exit.succeed(
            [
              [{ label: "waiter", start: 0 }, { label: "late", start: 1000 }],
              {
                spans: [
                  { label: "sleeper", start: 1000, end: 2000, outcome: "success" },
                  { label: "waiter", start: 0, end: undefined, outcome: "running" },
                  { label: "late", start: 1000, end: undefined, outcome: "running" }
                ]
              },
              {
                spans: [
                  { label: "sleeper", start: 1000, end: 2000, outcome: "success" },
                  { label: "waiter", start: 0, end: 2500, outcome: "interrupted" },
                  { label: "late", start: 1000, end: 2500, outcome: "interrupted" }
                ]
              }
            ] as const
          )
        )
        // and once the recording is over, the forked fibers were interrupted as it ended
        assert.deepStrictEqual(record.openSpans(recorder), [])
        assert.deepStrictEqual(record.snapshot(recorder).spans.map((span) => `${span.label} ${span.outcome}`), [
          "sleeper success",
          "waiter interrupted",
          "late interrupted"
        ])
      }))

    it("an absent recorder has the empty timeline", () => {
      assert.deepStrictEqual(record.snapshot(undefined), { spans: [] })
      assert.deepStrictEqual(record.snapshot(undefined, 10), { spans: [] })
    })
  })

  describe("observe", () => {
    it.effect("hands onEnd the very event onStart received, now ended", () =>
      Effect.gen(function*() {
        const started: Array<unknown> = []
        const ended: Array<unknown> = []
        yield* record.observe(record.label(Effect.void, "x"), {
          onStart: (event) => started.push(event),
          onEnd: (event) => ended.push(event)
        })
        assert.strictEqual(started.length, 1)
        assert.strictEqual(ended[0], started[0])
        assert.deepStrictEqual(ended[0], {
          id: 0,
          parent: undefined,
          depth: 0,
          name: "x",
          label: "x",
          start: 0,
          end: 0,
          outcome: "success"
        })
      }))
  })
})
