/**
 * `tf.compat.v1`: TF2's namespace plus TF1's graph-mode API (placeholder, Session,
 * InteractiveSession, get_variable, variable_scope, collections, v1 initializers, v1 optimizers,
 * v1 losses and layers) and every TF1 name from `renames.ts` (`tf.compat.v1.log`,
 * `tf.compat.v1.random_normal`, `reduce_sum(x, { keep_dims })`, ...).
 *
 * `buildCompatV1(tf)` is called by the package root with the v2 namespace (this module never
 * imports `core/index` at run time, keeping the no-cycle rule).
 */
import type * as Core from "../core/index";
import { Tensor } from "../core/tensor/tensor";
import { Variable } from "../core/variable";
import { Graph, Operation, name_scope, getDefaultGraph } from "../core/graph/graph";
import { group as groupOp } from "../core/graph/ops";
import { gradients as graphGradients } from "../core/autodiff/gradients";
import { get_seed } from "../core/ops/random";
import { checkOptions } from "../core/errors";
import { buildingGraph } from "../core/engine/engine";
import { RENAMES, RenameRow, ArgRenamedV1 } from "./renames";
import { makeAlias, resolvePath } from "./aliases";
import * as ph from "./placeholder";
import * as sess from "./session";
import * as vs from "./variable_scope";
import * as coll from "./collections";
import * as inits from "./initializers";
import * as ops1 from "./v1_ops";
import * as losses1 from "./losses";
import * as layers1 from "./layers";
import * as opt from "./train/optimizer";
import * as sched from "./train/schedules";

ops1.installEval();

/**
 * `tf.compat.v1.gradients(ys, xs, grad_ys=None, name='gradients', colocate_gradients_with_ops=False,
 * gate_gradients=False, aggregation_method=None, stop_gradients=None, unconnected_gradients=NONE)`.
 */
export function gradients(ys: Tensor | Tensor[], xs: Tensor | Variable | (Tensor | Variable)[], grad_ys?: unknown, name?: string, colocate_gradients_with_ops?: boolean, gate_gradients?: boolean, aggregation_method?: unknown, stop_gradients?: Tensor | Tensor[] | null, unconnected_gradients?: "none" | "zero"): (Tensor | null)[] {
  if (grad_ys && typeof grad_ys === "object" && !(grad_ys instanceof Tensor) && !Array.isArray(grad_ys)) {
    const o = { ...(grad_ys as Record<string, unknown>) };
    checkOptions("gradients", o, ["grad_ys", "name", "colocate_gradients_with_ops", "gate_gradients", "aggregation_method", "stop_gradients", "unconnected_gradients"]);
    delete o.colocate_gradients_with_ops;
    return graphGradients(ys, xs, o as any);
  }
  void colocate_gradients_with_ops;
  return graphGradients(ys, xs, (grad_ys ?? null) as any, name ?? "gradients", gate_gradients ?? false, aggregation_method ?? null, stop_gradients ?? null, unconnected_gradients ?? "none");
}

/** `tf.compat.v1.control_dependencies(control_inputs)` as a callback scope on the default graph. */
export function control_dependencies<T>(control_inputs: (Operation | Tensor | null)[] | null, fn: () => T): T {
  return getDefaultGraph().control_dependencies(control_inputs, fn);
}
/** `tf.compat.v1.group(*inputs, name=None)` */
export function group(...inputs: (Tensor | Operation | null | { name?: string })[]): Operation | null {
  let name: string | undefined;
  const last = inputs[inputs.length - 1];
  if (last && typeof last === "object" && !(last instanceof Tensor) && !(last instanceof Operation)) { name = (last as { name?: string }).name; inputs = inputs.slice(0, -1); }
  const flat = (inputs as unknown[]).flat(Infinity) as (Tensor | Operation | null)[];
  // Executing eagerly the inputs have already run: TF returns None.
  if (!buildingGraph()) return null;
  return groupOp(flat, name);
}
/** `tf.compat.v1.no_op(name=None)` */
export function no_op(name?: string): Operation | null { return group({ name: name ?? "NoOp" }); }

