/**
 * `tf.keras.Sequential` / `tf.keras.models.Sequential`: a stack of layers. Once the input shape
 * is known (an `input_shape` on the first layer, an Input/InputLayer, `build()`, the first call
 * or the data given to fit), the stack is also recorded as a functional graph, so `summary()`
 * shows every output shape, as Keras does.
 */
import { Tensor } from "../../core/tensor/tensor";
import type { NDArray } from "../../core/tensor/ndarray";
import { InvalidArgumentError, msg, checkOptions } from "../../core/errors";
import { Layer, CallKwargs, isShape } from "./base_layer";
import { KerasTensor, isPlainObject, Shape } from "./keras_tensor";
import { InputLayer, Input } from "./input_layer";
import { Model } from "./training";
import { classNameOf } from "../utils/callable";
import { topologyModule } from "./hooks";

export class Sequential extends Model {
  static override className = "Sequential";
  _seq_layers: Layer[] = [];
  /** The InputLayer in front (given by the user or created from an inferred shape). */
  _input_layer: InputLayer | null = null;

  constructor(layers?: Layer[] | { layers?: Layer[]; name?: string; trainable?: boolean } | null, name?: string) {
    let ls: Layer[] = [];
    let o: { name?: string; trainable?: boolean } = {};
    if (Array.isArray(layers)) { ls = layers; o = { name }; }
    else if (isPlainObject(layers)) { checkOptions("Sequential", layers, ["layers", "name", "trainable"]); ls = (layers as { layers?: Layer[] }).layers ?? []; o = { name: (layers as { name?: string }).name, trainable: (layers as { trainable?: boolean }).trainable }; }
    else if (layers != null) {
      throw new InvalidArgumentError(msg("Sequential: layers must be an array of layers.", "Sequential: layers는 층의 배열이어야 합니다."));
    }
    super(o);
    for (const l of ls) this.add(l);
  }

  /** `model.layers`: the added layers (the InputLayer in front is not listed, as in Keras). */
  override get layers(): Layer[] { return this._seq_layers; }
  override _sublayers(): Layer[] { return this._seq_layers; }

  /** `add(layer)`: a Layer, or a tf.keras.Input tensor to fix the input shape. */
  add(layer: Layer | KerasTensor): void {
    if (layer instanceof KerasTensor) {
      const src = layer._keras_history?.layer;
      if (!(src instanceof InputLayer)) {
        throw new InvalidArgumentError(msg("Sequential.add: a tensor can only be added when it comes from tf.keras.Input.", "Sequential.add: tf.keras.Input에서 나온 텐서만 추가할 수 있습니다."));
      }
      layer = src;
    }
    if (!(layer instanceof Layer)) {
      throw new InvalidArgumentError(msg(
        `The added layer must be an instance of class Layer. Received: layer=${String(layer)} of type ${typeof layer}.`,
        `추가하는 층은 Layer의 인스턴스여야 합니다. 받은 값: ${String(layer)} (${typeof layer}).`,
      ));
    }
    if (this._seq_layers.some((l) => l.name === layer.name) || this._input_layer?.name === layer.name) {
      throw new InvalidArgumentError(msg(
        `All layers added to a Sequential model should have unique names. Name "${layer.name}" is already the name of a layer in this model. Update the \`name\` argument to pass a unique name.`,
        `Sequential 모델의 층 이름은 모두 달라야 합니다. "${layer.name}"은(는) 이미 이 모델에 있는 층의 이름입니다. \`name\` 인자로 다른 이름을 주세요.`,
      ));
    }
    if (layer instanceof InputLayer) {
      if (this._seq_layers.length || this._input_layer) {
        throw new InvalidArgumentError(msg("Sequential.add: an InputLayer can only be the first layer.", "Sequential.add: InputLayer는 첫 번째 층으로만 넣을 수 있습니다."));
      }
      this._input_layer = layer;
      this._rebuild(layer._batch_input_shape!);
      return;
    }
    this._seq_layers.push(layer);
    const first = this._seq_layers[0];
    if (this._input_layer) this._rebuild(this._input_layer._batch_input_shape!);
    else if (first._batch_input_shape) this._rebuild(first._batch_input_shape);
    else if (this._is_graph_network && this._build_input_shape && isShape(this._build_input_shape)) this._rebuild(this._build_input_shape as Shape);
  }

