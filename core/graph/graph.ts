/**
 * tf.Graph and tf.Operation. A Graph is what the engine adds nodes to while it is being built
 * (`graph.as_default`, tf.function tracing, eager execution disabled); graph executors
 * (`core/graph/execute.ts`) later walk it through the same kernels.
 *
 * Names follow TF exactly: an op is named after its type (or the `name` given), prefixed by the
 * current name scope, and made unique per graph (`MatMul`, `MatMul_1`, ...).
 */
import { Tensor } from "../tensor/tensor";
import type { OutSpec } from "../backends/backend";
import { ctx, emptyList, getOpDef, GraphBuilder, OpDef } from "../engine/engine";
import { formatShape } from "../tensor/shape";
import { DType } from "../tensor/dtypes";
import { InvalidArgumentError, NotFoundError, msg } from "../errors";

let nextGraphId = 1;

/** A node: `op.type` is the TF op type, `op.name` its unique name in the graph. */
export class Operation {
  readonly name: string;
  readonly type: string;
  readonly inputs: Tensor[];
  readonly outputs: Tensor[];
  readonly graph: Graph;
  readonly attrs: Record<string, any>;
  readonly control_inputs: Operation[];
  /** Creation index in its graph: a topological order. */
  readonly _id: number;
  readonly _def: OpDef;
  /** Executor caches (e.g. a Const node's eager tensor). */
  _cache: Tensor | null = null;

  constructor(graph: Graph, def: OpDef, name: string, inputs: Tensor[], attrs: Record<string, any>, specs: OutSpec[], control: Operation[], id: number) {
    this.graph = graph;
    this._def = def;
    this.name = name;
    this.type = def.name;
    this.inputs = inputs;
    this.attrs = attrs ?? {};
    this.control_inputs = control;
    this._id = id;
    this.outputs = specs.map((s, i) => new Tensor(s.shape, s.dtype, null, null, { op: this, value_index: i }));
  }

  get device(): string { return ""; }
  /** The outputs (TF's `op.values()`). */
  values(): Tensor[] { return this.outputs; }
  get_attr(name: string): any {
    if (!(name in this.attrs)) throw new InvalidArgumentError(`Operation '${this.name}' has no attr named '${name}'.`);
    return this.attrs[name];
  }
  /** A NodeDef-like record: name, op, input names (`^name` for control inputs), attrs. */
  get node_def(): { name: string; op: string; input: string[]; attr: Record<string, string> } {
    const input = this.inputs.map((t) => (t.value_index === 0 ? t.op.name : `${t.op.name}:${t.value_index}`));
    for (const c of this.control_inputs) input.push(`^${c.name}`);
    const attr: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.attrs)) {
      if (k.startsWith("_")) continue;
      attr[k] = attrText(v);
    }
    if (this.outputs.length && !("T" in attr) && !("dtype" in attr)) attr.T = this.outputs[0].dtype.name;
    return { name: this.name, op: this.type, input, attr };
  }
  /** TF prints the NodeDef in protobuf text format. */
  toString(): string {
    const nd = this.node_def;
    const lines = [`name: "${nd.name}"`, `op: "${nd.op}"`, ...nd.input.map((i) => `input: "${i}"`)];
    for (const [k, v] of Object.entries(nd.attr)) lines.push(`attr {\n  key: "${k}"\n  value: ${v}\n}`);
    return lines.join("\n");
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return `<tf.Operation '${this.name}' type=${this.type}>`; }
}

function attrText(v: unknown): string {
  if (v instanceof DType) return `{ type: DT_${v.name.toUpperCase()} }`;
  if (Array.isArray(v)) return `{ list: [${v.map((x) => (x === null ? -1 : String(x))).join(", ")}] }`;
  if (typeof v === "boolean") return `{ b: ${v} }`;
  if (typeof v === "number") return Number.isInteger(v) ? `{ i: ${v} }` : `{ f: ${v} }`;
  if (typeof v === "string") return `{ s: "${v}" }`;
  if (ArrayBuffer.isView(v)) return `{ tensor: <${(v as unknown as ArrayLike<number>).length} values> }`;
  if (v && typeof v === "object" && "name" in v) return `{ s: "${String((v as { name: unknown }).name)}" }`;
  return `{ ${typeof v} }`;
}

