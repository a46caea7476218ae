/**
 * cuda kernels: softmax / log-softmax along any axis, fused softmax cross-entropy (dense labels along
 * the last axis, sparse int32/int64 labels), L2Loss, BiasAdd.
 */
import type { Kernel } from "../../backend";
import { registerKernel } from "../../../engine/engine";
import { OP } from "../ptx.generated";
import { be, bcastStruct, floatKind, ptr } from "../util";
import { elementBytes, sizeOfShape } from "../backend";
import { around, reduceARB } from "./reduce";

function softmax(name: string, log: boolean): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend), [x] = inputs;
    const f = floatKind(x.dtype);
    if (!f) return b.viaCpu(name, inputs, attrs, outs, ` for ${x.dtype.name}`);
    const axis = attrs.axis === undefined ? x.rank - 1 : attrs.axis < 0 ? attrs.axis + x.rank : attrs.axis;
    const [outer, n, inner] = around(x.shape, axis);
    const o = b.out(outs[0]);
    if (outer * inner * n > 0) b.launch(`softmax_${f}`, [outer * inner, 1, 1], 256, log ? 1 : 0, ptr(x), o.ptr, n, inner);
    return [o];
  };
}
registerKernel("cuda", "Softmax", softmax("Softmax", false));
registerKernel("cuda", "LogSoftmax", softmax("LogSoftmax", true));

registerKernel("cuda", "SoftmaxCrossEntropyWithLogits", (inputs, attrs, outs, backend) => {
  const b = be(backend), [x, labels] = inputs;
  const f = floatKind(x.dtype);
  const axis = attrs.axis === undefined ? -1 : attrs.axis < 0 ? attrs.axis + x.rank : attrs.axis;
  const same = labels.shape.length === x.shape.length && labels.shape.every((d, i) => d === x.shape[i]);
  if (!f || axis !== x.rank - 1 || !same || labels.dtype !== x.dtype) {
    return b.viaCpu("SoftmaxCrossEntropyWithLogits", inputs, attrs, outs, " for this axis, dtype or label shape");
  }
  const n = x.shape[x.rank - 1], rows = sizeOfShape(x.shape) / (n || 1);
  const loss = b.out(outs[0]), back = b.out(outs[1]);
  if (n === 0) return b.viaCpu("SoftmaxCrossEntropyWithLogits", inputs, attrs, outs, " for zero classes");
  if (rows > 0) b.launch(`xent_${f}`, [rows, 1, 1], 256, ptr(x), ptr(labels), loss.ptr, back.ptr, n);
  return [loss, back];
});

registerKernel("cuda", "SparseSoftmaxCrossEntropyWithLogits", (inputs, attrs, outs, backend) => {
  const b = be(backend), [x, labels] = inputs;
  const f = floatKind(x.dtype);
  const lk = labels.dtype.name === "int32" ? 0 : labels.dtype.name === "int64" ? 1 : -1;
  const n = x.shape[x.rank - 1];
  if (!f || lk < 0 || n === 0) return b.viaCpu("SparseSoftmaxCrossEntropyWithLogits", inputs, attrs, outs, ` for ${labels.dtype.name} labels`);
  const rows = sizeOfShape(x.shape) / n;
  const loss = b.out(outs[0]), back = b.out(outs[1]);
  // A label outside [0, classes) gives NaN for its row (TF's GPU behaviour; the cpu backend raises).
  if (rows > 0) b.launch(`sparse_xent_${f}`, [rows, 1, 1], 256, ptr(x), ptr(labels), lk, loss.ptr, back.ptr, n);
  return [loss, back];
});

registerKernel("cuda", "L2Loss", (inputs, attrs, outs, backend) => {
  const b = be(backend), [x] = inputs;
  const f = floatKind(x.dtype);
  if (!f) return b.viaCpu("L2Loss", inputs, attrs, outs, ` for ${x.dtype.name}`);
  const o = b.out(outs[0]);
  const n = sizeOfShape(x.shape);
  if (n === 0) { b.memsetD8(o.ptr, 0, elementBytes(x.dtype)); return [o]; }
  reduceARB(b, f, OP.ROP_L2, ptr(x), o.ptr, 1, n, 1, elementBytes(x.dtype));
  return [o];
});

registerKernel("cuda", "BiasAdd", (inputs, attrs, outs, backend) => {
  const b = be(backend), [v, bias] = inputs;
  const f = floatKind(v.dtype);
  if (!f) return b.viaCpu("BiasAdd", inputs, attrs, outs, ` for ${v.dtype.name}`);
  // NCHW: the bias runs along axis 1, i.e. shape [C, 1, ..., 1] against the value.
  const bShape = attrs.data_format === "NCHW" ? [bias.shape[0], ...new Array(v.rank - 2).fill(1)] : bias.shape;
  const bc = bcastStruct(v.shape, [v.shape, bShape]);
  if (!bc) return b.viaCpu("BiasAdd", inputs, attrs, outs, " for rank > 6");
  const n = sizeOfShape(v.shape);
  const o = b.out(outs[0]);
  b.launch1d(`binary_${f}`, n, OP.BOP_ADD, ptr(v), ptr(bias), o.ptr, n, bc);
  return [o];
});
