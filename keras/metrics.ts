/**
 * `tf.keras.metrics`: stateful metrics (update_state / result / reset_state) and metric functions.
 * State is kept on the host as plain numbers: metrics read predictions back once per batch and
 * accumulate in float64, which keeps the training loop cheap on every backend.
 */
import { Tensor } from "../core/tensor/tensor";
import { NDArray } from "../core/tensor/ndarray";
import { float32 } from "../core/tensor/dtypes";
import { toTensor, TensorLike, constant } from "../core/ops/convert";
import * as m from "../core/ops/math";
import * as r from "../core/ops/reduce";
import * as arr from "../core/ops/array";
import { InvalidArgumentError, msg, checkOptions, nearest } from "../core/errors";
import { formatShape } from "../core/tensor/shape";
import { epsilon } from "./backend";
import * as losses from "./losses";
import { makeCallable, classNameOf } from "./utils/callable";

type Host = { data: ArrayLike<number>; shape: number[] };
function host(x: TensorLike, what: string): Host {
  const t = x instanceof NDArray ? x : toTensor(x, what);
  return { data: (t instanceof NDArray ? t.data : t.dataSync()) as ArrayLike<number>, shape: [...t.shape] };
}
function scalar(v: number): Tensor { return constant(v, float32); }

// ---------------------------------------------------------------- host per-sample functions
/** argmax of each row of a (..., C) array. */
function rowArgmax(h: Host): Int32Array {
  const C = h.shape[h.shape.length - 1] ?? 1;
  const n = Math.floor(h.data.length / Math.max(C, 1));
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0, bv = -Infinity;
    for (let j = 0; j < C; j++) { const v = h.data[i * C + j]; if (v > bv) { bv = v; best = j; } }
    out[i] = best;
  }
  return out;
}
function sparseAcc(t: Host, p: Host): Float64Array {
  const am = rowArgmax(p);
  const out = new Float64Array(am.length);
  if (t.data.length !== am.length) {
    throw new InvalidArgumentError(msg(
      `sparse_categorical_accuracy: ${t.data.length} labels for ${am.length} predictions (y_true ${formatShape(t.shape)}, y_pred ${formatShape(p.shape)}).`,
      `sparse_categorical_accuracy: 예측 ${am.length}개에 레이블이 ${t.data.length}개입니다 (y_true ${formatShape(t.shape)}, y_pred ${formatShape(p.shape)}).`,
    ));
  }
  for (let i = 0; i < am.length; i++) out[i] = am[i] === Math.trunc(t.data[i]) ? 1 : 0;
  return out;
}
function catAcc(t: Host, p: Host): Float64Array {
  const a = rowArgmax(t), b = rowArgmax(p);
  const out = new Float64Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = a[i] === b[i] ? 1 : 0;
  return out;
}
/** Per-sample mean over the last axis of elementwise agreement. */
function perSampleMean(t: Host, p: Host, eq: (a: number, b: number) => boolean): Float64Array {
  const last = p.shape.length ? p.shape[p.shape.length - 1] : 1;
  const sameRank = t.shape.length === p.shape.length;
  const k = sameRank || t.data.length === p.data.length ? Math.max(last, 1) : 1;
  const n = Math.floor(p.data.length / k);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += eq(t.data[(i * k + j) % t.data.length], p.data[i * k + j]) ? 1 : 0;
    out[i] = s / k;
  }
  return out;
}
function topK(t: Host, p: Host, k: number, sparse: boolean): Float64Array {
  const C = p.shape[p.shape.length - 1];
  const n = Math.floor(p.data.length / C);
  const labels = sparse ? Array.from({ length: n }, (_, i) => Math.trunc(t.data[i])) : Array.from(rowArgmax(t));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = p.data[i * C + labels[i]];
    let greater = 0;
    for (let j = 0; j < C; j++) if (p.data[i * C + j] > v) greater++;
    out[i] = greater < k ? 1 : 0;
  }
  return out;
}