/** `tf.Graph`. */
export class Graph implements GraphBuilder {
  readonly _graphId = nextGraphId++;
  _ops: Operation[] = [];
  private _byName = new Map<string, Operation>();
  private _namesInUse = new Map<string, number>();
  private _captured = new Map<Tensor, Tensor>();
  private _controlStack: Operation[][] = [];
  private _collections = new Map<string, unknown[]>();
  private _finalized = false;
  /** Graph-level random seed (tf.compat.v1.set_random_seed). */
  seed: number | null = null;
  /** True for tf.function graphs. */
  get building_function(): boolean { return false; }
  /** Bumped on every new op; executors use it to invalidate cached plans. */
  get version(): number { return this._ops.length; }

  /** Runs `fn` with this graph as the default graph (Python's `with g.as_default():`). */
  as_default<T>(fn: () => T): T {
    ctx.graphStack.push(this);
    const scopes = ctx.nameScope;
    ctx.nameScope = emptyList();
    try {
      return fn();
    } finally {
      ctx.nameScope = scopes;
      const i = ctx.graphStack.lastIndexOf(this);
      if (i >= 0) ctx.graphStack.splice(i, 1);
    }
  }

  get_operations(): Operation[] { return [...this._ops]; }

  get_operation_by_name(name: string): Operation {
    const op = this._byName.get(name);
    if (!op) {
      throw new NotFoundError(msg(
        `The name '${name}' refers to an Operation not in the graph.`,
        `이름 '${name}'에 해당하는 연산(Operation)이 그래프에 없습니다.`,
      ));
    }
    return op;
  }

  get_tensor_by_name(name: string): Tensor {
    const m = /^(.*):(\d+)$/.exec(name);
    if (!m) {
      throw new InvalidArgumentError(msg(
        `The name '${name}' looks like an (invalid) Operation name, not a Tensor. Tensor names must be of the form "<op_name>:<output_index>".`,
        `'${name}'은(는) 텐서 이름이 아닙니다. 텐서 이름은 "<연산 이름>:<출력 번호>" 형식입니다 (예: "MatMul:0").`,
      ));
    }
    const op = this._byName.get(m[1]);
    if (!op) {
      throw new NotFoundError(msg(
        `The name '${name}' refers to a Tensor which does not exist. The operation, '${m[1]}', does not exist in the graph.`,
        `'${name}' 텐서가 없습니다: 연산 '${m[1]}'이(가) 그래프에 없습니다.`,
      ));
    }
    const i = Number(m[2]);
    if (i >= op.outputs.length) {
      throw new NotFoundError(msg(
        `The name '${name}' refers to a Tensor which does not exist. The operation, '${m[1]}', exists but only has ${op.outputs.length} outputs.`,
        `'${name}' 텐서가 없습니다: 연산 '${m[1]}'의 출력은 ${op.outputs.length}개뿐입니다.`,
      ));
    }
    return op.outputs[i];
  }

  /** TF's `Graph.unique_name`: `name`, then `name_1`, `name_2`, ... (case-insensitive). */
  unique_name(name: string, mark_as_used = true): string {
    let key = name.toLowerCase();
    let i = this._namesInUse.get(key) ?? 0;
    if (mark_as_used) this._namesInUse.set(key, i + 1);
    if (i > 0) {
      const base = key;
      while (this._namesInUse.has(key)) { key = `${base}_${i}`; i++; }
      if (mark_as_used) this._namesInUse.set(key, 1);
      return `${name}_${i - 1}`;
    }
    return name;
  }

  /** Ops created inside `fn` run after `ops` (`with g.control_dependencies(ops):`). */
  control_dependencies<T>(ops: (Operation | Tensor | null)[] | null, fn: () => T): T {
    const list = (ops ?? []).filter((o): o is Operation | Tensor => o != null).map((o) => (o instanceof Tensor ? (o.op as Operation) : o));
    this._controlStack.push(list);
    try {
      return currentGraph() === this ? fn() : this.as_default(fn);
    } finally {
      this._controlStack.pop();
    }
  }

  /** Adds a node (the engine's graph path). */
  addOp(def: OpDef, inputs: Tensor[], attrs: any, specs: OutSpec[], name?: string): Tensor[] {
    return this._createOp(def, inputs, attrs, specs, name).outputs;
  }

