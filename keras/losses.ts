/**
 * `tf.keras.losses`: Keras 2's loss functions and classes. A loss function maps
 * (y_true, y_pred) to per-sample losses; a Loss object adds sample weights and the reduction
 * (default: sum over batch size = mean over all loss elements).
 */
import { Tensor } from "../core/tensor/tensor";
import { int32 } from "../core/tensor/dtypes";
import { toTensor, TensorLike } from "../core/ops/convert";
import * as m from "../core/ops/math";
import * as r from "../core/ops/reduce";
import * as nn from "../core/ops/nn";
import * as arr from "../core/ops/array";
import { InvalidArgumentError, msg, checkOptions, nearest } from "../core/errors";
import { formatShape } from "../core/tensor/shape";
import { epsilon } from "./backend";
import { softmaxLogits } from "./activations";
import { makeCallable, classNameOf } from "./utils/callable";

export type LossFn = (y_true: Tensor, y_pred: Tensor) => Tensor;

const c = (v: number, like: Tensor) => m.scalarLike(v, like);

/** Keras's squeeze_or_expand_dimensions for (y_true, y_pred): drops a trailing 1 so ranks agree. */
export function alignRanks(y_true: Tensor, y_pred: Tensor): [Tensor, Tensor] {
  const rt = y_true.rank, rp = y_pred.rank;
  if (rp - rt !== 1 || y_pred.shape[rp - 1] === 1) {
    if (rp - rt === 1 && y_pred.shape[rp - 1] === 1) return [y_true, arr.squeeze(y_pred, -1)];
    if (rt - rp === 1 && y_true.shape[rt - 1] === 1) return [arr.squeeze(y_true, -1), y_pred];
  }
  return [y_true, y_pred];
}

function prep(name: string, y_true: TensorLike, y_pred: TensorLike): [Tensor, Tensor] {
  const p = toTensor(y_pred, name);
  const t = toTensor(y_true, name);
  return [t.dtype === p.dtype ? t : m.cast(t, p.dtype), p];
}
const meanLast = (x: Tensor) => r.reduce_mean(x, -1);

