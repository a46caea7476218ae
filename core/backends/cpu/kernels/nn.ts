/**
 * cpu kernels: activations, softmax / log-softmax (max-subtracted), fused softmax
 * cross-entropy (via log-softmax), L2Loss, BiasAdd. Class-axis kernels read the input as
 * [outer, n, inner] around the axis and compute in float64.
 */
import type { Kernel } from "../../backend";
import { registerKernel } from "../../../engine/engine";
import { alloc, vals } from "../util";
import { InvalidArgumentError, msg } from "../../../errors";

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

function elementwise(f: (v: number, attrs: any) => number): Kernel {
  return ([x], attrs, outs) => {
    const a = vals(x);
    const out = alloc(outs[0].dtype, outs[0].shape);
    for (let i = 0; i < out.length; i++) out[i] = f(a[i], attrs);
    return [out];
  };
}
// Relu is on every Dense layer's path: its own loop, no per-element call.
registerKernel("cpu", "Relu", ([x], _a, outs) => {
  const a = vals(x);
  const out = alloc(outs[0].dtype, outs[0].shape);
  for (let i = 0; i < out.length; i++) { const v = a[i]; out[i] = v > 0 ? v : v !== v ? v : 0; }
  return [out];
});
registerKernel("cpu", "ReluGrad", ([g, f], _a, outs) => {
  const dy = vals(g), y = vals(f);
  const out = alloc(outs[0].dtype, outs[0].shape);
  for (let i = 0; i < out.length; i++) out[i] = y[i] > 0 ? dy[i] : 0;
  return [out];
});
registerKernel("cpu", "Relu6", elementwise((v) => (v !== v ? v : v < 0 ? 0 : v > 6 ? 6 : v)));
registerKernel("cpu", "Elu", elementwise((v) => (v > 0 ? v : Math.expm1(v))));
registerKernel("cpu", "Selu", elementwise((v) => (v > 0 ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * Math.expm1(v))));
registerKernel("cpu", "LeakyRelu", elementwise((v, { alpha }) => (v > 0 ? v : v * alpha)));

/** [outer, n, inner] around one axis. */
function around(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1, inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  return [outer, shape[axis], inner];
}

/**
 * For every row along the class axis: m = max, lse = log(sum(exp(x - m))). `emit(at, x - m - lse)`
 * receives each element's log-softmax. Rows containing NaN give NaN.
 */
function logSoftmaxRows(a: ArrayLike<number>, shape: readonly number[], axis: number, emit: (row: number, at: number, ls: number) => void): void {
  const [outer, n, inner] = around(shape, axis);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let m = -Infinity;
      for (let r = 0; r < n; r++) { const v = a[base + r * inner]; if (v > m || v !== v) m = v; }
      if (m === -Infinity || m === Infinity) m = m === Infinity ? m : 0;
      let s = 0;
      for (let r = 0; r < n; r++) s += Math.exp(a[base + r * inner] - m);
      const lse = Math.log(s) + m;
      const row = o * inner + i;
      for (let r = 0; r < n; r++) { const at = base + r * inner; emit(row, at, a[at] - lse); }
    }
  }
}

registerKernel("cpu", "Softmax", ([x], { axis }, outs) => {
  const a = vals(x);
  const out = alloc(outs[0].dtype, outs[0].shape);
  const [outer, n, inner] = around(x.shape, axis);
  if (inner === 1) {
    // Contiguous rows (the usual last-axis softmax).
    const e = new Float64Array(n);
    for (let o = 0; o < outer; o++) {
      const base = o * n;
      let m = -Infinity;
      for (let r = 0; r < n; r++) { const v = a[base + r]; if (v > m || v !== v) m = v; }
      let s = 0;
      for (let r = 0; r < n; r++) { const v = Math.exp(a[base + r] - m); e[r] = v; s += v; }
      for (let r = 0; r < n; r++) out[base + r] = e[r] / s;
    }
    return [out];
  }
  logSoftmaxRows(a, x.shape, axis, (_row, at, ls) => { out[at] = Math.exp(ls); });
  return [out];
});
registerKernel("cpu", "LogSoftmax", ([x], { axis }, outs) => {
  const out = alloc(outs[0].dtype, outs[0].shape);
  logSoftmaxRows(vals(x), x.shape, axis, (_row, at, ls) => { out[at] = ls; });
  return [out];
});

