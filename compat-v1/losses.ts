/**
 * `tf.compat.v1.losses`: TF1's weighted losses (`losses_impl.py`). Each returns the reduced loss
 * and, when building a graph, adds it to the `losses` collection (`get_losses`, `get_total_loss`).
 * Default reduction: SUM_BY_NONZERO_WEIGHTS, i.e. the mean over elements with a non-zero weight.
 */
import { Tensor } from "../core/tensor/tensor";
import { float32 } from "../core/tensor/dtypes";
import { InvalidArgumentError, msg } from "../core/errors";
import { TensorLike, toTensor } from "../core/ops/convert";
import {
  add, subtract, multiply, divide, abs, log, square, minimum, maximum, cast, not_equal, equal, where,
} from "../core/ops/math";
import { reduce_sum, bindArgs } from "../core/ops/reduce";
import { size as sizeOp } from "../core/ops/array";
import { ones_like, zeros_like } from "../core/ops/creation";
import { relu } from "../core/ops/nn";
import * as nn from "../core/ops/nn";
import { broadcast_to } from "../core/ops/array";
import { formatShape } from "../core/tensor/shape";
import { add_to_collection, get_collection, GraphKeys } from "./collections";
import { buildingGraph } from "../core/engine/engine";
import { add_n } from "../core/ops/reduce";

/** `tf.compat.v1.losses.Reduction` */
export const Reduction = {
  NONE: "none",
  SUM: "weighted_sum",
  SUM_OVER_BATCH_SIZE: "weighted_sum_over_batch_size",
  MEAN: "weighted_mean",
  SUM_BY_NONZERO_WEIGHTS: "weighted_sum_by_nonzero_weights",
  SUM_OVER_NONZERO_WEIGHTS: "weighted_sum_by_nonzero_weights",
  all(): string[] { return ["none", "weighted_sum", "weighted_mean", "weighted_sum_over_batch_size", "weighted_sum_by_nonzero_weights"]; },
  validate(key: string): void {
    if (!Reduction.all().includes(key)) {
      throw new InvalidArgumentError(msg(`Invalid Reduction Key ${key}.`, `잘못된 Reduction 키 ${key}입니다.`));
    }
  },
} as const;

const COMMON = ["weights", "scope", "loss_collection", "reduction"];

/** `div_no_nan`: 0 where the denominator is 0 (TF's `_safe_mean`). */
function safeDiv(num: Tensor, den: Tensor): Tensor {
  const zero = zeros_like(den);
  const isZero = equal(den, zero);
  return where(isZero, zero, divide(num, where(isZero, ones_like(den), den)));
}

function numPresent(losses: Tensor, weights: Tensor): Tensor {
  const present = cast(not_equal(weights, zeros_like(weights)), float32);
  const full = multiply(present, ones_like(losses));
  return reduce_sum(full);
}

/** `compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES, reduction=SUM_BY_NONZERO_WEIGHTS)` */
export function compute_weighted_loss(losses: TensorLike, weights?: TensorLike | Record<string, unknown>, scope?: string | null, loss_collection?: string | null, reduction?: string): Tensor {
  const o = bindArgs("compute_weighted_loss", COMMON, [weights, scope, loss_collection, reduction]);
  return weighted(toTensor(losses, "compute_weighted_loss"), o);
}

function weighted(losses: Tensor, o: Record<string, any>): Tensor {
  const reduction: string = o.reduction ?? Reduction.SUM_BY_NONZERO_WEIGHTS;
  Reduction.validate(reduction);
  const inputDType = losses.dtype;
  const l = cast(losses, float32);
  const w = cast(toTensor(o.weights ?? 1.0, "compute_weighted_loss", float32), float32);
  checkWeights(l, w);
  const wl = multiply(l, w);
  let loss: Tensor;
  if (reduction === Reduction.NONE) loss = wl;
  else {
    loss = reduce_sum(wl);
    if (reduction === Reduction.MEAN) loss = safeDiv(loss, reduce_sum(multiply(ones_like(l), w)));
    else if (reduction === Reduction.SUM_BY_NONZERO_WEIGHTS) loss = safeDiv(loss, numPresent(l, w));
    else if (reduction === Reduction.SUM_OVER_BATCH_SIZE) loss = safeDiv(loss, cast(sizeOp(l), float32));
  }
  loss = cast(loss, inputDType);
  const coll = o.loss_collection === undefined ? GraphKeys.LOSSES : o.loss_collection;
  if (coll && buildingGraph()) add_to_collection(coll, loss);
  return loss;
}

