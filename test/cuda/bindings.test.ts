/**
 * Binding signatures: the C declarations the backend hands koffi (core/backends/cuda/driver.ts) are
 *  - parsed by koffi (every one, no library needed), and
 *  - compiled by gcc against the CUDA toolkit's cuda.h as redeclarations: a parameter or return
 *    type that differs from NVIDIA's prototype is a "conflicting types" error; koffi's type aliases
 *    are checked with static asserts on sizeof. cuBLAS's are compiled the same way against
 *    cublas_api.h when its headers exist (TF_CUBLAS_INCLUDE, the toolkit, or pip's nvidia-cublas).
 * Skips the compile checks with a printed reason where the headers are absent; CI has cuda.h.
 */
import { describe, it, expect } from "vitest";
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { CUBLAS_DECLS, CUBLAS_TYPES, CUDA_TYPES, DRIVER_DECLS, forC, forKoffi, loadKoffi } from "../../core/backends/cuda/driver";
import { inCI } from "./emu";

const koffi = loadKoffi();
for (const [n, t] of Object.entries({ ...CUDA_TYPES, ...CUBLAS_TYPES })) { try { koffi.alias(n, t); } catch { /* already defined */ } }

it("koffi parses every driver and cuBLAS declaration", () => {
  for (const decl of [...Object.values(DRIVER_DECLS), ...Object.values(CUBLAS_DECLS)]) {
    const p = koffi.proto(forKoffi(decl).replace(/\b(\w+)\(/, "P_$1("));
    expect(p, decl).toBeTruthy();
  }
  // Declaration names are the object keys (the symbols looked up in the library).
  for (const [k, decl] of Object.entries({ ...DRIVER_DECLS, ...CUBLAS_DECLS })) expect(decl).toContain(` ${k}(`);
});

it("device-pointer parameters reach koffi as integers, handles as out-pointers", () => {
  expect(forKoffi(CUBLAS_DECLS.cublasSgemm_v2)).toContain("uintptr_t A, int lda, uintptr_t B, int ldb, const float *beta, uintptr_t C");
  expect(forC(DRIVER_DECLS.cuStreamCreate)).toBe("CUresult cuStreamCreate(CUstream *phStream, unsigned int Flags)");
});

const KOFFI_SIZE: Record<string, number> = { int: 4, "unsigned long long": 8, "void *": 8 };

function compile(includeDirs: string[], header: string, decls: Record<string, string>, types: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "cuda-bind-"));
  try {
    const lines = [`#include <${header}>`];
    for (const [name, t] of Object.entries(types)) lines.push(`_Static_assert(sizeof(${name}) == ${KOFFI_SIZE[t]}, "${name} is not ${t}-sized");`);
    for (const decl of Object.values(decls)) lines.push(`${forC(decl).replace(/\/\*dev\*\//g, "")};`);
    const f = join(dir, "check.c");
    writeFileSync(f, lines.join("\n") + "\n");
    return execFileSync("gcc", ["-std=c11", "-fsyntax-only", "-Werror", ...includeDirs.map((d) => `-I${d}`), f], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function findInclude(file: string, extra: (string | undefined)[]): string | null {
  const dirs = [...extra, process.env.CUDA_HOME && join(process.env.CUDA_HOME, "include"), "/usr/local/cuda/include", "/usr/include"];
  for (const d of dirs) if (d && existsSync(join(d, file))) return d;
  return null;
}

const cudaInc = findInclude("cuda.h", [process.env.TF_CUDA_INCLUDE]);
if (!cudaInc) console.warn("test/cuda/bindings: skipping the cuda.h compile check: cuda.h not found (install the CUDA toolkit or set TF_CUDA_INCLUDE)");
describe.skipIf(!cudaInc)("against cuda.h", () => {
  it("every driver declaration matches NVIDIA's prototype", () => {
    expect(() => compile([cudaInc!], "cuda.h", DRIVER_DECLS, CUDA_TYPES)).not.toThrow();
  });
  it("a wrong declaration does fail the check (the check can fail)", () => {
    expect(() => compile([cudaInc!], "cuda.h", { cuMemAlloc_v2: "CUresult cuMemAlloc_v2(CUdeviceptr *dptr, unsigned int bytesize)" }, {})).toThrow(/conflicting types/);
  });
});
it("cuda.h is available where CI runs", () => {
  if (inCI) expect(cudaInc).not.toBeNull();
});

const cublasInc = findInclude("cublas_api.h", [process.env.TF_CUBLAS_INCLUDE]);
if (!cublasInc) console.warn("test/cuda/bindings: skipping the cuBLAS compile check: cublas_api.h not found (set TF_CUBLAS_INCLUDE; test/cuda/run.sh does on GPU machines)");
describe.skipIf(!cublasInc || !cudaInc)("against cublas_api.h", () => {
  it("every cuBLAS declaration matches NVIDIA's prototype", () => {
    const types = Object.fromEntries(Object.entries(CUBLAS_TYPES).filter(([n]) => n !== "cudaStream_t"));
    expect(() => compile([cublasInc!, cudaInc!], "cublas_api.h", CUBLAS_DECLS, types)).not.toThrow();
  });
});