// ---------------------------------------------------------------- metric functions (tensors)
export function sparse_categorical_accuracy(y_true: TensorLike, y_pred: TensorLike): Tensor {
  const p = host(y_pred, "sparse_categorical_accuracy");
  return constant(new NDArray(Float32Array.from(sparseAcc(host(y_true, "sparse_categorical_accuracy"), p)), p.shape.slice(0, -1), "float32"));
}
export function categorical_accuracy(y_true: TensorLike, y_pred: TensorLike): Tensor {
  const p = host(y_pred, "categorical_accuracy");
  return constant(new NDArray(Float32Array.from(catAcc(host(y_true, "categorical_accuracy"), p)), p.shape.slice(0, -1), "float32"));
}
export function binary_accuracy(y_true: TensorLike, y_pred: TensorLike, threshold = 0.5): Tensor {
  const p = host(y_pred, "binary_accuracy");
  const v = perSampleMean(host(y_true, "binary_accuracy"), p, (a, b) => a === (b > threshold ? 1 : 0));
  return constant(new NDArray(Float32Array.from(v), p.shape.length > 1 ? p.shape.slice(0, -1) : [v.length], "float32"));
}
export function accuracy(y_true: TensorLike, y_pred: TensorLike): Tensor {
  const p = host(y_pred, "accuracy");
  const v = perSampleMean(host(y_true, "accuracy"), p, (a, b) => a === b);
  return constant(new NDArray(Float32Array.from(v), p.shape.length > 1 ? p.shape.slice(0, -1) : [v.length], "float32"));
}
export function top_k_categorical_accuracy(y_true: TensorLike, y_pred: TensorLike, k = 5): Tensor {
  const p = host(y_pred, "top_k_categorical_accuracy");
  return constant(new NDArray(Float32Array.from(topK(host(y_true, "top_k"), p, k, false)), p.shape.slice(0, -1), "float32"));
}
export function sparse_top_k_categorical_accuracy(y_true: TensorLike, y_pred: TensorLike, k = 5): Tensor {
  const p = host(y_pred, "sparse_top_k_categorical_accuracy");
  return constant(new NDArray(Float32Array.from(topK(host(y_true, "top_k"), p, k, true)), p.shape.slice(0, -1), "float32"));
}
export const mean_squared_error = losses.mean_squared_error, mean_absolute_error = losses.mean_absolute_error;
export const mean_absolute_percentage_error = losses.mean_absolute_percentage_error, mean_squared_logarithmic_error = losses.mean_squared_logarithmic_error;
export const mse = losses.mean_squared_error, mae = losses.mean_absolute_error, mape = losses.mean_absolute_percentage_error, msle = losses.mean_squared_logarithmic_error;
export const binary_crossentropy = losses.binary_crossentropy, categorical_crossentropy = losses.categorical_crossentropy;
export const sparse_categorical_crossentropy = losses.sparse_categorical_crossentropy, hinge = losses.hinge, squared_hinge = losses.squared_hinge;
export const kl_divergence = losses.kl_divergence, poisson = losses.poisson, log_cosh = losses.log_cosh;

/** Host evaluators for the per-sample metric functions (fast path used by the metric classes). */
const HOST_FNS = new Map<unknown, (t: Host, p: Host, kw: Record<string, unknown>) => Float64Array>([
  [sparse_categorical_accuracy, (t, p) => sparseAcc(t, p)],
  [categorical_accuracy, (t, p) => catAcc(t, p)],
  [binary_accuracy, (t, p, kw) => { const th = (kw.threshold as number) ?? 0.5; return perSampleMean(t, p, (a, b) => a === (b > th ? 1 : 0)); }],
  [accuracy, (t, p) => perSampleMean(t, p, (a, b) => a === b)],
  [top_k_categorical_accuracy, (t, p, kw) => topK(t, p, (kw.k as number) ?? 5, false)],
  [sparse_top_k_categorical_accuracy, (t, p, kw) => topK(t, p, (kw.k as number) ?? 5, true)],
]);

// ---------------------------------------------------------------- Metric classes
export interface MetricArgs { name?: string; dtype?: unknown }

