/**
 * `tf.Variable`: mutable state. Eagerly a variable holds its current value as an eager tensor
 * (replaced, never mutated, on assign: earlier reads keep their values). In a graph (tf.function
 * tracing, `graph.as_default`, eager execution disabled) a read adds a `ReadVariableOp` node and
 * an assign an `AssignVariableOp` node; the graph executor runs them against the variable's
 * current value each time.
 *
 * tf.compat.v1 hook: a variable created while a (non-function) graph is being built starts
 * uninitialised; `variable.initializer` is the `AssignVariableOp` that sets it (what
 * `global_variables_initializer` groups), and reading it before that raises
 * `FailedPreconditionError`. It is added to the graph's "variables" (and, when trainable,
 * "trainable_variables") collections.
 */
import { Tensor } from "./tensor/tensor";
import { DType, DTypeLike, asDType } from "./tensor/dtypes";
import { formatShape } from "./tensor/shape";
import { tensorValueText } from "./tensor/format";
import type { NDArray } from "./tensor/ndarray";
import { ctx, defineOp, execute, getOpDef, outsideGraphs, registerKernel, runOp, buildingGraph } from "./engine/engine";
import { TensorLike, constant, toTensor } from "./ops/convert";
import { FailedPreconditionError, InvalidArgumentError, checkOptions, msg } from "./errors";
import { Graph, Operation, currentNameScope } from "./graph/graph";
import { executeGraph, registerResourceKernel } from "./graph/execute";
import { holdArray } from "./engine/spare";
import { markView } from "./engine/views";
import { adoptTensor } from "./engine/engine";

let nextVariableId = 1;
let identity: ReturnType<typeof getOpDef> | null = null;
const identityDef = () => identity ?? (identity = getOpDef("Identity"));

// ---------------------------------------------------------------- resource ops
defineOp({ name: "VarHandleOp", infer: () => [], stateful: true });
defineOp({
  name: "ReadVariableOp",
  infer(_i, { variable }) { return [{ shape: (variable as Variable)._shape as number[], dtype: (variable as Variable).dtype }]; },
  stateful: true,
});
for (const name of ["AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp"]) {
  defineOp({ name, infer: () => [], stateful: true });
}
// Eager kernels so the ops also work through engine.execute (e.g. a backend conformance run).
registerKernel("cpu", "ReadVariableOp", (_i, { variable }) => {
  // The graph executor hands this output on without a view count: the storage is shared from now on.
  (variable as Variable)._private = false;
  return [(variable as Variable)._eagerValue("ReadVariableOp")._handle];
});

registerResourceKernel("VarHandleOp", () => []);
registerResourceKernel("ReadVariableOp", (op) => [(op.attrs.variable as Variable)._readEager()]);
registerResourceKernel("AssignVariableOp", (op, [v]) => { (op.attrs.variable as Variable)._assignEager(v); return []; });
registerResourceKernel("AssignAddVariableOp", (op, [v]) => { const x = op.attrs.variable as Variable; x._assignEager(x._combine("AddV2", v), true); return []; });
registerResourceKernel("AssignSubVariableOp", (op, [v]) => { const x = op.attrs.variable as Variable; x._assignEager(x._combine("Sub", v), true); return []; });

export interface VariableOptions {
  initial_value?: unknown;
  trainable?: boolean;
  validate_shape?: boolean;
  caching_device?: unknown;
  name?: string;
  variable_def?: unknown;
  dtype?: DTypeLike;
  import_scope?: string;
  constraint?: ((v: Tensor) => Tensor) | null;
  synchronization?: unknown;
  aggregation?: unknown;
  shape?: readonly (number | null)[] | null;
  experimental_enable_variable_lifting?: boolean;
}
const VARIABLE_KEYS = [
  "initial_value", "trainable", "validate_shape", "caching_device", "name", "variable_def", "dtype", "import_scope",
  "constraint", "synchronization", "aggregation", "shape", "experimental_enable_variable_lifting",
] as const;

/** Does `value` (static shape) fit the variable's declared shape (null = any size)? */
function shapeFits(declared: readonly (number | null)[], got: readonly (number | null)[]): boolean {
  if (declared.length !== got.length) return false;
  for (let i = 0; i < declared.length; i++) if (declared[i] !== null && got[i] !== null && declared[i] !== got[i]) return false;
  return true;
}

