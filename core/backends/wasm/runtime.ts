/**
 * The wasm backend's runtime: loads one variant of the kernels (wasm/build/{scalar,simd,threads}.wasm,
 * compiled from wasm/assembly by wasm/build.mjs), lays out its linear memory, and runs GEMMs on a
 * pool of worker threads for the threads variant.
 *
 * Memory (see core/backends/wasm/index.ts for the whole design): tensors live here only as
 * resident blocks (resident.ts: optimizer state and a training step's gradients, threads variant).
 * Otherwise a kernel call copies its operands into a scratch arena, runs, copies its outputs out
 * into fresh typed arrays, and the arena is reset by the next call. Layout of the linear memory:
 *
 *   [0, heapBase)                 AssemblyScript's static data (math tables)
 *   [wsBase, wsBase + T·wsBytes)  one GEMM packing workspace per thread (~3.4 MB each)
 *   [.., arenaBase)               resident blocks (shared memory only; the region grows upward)
 *   [arenaBase, ...)              the scratch arena: bump-allocated per kernel call
 *
 * WebAssembly memory never shrinks, so the memory stays at the high-water mark of the largest
 * kernel call so far (e.g. 3 x 16 MB for a 2048² matmul); it is reported by `tf.memory()` as the
 * backend's own bytes.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { msg } from "../../errors";
import { inSpareStep, setPendingWork, setSpareSource } from "../../engine/spare";
import { RESIDENT_MIN, ResidentHeap } from "./resident";

/*
 * WebAssembly's JS API, declared here: the package compiles against lib ES2022 only (tslab's
 * constraint), which has no WebAssembly types.
 */
export interface WasmMemory { readonly buffer: ArrayBuffer | SharedArrayBuffer; grow(pages: number): number }
export interface WasmModule { readonly __wasmModule?: never }
export interface WasmGlobal { value: unknown }
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
};

export type Variant = "scalar" | "simd" | "threads";
export const VARIANTS: Variant[] = ["scalar", "simd", "threads"];

/** The kernels' exports (see wasm/assembly/index.ts). Pointers and sizes are byte offsets / counts. */
export interface Kernels {
  heapBase(): number;
  gemmWorkspaceBytes(): number;
  setA(kind: number, ptr: number, rs: number, cs: number): void;
  setB(ptr: number, rs: number, cs: number): void;
  gemm(m0: number, m1: number, n0: number, n1: number, k: number, c: number, ldc: number, accumulate: number, ws: number): void;
  convFilterForDx(w: number, dst: number, T: number, C: number, OC: number): void;
  col2im(col: number, g: number, r0: number, r1: number, dx: number): void;
  winogradFilter(w: number, u: number, C: number, OC: number): void;
  philoxUniform(out: number, n: number, blockLo: number, blockHi: number, c2: number, c3: number, k0: number, k1: number, range: number, lo: number): void;
  philoxShuffle(perm: number, n: number, blockLo: number, blockHi: number, c2: number, c3: number, k0: number, k1: number): void;
  winogradChunk(p: number, chunk: number, ws: number): void;
  winogradWorkspaceBytes(T: number, C: number, OC: number): number;
  winogradInputPlain(p: number, t0: number, t1: number, v: number, ts: number, es: number, S: number): void;
  winogradOutputPlain(p: number, t0: number, t1: number, m: number, ts: number, es: number): void;
  binary(op: number, a: number, b: number, out: number, n: number, mode: number, m: number): void;
  compare(op: number, a: number, b: number, out: number, n: number, mode: number, m: number): void;
  select(c: number, a: number, b: number, out: number, n: number): void;
  selectScalar(c: number, v: number, s: number, out: number, n: number, scalarIfTrue: number): void;
  dropoutApply(x: number, y: number, keep: number, n: number, rate: number, scale: number): void;
  maskScale(x: number, keep: number, out: number, n: number, scale: number): void;
  castU8F32(a: number, out: number, n: number): void;
  unary(op: number, a: number, out: number, n: number, alpha: number): void;
  reluGrad(g: number, f: number, out: number, n: number): void;
  reduce(op: number, x: number, out: number, outer: number, n: number, inner: number, tmp: number): void;
  reducePartial(op: number, x: number, n: number, inner: number, acc: number, first: number): void;
  reduceFinish(op: number, acc: number, out: number, inner: number, count: number): void;
  softmax(x: number, out: number, rows: number, n: number): void;
  logSoftmax(x: number, out: number, rows: number, n: number): void;
  softmaxXent(x: number, labels: number, loss: number, back: number, rows: number, n: number): void;
  sparseSoftmaxXent(x: number, labels: number, loss: number, back: number, rows: number, n: number): void;
  applyAdam(x: number, m: number, v: number, g: number, ox: number, om: number, ov: number, n: number, alpha: number, c1: number, c2: number, eps: number): void;
  applyMomentum(x: number, a: number, g: number, ox: number, oa: number, n: number, lr: number, mo: number, nesterov: number): void;
  applyGradientDescent(x: number, d: number, ox: number, n: number, alpha: number): void;
  MR: WasmGlobal;
  NR: WasmGlobal;
}

/** op(A) sources for gemm (wasm/assembly/gemm.ts). */
export const A_MATRIX = 0, A_CONV = 1, A_CONV_DX = 2, A_CONV_DW = 3;

const PAGE = 65536;
/** Must match wasm/build.mjs. */
const SHARED_MAX_PAGES = 32768;
/** Elements per block when streaming elementwise ops through the arena: 64 KB per operand stays in L2. */
export const STREAM_BLOCK = 1 << 14;
/** GEMMs below this many multiply-adds (128³ = 2M) run on the calling thread: a pool round trip costs ~10-30 µs and each block repacks B. */
const PARALLEL_MIN_MACS = 1 << 22;

