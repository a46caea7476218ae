/** Core layers: Dense, Flatten, Dropout, Activation, Reshape, Permute, Lambda, RepeatVector, Masking, Rescaling. */
import { Tensor } from "../../core/tensor/tensor";
import { formatShape } from "../../core/tensor/shape";
import { matmul } from "../../core/ops/matmul";
import * as arr from "../../core/ops/array";
import * as m from "../../core/ops/math";
import * as nn from "../../core/ops/nn";
import { reduce_any } from "../../core/ops/reduce";
import * as random from "../../core/ops/random";
import { TensorLike, toTensor } from "../../core/ops/convert";
import { executingEagerly, hasKernel, runOp } from "../../core/engine/engine";
import { float32 } from "../../core/tensor/dtypes";
import type { Variable } from "../../core/variable";
import { InvalidArgumentError, msg } from "../../core/errors";
import { Layer, InputSpec, castInputs, CallKwargs } from "../engine/base_layer";
import type { Shape } from "../engine/keras_tensor";
import * as activations from "../activations";
import * as initializers from "../initializers";
import * as regularizers from "../regularizers";
import * as constraints from "../constraints";
import { bindLayerArgs, required, positiveInt, normalizeDataFormat } from "./args";

export interface DenseArgs {
  units?: number; activation?: activations.ActivationIdentifier; use_bias?: boolean;
  kernel_initializer?: initializers.InitializerIdentifier; bias_initializer?: initializers.InitializerIdentifier;
  kernel_regularizer?: regularizers.RegularizerIdentifier | null; bias_regularizer?: regularizers.RegularizerIdentifier | null;
  activity_regularizer?: regularizers.RegularizerIdentifier | null;
  kernel_constraint?: constraints.ConstraintIdentifier | null; bias_constraint?: constraints.ConstraintIdentifier | null;
}
const DENSE_KEYS = ["units", "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint"];

/** Serialises an optional regularizer/constraint/initializer for configs. */
export const ser = {
  init: (i: initializers.Initializer) => initializers.serialize(i),
  reg: (r: regularizers.Regularizer | null) => (r ? regularizers.serialize(r) : null),
  con: (c: constraints.Constraint | null) => (c ? constraints.serialize(c) : null),
};

