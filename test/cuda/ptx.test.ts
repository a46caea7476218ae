/**
 * The committed PTX (core/backends/cuda/ptx.generated.ts) is current:
 *  - its recorded SHA-256 equals the CUDA sources' (cuda/kernels.cu, cuda/src/*) — no nvcc needed;
 *  - where nvcc exists, scripts/gen_ptx.mjs recompiles: with the same nvcc release the generated file
 *    is byte-identical, otherwise the kernel list and every parameter list are identical; ptxas
 *    assembles the PTX (ISA 7.8) for sm_75 and sm_90 with no spills and at most 48 KiB shared memory.
 * Without nvcc the compile checks skip with a printed reason (and fail in CI, where nvcc is installed).
 * Also: the launch table's parameter kinds match the C signatures' types.
 */
import { describe, it, expect } from "vitest";
import { readFileSync } from "fs";
import { join } from "path";
import { PTX, PTX_NVCC_VERSION, PTX_SOURCE_SHA256, KERNELS, OP } from "../../core/backends/cuda/ptx.generated";
import { ROOT, inCI } from "./emu";

const gen = require(join(ROOT, "scripts/gen_ptx.mjs"));

it("the PTX was generated from the current CUDA sources (hash)", () => {
  expect(PTX_SOURCE_SHA256).toBe(gen.sourceHash());
});

it("the op codes are cuda/src/opcodes.h's", () => {
  const text = readFileSync(join(ROOT, "cuda/src/opcodes.h"), "utf8");
  const defs = [...text.matchAll(/^#define\s+([A-Z][A-Z0-9_]*)\s+(-?\d+)\s*$/gm)].map((m) => [m[1], Number(m[2])]);
  expect(defs.length).toBeGreaterThan(40);
  expect(Object.entries(OP)).toEqual(defs);
});

it("the launch table is the PTX's own entry list, every kernel at most 256 threads a block", () => {
  const entries = gen.parseEntries(PTX);
  expect(Object.keys(KERNELS).sort()).toEqual(Object.keys(entries).sort());
  for (const [name, k] of Object.entries(KERNELS)) {
    expect(k.params, name).toEqual(entries[name].params);
    expect(k.maxntid, name).toBe(256);
  }
  expect(PTX).toMatch(/^\.version 7\.8$/m);
  expect(PTX).toMatch(/^\.target sm_75$/m);
});

it("parameter kinds follow the C signatures (pointers u64, int/unsigned u32, float f32, structs bytes)", () => {
  expect(KERNELS.unary_f32.params).toEqual(["u32", "u64", "u64", "u32", "f32"]);
  expect(KERNELS.unary_f64.params).toEqual(["u32", "u64", "u64", "u32", "f64"]);
  expect(KERNELS.binary_f32.params).toEqual(["u32", "u64", "u64", "u64", "u32", "b100"]); // Bcast: 25 ints
  expect(KERNELS.gather_strided_b32.params).toEqual(["u64", "u64", "u32", "b104"]);    // Strided: 26 ints
  expect(KERNELS.im2col_f32.params).toEqual(["u64", "u64", "b80", "u32", "u32"]);      // ConvGeom: 20 ints
  expect(KERNELS.gemm_f32.params).toEqual(["u32", "u32", "u32", "u32", "u32", "u64", "u32", "u64", "u64", "u32", "u64", "u64", "u32", "u64", "u32"]);
});

const nvcc: string | null = gen.findNvcc();
if (!nvcc) console.warn("test/cuda/ptx: skipping the recompile checks: nvcc not found (set NVCC or install the CUDA toolkit)");
describe.skipIf(!nvcc)("recompiled with nvcc", () => {
  let ptx = "";
  it("nvcc compiles the kernels and the result matches the committed PTX", () => {
    ptx = gen.compile(nvcc);
    const version = gen.nvccVersion(nvcc);
    if (version === PTX_NVCC_VERSION) {
      expect(gen.render(ptx, version) === readFileSync(join(ROOT, "core/backends/cuda/ptx.generated.ts"), "utf8"),
        "core/backends/cuda/ptx.generated.ts is stale: run node scripts/gen_ptx.mjs").toBe(true);
    } else {
      console.warn(`test/cuda/ptx: nvcc ${version} differs from the generator's ${PTX_NVCC_VERSION}: comparing kernel signatures only`);
      expect(gen.parseEntries(ptx)).toEqual(gen.parseEntries(PTX));
    }
  }, 300_000);
  it("ptxas assembles the committed PTX for sm_75 and sm_90: GEMMs do not spill, shared memory within 48 KiB", () => {
    const report: string = gen.assemble(nvcc, PTX);
    // Per entry: its spill bytes (a few bytes in the gather-style pooling/col2im loops are harmless; GEMMs must not spill).
    const spill = new Map<string, number>();
    for (const m of report.matchAll(/Function properties for (\w+)\s+\d+ bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads/g)) {
      spill.set(m[1], Math.max(spill.get(m[1]) ?? 0, Number(m[2]) + Number(m[3])));
    }
    for (const name of Object.keys(KERNELS)) expect(spill.has(name), name).toBe(true);
    for (const [name, bytes] of spill) expect(bytes, name).toBeLessThanOrEqual(64);
    for (const k of ["gemm_f32", "gemm_f64", "reduce_rows_f32", "softmax_f32", "binary_f32", "unary_f32"]) expect(spill.get(k), k).toBe(0);
    for (const m of report.matchAll(/Used \d+ registers, .*?(\d+) bytes smem/g)) expect(Number(m[1])).toBeLessThanOrEqual(48 * 1024);
    expect(report).toMatch(/Compiling entry function 'gemm_f32' for 'sm_90'/);
  }, 300_000);
});

it("nvcc is installed where CI runs", () => {
  if (inCI) expect(nvcc).not.toBeNull();
});
