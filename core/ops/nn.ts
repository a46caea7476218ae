/**
 * `tf.nn`: activations, softmax family, fused cross-entropy losses, moments, bias_add, l2 ops,
 * dropout. Fused ops have numerically stable kernels (softmax subtracts the max, cross-entropy
 * goes through log-softmax) and gradients written with ops.
 */
import { Tensor } from "../tensor/tensor";
import { bool, float32, float64, int32, int64 } from "../tensor/dtypes";
import { formatShape, normAxis, normAxes, shapesEqual } from "../tensor/shape";
import { defineOp, runOp, dtypeMismatch, GradFn, buildingGraph, hasKernel } from "../engine/engine";
import { TensorLike, toTensor } from "./convert";
import { InvalidArgumentError, msg } from "../errors";
import {
  add, subtract, multiply, divide, where, greater, less, logical_and, zerosLike, onesLike, scalarLike, exp, erf,
  tanh as tanhOp, sigmoid as sigmoidOp, softplus as softplusOp, softsign as softsignOp, negative, square, rsqrt,
  maximum, log1p, abs, cast, pow,
} from "./math";
import { bindArgs, isOptions, requireKinds, toKeepDims, reducedShape } from "./reduce";
import { uniform, random_uniform_like, get_seed, uniformSeedAttrs } from "./random";

const FLOAT = "f", FLOAT_WHAT = "floating-point types (float16, float32, float64)";
const REAL = "fiu", REAL_WHAT = "real numeric types (no bool, complex or string)";

function unaryNN(name: string, kinds: string, what: string, grad: GradFn): void {
  defineOp({
    name,
    infer([x]) { requireKinds(name, x.dtype, kinds, what); return [{ shape: x.shape, dtype: x.dtype }]; },
    grad,
  });
}
function run1(op: string, fn: string, x: TensorLike, name: unknown, attrs: object = {}): Tensor {
  const o = bindArgs(fn, ["name"], [name]);
  return runOp(op, [toTensor(x, fn)], attrs, o.name)[0];
}

// ---------------------------------------------------------------- activations
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

// ReluGrad(gradients, features): the gradient passes where the features are positive (TF's op;
// one fused kernel on the Dense+relu hot path). Its own gradient is ReluGrad again (linear in dy).
defineOp({
  name: "ReluGrad",
  infer([g, f]) {
    if (g.dtype !== f.dtype) throw dtypeMismatch("ReluGrad", 1, g.dtype, f.dtype);
    return [{ shape: f.shape, dtype: f.dtype }];
  },
  grad(dys, [, f]) { return [runOp("ReluGrad", [dys[0]!, f], {})[0], null]; },
});
unaryNN("Relu", REAL, REAL_WHAT, (dys, _x, [y]) => [runOp("ReluGrad", [dys[0]!, y], {})[0]]);
unaryNN("Relu6", REAL, REAL_WHAT, (dys, [x]) => {
  const pass = logical_and(greater(x, zerosLike(x)), less(x, scalarLike(6, x)));
  return [where(pass, dys[0]!, zerosLike(dys[0]!))];
});
unaryNN("Elu", FLOAT, FLOAT_WHAT, (dys, _x, [y]) => {
  const dy = dys[0]!;
  return [where(greater(y, zerosLike(y)), dy, multiply(dy, add(y, onesLike(y))))];
});
unaryNN("Selu", FLOAT, FLOAT_WHAT, (dys, _x, [y]) => {
  const dy = dys[0]!;
  return [where(greater(y, zerosLike(y)), multiply(dy, scalarLike(SELU_SCALE, y)), multiply(dy, add(y, scalarLike(SELU_SCALE * SELU_ALPHA, y))))];
});
unaryNN("LeakyRelu", FLOAT, FLOAT_WHAT, (dys, [x], _y, { alpha }) => {
  const dy = dys[0]!;
  return [where(greater(x, zerosLike(x)), dy, multiply(dy, scalarLike(alpha, dy)))];
});

