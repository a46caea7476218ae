/** `tf.keras.layers.InputLayer` and `tf.keras.Input(shape, batch_size, name, dtype, ...)`. */
import { DTypeLike } from "../../core/tensor/dtypes";
import { InvalidArgumentError, msg, checkOptions } from "../../core/errors";
import { uniqueObjectName } from "../backend";
import { Layer, layerDType } from "./base_layer";
import { KerasTensor, Shape } from "./keras_tensor";
import { Node } from "./node";

export interface InputLayerArgs {
  input_shape?: Shape; batch_size?: number | null; dtype?: DTypeLike | null; input_tensor?: KerasTensor | null; sparse?: boolean; name?: string;
  ragged?: boolean; type_spec?: unknown; batch_input_shape?: Shape; trainable?: boolean;
}
const INPUT_LAYER_KEYS = ["input_shape", "batch_size", "dtype", "input_tensor", "sparse", "name", "ragged", "type_spec", "batch_input_shape", "trainable"];

export class InputLayer extends Layer {
  static override className = "InputLayer";
  is_placeholder = true;
  constructor(args: InputLayerArgs = {}) {
    checkOptions("InputLayer", args, INPUT_LAYER_KEYS);
    if (args.sparse || args.ragged) {
      throw new InvalidArgumentError(msg("InputLayer: sparse and ragged inputs are not supported.", "InputLayer: sparse/ragged 입력은 지원하지 않습니다."));
    }
    const name = args.name ?? uniqueObjectName("input", false);
    let bis: Shape;
    if (args.batch_input_shape) bis = [...args.batch_input_shape];
    else if (args.input_tensor) bis = [...args.input_tensor.shape];
    else if (args.input_shape) bis = [args.batch_size ?? null, ...args.input_shape];
    else {
      throw new InvalidArgumentError(msg("InputLayer: give input_shape (or batch_input_shape / input_tensor).", "InputLayer: input_shape(또는 batch_input_shape / input_tensor)를 주세요."));
    }
    super({ name, dtype: args.dtype ?? args.input_tensor?.dtype ?? null, batch_input_shape: bis, trainable: args.trainable });
    this.built = true;
    const kt = args.input_tensor ?? new KerasTensor(bis, layerDType(args.dtype ?? null), name);
    new Node(this, [], kt, {}, true);
  }
  override get_config(): Record<string, unknown> {
    return { batch_input_shape: this._batch_input_shape, dtype: this._dtype.name, sparse: false, ragged: false, name: this.name };
  }
  static override from_config<T extends Layer>(this: new (...a: any[]) => T, config: Record<string, unknown>): T {
    const c = { ...config };
    return new this(c);
  }
}

export interface InputArgs { shape?: Shape | null; batch_size?: number | null; name?: string | null; dtype?: DTypeLike | null; sparse?: boolean; tensor?: KerasTensor | null; ragged?: boolean; type_spec?: unknown; batch_shape?: Shape }
const INPUT_KEYS = ["shape", "batch_size", "name", "dtype", "sparse", "tensor", "ragged", "type_spec", "batch_shape"];

/**
 * `tf.keras.Input(shape=None, batch_size=None, name=None, dtype=None, sparse=None, tensor=None, ...)`:
 * a symbolic input for a functional model. `shape` excludes the batch dimension; null = unknown.
 */
export function Input(shape?: Shape | InputArgs | null, batch_size?: number | null, name?: string | null, dtype?: DTypeLike | null): KerasTensor {
  let o: InputArgs;
  if (shape != null && !Array.isArray(shape)) { checkOptions("Input", shape, INPUT_KEYS); o = shape; }
  else o = { shape: shape ?? null, batch_size, name, dtype };
  if (o.shape == null && o.batch_shape == null && o.tensor == null) {
    throw new InvalidArgumentError(msg(
      "Please provide to Input a `shape` or a `tensor` argument. Note that `shape` does not include the batch dimension.",
      "Input에 `shape` 또는 `tensor`를 주세요. `shape`에는 배치 차원이 들어가지 않습니다.",
    ));
  }
  const layer = new InputLayer({
    input_shape: o.shape ?? undefined, batch_input_shape: o.batch_shape, batch_size: o.batch_size ?? null, name: o.name ?? undefined,
    dtype: o.dtype ?? null, input_tensor: o.tensor ?? null, sparse: o.sparse, ragged: o.ragged,
  });
  return layer._inbound_nodes[0].outputs as KerasTensor;
}