  /** `pop()`: removes the last layer. */
  pop(): Layer {
    const l = this._seq_layers.pop();
    if (!l) throw new InvalidArgumentError(msg("There are no layers in the model.", "모델에 층이 없습니다."));
    if (this._is_graph_network && this._build_input_shape && this._seq_layers.length) this._rebuild(this._build_input_shape as Shape);
    else if (!this._seq_layers.length) { this._is_graph_network = false; this.built = false; }
    return l;
  }

  /** Records the stack as a functional graph for `batchShape`. */
  _rebuild(batchShape: Shape): void {
    if (!this._seq_layers.length) return;
    const dtype = this._input_layer?._dtype ?? this._seq_layers[0]._dtype;
    if (!this._input_layer || this._input_layer._batch_input_shape!.join() !== batchShape.join()) {
      const x0 = Input({ batch_shape: batchShape, dtype, name: this._input_layer?.name ?? `${this._seq_layers[0].name}_input` });
      this._input_layer = x0._keras_history!.layer as InputLayer;
    }
    let x: unknown = this._input_layer._inbound_nodes[0].outputs;
    for (const l of this._seq_layers) {
      x = l.__call__(x);
      if (!(x instanceof KerasTensor)) {
        throw new InvalidArgumentError(msg(
          `All layers in a Sequential model should have a single output tensor; layer "${l.name}" (${classNameOf(l)}) returned several. For multi-output layers, use the functional API.`,
          `Sequential 모델의 층은 출력이 하나여야 하는데 층 "${l.name}" (${classNameOf(l)})은(는) 여러 개를 돌려줍니다. 여러 출력이 있는 층은 함수형 API를 쓰세요.`,
        ));
      }
    }
    this._initGraphNetwork(this._input_layer._inbound_nodes[0].outputs, x);
  }

  override build(input_shape?: any): void {
    if (input_shape == null) {
      if (this._is_graph_network) { this.built = true; return; }
      throw new InvalidArgumentError(msg("You must provide an `input_shape` argument.", "`input_shape` 인자를 주어야 합니다."));
    }
    const s = [...(input_shape as Shape)];
    s[0] = null;
    this._rebuild(s);
  }

  override _buildFromData(xs: NDArray[]): void {
    if (this._is_graph_network || !this._seq_layers.length) return;
    this._rebuild([null, ...xs[0].shape.slice(1)]);
  }

  override _maybeBuild(inputs: unknown): void {
    if (!this._is_graph_network && inputs instanceof Tensor) this._rebuild([null, ...inputs.shape.slice(1)]);
    else if (!this._is_graph_network && inputs instanceof KerasTensor) this._rebuild([null, ...inputs.shape.slice(1)]);
    this.built = true;
  }

  override call(inputs: any, training?: boolean, kwargs?: CallKwargs): any {
    if (!this._seq_layers.length) {
      throw new InvalidArgumentError(msg("Sequential model has no layers; add some with model.add(layer).", "Sequential 모델에 층이 없습니다. model.add(layer)로 추가하세요."));
    }
    let x = inputs;
    let mask = kwargs?.mask;
    for (const l of this._seq_layers) {
      x = l.__call__(x, mask ? { training, mask } : { training });
      mask = undefined;
    }
    return x;
  }

  override compute_output_shape(input_shape: any): any {
    let s = input_shape;
    for (const l of this._seq_layers) s = l.compute_output_shape(s);
    return s;
  }

  override get_config(): Record<string, unknown> {
    return topologyModule().sequentialConfig(this);
  }
  static override from_config<T extends Layer>(this: new (...a: any[]) => T, config: Record<string, unknown>, custom_objects?: Record<string, unknown>): T {
    return topologyModule().sequentialFromConfig(config, custom_objects) as unknown as T;
  }
}