/** Evaluates a symbolic tensor that depends on no placeholder (an initialiser built in a graph). */
function liftToEager(t: Tensor): Tensor {
  return outsideGraphs(() => executeGraph([t], null, { free: true })[0]!);
}

/**
 * `tf.Variable(initial_value, trainable=True, validate_shape=True, caching_device=None, name=None,
 * variable_def=None, dtype=None, ..., shape=None)`, or `new tf.Variable(value, { name, trainable, dtype, shape })`.
 */
export class Variable {
  readonly id = nextVariableId++;
  /** Current value (eager), null while uninitialised (graph variables before their initializer runs). */
  _value: Tensor | null = null;
  /** Live eager reads viewing the storage (dispose() or garbage collection uncounts one; see `_writableInPlace`). */
  _views = 0;
  /** Whether no tensor outside this variable shares the storage (set by owned assigns, cleared by others). */
  _private = false;
  _shape: (number | null)[];
  private _dtype: DType;
  private _name: string;
  private _trainable: boolean;
  /** The graph this variable belongs to (graph-mode creation), null for eager variables. */
  readonly _graph: Graph | null = null;
  /** The VarHandleOp naming this variable in its graph. */
  _handleOp: Operation | null = null;
  /** tf.compat.v1: the op that initialises the variable (null for eager variables). */
  readonly initializer: Operation | null = null;
  private _initialValue: Tensor | null = null;
  readonly constraint: ((v: Tensor) => Tensor) | null;

  constructor(initial_value?: unknown, trainable?: boolean | VariableOptions | null, validate_shape?: boolean, caching_device?: unknown, name?: string, variable_def?: unknown, dtype?: DTypeLike | null) {
    let o: VariableOptions;
    if (trainable != null && typeof trainable === "object") {
      checkOptions("Variable", trainable, VARIABLE_KEYS);
      o = { ...trainable };
      if (initial_value === undefined) initial_value = o.initial_value;
    } else {
      o = { trainable: trainable ?? undefined, validate_shape, caching_device, name, variable_def, dtype: dtype ?? undefined };
    }
    if (initial_value === undefined || initial_value === null) {
      throw new InvalidArgumentError(msg(
        "Variable: initial_value must be specified (a tensor, a value, or a function returning one).",
        "Variable: initial_value(초깃값)를 주어야 합니다 (텐서, 값, 또는 값을 돌려주는 함수).",
      ));
    }
    this._trainable = o.trainable ?? true;
    this.constraint = o.constraint ?? null;
    const d = o.dtype != null ? asDType(o.dtype) : null;
    const baseName = (o.name ?? "Variable").replace(/:\d+$/, "");
    const scope = currentNameScope();
    const g = buildingGraph() as Graph | null;

    if (g && !g.building_function) {
      // Graph (tf.compat.v1) variable: uninitialised until its initializer runs.
      this._graph = g;
      const init = typeof initial_value === "function" ? (initial_value as () => unknown)() : initial_value;
      let t = g.capture(init instanceof Variable ? init._asTensor() : toTensor(init as TensorLike, "Variable", d));
      if (d && t.dtype !== d) t = runOp("Cast", [t], { DstT: d, SrcT: t.dtype })[0];
      this._dtype = t.dtype;
      this._shape = o.shape ? [...o.shape] : [...t.shape];
      this._checkShape(t.shape, o.validate_shape !== false && !o.shape);
      this._handleOp = g._createOp("VarHandleOp", [], { variable: this, shape: this._shape, dtype: this._dtype }, [], baseName);
      this._name = this._handleOp.name;
      this._initialValue = t;
      const assign = getOpDef("AssignVariableOp");
      this.initializer = g._createOp(assign, [t], { variable: this }, [], `${this._name}/Assign`);
      g.add_to_collection("variables", this);
      if (this._trainable) g.add_to_collection("trainable_variables", this);
      return;
    }

    // Eager variable (also inside tf.function tracing: the value is lifted out of the graph).
    let value = outsideGraphs(() => {
      const init = typeof initial_value === "function" ? (initial_value as () => unknown)() : initial_value;
      if (init instanceof Variable) return init._eagerValue("Variable");
      if (init instanceof Tensor && init._source) return liftToEager(init);
      return toTensor(init as TensorLike, "Variable", d);
    });
    if (d && value.dtype !== d) {
      if (value.dtype.kind === "f" && d.kind === "f" || typeof initial_value !== "object") value = outsideGraphs(() => runOp("Cast", [value], { DstT: d, SrcT: value.dtype })[0]);
      else value = outsideGraphs(() => constant(value.numpy(), d));
    }
    this._dtype = value.dtype;
    this._shape = o.shape ? [...o.shape] : [...value.shape];
    this._checkShape(value.shape, false);
    this._name = scope ? `${scope}/${baseName}` : baseName;
    this._value = this._own(value);
    this._initialValue = this._value;
  }

