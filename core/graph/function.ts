/**
 * `tf.function`: traces a function into a graph on its first call with a new input signature and
 * runs the graph afterwards.
 *
 *  - Tracing: tensor arguments become `Placeholder` ops named after the parameters, the function
 *    runs with the new FuncGraph as the default graph (so every op adds a node), each returned
 *    tensor gets an `Identity` node. JS values (numbers, strings, ...) are part of the signature
 *    and baked into the graph, as Python values are in TF.
 *  - Cache: one ConcreteFunction per signature (tensor shapes and dtypes, other values by value,
 *    variables and objects by identity); a new signature traces again. With `reduce_retracing`
 *    differing dimensions are relaxed to unknown (`None`) so one trace serves all sizes.
 *  - Calls run the graph through the executor (core/graph/execute.ts): the same kernels as eager
 *    code, intermediates freed on return, variables read at call time. Under a GradientTape every
 *    executed op is recorded, so gradients flow through calls.
 *  - A tf.function called while another graph is being built is inlined into that graph.
 */
import { Tensor } from "../tensor/tensor";
import { NDArray } from "../tensor/ndarray";
import { DType, DTypeLike, asDType, float32 } from "../tensor/dtypes";
import { formatShape } from "../tensor/shape";
import { buildingGraph, ctx, emptyList, runOp } from "../engine/engine";
import { Graph, Operation } from "./graph";
import { placeholder } from "./ops";
import { planRun, runPlan, Plan, feedValue } from "./execute";
import { Variable } from "../variable";
import { flatten, isPlainObject, packSequenceAs } from "../autodiff/nest";
import { InvalidArgumentError, checkOptions, msg } from "../errors";
import { constant } from "../ops/convert";

