/**
 * wasm kernels: Sum/Mean/Max/Min/Prod over one block of axes (float32; sums in float64), softmax,
 * log-softmax and the fused cross-entropies over the last axis. Reductions over several separate
 * blocks of axes, other axes and other dtypes use cpu's kernels. Inputs stream through the arena
 * in blocks (whole [n, inner] slices, or blocks of rows of a slice too large for one).
 */
import { planReduce } from "../../cpu/kernels/reduce";
import { STREAM_BLOCK } from "../runtime";
import { cpu, def, f32, isF32, rtOf, sizeOfShape, tiny } from "./registry";

/** Elements of input copied per reduction block (1 MB). */
const REDUCE_BLOCK = STREAM_BLOCK * 16;

const RED: Record<string, number> = { Sum: 0, Mean: 1, Max: 2, Min: 3, Prod: 4 };
for (const [op, code] of Object.entries(RED)) {
  def(op, (inputs, attrs, outs, backend) => {
    const [x] = inputs;
    const plan = isF32(x) && !tiny(backend, sizeOfShape(x.shape)) ? planReduce(x.shape, attrs.axis ?? []) : null;
    if (!plan) return cpu(op)(inputs, attrs, outs, backend);
    const [outer, n, inner] = plan;
    const out = new Float32Array(sizeOfShape(outs[0].shape));
    if (out.length === 0) return [out];
    const src = f32(x), slice = n * inner;
    const rt = rtOf(backend);
    const resident = rt.residentPtr(src);
    rt.reset();
    if (resident >= 0) {
      // Already in the linear memory (a training step's activation gradients): reduced where it is.
      const po = rt.alloc(out.length * 4), tmp = rt.alloc(inner * 8);
      rt.k.reduce(code, resident, po, outer, n, inner, tmp);
      out.set(rt.f32.subarray(po >> 2, (po >> 2) + out.length));
    } else if (slice <= REDUCE_BLOCK) {
      // Whole slices per block: as many outer indices as fit.
      const per = Math.max(1, Math.floor(REDUCE_BLOCK / Math.max(slice, 1)));
      const px = rt.alloc(Math.min(per, outer) * slice * 4), po = rt.alloc(Math.min(per, outer) * inner * 4), tmp = rt.alloc(inner * 8);
      for (let o0 = 0; o0 < outer; o0 += per) {
        const cnt = Math.min(per, outer - o0);
        rt.f32.set(src.subarray(o0 * slice, (o0 + cnt) * slice), px >> 2);
        rt.k.reduce(code, px, po, cnt, n, inner, tmp);
        out.set(rt.f32.subarray(po >> 2, (po >> 2) + cnt * inner), o0 * inner);
      }
    } else {
      // A slice larger than a block: blocks of rows into a float64 accumulator that carries over.
      const rows = Math.max(1, Math.floor(REDUCE_BLOCK / inner));
      const px = rt.alloc(Math.min(rows, n) * inner * 4), acc = rt.alloc(inner * 8), po = rt.alloc(inner * 4);
      for (let o = 0; o < outer; o++) {
        for (let r0 = 0; r0 < n; r0 += rows) {
          const cnt = Math.min(rows, n - r0), base = o * slice + r0 * inner;
          rt.f32.set(src.subarray(base, base + cnt * inner), px >> 2);
          rt.k.reducePartial(code, px, cnt, inner, acc, r0 === 0 ? 1 : 0);
        }
        rt.k.reduceFinish(code, acc, po, inner, n);
        out.set(rt.f32.subarray(po >> 2, (po >> 2) + inner), o * inner);
      }
    }
    return [out];
  });
}

/** Rows and row length of a last-axis softmax, or null for another axis. */
function lastAxis(shape: readonly number[], axis: number): [number, number] | null {
  if (shape.length === 0 || axis !== shape.length - 1) return null;
  const n = shape[shape.length - 1];
  return [n === 0 ? 0 : sizeOfShape(shape) / n, n];
}
/** Elements per streamed block for row-wise ops: whole rows. */
export function rowBlock(n: number): number { return n * Math.max(1, Math.floor(STREAM_BLOCK / Math.max(n, 1))); }