/** `Dense(units, activation=None, use_bias=True, kernel_initializer='glorot_uniform', bias_initializer='zeros', ...)` */
export class Dense extends Layer {
  static override className = "Dense";
  units: number;
  activation: activations.ActivationFn;
  use_bias: boolean;
  kernel_initializer: initializers.Initializer;
  bias_initializer: initializers.Initializer;
  kernel_regularizer: regularizers.Regularizer | null;
  bias_regularizer: regularizers.Regularizer | null;
  kernel_constraint: constraints.Constraint | null;
  bias_constraint: constraints.Constraint | null;
  kernel!: Variable;
  bias: Variable | null = null;
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<DenseArgs>("Dense", args, ["units", "activation", "use_bias", "kernel_initializer", "bias_initializer"], DENSE_KEYS);
    super({ ...base, activity_regularizer: o.activity_regularizer });
    this.units = positiveInt("Dense", "units", required("Dense", o as Record<string, unknown>, "units"));
    this.activation = activations.get(o.activation ?? null);
    this.use_bias = o.use_bias ?? true;
    this.kernel_initializer = initializers.get(o.kernel_initializer ?? "glorot_uniform");
    this.bias_initializer = initializers.get(o.bias_initializer ?? "zeros");
    this.kernel_regularizer = regularizers.get(o.kernel_regularizer ?? null);
    this.bias_regularizer = regularizers.get(o.bias_regularizer ?? null);
    this.kernel_constraint = constraints.get(o.kernel_constraint ?? null);
    this.bias_constraint = constraints.get(o.bias_constraint ?? null);
    this.input_spec = new InputSpec({ min_ndim: 2 });
    this.supports_masking = true;
  }
  override build(input_shape: Shape): void {
    const last = input_shape[input_shape.length - 1];
    if (last == null) {
      throw new InvalidArgumentError(msg(
        `The last dimension of the inputs to a Dense layer should be defined. Found None. Full input shape received: ${formatShape(input_shape)}`,
        `Dense 층 입력의 마지막 차원이 정해져 있어야 하는데 None입니다. 받은 입력 형태: ${formatShape(input_shape)}`,
      ));
    }
    this.input_spec = new InputSpec({ min_ndim: 2, axes: { [-1]: last } });
    this.kernel = this.add_weight({ name: "kernel", shape: [last, this.units], initializer: this.kernel_initializer, regularizer: this.kernel_regularizer, constraint: this.kernel_constraint, dtype: this._dtype });
    if (this.use_bias) this.bias = this.add_weight({ name: "bias", shape: [this.units], initializer: this.bias_initializer, regularizer: this.bias_regularizer, constraint: this.bias_constraint, dtype: this._dtype });
    this.built = true;
  }
  override call(inputs: Tensor): Tensor {
    const x = castInputs(inputs, this._dtype);
    const fused = this._fusedOps(x);
    if (fused) {
      // One op for the product, the bias and a relu (TF's Grappler makes the same _FusedMatMul of
      // them in a traced train step); same values and gradients as the three ops below.
      const kernel = toTensor(this.kernel as unknown as TensorLike, "Dense"), bias = toTensor(this.bias as unknown as TensorLike, "Dense");
      const y = runOp("_FusedMatMul", [x, kernel, bias], { transpose_a: false, transpose_b: false, fused_ops: fused })[0];
      return fused.length > 1 ? y : activations.applyActivation(this.activation, y);
    }
    let y: Tensor;
    if (x.rank === 2) y = matmul(x, this.kernel as unknown as TensorLike);
    else {
      const lead = x.shape.slice(0, -1);
      y = arr.reshape(matmul(arr.reshape(x, [-1, x.shape[x.rank - 1]]), this.kernel as unknown as TensorLike), [...lead, this.units]);
    }
    if (this.bias) y = nn.bias_add(y, this.bias as unknown as TensorLike);
    return activations.applyActivation(this.activation, y);
  }
  /**
   * fused_ops for an eager float32 call on a matrix with a bias ("Relu" too when that is the
   * activation), where the backend runs _FusedMatMul in place; null: the plain ops.
   */
  _fusedOps(x: Tensor): string[] | null {
    const k = this.kernel as Variable | null, b = this.bias as Variable | null;
    if (x.rank !== 2 || !k || !b || x.dtype !== float32 || k.dtype !== float32 || b.dtype !== float32) return null;
    if (!executingEagerly() || !hasKernel("_FusedMatMul")) return null;
    return activations.isRelu(this.activation) ? ["BiasAdd", "Relu"] : ["BiasAdd"];
  }
  override compute_output_shape(s: Shape): Shape { return [...s.slice(0, -1), this.units]; }
  override _outputDType() { return this._dtype; }
  override get_config(): Record<string, unknown> {
    return {
      ...super.get_config(), units: this.units, activation: activations.serialize(this.activation), use_bias: this.use_bias,
      kernel_initializer: ser.init(this.kernel_initializer), bias_initializer: ser.init(this.bias_initializer),
      kernel_regularizer: ser.reg(this.kernel_regularizer), bias_regularizer: ser.reg(this.bias_regularizer),
      activity_regularizer: ser.reg(this.activity_regularizer), kernel_constraint: ser.con(this.kernel_constraint), bias_constraint: ser.con(this.bias_constraint),
    };
  }
}

/** `Flatten(data_format=None)` */
export class Flatten extends Layer {
  static override className = "Flatten";
  data_format: "channels_last" | "channels_first";
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<{ data_format?: string }>("Flatten", args, ["data_format"]);
    super(base);
    this.data_format = normalizeDataFormat("Flatten", o.data_format);
    this.input_spec = new InputSpec({ min_ndim: 1 });
  }
  override call(inputs: Tensor): Tensor {
    let x = inputs;
    if (this.data_format === "channels_first" && x.rank > 2) x = arr.transpose(x, [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2), 1]);
    if (x.rank === 1) return arr.expand_dims(x, 1);
    let n = 1;
    for (const d of x.shape.slice(1)) n *= d;
    return arr.reshape(x, [x.shape[0], n]);
  }
  override compute_output_shape(s: Shape): Shape {
    if (s.length === 1) return [s[0], 1];
    const rest = s.slice(1);
    return [s[0], rest.some((d) => d === null) ? null : rest.reduce<number>((a, b) => a * (b as number), 1)];
  }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), data_format: this.data_format }; }
}