/** `tf.nn.relu(features, name=None)` */
export function relu(features: TensorLike, name?: string | { name?: string }): Tensor { return run1("Relu", "relu", features, name); }
/** `tf.nn.relu6(features, name=None)`: min(max(x, 0), 6). */
export function relu6(features: TensorLike, name?: string | { name?: string }): Tensor { return run1("Relu6", "relu6", features, name); }
/** `tf.nn.elu(features, name=None)`: x if x > 0 else exp(x) - 1. */
export function elu(features: TensorLike, name?: string | { name?: string }): Tensor { return run1("Elu", "elu", features, name); }
/** `tf.nn.selu(features, name=None)`: scale * (x if x > 0 else alpha * (exp(x) - 1)). */
export function selu(features: TensorLike, name?: string | { name?: string }): Tensor { return run1("Selu", "selu", features, name); }
/** `tf.nn.leaky_relu(features, alpha=0.2, name=None)` */
export function leaky_relu(features: TensorLike, alpha?: number | { alpha?: number; name?: string }, name?: string | { name?: string }): Tensor {
  const o = bindArgs("leaky_relu", ["alpha", "name"], [alpha, name]);
  const a = o.alpha ?? 0.2;
  if (typeof a !== "number") {
    throw new InvalidArgumentError(msg(`leaky_relu: alpha must be a number, got ${typeof a}.`, `leaky_relu: alpha는 숫자여야 하는데 ${typeof a}입니다.`));
  }
  return runOp("LeakyRelu", [toTensor(features, "leaky_relu")], { alpha: a }, o.name)[0];
}
/**
 * `tf.nn.gelu(features, approximate=False, name=None)`: x * Phi(x) (exact, with erf) or the tanh
 * approximation. Built from ops, so its gradient comes from theirs.
 */
export function gelu(features: TensorLike, approximate?: boolean | { approximate?: boolean; name?: string }, name?: string | { name?: string }): Tensor {
  const o = bindArgs("gelu", ["approximate", "name"], [approximate, name]);
  const x = toTensor(features, "gelu");
  requireKinds("gelu", x.dtype, FLOAT, FLOAT_WHAT);
  const half = scalarLike(0.5, x), one = onesLike(x);
  if (o.approximate) {
    const inner = multiply(scalarLike(0.7978845608028654, x), add(x, multiply(scalarLike(0.044715, x), pow(x, scalarLike(3, x)))));
    return multiply(multiply(half, x), add(one, tanhOp(inner)), o.name);
  }
  return multiply(multiply(half, x), add(one, erf(multiply(x, scalarLike(Math.SQRT1_2, x)))), o.name);
}
/** `tf.nn.silu(features, beta=1.0)` (also `tf.nn.swish`): x * sigmoid(beta * x). */
export function silu(features: TensorLike, beta?: number | { beta?: number; name?: string }): Tensor {
  const o = bindArgs("silu", ["beta", "name"], [beta]);
  const x = toTensor(features, "silu");
  const b = o.beta ?? 1;
  return multiply(x, sigmoidOp(b === 1 ? x : multiply(x, scalarLike(b, x))), o.name);
}
/** `tf.math.log_sigmoid(x, name=None)`: -softplus(-x), stable for large |x|. */
export function log_sigmoid(x: TensorLike, name?: string | { name?: string }): Tensor {
  const o = bindArgs("log_sigmoid", ["name"], [name]);
  return negative(softplusOp(negative(toTensor(x, "log_sigmoid"))), o.name);
}
/** `tf.nn.sigmoid(x, name=None)` */
export function sigmoid(x: TensorLike, name?: string | { name?: string }): Tensor { return sigmoidOp(x, bindArgs("sigmoid", ["name"], [name]).name); }
/** `tf.nn.tanh(x, name=None)` */
export function tanh(x: TensorLike, name?: string | { name?: string }): Tensor { return tanhOp(x, bindArgs("tanh", ["name"], [name]).name); }
/** `tf.nn.softplus(features, name=None)`: log(exp(x) + 1), stable. */
export function softplus(features: TensorLike, name?: string | { name?: string }): Tensor { return softplusOp(features, bindArgs("softplus", ["name"], [name]).name); }
/** `tf.nn.softsign(features, name=None)`: x / (|x| + 1). */
export function softsign(features: TensorLike, name?: string | { name?: string }): Tensor { return softsignOp(features, bindArgs("softsign", ["name"], [name]).name); }

// ---------------------------------------------------------------- softmax family
/** Sum over `axis`, keeping it (for gradients). */
function sumKeep(t: Tensor, axis: number): Tensor {
  return runOp("Sum", [t], { axis: [axis], keepdims: true })[0];
}

