/**
 * Test helper: builds cuda/emu (a CPU stand-in for libcuda.so.1 and cuBLAS that runs our kernels,
 * see cuda/emu/emu.cpp) and points the backend at it. Rebuilt only when its sources changed.
 * Returns the reason when it cannot be built (no g++).
 */
import { execFileSync } from "child_process";
import { existsSync, readdirSync, statSync } from "fs";
import { join, resolve } from "path";

export const ROOT = resolve(__dirname, "../..");
export const EMU_DIR = join(ROOT, "build/cuda-emu");
export const EMU_DRIVER = join(EMU_DIR, "libcuda.so.1");
export const EMU_CUBLAS = join(EMU_DIR, "libcublas.so.13");
export const inCI = process.env.CI === "true" || process.env.CI === "1";

function newestSource(): number {
  const files = [join(ROOT, "cuda/kernels.cu"), ...readdirSync(join(ROOT, "cuda/src")).map((f) => join(ROOT, "cuda/src", f)),
    ...readdirSync(join(ROOT, "cuda/emu")).map((f) => join(ROOT, "cuda/emu", f))];
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

/** Builds the emulator if needed; "" on success, else why not. */
export function buildEmulator(): string {
  try { execFileSync("g++", ["--version"], { stdio: "pipe" }); } catch { return "g++ is not installed (the CUDA emulator is built from the kernel sources with g++)"; }
  if (existsSync(EMU_DRIVER) && statSync(EMU_DRIVER).mtimeMs > newestSource()) return "";
  execFileSync("sh", [join(ROOT, "cuda/emu/build.sh"), EMU_DIR], { stdio: "pipe" });
  return "";
}

/** Builds the emulator and makes the cuda backend load it (before the backend is first used). */
export function useEmulator(opts: { cublas?: boolean } = {}): string {
  const why = buildEmulator();
  if (why) return why;
  process.env.TF_CUDA_LIBRARY = EMU_DRIVER;
  process.env.TF_CUDA_CUBLAS = opts.cublas === false ? "0" : EMU_CUBLAS;
  process.env.TF_BACKEND = process.env.TF_BACKEND || "cpu"; // the emulated device must not become every test's default
  return "";
}
