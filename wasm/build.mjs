// Compiles the wasm backend's kernels (wasm/assembly/*.ts, AssemblyScript) into three variants:
//   scalar.wasm   MVP WebAssembly, no SIMD
//   simd.wasm     128-bit SIMD
//   threads.wasm  SIMD + shared memory + atomics (run by a worker_threads pool)
// and writes manifest.json: a hash of the sources and options, which the loader and the tests
// compare to catch stale binaries. Output: wasm/build/ and, for the published package,
// dist/wasm/build/. Run by `npm run build`, `npm run build:wasm` and `npm install` (prepare).
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync, copyFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const require = createRequire(import.meta.url);

/** Maximum pages of the shared memory (threads variant): 2 GiB of address space, reserved, not committed. */
export const SHARED_MAX_PAGES = 32768;
const COMMON = ["-O3", "--runtime", "stub", "--noAssert", "--use", "abort=", "--importMemory"];
export const VARIANTS = {
  scalar: [...COMMON, "--disable", "simd"],
  simd: [...COMMON, "--enable", "simd"],
  threads: [...COMMON, "--enable", "simd", "--enable", "threads", "--sharedMemory", "--maximumMemory", String(SHARED_MAX_PAGES)],
};

/** Hash of everything that determines the binaries: sources, options, compiler version. */
export function sourceHash() {
  const h = createHash("sha256");
  const dir = join(here, "assembly");
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".ts")).sort()) {
    h.update(f).update("\0").update(readFileSync(join(dir, f))).update("\0");
  }
  h.update(JSON.stringify(VARIANTS));
  h.update(require("assemblyscript/package.json").version);
  return h.digest("hex");
}

async function build() {
  const { default: asc } = await import("assemblyscript/asc");
  const out = join(here, "build");
  mkdirSync(out, { recursive: true });
  const hash = sourceHash();
  const manifestPath = join(out, "manifest.json");
  const current = existsSync(manifestPath) && JSON.parse(readFileSync(manifestPath, "utf8")).hash === hash &&
    Object.keys(VARIANTS).every((v) => existsSync(join(out, `${v}.wasm`)));
  if (!current || process.argv.includes("--force")) {
    for (const [name, flags] of Object.entries(VARIANTS)) {
      const t0 = Date.now();
      const { error, stderr } = await asc.main([join(here, "assembly/index.ts"), ...flags, "--outFile", join(out, `${name}.wasm`)]);
      if (error) {
        process.stderr.write(stderr.toString());
        throw new Error(`asc failed for the ${name} variant: ${error.message}`);
      }
      process.stderr.write(`wasm: built ${name}.wasm (${Date.now() - t0} ms)\n`);
    }
    writeFileSync(manifestPath, JSON.stringify({ hash, variants: Object.keys(VARIANTS), sharedMaxPages: SHARED_MAX_PAGES }, null, 2) + "\n");
  }
  // The published package ships dist/ only: the loader finds dist/wasm/build from dist/core/backends/wasm.
  const dist = join(root, "dist/wasm/build");
  mkdirSync(dist, { recursive: true });
  for (const f of [...Object.keys(VARIANTS).map((v) => `${v}.wasm`), "manifest.json"]) copyFileSync(join(out, f), join(dist, f));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  build().catch((e) => { console.error(e.message); process.exit(1); });
}
