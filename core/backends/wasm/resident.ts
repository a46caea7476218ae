/**
 * Resident blocks: float32 (or byte) arrays that live in the threads variant's (shared) linear
 * memory, so a kernel can work on them where they are instead of copying them into the arena and
 * back. Only two kinds of storage are made resident, never user data:
 *  - the results of the fused optimizer updates (a variable and its slots, e.g. Adam's m and v),
 *    which later updates overwrite in place (core/engine/views.ts);
 *  - "counted" blocks: kernel outputs made inside a Keras training step (core/engine/spare.ts:
 *    activations, gradients, masks). The step disposes every tensor it makes, so these are freed
 *    by reference counting instead of the GC: each tensor created on the block counts (the Tensor
 *    constructor calls retain), dispose() uncounts, and the block is free again at zero — unless
 *    its array escaped (dataSync/data/numpy handed it out, or a variable adopted it), after which
 *    only the GC frees it.
 *
 * A block is a plain typed-array view of the memory: a FinalizationRegistry entry returns its
 * bytes to the free list once the view is collected (counted or not). Shared memory never detaches
 * its old buffers when it grows, so views stay valid; a non-shared memory (the scalar and SIMD
 * variants) has no resident blocks.
 *
 * Layout: the blocks occupy [base, end) right above the thread workspaces, and the kernel arena
 * starts at `end`. The region grows by moving the arena up, which is only done between kernel
 * calls (a kernel asks for its resident outputs before it touches the arena); freed blocks are
 * reused first-fit and coalesced with their neighbours. The region is capped (RESIDENT_MAX_BYTES),
 * beyond which callers fall back to ordinary arrays.
 */

/** Blocks are aligned to this (a cache line; also keeps SIMD loads aligned). */
const ALIGN = 64;
/** At most this much linear memory holds resident blocks. */
export const RESIDENT_MAX_BYTES = 768 << 20;
/** Arrays shorter than this are not worth a block (their copies cost less than the bookkeeping). */
export const RESIDENT_MIN = 1 << 14;

interface Hole { off: number; size: number }

type View = Float32Array | Uint8Array;

export class ResidentHeap {
  /** Free holes inside [base, end), sorted by offset, never adjacent (coalesced). */
  private readonly holes: Hole[] = [];
  /** Size of each live block, by offset. */
  private readonly sizes = new Map<number, number>();
  /** Each live view's block offset (views made by `alloc` only, never their subarrays). */
  private readonly ptrs = new WeakMap<View, number>();
  /** Counted blocks: live tensors on each (by offset). */
  private readonly counts = new Map<number, number>();
  private readonly registry = new FinalizationRegistry<number>((off) => this.release(off));
  /** Bytes in live blocks. */
  live = 0;
  /** Byte ranges [start, end) asynchronous work is using (see WasmRuntime.adamAsync): their blocks are not reused until `settle`. */
  private busy: number[][] | null = null;
  private deferred: number[] = [];

  /**
   * @param base first byte of the region
   * @param bufferFor makes the region reach `end` (moving the arena above it, growing the memory)
   *   and returns the memory's current buffer
   */
  constructor(readonly base: number, public end: number,
    private readonly bufferFor: (end: number) => SharedArrayBuffer) {}

  /**
   * A resident float32 array of n elements with unspecified contents, or null when the region is
   * full. May move the arena: call it before the kernel puts anything there. `counted`: freed when
   * the last tensor on it is disposed (see the file comment).
   */
  alloc(n: number, counted = false): Float32Array | null {
    return this.block(4 * n, counted, (buf, off) => new Float32Array(buf, off, n));
  }

  /** A resident byte array (bool tensors), as `alloc`. */
  allocU8(n: number, counted = false): Uint8Array | null {
    return this.block(n, counted, (buf, off) => new Uint8Array(buf, off, n));
  }

