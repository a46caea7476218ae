#!/usr/bin/env node
/**
 * Compiles the cuda backend's kernels (cuda/kernels.cu) to PTX with nvcc and writes
 * core/backends/cuda/ptx.generated.ts: the PTX text, a SHA-256 of the CUDA sources it came from,
 * the op codes of cuda/src/opcodes.h, and every kernel's parameter list read from the PTX (which
 * types the TypeScript launch calls). The file is committed, so users need only the NVIDIA driver.
 *
 *   node scripts/gen_ptx.mjs           regenerate
 *   node scripts/gen_ptx.mjs --check   exit 1 unless the committed file is what nvcc makes now
 *   node scripts/gen_ptx.mjs --print-hash   the sources' SHA-256 only (no nvcc needed)
 *
 * PTX target: compute_75 (Turing, the oldest architecture CUDA 13 supports), ISA version lowered
 * to 7.8 so drivers from CUDA 11.8 on can JIT it (ptxas validates the lowered text: --check and
 * test/cuda/ptx.test.ts assemble it). NVCC: env NVCC, else `nvcc` on PATH, else /usr/local/cuda/bin/nvcc.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(root, "core/backends/cuda/ptx.generated.ts");
const ARCH = "compute_75";
const PTX_ISA = "7.8";
const NVCC_FLAGS = ["-ptx", `-arch=${ARCH}`, "-std=c++17", "-O3"];

/** The CUDA sources, in a fixed order, and their combined hash (flags included). */
export function sourceFiles() {
  const src = join(root, "cuda/src");
  return ["cuda/kernels.cu", ...readdirSync(src).filter((f) => /\.(cu|cuh|h)$/.test(f)).sort().map((f) => `cuda/src/${f}`)];
}
export function sourceHash() {
  const h = createHash("sha256");
  h.update(JSON.stringify({ NVCC_FLAGS, PTX_ISA }));
  for (const f of sourceFiles()) { h.update(`\0${f}\0`); h.update(readFileSync(join(root, f))); }
  return h.digest("hex");
}

export function findNvcc() {
  if (process.env.NVCC) return process.env.NVCC;
  for (const c of ["nvcc", "/usr/local/cuda/bin/nvcc"]) {
    try { execFileSync(c, ["--version"], { stdio: "pipe" }); return c; } catch { /* next */ }
  }
  return null;
}
export function nvccVersion(nvcc) {
  const v = execFileSync(nvcc, ["--version"], { encoding: "utf8" });
  const m = /release [\d.]+, V([\d.]+)/.exec(v);
  return m ? m[1] : v.trim().split("\n").pop();
}

