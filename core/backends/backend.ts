import type { DataArray, DType } from "../tensor/dtypes";
import type { Tensor } from "../tensor/tensor";

/** What a kernel is told about each output: its static shape and dtype (from the op's inference). */
export interface OutSpec {
  shape: number[];
  dtype: DType;
}

/**
 * A kernel: computes an op's outputs on one backend. It reads its inputs' handles (all on this
 * backend), and returns one handle per output. Attributes are the op's validated attrs.
 */
export type Kernel = (inputs: Tensor[], attrs: any, outs: OutSpec[], backend: Backend) => unknown[];

/**
 * The backend interface. A handle is whatever the backend uses for a tensor's storage:
 * the cpu backend uses the typed array itself (garbage-collected, so nothing to free);
 * device backends (wasm heap, WebGPU/CUDA buffers) return an object and implement `dispose`.
 */
export interface Backend {
  readonly name: string;
  /** Device type as TF names it: "CPU" or "GPU". */
  readonly deviceType: "CPU" | "GPU";
  readonly kernels: Map<string, Kernel>;
  /**
   * True where handles are the cpu backend's own storage (GC-owned typed arrays), e.g. `native`:
   * the engine then passes tensors between this backend and `cpu` without copies, and runs cpu's
   * kernel for an op this backend lacks silently (outputs stay on this backend).
   */
  readonly sharesCpuStorage?: boolean;
  /**
   * For a backend with `sharesCpuStorage`: another such backend whose kernels run the ops this one
   * has no kernel for, before cpu's (`native` borrows `wasm`'s SIMD/threaded elementwise and
   * training kernels). Outputs stay on this backend. Null when there is none.
   */
  kernelDonor?(): Backend | null;
  /** Upload host values (row-major) and return a handle. May keep `values` without copying. */
  write(values: DataArray, shape: readonly number[], dtype: DType): unknown;
  /** Synchronous readback (host backends return their storage; device backends block). */
  readSync(handle: unknown, shape: readonly number[], dtype: DType): DataArray;
  /** Asynchronous readback. */
  read(handle: unknown, shape: readonly number[], dtype: DType): Promise<DataArray>;
  /** Release a handle's storage; a no-op where the GC owns it. */
  dispose(handle: unknown): void;
  /** Bytes and tensors this backend holds, for `tf.memory()`. */
  memory(): { numBytes: number; numTensors: number };
  /**
   * Ops this backend runs on the cpu (explicitly, outputs copied back), op -> reason; listed by
   * `tf.config.list_cpu_fallbacks`. Backends without it report the ops they have no kernel for.
   */
  fallbacks?(): Map<string, string>;
}