  // ---------------------------------------------------------------- properties
  /** `W:0` (TF names a variable after its handle's output). */
  get name(): string { return `${this._name}:0`; }
  get dtype(): DType { return this._dtype; }
  /** Static shape (may contain null when created with `shape` having unknown dims). */
  get shape(): number[] { return this._shape as number[]; }
  get trainable(): boolean { return this._trainable; }
  get_shape(): number[] { return this.shape; }
  get rank(): number { return this._shape.length; }
  get ndim(): number { return this._shape.length; }
  get device(): string { return this._value ? this._value.device : ""; }
  get graph(): Graph | null { return this._graph; }
  get op(): Operation | null { return this._handleOp; }
  get initial_value(): Tensor | null { return this._initialValue; }
  /** Whether a value is set (tf.compat.v1.is_variable_initialized). */
  get _initialized(): boolean { return this._value !== null; }

  // ---------------------------------------------------------------- reading
  /** The current value as an eager tensor, or FailedPreconditionError if uninitialised. */
  _eagerValue(op: string): Tensor {
    const v = this._value;
    if (v === null) {
      throw new FailedPreconditionError(msg(
        `Error while reading resource variable ${this._name} from Container: localhost. This could mean that the variable was uninitialized. ` +
        `[Op:${op}] Run its initializer first, e.g. sess.run(tf.compat.v1.global_variables_initializer()).`,
        `리소스 변수 ${this._name}를 읽는 중 오류: 변수가 초기화되지 않았습니다 [Op:${op}]. ` +
        `먼저 초기화를 실행하세요. 예: sess.run(tf.compat.v1.global_variables_initializer())`,
      ));
    }
    return v;
  }

  /**
   * Eager read that tapes hear about (graph executor's ReadVariableOp and eager `_asTensor`).
   * Every read is a new tensor viewing the storage (an `Identity`), so the storage object itself
   * never escapes and assign can free it at once; earlier reads keep their values.
   */
  _readEager(): Tensor {
    const v = this._eagerValue("ReadVariableOp");
    const t = execute(identityDef(), [v], {}, [v]);
    const r = t[0];
    markView(r, this);
    const tapes = ctx.tapes;
    for (let i = 0; i < tapes.length; i++) tapes[i].readVariable?.(this, r);
    return r;
  }

  /** What ops see when given the variable: its value (eager) or a ReadVariableOp node (graph). */
  _asTensor(): Tensor {
    if (ctx.graphStack.length === 0 && ctx.eager) return this._readEager();
    const g = buildingGraph() as Graph | null;
    if (!g) return this._readEager();
    if (this._graph && this._graph !== g && !g.building_function) {
      throw new InvalidArgumentError(msg(
        `Variable ${this.name} belongs to another graph than the one being built. Create it in this graph (or use it where it was created).`,
        `변수 ${this.name}은(는) 지금 만드는 그래프가 아닌 다른 그래프에 속합니다. 이 그래프에서 만들거나, 만든 그래프에서 쓰세요.`,
      ));
    }
    const t = runOp("ReadVariableOp", [], { variable: this }, this._graph === g ? `${this._name}/Read/ReadVariableOp` : "ReadVariableOp")[0];
    const tapes = ctx.tapes;
    for (let i = 0; i < tapes.length; i++) tapes[i].readVariable?.(this, t);
    return t;
  }

  /** `v.value()`: the current value as a tensor. */
  value(): Tensor { return this._asTensor(); }
  /** `v.read_value()`: the current value as a tensor (eagerly a snapshot that later assigns do not change). */
  read_value(): Tensor { return this._asTensor(); }
  /** The value as an NDArray (eager only). */
  numpy(): NDArray { return this._escaping().numpy(); }
  dataSync() { return this._escaping().dataSync(); }
  async data() { return this._escaping().data(); }
  /** The storage tensor for a read whose result may share it (numpy/dataSync): no in-place updates after this. */
  private _escaping(): Tensor {
    const v = this._eagerValue("ReadVariableOp");
    this._private = false;
    return v;
  }
  tolist(): any { return this.numpy().tolist(); }