export interface Metric { (y_true: TensorLike, y_pred: TensorLike, sample_weight?: TensorLike | null): Tensor }
/** `tf.keras.metrics.Metric`: subclass with update_state/result/reset_state. */
export class Metric {
  static className = "Metric";
  declare name: string;
  declare dtype: string;
  constructor(args: MetricArgs = {}) {
    const self = makeCallable<Metric>(new.target.prototype);
    self.name = args.name ?? "metric";
    self.dtype = "float32";
    return self;
  }
  update_state(_y_true: TensorLike, _y_pred: TensorLike, _sample_weight?: TensorLike | null): void { throw new Error("Metric.update_state must be implemented"); }
  result(): Tensor { return scalar(this._value()); }
  /** The current value as a JS number (what logs and the progress bar show). */
  _value(): number { return Number(this.result().dataSync()[0]); }
  reset_state(): void { /* stateless by default */ }
  reset_states(): void { this.reset_state(); }
  __call__(y_true: TensorLike, y_pred: TensorLike, sample_weight?: TensorLike | null): Tensor {
    this.update_state(y_true, y_pred, sample_weight);
    return this.result();
  }
  get_config(): Record<string, unknown> { return { name: this.name, dtype: this.dtype }; }
  static from_config<T extends Metric>(this: new (config: any) => T, config: Record<string, unknown>): T { return new this(config); }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return `<keras.metrics.${classNameOf(this)} name=${this.name}>`; }
}

/** Per-sample weights as a float64 array of length n (null = all ones). */
function weightsFor(sample_weight: TensorLike | null | undefined, n: number): Float64Array | null {
  if (sample_weight == null) return null;
  const w = host(sample_weight, "sample_weight");
  const out = new Float64Array(n);
  if (w.data.length === 1) out.fill(w.data[0]);
  else if (w.data.length === n) for (let i = 0; i < n; i++) out[i] = w.data[i];
  else {
    throw new InvalidArgumentError(msg(`sample_weight has ${w.data.length} values for ${n} metric values.`, `sample_weight 값이 ${w.data.length}개인데 지표 값은 ${n}개입니다.`));
  }
  return out;
}

/** `tf.keras.metrics.Mean`: weighted mean of everything seen. */
export class Mean extends Metric {
  static override className = "Mean";
  total = 0;
  count = 0;
  constructor(args: MetricArgs | string = {}) { super(typeof args === "string" ? { name: args } : { name: "mean", ...args }); }
  override update_state(values: TensorLike, sample_weight?: TensorLike | null): void {
    const v = host(values, this.name);
    this._accumulate(v.data, weightsFor(sample_weight ?? null, v.data.length));
  }
  _accumulate(values: ArrayLike<number>, w: Float64Array | null): void {
    let s = 0, c = 0;
    if (w) for (let i = 0; i < values.length; i++) { s += values[i] * w[i]; c += w[i]; }
    else { for (let i = 0; i < values.length; i++) s += values[i]; c = values.length; }
    this.total += s; this.count += c;
  }
  override _value(): number { return this.count === 0 ? 0 : this.total / this.count; }
  override result(): Tensor { return scalar(this._value()); }
  override reset_state(): void { this.total = 0; this.count = 0; }
}
export class Sum extends Metric {
  static override className = "Sum";
  total = 0;
  constructor(args: MetricArgs = {}) { super({ name: "sum", ...args }); }
  override update_state(values: TensorLike, sample_weight?: TensorLike | null): void {
    const v = host(values, this.name);
    const w = weightsFor(sample_weight ?? null, v.data.length);
    for (let i = 0; i < v.data.length; i++) this.total += v.data[i] * (w ? w[i] : 1);
  }
  override _value(): number { return this.total; }
  override reset_state(): void { this.total = 0; }
}