/** `Dropout(rate, noise_shape=None, seed=None)`: active only when training. */
export class Dropout extends Layer {
  static override className = "Dropout";
  rate: number; noise_shape: (number | null)[] | null; seed: number | null;
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<{ rate?: number; noise_shape?: (number | null)[] | null; seed?: number | null }>("Dropout", args, ["rate", "noise_shape", "seed"]);
    super(base);
    const rate = required<number>("Dropout", o as Record<string, unknown>, "rate");
    if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
      throw new InvalidArgumentError(msg(`Invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${rate}`, `\`rate\`는 0과 1 사이의 실수여야 하는데 ${rate}입니다.`));
    }
    this.rate = rate; this.noise_shape = o.noise_shape ?? null; this.seed = o.seed ?? null;
    this.supports_masking = true;
  }
  override call(inputs: Tensor, training?: boolean): Tensor {
    if (!training || this.rate === 0) return inputs;
    if (this.rate === 1) return m.zerosLike(inputs);
    const ns = this.noise_shape ? this.noise_shape.map((d, i) => d ?? inputs.shape[i]) : null;
    return nn.dropout(inputs, { rate: this.rate, noise_shape: ns, seed: this.seed ?? undefined });
  }
  override compute_output_shape(s: Shape): Shape { return s; }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), rate: this.rate, noise_shape: this.noise_shape, seed: this.seed }; }
}

function spatialDropout(className: string, rank: number) {
  return class extends Dropout {
    static override className = className;
    data_format: "channels_last" | "channels_first";
    constructor(...args: unknown[]) {
      const [o, base] = bindLayerArgs<{ rate?: number; data_format?: string }>(className, args, ["rate", "data_format"]);
      super({ rate: o.rate, ...base });
      this.data_format = normalizeDataFormat(className, o.data_format);
      this.input_spec = new InputSpec({ ndim: rank });
    }
    override call(inputs: Tensor, training?: boolean): Tensor {
      if (!training || this.rate === 0) return inputs;
      const s = inputs.shape;
      const ns = this.data_format === "channels_last" ? [s[0], ...new Array(rank - 2).fill(1), s[rank - 1]] : [s[0], s[1], ...new Array(rank - 2).fill(1)];
      return nn.dropout(inputs, { rate: this.rate, noise_shape: ns, seed: this.seed ?? undefined });
    }
    override get_config(): Record<string, unknown> {
      const c: Record<string, unknown> = { ...super.get_config() };
      delete c.noise_shape; delete c.seed;
      return { ...c, data_format: this.data_format };
    }
  };
}
export const SpatialDropout1D = spatialDropout("SpatialDropout1D", 3);
export const SpatialDropout2D = spatialDropout("SpatialDropout2D", 4);

/** `Activation(activation)` */
export class Activation extends Layer {
  static override className = "Activation";
  activation: activations.ActivationFn;
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<{ activation?: activations.ActivationIdentifier }>("Activation", args, ["activation"]);
    super(base);
    this.activation = activations.get(required("Activation", o as Record<string, unknown>, "activation"));
    this.supports_masking = true;
  }
  override call(inputs: Tensor): Tensor { return activations.applyActivation(this.activation, inputs); }
  override compute_output_shape(s: Shape): Shape { return s; }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), activation: activations.serialize(this.activation) }; }
}

