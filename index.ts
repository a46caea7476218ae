/**
 * tensorflow-ts: `import * as tf from "tensorflow-ts"`.
 * The core namespace plus tf.compat.v1 and tf.keras.
 */
export * from "./core/index";

// tf.compat.v1 (TF1's graph-mode API and names) and tf.compat.v2 (this namespace).
import * as coreNamespace from "./core/index";
import { buildCompatV1 } from "./compat-v1/index";
export const compat = { v1: buildCompatV1(coreNamespace), v2: coreNamespace };
