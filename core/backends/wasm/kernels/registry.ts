/** The wasm kernels by op name, registered under every wasm-variant backend (`wasm`, and the tests' per-variant ones). */
import type { Backend, Kernel } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import type { WasmRuntime } from "../runtime";
import { getBackend } from "../../../engine/engine";

export const WASM_KERNELS = new Map<string, Kernel>();

export function def(op: string, k: Kernel): void { WASM_KERNELS.set(op, k); }

export function rtOf(backend: Backend): WasmRuntime {
  return (backend as unknown as { rt: WasmRuntime }).rt;
}

/** Whether an op of `n` elements is small enough that cpu's JavaScript kernel is faster (WasmOptions.tiny). */
export function tiny(backend: Backend, n: number): boolean {
  return n <= (backend as unknown as { tiny: number }).tiny;
}

const cpuKernels = new Map<string, Kernel>();
/** cpu's kernel for `op`: the fallback for dtypes and layouts the wasm kernels do not take (same storage, no copy). */
export function cpu(op: string): Kernel {
  let k = cpuKernels.get(op);
  if (!k) {
    k = getBackend("cpu").kernels.get(op);
    if (!k) throw new Error(`wasm: cpu has no ${op} kernel to fall back on`);
    cpuKernels.set(op, k);
  }
  return k;
}

/** float32 proper (float16 is stored in a Float32Array but rounded to half precision: cpu does that). */
export function isF32(t: { dtype: { name: string } }): boolean { return t.dtype.name === "float32"; }

export function f32(t: Tensor): Float32Array { return t._handle as Float32Array; }

export function sizeOfShape(s: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < s.length; i++) n *= s[i];
  return n;
}