export function mean_squared_error(y_true: TensorLike, y_pred: TensorLike): Tensor {
  const [t, p] = prep("mean_squared_error", y_true, y_pred);
  return meanLast(m.squared_difference(p, t));
}
export function mean_absolute_error(y_true: TensorLike, y_pred: TensorLike): Tensor {
  const [t, p] = prep("mean_absolute_error", y_true, y_pred);
  return meanLast(m.abs(m.subtract(p, t)));
}
export function mean_absolute_percentage_error(y_true: TensorLike, y_pred: TensorLike): Tensor {
  const [t, p] = prep("mean_absolute_percentage_error", y_true, y_pred);
  const diff = m.abs(m.divide(m.subtract(t, p), m.maximum(m.abs(t), c(epsilon(), t))));
  return m.multiply(c(100, p), meanLast(diff));
}
export function mean_squared_logarithmic_error(y_true: TensorLike, y_pred: TensorLike): Tensor {
  const [t, p] = prep("mean_squared_logarithmic_error", y_true, y_pred);
  const e = c(epsilon(), p), one = c(1, p);
  const a = m.log(m.add(m.maximum(p, e), one)), b = m.log(m.add(m.maximum(t, e), one));
  return meanLast(m.squared_difference(a, b));
}
/** Labels in {0, 1} become {-1, 1} (Keras's _maybe_convert_labels). */
function pmOne(t: Tensor): Tensor {
  const d = t.dataSync() as ArrayLike<number>;
  let binary = true;
  for (let i = 0; i < d.length; i++) if (d[i] !== 0 && d[i] !== 1) { binary = false; break; }
  return binary ? m.subtract(m.multiply(c(2, t), t), c(1, t)) : t;
}
export function squared_hinge(y_true: TensorLike, y_pred: TensorLike): Tensor {
  const [t0, p] = prep("squared_hinge", y_true, y_pred);
  const t = pmOne(t0);
  return meanLast(m.square(m.maximum(m.subtract(c(1, p), m.multiply(t, p)), c(0, p))));
}
export function hinge(y_true: TensorLike, y_pred: TensorLike): Tensor {
  const [t0, p] = prep("hinge", y_true, y_pred);
  const t = pmOne(t0);
  return meanLast(m.maximum(m.subtract(c(1, p), m.multiply(t, p)), c(0, p)));
}
export function categorical_hinge(y_true: TensorLike, y_pred: TensorLike): Tensor {
  const [t, p] = prep("categorical_hinge", y_true, y_pred);
  const pos = r.reduce_sum(m.multiply(t, p), -1);
  const neg = r.reduce_max(m.multiply(m.subtract(c(1, t), t), p), -1);
  return m.maximum(c(0, p), m.add(m.subtract(neg, pos), c(1, p)));
}
export function huber(y_true: TensorLike, y_pred: TensorLike, delta = 1.0): Tensor {
  const [t, p] = prep("huber", y_true, y_pred);
  const err = m.subtract(p, t), ae = m.abs(err), d = c(delta, p);
  const quad = m.multiply(c(0.5, p), m.square(err));
  const lin = m.subtract(m.multiply(d, ae), c(0.5 * delta * delta, p));
  return meanLast(m.where(m.less_equal(ae, d), quad, lin));
}
export function log_cosh(y_true: TensorLike, y_pred: TensorLike): Tensor {
  const [t, p] = prep("log_cosh", y_true, y_pred);
  const x = m.subtract(p, t);
  return meanLast(m.subtract(m.add(x, m.softplus(m.multiply(c(-2, x), x))), c(Math.log(2), x)));
}
export function kl_divergence(y_true: TensorLike, y_pred: TensorLike): Tensor {
  const [t0, p0] = prep("kl_divergence", y_true, y_pred);
  const t = m.clip_by_value(t0, epsilon(), 1), p = m.clip_by_value(p0, epsilon(), 1);
  return r.reduce_sum(m.multiply(t, m.log(m.divide(t, p))), -1);
}
export function poisson(y_true: TensorLike, y_pred: TensorLike): Tensor {
  const [t, p] = prep("poisson", y_true, y_pred);
  return meanLast(m.subtract(p, m.multiply(t, m.log(m.add(p, c(epsilon(), p))))));
}
export function cosine_similarity(y_true: TensorLike, y_pred: TensorLike, axis = -1): Tensor {
  const [t, p] = prep("cosine_similarity", y_true, y_pred);
  return m.negative(r.reduce_sum(m.multiply(nn.l2_normalize(t, axis), nn.l2_normalize(p, axis)), axis));
}

function checkSameShape(fn: string, t: Tensor, p: Tensor): void {
  const ok = t.rank === p.rank && t.shape.every((d, i) => d === null || p.shape[i] === null || d === p.shape[i]);
  if (!ok) {
    throw new InvalidArgumentError(msg(
      `${fn}: Shapes ${formatShape(t.shape)} and ${formatShape(p.shape)} are incompatible (y_true vs y_pred). ` +
      (t.rank === p.rank - 1 || (t.shape[t.rank - 1] === 1) ? "The labels look like class ids: use sparse_categorical_crossentropy, or one-hot encode them with tf.keras.utils.to_categorical." : "y_true and y_pred must have the same shape."),
      `${fn}: 형태 ${formatShape(t.shape)}와 ${formatShape(p.shape)}가 호환되지 않습니다 (y_true vs y_pred). ` +
      (t.rank === p.rank - 1 || (t.shape[t.rank - 1] === 1) ? "레이블이 클래스 번호로 보입니다: sparse_categorical_crossentropy를 쓰거나 tf.keras.utils.to_categorical로 원-핫 인코딩하세요." : "y_true와 y_pred의 형태가 같아야 합니다."),
    ));
  }
}

/** `categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1)` */
export function categorical_crossentropy(y_true: TensorLike, y_pred: TensorLike, from_logits = false, label_smoothing = 0, axis = -1): Tensor {
  let [t, p] = prep("categorical_crossentropy", y_true, y_pred);
  checkSameShape("categorical_crossentropy", t, p);
  if (label_smoothing) {
    const k = p.shape[p.rank - 1];
    t = m.add(m.multiply(t, c(1 - label_smoothing, t)), c(label_smoothing / k, t));
  }
  const logits = from_logits ? p : softmaxLogits.get(p);
  if (logits) return nn.softmax_cross_entropy_with_logits({ labels: t, logits, axis });
  const s = m.divide(p, r.reduce_sum(p, axis, true));
  const e = epsilon();
  const clipped = m.clip_by_value(s, e, 1 - e);
  return m.negative(r.reduce_sum(m.multiply(t, m.log(clipped)), axis));
}