function softmaxInfer(name: string) {
  return ([x]: Tensor[], { axis }: { axis: number }) => {
    requireKinds(name, x.dtype, FLOAT, FLOAT_WHAT);
    if (x.rank < 1) {
      throw new InvalidArgumentError(msg(
        `${name}: logits must have rank >= 1, got a scalar. Softmax needs a class axis.`,
        `${name}: logits는 랭크 1 이상이어야 하는데 스칼라입니다. softmax에는 클래스 축이 필요합니다.`,
      ));
    }
    if (!(axis >= 0 && axis < x.rank)) throw new InvalidArgumentError(`${name}: axis ${axis} out of range for rank ${x.rank}`);
    return [{ shape: x.shape, dtype: x.dtype }];
  };
}
// The ops take the class axis as an attribute (TF's kernels use the last axis and transpose around it).
defineOp({
  name: "Softmax",
  infer: softmaxInfer("Softmax"),
  grad(dys, _x, [y], { axis }) {
    const dy = dys[0]!;
    return [multiply(subtract(dy, sumKeep(multiply(dy, y), axis)), y)];
  },
});
defineOp({
  name: "LogSoftmax",
  infer: softmaxInfer("LogSoftmax"),
  grad(dys, _x, [y], { axis }) {
    const dy = dys[0]!;
    return [subtract(dy, multiply(exp(y), sumKeep(dy, axis)))];
  },
});

type SoftmaxOpts = { axis?: number | null; name?: string };
function softmaxCall(op: string, fn: string, logits: TensorLike, axis: unknown, name: unknown): Tensor {
  const o = bindArgs(fn, ["axis", "name"], [axis, name]);
  const x = toTensor(logits, fn);
  const ax = o.axis ?? -1;
  if (!Number.isInteger(ax)) {
    throw new InvalidArgumentError(msg(`${fn}: axis must be an integer, got ${JSON.stringify(ax)}.`, `${fn}: axis는 정수여야 하는데 ${JSON.stringify(ax)}입니다.`));
  }
  if (x.rank === 0) softmaxInfer(op)([x], { axis: 0 });
  return runOp(op, [x], { axis: normAxis(fn, ax, x.rank) }, o.name)[0];
}
/** `tf.nn.softmax(logits, axis=None, name=None)` (axis None means -1). */
export function softmax(logits: TensorLike, axis?: number | null | SoftmaxOpts, name?: string | SoftmaxOpts): Tensor {
  return softmaxCall("Softmax", "softmax", logits, axis, name);
}
/** `tf.nn.log_softmax(logits, axis=None, name=None)` */
export function log_softmax(logits: TensorLike, axis?: number | null | SoftmaxOpts, name?: string | SoftmaxOpts): Tensor {
  return softmaxCall("LogSoftmax", "log_softmax", logits, axis, name);
}

// ---------------------------------------------------------------- cross-entropy
/**
 * SoftmaxCrossEntropyWithLogits(features, labels) -> [loss, backprop] with the class axis as an
 * attribute; loss = -sum(labels * log_softmax(features)), backprop = softmax(features) - labels.
 */
defineOp({
  name: "SoftmaxCrossEntropyWithLogits",
  infer([x, labels], { axis }) {
    requireKinds("SoftmaxCrossEntropyWithLogits", x.dtype, FLOAT, FLOAT_WHAT);
    if (labels.dtype !== x.dtype) throw dtypeMismatch("SoftmaxCrossEntropyWithLogits", 1, x.dtype, labels.dtype);
    const same = labels.rank === x.rank && labels.shape.every((d, i) => d === null || x.shape[i] === null || d === x.shape[i]);
    if (!same) {
      throw new InvalidArgumentError(msg(
        `softmax_cross_entropy_with_logits: logits and labels must be same size: logits_size=${formatShape(x.shape)} labels_size=${formatShape(labels.shape)}. ` +
        `Labels here are one-hot (or probabilities) shaped like the logits; for integer class ids use tf.nn.sparse_softmax_cross_entropy_with_logits.`,
        `softmax_cross_entropy_with_logits: logits와 labels의 형태가 같아야 합니다: logits ${formatShape(x.shape)}, labels ${formatShape(labels.shape)}. ` +
        `이 함수의 labels는 logits와 같은 형태의 원-핫(또는 확률)입니다. 정수 클래스 번호라면 tf.nn.sparse_softmax_cross_entropy_with_logits를 쓰세요.`,
      ));
    }
    if (x.rank < 1) throw new InvalidArgumentError(msg("softmax_cross_entropy_with_logits: logits must have rank >= 1.", "softmax_cross_entropy_with_logits: logits는 랭크 1 이상이어야 합니다."));
    const shape = x.shape.map((d, i) => d ?? labels.shape[i]);
    return [{ shape: reducedShape(shape, [axis], false), dtype: x.dtype }, { shape, dtype: x.dtype }];
  },
  grad(dys, [x, labels], [, backprop], { axis }) {
    let dx: Tensor | null = null, dl: Tensor | null = null;
    if (dys[0]) {
      const g = toKeepDims(dys[0], x, [axis], false);
      dx = multiply(g, backprop);
      dl = multiply(g, negative(runOp("LogSoftmax", [x], { axis })[0]));
    }
    if (dys[1]) {
      // backprop = softmax(x) - labels, and softmax(x) = backprop + labels.
      const s = add(backprop, labels), g = dys[1];
      const t = multiply(subtract(g, sumKeep(multiply(g, s), axis)), s);
      dx = dx ? add(dx, t) : t;
      dl = dl ? subtract(dl, g) : negative(g);
    }
    return [dx, dl];
  },
});

