/**
 * `tf.keras.activations`: activation functions by name or as functions (`"relu"`, `tf.nn.relu`).
 * Serialisation maps functions back to Keras's names, so `tf.nn.relu` saves as "relu".
 */
import type { Tensor } from "../core/tensor/tensor";
import type { TensorLike } from "../core/ops/convert";
import { toTensor } from "../core/ops/convert";
import * as nn from "../core/ops/nn";
import * as m from "../core/ops/math";
import { InvalidArgumentError, msg, nearest } from "../core/errors";

export type ActivationFn = (x: Tensor) => Tensor;
export type ActivationIdentifier = string | ActivationFn | null | undefined;

/** `tf.keras.activations.linear` */
export function linear(x: TensorLike): Tensor { return toTensor(x, "linear"); }
/** `tf.keras.activations.relu(x, alpha=0.0, max_value=None, threshold=0.0)` */
export function relu(x: TensorLike, alpha = 0, max_value: number | null = null, threshold = 0): Tensor {
  let t = toTensor(x, "relu");
  if (alpha === 0 && max_value === null && threshold === 0) return nn.relu(t);
  if (alpha === 0 && max_value === 6 && threshold === 0) return nn.relu6(t);
  const thr = m.scalarLike(threshold, t);
  let neg: Tensor | null = null;
  if (alpha !== 0) neg = m.multiply(m.scalarLike(-alpha, t), nn.relu(m.subtract(thr, t)));
  t = threshold !== 0 ? m.where(m.greater(t, thr), t, m.zerosLike(t)) : nn.relu(t);
  if (max_value !== null) t = m.minimum(t, m.scalarLike(max_value, t));
  return neg ? m.add(t, neg) : t;
}
/** `tf.keras.activations.softmax(x, axis=-1)` */
export function softmax(x: TensorLike, axis = -1): Tensor { return nn.softmax(x, axis); }
export function log_softmax(x: TensorLike, axis = -1): Tensor { return nn.log_softmax(x, axis); }
export function sigmoid(x: TensorLike): Tensor { return m.sigmoid(x); }
export function tanh(x: TensorLike): Tensor { return m.tanh(x); }
export function elu(x: TensorLike, alpha = 1.0): Tensor {
  const t = toTensor(x, "elu");
  if (alpha === 1) return nn.elu(t);
  return m.where(m.greater(t, m.zerosLike(t)), t, m.multiply(m.scalarLike(alpha, t), nn.elu(m.minimum(t, m.zerosLike(t)))));
}
export function selu(x: TensorLike): Tensor { return nn.selu(x); }
export function softplus(x: TensorLike): Tensor { return m.softplus(x); }
export function softsign(x: TensorLike): Tensor { return m.softsign(x); }
export function exponential(x: TensorLike): Tensor { return m.exp(x); }
/** `hard_sigmoid`: Keras 2's piecewise form clip(0.2 x + 0.5, 0, 1). */
export function hard_sigmoid(x: TensorLike): Tensor {
  const t = toTensor(x, "hard_sigmoid");
  return m.clip_by_value(m.add(m.multiply(t, m.scalarLike(0.2, t)), m.scalarLike(0.5, t)), 0, 1);
}
/** `swish(x) = x * sigmoid(x)` (also `silu`). */
export function swish(x: TensorLike): Tensor { return nn.silu(x); }
export function gelu(x: TensorLike, approximate = false): Tensor { return nn.gelu(x, approximate); }
/** `mish(x) = x * tanh(softplus(x))` */
export function mish(x: TensorLike): Tensor { const t = toTensor(x, "mish"); return m.multiply(t, m.tanh(m.softplus(t))); }

