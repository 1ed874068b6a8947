// Test helpers for Lines: a real Node FileSystem that records what it opens, reads and closes, and a reading of
// /proc/self/fd that shows which descriptors of this process point at a path.
import { FileSystem } from "@effect/platform"
import { NodeFileSystem } from "@effect/platform-node"
import { Effect, Layer, Option } from "effect"
import * as NodeFs from "node:fs"

export interface FileStats {
  opened: number
  closed: number
  reads: number
  bytesRead: number
}

export const makeStats = (): FileStats => ({ opened: 0, closed: 0, reads: 0, bytesRead: 0 })

// Node's FileSystem, with `open` recording into `stats`. `closed` is counted after the descriptor was closed (the
// finalizer is registered before the file's own, and finalizers run last-in first-out). `stream` is rebuilt from
// the wrapped `open` by `FileSystem.make`, so `FileSystem.stream` is instrumented too.
export const layerRecording = (stats: FileStats): Layer.Layer<FileSystem.FileSystem> =>
  Layer.effect(
    FileSystem.FileSystem,
    Effect.map(FileSystem.FileSystem, (fs) =>
      FileSystem.make({
        ...fs,
        open: (path, options) =>
          Effect.gen(function*() {
            yield* Effect.addFinalizer(() => Effect.sync(() => stats.closed++))
            const file = yield* fs.open(path, options)
            stats.opened++
            const readAlloc = (size: FileSystem.SizeInput) =>
              Effect.tap(file.readAlloc(size), (read) =>
                Effect.sync(() => {
                  stats.reads++
                  stats.bytesRead += Option.match(read, { onNone: () => 0, onSome: (bytes) => bytes.length })
                }))
            return new Proxy(file, {
              get: (target, property) => {
                if (property === "readAlloc") return readAlloc
                const value: unknown = Reflect.get(target, property, target)
                return typeof value === "function" ? value.bind(target) : value
              }
            })
          })
      }))
  ).pipe(Layer.provide(NodeFileSystem.layer))

export const hasProcFd = NodeFs.existsSync("/proc/self/fd")

// The descriptors of this process that are open on `path` right now.
export const descriptorsOn = (path: string): Array<string> => {
  const target = NodeFs.realpathSync(path)
  return NodeFs.readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return NodeFs.readlinkSync(`/proc/self/fd/${fd}`) === target
    } catch {
      return false
    }
  })
}