// ---------------------------------------------------------------- locating and checking the binaries
/** Where the built binaries are: wasm/build beside the sources, or dist/wasm/build in the package. */
export function buildDir(): string | null {
  const candidates = [
    path.join(__dirname, "../../../wasm/build"), // core/backends/wasm -> wasm/build; dist/core/backends/wasm -> dist/wasm/build
    path.join(__dirname, "../../../../wasm/build"), // dist/core/backends/wasm -> wasm/build (a repo checkout)
  ];
  for (const d of candidates) if (fs.existsSync(path.join(d, "manifest.json"))) return d;
  return null;
}

const moduleCache = new Map<Variant, WasmModule>();
export function loadModule(variant: Variant): WasmModule {
  let m = moduleCache.get(variant);
  if (m) return m;
  const dir = buildDir();
  if (!dir) {
    throw new Error(msg(
      "the WebAssembly kernels are not built (wasm/build/*.wasm is missing). Run `npm run build:wasm` (npm install and npm run build do it too).",
      "WebAssembly 커널이 빌드되지 않았습니다 (wasm/build/*.wasm 없음). `npm run build:wasm`을 실행하세요 (npm install과 npm run build도 빌드합니다).",
    ));
  }
  m = new WebAssembly.Module(fs.readFileSync(path.join(dir, `${variant}.wasm`)));
  moduleCache.set(variant, m);
  return m;
}

// ---------------------------------------------------------------- feature detection
/**
 * What this engine supports, from `wasm-feature-detect` (its probes are async: they start when this
 * module loads and settle within a microtask or two). A backend created before they settle (the
 * first op in the same tick as the import) validates the variant binaries themselves instead — the
 * same question, asked of the real modules.
 */
let detected: { simd: boolean; threads: boolean } | null = null;
export const featuresReady: Promise<{ simd: boolean; threads: boolean }> = (async () => {
  try {
    const wfd = require("wasm-feature-detect") as { simd(): Promise<boolean>; threads(): Promise<boolean> };
    const [simd, threads] = await Promise.all([wfd.simd(), wfd.threads()]);
    detected = { simd, threads };
  } catch {
    detected = syncFeatures();
  }
  return detected;
})();

function syncFeatures(): { simd: boolean; threads: boolean } {
  const dir = buildDir();
  const ok = (v: Variant) => {
    try { return !!dir && WebAssembly.validate(fs.readFileSync(path.join(dir, `${v}.wasm`))); } catch { return false; }
  };
  let shared = false;
  try { shared = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer; } catch { /* no threads */ }
  return { simd: ok("simd"), threads: shared && ok("threads") };
}

export function features(): { simd: boolean; threads: boolean; source: "wasm-feature-detect" | "validate" } {
  return detected ? { ...detected, source: "wasm-feature-detect" } : { ...syncFeatures(), source: "validate" };
}

