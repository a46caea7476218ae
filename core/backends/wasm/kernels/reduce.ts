/**
 * wasm kernels: Sum/Mean/Max/Min/Prod over one block of axes (float32; sums in float64), softmax,
 * log-softmax and the fused cross-entropies over the last axis. Reductions over several separate
 * blocks of axes, other axes and other dtypes use cpu's kernels.
 */
import type { Kernel } from "../../backend";
import { planReduce } from "../../cpu/kernels/reduce";
import { InvalidArgumentError } from "../../../errors";
import { cpu, def, f32, isF32, rtOf, sizeOfShape } from "./registry";

const RED: Record<string, number> = { Sum: 0, Mean: 1, Max: 2, Min: 3, Prod: 4 };
for (const [op, code] of Object.entries(RED)) {
  def(op, (inputs, attrs, outs, backend) => {
    const [x] = inputs;
    const plan = isF32(x) ? planReduce(x.shape, attrs.axis ?? []) : null;
    if (!plan) return cpu(op)(inputs, attrs, outs, backend);
    const [outer, red, inner] = plan;
    const nOut = sizeOfShape(outs[0].shape);
    if (nOut === 0) return [new Float32Array(0)];
    const rt = rtOf(backend);
    rt.reset();
    const px = rt.put(f32(x)), po = rt.alloc(nOut * 4), tmp = rt.alloc(inner * 8);
    rt.k.reduce(code, px, po, outer, red, inner, tmp);
    return [rt.takeF32(po, nOut)];
  });
}

/** Rows and row length of a last-axis softmax, or null for another axis. */
function lastAxis(shape: readonly number[], axis: number): [number, number] | null {
  if (shape.length === 0 || axis !== shape.length - 1) return null;
  const n = shape[shape.length - 1];
  return [n === 0 ? 0 : sizeOfShape(shape) / n, n];
}

for (const op of ["Softmax", "LogSoftmax"]) {
  def(op, (inputs, attrs, outs, backend) => {
    const [x] = inputs;
    const rn = isF32(x) ? lastAxis(x.shape, attrs.axis) : null;
    if (!rn) return cpu(op)(inputs, attrs, outs, backend);
    const size = sizeOfShape(x.shape);
    if (size === 0) return [new Float32Array(0)];
    const rt = rtOf(backend);
    rt.reset();
    const px = rt.put(f32(x)), po = rt.alloc(size * 4);
    (op === "Softmax" ? rt.k.softmax : rt.k.logSoftmax)(px, po, rn[0], rn[1]);
    return [rt.takeF32(po, size)];
  });
}

def("SoftmaxCrossEntropyWithLogits", (inputs, attrs, outs, backend) => {
  const [x, labels] = inputs;
  const rn = isF32(x) && isF32(labels) && sizeOfShape(labels.shape) === sizeOfShape(x.shape) ? lastAxis(x.shape, attrs.axis) : null;
  if (!rn || rn[0] * rn[1] === 0) return cpu("SoftmaxCrossEntropyWithLogits")(inputs, attrs, outs, backend);
  const [rows, n] = rn;
  const rt = rtOf(backend);
  rt.reset();
  const px = rt.put(f32(x)), pl = rt.put(f32(labels)), ploss = rt.alloc(rows * 4), pback = rt.alloc(rows * n * 4);
  rt.k.softmaxXent(px, pl, ploss, pback, rows, n);
  return [rt.takeF32(ploss, rows), rt.takeF32(pback, rows * n)];
});

const sparseKernel: Kernel = (inputs, attrs, outs, backend) => {
  const [x, labels] = inputs;
  const n = x.shape[x.rank - 1];
  const lab = labels._handle as Int32Array;
  const rows = n === 0 ? 0 : sizeOfShape(x.shape) / n;
  let valid = isF32(x) && labels.dtype.name === "int32" && rows > 0 && lab.length === rows;
  // Out-of-range labels: cpu's kernel raises TF's error.
  if (valid) for (let i = 0; i < lab.length; i++) if (!(lab[i] >= 0 && lab[i] < n)) { valid = false; break; }
  if (!valid) return cpu("SparseSoftmaxCrossEntropyWithLogits")(inputs, attrs, outs, backend);
  const rt = rtOf(backend);
  rt.reset();
  const px = rt.put(f32(x)), pl = rt.put(lab), ploss = rt.alloc(rows * 4), pback = rt.alloc(rows * n * 4);
  rt.k.sparseSoftmaxXent(px, pl, ploss, pback, rows, n);
  return [rt.takeF32(ploss, rows), rt.takeF32(pback, rows * n)];
};
def("SparseSoftmaxCrossEntropyWithLogits", sparseKernel);
void InvalidArgumentError;
