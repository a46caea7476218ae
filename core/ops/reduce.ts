/**
 * Reductions: reduce_sum/mean/max/min/prod/any/all/logsumexp, argmax/argmin, cumsum, top_k.
 * All reductions share one op shape: attrs { axis: number[] (normalised, sorted), keepdims }.
 */
import { Tensor } from "../tensor/tensor";
import { DType, bool, int32, int64 } from "../tensor/dtypes";
import { normAxes } from "../tensor/shape";
import { defineOp, runOp, OpDef, GradFn } from "../engine/engine";
import { TensorLike, toTensor } from "./convert";
import { checkOptions } from "../errors";
import { nameOf, multiply, divide, cast } from "./math";

export interface ReduceOptions { axis?: number | number[] | null; keepdims?: boolean; name?: string }
const REDUCE_KEYS = ["axis", "keepdims", "name"] as const;

/** Output shape of a reduction over sorted `axes`. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) { if (keepdims) out.push(1); } else out.push(shape[i]);
  }
  return out;
}

export function reduceDef(name: string, grad?: GradFn, outDType?: (d: DType) => DType): OpDef {
  return defineOp({
    name,
    infer([x], { axis, keepdims }) {
      return [{ shape: reducedShape(x.shape, axis, keepdims), dtype: outDType ? outDType(x.dtype) : x.dtype }];
    },
    grad,
  });
}

/** Reshapes a reduced gradient so it broadcasts against the input, then broadcasts it. */
export function expandReduced(dy: Tensor, x: Tensor, axis: number[], keepdims: boolean): Tensor {
  let g = dy;
  if (!keepdims) g = runOp("Reshape", [g], { shape: reducedShape(x.shape, axis, true) })[0];
  return runOp("BroadcastTo", [g], { shape: x.shape })[0];
}

reduceDef("Sum", (dys, [x], _o, { axis, keepdims }) => [expandReduced(dys[0]!, x, axis, keepdims)]);
reduceDef("Mean", (dys, [x], _o, { axis, keepdims }) => {
  let n = 1;
  for (const a of axis) n *= x.shape[a];
  const g = expandReduced(dys[0]!, x, axis, keepdims);
  return [divide(g, toTensor(n, "Mean", g.dtype))];
});

/** Parses (input_tensor, axis, keepdims, name) with TF's positional order or an options object. */
export function reduceArgs(fn: string, x: TensorLike, axis?: number | number[] | null | ReduceOptions, keepdims?: boolean, name?: string): [Tensor, { axis: number[]; keepdims: boolean }, string | undefined] {
  let opts: ReduceOptions;
  if (axis != null && typeof axis === "object" && !Array.isArray(axis)) {
    checkOptions(fn, axis, REDUCE_KEYS);
    opts = axis;
  } else opts = { axis: axis as number | number[] | null, keepdims, name };
  const t = toTensor(x, fn);
  return [t, { axis: normAxes(fn, opts.axis, t.rank), keepdims: !!opts.keepdims }, opts.name];
}

/** `tf.reduce_sum(input_tensor, axis=None, keepdims=False, name=None)` */
export function reduce_sum(input_tensor: TensorLike, axis?: number | number[] | null | ReduceOptions, keepdims?: boolean, name?: string): Tensor {
  const [t, attrs, n] = reduceArgs("reduce_sum", input_tensor, axis, keepdims, name);
  const x = t.dtype === bool ? cast(t, int32) : t;
  return runOp("Sum", [x], attrs, n)[0];
}
/** `tf.reduce_mean(input_tensor, axis=None, keepdims=False, name=None)` (integer inputs give integer means, like TF). */
export function reduce_mean(input_tensor: TensorLike, axis?: number | number[] | null | ReduceOptions, keepdims?: boolean, name?: string): Tensor {
  const [t, attrs, n] = reduceArgs("reduce_mean", input_tensor, axis, keepdims, name);
  return runOp("Mean", [t], attrs, n)[0];
}