/** `sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, axis=-1, ignore_class=None)` */
export function sparse_categorical_crossentropy(y_true: TensorLike, y_pred: TensorLike, from_logits = false, axis = -1, ignore_class: number | null = null): Tensor {
  const p = toTensor(y_pred, "sparse_categorical_crossentropy");
  let t = toTensor(y_true, "sparse_categorical_crossentropy");
  if (axis !== -1 && axis !== p.rank - 1) {
    throw new InvalidArgumentError(msg("sparse_categorical_crossentropy: only axis=-1 is supported.", "sparse_categorical_crossentropy: axis=-1만 지원합니다."));
  }
  // Labels (N,) or (N, 1) for predictions (N, C).
  if (t.rank === p.rank && t.shape[t.rank - 1] === 1) t = arr.squeeze(t, -1);
  if (t.rank !== p.rank - 1) {
    throw new InvalidArgumentError(msg(
      `sparse_categorical_crossentropy: labels of shape ${formatShape(t.shape)} do not match predictions of shape ${formatShape(p.shape)}: expected class ids of shape ${formatShape(p.shape.slice(0, -1))}. ` +
      (t.rank === p.rank ? "For one-hot labels use categorical_crossentropy." : ""),
      `sparse_categorical_crossentropy: 레이블 형태 ${formatShape(t.shape)}가 예측 형태 ${formatShape(p.shape)}와 맞지 않습니다: 형태 ${formatShape(p.shape.slice(0, -1))}의 클래스 번호가 필요합니다. ` +
      (t.rank === p.rank ? "원-핫 레이블이면 categorical_crossentropy를 쓰세요." : ""),
    ));
  }
  const labels = t.dtype === int32 ? t : m.cast(t, int32);
  let keep: Tensor | null = null;
  let lab = labels;
  if (ignore_class !== null) {
    keep = m.not_equal(labels, m.scalarLike(ignore_class, labels));
    lab = m.where(keep, labels, m.zerosLike(labels));
  }
  const logits = from_logits ? p : softmaxLogits.get(p);
  let out: Tensor;
  if (logits) out = nn.sparse_softmax_cross_entropy_with_logits({ labels: lab, logits });
  else {
    const e = epsilon();
    out = nn.sparse_softmax_cross_entropy_with_logits({ labels: lab, logits: m.log(m.clip_by_value(p, e, 1 - e)) });
  }
  if (keep) out = m.multiply(out, m.cast(keep, out.dtype));
  return out;
}

/** Per-element binary crossentropy (Keras backend.binary_crossentropy). */
function bceElems(t: Tensor, p: Tensor, from_logits: boolean): Tensor {
  if (from_logits) return nn.sigmoid_cross_entropy_with_logits({ labels: t, logits: p });
  const e = epsilon();
  const o = m.clip_by_value(p, e, 1 - e);
  const ce = m.add(m.multiply(t, m.log(m.add(o, c(e, o)))), m.multiply(m.subtract(c(1, t), t), m.log(m.add(m.subtract(c(1, o), o), c(e, o)))));
  return m.negative(ce);
}
/** `binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1)` */
export function binary_crossentropy(y_true: TensorLike, y_pred: TensorLike, from_logits = false, label_smoothing = 0, axis = -1): Tensor {
  let [t, p] = prep("binary_crossentropy", y_true, y_pred);
  [t, p] = alignRanks(t, p);
  if (label_smoothing) t = m.add(m.multiply(t, c(1 - label_smoothing, t)), c(0.5 * label_smoothing, t));
  return r.reduce_mean(bceElems(t, p, from_logits), axis);
}
/** `binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1)` */
export function binary_focal_crossentropy(y_true: TensorLike, y_pred: TensorLike, apply_class_balancing = false, alpha = 0.25, gamma = 2.0, from_logits = false, label_smoothing = 0, axis = -1): Tensor {
  let [t, p] = prep("binary_focal_crossentropy", y_true, y_pred);
  [t, p] = alignRanks(t, p);
  if (label_smoothing) t = m.add(m.multiply(t, c(1 - label_smoothing, t)), c(0.5 * label_smoothing, t));
  const probs = from_logits ? m.sigmoid(p) : p;
  const bce = bceElems(t, p, from_logits);
  const pt = m.add(m.multiply(t, probs), m.multiply(m.subtract(c(1, t), t), m.subtract(c(1, probs), probs)));
  let loss = m.multiply(m.pow(m.subtract(c(1, pt), pt), c(gamma, pt)), bce);
  if (apply_class_balancing) {
    const w = m.add(m.multiply(t, c(alpha, t)), m.multiply(m.subtract(c(1, t), t), c(1 - alpha, t)));
    loss = m.multiply(w, loss);
  }
  return r.reduce_mean(loss, axis);
}

