/**
 * The `cpu` backend: TypeScript over typed arrays. The reference every other backend is tested
 * against, and complete: every op has a kernel here. A handle is the typed array itself, so the
 * garbage collector owns all memory (no registry, nothing to free).
 */
import type { Backend, Kernel } from "../backend";
import type { DataArray, DType } from "../../tensor/dtypes";
import { registerBackend } from "../../engine/engine";
import { toArray } from "../../tensor/dtypes";

export class CpuBackend implements Backend {
  readonly name = "cpu";
  readonly deviceType = "CPU" as const;
  readonly kernels = new Map<string, Kernel>();
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

registerBackend("cpu", () => new CpuBackend(), 0);
