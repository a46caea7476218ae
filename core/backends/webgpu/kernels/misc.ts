/**
 * webgpu kernels: constants and shape queries (values known on the host: uploaded), variable reads
 * (views of the variable's buffer), and the ops that run on the cpu by design, with the reason.
 */
import type { Kernel } from "../../backend";
import { allocArray } from "../../../tensor/dtypes";
import { sizeOf } from "../../../tensor/shape";
import type { Tensor } from "../../../tensor/tensor";
import { WebGPUBackend, GHandle } from "../backend";
import { onCpu, reg, gpu } from "./util";
import { getBackend } from "../../../engine/engine";

/** Host values that need no computation: written straight to the device. */
function hostValues(f: (inputs: Tensor[], attrs: any) => ArrayLike<number> | string[]): Kernel {
  return (inputs, attrs, outs, backend) => [(backend as WebGPUBackend).write(f(inputs, attrs) as any, outs[0].shape, outs[0].dtype)];
}
reg("Const", hostValues((_i, { value }) => value));
reg("Shape", hostValues(([x], { out_type }) => { const o = allocArray(out_type, x.rank) as Int32Array; x.shape.forEach((d, i) => { o[i] = d; }); return o; }));
reg("Size", hostValues(([x], { out_type }) => { const o = allocArray(out_type, 1) as Int32Array; o[0] = sizeOf(x.shape); return o; }));
reg("Rank", hostValues(([x]) => Int32Array.of(x.rank)));
// Small and exact: float64 values like the cpu kernels, rounded on upload.
reg("Range", (_i, { start, delta }, outs, be) => {
  const o = new Float64Array(sizeOf(outs[0].shape));
  for (let i = 0; i < o.length; i++) o[i] = start + i * delta;
  return [(be as WebGPUBackend).write(o, outs[0].shape, outs[0].dtype)];
});
reg("LinSpace", (_i, { start, stop, num }, outs, be) => {
  const o = new Float64Array(sizeOf(outs[0].shape));
  if (num === 1) o[0] = start;
  else if (num > 1) { const step = (stop - start) / (num - 1); for (let i = 0; i < num - 1; i++) o[i] = start + i * step; o[num - 1] = stop; }
  return [(be as WebGPUBackend).write(o, outs[0].shape, outs[0].dtype)];
});

// A variable's value is a tensor on some backend: a read is a view of its buffer (here) or a copy.
reg("ReadVariableOp", (_i, { variable }, outs, backend) => {
  const be = backend as WebGPUBackend;
  const v = (variable as { _eagerValue(op: string): Tensor })._eagerValue("ReadVariableOp");
  if (v._backend === be) return [be.view(v._handle as GHandle)];
  return [be.write(v.dataSync(), outs[0].shape, outs[0].dtype)];
});

// Uniform/int/normal draws have device kernels (kernels/random.ts); these consume the stream sequentially.
const RANDOM = "sequential use of the Philox stream (rejection sampling / shuffling): drawn on the host, same numbers as the cpu";
for (const op of ["TruncatedNormal", "StatelessTruncatedNormal", "RandomShuffle", "Multinomial"]) onCpu(op, RANDOM);

const LINALG = "matrix decompositions and solvers are sequential per matrix: no WGSL kernel";
for (const op of [
  "Cholesky", "Qr", "Svd", "SelfAdjointEigV2", "Eig", "MatrixInverse", "MatrixDeterminant", "LogMatrixDeterminant",
  "MatrixSolve", "MatrixSolveLs", "MatrixTriangularSolve", "MatrixExponential",
]) onCpu(op, LINALG);
onCpu("Where", "its output shape depends on the values (int64 output kept on the host)");

reg("NoOp", () => []);
/** Print reads its data through the tensor API (works on any backend) and passes input 0 through. */
reg("Print", (inputs, attrs, outs, backend) => {
  const be = backend as WebGPUBackend;
  getBackend("cpu").kernels.get("Print")!(inputs, attrs, outs, be);
  return [be.view(inputs[0]._handle as GHandle)];
});

// Ops whose inputs or outputs are complex or string tensors (host memory): grouped by dtype.
for (const op of ["Complex", "ComplexAbs", "Angle", "ReportUninitializedVariables"]) gpu(op, () => null);