/** Threads to use: TF_WASM_THREADS, else one per core. */
export function defaultThreads(): number {
  const env = Number(process.env.TF_WASM_THREADS);
  if (Number.isInteger(env) && env >= 1) return Math.min(env, 64);
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

/** The fastest variant this engine runs: threads (if more than one thread), SIMD, scalar. TF_WASM_VARIANT overrides. */
export function chooseVariant(threads: number): Variant {
  const env = process.env.TF_WASM_VARIANT as Variant | undefined;
  if (env && VARIANTS.includes(env)) return env;
  const f = features();
  if (f.threads && f.simd && threads > 1) return "threads";
  return f.simd ? "simd" : "scalar";
}

// ---------------------------------------------------------------- the runtime
function alignUp(x: number, a: number): number { return Math.ceil(x / a) * a; }

export type Storage = Float32Array | Int32Array | Uint8Array;

export interface ASource { kind: number; ptr: number; rs: number; cs: number }
export interface BSource { ptr: number; rs: number; cs: number }

export class WasmRuntime {
  readonly memory: WasmMemory;
  readonly k: Kernels;
  readonly MR: number;
  readonly NR: number;
  f32!: Float32Array;
  i32!: Int32Array;
  u8!: Uint8Array;
  private readonly wsBase: number;
  private readonly wsBytes: number;
  /** Start of the scratch arena: right above the resident blocks (resident.ts), so it moves up as they grow. */
  private arenaBase: number;
  private top: number;
  private pool: ThreadPool | null = null;
  /** Resident blocks (shared memory only). */
  private readonly resident: ResidentHeap | null = null;
  /**
   * Whether kernels make counted resident outputs inside a training step: this runtime's heap is
   * the one the Tensor hooks count (core/engine/spare.ts; the first runtime with shared memory).
   * TF_WASM_COUNTED=0 turns it off (ordinary arrays, as without threads).
   */
  private readonly counted: boolean = false;
  /** Winograd convolutions on (tests turn it off to compare with the GEMM path). */
  winogradOn = true;

  /**
   * @param largeBytes operands above this size stream through the arena in blocks (GEMM row
   *   blocks, convolution image blocks), which bounds the linear memory.
   */
  constructor(readonly variant: Variant, readonly threads: number, readonly largeBytes = 32 << 20) {
    const module = loadModule(variant);
    const shared = variant === "threads";
    this.threads = shared ? Math.max(1, threads) : 1;
    // Probe instance-free sizes: instantiate on a small memory first, then size the real one.
    this.memory = new WebAssembly.Memory(shared ? { initial: 64, maximum: SHARED_MAX_PAGES, shared: true } : { initial: 64 });
    const inst = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.k = inst.exports as unknown as Kernels;
    this.MR = this.k.MR.value as number;
    this.NR = this.k.NR.value as number;
    this.wsBytes = alignUp(this.k.gemmWorkspaceBytes(), 64);
    this.wsBase = alignUp(this.k.heapBase() + 1024, 4096);
    this.arenaBase = alignUp(this.wsBase + this.threads * this.wsBytes, 4096);
    this.top = this.arenaBase;
    this.ensure(this.arenaBase + (4 << 20));
    if (shared) {
      this.resident = new ResidentHeap(this.arenaBase, this.arenaBase, (end) => {
        if (end > this.arenaBase) this.arenaBase = this.top = alignUp(end, 4096);
        this.ensure(this.arenaBase + (4 << 20));
        return this.memory.buffer as SharedArrayBuffer;
      });
      // Inside a training step, MatMul's outputs are counted resident blocks too (resident.ts).
      const heap = this.resident;
      this.counted = process.env.TF_WASM_COUNTED !== "0" && setSpareSource((n) => n >= RESIDENT_MIN ? heap.alloc(n, true) : null, heap);
    }
    if (shared && this.threads > 1) {
      this.pool = new ThreadPool(module, this.memory, this.threads, this.wsBase, this.wsBytes);
      this.pool.onSettled = () => { this.busy = null; this.resident?.settle(); setPendingWork(null); };
    }
  }

  /**
   * A float32 array of n elements (contents unspecified) that lives in the linear memory, where
   * kernels use it without copies (resident.ts); null where there are no resident blocks (not
   * the threads variant, too short, region full). May move the arena: call before `reset`/`put`.
   */
  residentF32(n: number): Float32Array | null {
    return this.resident !== null && n >= RESIDENT_MIN ? this.resident.alloc(n) : null;
  }

  /**
   * A kernel's float32 output of n elements (contents unspecified: the kernel writes all of it):
   * inside a Keras training step, a counted resident block (freed when the step disposes its
   * tensors; later kernels read it without a copy), else an ordinary array.
   */
  outF32(n: number): Float32Array {
    return (this.counted && n >= RESIDENT_MIN && inSpareStep() ? this.resident!.alloc(n, true) : null) ?? new Float32Array(n);
  }

  /** A kernel's byte (bool) output, as `outF32`. */
  outU8(n: number): Uint8Array {
    return (this.counted && n >= RESIDENT_MIN && inSpareStep() ? this.resident!.allocU8(n, true) : null) ?? new Uint8Array(n);
  }

  /** The byte offset of a resident array in the linear memory, or -1 (any other array). */
  residentPtr(a: ArrayBufferView): number {
    return this.resident === null ? -1 : this.resident.ptr(a);
  }

  /**
   * The byte offset of `a` in the linear memory for this kernel call: where it lives if it is
   * resident, else a copy put into the arena (so: after `reset`).
   */
  inMemory(a: Storage): number {
    const p = this.residentPtr(a);
    return p >= 0 ? p : this.put(a);
  }

  /** Bytes of live resident blocks (tensor storage, which the engine counts itself). */
  get residentBytes(): number { return this.resident === null ? 0 : this.resident.live; }

  /**
   * Byte offsets of `ins` and `outs` for a kernel that works in the linear memory: resident arrays
   * where they are, other inputs copied into the (reset) arena. Null when an output is not
   * resident (the caller then streams instead). Resets the arena.
   */
  pointers(ins: Storage[], outs: Storage[]): { ins: number[]; outs: number[] } | null {
    if (this.resident === null) return null;
    const po = outs.map((o) => this.residentPtr(o));
    if (po.some((p) => p < 0)) return null;
    this.reset();
    return { ins: ins.map((a) => this.inMemory(a)), outs: po };
  }

  /** Grows the memory to hold `end` bytes (with headroom) and refreshes the views. */
  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const want = Math.max(end + (end >> 2), have * 1.25);
      const pages = Math.ceil((want - have) / PAGE);
      try {
        this.memory.grow(pages);
      } catch {
        this.memory.grow(Math.ceil((end - have) / PAGE)); // no headroom: exactly what is needed
      }
    }
    if (!this.f32 || this.f32.buffer !== this.memory.buffer || this.f32.length * 4 !== this.memory.buffer.byteLength) {
      const buf = this.memory.buffer;
      this.f32 = new Float32Array(buf);
      this.i32 = new Int32Array(buf);
      this.u8 = new Uint8Array(buf);
    }
  }

  /** Starts a kernel call: the arena is empty again. The first one spawns the pool's workers (ThreadPool.spawn). */
  reset(): void {
    this.top = this.arenaBase;
    if (this.pool !== null && !this.pool.spawned) this.pool.spawn();
  }

  /** Reserves `bytes` of arena (64-byte aligned) and returns its offset. Views may change: read `f32` etc. after. */
  alloc(bytes: number): number {
    const p = this.top;
    this.top = alignUp(p + Math.max(bytes, 0), 64);
    this.ensure(this.top);
    return p;
  }

  /** Copies a typed array into the arena; returns its offset. */
  put(src: Float32Array | Int32Array | Uint8Array): number {
    const p = this.alloc(src.byteLength);
    if (src instanceof Float32Array) this.f32.set(src, p >> 2);
    else if (src instanceof Int32Array) this.i32.set(src, p >> 2);
    else this.u8.set(src, p);
    return p;
  }

  /**
   * Streams an elementwise computation through the arena `step` elements at a time, so the arena
   * stays small whatever the tensor size: `full` operands (indexed like the outputs) are copied in
   * block by block, `whole` operands once; `run(fullPtrs, wholePtrs, outPtrs, i0, len)` computes a
   * block, which is then copied into `outs`.
   */
  stream(n: number, step: number, full: Storage[], whole: Storage[], outs: Storage[],
    run: (fp: number[], wp: number[], po: number[], i0: number, len: number) => void): void {
    // Resident operands (resident.ts) are used where they are: no copy in, no copy out. Plain
    // loops, and the blockwise copies in a function of their own: every elementwise kernel calls
    // this, so it stays small for the JIT (it was compiled four times over in a first epoch).
    const rf: number[] = [], ro: number[] = [];
    let resident = true;
    for (let j = 0; j < full.length; j++) { const p = this.residentPtr(full[j]); rf.push(p); if (p < 0) resident = false; }
    for (let j = 0; j < outs.length; j++) { const p = this.residentPtr(outs[j]); ro.push(p); if (p < 0) resident = false; }
    this.reset();
    const wp: number[] = [];
    for (let j = 0; j < whole.length; j++) wp.push(this.inMemory(whole[j]));
    if (resident) run(rf, wp, ro, 0, n);
    else this.streamBlocks(n, step, full, outs, rf, ro, wp, run);
  }

  /** `stream`'s blockwise part: operands that are not resident are copied in and out `step` elements at a time. */
  private streamBlocks(n: number, step: number, full: Storage[], outs: Storage[], rf: number[], ro: number[], wp: number[],
    run: (fp: number[], wp: number[], po: number[], i0: number, len: number) => void): void {
    const blk = Math.min(step, n);
    const fp = full.map((f, j) => rf[j] >= 0 ? -1 : this.alloc(blk * f.BYTES_PER_ELEMENT));
    const po = outs.map((o, j) => ro[j] >= 0 ? -1 : this.alloc(blk * o.BYTES_PER_ELEMENT));
    const fb = fp.slice(), ob = po.slice();
    for (let i0 = 0; i0 < n; i0 += blk) {
      const len = Math.min(blk, n - i0);
      for (let j = 0; j < full.length; j++) {
        const e = full[j].BYTES_PER_ELEMENT;
        if (rf[j] >= 0) fb[j] = rf[j] + i0 * e;
        else this.view(full[j]).set(full[j].subarray(i0, i0 + len), fp[j] / e);
      }
      for (let j = 0; j < outs.length; j++) if (ro[j] >= 0) ob[j] = ro[j] + i0 * outs[j].BYTES_PER_ELEMENT;
      run(fb, wp, ob, i0, len);
      for (let j = 0; j < outs.length; j++) {
        if (ro[j] >= 0) continue;
        const o = po[j] / outs[j].BYTES_PER_ELEMENT;
        outs[j].set(this.view(outs[j]).subarray(o, o + len), i0);
      }
    }
  }

  /** The memory view of the same element type as `a`. */
  private view(a: Storage): Storage {
    return a instanceof Float32Array ? this.f32 : a instanceof Int32Array ? this.i32 : this.u8;
  }

  /** A fresh (GC-owned) copy of n float32s at p. */
  takeF32(p: number, n: number): Float32Array { return this.f32.slice(p >> 2, (p >> 2) + n); }
  /** A fresh copy of n bytes at p. */
  takeU8(p: number, n: number): Uint8Array { return this.u8.slice(p, p + n); }

  /** Bytes of linear memory (the high-water mark; it never shrinks). */
  get bytes(): number { return this.memory.buffer.byteLength; }

  /** Whether a thread's workspace holds a Winograd chunk of T tiles for C -> OC channels. */
  winogradFits(T: number, C: number, OC: number): boolean {
    return this.k.winogradWorkspaceBytes(T, C, OC) <= this.wsBytes;
  }

  /** Whether this runtime has worker threads (the threads variant with more than one thread). */
  get pooled(): boolean { return this.pool !== null; }

  /**
   * Adam over n elements at byte offsets p = [x, m, v, g, x', m', v'] (outputs may be the inputs:
   * in place), on the pool when there are at least a few chunks of work.
   */
  adam(p: number[], n: number, alpha: number, c1: number, c2: number, eps: number): void {
    if (this.pool && n >= 4 * ADAM_CHUNK && Math.ceil(n / ADAM_CHUNK) <= MAX_BLOCKS) { this.pool.adam(this.k, p, n, alpha, c1, c2, eps); return; }
    this.k.applyAdam(p[0], p[1], p[2], p[3], p[4], p[5], p[6], n, alpha, c1, c2, eps);
  }

  /**
   * The in-place Adam update of a large variable, started on the pool's workers and finished
   * later (inside a Keras train step, with every array resident, updated in place). The
   * step goes on with the rest of the update and the next batch while the workers run; the update
   * is finished (this thread taking the chunks still unclaimed) before anything touches its
   * arrays: a kernel reading one of them or a readback (the engine's pendingWork hook), any other
   * pool job, or the freeing of their blocks (deferred by the resident heap until then).
   * `xmvg` = [x, m, v, g], n floats each. False: not taken (not all resident, too small, no pool,
   * outside a step; the caller runs the update itself).
   */
  adamAsync(xmvg: readonly Float32Array[], n: number, alpha: number, c1: number, c2: number, eps: number): boolean {
    if (!this.pool || !this.resident || !inSpareStep() || process.env.TF_WASM_ASYNC === "0" || n < 4 * ADAM_CHUNK || Math.ceil(n / ADAM_CHUNK) > MAX_BLOCKS) return false;
    const p: number[] = [];
    for (let i = 0; i < 4; i++) { const q = this.resident.ptr(xmvg[i]); if (q < 0) return false; p.push(q); }
    const ranges = p.map((q) => [q, q + 4 * n]);
    this.pool.adam(this.k, [...p, p[0], p[1], p[2]], n, alpha, c1, c2, eps, true);
    this.busy = ranges;
    this.resident.hold(ranges);
    setPendingWork(this.touch, () => this.settle());
    return true;
  }

  /** Byte ranges an asynchronous update is using (null when none is pending). */
  private busy: number[][] | null = null;

  /** The pendingWork hook: finishes the pending update when one of `ts` lives in its ranges. */
  private readonly touch = (ts: readonly { _handle: unknown }[]): void => {
    const busy = this.busy;
    if (busy === null) return;
    for (let i = 0; i < ts.length; i++) {
      const h = ts[i]._handle;
      if (!(h instanceof Float32Array || h instanceof Uint8Array || h instanceof Int32Array)) continue;
      // The byte range first, the buffer only for an overlap: reading .buffer of a small array
      // (a scalar hyperparameter: stored in the object itself) makes V8 give it an ArrayBuffer.
      // Any shared buffer counts: each growth of the memory gives memory.buffer a new
      // SharedArrayBuffer object, and views made before it keep the old one (another program's
      // shared array can only cause an early finish).
      const a = h.byteOffset, b = a + h.byteLength;
      for (let j = 0; j < busy.length; j++) {
        if (a < busy[j][1] && busy[j][0] < b && h.buffer instanceof SharedArrayBuffer) { this.settle(); return; }
      }
    }
  };

  /** Finishes any asynchronous update now. */
  settle(): void { this.pool?.settle(); }

  /** Whether GEMMs through BLAS can be split with the pool's workers (they loaded it: setPoolBlas). */
  blasPooled(): boolean {
    return this.pool !== null && this.pool.blasReady();
  }

  /**
   * C[m, n] = op(A)·op(B) through BLAS (`sgemm`, which the caller keeps at one BLAS thread) on byte
   * offsets in the linear memory, C row-major with ldc = n, in blocks of C that this thread and the
   * pool's workers claim: two per thread, split along the longer side in multiples of 16.
   */
  blasGemm(sgemm: Sgemm, ta: boolean, tb: boolean, m: number, n: number, k: number, pa: number, lda: number, pb: number, ldb: number, pc: number): void {
    const byRows = m >= n, total = byRows ? m : n;
    const per = Math.max(16, Math.ceil(total / (2 * this.threads) / 16) * 16);
    const blocks: number[][] = [];
    for (let s = 0; s < total; s += per) {
      const e = Math.min(total, s + per);
      blocks.push(byRows ? [s, e, 0, n] : [0, m, s, e]);
    }
    this.pool!.blas(sgemm, ta, tb, k, pa, lda, pb, ldb, pc, n, blocks);
  }

  /**
   * `count` GEMMs C_e[m, n] = A_e[m, k] · B_e[k, n] through BLAS on the linear memory (byte offsets;
   * entry e at base + e · stride; rows lda / n / ldc floats apart), in blocks of rows that this thread and the pool's workers claim
   * (the native Winograd convolution's 16 products). The caller keeps BLAS at one thread.
   */
  blasGemmBatch(sgemm: Sgemm, count: number, m: number, n: number, k: number, pa: number, lda: number, sa: number, pb: number, sb: number, pc: number, ldc: number, sc: number): void {
    // At least two blocks per thread: each GEMM whole when there are that many, else in row blocks.
    const split = Math.max(1, Math.min(8, Math.ceil((2 * this.threads) / count)));
    const per = Math.ceil(m / split / 16) * 16, blocks: number[][] = [];
    for (let e = 0; e < count; e++) for (let s = 0; s < m; s += per) blocks.push([e, s, Math.min(m, s + per), 0]);
    if (blocks.length > MAX_BLOCKS) throw new Error("wasm: too many GEMM blocks");
    this.pool!.blasBatch(sgemm, k, n, pa, lda, sa, pb, sb, pc, ldc, sc, blocks);
  }

  /** Runs Winograd chunks [0, chunks) (parameter block at p) on the pool when there is one. */
  winograd(p: number, chunks: number): void {
    if (this.pool && chunks > 1) { this.pool.winograd(this.k, p, chunks); return; }
    for (let i = 0; i < chunks; i++) this.k.winogradChunk(p, i, this.wsBase);
  }

  /**
   * C[m, n] (+)= op(A)[m, k] · op(B)[k, n], C row-major with ldc. Runs on the pool when there is
   * enough work: the rows (or, for short-and-wide products, the columns) are split into one block
   * per thread, each thread packing its own panels, so threads share nothing they write.
   */
  gemm(a: ASource, b: BSource, m: number, n: number, k: number, c: number, ldc: number, accumulate = false): void {
    if (m <= 0 || n <= 0) return;
    const T = this.threads;
    if (this.pool && m * n * k >= PARALLEL_MIN_MACS) {
      const blocks = splitWork(m, n, T, this.MR, this.NR);
      if (blocks.length > 1) { this.pool.gemm(this.k, a, b, k, c, ldc, accumulate, blocks); return; }
    }
    this.k.setA(a.kind, a.ptr, a.rs, a.cs);
    this.k.setB(b.ptr, b.rs, b.cs);
    this.k.gemm(0, m, 0, n, k, c, ldc, accumulate ? 1 : 0, this.wsBase);
  }
}

