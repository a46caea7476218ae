/**
 * wasm kernels: the fused optimizer updates Keras's Adam and SGD use (ApplyAdam,
 * ApplyKerasMomentum, ApplyGradientDescent), float32 variables, float64 arithmetic like cpu's.
 * The variable, its slots and the gradient stream through the arena together, block by block
 * (so attr `inplace` can write the results back over the inputs: each block is read first).
 */
import { STREAM_BLOCK, WasmRuntime } from "../runtime";
import { cpu, def, f32, isF32, rtOf, tiny } from "./registry";
import type { Tensor } from "../../../tensor/tensor";

const scalar = (t: Tensor) => (t._handle as ArrayLike<number>)[0];
/** A new result array: resident (resident.ts) where the memory is shared, else an ordinary one. */
const fresh = (rt: WasmRuntime, n: number) => rt.residentF32(n) ?? new Float32Array(n);
const allF32 = (ts: Tensor[]) => ts.every(isF32);

def("ApplyAdam", (inputs, attrs, outs, backend) => {
  // Inputs by index, paths in functions of their own: a Keras step calls this once per variable
  // (async, pointers and streamed paths alike), and a small body compiles once, not once per path.
  const v = inputs[0], m = inputs[1], vv = inputs[2], g = inputs[9];
  if (!isF32(v) || !isF32(m) || !isF32(vv) || !isF32(g) || tiny(backend, (v._handle as Float32Array).length)) return cpu("ApplyAdam")(inputs, attrs, outs, backend);
  const n = (v._handle as Float32Array).length;
  const rt = rtOf(backend);
  const x = v._handle as Float32Array, mm = m._handle as Float32Array, v2 = vv._handle as Float32Array, gr = g._handle as Float32Array;
  // New results are resident where the memory is shared, so the next (in-place) update of the
  // variable and its slots runs where they are, on the pool, without copies.
  const res = attrs.inplace ? [x, mm, v2] : [fresh(rt, n), fresh(rt, n), fresh(rt, n)];
  if (n === 0) return res;
  const alpha = scalar(inputs[5]) * Math.sqrt(1 - scalar(inputs[4])) / (1 - scalar(inputs[3]));
  const c1 = 1 - scalar(inputs[6]), c2 = 1 - scalar(inputs[7]), eps = scalar(inputs[8]);
  // In place on resident arrays (a Keras step's variable): may run asynchronously (rt.adamAsync).
  const ins = [x, mm, v2, gr];
  if (!attrs.inplace || !rt.adamAsync(ins, n, alpha, c1, c2, eps)) adamInto(rt, ins, res, n, alpha, c1, c2, eps);
  return res;
});

/** The update from `ins` (x, m, v, g) into `res` (x', m', v'): in the linear memory where the results are resident, else streamed. */
function adamInto(rt: WasmRuntime, ins: Float32Array[], res: Float32Array[], n: number, alpha: number, c1: number, c2: number, eps: number): void {
  const at = rt.pointers(ins, res);
  if (at) { rt.adam([...at.ins, ...at.outs], n, alpha, c1, c2, eps); return; }
  rt.stream(n, STREAM_BLOCK, ins, [], res, ([px, pm, pv, pg], _w, [qx, qm, qv], _i, len) =>
    rt.k.applyAdam(px, pm, pv, pg, qx, qm, qv, len, alpha, c1, c2, eps));
}

def("ApplyKerasMomentum", (inputs, attrs, outs, backend) => {
  const [v, acc, lrT, g, momT] = inputs;
  if (!allF32([v, acc, g]) || tiny(backend, (v._handle as Float32Array).length)) return cpu("ApplyKerasMomentum")(inputs, attrs, outs, backend);
  const n = (v._handle as Float32Array).length;
  const rt = rtOf(backend);
  // Resident results where the memory is shared (as for Adam): later in-place updates stream nothing.
  const [ox, oa] = attrs.inplace ? [v._handle, acc._handle] as Float32Array[] : [fresh(rt, n), fresh(rt, n)];
  if (n === 0) return [ox, oa];
  const lr = scalar(lrT), mo = scalar(momT), nesterov = attrs.use_nesterov ? 1 : 0;
  rt.stream(n, STREAM_BLOCK, [f32(v), f32(acc), f32(g)], [], [ox, oa], ([px, pa, pg], _w, [qx, qa], _i, len) =>
    rt.k.applyMomentum(px, pa, pg, qx, qa, len, lr, mo, nesterov));
  return [ox, oa];
});

def("ApplyGradientDescent", (inputs, attrs, outs, backend) => {
  const [v, alphaT, d] = inputs;
  if (!allF32([v, d]) || tiny(backend, (v._handle as Float32Array).length)) return cpu("ApplyGradientDescent")(inputs, attrs, outs, backend);
  const n = (v._handle as Float32Array).length;
  const rt = rtOf(backend);
  const ox = attrs.inplace ? v._handle as Float32Array : fresh(rt, n);
  if (n === 0) return [ox];
  const alpha = scalar(alphaT);
  rt.stream(n, STREAM_BLOCK, [f32(v), f32(d)], [], [ox], ([px, pd], _w, [qx], _i, len) => rt.k.applyGradientDescent(px, pd, qx, len, alpha));
  return [ox];
});