type MetricFn = (y_true: Tensor, y_pred: Tensor, ...a: any[]) => Tensor;
/** `tf.keras.metrics.MeanMetricWrapper(fn, name, **kwargs)`: the mean of a per-sample function. */
export class MeanMetricWrapper extends Mean {
  static override className = "MeanMetricWrapper";
  fn: MetricFn;
  fn_kwargs: Record<string, unknown>;
  constructor(fn: MetricFn, name?: string, kwargs: Record<string, unknown> = {}) {
    super({ name: name ?? (fn.name || "mean_metric_wrapper") });
    this.fn = fn;
    this.fn_kwargs = kwargs;
  }
  override update_state(y_true: TensorLike, y_pred: TensorLike, sample_weight?: TensorLike | null): void {
    const fast = HOST_FNS.get(this.fn);
    let values: ArrayLike<number>;
    if (fast) values = fast(host(y_true, this.name), host(y_pred, this.name), this.fn_kwargs);
    else {
      let t = toTensor(y_true, this.name), p = toTensor(y_pred, this.name);
      [t, p] = losses.alignRanks(t, p);
      values = this.fn(t, p, ...Object.values(this.fn_kwargs)).dataSync() as ArrayLike<number>;
    }
    this._accumulate(values, weightsFor(sample_weight ?? null, values.length));
  }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), ...this.fn_kwargs }; }
}

function wrapperClass(className: string, defaultName: string, fn: MetricFn, params: [string, unknown][] = []) {
  const keys = ["name", "dtype", ...params.map(([k]) => k)];
  return class extends MeanMetricWrapper {
    static override className = className;
    constructor(...args: unknown[]) {
      let o: Record<string, unknown> = {};
      if (args.length === 1 && typeof args[0] === "object" && args[0] !== null) { checkOptions(className, args[0] as object, keys); o = { ...(args[0] as object) }; }
      else if (typeof args[0] === "string") { o.name = args[0]; params.forEach(([k], i) => { if (args[i + 2] !== undefined) o[k] = args[i + 2]; }); }
      const kw: Record<string, unknown> = {};
      for (const [k, d] of params) kw[k] = o[k] ?? d;
      super(fn, (o.name as string) ?? defaultName, kw);
    }
  };
}
export const Accuracy = wrapperClass("Accuracy", "accuracy", accuracy);
export const BinaryAccuracy = wrapperClass("BinaryAccuracy", "binary_accuracy", binary_accuracy, [["threshold", 0.5]]);
export const CategoricalAccuracy = wrapperClass("CategoricalAccuracy", "categorical_accuracy", categorical_accuracy);
export const SparseCategoricalAccuracy = wrapperClass("SparseCategoricalAccuracy", "sparse_categorical_accuracy", sparse_categorical_accuracy);
export const TopKCategoricalAccuracy = wrapperClass("TopKCategoricalAccuracy", "top_k_categorical_accuracy", top_k_categorical_accuracy, [["k", 5]]);
export const SparseTopKCategoricalAccuracy = wrapperClass("SparseTopKCategoricalAccuracy", "sparse_top_k_categorical_accuracy", sparse_top_k_categorical_accuracy, [["k", 5]]);
export const MeanSquaredError = wrapperClass("MeanSquaredError", "mean_squared_error", losses.mean_squared_error);
export const MeanAbsoluteError = wrapperClass("MeanAbsoluteError", "mean_absolute_error", losses.mean_absolute_error);
export const MeanAbsolutePercentageError = wrapperClass("MeanAbsolutePercentageError", "mean_absolute_percentage_error", losses.mean_absolute_percentage_error);
export const MeanSquaredLogarithmicError = wrapperClass("MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", losses.mean_squared_logarithmic_error);
export const BinaryCrossentropy = wrapperClass("BinaryCrossentropy", "binary_crossentropy", losses.binary_crossentropy, [["from_logits", false], ["label_smoothing", 0]]);
export const CategoricalCrossentropy = wrapperClass("CategoricalCrossentropy", "categorical_crossentropy", losses.categorical_crossentropy, [["from_logits", false], ["label_smoothing", 0]]);
export const SparseCategoricalCrossentropy = wrapperClass("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy", losses.sparse_categorical_crossentropy, [["from_logits", false]]);
export const Hinge = wrapperClass("Hinge", "hinge", losses.hinge);
export const SquaredHinge = wrapperClass("SquaredHinge", "squared_hinge", losses.squared_hinge);
export const KLDivergence = wrapperClass("KLDivergence", "kullback_leibler_divergence", losses.kl_divergence);
export const Poisson = wrapperClass("Poisson", "poisson", losses.poisson);
export const LogCoshError = wrapperClass("LogCoshError", "logcosh", losses.log_cosh);
export const CosineSimilarity = wrapperClass("CosineSimilarity", "cosine_similarity", (t, p, axis) => m.negative(losses.cosine_similarity(t, p, axis)), [["axis", -1]]);

