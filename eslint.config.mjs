import * as effectEslint from "@effect/eslint-plugin"
import eslint from "@eslint/js"
import tseslint from "typescript-eslint"

// The direction of imports inside src/ (docs/development.md, "Layout"): internal/ is the bottom layer and sees no
// public module; the library's public modules never reach up into the test kit or the command; the command is an
// application on the library's public API.
const publicModules = [
  "AsyncIterable", "Completion", "Comprehension", "Countdown", "Lines", "LiveClock", "MessageFeed", "Range", "Repr",
  "Task", "Timeline", "VirtualTime", "Wait", "WebSocketClient", "index"
]
const upward = (depth) => publicModules.map((name) => `${"../".repeat(depth)}${name}.js`)

export default tseslint.config(
  {
    ignores: ["node_modules/**", "dist/**", "scratchpad/**", "bench/results/**", "effect3/**", "**/*.mjs"]
  },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  ...effectEslint.configs.dprint,
  {
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 2022,
      sourceType: "module"
    },
    rules: {
      "no-fallthrough": "off",
      "no-irregular-whitespace": "off",
      "object-shorthand": "error",
      "prefer-destructuring": "off",
      "sort-imports": "off",
      "no-restricted-syntax": ["error", {
        selector: "CallExpression[callee.property.name='push'] > SpreadElement.arguments",
        message: "Do not use spread arguments in Array.push"
      }],
      "no-unused-vars": "off",
      "require-yield": "off",
      "@typescript-eslint/array-type": ["warn", { default: "generic", readonly: "generic" }],
      "@typescript-eslint/consistent-type-imports": "warn",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-namespace": "off",
      "@typescript-eslint/no-invalid-void-type": "off",
      "@typescript-eslint/unified-signatures": "off",
      "@typescript-eslint/no-dynamic-delete": "off",
      "@effect/dprint": ["error", {
        config: {
          indentWidth: 2,
          lineWidth: 120,
          semiColons: "asi",
          quoteStyle: "alwaysDouble",
          trailingCommas: "never",
          operatorPosition: "maintain",
          "arrowFunction.useParentheses": "force"
        }
      }]
    }
  },
  {
    files: ["src/**/*.ts"],
    rules: {
      "@effect/no-import-from-barrel-package": ["error", { packageNames: ["effect"] }]
    }
  },
  {
    // the bottom layer: Effect and other internal modules only, not even a type from a public module
    files: ["src/internal/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: [...upward(1), ...upward(2), ...upward(3)], message: "src/internal/ imports no public module" },
          { group: ["**/testing/**", "**/cli/**", "vitest", "@effect/vitest", "@effect/platform-node*", "node:*"], message: "src/internal/ is the library's bottom layer" }
        ]
      }]
    }
  },
  {
    // the library's public modules: Effect, internal/ and each other; never the test kit, the command or Node
    files: ["src/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["./testing/**", "./cli/**", "vitest", "@effect/vitest", "@effect/platform-node*", "node:*"], message: "the library does not depend on the test kit, the command or Node" }
        ]
      }]
    }
  },
  {
    // the test kit: the library, Effect's test services, vitest; nothing of the command
    files: ["src/testing/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["../cli/**", "../../cli/**", "@effect/platform-node*"], message: "the test kit does not depend on the command" }
        ]
      }]
    }
  },
  {
    // the command: an application on the library's public API
    files: ["src/cli/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["../internal/**", "../../internal/**", "../testing/**", "../../testing/**"], message: "the command uses the library's public modules only" }
        ]
      }]
    }
  },
  {
    // only the executable and the Node seam touch Node
    files: ["src/cli/**/*.ts"],
    ignores: ["src/cli/bin.ts", "src/cli/internal/node.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["../internal/**", "../../internal/**", "../testing/**", "../../testing/**"], message: "the command uses the library's public modules only" },
          { group: ["node:*", "@effect/platform-node*"], message: "only bin.ts and internal/node.ts touch Node" }
        ]
      }]
    }
  }
)