  // ---------------------------------------------------------------- assigning
  private _checkShape(got: readonly (number | null)[], strict: boolean, op = "Variable"): void {
    if (strict ? got.length === this._shape.length && got.every((x, i) => x === this._shape[i]) : shapeFits(this._shape, got)) return;
    throw new InvalidArgumentError(msg(
      `Cannot assign value to variable ' ${this._name}:0': Shape mismatch.The variable shape ${formatShape(this._shape)}, and the assigned value shape ${formatShape(got)} are incompatible. [${op}]`,
      `변수 '${this._name}:0'에 값을 넣을 수 없습니다: 형태가 다릅니다. 변수 형태 ${formatShape(this._shape)}, 넣으려는 값의 형태 ${formatShape(got)} [${op}]`,
    ));
  }

  private _toValue(value: unknown, op: string): Tensor {
    let t: Tensor = value instanceof Variable ? value._asTensor() : toTensor(value as TensorLike, op, this._dtype);
    if (t.dtype !== this._dtype) {
      if (!(value instanceof Tensor) && !(value instanceof Variable)) t = constant(t.numpy(), this._dtype);
      else {
        throw new InvalidArgumentError(msg(
          `${op}: cannot assign a ${t.dtype.name} value to variable ${this._name} of dtype ${this._dtype.name}. Cast it first: tf.cast(value, tf.${this._dtype.name}).`,
          `${op}: dtype ${this._dtype.name}인 변수 ${this._name}에 ${t.dtype.name} 값을 넣을 수 없습니다. 먼저 tf.cast(value, tf.${this._dtype.name})로 바꾸세요.`,
        ));
      }
    }
    this._checkShape(t.shape, false, op);
    return t;
  }

  /**
   * A tensor becomes the variable's storage: its own tensor object (unless `fresh`: created by the
   * variable itself, so nobody else holds it), accounted on its own.
   */
  private _own(t: Tensor, fresh = false): Tensor {
    let own = t;
    this._private = fresh;
    if (!fresh && (this._value === null || t !== this._value)) {
      // A fresh tensor object so that watching the variable never watches the caller's tensor.
      own = outsideGraphs(() => execute(identityDef(), [t], {}, [{ shape: t.shape, dtype: t.dtype }])[0]);
    }
    adoptTensor(own);
    holdArray(own._handle);
    return own;
  }

  /** Sets the value (graph executor's AssignVariableOp, eager assign). */
  _assignEager(t: Tensor, fresh = false): void {
    this._checkShape(t.shape, false, "AssignVariableOp");
    let v = t;
    if (this.constraint) { v = outsideGraphs(() => this.constraint!(v)); fresh = false; }
    const old = this._value;
    this._value = this._own(v, fresh);
    // The old storage object never escaped (reads are views), so it is freed now.
    if (old && old !== this._value) old.dispose();
  }

  /**
   * Whether an update may overwrite the storage itself (as TF's resource ops do) instead of
   * replacing it: eager, no constraint, and nothing outside the variable can see the storage — no
   * caller's tensor shares it and every read of it has been disposed (tf.tidy disposes them).
   * A read dropped without dispose() keeps this false until the GC has reclaimed it.
   */
  _writableInPlace(): boolean {
    return this._private && this._views === 0 && this.constraint === null && this._value !== null &&
      this._value._backend !== null && (this._value._backend.name === "cpu" || this._value._backend.sharesCpuStorage === true);
  }

  /** Makes `t`, a tensor nobody else holds (an optimizer's fresh result), the storage. */
  _assignOwned(t: Tensor): void {
    this._assignEager(t, true);
  }

  /** Current value combined with `delta` by `op` (AddV2 / Sub), computed off the tape. */
  _combine(op: string, delta: Tensor): Tensor {
    const cur = this._eagerValue(op === "AddV2" ? "AssignAddVariableOp" : "AssignSubVariableOp");
    return outsideGraphs(() => execute(getOpDef(op), [cur, delta], {}, [{ shape: cur.shape, dtype: cur.dtype }])[0]);
  }

