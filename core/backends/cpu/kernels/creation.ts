/** cpu kernels: constants and fills. */
import { registerKernel } from "../../../engine/engine";
import { alloc, vals } from "../util";

registerKernel("cpu", "Const", (_i, { value }) => [value]);
registerKernel("cpu", "Fill", (_i, { value }, outs) => {
  const o = alloc(outs[0].dtype, outs[0].shape);
  if (outs[0].dtype.kind === "c") { for (let i = 0; i < o.length; i += 2) o[i] = value; }
  else if (value !== 0) o.fill(value);
  return [o];
});
registerKernel("cpu", "Range", (_i, { start, delta }, outs) => {
  const o = alloc(outs[0].dtype, outs[0].shape);
  for (let i = 0; i < o.length; i++) o[i] = start + i * delta;
  return [o];
});
// Like numpy and TF: start + i * step, with the last value exactly `stop`.
registerKernel("cpu", "LinSpace", (_i, { start, stop, num }, outs) => {
  const o = alloc(outs[0].dtype, outs[0].shape);
  if (num === 1) o[0] = start;
  else if (num > 1) {
    const step = (stop - start) / (num - 1);
    for (let i = 0; i < num - 1; i++) o[i] = start + i * step;
    o[num - 1] = stop;
  }
  return [o];
});
registerKernel("cpu", "OneHot", ([idx], { depth, on_value, off_value, axis }, outs) => {
  const o = alloc(outs[0].dtype, outs[0].shape);
  const cplx = outs[0].dtype.kind === "c";
  const ix = vals(idx) as ArrayLike<number>;
  const r = idx.rank, ax = axis === -1 ? r : axis;
  let outer = 1, inner = 1;
  for (let i = 0; i < ax; i++) outer *= idx.shape[i];
  for (let i = ax; i < r; i++) inner *= idx.shape[i];
  if (cplx) { for (let i = 0; i < o.length; i += 2) o[i] = off_value; }
  else if (off_value !== 0) o.fill(off_value);
  for (let a = 0; a < outer; a++) {
    for (let b = 0; b < inner; b++) {
      const v = ix[a * inner + b];
      if (v >= 0 && v < depth) {
        const at = (a * depth + v) * inner + b;
        if (cplx) { o[2 * at] = on_value; o[2 * at + 1] = 0; } else o[at] = on_value;
      }
    }
  }
  return [o];
});