  /** Adds a node and returns the Operation (for ops without outputs: assigns, NoOp, group). */
  _createOp(def: OpDef | string, inputs: Tensor[], attrs: any, specs: OutSpec[], name?: string): Operation {
    if (this._finalized) throw new Error("Graph is finalized and cannot be modified.");
    const d = typeof def === "string" ? getOpDef(def) : def;
    const scope = ctx.nameScope.length ? ctx.nameScope[ctx.nameScope.length - 1] : "";
    let base = name ?? d.name;
    if (base.endsWith("/")) base = base.slice(0, -1);
    const full = this.unique_name(scope && !(name && name.endsWith("/")) ? `${scope}/${base}` : base);
    const control: Operation[] = [];
    for (const level of this._controlStack) for (const c of level) if (!control.includes(c)) control.push(c);
    const op = new Operation(this, d, full, inputs, attrs, specs, control, this._ops.length);
    this._ops.push(op);
    this._byName.set(full, op);
    return op;
  }

  /** Brings a tensor into this graph: eager tensors become `Const` nodes (one per tensor). */
  capture(t: Tensor): Tensor {
    if (t._source) {
      if (t.op.graph === this) return t.op.outputs[t.value_index] ?? t;
      return this._captureForeign(t);
    }
    let c = this._captured.get(t);
    if (!c) {
      if (t._handle === null) throw new InvalidArgumentError("Cannot use a disposed tensor in a graph.");
      // The node keeps a copy of the value, not the tensor: the caller may dispose it (a tf.tidy
      // around the call that traced), and the executor makes its own tensor from the copy.
      const op = this._createOp("Const", [], { value: t.dataSync(), shape: t.shape, dtype: t.dtype }, [{ shape: t.shape, dtype: t.dtype }], "Const");
      c = op.outputs[0];
      this._captured.set(t, c);
    }
    return c;
  }

  /** A tensor from another graph: an error here; FuncGraph overrides for outer-graph captures. */
  protected _captureForeign(t: Tensor): Tensor {
    throw new InvalidArgumentError(msg(
      `Tensor ${t.toString()} must be from the same graph as the other inputs of the op being built. ` +
      `Build all ops of one computation inside the same graph (one tf.function, or one graph.as_default block).`,
      `텐서 ${t.toString()}은(는) 지금 만드는 연산의 다른 입력과 같은 그래프에 있어야 합니다. ` +
      `한 계산의 연산은 모두 같은 그래프(같은 tf.function 또는 같은 graph.as_default 블록) 안에서 만드세요.`,
    ));
  }

  add_to_collection(name: string, value: unknown): void {
    let c = this._collections.get(name);
    if (!c) this._collections.set(name, (c = []));
    c.push(value);
  }
  get_collection(name: string, scope?: string): unknown[] {
    const c = this._collections.get(name) ?? [];
    if (!scope) return [...c];
    const re = new RegExp(`^${scope}`);
    return c.filter((v) => re.test(String((v as { name?: string }).name ?? "")));
  }
  get_collection_ref(name: string): unknown[] {
    let c = this._collections.get(name);
    if (!c) this._collections.set(name, (c = []));
    return c;
  }
  get collections(): string[] { return [...this._collections.keys()]; }

  /** Makes the graph read-only (TF raises when ops are added afterwards). */
  finalize(): void { this._finalized = true; }
  get finalized(): boolean { return this._finalized; }