  private _graphAssign(type: string, value: Tensor, name: string | undefined, read_value: boolean): Tensor | Operation {
    const g = buildingGraph() as Graph;
    const op = g._createOp(type, [g.capture(value)], { variable: this }, [], name ?? type);
    if (!read_value) return op;
    return g.control_dependencies([op], () => runOp("ReadVariableOp", [], { variable: this }, "ReadVariableOp")[0]);
  }

  /**
   * `v.assign(value, use_locking=None, name=None, read_value=True)`. Eagerly returns the variable;
   * in a graph returns the value read after the assignment (or the assign Operation when
   * `read_value` is false).
   */
  assign(value: unknown, use_locking?: boolean | { use_locking?: boolean; name?: string; read_value?: boolean }, name?: string, read_value = true): any {
    if (use_locking && typeof use_locking === "object") {
      checkOptions("assign", use_locking, ["use_locking", "name", "read_value"]);
      ({ name, read_value = true } = use_locking);
    }
    if (buildingGraph()) return this._graphAssign("AssignVariableOp", this._toValue(value, "assign"), name, read_value);
    const t = this._toValue(value, "assign");
    this._assignEager(t);
    return this;
  }
  /** `v.assign_add(delta, use_locking=None, name=None, read_value=True)` */
  assign_add(delta: unknown, use_locking?: boolean | { use_locking?: boolean; name?: string; read_value?: boolean }, name?: string, read_value = true): any {
    if (use_locking && typeof use_locking === "object") {
      checkOptions("assign_add", use_locking, ["use_locking", "name", "read_value"]);
      ({ name, read_value = true } = use_locking);
    }
    if (buildingGraph()) return this._graphAssign("AssignAddVariableOp", this._toValue(delta, "assign_add"), name, read_value);
    const t = outsideGraphs(() => this._toValue(delta, "assign_add"));
    this._checkShape(t.shape, true, "assign_add");
    this._assignEager(this._combine("AddV2", t), true);
    return this;
  }
  /** `v.assign_sub(delta, use_locking=None, name=None, read_value=True)` */
  assign_sub(delta: unknown, use_locking?: boolean | { use_locking?: boolean; name?: string; read_value?: boolean }, name?: string, read_value = true): any {
    if (use_locking && typeof use_locking === "object") {
      checkOptions("assign_sub", use_locking, ["use_locking", "name", "read_value"]);
      ({ name, read_value = true } = use_locking);
    }
    if (buildingGraph()) return this._graphAssign("AssignSubVariableOp", this._toValue(delta, "assign_sub"), name, read_value);
    const t = outsideGraphs(() => this._toValue(delta, "assign_sub"));
    this._checkShape(t.shape, true, "assign_sub");
    this._assignEager(this._combine("Sub", t), true);
    return this;
  }

  // ---------------------------------------------------------------- printing
  /** TF's repr: `<tf.Variable 'W:0' shape=(2, 2) dtype=float32, numpy=\narray([[1., 2.], ...` */
  toString(): string {
    const head = `<tf.Variable '${this.name}' shape=${formatShape(this._shape)} dtype=${this._dtype.name}`;
    if (this._graph || ctx.graphStack.length || !ctx.eager) return `${head}>`;
    if (!this._value) return `${head}, numpy=<unavailable>>`;
    return `${head}, numpy=${tensorValueText(this._value.numpy(), true)}>`;
  }
  repr(): string { return this.toString(); }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
  get [Symbol.toStringTag](): string { return "Variable"; }
}

/**
 * Variables answer the tensor methods (`v.matmul(x)`, `v.add(1)`, ...) like TF's operator
 * overloads: every Tensor method not defined here reads the variable and forwards.
 * Called by the namespace after the tensor methods are installed.
 */
export function installVariableMethods(): void {
  const TP = Tensor.prototype as unknown as Record<string, unknown>;
  const VP = Variable.prototype as unknown as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(TP)) {
    if (key === "constructor" || key in VP) continue;
    const desc = Object.getOwnPropertyDescriptor(TP, key);
    if (!desc || typeof desc.value !== "function") continue;
    const f = desc.value as (...a: unknown[]) => unknown;
    Object.defineProperty(VP, key, {
      value: function (this: Variable, ...args: unknown[]) { return f.apply(this._asTensor(), args); },
      writable: true, configurable: true,
    });
  }
}

export function isVariable(x: unknown): x is Variable { return x instanceof Variable; }