// ---------------------------------------------------------------- Loss classes
export type Reduction = "auto" | "sum_over_batch_size" | "sum" | "none";
const REDUCTIONS = ["auto", "sum_over_batch_size", "sum", "none"];

/** Applies sample weights and the reduction to per-sample losses. */
export function reduceWeighted(losses: Tensor, sample_weight: TensorLike | null | undefined, reduction: Reduction): Tensor {
  let l = losses;
  if (sample_weight != null) {
    let sw = toTensor(sample_weight, "sample_weight", l.dtype);
    if (sw.dtype !== l.dtype) sw = m.cast(sw, l.dtype);
    // Align (N,) weights with (N, ...) losses.
    while (sw.rank > l.rank && sw.shape[sw.rank - 1] === 1) sw = arr.squeeze(sw, -1);
    while (sw.rank < l.rank) sw = arr.expand_dims(sw, -1);
    l = m.multiply(l, sw);
  }
  if (reduction === "none") return l;
  const total = r.reduce_sum(l);
  if (reduction === "sum") return total;
  const n = l.size;
  return m.divide(total, c(Math.max(n, 1), total));
}

export interface LossArgs { reduction?: Reduction; name?: string }

export interface Loss { (y_true: TensorLike, y_pred: TensorLike, sample_weight?: TensorLike | null): Tensor }
/** `tf.keras.losses.Loss`: subclass and implement `call(y_true, y_pred)`. */
export class Loss {
  static className = "Loss";
  declare reduction: Reduction;
  declare name: string;
  constructor(args: LossArgs = {}) {
    const self = makeCallable<Loss>(new.target.prototype);
    const red = args.reduction ?? "auto";
    if (!REDUCTIONS.includes(red)) {
      throw new InvalidArgumentError(msg(`Invalid Reduction Key: ${red}. Expected keys are "${REDUCTIONS.join('", "')}"`, `잘못된 reduction 값 ${red}입니다. 가능한 값: ${REDUCTIONS.join(", ")}`));
    }
    self.reduction = red;
    self.name = args.name ?? "loss";
    return self;
  }
  call(_y_true: Tensor, _y_pred: Tensor): Tensor { throw new Error("Loss.call must be implemented by subclasses"); }
  __call__(y_true: TensorLike, y_pred: TensorLike, sample_weight?: TensorLike | null): Tensor {
    const p = toTensor(y_pred, this.name);
    const t = toTensor(y_true, this.name);
    const losses = this.call(t, p);
    return reduceWeighted(losses, sample_weight, this.reduction);
  }
  get_config(): Record<string, unknown> { return { reduction: this.reduction, name: this.name }; }
  static from_config<T extends Loss>(this: new (config: any) => T, config: Record<string, unknown>): T { return new this(config); }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return `<keras.losses.${classNameOf(this)}>`; }
}