/**
 * [m0, m1, n0, n1] blocks of C for the pool: about three per thread, which threads claim one at
 * a time (so a thread the OS preempts, on a busy machine, delays the product by one block, not by
 * its whole share). Rows are split (in MR multiples) when there are enough of them — each block
 * then packs all of B itself, so row blocks keep at least ROW_BLOCK_MIN rows (a 1024² product:
 * one block per thread, 64.4-65.4 -> 66.7-67.5 GFLOPS on 2 cores) — else columns (in NR
 * multiples): a batch of 32 rows times a 512-wide layer splits its 512 outputs.
 */
/** Fewest rows per row block of a pooled GEMM (each row block packs all of B once per K block). */
const ROW_BLOCK_MIN = 512;

export function splitWork(m: number, n: number, T: number, MR: number, NR: number): number[][] {
  const byRows = m >= T * 4 * MR && (m >= n || n < T * 8 * NR);
  const total = byRows ? m : n, unit = byRows ? MR : NR;
  const units = Math.ceil(total / unit);
  const minUnits = byRows ? Math.ceil(ROW_BLOCK_MIN / unit) : 1;
  const per = Math.max(1, Math.min(Math.ceil(units / T), Math.max(minUnits, Math.ceil(units / (3 * T))))) * unit;
  const parts: number[][] = [];
  for (let start = 0; start < total; start += per) {
    const end = Math.min(total, start + per);
    parts.push(byRows ? [start, end, 0, n] : [0, m, start, end]);
  }
  return parts;
}

