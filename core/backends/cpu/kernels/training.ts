/**
 * cpu kernels: fused optimizer updates (one pass over the variable, arithmetic in float64). With
 * attr `inplace` the results overwrite the variable and slot arrays (each element is read before
 * it is written).
 *
 * Slot values (Adam's m and v, the momentum accumulator) below the smallest normal number of their
 * dtype are stored as zero, as TensorFlow's CPU kernels run with flush-to-zero set: a slot whose
 * gradient stays zero decays geometrically into the subnormal range, where x86 arithmetic is slow
 * (the wasm kernels, wasm/assembly/training.ts, flush the same way). Variables are stored as computed.
 */
import { registerKernel } from "../../../engine/engine";
import { alloc, vals } from "../util";

const scalar = (t: unknown) => (vals(t as never) as ArrayLike<number>)[0];
const FLT_MIN = 1.1754943508222875e-38, DBL_MIN = 2.2250738585072014e-308;

/** Zero where a value stored into `a` (rounded to its dtype) would be subnormal; else the value itself. */
function flusher(a: ArrayLike<number>): (x: number) => number {
  if (a instanceof Float32Array) return (x) => { const r = Math.fround(x); return r < FLT_MIN && r > -FLT_MIN ? 0 : x; };
  if (a instanceof Float64Array) return (x) => (x < DBL_MIN && x > -DBL_MIN ? 0 : x);
  return (x) => x;
}

registerKernel("cpu", "ApplyAdam", ([v, m, vv, b1p, b2p, lrT, b1T, b2T, epsT, g], { inplace }, outs) => {
  const x = vals(v), mm = vals(m), v2 = vals(vv), gr = vals(g);
  const b1 = scalar(b1T), b2 = scalar(b2T), eps = scalar(epsT);
  const alpha = scalar(lrT) * Math.sqrt(1 - scalar(b2p)) / (1 - scalar(b1p));
  const ox = inplace ? x : alloc(outs[0].dtype, outs[0].shape), om = inplace ? mm : alloc(outs[1].dtype, outs[1].shape);
  const ov = inplace ? v2 : alloc(outs[2].dtype, outs[2].shape);
  const c1 = 1 - b1, c2 = 1 - b2, slot = flusher(om);
  for (let i = 0; i < ox.length; i++) {
    const gi = gr[i];
    const mi = slot(mm[i] + (gi - mm[i]) * c1);
    const vi = slot(v2[i] + (gi * gi - v2[i]) * c2);
    om[i] = mi; ov[i] = vi;
    ox[i] = x[i] - (alpha * mi) / (Math.sqrt(vi) + eps);
  }
  return [ox, om, ov];
});

registerKernel("cpu", "ApplyKerasMomentum", ([v, acc, lrT, g, momT], { use_nesterov, inplace }, outs) => {
  const x = vals(v), a = vals(acc), gr = vals(g);
  const lr = scalar(lrT), mo = scalar(momT);
  const ox = inplace ? x : alloc(outs[0].dtype, outs[0].shape), oa = inplace ? a : alloc(outs[1].dtype, outs[1].shape);
  const slot = flusher(oa);
  for (let i = 0; i < ox.length; i++) {
    const ai = a[i] * mo - lr * gr[i];
    oa[i] = slot(ai);
    ox[i] = use_nesterov ? x[i] + mo * ai - lr * gr[i] : x[i] + ai;
  }
  return [ox, oa];
});

registerKernel("cpu", "ApplyGradientDescent", ([v, alphaT, d], { inplace }, outs) => {
  const x = vals(v), dd = vals(d), alpha = scalar(alphaT);
  const ox = inplace ? x : alloc(outs[0].dtype, outs[0].shape);
  for (let i = 0; i < ox.length; i++) ox[i] = x[i] - alpha * dd[i];
  return [ox];
});