/** `Reshape(target_shape)`: target excludes the batch dimension; one entry may be -1. */
export class Reshape extends Layer {
  static override className = "Reshape";
  target_shape: number[];
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<{ target_shape?: number[] }>("Reshape", args, ["target_shape"]);
    super(base);
    const t = required<number[]>("Reshape", o as Record<string, unknown>, "target_shape");
    if (!Array.isArray(t) || !t.every((d) => Number.isInteger(d) && (d > 0 || d === -1)) || t.filter((d) => d === -1).length > 1) {
      throw new InvalidArgumentError(msg(`Reshape: target_shape must be a list of positive integers with at most one -1, got ${JSON.stringify(t)}.`, `Reshape: target_shape는 양의 정수 목록(-1은 최대 하나)이어야 하는데 ${JSON.stringify(t)}입니다.`));
    }
    this.target_shape = [...t];
  }
  private fix(inShape: Shape): (number | null)[] {
    const known = inShape.slice(1);
    const out: (number | null)[] = [...this.target_shape];
    if (known.some((d) => d === null)) return out.map((d) => (d === -1 ? null : d));
    const total = known.reduce<number>((a, b) => a * (b as number), 1);
    const prod = this.target_shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const neg = this.target_shape.indexOf(-1);
    if (neg >= 0) {
      if (total % prod !== 0) this.mismatch(inShape, total);
      out[neg] = total / prod;
    } else if (prod !== total) this.mismatch(inShape, total);
    return out;
  }
  private mismatch(inShape: Shape, total: number): never {
    throw new InvalidArgumentError(msg(
      `total size of new array must be unchanged, input_shape = ${JSON.stringify(inShape.slice(1))}, output_shape = ${JSON.stringify(this.target_shape)} (layer "${this.name}": ${total} values cannot be reshaped to ${formatShape(this.target_shape)}).`,
      `새 배열의 전체 크기는 같아야 합니다: input_shape = ${JSON.stringify(inShape.slice(1))}, output_shape = ${JSON.stringify(this.target_shape)} (층 "${this.name}").`,
    ));
  }
  override call(inputs: Tensor): Tensor {
    const t = this.fix(inputs.shape);
    return arr.reshape(inputs, [inputs.shape[0], ...t.map((d) => d ?? -1)]);
  }
  override compute_output_shape(s: Shape): Shape { return [s[0], ...this.fix(s)]; }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), target_shape: this.target_shape }; }
}

/** `Permute(dims)`: dims are 1-based and exclude the batch dimension. */
export class Permute extends Layer {
  static override className = "Permute";
  dims: number[];
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<{ dims?: number[] }>("Permute", args, ["dims"]);
    super(base);
    const d = required<number[]>("Permute", o as Record<string, unknown>, "dims");
    const sorted = [...d].sort((a, b) => a - b);
    if (!sorted.every((v, i) => v === i + 1)) {
      throw new InvalidArgumentError(msg(`Invalid permutation argument \`dims\` for Permute Layer. The set of indices in \`dims\` must be consecutive and start from 1. Received dims=${JSON.stringify(d)}`, `Permute의 dims는 1부터 시작하는 연속된 번호여야 합니다. 받은 dims=${JSON.stringify(d)}`));
    }
    this.dims = [...d];
    this.input_spec = new InputSpec({ ndim: d.length + 1 });
  }
  override call(inputs: Tensor): Tensor { return arr.transpose(inputs, [0, ...this.dims]); }
  override compute_output_shape(s: Shape): Shape { return [s[0], ...this.dims.map((d) => s[d])]; }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), dims: this.dims }; }
}

/** `RepeatVector(n)`: (batch, features) -> (batch, n, features). */
export class RepeatVector extends Layer {
  static override className = "RepeatVector";
  n: number;
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<{ n?: number }>("RepeatVector", args, ["n"]);
    super(base);
    this.n = positiveInt("RepeatVector", "n", required("RepeatVector", o as Record<string, unknown>, "n"));
    this.input_spec = new InputSpec({ ndim: 2 });
  }
  override call(inputs: Tensor): Tensor { return arr.tile(arr.expand_dims(inputs, 1), [1, this.n, 1]); }
  override compute_output_shape(s: Shape): Shape { return [s[0], this.n, s[1]]; }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), n: this.n }; }
}