// ---------------------------------------------------------------- worker pool (threads variant)
/**
 * The BLAS library (its path, as koffi loads it) the pool's workers load too, so they can take
 * blocks of a GEMM the native backend runs on the linear memory (`WasmRuntime.blasGemm`): the
 * second core joins mid-sized GEMMs without a thread of its own competing with the pool's. Set by
 * the native backend when it loads; it must come before the pool starts (the workers read it then).
 */
let poolBlas: { lib: string; koffi: string } | null = null;
export function setPoolBlas(lib: string): void {
  if (poolBlas === null) { try { poolBlas = { lib, koffi: require.resolve("koffi") }; } catch { /* no koffi: no BLAS blocks */ } }
}

/*
 * Control block (Int32Array over its own SharedArrayBuffer):
 *   [0] generation: bumped to start a job; idle workers wait on it
 *   [1] blocks in flight (claimed by a worker, not finished)   [2] workers started
 *   [3] job kind (0 exit, 1 gemm, 2 Winograd convolution chunks, 3 Adam chunks, 4 BLAS GEMM blocks,
 *       5 blocks of a batch of BLAS GEMMs)
 *   [4] error flag   [5] claim counter: (generation & 0x7fff) << 16 | next block
 *   [6] number of blocks   [7] workers that loaded the BLAS (setPoolBlas; only they claim kind 4)
 *   [8..18] gemm: aKind aPtr aRs aCs bPtr bRs bCs k c ldc accumulate; Winograd: [8] parameter block
 *   [32 + 4i .. 35 + 4i] block i: m0 m1 n0 n1
 * Every thread, the main one included, claims blocks with a compare-and-swap until none is left.
 * A worker counts itself in flight before it claims, so once the main thread has seen every block
 * claimed and nothing in flight, the job is done and its parameters may be overwritten; a worker
 * that wakes late sees another generation in the counter and claims nothing.
 */