/** A Loss wrapping a function with extra keyword arguments (Keras's LossFunctionWrapper). */
export class LossFunctionWrapper extends Loss {
  static override className = "LossFunctionWrapper";
  fn: (t: Tensor, p: Tensor, ...a: any[]) => Tensor;
  fn_kwargs: Record<string, unknown>;
  argOrder: string[];
  constructor(fn: (t: Tensor, p: Tensor, ...a: any[]) => Tensor, args: LossArgs & Record<string, unknown> = {}, argOrder: string[] = []) {
    super({ reduction: args.reduction, name: args.name });
    this.fn = fn;
    this.argOrder = argOrder;
    const kw: Record<string, unknown> = { ...args };
    delete kw.reduction; delete kw.name;
    this.fn_kwargs = kw;
  }
  override call(y_true: Tensor, y_pred: Tensor): Tensor {
    let t = y_true, p = y_pred;
    if (!this.argOrder.includes("__sparse__")) [t, p] = alignRanks(t, p);
    return this.fn(t, p, ...this.argOrder.filter((k) => k !== "__sparse__").map((k) => this.fn_kwargs[k]));
  }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), ...this.fn_kwargs }; }
}

function lossClass(className: string, defaultName: string, fn: (t: Tensor, p: Tensor, ...a: any[]) => Tensor, params: [string, unknown][] = [], sparse = false) {
  const keys = ["reduction", "name", ...params.map(([k]) => k)];
  const order = params.map(([k]) => k);
  if (sparse) order.push("__sparse__");
  return class extends LossFunctionWrapper {
    static override className = className;
    constructor(...args: unknown[]) {
      let o: Record<string, unknown> = {};
      if (args.length === 1 && typeof args[0] === "object" && args[0] !== null) { checkOptions(className, args[0] as object, keys); o = { ...(args[0] as object) }; }
      else params.forEach(([k], i) => { if (args[i] !== undefined) o[k] = args[i]; });
      for (const [k, d] of params) if (o[k] === undefined) o[k] = d;
      if (o.name === undefined) o.name = defaultName;
      super(fn, o, order);
    }
  };
}

export const MeanSquaredError = lossClass("MeanSquaredError", "mean_squared_error", mean_squared_error);
export const MeanAbsoluteError = lossClass("MeanAbsoluteError", "mean_absolute_error", mean_absolute_error);
export const MeanAbsolutePercentageError = lossClass("MeanAbsolutePercentageError", "mean_absolute_percentage_error", mean_absolute_percentage_error);
export const MeanSquaredLogarithmicError = lossClass("MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", mean_squared_logarithmic_error);
export const Hinge = lossClass("Hinge", "hinge", hinge);
export const SquaredHinge = lossClass("SquaredHinge", "squared_hinge", squared_hinge);
export const CategoricalHinge = lossClass("CategoricalHinge", "categorical_hinge", categorical_hinge);
export const Huber = lossClass("Huber", "huber_loss", huber, [["delta", 1.0]]);
export const LogCosh = lossClass("LogCosh", "log_cosh", log_cosh);
export const KLDivergence = lossClass("KLDivergence", "kl_divergence", kl_divergence);
export const Poisson = lossClass("Poisson", "poisson", poisson);
export const CosineSimilarity = lossClass("CosineSimilarity", "cosine_similarity", cosine_similarity, [["axis", -1]]);
export const CategoricalCrossentropy = lossClass("CategoricalCrossentropy", "categorical_crossentropy", categorical_crossentropy, [["from_logits", false], ["label_smoothing", 0], ["axis", -1]], true);
export const SparseCategoricalCrossentropy = lossClass("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy", sparse_categorical_crossentropy, [["from_logits", false], ["ignore_class", null]], true);
export const BinaryCrossentropy = lossClass("BinaryCrossentropy", "binary_crossentropy", binary_crossentropy, [["from_logits", false], ["label_smoothing", 0], ["axis", -1]], true);
export const BinaryFocalCrossentropy = lossClass("BinaryFocalCrossentropy", "binary_focal_crossentropy",
  (t, p, acb, alpha, gamma, fl, ls, axis) => binary_focal_crossentropy(t, p, acb, alpha, gamma, fl, ls, axis),
  [["apply_class_balancing", false], ["alpha", 0.25], ["gamma", 2.0], ["from_logits", false], ["label_smoothing", 0], ["axis", -1]], true);
// SparseCategoricalCrossentropy's function takes (from_logits, axis, ignore_class); adapt the order.
(SparseCategoricalCrossentropy.prototype as unknown as { call: LossFn }).call = function (this: LossFunctionWrapper, t: Tensor, p: Tensor) {
  return sparse_categorical_crossentropy(t, p, !!this.fn_kwargs.from_logits, -1, (this.fn_kwargs.ignore_class as number | null) ?? null);
};