/** `Lambda(function, output_shape=None, mask=None, arguments=None)`: wraps a function of tensors. */
export class Lambda extends Layer {
  static override className = "Lambda";
  fn: (x: any, ...a: any[]) => any;
  output_shape_: Shape | ((s: any) => any) | null;
  arguments_: Record<string, unknown>;
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<{ function?: (x: any) => any; output_shape?: Shape | ((s: any) => any) | null; mask?: unknown; arguments?: Record<string, unknown> }>(
      "Lambda", args, ["function", "output_shape", "mask", "arguments"]);
    super(base);
    const f = required<(x: any) => any>("Lambda", o as Record<string, unknown>, "function");
    if (typeof f !== "function") throw new InvalidArgumentError(msg("Lambda: `function` must be a function of the input tensor(s).", "Lambda: `function`은 입력 텐서를 받는 함수여야 합니다."));
    this.fn = f;
    this.output_shape_ = o.output_shape ?? null;
    this.arguments_ = o.arguments ?? {};
  }
  override call(inputs: any, training?: boolean): any {
    void training;
    return Object.keys(this.arguments_).length ? this.fn(inputs, this.arguments_) : this.fn(inputs);
  }
  override compute_output_shape(s: any): any {
    if (typeof this.output_shape_ === "function") return this.output_shape_(s);
    if (Array.isArray(this.output_shape_)) return [s[0] ?? null, ...this.output_shape_];
    return super.compute_output_shape(s);
  }
  override get_config(): Record<string, unknown> {
    return { ...super.get_config(), function: this.fn.toString(), function_type: "lambda", module: null, output_shape: Array.isArray(this.output_shape_) ? this.output_shape_ : null, arguments: this.arguments_ };
  }
}

/** `Masking(mask_value=0.0)`: timesteps whose features all equal mask_value are skipped downstream. */
export class Masking extends Layer {
  static override className = "Masking";
  mask_value: number;
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<{ mask_value?: number }>("Masking", args, ["mask_value"]);
    super(base);
    this.mask_value = o.mask_value ?? 0;
    this.supports_masking = true;
  }
  override compute_mask(inputs: Tensor): Tensor {
    return reduce_any(m.not_equal(inputs, m.scalarLike(this.mask_value, inputs)), -1);
  }
  override _producesMask(): boolean { return true; }
  override call(inputs: Tensor): Tensor {
    const keep = arr.expand_dims(this.compute_mask(inputs), -1);
    return m.multiply(inputs, m.cast(keep, inputs.dtype));
  }
  override compute_output_shape(s: Shape): Shape { return s; }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), mask_value: this.mask_value }; }
}

/** `Rescaling(scale, offset=0.0)`: x * scale + offset. */
export class Rescaling extends Layer {
  static override className = "Rescaling";
  scale: number; offset: number;
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<{ scale?: number; offset?: number }>("Rescaling", args, ["scale", "offset"]);
    super(base);
    this.scale = required<number>("Rescaling", o as Record<string, unknown>, "scale");
    this.offset = o.offset ?? 0;
  }
  override call(inputs: Tensor): Tensor {
    const x = castInputs(inputs, this._dtype);
    return m.add(m.multiply(x, m.scalarLike(this.scale, x)), m.scalarLike(this.offset, x));
  }
  override compute_output_shape(s: Shape): Shape { return s; }
  override _outputDType() { return this._dtype; }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), scale: this.scale, offset: this.offset }; }
}

/** `GaussianNoise(stddev, seed=None)`: adds N(0, stddev) noise when training. */
export class GaussianNoise extends Layer {
  static override className = "GaussianNoise";
  stddev: number; seed: number | null;
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<{ stddev?: number; seed?: number | null }>("GaussianNoise", args, ["stddev", "seed"]);
    super(base);
    this.stddev = required<number>("GaussianNoise", o as Record<string, unknown>, "stddev");
    this.seed = o.seed ?? null;
    this.supports_masking = true;
  }
  override call(inputs: Tensor, training?: boolean): Tensor {
    if (!training) return inputs;
    return m.add(inputs, random.normal(inputs.shape, { stddev: this.stddev, dtype: inputs.dtype, seed: this.seed ?? undefined }));
  }
  override compute_output_shape(s: Shape): Shape { return s; }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), stddev: this.stddev, seed: this.seed }; }
}

export type { CallKwargs };