/** `tf.keras.metrics.RootMeanSquaredError` */
export class RootMeanSquaredError extends Mean {
  static override className = "RootMeanSquaredError";
  constructor(args: MetricArgs = {}) { super({ name: "root_mean_squared_error", ...args }); }
  override update_state(y_true: TensorLike, y_pred: TensorLike, sample_weight?: TensorLike | null): void {
    let t = toTensor(y_true, this.name), p = toTensor(y_pred, this.name);
    [t, p] = losses.alignRanks(t, p);
    const sq = m.squared_difference(p, t.dtype === p.dtype ? t : m.cast(t, p.dtype)).dataSync() as ArrayLike<number>;
    this._accumulate(sq, weightsFor(sample_weight ?? null, sq.length));
  }
  override _value(): number { return Math.sqrt(super._value()); }
}

// ---------------------------------------------------------------- confusion-matrix metrics
type Confusion = { tp: Float64Array; fp: Float64Array; tn: Float64Array; fn: Float64Array };
function updateConfusion(c: Confusion, thresholds: number[], y_true: TensorLike, y_pred: TensorLike, sample_weight: TensorLike | null | undefined, classId: number | null, what: string): void {
  const t = host(y_true, what), p = host(y_pred, what);
  const C = p.shape.length > 1 ? p.shape[p.shape.length - 1] : 1;
  let n = p.data.length;
  const pv = (i: number) => (classId === null ? p.data[i] : p.data[i * C + classId]);
  const tv = (i: number) => (classId === null ? t.data[i] : t.data[i * C + classId]);
  if (classId !== null) n = Math.floor(n / C);
  if (classId === null && t.data.length !== n) {
    throw new InvalidArgumentError(msg(`${what}: y_true has ${t.data.length} values but y_pred has ${n}; they must have the same shape.`, `${what}: y_true 값은 ${t.data.length}개, y_pred 값은 ${n}개입니다. 형태가 같아야 합니다.`));
  }
  const w = weightsFor(sample_weight ?? null, n);
  for (let i = 0; i < n; i++) {
    const label = tv(i) !== 0, pred = pv(i), wi = w ? w[i] : 1;
    for (let k = 0; k < thresholds.length; k++) {
      const pos = pred > thresholds[k];
      if (label) { if (pos) c.tp[k] += wi; else c.fn[k] += wi; } else if (pos) c.fp[k] += wi; else c.tn[k] += wi;
    }
  }
}
function newConfusion(n: number): Confusion { return { tp: new Float64Array(n), fp: new Float64Array(n), tn: new Float64Array(n), fn: new Float64Array(n) }; }
const divNoNan = (a: number, b: number) => (b === 0 ? 0 : a / b);

