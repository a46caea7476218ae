/**
 * Convolution layers: Conv1D, Conv2D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D
 * (channels_last by default, like Keras), plus ZeroPadding2D and UpSampling2D. The convolutions
 * are tf.nn's ops, with their gradients.
 */
import { Tensor } from "../../core/tensor/tensor";
import { formatShape } from "../../core/tensor/shape";
import * as conv from "../../core/ops/conv";
import * as arr from "../../core/ops/array";
import * as nn from "../../core/ops/nn";
import { TensorLike } from "../../core/ops/convert";
import type { Variable } from "../../core/variable";
import { InvalidArgumentError, msg } from "../../core/errors";
import { Layer, InputSpec, castInputs } from "../engine/base_layer";
import type { Shape } from "../engine/keras_tensor";
import * as activations from "../activations";
import * as initializers from "../initializers";
import * as regularizers from "../regularizers";
import * as constraints from "../constraints";
import { bindLayerArgs, required, positiveInt, normalizeTuple, normalizePadding, normalizeDataFormat, convOutputLength, deconvOutputLength } from "./args";
import { ser } from "./core";

const V = (v: Variable | null) => v as unknown as TensorLike;

interface ConvArgs {
  filters?: number; kernel_size?: number | number[]; strides?: number | number[]; padding?: string; data_format?: string;
  dilation_rate?: number | number[]; groups?: number; activation?: activations.ActivationIdentifier; use_bias?: boolean;
  kernel_initializer?: initializers.InitializerIdentifier; bias_initializer?: initializers.InitializerIdentifier;
  kernel_regularizer?: regularizers.RegularizerIdentifier | null; bias_regularizer?: regularizers.RegularizerIdentifier | null;
  activity_regularizer?: regularizers.RegularizerIdentifier | null; kernel_constraint?: constraints.ConstraintIdentifier | null;
  bias_constraint?: constraints.ConstraintIdentifier | null; output_padding?: number | number[] | null; depth_multiplier?: number;
  depthwise_initializer?: initializers.InitializerIdentifier; pointwise_initializer?: initializers.InitializerIdentifier;
  depthwise_regularizer?: regularizers.RegularizerIdentifier | null; pointwise_regularizer?: regularizers.RegularizerIdentifier | null;
  depthwise_constraint?: constraints.ConstraintIdentifier | null; pointwise_constraint?: constraints.ConstraintIdentifier | null;
}
const CONV_KEYS = ["filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation", "use_bias",
  "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint"];

/** Keras's base Conv: shared argument handling, bias and activation. */
abstract class Conv extends Layer {
  rank: number;
  filters: number; kernel_size: number[]; strides: number[]; padding: "valid" | "same" | "causal"; data_format: "channels_last" | "channels_first";
  dilation_rate: number[]; groups: number; activation: activations.ActivationFn; use_bias: boolean;
  kernel_initializer: initializers.Initializer; bias_initializer: initializers.Initializer;
  kernel_regularizer: regularizers.Regularizer | null; bias_regularizer: regularizers.Regularizer | null;
  kernel_constraint: constraints.Constraint | null; bias_constraint: constraints.Constraint | null;
  kernel!: Variable; bias: Variable | null = null;

