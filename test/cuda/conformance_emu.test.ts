/**
 * The shared conformance suite (test/backends/conformance.test.ts: every op, cuda vs cpu), run for
 * the cuda backend alone. Here the backend drives the CPU emulator of the driver (cuda/emu): its
 * TypeScript (bindings, launches, memory) and every kernel's indexing run for real, compiled for the
 * host. test/cuda/run.sh runs this same file against the real driver on a GPU machine.
 * Skips with a printed reason where g++ is missing; fails in CI.
 */
import { emulatorSkip } from "./use_emulator";
import { it, expect } from "vitest";
import { inCI } from "./emu";
import "../backends/conformance.test";

it("the cuda backend runs the conformance suite (emulator in CI)", () => {
  if (inCI) expect(emulatorSkip).toBe("");
});
