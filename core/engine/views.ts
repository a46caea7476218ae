/**
 * Counting the live tensors that share a variable's storage, so an optimizer may overwrite that
 * storage only when nothing else can see it (core/variable.ts `_writableInPlace`). A variable's
 * eager reads are such tensors, and so is any op output that is the same array as one of them
 * (Identity, Reshape, ... return their input's handle). dispose() uncounts a tensor (tf.tidy does
 * it for whatever a scope made). A view dropped without dispose() keeps counting: always safe, at
 * worst that variable's updates replace its storage. (Uncounting on garbage collection with a
 * FinalizationRegistry entry per read was tried: the long-loop memory tests then no longer
 * settled within their yields, so it is left out.)
 */
import type { Tensor } from "../tensor/tensor";

/** What a variable exposes to the counting. */
export interface ViewOwner { _views: number; _private: boolean }
interface ViewRecord { open: boolean; owner: ViewOwner }

/** Counts `t` as a tensor sharing `owner`'s storage. */
export function markView(t: Tensor, owner: ViewOwner): void {
  const view: ViewRecord = { open: true, owner };
  t._viewOf = view;
  owner._views++;
}

/**
 * After a kernel ran: outputs that are the same storage as an input counted as a view become
 * views too (a reshaped read still shows the variable's values).
 */
export function propagateViews(inputs: Tensor[], outs: Tensor[]): void {
  for (let j = 0; j < inputs.length; j++) {
    const v = inputs[j]._viewOf;
    if (v === null || !v.open) continue;
    const h = inputs[j]._handle;
    for (let i = 0; i < outs.length; i++) {
      if (outs[i]._viewOf === null && sameStorage(outs[i]._handle, h)) markView(outs[i], v.owner);
    }
  }
}

/**
 * Whether two handles share memory: the same object, or typed arrays over overlapping bytes of
 * one buffer (a subarray; not merely the same buffer: resident arrays all live in the wasm memory).
 */
function sameStorage(o: unknown, h: unknown): boolean {
  if (o === h) return o !== null;
  if (!ArrayBuffer.isView(o) || !ArrayBuffer.isView(h) || o.buffer !== h.buffer) return false;
  return o.byteOffset < h.byteOffset + h.byteLength && h.byteOffset < o.byteOffset + o.byteLength;
}

/** A read's values were handed out as an array (dataSync/data/numpy share storage): no more in-place updates. */
export function viewEscaped(t: Tensor): void {
  const v = t._viewOf;
  if (v !== null && v.open) v.owner._private = false;
}
