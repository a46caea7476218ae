/** cpu kernels: complex construction and inspection on interleaved (re, im) storage. */
import type { Kernel } from "../../backend";
import { registerKernel } from "../../../engine/engine";
import { alloc, broadcastIndex, vals } from "../util";
import { sizeOf } from "../../../tensor/shape";

registerKernel("cpu", "Complex", ([re, im], _attrs, outs) => {
  const n = sizeOf(outs[0].shape), out = alloc(outs[0].dtype, outs[0].shape);
  const a = vals(re), b = vals(im);
  const ia = a.length === n ? null : broadcastIndex(re.shape, outs[0].shape);
  const ib = b.length === n ? null : broadcastIndex(im.shape, outs[0].shape);
  for (let i = 0; i < n; i++) { out[2 * i] = a[ia ? ia[i] : i]; out[2 * i + 1] = b[ib ? ib[i] : i]; }
  return [out];
});

function part(f: (re: number, im: number) => number): Kernel {
  return ([x], _attrs, outs) => {
    const n = sizeOf(outs[0].shape), out = alloc(outs[0].dtype, outs[0].shape), s = vals(x);
    for (let i = 0; i < n; i++) out[i] = f(s[2 * i], s[2 * i + 1]);
    return [out];
  };
}
registerKernel("cpu", "Real", part((re) => re));
registerKernel("cpu", "Imag", part((_re, im) => im));
registerKernel("cpu", "ComplexAbs", part((re, im) => Math.hypot(re, im)));
registerKernel("cpu", "Angle", part((re, im) => Math.atan2(im, re)));
registerKernel("cpu", "Conj", ([x], _attrs, outs) => {
  const s = vals(x);
  if (x.dtype.kind !== "c") return [s.slice()];
  const out = alloc(outs[0].dtype, outs[0].shape);
  for (let i = 0; i < out.length; i += 2) { out[i] = s[i]; out[i + 1] = -s[i + 1]; }
  return [out];
});