  constructor(rank: number, className: string, args: unknown[], positional: string[], extra: string[] = [], needFilters = true) {
    const [o, base] = bindLayerArgs<ConvArgs>(className, args, positional, [...CONV_KEYS, ...extra]);
    super({ ...base, activity_regularizer: o.activity_regularizer });
    this.rank = rank;
    this.filters = needFilters ? positiveInt(className, "filters", required(className, o as Record<string, unknown>, "filters")) : 0;
    this.kernel_size = normalizeTuple(className, "kernel_size", required(className, o as Record<string, unknown>, "kernel_size"), rank);
    this.strides = normalizeTuple(className, "strides", o.strides ?? 1, rank);
    this.padding = normalizePadding(className, o.padding ?? "valid", rank === 1 && className === "Conv1D");
    this.data_format = normalizeDataFormat(className, o.data_format);
    this.dilation_rate = normalizeTuple(className, "dilation_rate", o.dilation_rate ?? 1, rank);
    this.groups = o.groups ?? 1;
    if (this.groups !== 1) throw new InvalidArgumentError(msg(`${className}: groups > 1 (grouped convolution) is not supported.`, `${className}: groups > 1(그룹 합성곱)은 지원하지 않습니다.`));
    if (this.strides.some((s) => s > 1) && this.dilation_rate.some((d) => d > 1)) {
      throw new InvalidArgumentError(msg(`${className}: strides > 1 not supported in conjunction with dilation_rate > 1. Received: strides=${JSON.stringify(this.strides)} and dilation_rate=${JSON.stringify(this.dilation_rate)}`, `${className}: strides > 1과 dilation_rate > 1은 함께 쓸 수 없습니다.`));
    }
    this.activation = activations.get(o.activation ?? null);
    this.use_bias = o.use_bias ?? true;
    this.kernel_initializer = initializers.get(o.kernel_initializer ?? "glorot_uniform");
    this.bias_initializer = initializers.get(o.bias_initializer ?? "zeros");
    this.kernel_regularizer = regularizers.get(o.kernel_regularizer ?? null);
    this.bias_regularizer = regularizers.get(o.bias_regularizer ?? null);
    this.kernel_constraint = constraints.get(o.kernel_constraint ?? null);
    this.bias_constraint = constraints.get(o.bias_constraint ?? null);
    this.input_spec = new InputSpec({ min_ndim: rank + 2 });
    this._extra(o);
  }
  /** Subclass-specific arguments. */
  _extra(_o: ConvArgs): void {}
  get channelAxis(): number { return this.data_format === "channels_first" ? 1 : -1; }
  inChannels(s: Shape): number {
    const c = s[this.data_format === "channels_first" ? 1 : s.length - 1];
    if (c == null) {
      throw new InvalidArgumentError(msg(
        `The channel dimension of the inputs should be defined. The input_shape received is ${formatShape(s)}, where axis ${this.channelAxis} (0-based) is the channel dimension, which found to be \`None\`.`,
        `입력의 채널 차원이 정해져 있어야 하는데 None입니다. 받은 입력 형태: ${formatShape(s)}.`,
      ));
    }
    return c;
  }
  get tfFormat(): string { return this.data_format === "channels_first" ? (this.rank === 1 ? "NCW" : "NCHW") : (this.rank === 1 ? "NWC" : "NHWC"); }
  addBiasAndActivate(y: Tensor): Tensor {
    let out = y;
    if (this.bias) out = nn.bias_add(out, V(this.bias), this.data_format === "channels_first" ? "NCHW" : "NHWC");
    return activations.applyActivation(this.activation, out);
  }
  spatial(s: Shape): (number | null)[] { return this.data_format === "channels_first" ? s.slice(2) : s.slice(1, -1); }
  withSpatial(s: Shape, sp: (number | null)[], c: number): Shape {
    return this.data_format === "channels_first" ? [s[0], c, ...sp] : [s[0], ...sp, c];
  }
  override _outputDType() { return this._dtype; }
  override get_config(): Record<string, unknown> {
    return {
      ...super.get_config(), filters: this.filters, kernel_size: this.kernel_size, strides: this.strides, padding: this.padding, data_format: this.data_format,
      dilation_rate: this.dilation_rate, groups: this.groups, activation: activations.serialize(this.activation), use_bias: this.use_bias,
      kernel_initializer: ser.init(this.kernel_initializer), bias_initializer: ser.init(this.bias_initializer),
      kernel_regularizer: ser.reg(this.kernel_regularizer), bias_regularizer: ser.reg(this.bias_regularizer), activity_regularizer: ser.reg(this.activity_regularizer),
      kernel_constraint: ser.con(this.kernel_constraint), bias_constraint: ser.con(this.bias_constraint),
    };
  }
}

const CONV_POSITIONAL = ["filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation", "use_bias"];