const MAX_BLOCKS = 1000;

/** Elements per Adam chunk (64 KB per array): chunks interleave between the threads. */
export const ADAM_CHUNK = 1 << 14;
/**
 * Chunk b of a threaded Adam update, in place in the linear memory: control words [8..14] hold the
 * byte offsets x m v g x' m' v', [15] n, [16] the chunk length; the float64 view f holds alpha,
 * c1, c2, eps at [12..15] (control words 24..31). Compiled into the workers from its source too
 * (ADAM_CHUNK_SOURCE), so both sides run the same code; it refers only to its parameters.
 */
function adamChunk(k: Kernels, c: Int32Array, f: Float64Array, b: number): void {
  const lo = b * c[16], len = Math.min(c[15] - lo, c[16]), o = 4 * lo;
  k.applyAdam(c[8] + o, c[9] + o, c[10] + o, c[11] + o, c[12] + o, c[13] + o, c[14] + o, len, f[12], f[13], f[14], f[15]);
}
const ADAM_CHUNK_SOURCE = adamChunk.toString();

/**
 * Block b of a GEMM through BLAS (job kind 4) on the linear memory: control words [8..16] hold ta,
 * tb, k, A, lda, B, ldb, C, ldc (byte offsets); the block table gives C's rows and columns.
 * `sgemm(ta, tb, m, n, k, a, lda, b, ldb, c, ldc)` on Float32Array views. Both sides run it.
 */
export type Sgemm = (ta: number, tb: number, m: number, n: number, k: number, a: Float32Array, lda: number, b: Float32Array, ldb: number, c: Float32Array, ldc: number) => void;
function blasBlock(sgemm: Sgemm, buf: ArrayBuffer | SharedArrayBuffer, c: Int32Array, b: number): void {
  const r = 32 + 4 * b, m0 = c[r], m1 = c[r + 1], n0 = c[r + 2], n1 = c[r + 3];
  const ta = c[8], tb = c[9], lda = c[12], ldb = c[14], ldc = c[16];
  const a = new Float32Array(buf, c[11] + 4 * (ta ? m0 : m0 * lda));
  const bb = new Float32Array(buf, c[13] + 4 * (tb ? n0 * ldb : n0));
  const cc = new Float32Array(buf, c[15] + 4 * (m0 * ldc + n0));
  sgemm(ta, tb, m1 - m0, n1 - n0, c[10], a, lda, bb, ldb, cc, ldc);
}
/**
 * Block b of a batch of GEMMs through BLAS (job kind 5): C_e[m0:m1] = A_e[m0:m1] · B_e, all
 * row-major and untransposed (A_e: m x k, B_e: k x n); control words [10] k, [11] A, [12] lda,
 * [13] B (ldb = n), [14] ldc, [15] C, [16] n, [17..19] bytes from one batch entry of A, B, C to the
 * next; block entry e m0 m1.
 */