  /** Graphviz DOT text: one node per operation, one edge per tensor flowing between them. */
  to_dot(options: { name?: string; show_shapes?: boolean } = {}): string {
    const q = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
    const showShapes = options.show_shapes ?? true;
    const lines = [`digraph ${q(options.name ?? "G")} {`, "  rankdir=BT;", '  node [shape=box, style="rounded,filled", fillcolor="#f5f5f5", fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
    for (const op of this._ops) {
      const color = op.type === "Placeholder" ? "#d5e8d4" : op.type === "Const" ? "#e1e1e1" : /Variable/.test(op.type) ? "#ffe6cc" : /_grad\//.test(op.name) || op.name.startsWith("gradients") ? "#dae8fc" : "#f5f5f5";
      lines.push(`  ${q(op.name)} [label=${q(`${op.name}\n${op.type}`)}, fillcolor=${q(color)}];`);
    }
    for (const op of this._ops) {
      for (const t of op.inputs) {
        const label = showShapes ? `${formatShape(t.shape)} ${t.dtype.name}` : "";
        lines.push(`  ${q(t.op.name)} -> ${q(op.name)}${label ? ` [label=${q(label)}]` : ""};`);
      }
      for (const c of op.control_inputs) lines.push(`  ${q(c.name)} -> ${q(op.name)} [style=dashed];`);
      const v = op.attrs.variable as { _handleOp?: Operation | null } | undefined;
      if (v && v._handleOp && v._handleOp !== op && v._handleOp.graph === this) {
        lines.push(`  ${q(v._handleOp.name)} -> ${q(op.name)} [style=dotted];`);
      }
    }
    lines.push("}");
    return lines.join("\n");
  }

  /** The graph drawn as SVG by Graphviz (`@viz-js/viz`, WebAssembly). */
  async to_svg(options: { name?: string; show_shapes?: boolean } = {}): Promise<string> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const viz = require("@viz-js/viz") as { instance(): Promise<{ renderString(dot: string, o: { format: string }): string }> };
    const inst = await viz.instance();
    return inst.renderString(this.to_dot(options), { format: "svg" });
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string { return `<tensorflow.python.framework.ops.Graph object (${this._ops.length} ops)>`; }
}

/**
 * The default graph used when eager execution is disabled (tf.compat.v1). Created lazily;
 * `resetDefaultGraph` (tf.compat.v1.reset_default_graph) replaces it.
 */
let defaultGraph: Graph | null = null;
export function getDefaultGraph(): Graph {
  const n = ctx.graphStack.length;
  if (n) return ctx.graphStack[n - 1] as Graph;
  if (!defaultGraph) defaultGraph = new Graph();
  return defaultGraph;
}
export function resetDefaultGraph(): void {
  if (ctx.graphStack.length) {
    throw new Error(msg(
      "Do not use tf.reset_default_graph() to clear nested graphs. If you need a cleared graph, exit the nesting and create a new graph.",
      "중첩된 그래프 안에서 tf.reset_default_graph()를 쓰지 마세요. 바깥으로 나온 뒤 새 그래프를 만드세요.",
    ));
  }
  defaultGraph = new Graph();
}
ctx.defaultGraph = () => {
  if (!defaultGraph) defaultGraph = new Graph();
  return defaultGraph;
};

/** The graph being built right now, or null when executing eagerly. */
export function currentGraph(): Graph | null {
  const n = ctx.graphStack.length;
  if (n) return ctx.graphStack[n - 1] as Graph;
  if (!ctx.eager) return getDefaultGraph();
  return null;
}

/**
 * `tf.name_scope(name, fn)`: ops (and variables) created in `fn` get the prefix `name/`.
 * In a graph the scope name is made unique (`layer`, `layer_1`); a name ending in `/` is used as is.
 */
export function name_scope<T>(name: string, fn: () => T): T {
  if (typeof fn !== "function") {
    throw new TypeError(msg(
      "name_scope(name, fn): pass the block as a function, e.g. tf.name_scope('layer1', () => { ... }).",
      "name_scope(name, fn): 블록을 함수로 넘기세요. 예: tf.name_scope('layer1', () => { ... })",
    ));
  }
  const g = currentGraph();
  const cur = ctx.nameScope.length ? ctx.nameScope[ctx.nameScope.length - 1] : "";
  let full: string;
  if (!name) full = "";
  else if (name.endsWith("/")) full = name.slice(0, -1);
  else {
    const joined = cur ? `${cur}/${name}` : name;
    full = g ? g.unique_name(joined) : joined;
  }
  ctx.nameScope.push(full);
  try {
    return fn();
  } finally {
    ctx.nameScope.pop();
  }
}

/** Current name scope prefix ("" at top level). */
export function currentNameScope(): string {
  return ctx.nameScope.length ? ctx.nameScope[ctx.nameScope.length - 1] : "";
}

/** Symbolic tensors of `graph` created by `fn` (used by tests and tools). */
export function isSymbolicOf(t: Tensor, graph: Graph): boolean {
  return !!t._source && t.op.graph === graph;
}