/** `Conv2D(filters, kernel_size, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1), groups=1, activation=None, use_bias=True, ...)` */
export class Conv2D extends Conv {
  static override className = "Conv2D";
  constructor(...args: unknown[]) { super(2, "Conv2D", args, CONV_POSITIONAL); }
  override build(s: Shape): void {
    const c = this.inChannels(s);
    this.input_spec = new InputSpec({ min_ndim: 4, axes: { [this.channelAxis]: c } });
    this.kernel = this.add_weight({ name: "kernel", shape: [...this.kernel_size, c, this.filters], initializer: this.kernel_initializer, regularizer: this.kernel_regularizer, constraint: this.kernel_constraint, dtype: this._dtype });
    if (this.use_bias) this.bias = this.add_weight({ name: "bias", shape: [this.filters], initializer: this.bias_initializer, regularizer: this.bias_regularizer, constraint: this.bias_constraint, dtype: this._dtype });
    this.built = true;
  }
  override call(inputs: Tensor): Tensor {
    const x = castInputs(inputs, this._dtype);
    const y = conv.conv2d(x, V(this.kernel), { strides: this.strides, padding: this.padding.toUpperCase(), data_format: this.tfFormat, dilations: this.dilation_rate });
    return this.addBiasAndActivate(y);
  }
  override compute_output_shape(s: Shape): Shape {
    const sp = this.spatial(s).map((d, i) => convOutputLength(d, this.kernel_size[i], this.padding, this.strides[i], this.dilation_rate[i]));
    return this.withSpatial(s, sp, this.filters);
  }
}

/** `Conv1D(filters, kernel_size, strides=1, padding='valid', data_format='channels_last', dilation_rate=1, groups=1, activation=None, ...)`; padding may be 'causal'. */
export class Conv1D extends Conv {
  static override className = "Conv1D";
  constructor(...args: unknown[]) { super(1, "Conv1D", args, CONV_POSITIONAL); }
  override build(s: Shape): void {
    const c = this.inChannels(s);
    this.input_spec = new InputSpec({ min_ndim: 3, axes: { [this.channelAxis]: c } });
    this.kernel = this.add_weight({ name: "kernel", shape: [...this.kernel_size, c, this.filters], initializer: this.kernel_initializer, regularizer: this.kernel_regularizer, constraint: this.kernel_constraint, dtype: this._dtype });
    if (this.use_bias) this.bias = this.add_weight({ name: "bias", shape: [this.filters], initializer: this.bias_initializer, regularizer: this.bias_regularizer, constraint: this.bias_constraint, dtype: this._dtype });
    this.built = true;
  }
  override call(inputs: Tensor): Tensor {
    let x = castInputs(inputs, this._dtype);
    let padding = this.padding.toUpperCase();
    if (this.padding === "causal") {
      const left = this.dilation_rate[0] * (this.kernel_size[0] - 1);
      x = arr.pad(x, this.data_format === "channels_first" ? [[0, 0], [0, 0], [left, 0]] : [[0, 0], [left, 0], [0, 0]]);
      padding = "VALID";
    }
    const y = conv.conv1d(x, V(this.kernel), { stride: this.strides[0], padding, data_format: this.tfFormat, dilations: this.dilation_rate[0] });
    return this.addBiasAndActivate(y);
  }
  override compute_output_shape(s: Shape): Shape {
    const sp = this.spatial(s).map((d, i) => convOutputLength(d, this.kernel_size[i], this.padding, this.strides[i], this.dilation_rate[i]));
    return this.withSpatial(s, sp, this.filters);
  }
}

/** `Conv2DTranspose(filters, kernel_size, strides=(1, 1), padding='valid', output_padding=None, data_format=None, dilation_rate=(1, 1), activation=None, ...)` */
export class Conv2DTranspose extends Conv {
  static override className = "Conv2DTranspose";
  declare output_padding: number[] | null;
  constructor(...args: unknown[]) {
    super(2, "Conv2DTranspose", args, ["filters", "kernel_size", "strides", "padding", "output_padding", "data_format", "dilation_rate", "activation", "use_bias"], ["output_padding"]);
  }
  override _extra(o: ConvArgs): void {
    this.output_padding = null;
    if (o.output_padding != null) {
      this.output_padding = normalizeTuple("Conv2DTranspose", "output_padding", o.output_padding, 2, true);
      this.output_padding.forEach((p, i) => {
        if (p >= this.strides[i]) {
          throw new InvalidArgumentError(msg(`Strides must be greater than output padding. Received strides=${JSON.stringify(this.strides)}, output_padding=${JSON.stringify(this.output_padding)}.`, `strides는 output_padding보다 커야 합니다.`));
        }
      });
    }
  }
  override build(s: Shape): void {
    const c = this.inChannels(s);
    this.input_spec = new InputSpec({ ndim: 4, axes: { [this.channelAxis]: c } });
    this.kernel = this.add_weight({ name: "kernel", shape: [...this.kernel_size, this.filters, c], initializer: this.kernel_initializer, regularizer: this.kernel_regularizer, constraint: this.kernel_constraint, dtype: this._dtype });
    if (this.use_bias) this.bias = this.add_weight({ name: "bias", shape: [this.filters], initializer: this.bias_initializer, regularizer: this.bias_regularizer, constraint: this.bias_constraint, dtype: this._dtype });
    this.built = true;
  }
  private outSpatial(s: Shape): (number | null)[] {
    return this.spatial(s).map((d, i) => deconvOutputLength(d, this.kernel_size[i], this.padding, this.output_padding ? this.output_padding[i] : null, this.strides[i], this.dilation_rate[i]));
  }
  override call(inputs: Tensor): Tensor {
    const x = castInputs(inputs, this._dtype);
    const outShape = this.withSpatial(x.shape, this.outSpatial(x.shape), this.filters) as number[];
    const y = conv.conv2d_transpose(x, V(this.kernel), { output_shape: outShape, strides: this.strides, padding: this.padding.toUpperCase(), data_format: this.tfFormat, dilations: this.dilation_rate });
    return this.addBiasAndActivate(y);
  }
  override compute_output_shape(s: Shape): Shape { return this.withSpatial(s, this.outSpatial(s), this.filters); }
  override get_config(): Record<string, unknown> { const c: Record<string, unknown> = { ...super.get_config(), output_padding: this.output_padding }; delete c.groups; return c; }
}

