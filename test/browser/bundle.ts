/**
 * Bundles test/browser/page.ts for the browser with esbuild. Node-only modules the library loads
 * lazily (koffi, fs, os, worker_threads... for the native/wasm/cuda backends) become empty stubs:
 * those backends fail to start in a page, which is what they should do.
 */
import * as path from "path";
import { builtinModules } from "module";

export async function bundlePage(): Promise<string> {
  const esbuild = await import("esbuild");
  const nodeOnly = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), "koffi", "wasm-feature-detect", "webgpu"]);
  const r = await esbuild.build({
    entryPoints: [path.join(__dirname, "page.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "chrome120",
    write: false,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [{
      name: "node-stubs",
      setup(b) {
        b.onResolve({ filter: /.*/ }, (a) => (nodeOnly.has(a.path) ? { path: a.path, namespace: "stub" } : undefined));
        b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: "module.exports = {};", loader: "js" }));
      },
    }],
  });
  return r.outputFiles[0].text;
}
