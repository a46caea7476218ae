/**
 * Model topology as JSON: Keras 2's `get_config` for Sequential and functional models (the
 * format TensorFlow.js reads and writes in model.json's `modelTopology`), and the reverse.
 */
import { InvalidArgumentError, msg, nearest } from "../../core/errors";
import { Layer } from "../engine/base_layer";
import { Model } from "../engine/training";
import { Sequential } from "../engine/sequential";
import { InputLayer } from "../engine/input_layer";
import { KerasTensor, flatten, packSequenceAs, isPlainObject } from "../engine/keras_tensor";
import type { Node } from "../engine/node";
import { classNameOf } from "../utils/callable";
import { layerClasses, setLenientConfig } from "../layers/registry";
import { hooks } from "../engine/hooks";

export type LayerJSON = { class_name: string; config: Record<string, any>; name?: string; inbound_nodes?: unknown[] };

/** `tf.keras.layers.serialize(layer)` */
export function serializeLayer(layer: Layer): LayerJSON {
  return { class_name: classNameOf(layer), config: layer.get_config() };
}

export function sequentialConfig(model: Sequential): Record<string, unknown> {
  const layers = model.layers.map((l, i) => {
    const s = serializeLayer(l);
    // The first layer carries the input shape (what TensorFlow.js expects).
    if (i === 0 && model._input_layer && !s.config.batch_input_shape) s.config = { ...s.config, batch_input_shape: model._input_layer._batch_input_shape };
    return s;
  });
  return { name: model.name, layers };
}

export function functionalConfig(model: Model): Record<string, unknown> {
  const inNet = (layer: Layer, i: number) => model._network_nodes.has(layer._inbound_nodes[i]);
  // Node indices renumbered over the nodes that belong to this model (Keras's node_conversion_map).
  const conv = new Map<Node, number>();
  for (const layer of model.layers) {
    let kept = layer instanceof Model && !(layer instanceof InputLayer) ? 1 : 0;
    layer._inbound_nodes.forEach((n, i) => { if (inNet(layer, i)) conv.set(n, kept++); });
  }
  const layers = model.layers.map((layer) => {
    const inbound: unknown[] = [];
    layer._inbound_nodes.forEach((node, i) => {
      if (!inNet(layer, i) || node.is_input) return;
      const kwargs: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node.call_kwargs)) if (v !== undefined && k !== "mask" && isJSON(v)) kwargs[k] = v;
      inbound.push(node.keras_inputs.map((kt) => {
        const h = kt._keras_history!;
        const src = h.layer._inbound_nodes[h.node_index];
        return [h.layer.name, conv.get(src) ?? 0, h.tensor_index, kwargs];
      }));
    });
    return { class_name: classNameOf(layer), config: layer.get_config(), name: layer.name, inbound_nodes: inbound };
  });
  const ref = (kt: KerasTensor) => { const h = kt._keras_history!; return [h.layer.name, conv.get(h.layer._inbound_nodes[h.node_index]) ?? 0, h.tensor_index]; };
  return { name: model.name, layers, input_layers: model.inputs.map(ref), output_layers: model.outputs.map(ref) };
}

function isJSON(v: unknown): boolean {
  try { JSON.stringify(v); return true; } catch { return false; }
}

/** `{ class_name, config, keras_version, backend }` as in model.json. */
export function modelTopology(model: Model): Record<string, unknown> {
  return { class_name: model instanceof Sequential ? "Sequential" : "Model", config: model.get_config(), keras_version: "tfjs-layers 4.22.0", backend: "tensor_flow.js" };
}

/** Reads a dtype that may be a Keras mixed-precision policy dict. */
function normaliseConfig(config: Record<string, any>): Record<string, any> {
  const c = { ...config };
  if (isPlainObject(c.dtype)) c.dtype = (c.dtype as { config?: { name?: string } }).config?.name ?? "float32";
  return c;
}

