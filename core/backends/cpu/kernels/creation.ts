/** cpu kernels: constants and fills. */
import { registerKernel } from "../../../engine/engine";
import { alloc } from "../util";

registerKernel("cpu", "Const", (_i, { value }) => [value]);
registerKernel("cpu", "Fill", (_i, { value }, outs) => {
  const o = alloc(outs[0].dtype, outs[0].shape);
  if (outs[0].dtype.kind === "c") { for (let i = 0; i < o.length; i += 2) o[i] = value; }
  else if (value !== 0) o.fill(value);
  return [o];
});