/** `DepthwiseConv2D(kernel_size, strides=(1, 1), padding='valid', depth_multiplier=1, data_format=None, dilation_rate=(1, 1), activation=None, ...)` */
export class DepthwiseConv2D extends Conv {
  static override className = "DepthwiseConv2D";
  // Set by _extra() during the base constructor (see recurrent.ts): declared, not initialised.
  declare depth_multiplier: number;
  declare depthwise_initializer: initializers.Initializer;
  declare depthwise_regularizer: regularizers.Regularizer | null;
  declare depthwise_constraint: constraints.Constraint | null;
  depthwise_kernel!: Variable;
  constructor(...args: unknown[]) {
    super(2, "DepthwiseConv2D", args, ["kernel_size", "strides", "padding", "depth_multiplier", "data_format", "dilation_rate", "activation", "use_bias"],
      ["depth_multiplier", "depthwise_initializer", "depthwise_regularizer", "depthwise_constraint"], false);
  }
  override _extra(o: ConvArgs): void {
    this.depth_multiplier = o.depth_multiplier ?? 1;
    this.depthwise_initializer = initializers.get(o.depthwise_initializer ?? "glorot_uniform");
    this.depthwise_regularizer = regularizers.get(o.depthwise_regularizer ?? null);
    this.depthwise_constraint = constraints.get(o.depthwise_constraint ?? null);
  }
  override build(s: Shape): void {
    const c = this.inChannels(s);
    this.input_spec = new InputSpec({ ndim: 4, axes: { [this.channelAxis]: c } });
    this.depthwise_kernel = this.add_weight({ name: "depthwise_kernel", shape: [...this.kernel_size, c, this.depth_multiplier], initializer: this.depthwise_initializer, regularizer: this.depthwise_regularizer, constraint: this.depthwise_constraint, dtype: this._dtype });
    if (this.use_bias) this.bias = this.add_weight({ name: "bias", shape: [c * this.depth_multiplier], initializer: this.bias_initializer, regularizer: this.bias_regularizer, constraint: this.bias_constraint, dtype: this._dtype });
    this.built = true;
  }
  override call(inputs: Tensor): Tensor {
    const x = castInputs(inputs, this._dtype);
    const y = conv.depthwise_conv2d(x, V(this.depthwise_kernel), { strides: this.strides, padding: this.padding.toUpperCase(), data_format: this.tfFormat, dilations: this.dilation_rate });
    return this.addBiasAndActivate(y);
  }
  override compute_output_shape(s: Shape): Shape {
    const sp = this.spatial(s).map((d, i) => convOutputLength(d, this.kernel_size[i], this.padding, this.strides[i], this.dilation_rate[i]));
    const c = s[this.data_format === "channels_first" ? 1 : s.length - 1];
    return this.withSpatial(s, sp, c == null ? (null as unknown as number) : c * this.depth_multiplier);
  }
  override get_config(): Record<string, unknown> {
    const c: Record<string, unknown> = { ...super.get_config(), depth_multiplier: this.depth_multiplier, depthwise_initializer: ser.init(this.depthwise_initializer),
      depthwise_regularizer: ser.reg(this.depthwise_regularizer), depthwise_constraint: ser.con(this.depthwise_constraint) };
    delete c.filters; delete c.kernel_initializer; delete c.kernel_regularizer; delete c.kernel_constraint; delete c.groups;
    return c;
  }
}

