/** `Embedding(input_dim, output_dim, embeddings_initializer='uniform', ..., mask_zero=False, input_length=None)` */
import { Tensor } from "../../core/tensor/tensor";
import { int32 } from "../../core/tensor/dtypes";
import * as m from "../../core/ops/math";
import * as arr from "../../core/ops/array";
import { TensorLike } from "../../core/ops/convert";
import type { Variable } from "../../core/variable";
import { Layer } from "../engine/base_layer";
import type { Shape } from "../engine/keras_tensor";
import * as initializers from "../initializers";
import * as regularizers from "../regularizers";
import * as constraints from "../constraints";
import { bindLayerArgs, required, positiveInt } from "./args";
import { ser } from "./core";

export class Embedding extends Layer {
  static override className = "Embedding";
  input_dim: number; output_dim: number; mask_zero: boolean; input_length: number | number[] | null;
  embeddings_initializer: initializers.Initializer; embeddings_regularizer: regularizers.Regularizer | null; embeddings_constraint: constraints.Constraint | null;
  embeddings!: Variable;
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<{
      input_dim?: number; output_dim?: number; embeddings_initializer?: initializers.InitializerIdentifier; embeddings_regularizer?: regularizers.RegularizerIdentifier | null;
      activity_regularizer?: regularizers.RegularizerIdentifier | null; embeddings_constraint?: constraints.ConstraintIdentifier | null; mask_zero?: boolean;
      input_length?: number | number[] | null; sparse?: boolean;
    }>("Embedding", args, ["input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer", "activity_regularizer", "embeddings_constraint", "mask_zero", "input_length"], ["sparse"]);
    const inLen = o.input_length ?? null;
    if (inLen != null && !base.input_shape && !base.batch_input_shape) base.input_shape = Array.isArray(inLen) ? inLen : [inLen];
    super({ ...base, activity_regularizer: o.activity_regularizer });
    this.input_dim = positiveInt("Embedding", "input_dim", required("Embedding", o as Record<string, unknown>, "input_dim"));
    this.output_dim = positiveInt("Embedding", "output_dim", required("Embedding", o as Record<string, unknown>, "output_dim"));
    this.embeddings_initializer = initializers.get(o.embeddings_initializer ?? "uniform");
    this.embeddings_regularizer = regularizers.get(o.embeddings_regularizer ?? null);
    this.embeddings_constraint = constraints.get(o.embeddings_constraint ?? null);
    this.mask_zero = !!o.mask_zero;
    this.input_length = inLen;
    this.supports_masking = this.mask_zero;
  }
  override build(): void {
    this.embeddings = this.add_weight({ name: "embeddings", shape: [this.input_dim, this.output_dim], initializer: this.embeddings_initializer, regularizer: this.embeddings_regularizer, constraint: this.embeddings_constraint, dtype: this._dtype });
    this.built = true;
  }
  override call(inputs: Tensor): Tensor {
    const idx = inputs.dtype === int32 ? inputs : m.cast(inputs, int32);
    return arr.gather(this.embeddings as unknown as TensorLike, idx);
  }
  override compute_mask(inputs: Tensor): Tensor | null {
    if (!this.mask_zero) return null;
    return m.not_equal(inputs, m.scalarLike(0, inputs));
  }
  override _producesMask(): boolean { return this.mask_zero; }
  override compute_output_shape(s: Shape): Shape { return [...s, this.output_dim]; }
  override _outputDType() { return this._dtype; }
  override get_config(): Record<string, unknown> {
    return {
      ...super.get_config(), input_dim: this.input_dim, output_dim: this.output_dim, embeddings_initializer: ser.init(this.embeddings_initializer),
      embeddings_regularizer: ser.reg(this.embeddings_regularizer), activity_regularizer: ser.reg(this.activity_regularizer),
      embeddings_constraint: ser.con(this.embeddings_constraint), mask_zero: this.mask_zero, input_length: this.input_length,
    };
  }
}