/** Entry name -> parameter kinds ("u32", "u64", "f32", "f64", "b76" for a 76-byte struct, ...). */
export function parseEntries(ptx) {
  const entries = {};
  const re = /\.entry\s+([A-Za-z_0-9]+)\s*\(([^)]*)\)\s*((?:\.\w+[^{]*)?)\{/g;
  let m;
  while ((m = re.exec(ptx))) {
    const params = m[2].split(",").map((s) => s.trim()).filter(Boolean).map((p) => {
      const arr = /\.b8\s+\S+\[(\d+)\]/.exec(p);
      if (arr) return `b${arr[1]}`;
      const t = /\.param\s+\.(u8|s8|u16|s16|u32|s32|u64|s64|f32|f64|b32|b64)/.exec(p);
      if (!t) throw new Error(`gen_ptx: cannot read parameter '${p}' of ${m[1]}`);
      return t[1];
    });
    const nt = /\.maxntid\s+(\d+)/.exec(m[3]);
    entries[m[1]] = { params, maxntid: nt ? Number(nt[1]) : 1024 };
  }
  return entries;
}

function opcodes() {
  const out = {};
  for (const line of readFileSync(join(root, "cuda/src/opcodes.h"), "utf8").split("\n")) {
    const m = /^#define\s+([A-Z][A-Z0-9_]*)\s+(-?\d+)\s*$/.exec(line);
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

export function compile(nvcc) {
  const dir = mkdtempSync(join(tmpdir(), "gen-ptx-"));
  try {
    const out = join(dir, "kernels.ptx");
    execFileSync(nvcc, [...NVCC_FLAGS, "-o", out, join(root, "cuda/kernels.cu")], { stdio: ["ignore", "pipe", "pipe"] });
    let ptx = readFileSync(out, "utf8");
    if (!/^\.version \d+\.\d+$/m.test(ptx)) throw new Error("gen_ptx: no .version line in nvcc's output");
    ptx = ptx.replace(/^\.version \d+\.\d+$/m, `.version ${PTX_ISA}`);
    // Drop the compiler-build comment lines so the file depends on the nvcc release only.
    ptx = ptx.replace(/^\/\/ Compiler Build ID:.*\n/m, "");
    return ptx;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Assembles the PTX with ptxas (next to nvcc) for sm_75 and sm_90: it must be valid at ISA 7.8. */
export function assemble(nvcc, ptx) {
  const ptxas = join(dirname(execFileSync("sh", ["-c", `readlink -f "$(command -v ${nvcc})" || echo ${nvcc}`], { encoding: "utf8" }).trim()), "ptxas");
  const bin = existsSync(ptxas) ? ptxas : "ptxas";
  const dir = mkdtempSync(join(tmpdir(), "gen-ptx-"));
  try {
    const f = join(dir, "k.ptx");
    writeFileSync(f, ptx);
    const reports = [];
    for (const arch of ["sm_75", "sm_90"]) {
      const r = spawnSync(bin, [`-arch=${arch}`, "-v", "-o", join(dir, `${arch}.cubin`), f], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`gen_ptx: ptxas -arch=${arch} failed: ${r.stderr || r.error}`);
      reports.push(r.stdout + r.stderr); // ptxas -v reports on stderr
    }
    return reports.join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function render(ptx, version) {
  const entries = parseEntries(ptx);
  const names = Object.keys(entries).sort();
  const argType = (k) => (k.startsWith("b") && /^b\d+$/.test(k) ? "Int32Array" : "number");
  const lines = [
    "// GENERATED by scripts/gen_ptx.mjs from cuda/kernels.cu: do not edit; run `node scripts/gen_ptx.mjs`.",
    "// test/cuda/ptx.test.ts checks that it is current.",
    "/* eslint-disable */",
    `export const PTX_SOURCE_SHA256 = ${JSON.stringify(sourceHash())};`,
    `export const PTX_NVCC_VERSION = ${JSON.stringify(version)};`,
    `export const PTX_ARCH = ${JSON.stringify(ARCH)};`,
    "",
    "/** cuda/src/opcodes.h */",
    "export const OP = {",
    ...Object.entries(opcodes()).map(([k, v]) => `  ${k}: ${v},`),
    "} as const;",
    "",
    "/** Each kernel's parameters as the PTX declares them (b<N>: an N-byte struct of int32 fields). */",
    "export const KERNELS: Record<KernelName, { params: readonly string[]; maxntid: number }> = {",
    ...names.map((n) => `  ${n}: { params: ${JSON.stringify(entries[n].params)}, maxntid: ${entries[n].maxntid} },`),
    "};",
    "",
    "/** Launch arguments per kernel: numbers (pointers as numbers) and Int32Array for structs. */",
    "export interface KernelArgs {",
    ...names.map((n) => `  ${n}: [${entries[n].params.map((k, i) => `p${i}: ${argType(k)}`).join(", ")}];`),
    "}",
    "export type KernelName = keyof KernelArgs;",
    "",
    `export const PTX: string = ${JSON.stringify(ptx)};`,
    "",
  ];
  return lines.join("\n");
}

function main() {
  const args = process.argv.slice(2);
  if (args.includes("--print-hash")) { console.log(sourceHash()); return; }
  const nvcc = findNvcc();
  if (!nvcc) { console.error("gen_ptx: nvcc not found (set NVCC or put the CUDA toolkit on PATH)."); process.exit(2); }
  const version = nvccVersion(nvcc);
  const ptx = compile(nvcc);
  assemble(nvcc, ptx);
  const text = render(ptx, version);
  if (args.includes("--check")) {
    const cur = existsSync(OUT) ? readFileSync(OUT, "utf8") : "";
    if (cur !== text) {
      console.error(`gen_ptx: ${OUT} is not current (nvcc ${version}); run node scripts/gen_ptx.mjs`);
      process.exit(1);
    }
    console.log(`gen_ptx: ${OUT} is current (nvcc ${version})`);
    return;
  }
  writeFileSync(OUT, text);
  console.log(`gen_ptx: wrote ${OUT}: ${Object.keys(parseEntries(ptx)).length} kernels, ${ptx.length} bytes of PTX (nvcc ${version})`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
