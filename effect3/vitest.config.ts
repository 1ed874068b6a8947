import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const root = path.dirname(fileURLToPath(import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^effect-asyncio$/, replacement: path.join(root, "src/index.ts") },
      { find: /^effect-asyncio\/cli$/, replacement: path.join(root, "src/Cli.ts") },
      { find: /^effect-asyncio\/vitest$/, replacement: path.join(root, "src/Vitest.ts") },
      { find: /^effect-asyncio\/(.*)$/, replacement: path.join(root, "src/$1.ts") }
    ]
  },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: [path.join(root, "vitest.setup.ts")],
    testTimeout: 20_000
  }
})
