/** Tensor creation: Const, fill, zeros, ones, *_like, eye, range, linspace, one_hot. */
import { Tensor } from "../tensor/tensor";
import { DType, DTypeLike, asDType, float32, int32 } from "../tensor/dtypes";
import { defineOp, runOp } from "../engine/engine";
import { TensorLike, toTensor } from "./convert";
import { InvalidArgumentError, msg, checkOptions } from "../errors";
import { formatShape } from "../tensor/shape";
import { NameArg, nameOf } from "./math";

defineOp({
  name: "Const",
  infer(_i, { shape, dtype }) { return [{ shape, dtype }]; },
});

function checkShape(op: string, shape: unknown): number[] {
  if (shape instanceof Tensor) shape = Array.from(shape.dataSync() as Int32Array);
  if (typeof shape === "number") shape = [shape];
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new InvalidArgumentError(msg(
      `${op}: shape must be a list of non-negative integers, got ${JSON.stringify(shape)}.`,
      `${op}: shape는 0 이상의 정수 배열이어야 하는데 ${JSON.stringify(shape)}입니다.`,
    ));
  }
  return shape as number[];
}

defineOp({
  name: "Fill",
  infer(_i, { shape, dtype }) { return [{ shape, dtype }]; },
});

function fillOp(op: string, shape: unknown, value: number | boolean | string, dtype: DType, name?: string): Tensor {
  return runOp("Fill", [], { shape: checkShape(op, shape), value, dtype }, name ?? op)[0];
}

type DTypeOrOpts = DTypeLike | { dtype?: DTypeLike; name?: string };
function dtypeAndName(fn: string, d: DTypeOrOpts | undefined, name: NameArg, fallback: DType): [DType, string | undefined] {
  if (d != null && typeof d === "object" && !(d instanceof DType)) {
    checkOptions(fn, d, ["dtype", "name"]);
    return [asDType(d.dtype ?? null, fallback), d.name];
  }
  return [asDType(d ?? null, fallback), nameOf(name)];
}

/** `tf.zeros(shape, dtype=tf.float32, name=None)` */
export function zeros(shape: number[] | number | Tensor, dtype?: DTypeOrOpts, name?: NameArg): Tensor {
  const [d, n] = dtypeAndName("zeros", dtype, name, float32);
  return fillOp("zeros", shape, d.kind === "s" ? "" : 0, d, n);
}
/** `tf.ones(shape, dtype=tf.float32, name=None)` */
export function ones(shape: number[] | number | Tensor, dtype?: DTypeOrOpts, name?: NameArg): Tensor {
  const [d, n] = dtypeAndName("ones", dtype, name, float32);
  return fillOp("ones", shape, 1, d, n);
}
/** `tf.fill(dims, value, name=None)`: dtype from the value (JS numbers -> float32; pass a typed tensor for others). */
export function fill(dims: number[] | Tensor, value: TensorLike, name?: NameArg): Tensor {
  const v = toTensor(value, "fill");
  if (v.rank !== 0) {
    throw new InvalidArgumentError(msg(`fill: value must be a scalar, got shape ${formatShape(v.shape)}.`, `fill: value는 스칼라여야 하는데 형태가 ${formatShape(v.shape)}입니다.`));
  }
  const item = v.numpy().item();
  return fillOp("fill", dims, typeof item === "boolean" ? (item ? 1 : 0) : item, v.dtype, nameOf(name));
}
/** `tf.zeros_like(input, dtype=None, name=None)` */
export function zeros_like(input: TensorLike, dtype?: DTypeOrOpts, name?: NameArg): Tensor {
  const t = toTensor(input, "zeros_like");
  const [d, n] = dtypeAndName("zeros_like", dtype, name, t.dtype);
  if (d === t.dtype && t.shape.every((x) => x !== null)) return runOp("ZerosLike", [t], {}, n)[0];
  return fillOp("zeros_like", t.shape, 0, d, n);
}
/** `tf.ones_like(input, dtype=None, name=None)` */
export function ones_like(input: TensorLike, dtype?: DTypeOrOpts, name?: NameArg): Tensor {
  const t = toTensor(input, "ones_like");
  const [d, n] = dtypeAndName("ones_like", dtype, name, t.dtype);
  if (d === t.dtype) return runOp("OnesLike", [t], {}, n)[0];
  return fillOp("ones_like", t.shape, 1, d, n);
}
export { int32 };
