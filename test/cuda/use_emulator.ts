/**
 * Side-effect module: imported first by test files that run the cuda backend on the CPU emulator.
 * Builds cuda/emu and points the backend at it (unless TF_CUDA_LIBRARY already names a driver:
 * test/cuda/run.sh on a GPU machine). `emulatorSkip` says why it could not (no g++).
 */
import { useEmulator } from "./emu";

export const realDriver = !!process.env.TF_CUDA_LIBRARY && !process.env.TF_CUDA_LIBRARY.includes("cuda-emu");
export const emulatorSkip = process.env.TF_CUDA_LIBRARY ? "" : useEmulator();
// test/backends/conformance.test.ts, when imported by test/cuda/conformance_emu.test.ts, compares cuda alone.
process.env.TF_CONFORMANCE_BACKENDS = "cuda";
if (emulatorSkip) console.warn(`test/cuda: the CUDA emulator is not available: ${emulatorSkip}`);