defineOp({
  name: "SparseSoftmaxCrossEntropyWithLogits",
  infer([x, labels]) {
    requireKinds("SparseSoftmaxCrossEntropyWithLogits", x.dtype, FLOAT, FLOAT_WHAT);
    if (labels.dtype !== int32 && labels.dtype !== int64) {
      throw new InvalidArgumentError(msg(
        `sparse_softmax_cross_entropy_with_logits: labels must be int32 or int64 class ids, got ${labels.dtype.name}. ` +
        `Cast them (tf.cast(labels, tf.int32)); for one-hot labels use tf.nn.softmax_cross_entropy_with_logits.`,
        `sparse_softmax_cross_entropy_with_logits: labels는 int32 또는 int64 클래스 번호여야 하는데 ${labels.dtype.name}입니다. ` +
        `tf.cast(labels, tf.int32)로 바꾸세요. 원-핫 레이블이라면 tf.nn.softmax_cross_entropy_with_logits를 쓰세요.`,
      ));
    }
    const ok = x.rank >= 1 && labels.rank === x.rank - 1 &&
      labels.shape.every((d, i) => d === null || x.shape[i] === null || d === x.shape[i]);
    if (!ok) {
      throw new InvalidArgumentError(msg(
        `sparse_softmax_cross_entropy_with_logits: labels shape ${formatShape(labels.shape)} must equal logits shape ${formatShape(x.shape)} without its last dimension ` +
        `(labels are class ids, one per row of logits).`,
        `sparse_softmax_cross_entropy_with_logits: labels 형태 ${formatShape(labels.shape)}는 logits 형태 ${formatShape(x.shape)}에서 마지막 차원을 뺀 것과 같아야 합니다 ` +
        `(labels는 logits의 행마다 하나씩인 클래스 번호입니다).`,
      ));
    }
    const shape = x.shape.map((d, i) => d ?? (i < labels.rank ? labels.shape[i] : null));
    return [{ shape: shape.slice(0, -1), dtype: x.dtype }, { shape, dtype: x.dtype }];
  },
  grad(dys, [x], [, backprop]) {
    const axis = x.rank - 1;
    let dx: Tensor | null = null;
    if (dys[0]) dx = multiply(toKeepDims(dys[0], x, [axis], false), backprop);
    if (dys[1]) {
      const s = runOp("Softmax", [x], { axis })[0], g = dys[1];
      const t = multiply(subtract(g, sumKeep(multiply(g, s), axis)), s);
      dx = dx ? add(dx, t) : t;
    }
    return [dx, null];
  },
});

/** Reads TF2's (labels, logits, ..., name) given positionally or as one options object. */
function lossArgs(fn: string, names: string[], args: unknown[]): Record<string, any> {
  const o = isOptions(args[0]) ? bindArgs(fn, names, [args[0]]) : bindArgs(fn, names, args);
  if (o.labels == null || o.logits == null) {
    throw new InvalidArgumentError(msg(
      `${fn}: both labels and logits are required, e.g. ${fn}({ labels, logits }).`,
      `${fn}: labels와 logits가 모두 필요합니다. 예: ${fn}({ labels, logits }).`,
    ));
  }
  return o;
}
type CEOpts = { labels?: TensorLike; logits?: TensorLike; axis?: number; name?: string };

/**
 * `tf.nn.softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None)`: per-example
 * cross-entropy between probability rows `labels` and unnormalised `logits`. Gradients flow to
 * both (TF2 semantics).
 */
