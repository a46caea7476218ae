/**
 * webgpu kernels: softmax, log-softmax and the fused softmax cross-entropies. One thread per row
 * along the class axis ([outer, n, inner] around it): max, sum of exp(x - max), then the outputs,
 * as the cpu kernels do. Out-of-range sparse labels give NaN (TF's GPU behaviour; the cpu kernel
 * raises).
 */
import { Uniforms } from "../backend";
import { header, main1d } from "../wgsl";
import { gpu, h, gt } from "./util";
import { around } from "./reduce";

/** WGSL computing `m` (max, NaN-propagating, ±inf adjusted like the cpu) and `lse` for the row at `base`. */
const ROW = `
  let n = ui(1);
  let inner = ui(2);
  let o = divq(i, inner);
  let k = i - o * inner;
  let base = o * n * inner + k;
  var m = -inf_();
  for (var r = 0; r < n; r++) { let v = x0[base + r * inner]; if (v > m || isnan_(v)) { m = v; } if (isnan_(m)) { break; } }
  let m0 = m;
  if (isinf_(m) && m < 0.0) { m = 0.0; }
  var s = 0.0;
  for (var r = 0; r < n; r++) { s += exp(x0[base + r * inner] - m); }
  let lse = log(s) + m;`;

gpu("Softmax", ([x], { axis }, outs, be) => {
  if (gt(x) !== "f32" || !Number.isInteger(axis)) return null;
  const [outer, n, inner] = around(x.shape, axis);
  const y = be.out(outs[0]);
  // Contiguous rows: e / sum(e) with e = exp(x - max) (no ±inf adjustment), like the cpu kernel.
  const p = be.program(`softmax:${inner === 1}`, 1, 1, () => header(["f32"], ["f32"]) + "\n" + main1d(ROW + (inner === 1 ? `
  var t = 0.0;
  for (var r = 0; r < n; r++) { t += exp(x0[base + r] - m0); }
  for (var r = 0; r < n; r++) { y0[base + r] = exp(x0[base + r] - m0) / t; }` : `
  for (var r = 0; r < n; r++) { let at = base + r * inner; y0[at] = exp(x0[at] - lse); }`)));
  be.run(p, [h(x)], [y], new Uniforms().int(outer * inner, n, inner), be.grid1d(outer * inner, 64));
  return [y];
});

gpu("LogSoftmax", ([x], { axis }, outs, be) => {
  if (gt(x) !== "f32" || !Number.isInteger(axis)) return null;
  const [outer, n, inner] = around(x.shape, axis);
  const y = be.out(outs[0]);
  const p = be.program("logsoftmax", 1, 1, () => header(["f32"], ["f32"]) + "\n" + main1d(ROW + `
  for (var r = 0; r < n; r++) { let at = base + r * inner; y0[at] = x0[at] - lse; }`));
  be.run(p, [h(x)], [y], new Uniforms().int(outer * inner, n, inner), be.grid1d(outer * inner, 64));
  return [y];
});

gpu("SoftmaxCrossEntropyWithLogits", ([x, labels], { axis }, outs, be) => {
  if (gt(x) !== "f32" || gt(labels) !== "f32" || !Number.isInteger(axis)) return null;
  const [outer, n, inner] = around(x.shape, axis);
  const loss = be.out(outs[0]), back = be.out(outs[1]);
  const p = be.program("softmaxxent", 2, 2, () => header(["f32", "f32"], ["f32", "f32"]) + "\n" + main1d(ROW + `
  var acc = 0.0;
  for (var r = 0; r < n; r++) {
    let at = base + r * inner;
    let ls = x0[at] - lse;
    let z = x1[at];
    if (z != 0.0) { acc -= z * ls; }
    y1[at] = exp(ls) - z;
  }
  y0[i] = acc;`));
  be.run(p, [h(x), h(labels)], [loss, back], new Uniforms().int(outer * inner, n, inner), be.grid1d(outer * inner, 64));
  return [loss, back];
});

gpu("SparseSoftmaxCrossEntropyWithLogits", ([x, labels], _a, outs, be) => {
  if (gt(x) !== "f32" || gt(labels) !== "i32") return null;
  const n = x.shape[x.rank - 1];
  const rows = n === 0 ? 0 : x.size / n;
  const loss = be.out(outs[0]), back = be.out(outs[1]);
  const p = be.program("sparsexent", 2, 2, () => header(["f32", "i32"], ["f32", "f32"]) + "\n" + main1d(ROW + `
  let lab = x1[i];
  let bad = lab < 0 || lab >= n;
  for (var r = 0; r < n; r++) {
    let at = base + r;
    let ls = x0[at] - lse;
    if (r == lab) { y0[i] = -ls; }
    y1[at] = select(exp(ls) - select(0.0, 1.0, r == lab), nan_(), bad);
  }
  if (bad) { y0[i] = nan_(); }`));
  be.run(p, [h(x), h(labels)], [loss, back], new Uniforms().int(rows, n, 1), be.grid1d(rows, 64));
  return [loss, back];
});
