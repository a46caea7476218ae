/**
 * The `wasm` backend: kernels written in AssemblyScript (wasm/assembly), compiled at build time in
 * three variants — scalar, SIMD, SIMD + threads — and chosen at start-up with wasm-feature-detect
 * (runtime.ts). GEMM is packed and cache-blocked; convolutions are GEMMs over implicit im2col
 * views, or Winograd F(2x2, 3x3) for 3x3 stride-1 filters; elementwise ops, reductions, softmax,
 * the cross-entropies, ReluGrad, the fused optimizer updates and uniform random numbers run in
 * WASM too. Ops without a wasm kernel (and dtypes other than float32, and ops on <= 32 elements)
 * run cpu's kernel on the same arrays.
 *
 * Memory design. A tensor's storage is a GC-owned typed array, exactly as on `cpu` (and `native`):
 * the backend `sharesCpuStorage`, so nothing is ever freed by hand, tensors dropped in a
 * synchronous training loop are reclaimed by V8's GC (which sees ArrayBuffer memory), and moving
 * tensors between wasm, native and cpu costs nothing. Each kernel call copies its operands into
 * a scratch arena in the WASM linear memory, computes, and copies its outputs out into new typed
 * arrays; the arena is reset by the next call. The copies are O(size) against GEMM/conv's O(size^1.5)
 * work, and for elementwise ops they cost about what the computation does.
 * Why not keep tensors in linear memory: WASM memory never shrinks, V8 does not count it toward
 * GC pressure, and FinalizationRegistry callbacks only run when the event loop turns, so freeing
 * what user code drops would need explicit scopes around every training step. The price of this
 * design is the copy per call and a linear memory that stays at the largest call's working set
 * (reported by `tf.memory()` as the backend's own bytes).
 * The one exception, threads variant only: "resident" arrays (resident.ts), which are views of the
 * linear memory — the fused optimizer updates' results (a variable and its slots, which later
 * updates overwrite in place) and a Keras step's spare gradient arrays (recycled every step). Both
 * are long-lived or recycled, so the GC-driven freeing above is enough; the region is capped.
 * Adam then runs where its arrays are, on the pool, with no copies (seed MLP: 0.74 → 0.30 ms per step).
 *
 * Priority 0.5: the default over `cpu` (0), below `native` (1, OpenBLAS) where that loads.
 * Environment: TF_WASM_VARIANT=scalar|simd|threads forces a variant, TF_WASM_THREADS=n the pool size.
 */
import type { Backend, Kernel } from "../backend";
import type { DataArray, DType } from "../../tensor/dtypes";
import { registerBackend } from "../../engine/engine";
import { toArray } from "../../tensor/dtypes";
import { WasmRuntime, Variant, chooseVariant, defaultThreads, features } from "./runtime";
import { registerWasmKernels } from "./kernels";

export interface WasmOptions {
  /** Backend name (tests register one backend per variant). */
  name?: string;
  variant?: Variant;
  threads?: number;
  /** Operand bytes above which GEMMs and convolutions stream in blocks (default 32 MB). */
  largeBytes?: number;
  /**
   * Ops on at most this many elements (GEMMs: multiply-adds) run cpu's kernel on the same arrays:
   * a WebAssembly call with its copies costs ~1 µs more than a JavaScript loop over 4 numbers
   * (default 32; the tests use 0 so every size exercises the WebAssembly code).
   */
  tiny?: number;
}

export class WasmBackend implements Backend {
  readonly name: string;
  readonly deviceType = "CPU" as const;
  readonly kernels = new Map<string, Kernel>();
  readonly sharesCpuStorage = true;
  readonly rt: WasmRuntime;
  readonly tiny: number;

  constructor(opts: WasmOptions = {}) {
    this.name = opts.name ?? "wasm";
    const threads = opts.threads ?? defaultThreads();
    this.rt = new WasmRuntime(opts.variant ?? chooseVariant(threads), threads, opts.largeBytes);
    this.tiny = opts.tiny ?? 32;
  }
  get variant(): Variant { return this.rt.variant; }
  get threads(): number { return this.rt.threads; }
  /** What start-up detection found (and from where). */
  features() { return features(); }

  write(values: DataArray, _shape: readonly number[], dtype: DType): unknown {
    if (Array.isArray(values) && dtype.kind !== "s") return toArray(dtype, values as unknown as number[]);
    return values;
  }
  readSync(handle: unknown): DataArray { return handle as DataArray; }
  read(handle: unknown): Promise<DataArray> { return Promise.resolve(handle as DataArray); }
  dispose(): void { /* GC-owned typed arrays */ }
  /** Tensors are counted by the engine; the backend's own bytes are its linear memory (scratch arena, workspaces) less the resident tensor storage. */
  memory(): { numBytes: number; numTensors: number } {
    return { numBytes: this.rt.bytes - this.rt.residentBytes, numTensors: 0 };
  }
}

registerBackend("wasm", () => new WasmBackend(), 0.5);
registerWasmKernels("wasm");