interface ThresholdArgs extends MetricArgs { thresholds?: number | number[] | null; top_k?: number | null; class_id?: number | null }
class ThresholdMetric extends Metric {
  thresholds: number[];
  class_id: number | null;
  c: Confusion;
  constructor(className: string, dflt: string, args: ThresholdArgs | number | number[] = {}) {
    const o: ThresholdArgs = typeof args === "number" || Array.isArray(args) ? { thresholds: args } : args;
    checkOptions(className, o, ["thresholds", "top_k", "class_id", "name", "dtype"]);
    super({ name: o.name ?? dflt });
    const th = o.thresholds ?? 0.5;
    this.thresholds = Array.isArray(th) ? th : [th];
    this.class_id = o.class_id ?? null;
    this.c = newConfusion(this.thresholds.length);
  }
  override update_state(y_true: TensorLike, y_pred: TensorLike, sample_weight?: TensorLike | null): void {
    updateConfusion(this.c, this.thresholds, y_true, y_pred, sample_weight, this.class_id, this.name);
  }
  override reset_state(): void { this.c = newConfusion(this.thresholds.length); }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), thresholds: this.thresholds.length === 1 ? this.thresholds[0] : this.thresholds, class_id: this.class_id }; }
}
export class Precision extends ThresholdMetric {
  static override className = "Precision";
  constructor(args: ThresholdArgs | number | number[] = {}) { super("Precision", "precision", args); }
  override _value(): number { return divNoNan(this.c.tp[0], this.c.tp[0] + this.c.fp[0]); }
}
export class Recall extends ThresholdMetric {
  static override className = "Recall";
  constructor(args: ThresholdArgs | number | number[] = {}) { super("Recall", "recall", args); }
  override _value(): number { return divNoNan(this.c.tp[0], this.c.tp[0] + this.c.fn[0]); }
}
export class TruePositives extends ThresholdMetric {
  static override className = "TruePositives";
  constructor(args: ThresholdArgs | number | number[] = {}) { super("TruePositives", "true_positives", args); }
  override _value(): number { return this.c.tp[0]; }
}
export class FalsePositives extends ThresholdMetric {
  static override className = "FalsePositives";
  constructor(args: ThresholdArgs | number | number[] = {}) { super("FalsePositives", "false_positives", args); }
  override _value(): number { return this.c.fp[0]; }
}
export class TrueNegatives extends ThresholdMetric {
  static override className = "TrueNegatives";
  constructor(args: ThresholdArgs | number | number[] = {}) { super("TrueNegatives", "true_negatives", args); }
  override _value(): number { return this.c.tn[0]; }
}
export class FalseNegatives extends ThresholdMetric {
  static override className = "FalseNegatives";
  constructor(args: ThresholdArgs | number | number[] = {}) { super("FalseNegatives", "false_negatives", args); }
  override _value(): number { return this.c.fn[0]; }
}

