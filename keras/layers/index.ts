/** `tf.keras.layers` */
import { registerLayers } from "./registry";
import { Layer, InputSpec } from "../engine/base_layer";
import { InputLayer, Input } from "../engine/input_layer";
import * as core from "./core";
import * as convolutional from "./convolutional";
import * as pooling from "./pooling";
import * as normalization from "./normalization";
import * as embedding from "./embedding";
import * as recurrent from "./recurrent";
import * as merge from "./merge";
import { serializeLayer, deserializeLayer } from "../saving/topology";

export { Layer, InputSpec, InputLayer, Input };
export { Dense, Flatten, Dropout, SpatialDropout1D, SpatialDropout2D, Activation, Reshape, Permute, RepeatVector, Lambda, Masking, Rescaling, GaussianNoise } from "./core";
export * from "./convolutional";
export * from "./pooling";
export * from "./normalization";
export * from "./embedding";
export * from "./recurrent";
export * from "./merge";
export { serializeLayer as serialize, deserializeLayer as deserialize };

type Tensors = unknown[];
/** Functional forms: `tf.keras.layers.add([a, b])`, `concatenate([a, b], axis)`, ... */
export const add = (inputs: Tensors, kwargs: Record<string, unknown> = {}) => new merge.Add(kwargs)(inputs);
export const subtract = (inputs: Tensors, kwargs: Record<string, unknown> = {}) => new merge.Subtract(kwargs)(inputs);
export const multiply = (inputs: Tensors, kwargs: Record<string, unknown> = {}) => new merge.Multiply(kwargs)(inputs);
export const average = (inputs: Tensors, kwargs: Record<string, unknown> = {}) => new merge.Average(kwargs)(inputs);
export const maximum = (inputs: Tensors, kwargs: Record<string, unknown> = {}) => new merge.Maximum(kwargs)(inputs);
export const minimum = (inputs: Tensors, kwargs: Record<string, unknown> = {}) => new merge.Minimum(kwargs)(inputs);
export const concatenate = (inputs: Tensors, axis: number | Record<string, unknown> = -1) => new merge.Concatenate(typeof axis === "number" ? { axis } : axis)(inputs);
export const dot = (inputs: Tensors, axes: number | number[], normalize = false) => new merge.Dot({ axes, normalize })(inputs);

registerLayers({ InputLayer, ...core, ...convolutional, ...pooling, ...normalization, ...embedding, ...recurrent, ...merge });
