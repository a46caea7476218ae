/** BatchNormalization and LayerNormalization (Keras 2 semantics, including the moving statistics). */
import { Tensor } from "../../core/tensor/tensor";
import { formatShape } from "../../core/tensor/shape";
import * as m from "../../core/ops/math";
import * as arr from "../../core/ops/array";
import * as nn from "../../core/ops/nn";
import { TensorLike } from "../../core/ops/convert";
import type { Variable } from "../../core/variable";
import { InvalidArgumentError, msg } from "../../core/errors";
import { Layer, InputSpec, castInputs } from "../engine/base_layer";
import type { Shape } from "../engine/keras_tensor";
import * as initializers from "../initializers";
import * as regularizers from "../regularizers";
import * as constraints from "../constraints";
import { bindLayerArgs } from "./args";
import { ser } from "./core";

const V = (v: Variable) => v as unknown as TensorLike;

interface BNArgs {
  axis?: number | number[]; momentum?: number; epsilon?: number; center?: boolean; scale?: boolean;
  beta_initializer?: initializers.InitializerIdentifier; gamma_initializer?: initializers.InitializerIdentifier;
  moving_mean_initializer?: initializers.InitializerIdentifier; moving_variance_initializer?: initializers.InitializerIdentifier;
  beta_regularizer?: regularizers.RegularizerIdentifier | null; gamma_regularizer?: regularizers.RegularizerIdentifier | null;
  beta_constraint?: constraints.ConstraintIdentifier | null; gamma_constraint?: constraints.ConstraintIdentifier | null;
  synchronized?: boolean; renorm?: boolean; fused?: boolean | null; virtual_batch_size?: number | null; adjustment?: unknown;
}

function axesOf(className: string, axis: number | number[], rank: number): number[] {
  const list = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a));
  for (const a of list) {
    if (a < 0 || a >= rank) throw new InvalidArgumentError(msg(`${className}: invalid axis ${JSON.stringify(axis)} for input of rank ${rank}.`, `${className}: 랭크 ${rank} 입력에 축 ${JSON.stringify(axis)}는 잘못되었습니다.`));
  }
  return list;
}