  private block<T extends View>(bytes: number, counted: boolean, make: (buf: SharedArrayBuffer, off: number) => T): T | null {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let off = -1;
    for (let i = 0; i < this.holes.length; i++) {
      const h = this.holes[i];
      if (h.size < size) continue;
      off = h.off;
      if (h.size === size) this.holes.splice(i, 1);
      else { h.off += size; h.size -= size; }
      break;
    }
    let buffer: SharedArrayBuffer | null = null;
    if (off < 0) {
      // A free tail touching the end shrinks what the region must grow by.
      const last = this.holes[this.holes.length - 1];
      const tail = last && last.off + last.size === this.end ? last : null;
      const start = tail ? tail.off : this.end;
      if (start + size - this.base > RESIDENT_MAX_BYTES) return null;
      if (tail) this.holes.pop();
      off = start;
      buffer = this.bufferFor(start + size);
      this.end = start + size;
    }
    this.sizes.set(off, size);
    this.live += size;
    const view = make(buffer ?? this.bufferFor(this.end), off);
    this.ptrs.set(view, off);
    this.registry.register(view, off, view);
    if (counted) this.counts.set(off, 0);
    return view;
  }

  /** Frees a view `alloc` returned now, without waiting for the GC (its caller knows it is dead). */
  free(a: View): void {
    const off = this.ptr(a);
    if (off < 0) return;
    this.registry.unregister(a);
    this.ptrs.delete(a);
    this.release(off);
  }

  /** A tensor was created on `a`: one more reference if it is a counted block. */
  retain(a: unknown): void {
    const off = this.ptr(a);
    if (off >= 0) { const c = this.counts.get(off); if (c !== undefined) this.counts.set(off, c + 1); }
  }

  /** A tensor on `a` was disposed: one reference less; a counted block with none left is freed. */
  drop(a: unknown): void {
    const off = this.ptr(a);
    if (off < 0) return;
    const c = this.counts.get(off);
    if (c === undefined) return;
    if (c > 1) this.counts.set(off, c - 1);
    else this.free(a as View);
  }

  /** `a` was handed out (or adopted by a variable): no longer counted, only the GC frees it. */
  escape(a: unknown): void {
    const off = this.ptr(a);
    if (off >= 0) this.counts.delete(off);
  }

  /** Whether `a` is a counted block (tests; the spare pool skips these). */
  isCounted(a: unknown): boolean {
    const off = this.ptr(a);
    return off >= 0 && this.counts.has(off);
  }

  /** The byte offset of a view `alloc` returned, or -1 for any other value. */
  ptr(a: unknown): number {
    const p = a instanceof Float32Array || a instanceof Uint8Array ? this.ptrs.get(a) : undefined;
    return p === undefined ? -1 : p;
  }

  /** Marks byte ranges as in use by asynchronous work: a block inside them that is freed meanwhile is released at `settle`. */
  hold(ranges: number[][]): void { this.busy = ranges; }

  /** The asynchronous work finished: releases the blocks freed while it ran. */
  settle(): void {
    this.busy = null;
    const d = this.deferred;
    this.deferred = [];
    for (const off of d) this.release(off);
  }

  /** Returns a collected view's block to the free list. */
  private release(off: number): void {
    const size = this.sizes.get(off);
    if (size === undefined) return;
    if (this.busy !== null && this.busy.some(([a, b]) => off < b && a < off + size)) { this.deferred.push(off); return; }
    this.sizes.delete(off);
    this.counts.delete(off);
    this.live -= size;
    const hs = this.holes;
    let i = 0;
    while (i < hs.length && hs[i].off < off) i++;
    hs.splice(i, 0, { off, size });
    if (i + 1 < hs.length && hs[i].off + hs[i].size === hs[i + 1].off) { hs[i].size += hs[i + 1].size; hs.splice(i + 1, 1); }
    if (i > 0 && hs[i - 1].off + hs[i - 1].size === hs[i].off) { hs[i - 1].size += hs[i].size; hs.splice(i, 1); }
  }

  /** Free holes (tests). */
  holeList(): Hole[] { return this.holes.map((h) => ({ ...h })); }
}