const own = {
  // graph mode and sessions
  disable_eager_execution: ph.disable_eager_execution,
  enable_eager_execution: ph.enable_eager_execution,
  disable_v2_behavior: ph.disable_v2_behavior,
  enable_v2_behavior: ph.enable_v2_behavior,
  executing_eagerly_outside_functions: ph.executing_eagerly_outside_functions,
  get_default_graph: ph.get_default_graph,
  reset_default_graph: ph.reset_default_graph,
  Graph, Operation, name_scope, control_dependencies, group, no_op,
  placeholder: ph.placeholder,
  placeholder_with_default: ph.placeholder_with_default,
  Session: sess.Session,
  InteractiveSession: sess.InteractiveSession,
  get_default_session: sess.get_default_session,
  // variables
  AUTO_REUSE: vs.AUTO_REUSE as typeof vs.AUTO_REUSE,
  VariableScope: vs.VariableScope,
  variable_scope: vs.variable_scope,
  get_variable_scope: vs.get_variable_scope,
  get_variable: vs.get_variable,
  get_local_variable: vs.get_local_variable,
  global_variables: vs.global_variables,
  all_variables: vs.all_variables,
  trainable_variables: vs.trainable_variables,
  local_variables: vs.local_variables,
  model_variables: vs.model_variables,
  global_variables_initializer: vs.global_variables_initializer,
  variables_initializer: vs.variables_initializer,
  local_variables_initializer: vs.local_variables_initializer,
  initialize_all_variables: vs.initialize_all_variables,
  initialize_local_variables: vs.initialize_local_variables,
  initialize_variables: vs.initialize_variables,
  is_variable_initialized: vs.is_variable_initialized,
  report_uninitialized_variables: vs.report_uninitialized_variables,
  GraphKeys: coll.GraphKeys,
  get_collection: coll.get_collection,
  get_collection_ref: coll.get_collection_ref,
  add_to_collection: coll.add_to_collection,
  add_to_collections: coll.add_to_collections,
  // initializers
  zeros_initializer: inits.zeros_initializer,
  ones_initializer: inits.ones_initializer,
  constant_initializer: inits.constant_initializer,
  random_uniform_initializer: inits.random_uniform_initializer,
  random_normal_initializer: inits.random_normal_initializer,
  truncated_normal_initializer: inits.truncated_normal_initializer,
  variance_scaling_initializer: inits.variance_scaling_initializer,
  glorot_uniform_initializer: inits.glorot_uniform_initializer,
  glorot_normal_initializer: inits.glorot_normal_initializer,
  initializers: {
    ...inits.initializers_ns,
    global_variables: vs.global_variables_initializer,
    local_variables: vs.local_variables_initializer,
    variables: vs.variables_initializer,
  },
  // TF1-only functions
  gradients,
  to_float: ops1.to_float, to_double: ops1.to_double, to_int32: ops1.to_int32, to_int64: ops1.to_int64,
  div: ops1.div, Print: ops1.Print,
  assign: ops1.assign, assign_add: ops1.assign_add, assign_sub: ops1.assign_sub,
  set_random_seed: ops1.set_random_seed, get_seed,
  train: {
    Optimizer: opt.Optimizer,
    GradientDescentOptimizer: opt.GradientDescentOptimizer,
    MomentumOptimizer: opt.MomentumOptimizer,
    AdamOptimizer: opt.AdamOptimizer,
    RMSPropOptimizer: opt.RMSPropOptimizer,
    AdagradOptimizer: opt.AdagradOptimizer,
    AdadeltaOptimizer: opt.AdadeltaOptimizer,
    get_global_step: sched.get_global_step,
    create_global_step: sched.create_global_step,
    get_or_create_global_step: sched.get_or_create_global_step,
    global_step: sched.global_step,
    exponential_decay: sched.exponential_decay,
    inverse_time_decay: sched.inverse_time_decay,
    natural_exp_decay: sched.natural_exp_decay,
    polynomial_decay: sched.polynomial_decay,
    piecewise_constant: sched.piecewise_constant,
    piecewise_constant_decay: sched.piecewise_constant_decay,
  },
  losses: {
    Reduction: losses1.Reduction,
    compute_weighted_loss: losses1.compute_weighted_loss,
    absolute_difference: losses1.absolute_difference,
    mean_squared_error: losses1.mean_squared_error,
    log_loss: losses1.log_loss,
    huber_loss: losses1.huber_loss,
    hinge_loss: losses1.hinge_loss,
    sigmoid_cross_entropy: losses1.sigmoid_cross_entropy,
    softmax_cross_entropy: losses1.softmax_cross_entropy,
    sparse_softmax_cross_entropy: losses1.sparse_softmax_cross_entropy,
    get_losses: losses1.get_losses,
    get_regularization_losses: losses1.get_regularization_losses,
    get_total_loss: losses1.get_total_loss,
    add_loss: losses1.add_loss,
  },
  layers: { dense: layers1.dense, dropout: layers1.dropout, flatten: layers1.flatten },
};
const ownNn = { dropout: ops1.dropout, xw_plus_b: ops1.xw_plus_b, relu_layer: ops1.relu_layer };
const ownRandom = { set_random_seed: ops1.set_random_seed, get_seed };

