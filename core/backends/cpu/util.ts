/** Helpers shared by the cpu kernels: broadcast index walks and storage access. */
import type { Tensor } from "../../tensor/tensor";
import type { DataArray, DType } from "../../tensor/dtypes";
import { allocArray } from "../../tensor/dtypes";
import { sizeOf, stridesOf } from "../../tensor/shape";

export function vals(t: Tensor): any {
  return t._handle as DataArray;
}

export function alloc(dtype: DType, shape: readonly number[]): any {
  return allocArray(dtype, sizeOf(shape));
}

/**
 * For an input of shape `inShape` broadcast to `outShape`, the flat input index of every output
 * element (Int32Array of length size(outShape)). Used by broadcasting binary kernels.
 */
export function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const n = sizeOf(outShape);
  const idx = new Int32Array(n);
  const r = outShape.length;
  const off = r - inShape.length;
  const inStrides = stridesOf(inShape as number[]);
  // Effective stride per output dim: 0 where broadcast.
  const st = new Array<number>(r).fill(0);
  for (let d = 0; d < inShape.length; d++) st[d + off] = inShape[d] === 1 ? 0 : inStrides[d];
  const counter = new Array<number>(r).fill(0);
  let cur = 0;
  for (let i = 0; i < n; i++) {
    idx[i] = cur;
    for (let d = r - 1; d >= 0; d--) {
      counter[d]++;
      cur += st[d];
      if (counter[d] < outShape[d]) break;
      cur -= st[d] * counter[d];
      counter[d] = 0;
    }
  }
  return idx;
}

/**
 * Whether `s`, broadcast to `out` (aligned from the right), equals out's leading dims followed by
 * 1s: each of its elements then covers a contiguous run of the output, e.g. a [n, 1] column
 * against [n, m] (a loss's per-example factor times per-class values).
 */
export function isPrefix(s: readonly number[], out: readonly number[]): boolean {
  const off = out.length - s.length;
  if (off < 0) return false;
  let e = out.length;
  while (e > off && s[e - 1 - off] === 1) e--;
  if (e === off) return false; // all ones: a scalar
  for (let d = 0; d < e; d++) if ((d < off ? 1 : s[d - off]) !== out[d]) return false;
  return true;
}

/** Whether `s` (after dropping leading 1s) is a trailing block of `out`, i.e. it repeats contiguously. */
export function isSuffix(s: readonly number[], out: readonly number[]): boolean {
  let i = 0;
  while (i < s.length && s[i] === 1) i++;
  const k = s.length - i;
  if (k === 0 || k > out.length) return false;
  for (let j = 0; j < k; j++) if (s[i + j] !== out[out.length - k + j]) return false;
  return true;
}