function checkWeights(losses: Tensor, w: Tensor): void {
  if (w.rank === 0) return;
  // Weights must broadcast to the losses (TF: "weights can not be broadcast to values").
  const ok = w.rank <= losses.rank && w.shape.every((d, i) => {
    const ld = losses.shape[losses.rank - w.rank + i];
    return d === 1 || d === ld || d === null || ld === null;
  });
  if (!ok) {
    throw new InvalidArgumentError(msg(
      `weights can not be broadcast to values. values.shape=${formatShape(losses.shape)}. weights.shape=${formatShape(w.shape)}. ` +
      `Give one weight per example (shape (batch,) or (batch, 1)) or a scalar.`,
      `weights를 values에 브로드캐스트할 수 없습니다. values.shape=${formatShape(losses.shape)}, weights.shape=${formatShape(w.shape)}. ` +
      `예제마다 가중치 하나(형태 (batch,) 또는 (batch, 1))나 스칼라를 주세요.`,
    ));
  }
}

function pair(fn: string, a: TensorLike, b: TensorLike, an: string, bn: string): [Tensor, Tensor] {
  if (a == null || b == null) {
    throw new InvalidArgumentError(msg(`${fn}: ${a == null ? an : bn} must not be None.`, `${fn}: ${a == null ? an : bn}이(가) 필요합니다.`));
  }
  const y = toTensor(b, fn);
  const x = toTensor(a, fn, y.dtype);
  const xc = x.dtype === y.dtype ? x : cast(x, y.dtype);
  const sx = xc.shape, sy = y.shape;
  const compatible = sx.length === sy.length && sx.every((d, i) => d === null || sy[i] === null || d === sy[i]);
  if (!compatible) {
    throw new InvalidArgumentError(msg(
      `${fn}: Shapes ${formatShape(sy)} and ${formatShape(sx)} are incompatible (${bn} vs ${an}). Reshape ${an} to ${bn}'s shape.`,
      `${fn}: 형태 ${formatShape(sy)}와 ${formatShape(sx)}가 호환되지 않습니다 (${bn} vs ${an}). ${an}을(를) ${bn}의 형태로 reshape하세요.`,
    ));
  }
  return [xc, y];
}

type Kw = Record<string, unknown>;
function opts(fn: string, args: unknown[], names: string[]): Record<string, any> { return bindArgs(fn, names, args); }

/** `absolute_difference(labels, predictions, weights=1.0, scope=None, loss_collection=..., reduction=...)` */
export function absolute_difference(labels: TensorLike, predictions: TensorLike, ...rest: unknown[]): Tensor {
  const o = opts("absolute_difference", rest, COMMON);
  const [l, p] = pair("absolute_difference", labels, predictions, "labels", "predictions");
  return weighted(abs(subtract(p, l)), o);
}
/** `mean_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=..., reduction=...)` */
export function mean_squared_error(labels: TensorLike, predictions: TensorLike, ...rest: unknown[]): Tensor {
  const o = opts("mean_squared_error", rest, COMMON);
  const [l, p] = pair("mean_squared_error", labels, predictions, "labels", "predictions");
  return weighted(square(subtract(p, l)), o);
}
/** `log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None, loss_collection=..., reduction=...)` */
export function log_loss(labels: TensorLike, predictions: TensorLike, ...rest: unknown[]): Tensor {
  const o = opts("log_loss", rest, ["weights", "epsilon", "scope", "loss_collection", "reduction"]);
  const [l, p] = pair("log_loss", labels, predictions, "labels", "predictions");
  const eps = toTensor(o.epsilon ?? 1e-7, "log_loss", p.dtype);
  const one = toTensor(1, "log_loss", p.dtype);
  const losses = subtract(
    negate(multiply(l, log(add(p, eps)))),
    multiply(subtract(one, l), log(add(subtract(one, p), eps))),
  );
  return weighted(losses, o);
}
function negate(t: Tensor): Tensor { return multiply(t, toTensor(-1, "neg", t.dtype)); }