function blasBatchBlock(sgemm: Sgemm, buf: ArrayBuffer | SharedArrayBuffer, c: Int32Array, b: number): void {
  const r = 32 + 4 * b, e = c[r], m0 = c[r + 1], m1 = c[r + 2], k = c[10], n = c[16], lda = c[12], ldc = c[14];
  const a = new Float32Array(buf, c[11] + e * c[17] + 4 * m0 * lda);
  const bb = new Float32Array(buf, c[13] + e * c[18]);
  const cc = new Float32Array(buf, c[15] + e * c[19] + 4 * m0 * ldc);
  sgemm(0, 0, m1 - m0, n, k, a, lda, bb, n, cc, ldc);
}
const BLAS_BLOCK_SOURCE = blasBlock.toString() + "\n" + blasBatchBlock.toString();

const WORKER_SOURCE = `
const { workerData } = require("worker_threads");
const { module, memory, ctrl, ws, blas } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const c = new Int32Array(ctrl);
const f = new Float64Array(ctrl, 0, 16);
let sgemm = null;
if (blas) {
  try {
    const g = require(blas.koffi).load(blas.lib).func("void cblas_sgemm(int, int, int, int, int, int, float, float *, int, float *, int, float, float *, int)");
    sgemm = (ta, tb, m, n, kk, a, lda, b, ldb, cc, ldc) => g(101, ta ? 112 : 111, tb ? 112 : 111, m, n, kk, 1, a, lda, b, ldb, 0, cc, ldc);
    Atomics.add(c, 7, 1); // one more worker that takes BLAS blocks
  } catch (e) { /* this worker takes no BLAS blocks */ }
}
${ADAM_CHUNK_SOURCE}
${BLAS_BLOCK_SOURCE}
function work(tag) {
  if ((c[3] === 4 || c[3] === 5) && !sgemm) return;
  for (;;) {
    Atomics.add(c, 1, 1);
    let v = Atomics.load(c, 5), b = -1;
    while ((v >>> 16) === tag && (v & 0xffff) < c[6]) {
      const w = Atomics.compareExchange(c, 5, v, v + 1);
      if (w === v) { b = v & 0xffff; break; }
      v = w;
    }
    if (b >= 0) {
      try {
        if (c[3] === 2) k.winogradChunk(c[8], b, ws);
        else if (c[3] === 3) adamChunk(k, c, f, b);
        else if (c[3] === 4) blasBlock(sgemm, memory.buffer, c, b);
        else if (c[3] === 5) blasBatchBlock(sgemm, memory.buffer, c, b);
        else {
          const r = 32 + 4 * b;
          k.setA(c[8], c[9], c[10], c[11]);
          k.setB(c[12], c[13], c[14]);
          k.gemm(c[r], c[r + 1], c[r + 2], c[r + 3], c[15], c[16], c[17], c[18], ws);
        }
      } catch (e) {
        Atomics.store(c, 4, 1);
      }
    }
    Atomics.sub(c, 1, 1);
    Atomics.notify(c, 1);
    if (b < 0) return;
  }
}
let gen = Atomics.load(c, 0);
Atomics.add(c, 2, 1);
Atomics.notify(c, 2);
for (;;) {
  // A short spin first: jobs come in bursts (a training step's GEMMs), and a futex wake costs ~10-30 µs.
  for (let i = 0; i < 4000 && Atomics.load(c, 0) === gen; i++);
  Atomics.wait(c, 0, gen);
  gen = Atomics.load(c, 0);
  if (c[3] === 0) break;
  work(gen & 0x7fff);
}
`;

class ThreadPool {
  private readonly c: Int32Array;
  /** The control block's float64 view (Adam's scalars). */
  private readonly f: Float64Array;
  private readonly workers: import("worker_threads").Worker[] = [];
  started = false;
  /** A job posted asynchronously and not yet finished (see settle). */
  private pending: { nb: number; block: (i: number) => void } | null = null;
  /** Called after an asynchronous job is finished (the runtime's bookkeeping). */
  onSettled: (() => void) | null = null;

  constructor(private readonly module: WasmModule, private readonly memory: WasmMemory,
    readonly size: number, private readonly wsBase: number, private readonly wsBytes: number) {
    this.c = new Int32Array(new SharedArrayBuffer((32 + 4 * MAX_BLOCKS) * 4));
    this.f = new Float64Array(this.c.buffer, 0, 16);
  }

  /** The workers exist (they may still be starting: see start). */
  spawned = false;

