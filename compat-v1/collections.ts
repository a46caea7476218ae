/**
 * Graph collections (`tf.compat.v1.get_collection`, `add_to_collection`, `GraphKeys`): named
 * lists kept on the default graph (`core/graph/graph.ts` stores them).
 */
import { getDefaultGraph } from "../core/graph/graph";
import { bindArgs } from "../core/ops/reduce";

/** `tf.compat.v1.GraphKeys`: TF's standard collection names. */
export const GraphKeys = {
  GLOBAL_VARIABLES: "variables",
  LOCAL_VARIABLES: "local_variables",
  METRIC_VARIABLES: "metric_variables",
  MODEL_VARIABLES: "model_variables",
  TRAINABLE_VARIABLES: "trainable_variables",
  SUMMARIES: "summaries",
  QUEUE_RUNNERS: "queue_runners",
  TABLE_INITIALIZERS: "table_initializer",
  ASSET_FILEPATHS: "asset_filepaths",
  MOVING_AVERAGE_VARIABLES: "moving_average_variables",
  REGULARIZATION_LOSSES: "regularization_losses",
  CONCATENATED_VARIABLES: "concatenated_variables",
  SAVERS: "savers",
  WEIGHTS: "weights",
  BIASES: "biases",
  ACTIVATIONS: "activations",
  UPDATE_OPS: "update_ops",
  LOSSES: "losses",
  SAVEABLE_OBJECTS: "saveable_objects",
  RESOURCES: "resources",
  LOCAL_RESOURCES: "local_resources",
  TRAINABLE_RESOURCE_VARIABLES: "trainable_resource_variables",
  INIT_OP: "init_op",
  LOCAL_INIT_OP: "local_init_op",
  READY_OP: "ready_op",
  READY_FOR_LOCAL_INIT_OP: "ready_for_local_init_op",
  SUMMARY_OP: "summary_op",
  GLOBAL_STEP: "global_step",
  EVAL_STEP: "eval_step",
  TRAIN_OP: "train_op",
  COND_CONTEXT: "cond_context",
  WHILE_CONTEXT: "while_context",
  /** TF's legacy alias of GLOBAL_VARIABLES. */
  VARIABLES: "variables",
} as const;

/** `tf.compat.v1.add_to_collection(name, value)` */
export function add_to_collection(name: string, value: unknown): void {
  getDefaultGraph().add_to_collection(name, value);
}
/** `tf.compat.v1.add_to_collections(names, value)` */
export function add_to_collections(names: string | string[], value: unknown): void {
  const list = typeof names === "string" ? [names] : [...new Set(names)];
  for (const n of list) add_to_collection(n, value);
}
/** `tf.compat.v1.get_collection(key, scope=None)`: a copy; with `scope`, items whose `name` starts with it (a regex, like TF's `re.match`). */
export function get_collection(key: string, scope?: string | null | { scope?: string | null }): unknown[] {
  const o = bindArgs("get_collection", ["scope"], [scope]);
  return getDefaultGraph().get_collection(key, o.scope ?? undefined);
}
/** `tf.compat.v1.get_collection_ref(key)`: the list itself (mutations are seen by the graph). */
export function get_collection_ref(key: string): unknown[] {
  return getDefaultGraph().get_collection_ref(key);
}
