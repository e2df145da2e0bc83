/// <reference types="vitest/config" />
import { resolve } from "node:path";
import { defineConfig } from "vite";

// `vite build` writes the production popover to ui/dist (Tauri's frontendDist).
// `vite build --mode mock` also builds mock.html (fixtures over mockIPC) into
// tests/ui/.build for the browser tests; the production build never contains it.
export default defineConfig(({ mode }) => {
  const mock = mode === "mock";
  const inputs: Record<string, string> = { index: resolve(__dirname, "index.html") };
  if (mock) inputs.mock = resolve(__dirname, "mock.html");
  return {
    root: __dirname,
    base: "./",
    clearScreen: false,
    server: { port: 1420, strictPort: true, fs: { allow: [resolve(__dirname, "..")] } },
    build: {
      outDir: mock ? resolve(__dirname, "../tests/ui/.build") : resolve(__dirname, "dist"),
      emptyOutDir: true,
      target: "safari15",
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      rollupOptions: {
        input: inputs,
      },
    },
    test: {
      root: resolve(__dirname, ".."),
      include: ["tests/ui/unit/**/*.test.ts"],
      environment: "happy-dom",
    },
  };
});