export function softmax_cross_entropy_with_logits(labels: TensorLike | CEOpts, logits?: TensorLike, axis?: number, name?: string): Tensor {
  const o = lossArgs("softmax_cross_entropy_with_logits", ["labels", "logits", "axis", "name"], [labels, logits, axis, name]);
  const lg = toTensor(o.logits, "softmax_cross_entropy_with_logits");
  const lb = toTensor(o.labels, "softmax_cross_entropy_with_logits", lg.dtype);
  const ax = o.axis ?? -1;
  if (lg.rank === 0) throw new InvalidArgumentError(msg("softmax_cross_entropy_with_logits: logits must have rank >= 1.", "softmax_cross_entropy_with_logits: logits는 랭크 1 이상이어야 합니다."));
  return runOp("SoftmaxCrossEntropyWithLogits", [lg, lb], { axis: normAxis("softmax_cross_entropy_with_logits", ax, lg.rank) }, o.name)[0];
}

/**
 * `tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits, name=None)`: labels are int
 * class ids of shape logits.shape[:-1]. Out-of-range ids raise like TF on CPU.
 */
export function sparse_softmax_cross_entropy_with_logits(labels: TensorLike | CEOpts, logits?: TensorLike, name?: string): Tensor {
  const o = lossArgs("sparse_softmax_cross_entropy_with_logits", ["labels", "logits", "name"], [labels, logits, name]);
  const lg = toTensor(o.logits, "sparse_softmax_cross_entropy_with_logits");
  const lb = toTensor(o.labels, "sparse_softmax_cross_entropy_with_logits", int32);
  return runOp("SparseSoftmaxCrossEntropyWithLogits", [lg, lb], {}, o.name)[0];
}

/**
 * `tf.nn.sigmoid_cross_entropy_with_logits(labels, logits, name=None)`:
 * max(x, 0) - x * z + log(1 + exp(-|x|)), TF's stable form (built from ops).
 */
export function sigmoid_cross_entropy_with_logits(labels: TensorLike | CEOpts, logits?: TensorLike, name?: string): Tensor {
  const o = lossArgs("sigmoid_cross_entropy_with_logits", ["labels", "logits", "name"], [labels, logits, name]);
  const x = toTensor(o.logits, "sigmoid_cross_entropy_with_logits");
  const z = toTensor(o.labels, "sigmoid_cross_entropy_with_logits", x.dtype);
  if (z.dtype !== x.dtype) throw dtypeMismatch("sigmoid_cross_entropy_with_logits", 1, x.dtype, z.dtype);
  const same = z.rank === x.rank && z.shape.every((d, i) => d === null || x.shape[i] === null || d === x.shape[i]);
  if (!same) {
    throw new InvalidArgumentError(msg(
      `sigmoid_cross_entropy_with_logits: logits and labels must have the same shape (${formatShape(x.shape)} vs ${formatShape(z.shape)}).`,
      `sigmoid_cross_entropy_with_logits: logits와 labels의 형태가 같아야 합니다 (${formatShape(x.shape)} vs ${formatShape(z.shape)}).`,
    ));
  }
  const zeros = zerosLike(x);
  const relu = where(greater(x, zeros), x, zeros);
  return add(subtract(relu, multiply(x, z)), log1p(exp(negative(abs(x)))), o.name);
}

/**
 * `tf.nn.weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=None)`:
 * (1 - z) * x + (1 + (q - 1) * z) * log(1 + exp(-x)), stably.
 */
export function weighted_cross_entropy_with_logits(labels: TensorLike | (CEOpts & { pos_weight?: TensorLike }), logits?: TensorLike, pos_weight?: TensorLike, name?: string): Tensor {
  const o = lossArgs("weighted_cross_entropy_with_logits", ["labels", "logits", "pos_weight", "name"], [labels, logits, pos_weight, name]);
  const x = toTensor(o.logits, "weighted_cross_entropy_with_logits");
  const z = toTensor(o.labels, "weighted_cross_entropy_with_logits", x.dtype);
  const q = toTensor(o.pos_weight ?? 1, "weighted_cross_entropy_with_logits", x.dtype);
  const one = onesLike(x);
  const lw = add(one, multiply(subtract(q, scalarLike(1, q)), z));
  const zeros = zerosLike(x);
  const sp = add(log1p(exp(negative(abs(x)))), where(greater(negative(x), zeros), negative(x), zeros));
  return add(multiply(subtract(one, z), x), multiply(lw, sp), o.name);
}

// ---------------------------------------------------------------- moments, l2, bias_add
type MomentsOpts = { axes?: number | number[]; shift?: unknown; keepdims?: boolean; name?: string; keep_dims?: boolean };
/**
 * `tf.nn.moments(x, axes, shift=None, keepdims=False, name=None)` -> `[mean, variance]`
 * (variance is the biased, population variance, like TF).
 */
