/** A recorded layer call on symbolic inputs: the edges of a functional model's graph. */
import { KerasTensor, flatten, Shape } from "./keras_tensor";
import type { Layer } from "./base_layer";

export class Node {
  readonly layer: Layer;
  /** Inputs as passed (a KerasTensor, an array or an object of them). */
  readonly call_args: unknown;
  readonly call_kwargs: Record<string, unknown>;
  readonly keras_inputs: KerasTensor[];
  /** Outputs as returned (structure) and flat. */
  readonly outputs: unknown;
  readonly flat_outputs: KerasTensor[];
  readonly is_input: boolean;

  constructor(layer: Layer, call_args: unknown, outputs: unknown, call_kwargs: Record<string, unknown> = {}, is_input = false) {
    this.layer = layer;
    this.call_args = call_args;
    this.call_kwargs = call_kwargs;
    this.keras_inputs = is_input ? [] : flatten<unknown>(call_args).filter((x): x is KerasTensor => x instanceof KerasTensor);
    this.outputs = outputs;
    this.flat_outputs = flatten<KerasTensor>(outputs);
    this.is_input = is_input;
    const nodeIndex = layer._inbound_nodes.length;
    layer._inbound_nodes.push(this);
    for (const kt of this.keras_inputs) kt._keras_history?.layer._outbound_nodes.push(this);
    this.flat_outputs.forEach((kt, i) => { kt._keras_history = { layer, node_index: nodeIndex, tensor_index: i }; });
  }
  get inbound_layers(): Layer[] { return this.keras_inputs.map((kt) => kt._keras_history!.layer); }
  get parent_nodes(): Node[] {
    return this.keras_inputs.map((kt) => { const h = kt._keras_history!; return h.layer._inbound_nodes[h.node_index]; });
  }
  /** Keras's `output_shapes`: one shape for a single output (a list for an input layer's node). */
  get output_shapes(): Shape | Shape[] {
    const s = this.flat_outputs.map((t) => t.shape);
    return s.length === 1 && !this.is_input ? s[0] : s;
  }
  get input_shapes(): Shape | Shape[] {
    const s = this.keras_inputs.map((t) => t.shape);
    return s.length === 1 ? s[0] : s;
  }
}