  /**
   * Creates the workers without waiting for them: the runtime's first kernel call does this (so
   * merely listing backends spawns no threads), and they start on the other cores while this
   * thread goes on (~60 ms here: a Node worker, the module's instance, the BLAS they load), instead
   * of inside the first job that needs them (a Keras fit's first step, say).
   */
  spawn(): void {
    if (this.spawned) return;
    this.spawned = true;
    const { Worker } = require("worker_threads") as typeof import("worker_threads");
    for (let t = 1; t < this.size; t++) {
      const w = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module: this.module, memory: this.memory, ctrl: this.c.buffer, ws: this.wsBase + t * this.wsBytes, blas: poolBlas },
      });
      w.unref(); // idle workers never keep the process alive
      this.workers.push(w);
    }
  }

  /** Spawns the workers if that has not happened yet, and waits until they run (before the first job). */
  private start(): void {
    if (this.started) return;
    this.started = true;
    this.spawn();
    const deadline = Date.now() + 30_000;
    let r: number;
    while ((r = Atomics.load(this.c, 2)) < this.size - 1) {
      if (Date.now() > deadline) throw new Error("wasm: worker threads did not start within 30 s");
      Atomics.wait(this.c, 2, r, 100);
    }
  }

  gemm(k: Kernels, a: ASource, b: BSource, kk: number, cPtr: number, ldc: number, accumulate: boolean, blocks: number[][]): void {
    this.settle();
    const c = this.c;
    const nb = Math.min(blocks.length, MAX_BLOCKS);
    c[8] = a.kind; c[9] = a.ptr; c[10] = a.rs; c[11] = a.cs;
    c[12] = b.ptr; c[13] = b.rs; c[14] = b.cs;
    c[15] = kk; c[16] = cPtr; c[17] = ldc; c[18] = accumulate ? 1 : 0;
    for (let i = 0; i < nb; i++) c.set(blocks[i], 32 + 4 * i);
    k.setA(a.kind, a.ptr, a.rs, a.cs);
    k.setB(b.ptr, b.rs, b.cs);
    this.run(1, nb, (i) => {
      const r = 32 + 4 * i;
      k.gemm(c[r], c[r + 1], c[r + 2], c[r + 3], kk, cPtr, ldc, accumulate ? 1 : 0, this.wsBase);
    });
  }

  /** A threaded Adam update at byte offsets p = [x, m, v, g, x', m', v'] (see adamChunk). */
  adam(k: Kernels, p: number[], n: number, alpha: number, c1: number, c2: number, eps: number, async = false): void {
    this.settle();
    const c = this.c, f = this.f;
    for (let i = 0; i < 7; i++) c[8 + i] = p[i];
    c[15] = n; c[16] = ADAM_CHUNK;
    f[12] = alpha; f[13] = c1; f[14] = c2; f[15] = eps;
    const nb = Math.ceil(n / ADAM_CHUNK), block = (i: number) => adamChunk(k, c, f, i);
    this.post(3, nb);
    if (async) this.pending = { nb, block };
    else this.finish(nb, block);
  }

  /**
   * Finishes the job posted asynchronously (`adam(..., true)`), if any: this thread claims the
   * chunks no worker has taken and waits for the rest. Every job method calls it before it touches
   * the control block, which holds that job's parameters until then.
   */
  settle(): void {
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    try { this.finish(p.nb, p.block); } finally { this.onSettled?.(); }
  }

  /** Whether every worker loaded the BLAS (starts the pool). */
  blasReady(): boolean {
    if (poolBlas === null) return false;
    this.start();
    return Atomics.load(this.c, 7) === this.size - 1;
  }

  /** A GEMM through BLAS in `blocks` of C ([m0, m1, n0, n1]) at byte offsets (see blasBlock). */
  blas(sgemm: Sgemm, ta: boolean, tb: boolean, k: number, pa: number, lda: number, pb: number, ldb: number, pc: number, ldc: number, blocks: number[][]): void {
    this.settle();
    const c = this.c;
    c[8] = ta ? 1 : 0; c[9] = tb ? 1 : 0; c[10] = k; c[11] = pa; c[12] = lda; c[13] = pb; c[14] = ldb; c[15] = pc; c[16] = ldc;
    for (let i = 0; i < blocks.length; i++) c.set(blocks[i], 32 + 4 * i);
    this.run(4, blocks.length, (i) => blasBlock(sgemm, this.memory.buffer, c, i));
  }

  /** A batch of GEMMs through BLAS (see blasBatchBlock); blocks are [e, m0, m1, 0]. */
  blasBatch(sgemm: Sgemm, k: number, n: number, pa: number, lda: number, sa: number, pb: number, sb: number, pc: number, ldc: number, sc: number, blocks: number[][]): void {
    this.settle();
    const c = this.c;
    c[10] = k; c[11] = pa; c[12] = lda; c[13] = pb; c[14] = ldc; c[15] = pc; c[16] = n; c[17] = sa; c[18] = sb; c[19] = sc;
    for (let i = 0; i < blocks.length; i++) c.set(blocks[i], 32 + 4 * i);
    this.run(5, blocks.length, (i) => blasBatchBlock(sgemm, this.memory.buffer, c, i));
  }

  /** Winograd convolution chunks [0, chunks) with the parameter block at p. */
  winograd(k: Kernels, p: number, chunks: number): void {
    this.settle();
    this.c[8] = p;
    this.run(2, Math.min(chunks, 0xffff), (i) => k.winogradChunk(p, i, this.wsBase));
  }

  /** Publishes job `kind` with `nb` blocks, claims blocks on this thread too, waits for the rest. */
  private run(kind: number, nb: number, block: (i: number) => void): void {
    this.post(kind, nb);
    this.finish(nb, block);
  }

  /** Publishes job `kind` with `nb` blocks (its parameters already in the control block) and wakes the workers. */
  private post(kind: number, nb: number): void {
    this.start();
    const c = this.c;
    c[3] = kind; c[4] = 0; c[6] = nb;
    const tag = (c[0] + 1) & 0x7fff;
    Atomics.store(c, 5, tag << 16);
    Atomics.add(c, 0, 1);
    Atomics.notify(c, 0);
  }

  /** Claims the posted job's blocks on this thread until none is left, then waits for the workers' blocks. */
  private finish(nb: number, block: (i: number) => void): void {
    const c = this.c;
    for (;;) {
      const v = Atomics.load(c, 5);
      if ((v & 0xffff) >= nb) break;
      if (Atomics.compareExchange(c, 5, v, v + 1) !== v) continue;
      block(v & 0xffff);
    }
    let d: number;
    for (let i = 0; i < 2000 && Atomics.load(c, 1) > 0; i++);
    while ((d = Atomics.load(c, 1)) > 0) Atomics.wait(c, 1, d);
    if (c[4]) throw new Error("wasm: a worker thread failed");
  }

}