export function moments(x: TensorLike, axes?: number | number[] | MomentsOpts, shift?: unknown, keepdims?: boolean | MomentsOpts, name?: string | MomentsOpts): [Tensor, Tensor] {
  const o = bindArgs("moments", ["axes", "shift", "keepdims", "name"], [axes, shift, keepdims, name], ["axes", "shift", "keepdims", "name", "keep_dims"]);
  const t = toTensor(x, "moments");
  if (o.axes == null) {
    throw new InvalidArgumentError(msg("moments: axes is required (a list of axes to compute the mean and variance over).", "moments: axes가 필요합니다 (평균과 분산을 계산할 축 목록)."));
  }
  requireKinds("moments", t.dtype, FLOAT, FLOAT_WHAT);
  const ax = normAxes("moments", o.axes, t.rank);
  const keep = !!(o.keepdims ?? o.keep_dims);
  const mean = runOp("Mean", [t], { axis: ax, keepdims: true })[0];
  // As in TF: the variance sees the mean through stop_gradient (that path's gradient is zero anyway).
  const fixedMean = runOp("StopGradient", [mean], {})[0];
  const variance = runOp("Mean", [runOp("SquaredDifference", [t, fixedMean], {})[0]], { axis: ax, keepdims: true })[0];
  if (keep) return [mean, variance];
  const s = reducedShape(t.shape, ax, false).map((d) => d ?? -1);
  return [runOp("Reshape", [mean], { shape: s })[0], runOp("Reshape", [variance], { shape: s })[0]];
}

defineOp({
  name: "L2Loss",
  infer([x]) { requireKinds("L2Loss", x.dtype, FLOAT, FLOAT_WHAT); return [{ shape: [], dtype: x.dtype }]; },
  grad(dys, [x]) { return [multiply(x, dys[0]!)]; },
});
/** `tf.nn.l2_loss(t, name=None)`: sum(t ** 2) / 2. */
export function l2_loss(t: TensorLike, name?: string | { name?: string }): Tensor { return run1("L2Loss", "l2_loss", t, name); }

/** `tf.math.l2_normalize(x, axis=None, epsilon=1e-12, name=None)`: x / sqrt(max(sum(x**2, axis), epsilon)). */
export function l2_normalize(x: TensorLike, axis?: number | number[] | null | { axis?: number | number[]; epsilon?: number; name?: string; dim?: number | number[] }, epsilon?: number, name?: string): Tensor {
  const o = bindArgs("l2_normalize", ["axis", "epsilon", "name"], [axis, epsilon, name], ["axis", "epsilon", "name", "dim"]);
  const t = toTensor(x, "l2_normalize");
  const ax = normAxes("l2_normalize", o.axis ?? o.dim ?? null, t.rank);
  const ss = runOp("Sum", [square(t)], { axis: ax, keepdims: true })[0];
  return multiply(t, rsqrt(maximum(ss, scalarLike(o.epsilon ?? 1e-12, ss))), o.name);
}

defineOp({
  name: "BiasAdd",
  infer([v, b], { data_format }) {
    if (v.dtype !== b.dtype) throw dtypeMismatch("BiasAdd", 1, v.dtype, b.dtype);
    requireKinds("BiasAdd", v.dtype, "fiuc", "numeric types");
    if (b.rank !== 1) {
      throw new InvalidArgumentError(msg(`BiasAdd: bias must be 1-D, got shape ${formatShape(b.shape)}.`, `BiasAdd: bias는 1차원이어야 하는데 형태가 ${formatShape(b.shape)}입니다.`));
    }
    const nchw = data_format === "NCHW" || data_format === "NCW" || data_format === "NCDHW";
    if (v.rank < 2) {
      throw new InvalidArgumentError(msg(`BiasAdd: input must be at least 2-D, got shape ${formatShape(v.shape)}.`, `BiasAdd: 입력은 2차원 이상이어야 하는데 형태가 ${formatShape(v.shape)}입니다.`));
    }
    const c = v.shape[nchw ? 1 : v.rank - 1];
    if (c !== null && b.shape[0] !== null && c !== b.shape[0]) {
      throw new InvalidArgumentError(msg(
        `BiasAdd: Must provide as many biases as the ${nchw ? "channel" : "last"} dimension of the input tensor: ${formatShape(b.shape)} vs. ${formatShape(v.shape)}.`,
        `BiasAdd: bias의 길이는 입력의 ${nchw ? "채널" : "마지막"} 차원과 같아야 합니다: ${formatShape(b.shape)} vs. ${formatShape(v.shape)}.`,
      ));
    }
    return [{ shape: v.shape, dtype: v.dtype }];
  },
  grad(dys, [v], _o, { data_format }) {
    const dy = dys[0]!;
    const nchw = data_format === "NCHW" || data_format === "NCW" || data_format === "NCDHW";
    const ch = nchw ? 1 : v.rank - 1;
    const axes = v.shape.map((_, i) => i).filter((i) => i !== ch);
    return [dy, runOp("Sum", [dy], { axis: axes, keepdims: false })[0]];
  },
});
/** `tf.nn.bias_add(value, bias, data_format=None, name=None)`: adds a 1-D bias along the channel axis ("N...C" default, or "NC..."). */
export function bias_add(value: TensorLike, bias: TensorLike, data_format?: string | null | { data_format?: string | null; name?: string }, name?: string): Tensor {
  const o = bindArgs("bias_add", ["data_format", "name"], [data_format, name]);
  const v = toTensor(value, "bias_add");
  const b = toTensor(bias, "bias_add", v.dtype);
  const df = o.data_format ?? "NHWC";
  if (typeof df !== "string" || !/^N(C?[DHW]*C?)$/.test(df)) {
    throw new InvalidArgumentError(msg(`bias_add: unknown data_format ${JSON.stringify(df)}; use "NHWC" or "NCHW".`, `bias_add: 알 수 없는 data_format ${JSON.stringify(df)}입니다. "NHWC" 또는 "NCHW"를 쓰세요.`));
  }
  return runOp("BiasAdd", [v, b], { data_format: df.startsWith("NC") ? "NCHW" : "NHWC" }, o.name)[0];
}