/** `SeparableConv2D(filters, kernel_size, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1), depth_multiplier=1, activation=None, ...)` */
export class SeparableConv2D extends Conv {
  static override className = "SeparableConv2D";
  declare depth_multiplier: number;
  declare depthwise_initializer: initializers.Initializer; declare pointwise_initializer: initializers.Initializer;
  declare depthwise_regularizer: regularizers.Regularizer | null; declare pointwise_regularizer: regularizers.Regularizer | null;
  declare depthwise_constraint: constraints.Constraint | null; declare pointwise_constraint: constraints.Constraint | null;
  depthwise_kernel!: Variable; pointwise_kernel!: Variable;
  constructor(...args: unknown[]) {
    super(2, "SeparableConv2D", args, ["filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "depth_multiplier", "activation", "use_bias"],
      ["depth_multiplier", "depthwise_initializer", "pointwise_initializer", "depthwise_regularizer", "pointwise_regularizer", "depthwise_constraint", "pointwise_constraint"]);
  }
  override _extra(o: ConvArgs): void {
    this.depth_multiplier = o.depth_multiplier ?? 1;
    this.depthwise_initializer = initializers.get(o.depthwise_initializer ?? "glorot_uniform");
    this.pointwise_initializer = initializers.get(o.pointwise_initializer ?? "glorot_uniform");
    this.depthwise_regularizer = regularizers.get(o.depthwise_regularizer ?? null);
    this.pointwise_regularizer = regularizers.get(o.pointwise_regularizer ?? null);
    this.depthwise_constraint = constraints.get(o.depthwise_constraint ?? null);
    this.pointwise_constraint = constraints.get(o.pointwise_constraint ?? null);
  }
  override build(s: Shape): void {
    const c = this.inChannels(s);
    this.input_spec = new InputSpec({ ndim: 4, axes: { [this.channelAxis]: c } });
    this.depthwise_kernel = this.add_weight({ name: "depthwise_kernel", shape: [...this.kernel_size, c, this.depth_multiplier], initializer: this.depthwise_initializer, regularizer: this.depthwise_regularizer, constraint: this.depthwise_constraint, dtype: this._dtype });
    this.pointwise_kernel = this.add_weight({ name: "pointwise_kernel", shape: [1, 1, c * this.depth_multiplier, this.filters], initializer: this.pointwise_initializer, regularizer: this.pointwise_regularizer, constraint: this.pointwise_constraint, dtype: this._dtype });
    if (this.use_bias) this.bias = this.add_weight({ name: "bias", shape: [this.filters], initializer: this.bias_initializer, regularizer: this.bias_regularizer, constraint: this.bias_constraint, dtype: this._dtype });
    this.built = true;
  }
  override call(inputs: Tensor): Tensor {
    const x = castInputs(inputs, this._dtype);
    const y = conv.separable_conv2d(x, V(this.depthwise_kernel), V(this.pointwise_kernel), { strides: this.strides, padding: this.padding.toUpperCase(), data_format: this.tfFormat, dilations: this.dilation_rate });
    return this.addBiasAndActivate(y);
  }
  override compute_output_shape(s: Shape): Shape {
    const sp = this.spatial(s).map((d, i) => convOutputLength(d, this.kernel_size[i], this.padding, this.strides[i], this.dilation_rate[i]));
    return this.withSpatial(s, sp, this.filters);
  }
  override get_config(): Record<string, unknown> {
    const c: Record<string, unknown> = { ...super.get_config(), depth_multiplier: this.depth_multiplier,
      depthwise_initializer: ser.init(this.depthwise_initializer), pointwise_initializer: ser.init(this.pointwise_initializer),
      depthwise_regularizer: ser.reg(this.depthwise_regularizer), pointwise_regularizer: ser.reg(this.pointwise_regularizer),
      depthwise_constraint: ser.con(this.depthwise_constraint), pointwise_constraint: ser.con(this.pointwise_constraint) };
    delete c.kernel_initializer; delete c.kernel_regularizer; delete c.kernel_constraint; delete c.groups;
    return c;
  }
}

/** `ZeroPadding2D(padding=(1, 1), data_format=None)` */
export class ZeroPadding2D extends Layer {
  static override className = "ZeroPadding2D";
  padding: [[number, number], [number, number]];
  data_format: "channels_last" | "channels_first";
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<{ padding?: number | number[] | number[][]; data_format?: string }>("ZeroPadding2D", args, ["padding", "data_format"]);
    super(base);
    const p = (o.padding ?? 1) as number | unknown[];
    if (typeof p === "number") this.padding = [[p, p], [p, p]];
    else if (Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === "number")) this.padding = [[p[0] as number, p[0] as number], [p[1] as number, p[1] as number]];
    else if (Array.isArray(p) && p.length === 2 && p.every((x) => Array.isArray(x) && x.length === 2)) this.padding = p as [[number, number], [number, number]];
    else throw new InvalidArgumentError(msg(`ZeroPadding2D: padding must be an int, a tuple of 2 ints or a tuple of 2 tuples of 2 ints, got ${JSON.stringify(p)}.`, `ZeroPadding2D: padding 형식이 잘못되었습니다: ${JSON.stringify(p)}.`));
    this.data_format = normalizeDataFormat("ZeroPadding2D", o.data_format);
    this.input_spec = new InputSpec({ ndim: 4 });
  }
  override call(inputs: Tensor): Tensor {
    const [a, b] = this.padding;
    return arr.pad(inputs, this.data_format === "channels_last" ? [[0, 0], a, b, [0, 0]] : [[0, 0], [0, 0], a, b]);
  }
  override compute_output_shape(s: Shape): Shape {
    const [a, b] = this.padding;
    const add = (d: number | null, p: number[]) => (d == null ? null : d + p[0] + p[1]);
    return this.data_format === "channels_last" ? [s[0], add(s[1], a), add(s[2], b), s[3]] : [s[0], s[1], add(s[2], a), add(s[3], b)];
  }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), padding: this.padding, data_format: this.data_format }; }
}