interface AUCArgs extends MetricArgs { num_thresholds?: number; curve?: "ROC" | "PR"; summation_method?: "interpolation" | "minoring" | "majoring"; thresholds?: number[] | null; multi_label?: boolean; from_logits?: boolean }
/** `tf.keras.metrics.AUC(num_thresholds=200, curve='ROC', summation_method='interpolation', ...)` */
export class AUC extends Metric {
  static override className = "AUC";
  num_thresholds: number; curve: "ROC" | "PR"; summation_method: string; from_logits: boolean;
  thresholds: number[];
  c: Confusion;
  constructor(args: AUCArgs = {}) {
    checkOptions("AUC", args, ["num_thresholds", "curve", "summation_method", "name", "dtype", "thresholds", "multi_label", "num_labels", "label_weights", "from_logits"]);
    super({ name: args.name ?? "auc" });
    this.curve = args.curve ?? "ROC";
    this.summation_method = args.summation_method ?? "interpolation";
    this.from_logits = !!args.from_logits;
    if (this.curve !== "ROC" && this.curve !== "PR") throw new InvalidArgumentError(msg(`AUC: curve must be "ROC" or "PR", got ${JSON.stringify(this.curve)}.`, `AUC: curve는 "ROC" 또는 "PR"이어야 합니다.`));
    if (args.thresholds) {
      this.thresholds = [-epsilon(), ...args.thresholds, 1 + epsilon()];
      this.num_thresholds = this.thresholds.length;
    } else {
      this.num_thresholds = args.num_thresholds ?? 200;
      if (this.num_thresholds <= 1) throw new InvalidArgumentError(msg("AUC: num_thresholds must be > 1.", "AUC: num_thresholds는 1보다 커야 합니다."));
      const inner = Array.from({ length: this.num_thresholds - 2 }, (_, i) => (i + 1) / (this.num_thresholds - 1));
      this.thresholds = [-epsilon(), ...inner, 1 + epsilon()];
    }
    this.c = newConfusion(this.num_thresholds);
  }
  override update_state(y_true: TensorLike, y_pred: TensorLike, sample_weight?: TensorLike | null): void {
    const p = this.from_logits ? m.sigmoid(toTensor(y_pred, "AUC")) : y_pred;
    updateConfusion(this.c, this.thresholds, y_true, p, sample_weight, null, this.name);
  }
  override _value(): number {
    const { tp, fp, tn, fn } = this.c;
    const n = this.num_thresholds;
    if (this.curve === "PR" && this.summation_method === "interpolation") {
      // Davis & Goadrich interpolation, as Keras's interpolate_pr_auc.
      let auc = 0;
      for (let i = 0; i < n - 1; i++) {
        const dtp = tp[i] - tp[i + 1];
        const p = tp[i] + fp[i];
        const dp = p - (tp[i + 1] + fp[i + 1]);
        const precSlope = divNoNan(dtp, Math.max(dp, 0));
        const intercept = tp[i + 1] - precSlope * (tp[i + 1] + fp[i + 1]);
        const pNext = tp[i + 1] + fp[i + 1];
        const safeRatio = p > 0 && pNext > 0 ? divNoNan(p, Math.max(pNext, 0)) : 1;
        const term = precSlope * (dtp + intercept * Math.log(safeRatio));
        auc += divNoNan(term, Math.max(tp[i + 1] + fn[i + 1], 0));
      }
      return auc;
    }
    const x: number[] = [], y: number[] = [];
    for (let i = 0; i < n; i++) {
      const recall = divNoNan(tp[i], tp[i] + fn[i]);
      if (this.curve === "ROC") { x.push(divNoNan(fp[i], fp[i] + tn[i])); y.push(recall); }
      else { x.push(recall); y.push(divNoNan(tp[i], tp[i] + fp[i])); }
    }
    let auc = 0;
    for (let i = 0; i < n - 1; i++) {
      const h = this.summation_method === "interpolation" ? (y[i] + y[i + 1]) / 2 : this.summation_method === "minoring" ? Math.min(y[i], y[i + 1]) : Math.max(y[i], y[i + 1]);
      auc += (x[i] - x[i + 1]) * h;
    }
    return auc;
  }
  override reset_state(): void { this.c = newConfusion(this.num_thresholds); }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), num_thresholds: this.num_thresholds, curve: this.curve, summation_method: this.summation_method }; }
}

const FUNCTIONS: Record<string, MetricFn> = {
  accuracy, acc: accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, top_k_categorical_accuracy, sparse_top_k_categorical_accuracy,
  mean_squared_error: losses.mean_squared_error, mse: losses.mean_squared_error, MSE: losses.mean_squared_error,
  mean_absolute_error: losses.mean_absolute_error, mae: losses.mean_absolute_error, MAE: losses.mean_absolute_error,
  mean_absolute_percentage_error: losses.mean_absolute_percentage_error, mape: losses.mean_absolute_percentage_error,
  mean_squared_logarithmic_error: losses.mean_squared_logarithmic_error, msle: losses.mean_squared_logarithmic_error,
  binary_crossentropy: losses.binary_crossentropy, categorical_crossentropy: losses.categorical_crossentropy,
  sparse_categorical_crossentropy: losses.sparse_categorical_crossentropy, hinge: losses.hinge, squared_hinge: losses.squared_hinge,
  kl_divergence: losses.kl_divergence, kld: losses.kl_divergence, poisson: losses.poisson, logcosh: losses.log_cosh, log_cosh: losses.log_cosh,
};
const CLASSES: Record<string, new (...a: any[]) => Metric> = {
  Mean, Sum, Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy,
  MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, RootMeanSquaredError, BinaryCrossentropy,
  CategoricalCrossentropy, SparseCategoricalCrossentropy, Hinge, SquaredHinge, KLDivergence, Poisson, LogCoshError, CosineSimilarity,
  Precision, Recall, AUC, TruePositives, FalsePositives, TrueNegatives, FalseNegatives,
};