registerKernel("cpu", "SoftmaxCrossEntropyWithLogits", ([x, labels], { axis }, outs) => {
  const z = vals(labels);
  const loss = alloc(outs[0].dtype, outs[0].shape), back = alloc(outs[1].dtype, outs[1].shape);
  const acc = new Float64Array(loss.length);
  logSoftmaxRows(vals(x), x.shape, axis, (row, at, ls) => {
    // 0 * -inf would be NaN; a zero label contributes nothing (TF's kernel uses the same form).
    if (z[at] !== 0) acc[row] -= z[at] * ls;
    back[at] = Math.exp(ls) - z[at];
  });
  loss.set(acc);
  return [loss, back];
});

registerKernel("cpu", "SparseSoftmaxCrossEntropyWithLogits", ([x, labels], _a, outs) => {
  const lab = vals(labels);
  const n = x.shape[x.rank - 1];
  for (let i = 0; i < lab.length; i++) {
    const l = lab[i];
    if (!(l >= 0 && l < n)) {
      throw new InvalidArgumentError(msg(
        `Received a label value of ${l} which is outside the valid range of [0, ${n}).  Label values: ${Array.from(lab as ArrayLike<number>).slice(0, 20).join(" ")}${lab.length > 20 ? " ..." : ""} ` +
        `[Op:SparseSoftmaxCrossEntropyWithLogits]. Class ids must be in [0, number of classes).`,
        `레이블 값 ${l}이(가) 유효 범위 [0, ${n})를 벗어났습니다. 레이블: ${Array.from(lab as ArrayLike<number>).slice(0, 20).join(" ")}${lab.length > 20 ? " ..." : ""} ` +
        `[Op:SparseSoftmaxCrossEntropyWithLogits]. 클래스 번호는 0 이상 클래스 수 미만이어야 합니다.`,
      ));
    }
  }
  const loss = alloc(outs[0].dtype, outs[0].shape), back = alloc(outs[1].dtype, outs[1].shape);
  if (n === 0) return [loss, back];
  logSoftmaxRows(vals(x), x.shape, x.rank - 1, (row, at, ls) => {
    const hit = at - row * n === lab[row];
    if (hit) loss[row] = -ls;
    back[at] = Math.exp(ls) - (hit ? 1 : 0);
  });
  return [loss, back];
});

registerKernel("cpu", "L2Loss", ([x], _a, outs) => {
  const a = vals(x);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  const out = alloc(outs[0].dtype, []);
  out[0] = s / 2;
  return [out];
});

registerKernel("cpu", "BiasAdd", ([v, b], { data_format }, outs) => {
  const a = vals(v), bias = vals(b);
  const out = alloc(outs[0].dtype, outs[0].shape);
  const cplx = v.dtype.kind === "c" ? 2 : 1;
  if (data_format === "NCHW") {
    const [outer, c, inner] = around(v.shape, 1);
    for (let o = 0; o < outer; o++) {
      for (let ch = 0; ch < c; ch++) {
        const base = (o * c + ch) * inner * cplx;
        for (let i = 0; i < inner * cplx; i++) out[base + i] = a[base + i] + bias[ch * cplx + (i % cplx)];
      }
    }
  } else {
    const c = v.shape[v.rank - 1] * cplx;
    for (let i = 0, j = 0; i < out.length; i++) { out[i] = a[i] + bias[j]; if (++j === c) j = 0; }
  }
  return [out];
});