/** `BatchNormalization(axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, ...)` */
export class BatchNormalization extends Layer {
  static override className = "BatchNormalization";
  axis: number | number[]; momentum: number; epsilon: number; center: boolean; scale: boolean;
  beta_initializer: initializers.Initializer; gamma_initializer: initializers.Initializer;
  moving_mean_initializer: initializers.Initializer; moving_variance_initializer: initializers.Initializer;
  beta_regularizer: regularizers.Regularizer | null; gamma_regularizer: regularizers.Regularizer | null;
  beta_constraint: constraints.Constraint | null; gamma_constraint: constraints.Constraint | null;
  gamma: Variable | null = null; beta: Variable | null = null; moving_mean!: Variable; moving_variance!: Variable;
  private axes: number[] = [];
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<BNArgs>("BatchNormalization", args, ["axis", "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
      "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint"],
    ["synchronized", "renorm", "renorm_clipping", "renorm_momentum", "fused", "virtual_batch_size", "adjustment"]);
    super(base);
    this.axis = o.axis ?? -1; this.momentum = o.momentum ?? 0.99; this.epsilon = o.epsilon ?? 0.001;
    this.center = o.center ?? true; this.scale = o.scale ?? true;
    this.beta_initializer = initializers.get(o.beta_initializer ?? "zeros");
    this.gamma_initializer = initializers.get(o.gamma_initializer ?? "ones");
    this.moving_mean_initializer = initializers.get(o.moving_mean_initializer ?? "zeros");
    this.moving_variance_initializer = initializers.get(o.moving_variance_initializer ?? "ones");
    this.beta_regularizer = regularizers.get(o.beta_regularizer ?? null);
    this.gamma_regularizer = regularizers.get(o.gamma_regularizer ?? null);
    this.beta_constraint = constraints.get(o.beta_constraint ?? null);
    this.gamma_constraint = constraints.get(o.gamma_constraint ?? null);
    if (o.renorm || o.virtual_batch_size) throw new InvalidArgumentError(msg("BatchNormalization: renorm and virtual_batch_size are not supported.", "BatchNormalization: renorm과 virtual_batch_size는 지원하지 않습니다."));
    this.supports_masking = true;
  }
  override build(s: Shape): void {
    this.axes = axesOf("BatchNormalization", this.axis, s.length);
    const pshape = this.axes.map((a) => {
      const d = s[a];
      if (d == null) throw new InvalidArgumentError(msg(`Axis ${a} of input tensor should have a defined dimension but the layer received an input with shape ${formatShape(s)}.`, `입력의 ${a}번 축 크기가 정해져 있어야 하는데 받은 입력 형태는 ${formatShape(s)}입니다.`));
      return d;
    });
    const axesSpec: Record<number, number> = {};
    this.axes.forEach((a, i) => { axesSpec[a] = pshape[i]; });
    this.input_spec = new InputSpec({ ndim: s.length, axes: axesSpec });
    const shape = pshape.length === 1 ? [pshape[0]] : pshape;
    if (this.scale) this.gamma = this.add_weight({ name: "gamma", shape, initializer: this.gamma_initializer, regularizer: this.gamma_regularizer, constraint: this.gamma_constraint, dtype: this._dtype });
    if (this.center) this.beta = this.add_weight({ name: "beta", shape, initializer: this.beta_initializer, regularizer: this.beta_regularizer, constraint: this.beta_constraint, dtype: this._dtype });
    this.moving_mean = this.add_weight({ name: "moving_mean", shape, initializer: this.moving_mean_initializer, trainable: false, dtype: this._dtype });
    this.moving_variance = this.add_weight({ name: "moving_variance", shape, initializer: this.moving_variance_initializer, trainable: false, dtype: this._dtype });
    this.built = true;
  }
  /** Parameter shape broadcast against the input (1 everywhere but the normalised axes). */
  private bshape(rank: number, x: Tensor): number[] { return Array.from({ length: rank }, (_, i) => (this.axes.includes(i) ? x.shape[i] : 1)); }
  override call(inputs: Tensor, training?: boolean): Tensor {
    const x = castInputs(inputs, this._dtype);
    const rank = x.rank;
    const bs = this.bshape(rank, x);
    const reduceAxes = Array.from({ length: rank }, (_, i) => i).filter((i) => !this.axes.includes(i));
    const rs = (t: Tensor | Variable) => arr.reshape(t as unknown as TensorLike, bs);
    // A frozen BatchNormalization runs in inference mode (TF 2 behaviour).
    const useBatch = !!training && this.trainable;
    let mean: Tensor, variance: Tensor;
    if (useBatch) {
      [mean, variance] = nn.moments(x, reduceAxes, undefined, true);
      const n = reduceAxes.reduce((a, i) => a * x.shape[i], 1);
      // TF's fused kernel (4-D inputs) keeps the unbiased variance in the moving average.
      const fused = rank === 4 && this.axes.length === 1 && (this.axes[0] === 3 || this.axes[0] === 1);
      const batchVar = fused && n > 1 ? m.multiply(variance, m.scalarLike(n / (n - 1), variance)) : variance;
      const decay = m.scalarLike(1 - this.momentum, mean);
      const mm = arr.reshape(mean, this.moving_mean.shape), mv = arr.reshape(batchVar, this.moving_variance.shape);
      const newMean = m.subtract(V(this.moving_mean), m.multiply(m.subtract(V(this.moving_mean), mm), decay));
      const newVar = m.subtract(V(this.moving_variance), m.multiply(m.subtract(V(this.moving_variance), mv), decay));
      this.moving_mean.assign(newMean);
      this.moving_variance.assign(newVar);
    } else {
      mean = rs(this.moving_mean);
      variance = rs(this.moving_variance);
    }
    let inv = m.rsqrt(m.add(variance, m.scalarLike(this.epsilon, variance)));
    if (this.gamma) inv = m.multiply(inv, rs(this.gamma));
    let y = m.multiply(m.subtract(x, mean), inv);
    if (this.beta) y = m.add(y, rs(this.beta));
    return y;
  }
  override compute_output_shape(s: Shape): Shape { return s; }
  override _outputDType() { return this._dtype; }
  override get_config(): Record<string, unknown> {
    return {
      ...super.get_config(), axis: this.axis, momentum: this.momentum, epsilon: this.epsilon, center: this.center, scale: this.scale,
      beta_initializer: ser.init(this.beta_initializer), gamma_initializer: ser.init(this.gamma_initializer),
      moving_mean_initializer: ser.init(this.moving_mean_initializer), moving_variance_initializer: ser.init(this.moving_variance_initializer),
      beta_regularizer: ser.reg(this.beta_regularizer), gamma_regularizer: ser.reg(this.gamma_regularizer),
      beta_constraint: ser.con(this.beta_constraint), gamma_constraint: ser.con(this.gamma_constraint),
    };
  }
}

