/**
 * `tf.compat.v1.variable_scope`, `get_variable`, `AUTO_REUSE` and the variable lists and
 * initializers built on the graph's collections.
 *
 * Variable sharing follows TF1's `_VariableStore`: one store per graph, keyed by the full name
 * (`scope/sub/name`). Without reuse, asking for an existing name is an error; with `reuse: true`,
 * asking for a missing one is; `AUTO_REUSE` creates or returns. Shapes and dtypes must agree on
 * reuse. Executing eagerly, `get_variable` makes a new variable each call (TF2's behaviour).
 *
 * A variable scope also opens a name scope of the same name (made unique: re-entering `foo`
 * names ops `foo_1/...` while variables stay `foo/...`), as in TF1.
 */
import { Tensor } from "../core/tensor/tensor";
import { DType, DTypeLike, asDType, float32, string as stringDType } from "../core/tensor/dtypes";
import { formatShape } from "../core/tensor/shape";
import { InvalidArgumentError, msg, checkOptions } from "../core/errors";
import { ctx, buildingGraph, defineOp, registerKernel, runOp } from "../core/engine/engine";
import { Graph, Operation, getDefaultGraph, name_scope } from "../core/graph/graph";
import { group } from "../core/graph/ops";
import { Variable } from "../core/variable";
import { Initializer, InitializerLike, glorot_uniform_initializer, runInitializer, Zeros } from "./initializers";
import { GraphKeys, get_collection, get_collection_ref } from "./collections";
import { isOptions } from "./aliases";
import { NDArray } from "../core/tensor/ndarray";
import { stack } from "../core/ops/array";
import { constant } from "../core/ops/convert";

/** `tf.compat.v1.AUTO_REUSE`: create the variable if missing, else reuse it. */
export const AUTO_REUSE: unique symbol = Symbol.for("tf.compat.v1.AUTO_REUSE") as never;
export type ReuseFlag = boolean | typeof AUTO_REUSE | null | undefined;

/** `tf.compat.v1.VariableScope`: the settings variables created inside a `variable_scope` get. */
export class VariableScope {
  constructor(
    readonly reuse: boolean | typeof AUTO_REUSE,
    readonly name = "",
    readonly initializer: InitializerLike | null = null,
    readonly regularizer: ((w: Tensor) => Tensor | null) | null = null,
    readonly dtype: DType = float32,
    readonly original_name_scope = "",
    readonly constraint: ((v: Tensor) => Tensor) | null = null,
  ) {}
  get_variable(name: string, opts: GetVariableOptions = {}): Variable { return withScope(this, () => get_variable(name, opts)); }
  toString(): string { return `<tf.compat.v1.VariableScope '${this.name}'>`; }
}

let scopeStack: VariableScope[] = [];
const rootScope = new VariableScope(false);

/** `tf.compat.v1.get_variable_scope()` */
export function get_variable_scope(): VariableScope {
  return scopeStack.length ? scopeStack[scopeStack.length - 1] : rootScope;
}

function withScope<T>(s: VariableScope, fn: () => T): T {
  scopeStack.push(s);
  try { return fn(); } finally { scopeStack.pop(); }
}

/** Per-graph variable stores (TF1's `_VARSTORE_KEY` collection). */
const stores = new WeakMap<Graph, Map<string, Variable>>();
function storeOf(g: Graph): Map<string, Variable> {
  let s = stores.get(g);
  if (!s) stores.set(g, (s = new Map()));
  return s;
}
/** Graph in which variables are created now (the graph being built; else the default graph). */
function storeGraph(): Graph | null {
  const g = buildingGraph() as Graph | null;
  if (g && !(g as { building_function?: boolean }).building_function) return g;
  return null;
}

export interface VariableScopeOptions {
  default_name?: string;
  values?: unknown[];
  initializer?: InitializerLike | null;
  regularizer?: ((w: Tensor) => Tensor | null) | null;
  caching_device?: unknown;
  partitioner?: unknown;
  custom_getter?: unknown;
  reuse?: ReuseFlag;
  dtype?: DTypeLike | null;
  use_resource?: boolean;
  constraint?: ((v: Tensor) => Tensor) | null;
  auxiliary_name_scope?: boolean;
}
const VS_KEYS = [
  "default_name", "values", "initializer", "regularizer", "caching_device", "partitioner", "custom_getter", "reuse",
  "dtype", "use_resource", "constraint", "auxiliary_name_scope",
] as const;

