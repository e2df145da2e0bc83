// Lint for the popover UI and its tests: `npm run lint:ui` (also runs `tsc --noEmit`).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["ui/dist/**", "tests/ui/.build/**", "tests/ui/screenshots/**"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["ui/**/*.ts", "tests/ui/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@tauri-apps/api", "@tauri-apps/api/*"], message: "Only ui/src/ipc.ts talks to Tauri: use the Api it exports." }] },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: "Build DOM with h(); text stays text." },
        { selector: "CallExpression[callee.name='eval']", message: "The CSP forbids eval." },
      ],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    // The IPC boundary, the test-only mock entry and tests of the boundary itself.
    files: ["ui/src/ipc.ts", "ui/src/mock.ts", "tests/ui/unit/ipc.test.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["tests/ui/**/*.mjs"],
    languageOptions: {
      globals: { console: "readonly", process: "readonly", URL: "readonly", window: "readonly", navigator: "readonly", document: "readonly", getComputedStyle: "readonly", matchMedia: "readonly", innerHeight: "readonly" },
    },
  },
);
