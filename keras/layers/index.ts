/** `tf.keras.layers` */
import { registerLayers } from "./registry";
import { Layer, InputSpec } from "../engine/base_layer";
import { InputLayer, Input } from "../engine/input_layer";
import * as core from "./core";

export { Layer, InputSpec, InputLayer, Input };
export * from "./core";

registerLayers({ InputLayer, ...core });
