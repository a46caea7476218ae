/** Every wasm kernel family; `registerWasmKernels(name)` registers them under a backend name. */
import { registerKernel } from "../../../engine/engine";
import { WASM_KERNELS } from "./registry";
import "./matmul";
import "./conv";
import "./elementwise";
import "./reduce";
import "./training";
import "./random";

export function registerWasmKernels(backendName: string): void {
  for (const [op, k] of WASM_KERNELS) registerKernel(backendName, op, k);
}
export { WASM_KERNELS };
