/**
 * Output arrays that come back when their last tensor is disposed, so a loop doesn't allocate (and
 * page-fault, and make the GC chase) a fresh multi-megabyte array for every large product: V8 frees
 * a dropped ArrayBuffer only at its next collection, so a fresh 4 MB array per 1024² matmul is
 * fresh, unfaulted memory every time (~13% of the product's time), where numpy's allocator hands the
 * freed block straight back.
 *
 * GC-owned storage has no reference counts, so this is opt-in at both ends and narrow:
 *  - a kernel that overwrites every element of its output asks `takeSpare` instead of allocating
 *    (MatMul on `native` and `wasm`, a Keras batch); an array it hands out is *counted*: every
 *    Tensor created on it retains it (the Tensor constructor), `dispose()` drops it, and at zero
 *    it goes back to a small pool for the next `takeSpare` of its length;
 *  - an array that escaped — handed out by `dataSync`/`data`/`numpy`, or adopted by a variable
 *    (`holdArray`) — is never counted again: only the GC frees it. A tensor dropped without
 *    `dispose()` keeps its array counted, which is safe (the GC frees both).
 * Inside a Keras train step (beginSpareStep .. endSpareStep), where the wasm threads variant runs,
 * arrays come from its counted resident blocks instead (core/backends/wasm/resident.ts: the same
 * counting, by the tracker below), which kernels read in place.
 */

/** Arrays shorter than this are cheap to allocate; they are never pooled. */
export const SPARE_MIN = 1 << 16;
/** At most this many pooled arrays per length. */
const PER_LENGTH = 2;

/** Free arrays by length. */
const spare = new Map<number, Float32Array[]>();
/** Counted arrays takeSpare handed out: live tensors on each. */
const counts = new WeakMap<Float32Array, number>();

/** Whether a step is running (between beginSpareStep and endSpareStep). */
let inStep = false;
/**
 * Where arrays come from inside a step (null: the pool here): the wasm runtime with shared memory
 * makes them resident, so the gradients BLAS or the GEMM writes are where the pooled Adam update
 * reads them. It may answer null (region full, too short).
 */
let source: ((n: number) => Float32Array | null) | null = null;

/**
 * Reference counting for the arrays a backend frees as soon as no tensor uses them (the wasm
 * runtime's counted resident blocks), with the same retain / drop / escape events as the pool here.
 */
export interface StorageTracker {
  retain(a: unknown): void;
  drop(a: unknown): void;
  escape(a: unknown): void;
  isCounted(a: unknown): boolean;
}
let tracker: StorageTracker | null = null;

/**
 * Sets where arrays come from inside a step and the tracker of the arrays it hands out, unless they
 * are set already (the first runtime with resident memory wins). True if it took.
 */
export function setSpareSource(f: (n: number) => Float32Array | null, t: StorageTracker): boolean {
  if (source !== null) return false;
  source = f;
  tracker = t;
  return true;
}

/** Runs `fn` with the step's source switched off: takeSpare then uses the pool here (tests). */
export function withoutSpareSource<T>(fn: () => T): T {
  const s = source;
  source = null;
  try { return fn(); } finally { source = s; }
}

/** Whether a Keras training step is running (kernels may then make counted resident outputs). */
export function inSpareStep(): boolean { return inStep; }

/** A tensor was created on storage `a` (Tensor's constructor). */
export function retainStorage(a: unknown): void {
  if (tracker !== null) tracker.retain(a);
  if (a instanceof Float32Array) {
    const c = counts.get(a);
    if (c !== undefined) counts.set(a, c + 1);
  }
}

/** A tensor on storage `a` was disposed: an array with no tensor left goes back to the pool. */
export function dropStorage(a: unknown): void {
  if (tracker !== null) tracker.drop(a);
  if (!(a instanceof Float32Array)) return;
  const c = counts.get(a);
  if (c === undefined) return;
  if (c > 1) { counts.set(a, c - 1); return; }
  counts.delete(a);
  let list = spare.get(a.length);
  if (!list) spare.set(a.length, (list = []));
  if (list.length < PER_LENGTH) list.push(a);
}

/** Storage `a` was handed out to user code or adopted by a variable: never freed by counting. */
export function escapeStorage(a: unknown): void {
  if (tracker !== null) tracker.escape(a);
  if (a instanceof Float32Array) counts.delete(a);
}

/** Marks a variable's storage array (core/variable.ts calls this whenever storage is adopted). */
export function holdArray(a: unknown): void {
  escapeStorage(a);
}

/** Starts a Keras train step: inside it, arrays come from the source (see setSpareSource). */
export function beginSpareStep(): void {
  inStep = true;
}

/** Ends the step. */
export function endSpareStep(): void {
  inStep = false;
}

/** A float32 array of length n whose contents are garbage (the caller overwrites all of it). */
export function takeSpare(n: number): Float32Array {
  const r = inStep && source !== null ? source(n) : null;
  if (r !== null) return r;
  if (n < SPARE_MIN) return new Float32Array(n);
  const list = spare.get(n);
  const out = (list && list.pop()) ?? new Float32Array(n);
  counts.set(out, 0);
  return out;
}

/** Whether `a` is counted here (tests). */
export function isSpareCounted(a: unknown): boolean {
  return a instanceof Float32Array && counts.has(a);
}

/** Drops every pooled array (tests; memory pressure). */
export function clearSpare(): void {
  spare.clear();
}

/**
 * Work a backend started asynchronously (the wasm pool's Adam update of a large variable, posted
 * inside a Keras train step: wasm/runtime.ts `adamAsync`) and must finish before anything reads or
 * writes its arrays: set while such work is pending. The engine calls it with every kernel's inputs
 * and Tensor.dataSync / data with the tensor read; it finishes the work when one of them overlaps
 * its arrays. Null when nothing is pending (the common case costs one comparison).
 */
export let pendingWork: ((ts: readonly { _handle: unknown }[]) => void) | null = null;
let settleAll: (() => void) | null = null;
export function setPendingWork(f: ((ts: readonly { _handle: unknown }[]) => void) | null, settle: (() => void) | null = null): void {
  pendingWork = f;
  settleAll = f ? settle : null;
}
/** Finishes pending asynchronous work now (Keras fit calls it before it returns). */
export function settlePending(): void { settleAll?.(); }

