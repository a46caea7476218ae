/**
 * `tf.compat.v1.layers`: the functional TF1 layers built on `get_variable`, so variables are
 * named `<scope>/kernel`, `<scope>/bias` and shared with `reuse` like TF1 (`dense`, `dense_1`, ...).
 */
import { Tensor } from "../core/tensor/tensor";
import { InvalidArgumentError, msg } from "../core/errors";
import { TensorLike, toTensor } from "../core/ops/convert";
import { matmul, tensordot } from "../core/ops/matmul";
import { reshape } from "../core/ops/array";
import { bias_add } from "../core/ops/nn";
import { bindArgs } from "../core/ops/reduce";
import { formatShape } from "../core/tensor/shape";
import { variable_scope, get_variable, ReuseFlag } from "./variable_scope";
import { InitializerLike, zeros_initializer, glorot_uniform_initializer } from "./initializers";
import { dropout as v1dropout } from "./v1_ops";
import { where as whereOp } from "../core/ops/math";

const DENSE_KEYS = [
  "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
  "activity_regularizer", "kernel_constraint", "bias_constraint", "trainable", "name", "reuse",
] as const;

export interface DenseOptions {
  activation?: ((x: Tensor) => Tensor) | null;
  use_bias?: boolean;
  kernel_initializer?: InitializerLike | null;
  bias_initializer?: InitializerLike | null;
  kernel_regularizer?: ((w: Tensor) => Tensor | null) | null;
  bias_regularizer?: ((w: Tensor) => Tensor | null) | null;
  activity_regularizer?: unknown;
  kernel_constraint?: ((v: Tensor) => Tensor) | null;
  bias_constraint?: ((v: Tensor) => Tensor) | null;
  trainable?: boolean;
  name?: string | null;
  reuse?: ReuseFlag;
}

/**
 * `tf.compat.v1.layers.dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
 * bias_initializer=zeros_initializer(), ..., trainable=True, name=None, reuse=None)`:
 * `activation(inputs @ kernel + bias)` with `kernel` of shape [last dim of inputs, units].
 */
export function dense(inputs: TensorLike, units: number | (DenseOptions & { units?: number }), ...rest: unknown[]): Tensor {
  const o = bindArgs("dense", ["units", ...DENSE_KEYS], [units, ...rest], ["units", ...DENSE_KEYS]);
  const x = toTensor(inputs, "dense");
  const n = o.units;
  if (!Number.isInteger(n) || n <= 0) {
    throw new InvalidArgumentError(msg(
      `dense: units must be a positive integer, got ${String(n)}.`,
      `dense: units는 양의 정수여야 하는데 ${String(n)}입니다.`,
    ));
  }
  const inDim = x.shape[x.rank - 1];
  if (x.rank < 2 || inDim === null) {
    throw new InvalidArgumentError(msg(
      `The last dimension of the inputs to \`Dense\` should be defined. Found \`None\`. (inputs shape ${formatShape(x.shape)})`,
      `\`Dense\`의 입력은 마지막 차원이 정해져 있어야 하는데 None입니다 (입력 형태 ${formatShape(x.shape)}).`,
    ));
  }
  return variable_scope(o.name ?? null, { default_name: "dense", reuse: o.reuse }, () => {
    const kernel = get_variable("kernel", {
      shape: [inDim, n], dtype: x.dtype, initializer: o.kernel_initializer ?? glorot_uniform_initializer(),
      regularizer: o.kernel_regularizer ?? null, trainable: o.trainable ?? true, constraint: o.kernel_constraint ?? null,
    });
    let y = x.rank === 2 ? matmul(x, kernel) : tensordot(x, kernel, [[x.rank - 1], [0]]);
    if (o.use_bias ?? true) {
      const bias = get_variable("bias", {
        shape: [n], dtype: x.dtype, initializer: o.bias_initializer ?? zeros_initializer(),
        regularizer: o.bias_regularizer ?? null, trainable: o.trainable ?? true, constraint: o.bias_constraint ?? null,
      });
      y = bias_add(y, bias);
    }
    return o.activation ? o.activation(y) : y;
  });
}

/**
 * `tf.compat.v1.layers.dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None)`:
 * identity unless `training` (a boolean or a bool placeholder).
 */
export function dropout(inputs: TensorLike, rate?: number | Record<string, unknown>, ...rest: unknown[]): Tensor {
  const o = bindArgs("dropout", ["rate", "noise_shape", "seed", "training", "name"], [rate, ...rest]);
  const x = toTensor(inputs, "dropout");
  const r = o.rate ?? 0.5;
  const training = o.training ?? false;
  if (training === false) return x;
  const dropped = v1dropout(x, null, o.noise_shape ?? null, o.seed ?? null, o.name, r);
  if (training === true) return dropped;
  // A bool tensor: choose at run time.
  return whereOp(training as Tensor, dropped, x);
}

/** `tf.compat.v1.layers.flatten(inputs, name=None, data_format='channels_last')`: [batch, rest]. */
export function flatten(inputs: TensorLike, name?: string | Record<string, unknown>, data_format?: string): Tensor {
  const o = bindArgs("flatten", ["name", "data_format"], [name, data_format]);
  const x = toTensor(inputs, "flatten");
  if (x.rank < 1) throw new InvalidArgumentError(msg("flatten: inputs must have a batch dimension.", "flatten: 입력에 배치 차원이 있어야 합니다."));
  const rest = x.shape.slice(1);
  const n = rest.every((d) => d !== null) ? rest.reduce((a, b) => a * b, 1) : -1;
  return reshape(x, [-1, n === -1 ? -1 : n], o.name);
}