/** `LayerNormalization(axis=-1, epsilon=0.001, center=True, scale=True, ...)` */
export class LayerNormalization extends Layer {
  static override className = "LayerNormalization";
  axis: number | number[]; epsilon: number; center: boolean; scale: boolean;
  beta_initializer: initializers.Initializer; gamma_initializer: initializers.Initializer;
  beta_regularizer: regularizers.Regularizer | null; gamma_regularizer: regularizers.Regularizer | null;
  beta_constraint: constraints.Constraint | null; gamma_constraint: constraints.Constraint | null;
  gamma: Variable | null = null; beta: Variable | null = null;
  private axes: number[] = [];
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<BNArgs>("LayerNormalization", args, ["axis", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
      "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint"]);
    super(base);
    this.axis = o.axis ?? -1; this.epsilon = o.epsilon ?? 0.001; this.center = o.center ?? true; this.scale = o.scale ?? true;
    this.beta_initializer = initializers.get(o.beta_initializer ?? "zeros");
    this.gamma_initializer = initializers.get(o.gamma_initializer ?? "ones");
    this.beta_regularizer = regularizers.get(o.beta_regularizer ?? null);
    this.gamma_regularizer = regularizers.get(o.gamma_regularizer ?? null);
    this.beta_constraint = constraints.get(o.beta_constraint ?? null);
    this.gamma_constraint = constraints.get(o.gamma_constraint ?? null);
    this.supports_masking = true;
  }
  override build(s: Shape): void {
    this.axes = axesOf("LayerNormalization", this.axis, s.length).sort((a, b) => a - b);
    const shape = this.axes.map((a) => s[a] as number);
    if (shape.some((d) => d == null)) throw new InvalidArgumentError(msg(`LayerNormalization: the normalised axes must have known sizes, got input shape ${formatShape(s)}.`, `LayerNormalization: 정규화하는 축의 크기가 정해져 있어야 하는데 입력 형태가 ${formatShape(s)}입니다.`));
    if (this.scale) this.gamma = this.add_weight({ name: "gamma", shape, initializer: this.gamma_initializer, regularizer: this.gamma_regularizer, constraint: this.gamma_constraint, dtype: this._dtype });
    if (this.center) this.beta = this.add_weight({ name: "beta", shape, initializer: this.beta_initializer, regularizer: this.beta_regularizer, constraint: this.beta_constraint, dtype: this._dtype });
    this.built = true;
  }
  override call(inputs: Tensor): Tensor {
    const x = castInputs(inputs, this._dtype);
    const [mean, variance] = nn.moments(x, this.axes, undefined, true);
    const bs = Array.from({ length: x.rank }, (_, i) => (this.axes.includes(i) ? x.shape[i] : 1));
    const inv = m.rsqrt(m.add(variance, m.scalarLike(this.epsilon, variance)));
    let y = m.multiply(m.subtract(x, mean), inv);
    if (this.gamma) y = m.multiply(y, arr.reshape(V(this.gamma), bs));
    if (this.beta) y = m.add(y, arr.reshape(V(this.beta), bs));
    return y;
  }
  override compute_output_shape(s: Shape): Shape { return s; }
  override _outputDType() { return this._dtype; }
  override get_config(): Record<string, unknown> {
    return {
      ...super.get_config(), axis: this.axis, epsilon: this.epsilon, center: this.center, scale: this.scale,
      beta_initializer: ser.init(this.beta_initializer), gamma_initializer: ser.init(this.gamma_initializer),
      beta_regularizer: ser.reg(this.beta_regularizer), gamma_regularizer: ser.reg(this.gamma_regularizer),
      beta_constraint: ser.con(this.beta_constraint), gamma_constraint: ser.con(this.gamma_constraint),
    };
  }
}
