/**
 * `tf.keras`: models, layers, losses, optimizers, metrics, callbacks, datasets, saving.
 * Names, argument order and keyword names are Keras 2's (TensorFlow 2.x).
 */
import * as layersMod from "./layers";
import { Model } from "./engine/training";
import { Sequential } from "./engine/sequential";
import { Input } from "./engine/input_layer";
import { loadModel, modelFromJson } from "./saving/save";
import { deserializeLayer } from "./saving/topology";
import { customObjects } from "./utils";
import type { Layer } from "./engine/base_layer";

export const layers = layersMod;
export { Model, Sequential, Input };
export { Model as Functional };
export * as losses from "./losses";
export * as metrics from "./metrics";
export * as optimizers from "./optimizers";
export * as callbacks from "./callbacks";
export * as activations from "./activations";
export * as initializers from "./initializers";
export * as regularizers from "./regularizers";
export * as constraints from "./constraints";
export * as datasets from "./datasets";
export * as utils from "./utils";
export * as backend from "./backend";

/** `tf.keras.models.load_model(filepath, custom_objects=None, compile=True)` */
export function load_model(filepath: string, options: { custom_objects?: Record<string, unknown>; compile?: boolean } = {}): Model {
  return loadModel(filepath, { ...options, custom_objects: { ...customObjects, ...(options.custom_objects ?? {}) } });
}

/** `tf.keras.models.clone_model(model)`: same architecture, fresh weights. */
export function clone_model(model: Model): Model {
  const cfg = { class_name: model instanceof Sequential ? "Sequential" : "Model", config: model.get_config() };
  return deserializeLayer(cfg, customObjects) as Model;
}

/** `tf.keras.models` */
export const models = {
  Sequential, Model, load_model, clone_model,
  model_from_json: (json: string, custom_objects: Record<string, unknown> = {}) => modelFromJson(json, { ...customObjects, ...custom_objects }),
  save_model: (model: Model, filepath: string, options?: { overwrite?: boolean; include_optimizer?: boolean }) => model.save(filepath, options),
};

export type { Layer };
