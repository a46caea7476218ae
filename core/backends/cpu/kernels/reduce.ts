/** cpu kernels: reductions over a sorted axis list. */
import type { Kernel } from "../../backend";
import { registerKernel } from "../../../engine/engine";
import { alloc, vals } from "../util";
import { stridesOf } from "../../../tensor/shape";

/**
 * Walks `x` grouped by output element: calls init/step/finish per output cell. The reduced axes
 * are iterated innermost; works for any axis set by splitting dims into kept and reduced lists.
 */
export function reduceKernel(
  init: () => number,
  step: (acc: number, v: number) => number,
  finish: (acc: number, count: number) => number = (a) => a,
): Kernel {
  return ([x], { axis }: { axis: number[] }, outs) => {
    const a = vals(x);
    const out = alloc(outs[0].dtype, outs[0].shape);
    const shape = x.shape, r = shape.length;
    const strides = stridesOf(shape);
    const kept: number[] = [], red: number[] = [];
    for (let d = 0; d < r; d++) (axis.includes(d) ? red : kept).push(d);
    let count = 1;
    for (const d of red) count *= shape[d];
    const nOut = out.length;
    // Fast path: reducing the trailing contiguous block.
    const trailing = red.length > 0 && red.every((d, i) => d === r - red.length + i);
    if (trailing || red.length === 0) {
      const inner = red.length === 0 ? 1 : count;
      for (let o = 0; o < nOut; o++) {
        let acc = init();
        const base = o * inner;
        for (let j = 0; j < inner; j++) acc = step(acc, a[base + j]);
        out[o] = finish(acc, inner);
      }
      return [out];
    }
    const keptShape = kept.map((d) => shape[d]), redShape = red.map((d) => shape[d]);
    const keptStr = kept.map((d) => strides[d]), redStr = red.map((d) => strides[d]);
    const kc = new Array(kept.length).fill(0);
    for (let o = 0; o < nOut; o++) {
      let base = 0;
      for (let i = 0; i < kept.length; i++) base += kc[i] * keptStr[i];
      let acc = init();
      const rc = new Array(red.length).fill(0);
      let off = base;
      for (let j = 0; j < count; j++) {
        acc = step(acc, a[off]);
        for (let i = red.length - 1; i >= 0; i--) {
          rc[i]++; off += redStr[i];
          if (rc[i] < redShape[i]) break;
          off -= redStr[i] * rc[i]; rc[i] = 0;
        }
      }
      out[o] = finish(acc, count);
      for (let i = kept.length - 1; i >= 0; i--) { kc[i]++; if (kc[i] < keptShape[i]) break; kc[i] = 0; }
    }
    return [out];
  };
}

registerKernel("cpu", "Sum", reduceKernel(() => 0, (s, v) => s + v));
// Integer means truncate like TF (sum / count in the integer dtype).
registerKernel("cpu", "Mean", (i, a, o, b) => {
  const isInt = o[0].dtype.kind === "i" || o[0].dtype.kind === "u";
  return reduceKernel(() => 0, (s, v) => s + v, isInt ? (s, c) => Math.trunc(s / c) : (s, c) => s / c)(i, a, o, b);
});