/** `tf.keras.layers.deserialize(config, custom_objects)` */
export function deserializeLayer(json: LayerJSON, custom_objects: Record<string, unknown> = {}): Layer {
  if (!isPlainObject(json) || typeof json.class_name !== "string") {
    throw new InvalidArgumentError(msg(`Malformed layer config: expected { class_name, config }, got ${JSON.stringify(json)?.slice(0, 200)}.`, `층 설정 형식이 잘못되었습니다: { class_name, config }가 필요한데 ${JSON.stringify(json)?.slice(0, 200)}입니다.`));
  }
  const name = json.class_name;
  const registry = layerClasses();
  const cls = (Object.prototype.hasOwnProperty.call(custom_objects, name) ? custom_objects[name] : undefined) ??
    (name === "Sequential" ? Sequential : name === "Model" || name === "Functional" ? Model : Object.prototype.hasOwnProperty.call(registry, name) ? registry[name] : undefined);
  if (typeof cls !== "function") {
    const near = nearest(name, Object.keys(registry));
    throw new InvalidArgumentError(msg(
      `Unknown layer: '${name}'.${near ? ` Did you mean '${near}'?` : ""} Please ensure you are using a \`tf.keras.utils.custom_object_scope\`-style custom_objects argument (load_model(path, { custom_objects: { ${name}: ${name} } })) for custom layers.`,
      `알 수 없는 층 '${name}'입니다.${near ? ` '${near}'을(를) 의도하셨나요?` : ""} 직접 만든 층이면 load_model(path, { custom_objects: { ${name}: ${name} } })처럼 custom_objects로 알려 주세요.`,
    ));
  }
  const config = normaliseConfig(isPlainObject(json.config) ? json.config : {});
  const C = cls as unknown as { from_config: (c: Record<string, unknown>, co?: Record<string, unknown>) => Layer };
  if (cls === Sequential) return sequentialFromConfig(config, custom_objects);
  if (cls === Model) return functionalFromConfig(config, custom_objects);
  return setLenientConfig(() => C.from_config(config, custom_objects));
}

export function sequentialFromConfig(config: Record<string, any>, custom_objects: Record<string, unknown> = {}): Sequential {
  const list = Array.isArray(config) ? config : config.layers;
  if (!Array.isArray(list)) {
    throw new InvalidArgumentError(msg("Sequential config must contain a 'layers' list.", "Sequential 설정에는 'layers' 목록이 있어야 합니다."));
  }
  const model = new Sequential({ name: typeof config.name === "string" ? config.name : undefined });
  for (const lc of list as LayerJSON[]) {
    if (lc && lc.class_name === "InputLayer") {
      const c = normaliseConfig(lc.config ?? {});
      model.add(new InputLayer({ batch_input_shape: c.batch_input_shape ?? c.batch_shape, dtype: c.dtype, name: c.name }));
    } else model.add(deserializeLayer(lc, custom_objects));
  }
  return model;
}