// Short aliases, as in Keras.
export const mse = mean_squared_error, MSE = mean_squared_error, mae = mean_absolute_error, MAE = mean_absolute_error;
export const mape = mean_absolute_percentage_error, MAPE = mean_absolute_percentage_error, msle = mean_squared_logarithmic_error, MSLE = mean_squared_logarithmic_error;
export const kld = kl_divergence, KLD = kl_divergence, kullback_leibler_divergence = kl_divergence, logcosh = log_cosh;

const FUNCTIONS: Record<string, LossFn> = {
  mean_squared_error, mse, MSE, mean_absolute_error, mae, MAE, mean_absolute_percentage_error, mape, MAPE,
  mean_squared_logarithmic_error, msle, MSLE, hinge, squared_hinge, categorical_hinge, huber, huber_loss: huber, log_cosh, logcosh,
  kl_divergence, kld, KLD, kullback_leibler_divergence, poisson, cosine_similarity,
  categorical_crossentropy, sparse_categorical_crossentropy, binary_crossentropy, binary_focal_crossentropy,
};
const CLASSES: Record<string, new (...a: any[]) => Loss> = {
  MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, Hinge, SquaredHinge, CategoricalHinge,
  Huber, LogCosh, KLDivergence, Poisson, CosineSimilarity, CategoricalCrossentropy, SparseCategoricalCrossentropy, BinaryCrossentropy,
  BinaryFocalCrossentropy,
};

export type LossIdentifier = string | Loss | LossFn | { class_name: string; config?: Record<string, unknown> };

/** `tf.keras.losses.get(identifier)`: a name (function or class), a config, or a callable. */
export function get(identifier: LossIdentifier): Loss | LossFn {
  if (identifier instanceof Loss) return identifier;
  if (typeof identifier === "function") return identifier;
  if (typeof identifier === "string") {
    const f = Object.prototype.hasOwnProperty.call(FUNCTIONS, identifier) ? FUNCTIONS[identifier] : undefined;
    if (f) return f;
    const cls = Object.prototype.hasOwnProperty.call(CLASSES, identifier) ? CLASSES[identifier] : undefined;
    if (cls) return new cls();
    const near = nearest(identifier, [...Object.keys(FUNCTIONS), ...Object.keys(CLASSES)]);
    throw new InvalidArgumentError(msg(
      `Unknown loss function: '${identifier}'.${near ? ` Did you mean '${near}'?` : ""} Known: ${Object.keys(FUNCTIONS).filter((k) => k.length > 4).join(", ")}.`,
      `알 수 없는 손실 함수 '${identifier}'입니다.${near ? ` '${near}'을(를) 의도하셨나요?` : ""} 가능한 값: ${Object.keys(FUNCTIONS).filter((k) => k.length > 4).join(", ")}.`,
    ));
  }
  if (identifier && typeof identifier === "object" && typeof identifier.class_name === "string") return deserialize(identifier);
  throw new InvalidArgumentError(msg(`Could not interpret loss function identifier: ${String(identifier)}`, `손실 함수 식별자를 해석할 수 없습니다: ${String(identifier)}`));
}

/** Name Keras gives a loss in logs and configs. */
export function lossName(l: Loss | LossFn | string): string {
  if (typeof l === "string") return l;
  if (l instanceof Loss) return l.name;
  for (const [k, f] of Object.entries(FUNCTIONS)) if (f === l && k.length > 4) return k;
  return l.name || "loss";
}

export function serialize(l: Loss | LossFn | string): unknown {
  if (typeof l === "string") return l;
  if (l instanceof Loss) return { class_name: classNameOf(l), config: l.get_config() };
  return lossName(l);
}
export function deserialize(config: { class_name: string; config?: Record<string, unknown> } | string): Loss | LossFn {
  if (typeof config === "string") return get(config);
  const cls = Object.prototype.hasOwnProperty.call(CLASSES, config.class_name) ? CLASSES[config.class_name] : undefined;
  if (!cls) throw new InvalidArgumentError(msg(`Unknown loss class '${config.class_name}'.`, `알 수 없는 손실 클래스 '${config.class_name}'입니다.`));
  return new cls({ ...(config.config ?? {}) });
}
