/** cpu kernels: shape ops. Reshape shares storage: tensors are immutable, so a view is safe. */
import { registerKernel } from "../../../engine/engine";
import { alloc, broadcastIndex, vals } from "../util";
import { allocArray } from "../../../tensor/dtypes";

registerKernel("cpu", "Reshape", ([x]) => [vals(x)]);
registerKernel("cpu", "BroadcastTo", ([x], _a, outs) => {
  const a = vals(x);
  const out = alloc(outs[0].dtype, outs[0].shape);
  const idx = broadcastIndex(x.shape, outs[0].shape);
  if (x.dtype.kind === "c") for (let i = 0; i < idx.length; i++) { out[2 * i] = a[2 * idx[i]]; out[2 * i + 1] = a[2 * idx[i] + 1]; }
  else for (let i = 0; i < idx.length; i++) out[i] = a[idx[i]];
  return [out];
});
registerKernel("cpu", "Shape", ([x], { out_type }) => {
  const o = allocArray(out_type, x.rank) as Int32Array;
  for (let i = 0; i < x.rank; i++) o[i] = x.shape[i];
  return [o];
});
