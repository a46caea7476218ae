/**
 * The shared conformance suite (test/backends/conformance.test.ts: every op, cuda vs cpu) with the
 * cuda backend running on the CPU emulator of the driver (cuda/emu): the backend's TypeScript
 * (bindings, launches, memory) and every kernel's indexing run for real, compiled for the host.
 * On a GPU machine test/cuda/run.sh runs the same suite against the real driver.
 * Skips with a printed reason where g++ is missing; fails in CI.
 */
import { it, expect } from "vitest";
import { useEmulator, inCI } from "./emu";

const why = process.env.TF_CUDA_LIBRARY ? "" : useEmulator();
if (why) console.warn(`test/cuda/conformance_emu: skipping: ${why}`);
it("the CUDA emulator builds (g++) where CI runs", () => {
  if (inCI) expect(why).toBe("");
});
if (!why) {
  process.env.TF_CONFORMANCE_BACKENDS = "cuda";
  await import("../backends/conformance.test");
}
