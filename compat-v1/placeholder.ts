/**
 * `tf.compat.v1.placeholder` and `placeholder_with_default`, and the eager-mode switches.
 */
import { Tensor } from "../core/tensor/tensor";
import { DTypeLike, asDType } from "../core/tensor/dtypes";
import { InvalidArgumentError, msg } from "../core/errors";
import { ctx, defineOp, registerKernel, runOp } from "../core/engine/engine";
import { placeholder as graphPlaceholder } from "../core/graph/ops";
import { currentGraph, getDefaultGraph, resetDefaultGraph, Graph } from "../core/graph/graph";
import { TensorLike, toTensor } from "../core/ops/convert";
import { formatShape } from "../core/tensor/shape";
import { bindArgs } from "../core/ops/reduce";
import { _resetScopes } from "./variable_scope";

type ShapeArg = readonly (number | null)[] | null | undefined;

/**
 * `tf.compat.v1.placeholder(dtype, shape=None, name=None)`; also `placeholder(tf.float32, { shape: [1, 1], name: "x" })`.
 * Unknown dimensions are `null` (Python's `None`). Only while a graph is being built.
 */
export function placeholder(dtype: DTypeLike, shape?: ShapeArg | { shape?: ShapeArg; name?: string }, name?: string | { name?: string }): Tensor {
  const o = bindArgs("placeholder", ["shape", "name"], [shape, name]);
  if (dtype == null) {
    throw new TypeError(msg("placeholder() missing 1 required positional argument: 'dtype'.", "placeholder()에 필수 인자 'dtype'이 없습니다. 예: tf.compat.v1.placeholder(tf.float32, [null, 784])"));
  }
  const d = asDType(dtype);
  if (!currentGraph()) {
    // The graph placeholder throws TF's eager error; check here first so nothing is created.
    return graphPlaceholder(d, o.shape ?? [], o.name);
  }
  return graphPlaceholder(d, o.shape === undefined ? null : o.shape, o.name);
}

defineOp({
  name: "PlaceholderWithDefault",
  infer([x], { shape }) {
    const s = shape as (number | null)[];
    const ok = s.length === x.shape.length && s.every((d, i) => d === null || x.shape[i] === null || d === x.shape[i]);
    if (!ok) {
      throw new InvalidArgumentError(msg(
        `PlaceholderWithDefault: the default value's shape ${formatShape(x.shape)} is not compatible with the placeholder shape ${formatShape(s)}.`,
        `PlaceholderWithDefault: 기본값의 형태 ${formatShape(x.shape)}가 플레이스홀더 형태 ${formatShape(s)}와 맞지 않습니다.`,
      ));
    }
    // Executing (eager, or a graph run), the value's own shape; while building, the declared one.
    return [{ shape: (x._source ? s : x.shape) as number[], dtype: x.dtype }];
  },
  grad: (dys) => [dys[0]],
});
registerKernel("cpu", "PlaceholderWithDefault", (inputs) => [inputs[0]._handle]);

/**
 * `tf.compat.v1.placeholder_with_default(input, shape, name=None)`: `input` unless fed.
 * `shape` may be less specific than `input`'s (e.g. `[null, 2]`).
 */
export function placeholder_with_default(input: TensorLike, shape: ShapeArg | { shape?: ShapeArg; name?: string }, name?: string | { name?: string }): Tensor {
  const o = bindArgs("placeholder_with_default", ["shape", "name"], [shape, name]);
  const x = toTensor(input, "placeholder_with_default");
  const s = o.shape === undefined || o.shape === null ? x.shape : (o.shape as (number | null)[]).map((d) => (d === -1 ? null : d));
  return runOp("PlaceholderWithDefault", [x], { shape: s, dtype: x.dtype }, o.name ?? "PlaceholderWithDefault")[0];
}

// ---------------------------------------------------------------- graph mode switches
/** `tf.compat.v1.disable_eager_execution()`: ops build the default graph until re-enabled. */
export function disable_eager_execution(): void { ctx.eager = false; }
/** `tf.compat.v1.enable_eager_execution(config=None, device_policy=None, execution_mode=None)` */
export function enable_eager_execution(..._args: unknown[]): void { ctx.eager = true; }
/** `tf.compat.v1.disable_v2_behavior()`: here, disables eager execution (the part that matters). */
export function disable_v2_behavior(): void { disable_eager_execution(); }
/** `tf.compat.v1.enable_v2_behavior()` */
export function enable_v2_behavior(): void { enable_eager_execution(); }
/** `tf.compat.v1.executing_eagerly_outside_functions()` */
export function executing_eagerly_outside_functions(): boolean { return ctx.eager; }

/** `tf.compat.v1.get_default_graph()` */
export function get_default_graph(): Graph { return getDefaultGraph(); }
/** `tf.compat.v1.reset_default_graph()`: a fresh default graph (variables and collections start empty). */
export function reset_default_graph(): void {
  resetDefaultGraph();
  _resetScopes();
}