type CoreNS = typeof Core;
type Merge<A, B> = Omit<A, keyof B> & B;
type Loose = { [name: string]: any };
/** A TF1 signature (v1 positional order and keyword names): checked at run time, loosely typed. */
type V1Fn = (...args: any[]) => any;
type Top = Exclude<ArgRenamedV1, `${string}.${string}`>;
type Sub<P extends string> = ArgRenamedV1 extends infer R ? (R extends `${P}.${infer K}` ? K : never) : never;
type WithV1Args<NS, K extends string> = Omit<NS, K> & { [k in K]: V1Fn };

/** The type of `tf.compat.v1`: TF2's names, TF1's own API, and (loosely typed) the TF1 aliases. */
export type CompatV1 = Merge<WithV1Args<CoreNS, Top>, typeof own & {
  nn: Merge<WithV1Args<CoreNS["nn"], Sub<"nn">>, typeof ownNn> & Loose;
  random: Merge<CoreNS["random"], typeof ownRandom> & Loose;
  math: WithV1Args<CoreNS["math"], Sub<"math">> & Loose;
  linalg: CoreNS["linalg"] & Loose;
}> & Loose;

/** Ensures `obj[path]` is an object owned by the v1 namespace (cloning a shared v2 sub-namespace once). */
function ownedObject(root: Record<string, any>, parts: string[], owned: WeakSet<object>): Record<string, any> {
  let cur = root;
  for (const p of parts) {
    let next = cur[p];
    if (next == null || (typeof next !== "object" && typeof next !== "function")) {
      next = {};
      owned.add(next);
      cur[p] = next;
    } else if (!owned.has(next) && typeof next === "object") {
      next = { ...next };
      owned.add(next);
      cur[p] = next;
    }
    cur = next;
  }
  return cur;
}

function defineAlias(v1: Record<string, any>, row: RenameRow, tf: Record<string, any>, owned: WeakSet<object>): void {
  const parts = row.v1.split(".");
  const leaf = parts.pop()!;
  const holder = ownedObject(v1, parts, owned);
  // Own TF1 implementations win; then rows that change arguments replace the v2 function of the same name.
  if (Object.prototype.hasOwnProperty.call(holder, leaf) && !row.args && holder[leaf] !== undefined) return;
  let cached: unknown;
  Object.defineProperty(holder, leaf, {
    enumerable: true,
    configurable: true,
    get() {
      if (cached !== undefined) return cached;
      const v = makeAlias(row, tf);
      if (v === undefined) {
        return (..._a: unknown[]) => {
          throw new TypeError(`tf.compat.v1.${row.v1}: its TF2 counterpart tf.${row.v2} is not implemented in tensorflow-ts yet.`);
        };
      }
      if (resolvePath(tf, row.v2) !== undefined) cached = v;
      return v;
    },
  });
}

/** Builds `tf.compat.v1` from the v2 namespace `tf`. */
export function buildCompatV1(tf: Record<string, any>): CompatV1 {
  const owned = new WeakSet<object>();
  const v1: Record<string, any> = { ...tf };
  owned.add(v1);
  for (const [k, v] of Object.entries(own)) {
    if (v && typeof v === "object" && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype && tf[k] && typeof tf[k] === "object") {
      v1[k] = { ...tf[k], ...v };
      owned.add(v1[k]);
    } else v1[k] = v;
  }
  Object.assign(ownedObject(v1, ["nn"], owned), ownNn);
  Object.assign(ownedObject(v1, ["random"], owned), ownRandom);
  for (const row of RENAMES) defineAlias(v1, row, tf, owned);
  return v1 as CompatV1;
}

export { RENAMES, COMPAT_V1_ONLY, METHOD_KWARGS } from "./renames";
export type { RenameRow } from "./renames";
export { translateArgs } from "./aliases";