const BY_NAME: Record<string, ActivationFn> = {
  linear, relu: (x) => relu(x), softmax: (x) => softmax(x), log_softmax: (x) => log_softmax(x), sigmoid, tanh, elu: (x) => elu(x), selu,
  softplus, softsign, exponential, hard_sigmoid, swish, silu: swish, gelu: (x) => gelu(x), mish, relu6: (x) => nn.relu6(x),
};
/** Functions that serialise under a Keras name (ours and tf.nn's / tf.math's). */
const NAME_OF = new Map<unknown, string>([
  [linear, "linear"], [relu, "relu"], [softmax, "softmax"], [log_softmax, "log_softmax"], [sigmoid, "sigmoid"], [tanh, "tanh"], [elu, "elu"],
  [selu, "selu"], [softplus, "softplus"], [softsign, "softsign"], [exponential, "exponential"], [hard_sigmoid, "hard_sigmoid"],
  [swish, "swish"], [gelu, "gelu"], [mish, "mish"],
  [nn.relu, "relu"], [nn.softmax, "softmax"], [nn.log_softmax, "log_softmax"], [nn.elu, "elu"], [nn.selu, "selu"], [nn.silu, "swish"],
  [nn.gelu, "gelu"], [nn.relu6, "relu6"], [nn.sigmoid, "sigmoid"], [nn.tanh, "tanh"], [nn.softplus, "softplus"], [nn.softsign, "softsign"],
  [m.sigmoid, "sigmoid"], [m.tanh, "tanh"], [m.exp, "exponential"], [m.softplus, "softplus"], [m.softsign, "softsign"],
]);
for (const [k, f] of Object.entries(BY_NAME)) if (!NAME_OF.has(f)) NAME_OF.set(f, k);

/** Softmax over the last axis in any of its spellings: losses then use the logits (Keras does the same). */
export function isSoftmax(fn: unknown): boolean {
  return fn === softmax || fn === nn.softmax || fn === BY_NAME.softmax;
}

/** relu in any of its spellings (Dense then fuses it into its product: _FusedMatMul). */
export function isRelu(fn: unknown): boolean {
  return fn === relu || fn === nn.relu || fn === BY_NAME.relu;
}

/** Logits that produced a softmax output, so crossentropy can skip the round trip through log. */
export const softmaxLogits = new WeakMap<Tensor, Tensor>();

/** Applies `fn`, remembering the logits when it is a softmax. */
export function applyActivation(fn: ActivationFn, x: Tensor): Tensor {
  const y = fn(x);
  if (isSoftmax(fn)) softmaxLogits.set(y, x);
  return y;
}

const custom = new Map<string, ActivationFn>();
export function registerActivation(name: string, fn: ActivationFn): void { custom.set(name, fn); NAME_OF.set(fn, name); }

/** `tf.keras.activations.get(identifier)` */
export function get(identifier: ActivationIdentifier): ActivationFn {
  if (identifier == null) return linear as ActivationFn;
  if (typeof identifier === "function") return identifier;
  if (typeof identifier === "string") {
    const f = BY_NAME[identifier] ?? custom.get(identifier);
    if (f) return f;
    const near = nearest(identifier, [...Object.keys(BY_NAME), ...custom.keys()]);
    throw new InvalidArgumentError(msg(
      `Unknown activation function: '${identifier}'.${near ? ` Did you mean '${near}'?` : ""} Known: ${Object.keys(BY_NAME).join(", ")}.`,
      `알 수 없는 활성화 함수 '${identifier}'입니다.${near ? ` '${near}'을(를) 의도하셨나요?` : ""} 가능한 값: ${Object.keys(BY_NAME).join(", ")}.`,
    ));
  }
  if (typeof identifier === "object" && identifier !== null && typeof (identifier as { class_name?: string }).class_name === "string") {
    return get((identifier as { class_name: string }).class_name);
  }
  throw new InvalidArgumentError(msg(`Could not interpret activation function identifier: ${String(identifier)}`, `활성화 함수 식별자를 해석할 수 없습니다: ${String(identifier)}`));
}

/** `tf.keras.activations.serialize(fn)`: Keras's name, or the function's own name. */
export function serialize(fn: ActivationFn): string {
  return NAME_OF.get(fn) ?? (fn.name && fn.name !== "anonymous" ? fn.name : "custom_activation");
}
export function deserialize(name: string): ActivationFn { return get(name); }