// ---------------------------------------------------------------- dropout
/**
 * `tf.nn.dropout(x, rate, noise_shape=None, seed=None, name=None)`: zeroes each element with
 * probability `rate` and scales the kept ones by 1 / (1 - rate), so the expected sum is unchanged.
 */
export function dropout(x: TensorLike, rate?: number | Tensor | DropoutOpts, noise_shape?: number[] | null | DropoutOpts, seed?: number | null | DropoutOpts, name?: string | DropoutOpts): Tensor {
  const o = bindArgs("dropout", ["rate", "noise_shape", "seed", "name"], [rate, noise_shape, seed, name], ["rate", "noise_shape", "seed", "name", "keep_prob"]);
  const t = toTensor(x, "dropout");
  if (o.keep_prob !== undefined) {
    throw new InvalidArgumentError(msg(
      "dropout: TF2 takes `rate` (the fraction to drop), not keep_prob. Use tf.nn.dropout(x, { rate: 1 - keep_prob }).",
      "dropout: TF2에서는 keep_prob 대신 버릴 비율 `rate`를 씁니다. tf.nn.dropout(x, { rate: 1 - keep_prob })처럼 쓰세요.",
    ));
  }
  requireKinds("dropout", t.dtype, FLOAT, FLOAT_WHAT);
  if (o.rate == null) throw new InvalidArgumentError(msg("dropout: rate is required.", "dropout: rate가 필요합니다."));
  // A graph tensor rate (a tf.function argument, a placeholder) stays an input: the mask and scale
  // are computed with ops from it. Numbers and eager tensors take the host path below.
  const rateT = o.rate instanceof Tensor && o.rate._source ? o.rate : null;
  if (rateT && rateT.rank !== 0) {
    throw new InvalidArgumentError(msg(`dropout: rate must be a scalar, got shape ${formatShape(rateT.shape)}.`, `dropout: rate는 스칼라여야 하는데 형태가 ${formatShape(rateT.shape)}입니다.`));
  }
  const r = rateT ? 0.5 : o.rate instanceof Tensor ? Number(o.rate.numpy().item()) : o.rate;
  if (typeof r !== "number" || !(r >= 0 && r < 1)) {
    throw new InvalidArgumentError(msg(
      `dropout: rate must be a scalar in the range [0, 1), got ${r}.`,
      `dropout: rate는 [0, 1) 범위의 스칼라여야 하는데 ${r}입니다.`,
    ));
  }
  const ns: number[] = o.noise_shape ?? t.shape;
  if (o.noise_shape != null) {
    // noise_shape must broadcast to x's shape.
    const ok = ns.length === t.rank && ns.every((d, i) => d === 1 || d === t.shape[i] || t.shape[i] === null);
    if (!ok) {
      throw new InvalidArgumentError(msg(
        `dropout: noise_shape ${formatShape(ns)} must broadcast to the input shape ${formatShape(t.shape)} (each dim equal or 1).`,
        `dropout: noise_shape ${formatShape(ns)}는 입력 형태 ${formatShape(t.shape)}로 브로드캐스트될 수 있어야 합니다 (각 차원이 같거나 1).`,
      ));
    }
  }
  // TF's order (nn_ops._dropout): rate 0 returns x after the RNG step it would have taken (so the
  // op-seed sequence does not depend on the fast path); a number rate scales by 1/(1 - rate)
  // (a multiply, as TF does: x / 0.8 and x * 1.25 differ in the last bit), a tensor rate divides by
  // 1 - rate; then where(uniform >= rate, scaled, 0), which gives +0 (not -0 or NaN) where dropped.
  if (r === 0 && !rateT) { get_seed(o.seed ?? null); return t; }
  // Eager float32 with a number rate and no noise_shape (Keras's Dropout): the same draw and
  // values from one kernel (_FusedDropout below) instead of four ops, and two in the gradient.
  if (!rateT && o.noise_shape == null && t.dtype === float32 && !buildingGraph() && hasKernel("_FusedDropout")) {
    return runOp("_FusedDropout", [t], { rate: r, ...uniformSeedAttrs(o.seed, t.dtype) }, o.name)[0];
  }
  let scaled: Tensor, rateOf: Tensor;
  if (rateT) {
    rateOf = rateT.dtype === t.dtype ? rateT : cast(rateT, t.dtype);
    scaled = divide(t, runOp("Sub", [scalarLike(1, t), rateOf], {})[0]);
  } else {
    rateOf = scalarLike(r, t);
    scaled = multiply(t, scalarLike(1 / (1 - r), t));
  }
  const u = o.noise_shape == null ? random_uniform_like(t, o.seed) : uniform(ns, { dtype: t.dtype, seed: o.seed ?? undefined });
  const keep = runOp("GreaterEqual", [u, rateOf], {})[0];
  return where(keep, scaled, scalarLike(0, t), o.name);
}
/**
 * `_FusedDropout(x)` (eager only; graphs keep TF's RandomUniform, GreaterEqual, Mul and SelectV2
 * nodes): the uniform draw of RandomUniform with the same seed attrs (same stream, same counter),
 * then keep = u >= rate and y = keep ? x * (1 / (1 - rate)) : +0, all in x's dtype — bit for bit
 * the four ops' result. Outputs y and the bool keep mask, which the gradient uses:
 * _FusedDropoutGrad gives the unfused graph's where(keep, dy, 0) * scale in one kernel.
 */