export type MetricIdentifier = string | Metric | MetricFn | { class_name: string; config?: Record<string, unknown> };

/** `tf.keras.metrics.get(identifier)`: a metric function or Metric. */
export function get(identifier: MetricIdentifier): Metric | MetricFn {
  if (identifier instanceof Metric || typeof identifier === "function") return identifier;
  if (typeof identifier === "string") {
    if (Object.prototype.hasOwnProperty.call(FUNCTIONS, identifier)) return FUNCTIONS[identifier];
    if (Object.prototype.hasOwnProperty.call(CLASSES, identifier)) return new CLASSES[identifier]();
    const near = nearest(identifier, [...Object.keys(FUNCTIONS), ...Object.keys(CLASSES)]);
    throw new InvalidArgumentError(msg(
      `Unknown metric function: '${identifier}'.${near ? ` Did you mean '${near}'?` : ""} Known: ${Object.keys(FUNCTIONS).join(", ")}.`,
      `알 수 없는 지표 '${identifier}'입니다.${near ? ` '${near}'을(를) 의도하셨나요?` : ""} 가능한 값: ${Object.keys(FUNCTIONS).join(", ")}.`,
    ));
  }
  if (identifier && typeof identifier === "object" && typeof identifier.class_name === "string") return deserialize(identifier);
  throw new InvalidArgumentError(msg(`Could not interpret metric identifier: ${String(identifier)}`, `지표 식별자를 해석할 수 없습니다: ${String(identifier)}`));
}
export function serialize(mt: Metric | MetricFn | string): unknown {
  if (typeof mt === "string") return mt;
  if (mt instanceof Metric) return { class_name: classNameOf(mt), config: mt.get_config() };
  for (const [k, f] of Object.entries(FUNCTIONS)) if (f === mt) return k;
  return mt.name;
}
export function deserialize(config: { class_name: string; config?: Record<string, unknown> }): Metric {
  const cls = Object.prototype.hasOwnProperty.call(CLASSES, config.class_name) ? CLASSES[config.class_name] : undefined;
  if (!cls) throw new InvalidArgumentError(msg(`Unknown metric class '${config.class_name}'.`, `알 수 없는 지표 클래스 '${config.class_name}'입니다.`));
  return new cls({ ...(config.config ?? {}) });
}

/** Keras's resolution of "accuracy"/"acc" (and "crossentropy"/"ce") for one output. */
export function resolveMetric(identifier: MetricIdentifier, yTrueShape: (number | null)[], yPredShape: (number | null)[], lossFn: unknown): Metric {
  if (identifier instanceof Metric) return identifier;
  if (typeof identifier === "string" && ["accuracy", "acc", "crossentropy", "ce"].includes(identifier)) {
    const tLast = yTrueShape[yTrueShape.length - 1], pLast = yPredShape[yPredShape.length - 1];
    const isBinary = pLast === 1 || lossFn === losses.binary_crossentropy || (lossFn instanceof losses.BinaryCrossentropy);
    const isSparse = yTrueShape.length < yPredShape.length || (tLast === 1 && pLast !== 1);
    let fn: MetricFn;
    if (identifier === "accuracy" || identifier === "acc") fn = isBinary ? binary_accuracy : isSparse ? sparse_categorical_accuracy : categorical_accuracy;
    else fn = isBinary ? losses.binary_crossentropy : isSparse ? losses.sparse_categorical_crossentropy : losses.categorical_crossentropy;
    return new MeanMetricWrapper(fn, identifier);
  }
  const g = get(identifier);
  if (g instanceof Metric) return g;
  const name = typeof identifier === "string" ? identifier : (g.name || "metric");
  return new MeanMetricWrapper(g, name);
}

void r; void arr;
