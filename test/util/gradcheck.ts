/**
 * gradcheck: compares GradientTape gradients with float64 central differences.
 *
 *   L(xs) = sum_k reduce_sum(f(...xs)[k] * W_k),  W_k fixed pseudo-random weights
 *
 * Every floating input is cast to float64 first, so the check measures the gradient rule, not
 * float32 rounding. Integer/bool inputs are passed through unchanged and not differentiated.
 * Throws an Error naming the input, the element, both values and the tolerance on mismatch.
 */
import * as tf from "../../index";
import type { Tensor } from "../../index";

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
  /** Absolute tolerance (default 1e-6). */
  atol?: number;
  /** Seed for the output weights (default 1). */
  seed?: number;
  /** Which inputs to differentiate (default: every floating input). */
  wrt?: number[];
  /** Label for error messages. */
  name?: string;
}

function lcg(seed: number): () => number {
  let s = (seed >>> 0) || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function isFloat(t: Tensor): boolean { return t.dtype.kind === "f"; }

function outputsOf(y: unknown): Tensor[] {
  if (y instanceof tf.Tensor) return [y];
  if (Array.isArray(y)) return y.flatMap(outputsOf);
  if (y && typeof y === "object") return Object.values(y).flatMap(outputsOf);
  throw new Error(`gradcheck: f must return a tensor (or an array/object of tensors), got ${String(y)}`);
}

/** Throws if tape gradients of `f` at `xs` disagree with central differences. Returns the max abs error. */
export function gradcheck(f: (...xs: Tensor[]) => Tensor | Tensor[], xs: Tensor[], opts: GradcheckOptions = {}): number {
  const eps = opts.eps ?? 1e-6, rtol = opts.rtol ?? 1e-5, atol = opts.atol ?? 1e-6;
  const label = opts.name ? `${opts.name}: ` : "";
  const x64 = xs.map((x) => (isFloat(x) ? tf.cast(x, tf.float64) : x));
  const wrt = opts.wrt ?? x64.map((x, i) => (isFloat(x) ? i : -1)).filter((i) => i >= 0);

  // Fixed weights per output so every output element gets a distinct cotangent.
  const rnd = lcg(opts.seed ?? 1);
  const y0 = outputsOf(f(...x64));
  const weights = y0.map((y) => {
    if (!isFloat(y)) return null;
    const n = y.shape.reduce((a, b) => a * b, 1);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = 0.5 + rnd();
    return tf.reshape(tf.constant(w, tf.float64), y.shape);
  });
  const loss = (...a: Tensor[]): Tensor => {
    const ys = outputsOf(f(...a));
    let acc: Tensor | null = null;
    ys.forEach((y, k) => {
      const w = weights[k];
      if (!w) return;
      if (y.dtype !== tf.float64) throw new Error(`${label}output ${k} has dtype ${y.dtype.name} for float64 inputs`);
      const s = tf.reduce_sum(tf.multiply(y, w));
      acc = acc ? tf.add(acc, s) : s;
    });
    if (!acc) throw new Error(`${label}f has no floating outputs to differentiate`);
    return acc;
  };

  const tape = new tf.GradientTape();
  const srcs = wrt.map((i) => x64[i]);
  const L = tape.record(() => { tape.watch(srcs); return loss(...x64); });
  const grads = tape.gradient(L, srcs) as (Tensor | null)[];

  let maxErr = 0;
  wrt.forEach((xi, gi) => {
    const x = x64[xi];
    const base = Float64Array.from(x.dataSync() as Float64Array);
    const g = grads[gi];
    const analytic = g ? Float64Array.from(g.dataSync() as Float64Array) : null;
    if (g && (g.shape.length !== x.shape.length || g.shape.some((d, k) => d !== x.shape[k]))) {
      throw new Error(`${label}gradient for input ${xi} has shape [${g.shape}] but the input has shape [${x.shape}]`);
    }
    for (let j = 0; j < base.length; j++) {
      const plus = base.slice(); plus[j] += eps;
      const minus = base.slice(); minus[j] -= eps;
      const at = (vals: Float64Array) => {
        const args = x64.slice();
        args[xi] = tf.reshape(tf.constant(vals, tf.float64), x.shape);
        return Number(loss(...args).dataSync()[0]);
      };
      const numeric = (at(plus) - at(minus)) / (2 * eps);
      const a = analytic ? analytic[j] : 0;
      const err = Math.abs(a - numeric);
      maxErr = Math.max(maxErr, err);
      if (!analytic && Math.abs(numeric) > atol) {
        throw new Error(`${label}no gradient (None) for input ${xi}, but the numeric derivative at element ${j} is ${numeric}`);
      }
      if (!(err <= atol + rtol * Math.abs(numeric))) {
        throw new Error(
          `${label}gradient mismatch for input ${xi} (shape [${x.shape}]) at flat element ${j}: ` +
          `tape ${a}, central difference ${numeric} (|diff| ${err.toExponential(3)} > atol ${atol} + rtol ${rtol} * |numeric|)`,
        );
      }
    }
  });
  return maxErr;
}
