/** Pooling layers: Max/Average Pooling 1D/2D and the global poolings. */
import { Tensor } from "../../core/tensor/tensor";
import * as conv from "../../core/ops/conv";
import { reduce_mean, reduce_max } from "../../core/ops/reduce";
import * as m from "../../core/ops/math";
import * as a from "../../core/ops/array";
import * as r from "../../core/ops/reduce";
import { Layer, InputSpec } from "../engine/base_layer";
import type { Shape } from "../engine/keras_tensor";
import { bindLayerArgs, normalizeTuple, normalizePadding, normalizeDataFormat, convOutputLength } from "./args";

abstract class Pooling extends Layer {
  rank: number; kind: "max" | "avg";
  pool_size: number[]; strides: number[]; padding: "valid" | "same"; data_format: "channels_last" | "channels_first";
  constructor(rank: number, kind: "max" | "avg", className: string, args: unknown[]) {
    const [o, base] = bindLayerArgs<{ pool_size?: number | number[]; strides?: number | number[] | null; padding?: string; data_format?: string }>(className, args, ["pool_size", "strides", "padding", "data_format"]);
    super(base);
    this.rank = rank; this.kind = kind;
    this.pool_size = normalizeTuple(className, "pool_size", o.pool_size ?? 2, rank);
    this.strides = normalizeTuple(className, "strides", o.strides ?? this.pool_size, rank);
    this.padding = normalizePadding(className, o.padding ?? "valid") as "valid" | "same";
    this.data_format = normalizeDataFormat(className, o.data_format);
    this.input_spec = new InputSpec({ ndim: rank + 2 });
  }
  override call(inputs: Tensor): Tensor {
    const cf = this.data_format === "channels_first";
    const fmt = this.rank === 1 ? (cf ? "NCW" : "NWC") : (cf ? "NCHW" : "NHWC");
    const f = this.rank === 1 ? (this.kind === "max" ? conv.max_pool1d : conv.avg_pool1d) : (this.kind === "max" ? conv.max_pool2d : conv.avg_pool2d);
    return f(inputs, { ksize: this.pool_size, strides: this.strides, padding: this.padding.toUpperCase(), data_format: fmt });
  }
  override compute_output_shape(s: Shape): Shape {
    const cf = this.data_format === "channels_first";
    const sp = (cf ? s.slice(2) : s.slice(1, -1)).map((d, i) => convOutputLength(d, this.pool_size[i], this.padding, this.strides[i]));
    return cf ? [s[0], s[1], ...sp] : [s[0], ...sp, s[s.length - 1]];
  }
  override get_config(): Record<string, unknown> {
    return { ...super.get_config(), pool_size: this.pool_size, padding: this.padding, strides: this.strides, data_format: this.data_format };
  }
}
/** `MaxPooling2D(pool_size=(2, 2), strides=None, padding='valid', data_format=None)` */
export class MaxPooling2D extends Pooling { static override className = "MaxPooling2D"; constructor(...a: unknown[]) { super(2, "max", "MaxPooling2D", a); } }
/** `AveragePooling2D(pool_size=(2, 2), strides=None, padding='valid', data_format=None)` */
export class AveragePooling2D extends Pooling { static override className = "AveragePooling2D"; constructor(...a: unknown[]) { super(2, "avg", "AveragePooling2D", a); } }
/** `MaxPooling1D(pool_size=2, strides=None, padding='valid', data_format='channels_last')` */
export class MaxPooling1D extends Pooling { static override className = "MaxPooling1D"; constructor(...a: unknown[]) { super(1, "max", "MaxPooling1D", a); } }
/** `AveragePooling1D(pool_size=2, strides=None, padding='valid', data_format='channels_last')` */
export class AveragePooling1D extends Pooling { static override className = "AveragePooling1D"; constructor(...a: unknown[]) { super(1, "avg", "AveragePooling1D", a); } }

abstract class GlobalPooling extends Layer {
  rank: number; kind: "max" | "avg"; data_format: "channels_last" | "channels_first"; keepdims: boolean;
  constructor(rank: number, kind: "max" | "avg", className: string, args: unknown[]) {
    const [o, base] = bindLayerArgs<{ data_format?: string; keepdims?: boolean }>(className, args, ["data_format", "keepdims"]);
    super(base);
    this.rank = rank; this.kind = kind;
    this.data_format = normalizeDataFormat(className, o.data_format);
    this.keepdims = !!o.keepdims;
    this.input_spec = new InputSpec({ ndim: rank + 2 });
    this.supports_masking = rank === 1 && kind === "avg";
  }
  axes(): number[] { return this.data_format === "channels_last" ? Array.from({ length: this.rank }, (_, i) => i + 1) : Array.from({ length: this.rank }, (_, i) => i + 2); }
  override call(inputs: Tensor, _training?: boolean, kwargs?: { mask?: Tensor | Tensor[] | null }): Tensor {
    const mask = kwargs?.mask;
    if (mask && this.kind === "avg" && this.rank === 1 && !Array.isArray(mask)) {
      // Masked mean over time (Keras's GlobalAveragePooling1D with a mask).
      const w = m.cast(mask, inputs.dtype);
      const wx = this.data_format === "channels_last" ? a.expand_dims(w, 2) : a.expand_dims(w, 1);
      const ax = this.data_format === "channels_last" ? 1 : 2;
      return m.divide(r.reduce_sum(m.multiply(inputs, wx), ax, this.keepdims), r.reduce_sum(wx, ax, this.keepdims));
    }
    return this.kind === "avg" ? reduce_mean(inputs, this.axes(), this.keepdims) : reduce_max(inputs, this.axes(), this.keepdims);
  }
  override compute_mask(): null { return null; }
  override compute_output_shape(s: Shape): Shape {
    const ax = this.axes();
    if (this.keepdims) return s.map((d, i) => (ax.includes(i) ? 1 : d));
    return s.filter((_, i) => !ax.includes(i));
  }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), data_format: this.data_format, keepdims: this.keepdims }; }
}
export class GlobalAveragePooling1D extends GlobalPooling { static override className = "GlobalAveragePooling1D"; constructor(...a: unknown[]) { super(1, "avg", "GlobalAveragePooling1D", a); } }
export class GlobalAveragePooling2D extends GlobalPooling { static override className = "GlobalAveragePooling2D"; constructor(...a: unknown[]) { super(2, "avg", "GlobalAveragePooling2D", a); } }
export class GlobalMaxPooling1D extends GlobalPooling { static override className = "GlobalMaxPooling1D"; constructor(...a: unknown[]) { super(1, "max", "GlobalMaxPooling1D", a); } }
export class GlobalMaxPooling2D extends GlobalPooling { static override className = "GlobalMaxPooling2D"; constructor(...a: unknown[]) { super(2, "max", "GlobalMaxPooling2D", a); } }
export const MaxPool2D = MaxPooling2D, AvgPool2D = AveragePooling2D, MaxPool1D = MaxPooling1D, AvgPool1D = AveragePooling1D;
export const GlobalAvgPool2D = GlobalAveragePooling2D, GlobalAvgPool1D = GlobalAveragePooling1D, GlobalMaxPool2D = GlobalMaxPooling2D, GlobalMaxPool1D = GlobalMaxPooling1D;