defineOp({
  name: "_FusedDropout",
  stateful: true,
  infer([x]) {
    if (x.dtype !== float32 && x.dtype !== float64) {
      throw new InvalidArgumentError(msg(`_FusedDropout: x must be float32 or float64, got ${x.dtype.name}.`, `_FusedDropout: x는 float32 또는 float64여야 하는데 ${x.dtype.name}입니다.`));
    }
    return [{ shape: [...x.shape] as number[], dtype: x.dtype }, { shape: [...x.shape] as number[], dtype: bool }];
  },
  grad([dy], _inputs, [, keep], attrs) {
    return [runOp("_FusedDropoutGrad", [dy!, keep], { rate: attrs.rate })[0]];
  },
});
/**
 * `_FusedDropoutGrad(dy, keep)`: keep ? dy * (1 / (1 - rate)) : +0 in dy's dtype — the values of the
 * unfused gradient, where(keep, dy, 0) * scale, from one kernel. Linear in dy: its own gradient.
 */
defineOp({
  name: "_FusedDropoutGrad",
  infer([dy, keep]) {
    if ((dy.dtype !== float32 && dy.dtype !== float64) || keep.dtype !== bool || !shapesEqual(dy.shape, keep.shape)) {
      throw new InvalidArgumentError(msg(
        `_FusedDropoutGrad: dy must be float32/float64 and keep a bool mask of its shape, got ${dy.dtype.name}${formatShape(dy.shape)} and ${keep.dtype.name}${formatShape(keep.shape)}.`,
        `_FusedDropoutGrad: dy는 float32/float64, keep은 같은 형태의 bool 마스크여야 하는데 ${dy.dtype.name}${formatShape(dy.shape)}, ${keep.dtype.name}${formatShape(keep.shape)}입니다.`,
      ));
    }
    return [{ shape: [...dy.shape] as number[], dtype: dy.dtype }];
  },
  grad([g], [, keep], _outs, attrs) {
    return [runOp("_FusedDropoutGrad", [g!, keep], { rate: attrs.rate })[0], null];
  },
});
type DropoutOpts = { rate?: number | Tensor; noise_shape?: number[] | null; seed?: number | null; name?: string; keep_prob?: number };