export function functionalFromConfig(config: Record<string, any>, custom_objects: Record<string, unknown> = {}): Model {
  const list = config.layers;
  if (!Array.isArray(list)) throw new InvalidArgumentError(msg("Functional model config must contain a 'layers' list.", "함수형 모델 설정에는 'layers' 목록이 있어야 합니다."));
  const created = new Map<string, Layer>();
  const pending: [Layer, unknown[]][] = [];
  for (const lc of list as LayerJSON[]) {
    const lname = lc.name ?? lc.config?.name;
    let layer: Layer;
    if (lc.class_name === "InputLayer") {
      const c = normaliseConfig(lc.config ?? {});
      layer = new InputLayer({ batch_input_shape: c.batch_input_shape ?? c.batch_shape, dtype: c.dtype, name: c.name ?? lname });
    } else layer = deserializeLayer(lc, custom_objects);
    if (created.has(layer.name)) throw new InvalidArgumentError(msg(`Duplicate layer name '${layer.name}' in model config.`, `모델 설정에 층 이름 '${layer.name}'이(가) 중복됩니다.`));
    created.set(layer.name, layer);
    const inbound = Array.isArray(lc.inbound_nodes) ? lc.inbound_nodes : [];
    pending.push([layer, [...inbound]]);
  }
  // Replays the layer calls in an order where every inbound tensor exists.
  const outputsOf = (name: string, nodeIndex: number, tensorIndex: number): KerasTensor | undefined => {
    const l = created.get(name);
    if (!l) throw new InvalidArgumentError(msg(`Model config refers to unknown layer '${name}'.`, `모델 설정이 없는 층 '${name}'을(를) 가리킵니다.`));
    const nodes = l instanceof InputLayer ? l._inbound_nodes : l._inbound_nodes.filter((n) => !n.is_input);
    const node = nodes[l instanceof Model ? nodeIndex - 1 : nodeIndex] ?? nodes[nodeIndex];
    return node ? node.flat_outputs[tensorIndex] : undefined;
  };
  let progress = true;
  while (progress) {
    progress = false;
    for (const entry of pending) {
      const [layer, nodes] = entry;
      while (nodes.length) {
        const nodeData = parseNodeData(nodes[0], layer.name);
        const args: KerasTensor[] = [];
        let ready = true;
        for (const [n, ni, ti] of nodeData.refs) {
          const t = outputsOf(n, ni, ti);
          if (!t) { ready = false; break; }
          args.push(t);
        }
        if (!ready) break;
        layer.__call__(args.length === 1 ? args[0] : args, nodeData.kwargs);
        nodes.shift();
        progress = true;
      }
    }
  }
  const left = pending.filter(([, n]) => n.length);
  if (left.length) {
    throw new InvalidArgumentError(msg(
      `Model config could not be replayed: inputs of layer(s) ${left.map(([l]) => `'${l.name}'`).join(", ")} are never produced.`,
      `모델 설정을 재구성할 수 없습니다: 층 ${left.map(([l]) => `'${l.name}'`).join(", ")}의 입력이 만들어지지 않습니다.`,
    ));
  }
  const refs = (x: unknown) => (Array.isArray(x) ? x : []).map((r) => {
    if (!Array.isArray(r) || typeof r[0] !== "string") throw new InvalidArgumentError(msg(`Bad input/output reference ${JSON.stringify(r)} in model config.`, `모델 설정의 입출력 참조 ${JSON.stringify(r)}가 잘못되었습니다.`));
    const t = outputsOf(r[0], Number(r[1] ?? 0), Number(r[2] ?? 0));
    if (!t) throw new InvalidArgumentError(msg(`Model config refers to a missing tensor ${JSON.stringify(r)}.`, `모델 설정이 없는 텐서 ${JSON.stringify(r)}를 가리킵니다.`));
    return t;
  });
  const ins = refs(config.input_layers), outs = refs(config.output_layers);
  return new Model({ inputs: ins.length === 1 ? ins[0] : ins, outputs: outs.length === 1 ? outs[0] : outs, name: typeof config.name === "string" ? config.name : undefined });
}

function parseNodeData(nd: unknown, layer: string): { refs: [string, number, number][]; kwargs: Record<string, unknown> } {
  // Keras 2: [[name, node_index, tensor_index, kwargs], ...]
  if (!Array.isArray(nd)) {
    throw new InvalidArgumentError(msg(`Malformed inbound_nodes entry for layer '${layer}': ${JSON.stringify(nd)?.slice(0, 200)}.`, `층 '${layer}'의 inbound_nodes 항목 형식이 잘못되었습니다.`));
  }
  const refs: [string, number, number][] = [];
  let kwargs: Record<string, unknown> = {};
  for (const r of nd) {
    if (!Array.isArray(r) || typeof r[0] !== "string") {
      throw new InvalidArgumentError(msg(`Malformed inbound node reference for layer '${layer}': ${JSON.stringify(r)?.slice(0, 200)}.`, `층 '${layer}'의 입력 노드 참조 형식이 잘못되었습니다.`));
    }
    refs.push([r[0], Number(r[1] ?? 0), Number(r[2] ?? 0)]);
    if (isPlainObject(r[3])) kwargs = { ...(r[3] as Record<string, unknown>) };
  }
  return { refs, kwargs };
}

export { flatten, packSequenceAs };

hooks.topology = { serializeLayer, sequentialConfig, functionalConfig, modelTopology, deserializeLayer, sequentialFromConfig, functionalFromConfig, flatten, packSequenceAs };
