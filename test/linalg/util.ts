/** Helpers for the linalg tests: fixture loading, normwise comparisons, sign/phase alignment. */
import { readFileSync } from "fs";
import { join } from "path";
import * as tf from "../../index";

export interface Arr { shape: number[]; data?: number[]; re?: number[]; im?: number[] }
export interface Case { fn: string; dtype: "float32" | "float64"; kind: string; tol: number; attrs: Record<string, any>; inputs: Arr[]; expected: Arr[] }

export function loadFixture(name: string): { cases: Case[] } {
  return JSON.parse(readFileSync(join(__dirname, "..", "fixtures", name), "utf8"));
}

export function toT(a: Arr, dtype: "float32" | "float64"): tf.Tensor {
  return tf.reshape(tf.constant(a.data!, dtype), a.shape);
}

/** Real data of a tensor (or the interleaved data of a complex one) as plain numbers. */
export function flat(t: tf.Tensor): number[] { return Array.from(t.dataSync() as ArrayLike<number>); }

/** max|got - want| / max(max|want|, floor): a normwise relative error. */
export function normErr(got: ArrayLike<number>, want: ArrayLike<number>, floor = 1e-30): number {
  if (got.length !== want.length) throw new Error(`length mismatch ${got.length} vs ${want.length}`);
  let e = 0, m = floor;
  for (let i = 0; i < want.length; i++) { e = Math.max(e, Math.abs(got[i] - want[i])); m = Math.max(m, Math.abs(want[i])); }
  if (Number.isNaN(e)) return Infinity;
  return e / m;
}

export function expectClose(got: tf.Tensor, want: Arr, tol: number, what: string): void {
  if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) throw new Error(`${what}: shape ${JSON.stringify(got.shape)} != ${JSON.stringify(want.shape)}`);
  const err = normErr(flat(got), want.data!);
  if (!(err <= tol)) throw new Error(`${what}: normwise error ${err.toExponential(3)} > tol ${tol}`);
}

/**
 * Compares matrices column by column up to the sign of each column (eigen/singular vectors):
 * batched [..., m, k]; each column of `got` is flipped to agree with `want` before comparing.
 */
export function expectColumnsUpToSign(got: tf.Tensor, want: Arr, tol: number, what: string, skipCols: (b: number, j: number) => boolean = () => false): void {
  if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) throw new Error(`${what}: shape ${JSON.stringify(got.shape)} != ${JSON.stringify(want.shape)}`);
  const g = flat(got), w = want.data!;
  const r = want.shape.length, m = want.shape[r - 2], k = want.shape[r - 1];
  const nb = w.length / (m * k);
  let err = 0, mx = 1e-30;
  for (let b = 0; b < nb; b++) for (let j = 0; j < k; j++) {
    if (skipCols(b, j)) continue;
    let dot = 0;
    for (let i = 0; i < m; i++) dot += g[b * m * k + i * k + j] * w[b * m * k + i * k + j];
    const s = dot < 0 ? -1 : 1;
    for (let i = 0; i < m; i++) {
      const o = b * m * k + i * k + j;
      err = Math.max(err, Math.abs(s * g[o] - w[o])); mx = Math.max(mx, Math.abs(w[o]));
    }
  }
  if (!(err / mx <= tol)) throw new Error(`${what}: normwise error up to column signs ${(err / mx).toExponential(3)} > tol ${tol}`);
}

/** Deterministic pseudo-random float64 data (for tests that need no fixture). */
export function randn(n: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const u = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return (s + 0.5) / 4294967296; };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return out;
}
export function randMatrix(shape: number[], seed: number, dtype: "float32" | "float64" = "float64"): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.reshape(tf.constant(randn(n, seed), dtype), shape);
}