// ---------------------------------------------------------------- TensorSpec
/** `tf.TensorSpec(shape, dtype=tf.float32, name=None)`: describes a tensor argument. */
export class TensorSpec {
  readonly shape: (number | null)[];
  readonly dtype: DType;
  readonly name: string | null;
  constructor(shape: readonly (number | null)[] | { shape?: readonly (number | null)[]; dtype?: DTypeLike; name?: string | null }, dtype?: DTypeLike, name?: string | null) {
    if (shape && !Array.isArray(shape) && typeof shape === "object") {
      const o = shape as { shape?: readonly (number | null)[]; dtype?: DTypeLike; name?: string | null };
      checkOptions("TensorSpec", o, ["shape", "dtype", "name"]);
      dtype = o.dtype;
      name = o.name;
      shape = o.shape ?? [];
    }
    this.shape = (shape as (number | null)[]).map((d) => (d === -1 ? null : d));
    this.dtype = asDType(dtype ?? null, float32);
    this.name = name ?? null;
  }
  /** `TensorSpec.from_tensor(t, name=None)` */
  static from_tensor(t: Tensor, name?: string | null): TensorSpec { return new TensorSpec(t.shape, t.dtype, name ?? null); }
  is_compatible_with(x: Tensor | TensorSpec): boolean {
    if (x.dtype !== this.dtype || x.shape.length !== this.shape.length) return false;
    return this.shape.every((d, i) => d === null || x.shape[i] === null || d === x.shape[i]);
  }
  toString(): string {
    return `TensorSpec(shape=${formatShape(this.shape)}, dtype=tf.${this.dtype.name}, name=${this.name === null ? "None" : `'${this.name}'`})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
}

// ---------------------------------------------------------------- FuncGraph
/** The graph of one trace (TF's FuncGraph). */
export class FuncGraph extends Graph {
  readonly name: string;
  /** Placeholders, in argument order. */
  inputs: Tensor[] = [];
  /** The Identity outputs. */
  outputs: Tensor[] = [];
  /** The returned structure with symbolic tensors. */
  structured_outputs: unknown = null;
  constructor(name: string) { super(); this.name = name; }
  override get building_function(): boolean { return true; }
  /** Variables the function reads or assigns. */
  get variables(): Variable[] {
    const out: Variable[] = [];
    for (const op of this._ops) {
      const v = op.attrs.variable;
      if (v instanceof Variable && !out.includes(v)) out.push(v);
    }
    return out;
  }
  get trainable_variables(): Variable[] { return this.variables.filter((v) => v.trainable); }
}

/** Parameter names of `fn` from its source (TF names placeholders after the arguments). */
export function paramNames(fn: Function): (string | null)[] {
  let src: string;
  try { src = Function.prototype.toString.call(fn); } catch { return []; }
  src = src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "").trim();
  const single = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (single) return [single[1]];
  const open = src.indexOf("(");
  if (open < 0) return [];
  let depth = 0, end = -1;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") { depth--; if (depth === 0) { end = i; break; } }
  }
  if (end < 0) return [];
  const inner = src.slice(open + 1, end);
  const parts: string[] = [];
  let cur = "";
  depth = 0;
  for (const c of inner) {
    if (c === "(" || c === "[" || c === "{") depth++;
    if (c === ")" || c === "]" || c === "}") depth--;
    if (c === "," && depth === 0) { parts.push(cur); cur = ""; } else cur += c;
  }
  if (cur.trim()) parts.push(cur);
  return parts.map((p) => {
    const m = /^\s*(?:\.\.\.)?([A-Za-z_$][\w$]*)\s*(?:=.*)?$/s.exec(p);
    return m ? m[1] : null;
  });
}

// ---------------------------------------------------------------- ConcreteFunction
function isTensorArg(x: unknown): x is Tensor | NDArray {
  return (x instanceof Tensor && !x._source) || x instanceof NDArray;
}
function isArgLeaf(x: unknown): boolean {
  return x instanceof Tensor || x instanceof NDArray || x instanceof Variable;
}

/** One traced graph for one input signature. Callable: `cf(...args)`. */
export class ConcreteFunctionImpl {
  readonly graph: FuncGraph;
  private _plan: Plan | null = null;
  constructor(graph: FuncGraph, readonly _specs: TensorSpec[], readonly _argNames: string[]) {
    this.graph = graph;
  }
  get name(): string { return this.graph.name; }
  get inputs(): Tensor[] { return this.graph.inputs; }
  get outputs(): Tensor[] { return this.graph.outputs; }
  get structured_outputs(): unknown { return this.graph.structured_outputs; }
  get structured_input_signature(): TensorSpec[] { return this._specs; }
  get variables(): Variable[] { return this.graph.variables; }
  get trainable_variables(): Variable[] { return this.graph.trainable_variables; }

  /** `(A: TensorSpec(shape=(2, 2), dtype=tf.float32, name='A'), ...) -> ...` */
  pretty_printed_signature(): string {
    const ins = this._specs.map((s, i) => `  ${this._argNames[i]}: ${s.toString()}`).join("\n");
    const outs = this.graph.outputs.map((t) => `TensorSpec(shape=${formatShape(t.shape)}, dtype=tf.${t.dtype.name}, name=None)`);
    return `Input Parameters:\n${ins}\nOutput Type:\n  ${outs.length === 1 ? outs[0] : `[${outs.join(", ")}]`}`;
  }

  private plan(): Plan {
    if (!this._plan) {
      const targets = this.graph._ops.filter((op) => op._def.stateful && op.type !== "ReadVariableOp" && op.type !== "VarHandleOp");
      this._plan = planRun(this.graph.outputs, this.graph.inputs, targets as Operation[]);
    }
    return this._plan;
  }

  /** Runs the graph with the flat tensor arguments (in placeholder order). */
  _callFlat(flatArgs: (Tensor | NDArray)[]): unknown {
    const phs = this.graph.inputs;
    if (flatArgs.length !== phs.length) {
      throw new InvalidArgumentError(msg(
        `${this.name}: expected ${phs.length} tensor arguments, got ${flatArgs.length}.`,
        `${this.name}: 텐서 인자 ${phs.length}개가 필요한데 ${flatArgs.length}개가 주어졌습니다.`,
      ));
    }
    const feeds = new Array<Tensor>(phs.length);
    for (let i = 0; i < phs.length; i++) {
      const a = flatArgs[i];
      feeds[i] = a instanceof Tensor && a.dtype === phs[i].dtype && sameOrCompatible(phs[i].shape, a.shape) ? a : feedValue(phs[i], a);
    }
    const outs = runPlan(this.plan(), feeds, true);
    let k = 0;
    return packSequenceAs(this.graph.structured_outputs, this.graph.structured_outputs === null ? [] : flatten(this.graph.structured_outputs, isOutLeaf).map((leaf) => {
      if (leaf instanceof Tensor) return outs[k++];
      return leaf instanceof Operation ? null : leaf;
    }), isOutLeaf);
  }

  /** Calls with the same kind of arguments the Python function took (tensor leaves are fed). */
  call(...args: unknown[]): unknown {
    const leaves = flatten(args, isArgLeaf).filter(isTensorArg);
    return this._callFlat(leaves);
  }
}

function sameOrCompatible(ph: readonly (number | null)[], got: readonly number[]): boolean {
  if (ph.length !== got.length) return false;
  for (let i = 0; i < ph.length; i++) if (ph[i] !== null && ph[i] !== got[i]) return false;
  return true;
}
function isOutLeaf(v: unknown): boolean { return v instanceof Tensor || v instanceof Operation || v instanceof Variable; }

/** A ConcreteFunction you can call: `cf(A, x, b)`. */
export type ConcreteFunction = ConcreteFunctionImpl & ((...args: any[]) => any);
function callable(cf: ConcreteFunctionImpl): ConcreteFunction {
  const f = function (...args: unknown[]) { return cf.call(...args); } as unknown as ConcreteFunction;
  for (const key of ["graph", "name", "inputs", "outputs", "structured_outputs", "structured_input_signature", "variables", "trainable_variables"] as const) {
    Object.defineProperty(f, key, { get: () => cf[key], configurable: true });
  }
  for (const key of ["pretty_printed_signature", "_callFlat", "call"] as const) {
    Object.defineProperty(f, key, { value: (cf[key] as Function).bind(cf), configurable: true });
  }
  Object.defineProperty(f, "_impl", { value: cf });
  return f;
}

// ---------------------------------------------------------------- tf.function
export interface FunctionOptions {
  input_signature?: (TensorSpec | TensorSpec[])[] | null;
  autograph?: boolean;
  jit_compile?: boolean | null;
  reduce_retracing?: boolean;
  experimental_implements?: string | null;
  experimental_autograph_options?: unknown;
  experimental_attributes?: unknown;
  experimental_relax_shapes?: boolean | null;
  experimental_compile?: boolean | null;
  experimental_follow_type_hints?: boolean | null;
  name?: string;
}
const FUNCTION_KEYS = [
  "input_signature", "autograph", "jit_compile", "reduce_retracing", "experimental_implements", "experimental_autograph_options",
  "experimental_attributes", "experimental_relax_shapes", "experimental_compile", "experimental_follow_type_hints", "name",
] as const;

/** The callable tf.function returns (TF's PolymorphicFunction). */
export interface PolymorphicFunction<F extends (...args: any[]) => any> {
  (...args: any[]): ReturnType<F> extends Tensor ? Tensor : any;
  readonly python_function: F;
  readonly input_signature: TensorSpec[] | null;
  /** Traces (if needed) and returns the ConcreteFunction for these arguments. */
  get_concrete_function(...args: any[]): ConcreteFunction;
  /** How many times the function has been traced. */
  experimental_get_tracing_count(): number;
  /** Signatures of all traces, one per line. */
  pretty_printed_concrete_signatures(): string;
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;
function objectId(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) objectIds.set(o, (id = nextObjectId++));
  return id;
}

/** The cache key of one argument (shapes/dtypes for tensors, values for JS scalars). */
function sigKey(x: unknown, relaxed: boolean): string {
  if (x instanceof Tensor || x instanceof NDArray) return `T${x.dtype.name}${relaxed ? `r${x.shape.length}` : `[${x.shape.join(",")}]`}`;
  if (x instanceof Variable) return `V${x.id}`;
  if (x === undefined) return "u";
  if (x === null || typeof x === "number" || typeof x === "boolean" || typeof x === "string") return JSON.stringify(x) ?? String(x);
  if (typeof x === "bigint") return `${x}n`;
  if (Array.isArray(x)) return `[${x.map((e) => sigKey(e, relaxed)).join(",")}]`;
  if (isPlainObject(x)) return `{${Object.keys(x).map((k) => `${JSON.stringify(k)}:${sigKey(x[k], relaxed)}`).join(",")}}`;
  if (x instanceof DType) return `D${x.name}`;
  return `O${objectId(x as object)}`;
}

/**
 * `tf.function(func=None, input_signature=None, autograph=True, jit_compile=None,
 * reduce_retracing=False, ...)`. Also `tf.function({ input_signature })(fn)` as a decorator.
 * `jit_compile` is accepted and ignored (the graph runs op by op on the current backend).
 */
export function tfFunction<F extends (...args: any[]) => any>(func: F, input_signature?: (TensorSpec | TensorSpec[])[] | FunctionOptions | null, autograph?: boolean, jit_compile?: boolean | null, reduce_retracing?: boolean): PolymorphicFunction<F>;
export function tfFunction(func?: FunctionOptions | null, input_signature?: (TensorSpec | TensorSpec[])[] | FunctionOptions | null): <G extends (...args: any[]) => any>(f: G) => PolymorphicFunction<G>;
export function tfFunction<F extends (...args: any[]) => any>(
  func?: F | FunctionOptions | null,
  input_signature?: (TensorSpec | TensorSpec[])[] | FunctionOptions | null,
  autograph?: boolean,
  jit_compile?: boolean | null,
  reduce_retracing?: boolean,
): any {
  let opts: FunctionOptions;
  if (func && typeof func === "object") {
    checkOptions("function", func, FUNCTION_KEYS);
    const o = func;
    return (f: F) => tfFunction(f, o);
  }
  if (input_signature && !Array.isArray(input_signature) && typeof input_signature === "object") {
    checkOptions("function", input_signature, FUNCTION_KEYS);
    opts = input_signature;
  } else {
    opts = { input_signature: input_signature as TensorSpec[] | null, autograph, jit_compile, reduce_retracing };
  }
  if (func == null) return (f: F) => tfFunction(f, opts);
  if (typeof func !== "function") {
    throw new TypeError(msg(
      `function: expected a function to trace, got ${typeof func}.`,
      `function: 추적(trace)할 함수가 필요한데 ${typeof func}이(가) 왔습니다.`,
    ));
  }
  const fn = func;
  const signature = opts.input_signature ? (flatten(opts.input_signature, (v) => v instanceof TensorSpec) as TensorSpec[]) : null;
  if (signature && !signature.every((s) => s instanceof TensorSpec)) {
    throw new TypeError(msg("function: input_signature must be a list of tf.TensorSpec.", "function: input_signature는 tf.TensorSpec의 목록이어야 합니다."));
  }
  const relax = !!(opts.reduce_retracing || opts.experimental_relax_shapes);
  const names = paramNames(fn);
  const fname = opts.name ?? (fn.name || "function");
  const cache = new Map<string, ConcreteFunctionImpl>();
  const relaxedTraces = new Map<string, ConcreteFunctionImpl[]>();
  let traceCount = 0;

  const trace = (self: unknown, args: unknown[], specsFor: (leafIndex: number, t: Tensor | NDArray) => TensorSpec): ConcreteFunctionImpl => {
    const g = new FuncGraph(`__inference_${fname}_${++funcCounter}`);
    const specs: TensorSpec[] = [];
    const argNames: string[] = [];
    let leafIndex = 0;
    const phs: Tensor[] = [];
    const savedTapes = ctx.tapes;
    ctx.tapes = emptyList();
    try {
      const out = g.as_default(() => {
        const phArgs = args.map((a, i) => {
          const base = names[i] ?? `args_${i}`;
          const leaves = flatten(a, isArgLeaf);
          const repl = leaves.map((leaf) => {
            if (!isTensorArg(leaf)) return leaf;
            const spec = specsFor(leafIndex++, leaf);
            specs.push(spec);
            argNames.push(spec.name ?? base);
            const ph = placeholder(spec.dtype, spec.shape, spec.name ?? base, g);
            phs.push(ph);
            return ph;
          });
          return packSequenceAs(a, repl, isArgLeaf);
        });
        g.inputs = phs;
        const result = fn.apply(self, phArgs);
        if (result && typeof (result as { then?: unknown }).then === "function") {
          throw new TypeError(msg(
            "tf.function cannot trace an async function: graphs run synchronously. Remove async/await from the traced function.",
            "tf.function은 async 함수를 추적할 수 없습니다: 그래프는 동기적으로 실행됩니다. 추적할 함수에서 async/await를 빼세요.",
          ));
        }
        const leaves = flatten(result, isOutLeaf);
        const outLeaves = leaves.map((leaf) => {
          if (leaf instanceof Variable) leaf = leaf._asTensor();
          if (leaf instanceof Tensor) {
            const t = g.capture(leaf);
            return runOp("Identity", [t], {})[0];
          }
          return leaf;
        });
        g.outputs = outLeaves.filter((l): l is Tensor => l instanceof Tensor);
        return packSequenceAs(result, outLeaves, isOutLeaf);
      });
      g.structured_outputs = out === undefined ? null : out;
    } finally {
      ctx.tapes = savedTapes;
    }
    traceCount++;
    return new ConcreteFunctionImpl(g, specs, argNames);
  };

  const lookup = (self: unknown, args: unknown[]): ConcreteFunctionImpl => {
    if (signature) {
      let cf = cache.get("sig");
      checkSignature(fname, signature, args);
      if (!cf) {
        cf = trace(self, args, (i) => signature[i]);
        cache.set("sig", cf);
      }
      return cf;
    }
    const selfKey = self === undefined || self === globalThis ? "" : `S${objectId(self as object)}|`;
    const key = selfKey + sigKey(args, false);
    const hit = cache.get(key);
    if (hit) return hit;
    if (relax) {
      const rkey = selfKey + sigKey(args, true);
      const list = relaxedTraces.get(rkey) ?? [];
      const leaves = flatten(args, isArgLeaf).filter(isTensorArg);
      for (const cf of list) {
        if (cf._specs.every((s, i) => s.is_compatible_with(leaves[i] as Tensor))) { cache.set(key, cf); return cf; }
      }
      if (list.length) {
        // Relax every dimension that differs from the latest trace.
        const prev = list[list.length - 1]._specs;
        const cf = trace(self, args, (i, t) => new TensorSpec(t.shape.map((d, k) => (prev[i].shape[k] === d ? d : null)), t.dtype));
        list.push(cf);
        cache.set(key, cf);
        return cf;
      }
      const cf = trace(self, args, (_i, t) => new TensorSpec(t.shape, t.dtype));
      relaxedTraces.set(rkey, [cf]);
      cache.set(key, cf);
      return cf;
    }
    const cf = trace(self, args, (_i, t) => new TensorSpec(t.shape, t.dtype));
    cache.set(key, cf);
    return cf;
  };

  const poly = function (this: unknown, ...args: unknown[]) {
    if (buildingGraph()) return fn.apply(this, args); // inline into the graph being built
    if (signature) args = conformArgs(signature, args);
    const cf = lookup(this, args);
    return cf.call(...args);
  } as unknown as PolymorphicFunction<F>;
  Object.defineProperties(poly, {
    python_function: { value: fn },
    input_signature: { value: signature },
    get_concrete_function: {
      value(this: unknown, ...args: unknown[]) {
        if (args.length === 0 && signature) {
          let cf = cache.get("sig");
          if (!cf) { cf = trace(undefined, signature.map((s) => specTensor(s)), (i) => signature[i]); cache.set("sig", cf); }
          return callable(cf);
        }
        const concrete = args.map((a) => (a instanceof TensorSpec ? specTensor(a) : a));
        const specArgs = args.some((a) => a instanceof TensorSpec);
        if (specArgs) {
          const specs = flatten(args, (v) => v instanceof TensorSpec || isArgLeaf(v)).map((v) => (v instanceof TensorSpec ? v : isTensorArg(v) ? new TensorSpec(v.shape, v.dtype) : null)).filter((s): s is TensorSpec => !!s);
          const key = `spec|${specs.map((s) => `${s.dtype.name}[${s.shape.map((d) => d ?? "?").join(",")}]`).join(";")}|${sigKey(args.map((a) => (a instanceof TensorSpec ? 0 : a)), false)}`;
          let cf = cache.get(key);
          if (!cf) { cf = trace(undefined, concrete, (i) => specs[i]); cache.set(key, cf); }
          return callable(cf);
        }
        return callable(lookup(undefined, args));
      },
    },
    experimental_get_tracing_count: { value: () => traceCount },
    pretty_printed_concrete_signatures: {
      value: () => [...new Set(cache.values())].map((cf) => `${fname}(${cf._argNames.join(", ")})\n${cf.pretty_printed_signature().replace(/^/gm, "  ")}`).join("\n\n"),
    },
    name: { value: fname },
  });
  return poly;
}

let funcCounter = 0;

/** A stand-in eager tensor for a TensorSpec (only its shape/dtype matter while tracing). */
function specTensor(s: TensorSpec): NDArray {
  return NDArray.zeros(s.shape.map((d) => d ?? 1), s.dtype);
}

/** With an input_signature, JS values given for a spec become tensors of the spec's dtype. */
function conformArgs(sig: TensorSpec[], args: unknown[]): unknown[] {
  if (args.length !== sig.length) return args;
  return args.map((a, i) => {
    if (a instanceof Tensor || a instanceof NDArray || a instanceof Variable || a == null) return a;
    if (typeof a === "number" || typeof a === "boolean" || Array.isArray(a) || ArrayBuffer.isView(a)) return constant(a as number, sig[i].dtype);
    return a;
  });
}

function checkSignature(fname: string, sig: TensorSpec[], args: unknown[]): void {
  const leaves = flatten(args, isArgLeaf);
  const tensors = leaves.filter((l) => !(l instanceof Variable));
  const bad = tensors.length !== sig.length || tensors.some((t, i) => {
    const x = t instanceof Tensor || t instanceof NDArray ? t : null;
    if (!x) return typeof t !== "number" && !Array.isArray(t);
    if (x.dtype !== sig[i].dtype) return true;
    return !sig[i].is_compatible_with(x as Tensor);
  });
  if (bad) {
    const desc = tensors.map((t) => (t instanceof Tensor || t instanceof NDArray ? `tf.Tensor(shape=${formatShape(t.shape)}, dtype=${t.dtype.name})` : JSON.stringify(t))).join(", ");
    throw new InvalidArgumentError(msg(
      `${fname}: Python inputs incompatible with input_signature:\n  inputs: (${desc})\n  input_signature: (${sig.map(String).join(", ")}).`,
      `${fname}: 입력이 input_signature와 맞지 않습니다:\n  입력: (${desc})\n  input_signature: (${sig.map(String).join(", ")}).`,
    ));
  }
}