/** Unique default scope names per graph (`dense`, `dense_1`, ...). */
const defaultNames = new WeakMap<object, Map<string, number>>();
const eagerKey = {};
function uniqueScopeName(base: string): string {
  const key = (storeGraph() ?? eagerKey) as object;
  let m = defaultNames.get(key);
  if (!m) defaultNames.set(key, (m = new Map()));
  const parent = get_variable_scope().name;
  const full = parent ? `${parent}/${base}` : base;
  const n = m.get(full) ?? 0;
  m.set(full, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

/**
 * `tf.compat.v1.variable_scope(name_or_scope, default_name=None, values=None, initializer=None,
 * regularizer=None, ..., reuse=None, dtype=None, ...)` as a callback scope:
 * `variable_scope("layer1", () => { ... })` or `variable_scope("layer1", { reuse: tf.compat.v1.AUTO_REUSE }, () => ...)`.
 * The callback receives the VariableScope.
 */
export function variable_scope<T>(name_or_scope: string | VariableScope | null, fn: (scope: VariableScope) => T): T;
export function variable_scope<T>(name_or_scope: string | VariableScope | null, options: VariableScopeOptions, fn: (scope: VariableScope) => T): T;
export function variable_scope<T>(name_or_scope: string | VariableScope | null, a: VariableScopeOptions | ((s: VariableScope) => T), b?: (s: VariableScope) => T): T {
  const fn = (typeof a === "function" ? a : b) as ((s: VariableScope) => T) | undefined;
  const opts: VariableScopeOptions = typeof a === "function" ? {} : (a ?? {});
  if (typeof fn !== "function") {
    throw new TypeError(msg(
      "variable_scope(name, [options,] fn): pass the block as a function, e.g. tf.compat.v1.variable_scope('layer1', () => { ... }).",
      "variable_scope(name, [options,] fn): 블록을 함수로 넘기세요. 예: tf.compat.v1.variable_scope('layer1', () => { ... })",
    ));
  }
  checkOptions("variable_scope", opts, VS_KEYS);
  if (name_or_scope == null && !opts.default_name) {
    throw new TypeError(msg(
      "If default_name is None then name_or_scope is required",
      "default_name이 없으면 name_or_scope가 필요합니다.",
    ));
  }
  const reuse = opts.reuse;
  if (reuse !== undefined && reuse !== null && reuse !== true && reuse !== false && reuse !== AUTO_REUSE) {
    throw new InvalidArgumentError(msg(
      `variable_scope: reuse must be true, false, null or tf.compat.v1.AUTO_REUSE, got ${String(reuse)}.`,
      `variable_scope: reuse는 true, false, null, tf.compat.v1.AUTO_REUSE 중 하나여야 하는데 ${String(reuse)}입니다.`,
    ));
  }
  const parent = get_variable_scope();
  let scopeName: string;
  let base: VariableScope | null = null;
  if (name_or_scope instanceof VariableScope) { base = name_or_scope; scopeName = name_or_scope.name; }
  else {
    const local = name_or_scope ?? uniqueScopeName(opts.default_name!);
    scopeName = parent.name ? `${parent.name}/${local}` : local;
  }
  // reuse=True is inherited by nested scopes; AUTO_REUSE too; False/None inherit the parent's.
  const inherited = base ? base.reuse : parent.reuse;
  const effReuse: boolean | typeof AUTO_REUSE =
    reuse === AUTO_REUSE ? AUTO_REUSE : reuse === true ? true : inherited === true || inherited === AUTO_REUSE ? inherited : false;
  const src = base ?? parent;
  const scope = new VariableScope(
    effReuse, scopeName,
    opts.initializer !== undefined ? opts.initializer : src.initializer,
    opts.regularizer !== undefined ? opts.regularizer : src.regularizer,
    opts.dtype != null ? asDType(opts.dtype) : src.dtype,
    "",
    opts.constraint !== undefined ? opts.constraint : src.constraint,
  );
  const run = () => withScope(scope, () => fn(scope));
  if (opts.auxiliary_name_scope === false) return run();
  // The name scope: a scope object re-enters its original name scope; a string opens a (unique) one.
  const nsName = base ? `${base.name}/` : (name_or_scope ?? scopeName.split("/").pop()!);
  return name_scope(nsName as string, run);
}

export interface GetVariableOptions {
  shape?: readonly number[] | null;
  dtype?: DTypeLike | null;
  initializer?: InitializerLike | null;
  regularizer?: ((w: Tensor) => Tensor | null) | null;
  trainable?: boolean | null;
  collections?: string[] | null;
  caching_device?: unknown;
  partitioner?: unknown;
  validate_shape?: boolean;
  use_resource?: boolean | null;
  custom_getter?: unknown;
  constraint?: ((v: Tensor) => Tensor) | null;
  synchronization?: unknown;
  aggregation?: unknown;
}
const GV_ARGS = [
  "shape", "dtype", "initializer", "regularizer", "trainable", "collections", "caching_device", "partitioner",
  "validate_shape", "use_resource", "custom_getter", "constraint", "synchronization", "aggregation",
] as const;

function shapeOfInit(init: unknown): number[] | null {
  if (init instanceof Tensor) return init.shape;
  if (init instanceof NDArray) return init.shape;
  if (typeof init === "number") return [];
  if (Array.isArray(init)) {
    const s: number[] = [];
    let v: unknown = init;
    while (Array.isArray(v)) { s.push(v.length); v = v[0]; }
    return s;
  }
  return null;
}

/**
 * `tf.compat.v1.get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
 * trainable=None, collections=None, ...)`: the variable `scope/name`, created or reused
 * according to the enclosing variable scopes.
 */
export function get_variable(name: string, shape?: readonly number[] | null | GetVariableOptions, dtype?: DTypeLike | null, initializer?: InitializerLike | null, ...rest: unknown[]): Variable {
  const args = [shape, dtype, initializer, ...rest];
  let o: GetVariableOptions;
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  if (n > 0 && isOptions(args[n - 1])) {
    checkOptions("get_variable", args[n - 1] as object, GV_ARGS);
    o = { ...(args[n - 1] as GetVariableOptions) };
    n--;
  } else o = {};
  for (let i = 0; i < n; i++) {
    const k = GV_ARGS[i];
    if (args[i] === undefined) continue;
    if (k in o) throw new TypeError(msg(`get_variable() got multiple values for argument '${k}'.`, `get_variable()의 인자 '${k}'에 값이 두 번 주어졌습니다.`));
    (o as Record<string, unknown>)[k] = args[i];
  }
  if (typeof name !== "string" || !name) {
    throw new InvalidArgumentError(msg("get_variable: name must be a non-empty string.", "get_variable: name은 빈 문자열이 아니어야 합니다."));
  }
  const scope = get_variable_scope();
  const full = scope.name ? `${scope.name}/${name}` : name;
  const d: DType = o.dtype != null ? asDType(o.dtype) : scope.dtype;
  const init: InitializerLike | null = o.initializer ?? scope.initializer;
  const initIsValue = init != null && !(init instanceof Initializer) && typeof init !== "function";
  const declared = o.shape != null ? [...o.shape] : null;
  const g = storeGraph();

  if (g) {
    const store = storeOf(g);
    const found = store.get(full);
    const reuse = scope.reuse;
    if (found) {
      if (reuse === false) {
        throw new InvalidArgumentError(msg(
          `Variable ${full} already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope? ` +
          `In TypeScript: tf.compat.v1.variable_scope("${scope.name || "scope"}", { reuse: true }, () => ...).`,
          `변수 ${full}이(가) 이미 있습니다. 공유하려면 VarScope에 reuse=True 또는 reuse=tf.AUTO_REUSE를 주세요. ` +
          `TypeScript: tf.compat.v1.variable_scope("${scope.name || "scope"}", { reuse: true }, () => ...).`,
        ));
      }
      const want = declared ?? (initIsValue ? shapeOfInit(init) : null);
      if (want && formatShape(want) !== formatShape(found.shape)) {
        throw new InvalidArgumentError(msg(
          `Trying to share variable ${full}, but specified shape ${formatShape(want)} and found shape ${formatShape(found.shape)}.`,
          `변수 ${full}을(를) 공유하려는데 지정한 형태 ${formatShape(want)}와 기존 형태 ${formatShape(found.shape)}가 다릅니다.`,
        ));
      }
      if (o.dtype != null && d !== found.dtype) {
        throw new InvalidArgumentError(msg(
          `Trying to share variable ${full}, but specified dtype ${d.name} and found dtype ${found.dtype.name}.`,
          `변수 ${full}을(를) 공유하려는데 지정한 dtype ${d.name}과 기존 dtype ${found.dtype.name}이 다릅니다.`,
        ));
      }
      return found;
    }
    if (reuse === true) {
      throw new InvalidArgumentError(msg(
        `Variable ${full} does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?`,
        `변수 ${full}이(가) 없거나 tf.get_variable()로 만들어지지 않았습니다. VarScope에 reuse=tf.AUTO_REUSE를 주려던 것인가요?`,
      ));
    }
  }

  // ---- create
  let shp: number[];
  if (initIsValue) {
    const s = shapeOfInit(init);
    if (declared && s && formatShape(declared) !== formatShape(s) && o.validate_shape !== false) {
      throw new InvalidArgumentError(msg(
        `get_variable ${full}: the initializer value has shape ${formatShape(s)} but shape ${formatShape(declared)} was given. If initializer is a constant, do not specify shape.`,
        `get_variable ${full}: 초깃값의 형태는 ${formatShape(s)}인데 shape ${formatShape(declared)}이(가) 주어졌습니다. 초깃값이 상수이면 shape를 주지 마세요.`,
      ));
    }
    shp = s ?? declared ?? [];
  } else {
    if (!declared || !declared.every((x) => Number.isInteger(x) && x >= 0)) {
      throw new InvalidArgumentError(msg(
        `Shape of a new variable (${full}) must be fully defined, but instead was ${declared ? formatShape(declared) : "<unknown>"}.`,
        `새 변수(${full})의 형태는 완전히 정해져야 하는데 ${declared ? formatShape(declared) : "<unknown>"}입니다. shape: [784, 10]처럼 주세요.`,
      ));
    }
    shp = declared;
  }
  let initializerFn: InitializerLike;
  if (init != null) initializerFn = init;
  else if (d.is_floating) initializerFn = glorot_uniform_initializer();
  else if (d.is_integer || d.is_bool) initializerFn = new Zeros(d);
  else {
    throw new InvalidArgumentError(msg(
      `An initializer for variable ${full} of ${d.name} is required`,
      `${d.name} 변수 ${full}에는 initializer가 필요합니다.`,
    ));
  }
  const trainable = o.trainable ?? true;
  const leaf = full.split("/").pop()!;
  const prefix = full.slice(0, full.length - leaf.length);
  // Variables are named by their variable scope, not the current name scope: open it absolutely.
  const make = () => name_scope(prefix, () => new Variable(
    () => name_scope(`${full}/Initializer/`, () => {
      const t = runInitializer(initializerFn, shp, d);
      return t.dtype === d ? t : constant(t.numpy(), d);
    }),
    { name: leaf, dtype: d, trainable, constraint: o.constraint ?? scope.constraint ?? null },
  ));
  const v = g ? make() : make();
  if (g) {
    storeOf(g).set(full, v);
    if (o.collections) {
      // Explicit collections replace the defaults (GLOBAL_VARIABLES, TRAINABLE_VARIABLES).
      for (const key of [GraphKeys.GLOBAL_VARIABLES, GraphKeys.TRAINABLE_VARIABLES]) {
        if (o.collections.includes(key)) continue;
        const ref = get_collection_ref(key);
        const i = ref.indexOf(v);
        if (i >= 0) ref.splice(i, 1);
      }
      for (const key of o.collections) if (!get_collection_ref(key).includes(v)) g.add_to_collection(key, v);
    }
    const reg = o.regularizer ?? scope.regularizer;
    if (reg) {
      const loss = name_scope(`${full}/Regularizer/`, () => reg(v._asTensor()));
      if (loss) g.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss);
    }
  }
  return v;
}

/** `tf.compat.v1.get_local_variable(...)`: `get_variable` in the LOCAL_VARIABLES collection, not trainable. */
export function get_local_variable(name: string, opts: GetVariableOptions = {}): Variable {
  return get_variable(name, { ...opts, trainable: false, collections: [GraphKeys.LOCAL_VARIABLES] });
}

// ---------------------------------------------------------------- variable lists
/** `tf.compat.v1.global_variables(scope=None)` */
export function global_variables(scope?: string | null): Variable[] {
  return get_collection(GraphKeys.GLOBAL_VARIABLES, scope) as Variable[];
}
/** `tf.compat.v1.all_variables()` (deprecated alias) */
export const all_variables = global_variables;
/** `tf.compat.v1.trainable_variables(scope=None)` */
export function trainable_variables(scope?: string | null): Variable[] {
  return get_collection(GraphKeys.TRAINABLE_VARIABLES, scope) as Variable[];
}
/** `tf.compat.v1.local_variables(scope=None)` */
export function local_variables(scope?: string | null): Variable[] {
  return get_collection(GraphKeys.LOCAL_VARIABLES, scope) as Variable[];
}
/** `tf.compat.v1.model_variables(scope=None)` */
export function model_variables(scope?: string | null): Variable[] {
  return get_collection(GraphKeys.MODEL_VARIABLES, scope) as Variable[];
}

// ---------------------------------------------------------------- initializers of variables
function noOp(name: string): Operation | null {
  const g = buildingGraph() as Graph | null;
  if (!g) return null;
  return group([], name);
}

/**
 * `tf.compat.v1.variables_initializer(var_list, name="init")`: one op that runs every variable's
 * initializer. Executing eagerly, variables are initialised when created: returns null.
 */
export function variables_initializer(var_list: Variable[], name: string | { name?: string } = "init"): Operation | null {
  const n = typeof name === "string" ? name : name?.name ?? "init";
  if (!Array.isArray(var_list)) {
    throw new InvalidArgumentError(msg("variables_initializer: var_list must be a list of variables.", "variables_initializer: var_list는 변수 배열이어야 합니다."));
  }
  const inits: Operation[] = [];
  for (const v of var_list) {
    if (!(v instanceof Variable)) {
      throw new InvalidArgumentError(msg(`variables_initializer: ${String(v)} is not a variable.`, `variables_initializer: ${String(v)}은(는) 변수가 아닙니다.`));
    }
    if (v.initializer) inits.push(v.initializer);
  }
  const g = buildingGraph() as Graph | null;
  if (!g) {
    if (inits.length) {
      // Graph variables initialised from eager code: build the group in their graph.
      const vg = inits[0].graph;
      return vg.as_default(() => group(inits, n));
    }
    return null;
  }
  if (!inits.length) return noOp(n);
  return group(inits, n);
}
/** `tf.compat.v1.global_variables_initializer()`: initialises every global variable (name "init"). */
export function global_variables_initializer(): Operation | null {
  return variables_initializer(global_variables(), "init");
}
/** `tf.compat.v1.local_variables_initializer()` (name "init_1" style unique names). */
export function local_variables_initializer(): Operation | null {
  return variables_initializer(local_variables(), "init");
}
/** Deprecated TF1 aliases. */
export const initialize_all_variables = global_variables_initializer;
export const initialize_local_variables = local_variables_initializer;
export function initialize_variables(var_list: Variable[], name = "init"): Operation | null { return variables_initializer(var_list, name); }

/** `tf.compat.v1.is_variable_initialized(variable)`: a bool scalar (eager here; in graphs evaluated when fetched). */
export function is_variable_initialized(variable: Variable): Tensor {
  return constantBool(variable._initialized);
}
function constantBool(b: boolean): Tensor {
  return constant(b);
}
defineOp({
  name: "ReportUninitializedVariables",
  infer(_i, { var_list }) {
    // Building a graph the count is unknown; when run, it is the number of uninitialised variables.
    const n = buildingGraph() ? null : uninitialized(var_list).length;
    return [{ shape: [n] as number[], dtype: stringDType }];
  },
  stateful: true,
});
registerKernel("cpu", "ReportUninitializedVariables", (_i, { var_list }, outs, backend) => {
  const names = uninitialized(var_list);
  return [backend.write(names, outs[0].shape, stringDType)];
});
function uninitialized(list: Variable[]): string[] {
  return list.filter((v) => !v._initialized).map((v) => v.name.replace(/:0$/, ""));
}
/**
 * `tf.compat.v1.report_uninitialized_variables(var_list=None, name="report_uninitialized_variables")`:
 * a 1-D string tensor of the names of variables not yet initialised (evaluated when run).
 */
export function report_uninitialized_variables(var_list?: Variable[] | null, name = "report_uninitialized_variables"): Tensor {
  const list = var_list ?? [...global_variables(), ...local_variables()];
  return runOp("ReportUninitializedVariables", [], { var_list: list }, name)[0];
}

/** Clears per-graph scope bookkeeping (tf.compat.v1.reset_default_graph). */
export function _resetScopes(): void {
  scopeStack = [];
  void ctx; void stack; void getDefaultGraph;
}
