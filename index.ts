/**
 * tensorflow-ts: `import * as tf from "tensorflow-ts"`.
 * The core namespace plus tf.compat.v1 and tf.keras.
 */
export * from "./core/index";

// tf.compat.v1 (TF1's graph-mode API and names) and tf.compat.v2 (this namespace).
import * as coreNamespace from "./core/index";
import * as kerasNamespace from "./keras";
import { buildCompatV1 } from "./compat-v1/index";
const v2Namespace = { ...coreNamespace, keras: kerasNamespace };
export const compat = { v1: buildCompatV1(v2Namespace), v2: v2Namespace };

// tf.keras
export * as keras from "./keras";
