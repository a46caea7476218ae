/**
 * The `native` backend: the cpu backend's storage (GC-owned typed arrays, so nothing to free and
 * no copies to or from `cpu`) with the heavy kernels in the system's OpenBLAS, called through koffi.
 * Native kernels: MatMul/BatchMatMulV2 (cblas_?gemm) and Conv2D/Conv3D with their gradients
 * (im2col + GEMM).
 * Ops without a native kernel run the `wasm` backend's kernel where it has one and starts here
 * (SIMD + threads: elementwise math, reductions, softmax, the fused optimizer updates, ...; the
 * same arrays, no conversion), else cpu's kernel (the engine does this silently for backends with
 * `sharesCpuStorage`). TF_NATIVE_WASM=0 turns the wasm kernels off (cpu's run instead).
 *
 * Offered only where a BLAS loads: otherwise the factory throws and the engine keeps `cpu`.
 * Threads: OPENBLAS_NUM_THREADS where set, else one per core.
 */
import type { Backend, Kernel } from "../backend";
import type { DataArray, DType } from "../../tensor/dtypes";
import { getBackend, registerBackend } from "../../engine/engine";
import { toArray } from "../../tensor/dtypes";
import { Blas, loadBlas } from "./blas";
import { setPoolBlas } from "../wasm/runtime";
import "./kernels";

export class NativeBackend implements Backend {
  readonly name = "native";
  readonly deviceType = "CPU" as const;
  readonly kernels = new Map<string, Kernel>();
  readonly sharesCpuStorage = true;
  constructor(readonly blas: Blas) {
    // The wasm pool's workers load the same BLAS and take blocks of mid-sized GEMMs (kernels/matmul.ts).
    if (process.env.TF_NATIVE_SPLIT !== "0") setPoolBlas(blas.library);
  }
  private donor: Backend | null | undefined;
  /** The wasm backend, for the ops BLAS doesn't cover (see the file comment). */
  kernelDonor(): Backend | null {
    if (this.donor === undefined) {
      this.donor = null;
      if (process.env.TF_NATIVE_WASM !== "0") {
        try { this.donor = getBackend("wasm"); } catch { /* wasm unavailable: cpu's kernels */ }
      }
    }
    return this.donor;
  }
  write(values: DataArray, _shape: readonly number[], dtype: DType): unknown {
    if (Array.isArray(values) && dtype.kind !== "s") return toArray(dtype, values as unknown as number[]);
    return values;
  }
  readSync(handle: unknown): DataArray { return handle as DataArray; }
  read(handle: unknown): Promise<DataArray> { return Promise.resolve(handle as DataArray); }
  dispose(): void { /* GC-owned */ }
  memory(): { numBytes: number; numTensors: number } {
    return { numBytes: 0, numTensors: 0 };
  }
}

/** Priority 1: the default over `cpu` (0) wherever it starts. */
registerBackend("native", () => new NativeBackend(loadBlas()), 1);