/** `huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None, loss_collection=..., reduction=...)` */
export function huber_loss(labels: TensorLike, predictions: TensorLike, ...rest: unknown[]): Tensor {
  const o = opts("huber_loss", rest, ["weights", "delta", "scope", "loss_collection", "reduction"]);
  const [l, p] = pair("huber_loss", labels, predictions, "labels", "predictions");
  const err = abs(subtract(p, l));
  const delta = toTensor(o.delta ?? 1.0, "huber_loss", p.dtype);
  const quad = minimum(err, delta);
  const lin = subtract(err, quad);
  const losses = add(multiply(toTensor(0.5, "huber_loss", p.dtype), square(quad)), multiply(delta, lin));
  return weighted(losses, o);
}
/** `hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection=..., reduction=...)`: labels in {0, 1}. */
export function hinge_loss(labels: TensorLike, logits: TensorLike, ...rest: unknown[]): Tensor {
  const o = opts("hinge_loss", rest, COMMON);
  const [l, z] = pair("hinge_loss", labels, logits, "labels", "logits");
  const one = toTensor(1, "hinge_loss", z.dtype);
  const signed = subtract(multiply(toTensor(2, "hinge_loss", z.dtype), l), one);
  return weighted(relu(subtract(one, multiply(signed, z))), o);
}
/** `sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0, scope=None, loss_collection=..., reduction=...)` */
export function sigmoid_cross_entropy(multi_class_labels: TensorLike, logits: TensorLike, ...rest: unknown[]): Tensor {
  const o = opts("sigmoid_cross_entropy", rest, ["weights", "label_smoothing", "scope", "loss_collection", "reduction"]);
  let [l, z] = pair("sigmoid_cross_entropy", multi_class_labels, logits, "multi_class_labels", "logits");
  const ls = o.label_smoothing ?? 0;
  if (ls > 0) l = add(multiply(l, toTensor(1 - ls, "ls", z.dtype)), toTensor(0.5 * ls, "ls", z.dtype));
  return weighted(nn.sigmoid_cross_entropy_with_logits({ labels: l, logits: z } as any), o);
}
/** `softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None, loss_collection=..., reduction=...)` */
export function softmax_cross_entropy(onehot_labels: TensorLike, logits: TensorLike, ...rest: unknown[]): Tensor {
  const o = opts("softmax_cross_entropy", rest, ["weights", "label_smoothing", "scope", "loss_collection", "reduction"]);
  let [l, z] = pair("softmax_cross_entropy", onehot_labels, logits, "onehot_labels", "logits");
  const ls = o.label_smoothing ?? 0;
  if (ls > 0) {
    const k = z.shape[z.rank - 1];
    l = add(multiply(l, toTensor(1 - ls, "ls", z.dtype)), toTensor(ls / k, "ls", z.dtype));
  }
  return weighted(nn.softmax_cross_entropy_with_logits({ labels: l, logits: z } as any), o);
}
/** `sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None, loss_collection=..., reduction=...)` */
export function sparse_softmax_cross_entropy(labels: TensorLike, logits: TensorLike, ...rest: unknown[]): Tensor {
  const o = opts("sparse_softmax_cross_entropy", rest, COMMON);
  const z = toTensor(logits, "sparse_softmax_cross_entropy");
  const l = toTensor(labels, "sparse_softmax_cross_entropy");
  return weighted(nn.sparse_softmax_cross_entropy_with_logits({ labels: l, logits: z } as any), o);
}

/** `get_losses(scope=None, loss_collection=GraphKeys.LOSSES)` */
export function get_losses(scope?: string | null | Kw, loss_collection?: string): Tensor[] {
  const o = bindArgs("get_losses", ["scope", "loss_collection"], [scope, loss_collection]);
  return get_collection(o.loss_collection ?? GraphKeys.LOSSES, o.scope) as Tensor[];
}
/** `get_regularization_losses(scope=None)` */
export function get_regularization_losses(scope?: string | null): Tensor[] {
  return get_collection(GraphKeys.REGULARIZATION_LOSSES, scope) as Tensor[];
}
/** `get_total_loss(add_regularization_losses=True, name="total_loss", scope=None)` */
export function get_total_loss(add_regularization_losses?: boolean | Kw, name?: string, scope?: string | null): Tensor {
  const o = bindArgs("get_total_loss", ["add_regularization_losses", "name", "scope"], [add_regularization_losses, name, scope]);
  const all = [...get_losses(o.scope)];
  if (o.add_regularization_losses ?? true) all.push(...get_regularization_losses(o.scope));
  if (!all.length) throw new InvalidArgumentError(msg("No losses found.", "손실(loss)이 없습니다. 먼저 tf.compat.v1.losses.* 로 손실을 만드세요."));
  return add_n(all, o.name ?? "total_loss");
}
/** `add_loss(loss, loss_collection=GraphKeys.LOSSES)` */
export function add_loss(loss: Tensor, loss_collection: string | null = GraphKeys.LOSSES): void {
  if (loss_collection && buildingGraph()) add_to_collection(loss_collection, loss);
}

void maximum; void broadcast_to;
