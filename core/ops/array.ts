/**
 * Shape and indexing ops: reshape, broadcast_to, shape/size/rank, transpose, expand_dims, squeeze,
 * concat, stack, unstack, split, tile, pad, slice, strided_slice, gather, gather_nd, boolean_mask.
 */
import { Tensor } from "../tensor/tensor";
import { int32, DType, DTypeLike, asDType } from "../tensor/dtypes";
import { sizeOf, formatShape, broadcastShapes, shapesEqual } from "../tensor/shape";
import { defineOp, runOp } from "../engine/engine";
import { TensorLike, toTensor } from "./convert";
import { InvalidArgumentError, msg } from "../errors";
import { NameArg, nameOf } from "./math";
import { unbroadcast } from "./grad_util";

/** Resolves a requested shape with at most one -1 against `size` elements (null = unknown size). */
export function resolveReshape(op: string, from: readonly (number | null)[], shape: readonly number[]): number[] {
  const negs = shape.filter((d) => d === -1).length;
  if (negs > 1) {
    throw new InvalidArgumentError(msg(`${op}: only one input size may be -1, not both ${shape.indexOf(-1)} and ${shape.lastIndexOf(-1)}`, `${op}: -1은 한 번만 쓸 수 있습니다.`));
  }
  const size = sizeOf(from);
  const known = shape.reduce((a, d) => (d === -1 ? a : a * d), 1);
  if (Number.isNaN(size)) return shape.map((d) => (d === -1 ? (null as unknown as number) : d));
  if (negs === 1) {
    if (known === 0 || size % known !== 0) {
      throw new InvalidArgumentError(msg(
        `${op}: Input to reshape is a tensor with ${size} values, but the requested shape requires a multiple of ${known} (from shape ${formatShape(from)} to ${formatShape(shape)}).`,
        `${op}: 입력 텐서의 원소는 ${size}개인데 요청한 형태는 ${known}의 배수를 요구합니다 (${formatShape(from)} → ${formatShape(shape)}).`,
      ));
    }
    return shape.map((d) => (d === -1 ? size / known : d));
  }
  if (known !== size) {
    throw new InvalidArgumentError(msg(
      `${op}: Input to reshape is a tensor with ${size} values, but the requested shape has ${known} (from shape ${formatShape(from)} to ${formatShape(shape)}). Use -1 for one dimension to infer it.`,
      `${op}: 입력 텐서의 원소는 ${size}개인데 요청한 형태의 원소는 ${known}개입니다 (${formatShape(from)} → ${formatShape(shape)}). 한 차원을 -1로 두면 자동으로 계산됩니다.`,
    ));
  }
  return [...shape];
}

defineOp({
  name: "Reshape",
  infer(inputs, attrs) {
    const [x, s] = inputs;
    if (s) {
      // Dynamic shape input (graph gradients with unknown dims): only the rank is known statically.
      if (s.isSymbolic) return [{ shape: new Array(s.shape[0] ?? 0).fill(null), dtype: x.dtype }];
      return [{ shape: resolveReshape("Reshape", x.shape, Array.from(s.dataSync() as Int32Array)), dtype: x.dtype }];
    }
    return [{ shape: resolveReshape("Reshape", x.shape, attrs.shape), dtype: x.dtype }];
  },
  grad(dys, [x, s]) {
    if (x.shape.every((d) => d !== null)) return [runOp("Reshape", [dys[0]!], { shape: x.shape })[0], s ? null : undefined];
    return [runOp("Reshape", [dys[0]!, runOp("Shape", [x], { out_type: int32 })[0]], {})[0], null];
  },
});
/** `tf.reshape(tensor, shape, name=None)` */
export function reshape(tensor: TensorLike, shape: number[] | Tensor, name?: NameArg): Tensor {
  const t = toTensor(tensor, "reshape");
  if (shape instanceof Tensor) {
    if (shape.isSymbolic) return runOp("Reshape", [t, shape], {}, nameOf(name))[0];
    shape = Array.from(shape.dataSync() as Int32Array);
  }
  return runOp("Reshape", [t], { shape: shape.map((d) => (d === null ? -1 : d)) }, nameOf(name))[0];
}

defineOp({
  name: "BroadcastTo",
  infer([x], { shape }) {
    const out = broadcastShapes("BroadcastTo", x.shape, shape);
    if (!shapesEqual(out, shape)) {
      throw new InvalidArgumentError(msg(
        `BroadcastTo: cannot broadcast a tensor of shape ${formatShape(x.shape)} to ${formatShape(shape)}.`,
        `BroadcastTo: 형태 ${formatShape(x.shape)}인 텐서를 ${formatShape(shape)}(으)로 브로드캐스트할 수 없습니다.`,
      ));
    }
    return [{ shape: [...shape], dtype: x.dtype }];
  },
  grad(dys, [x]) { return [unbroadcast(dys[0]!, x)]; },
});
/** `tf.broadcast_to(input, shape, name=None)` */
export function broadcast_to(input: TensorLike, shape: number[], name?: NameArg): Tensor {
  const t = toTensor(input, "broadcast_to");
  if (shapesEqual(t.shape, shape)) return t;
  return runOp("BroadcastTo", [t], { shape }, nameOf(name))[0];
}

defineOp({
  name: "Shape",
  infer([x], { out_type }) { return [{ shape: [x.rank], dtype: out_type }]; },
  grad: () => [null],
});
/** `tf.shape(input, out_type=tf.int32, name=None)`: the dynamic shape as a tensor. */
export function shape(input: TensorLike, out_type: DTypeLike | { out_type?: DTypeLike; name?: string } = int32, name?: NameArg): Tensor {
  let ot: DType;
  if (typeof out_type === "object" && !(out_type instanceof DType)) { ot = asDType(out_type.out_type ?? int32); name = out_type.name; }
  else ot = asDType(out_type);
  return runOp("Shape", [toTensor(input, "shape")], { out_type: ot }, nameOf(name))[0];
}
