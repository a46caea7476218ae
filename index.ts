/**
 * tensorflow-ts: `import * as tf from "tensorflow-ts"`.
 * The core namespace plus tf.compat.v1 and tf.keras.
 */
export * from "./core/index";