for (const op of ["Softmax", "LogSoftmax"]) {
  def(op, (inputs, attrs, outs, backend) => {
    const [x] = inputs;
    const rn = isF32(x) && !tiny(backend, sizeOfShape(x.shape)) ? lastAxis(x.shape, attrs.axis) : null;
    if (!rn) return cpu(op)(inputs, attrs, outs, backend);
    const [, n] = rn;
    const out = new Float32Array(sizeOfShape(x.shape));
    if (out.length === 0) return [out];
    const rt = rtOf(backend);
    const f = op === "Softmax" ? rt.k.softmax : rt.k.logSoftmax;
    rt.stream(out.length, rowBlock(n), [f32(x)], [], [out], ([px], _w, [po], _i, len) => f(px, po, len / n, n));
    return [out];
  });
}

def("SoftmaxCrossEntropyWithLogits", (inputs, attrs, outs, backend) => {
  const [x, labels] = inputs;
  const rn = isF32(x) && isF32(labels) && sizeOfShape(labels.shape) === sizeOfShape(x.shape) && !tiny(backend, sizeOfShape(x.shape)) ? lastAxis(x.shape, attrs.axis) : null;
  if (!rn || rn[0] * rn[1] === 0) return cpu("SoftmaxCrossEntropyWithLogits")(inputs, attrs, outs, backend);
  const [rows, n] = rn;
  const loss = new Float32Array(rows), back = new Float32Array(rows * n);
  const rt = rtOf(backend);
  // Blocks of whole rows: logits and labels in, loss and backprop out.
  rt.reset();
  const per = Math.max(1, Math.floor(STREAM_BLOCK / n)), blk = Math.min(per, rows);
  const px = rt.alloc(blk * n * 4), pl = rt.alloc(blk * n * 4), pls = rt.alloc(blk * 4), pb = rt.alloc(blk * n * 4);
  const xs = f32(x), ls = f32(labels);
  for (let r0 = 0; r0 < rows; r0 += blk) {
    const cnt = Math.min(blk, rows - r0), e0 = r0 * n, e1 = (r0 + cnt) * n;
    rt.f32.set(xs.subarray(e0, e1), px >> 2);
    rt.f32.set(ls.subarray(e0, e1), pl >> 2);
    rt.k.softmaxXent(px, pl, pls, pb, cnt, n);
    loss.set(rt.f32.subarray(pls >> 2, (pls >> 2) + cnt), r0);
    back.set(rt.f32.subarray(pb >> 2, (pb >> 2) + cnt * n), e0);
  }
  return [loss, back];
});

def("SparseSoftmaxCrossEntropyWithLogits", (inputs, attrs, outs, backend) => {
  const [x, labels] = inputs;
  const n = x.shape[x.rank - 1];
  const lab = labels._handle as Int32Array;
  const rows = n === 0 ? 0 : sizeOfShape(x.shape) / n;
  let valid = isF32(x) && labels.dtype.name === "int32" && rows > 0 && lab.length === rows && !tiny(backend, rows * n);
  // Out-of-range labels: cpu's kernel raises TF's error.
  if (valid) for (let i = 0; i < lab.length; i++) if (!(lab[i] >= 0 && lab[i] < n)) { valid = false; break; }
  if (!valid) return cpu("SparseSoftmaxCrossEntropyWithLogits")(inputs, attrs, outs, backend);
  const loss = new Float32Array(rows), back = new Float32Array(rows * n);
  const rt = rtOf(backend);
  rt.reset();
  const per = Math.max(1, Math.floor(STREAM_BLOCK / n)), blk = Math.min(per, rows);
  const px = rt.alloc(blk * n * 4), pl = rt.alloc(blk * 4), pls = rt.alloc(blk * 4), pb = rt.alloc(blk * n * 4);
  const xs = f32(x);
  for (let r0 = 0; r0 < rows; r0 += blk) {
    const cnt = Math.min(blk, rows - r0), e0 = r0 * n, e1 = (r0 + cnt) * n;
    rt.f32.set(xs.subarray(e0, e1), px >> 2);
    rt.i32.set(lab.subarray(r0, r0 + cnt), pl >> 2);
    rt.k.sparseSoftmaxXent(px, pl, pls, pb, cnt, n);
    loss.set(rt.f32.subarray(pls >> 2, (pls >> 2) + cnt), r0);
    back.set(rt.f32.subarray(pb >> 2, (pb >> 2) + cnt * n), e0);
  }
  return [loss, back];
});