/** `UpSampling2D(size=(2, 2), data_format=None, interpolation='nearest')` (nearest only). */
export class UpSampling2D extends Layer {
  static override className = "UpSampling2D";
  size: number[]; data_format: "channels_last" | "channels_first"; interpolation: string;
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<{ size?: number | number[]; data_format?: string; interpolation?: string }>("UpSampling2D", args, ["size", "data_format", "interpolation"]);
    super(base);
    this.size = normalizeTuple("UpSampling2D", "size", o.size ?? 2, 2);
    this.data_format = normalizeDataFormat("UpSampling2D", o.data_format);
    this.interpolation = o.interpolation ?? "nearest";
    if (this.interpolation !== "nearest") throw new InvalidArgumentError(msg(`UpSampling2D: only interpolation='nearest' is supported, got '${this.interpolation}'.`, `UpSampling2D: interpolation='nearest'만 지원합니다.`));
    this.input_spec = new InputSpec({ ndim: 4 });
  }
  override call(inputs: Tensor): Tensor {
    let x = inputs;
    if (this.data_format === "channels_first") x = arr.transpose(x, [0, 2, 3, 1]);
    const [n, h, w, c] = x.shape;
    const [sh, sw] = this.size;
    let y = arr.tile(arr.reshape(x, [n, h, 1, w, 1, c]), [1, 1, sh, 1, sw, 1]);
    y = arr.reshape(y, [n, h * sh, w * sw, c]);
    return this.data_format === "channels_first" ? arr.transpose(y, [0, 3, 1, 2]) : y;
  }
  override compute_output_shape(s: Shape): Shape {
    const m = (d: number | null, k: number) => (d == null ? null : d * k);
    return this.data_format === "channels_last" ? [s[0], m(s[1], this.size[0]), m(s[2], this.size[1]), s[3]] : [s[0], s[1], m(s[2], this.size[0]), m(s[3], this.size[1])];
  }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), size: this.size, data_format: this.data_format, interpolation: this.interpolation }; }
}

export const Convolution1D = Conv1D, Convolution2D = Conv2D, Convolution2DTranspose = Conv2DTranspose, SeparableConvolution2D = SeparableConv2D;
