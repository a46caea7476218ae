/**
 * `tf.compat.v1.Session` and `InteractiveSession`: run parts of a graph.
 *
 * `sess.run(fetches, { feed_dict })` (or `sess.run(fetches, feed_dict)`) plans the subgraph the
 * fetches need (cached per fetch/feed set by `core/graph/execute.ts`), converts and checks the
 * fed values against their placeholders, runs it through the same kernels eager code uses, and
 * returns `NDArray`s in the structure of `fetches` (an Operation fetch gives `null`).
 *
 * Variable values live in the variables (one state per graph, shared by its sessions); a variable
 * read before its initializer ran raises FailedPreconditionError.
 */
import { Tensor } from "../core/tensor/tensor";
import { NDArray } from "../core/tensor/ndarray";
import { DType } from "../core/tensor/dtypes";
import { formatShape } from "../core/tensor/shape";
import { InvalidArgumentError, NotFoundError, msg, checkOptions } from "../core/errors";
import { outsideGraphs, registerKernel } from "../core/engine/engine";
import { Graph, Operation, getDefaultGraph } from "../core/graph/graph";
import { planRun, runPlan } from "../core/graph/execute";
import { constant } from "../core/ops/convert";
import { Variable } from "../core/variable";
import { isOptions } from "./aliases";

/** TF's DataTypeString names (what its C++ error messages print). */
export function tfDTypeName(d: DType): string {
  switch (d.name) {
    case "float32": return "float";
    case "float64": return "double";
    case "float16": return "half";
    default: return d.name;
  }
}
/** TF's PartialTensorShape DebugString: `[?,784]`. */
export function tfShapeString(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? "?" : d)).join(",")}]`;
}

export class RuntimeError extends Error {
  constructor(message: string) { super(message); this.name = "RuntimeError"; }
}

// NoOp (tf.group, the initializer op) does nothing when run; core/graph defines the op without a kernel.
registerKernel("cpu", "NoOp", () => []);

// ---------------------------------------------------------------- default session
let sessionStack: Session[] = [];
/** `tf.compat.v1.get_default_session()`: the innermost session made default, or null. */
export function get_default_session(): Session | null {
  return sessionStack.length ? sessionStack[sessionStack.length - 1] : null;
}

type FeedKey = Tensor | string | Variable;
export type FeedDict = Map<FeedKey, unknown> | ReadonlyArray<readonly [FeedKey, unknown]> | Record<string, unknown>;
export interface RunOptions { feed_dict?: FeedDict | null; options?: unknown; run_metadata?: unknown }
const RUN_KEYS = ["feed_dict", "options", "run_metadata"] as const;

type Leaf = Tensor | Operation | string | Variable;

function isLeaf(x: unknown): x is Leaf {
  return x instanceof Tensor || x instanceof Operation || typeof x === "string" || x instanceof Variable;
}

function typeName(x: unknown): string {
  if (x === null) return "NoneType";
  if (x === undefined) return "undefined";
  if (typeof x === "number") return Number.isInteger(x) ? "int" : "float";
  if (typeof x === "boolean") return "bool";
  if (typeof x === "object") return (x as object).constructor?.name ?? "object";
  return typeof x;
}

/**
 * `tf.compat.v1.Session(target='', graph=None, config=None)`. Python's `with tf.Session() as sess:`
 * is `new tf.compat.v1.Session().with((sess) => { ... })`.
 */
export class Session {
  readonly graph: Graph;
  readonly sess_str: string;
  private _closed = false;
  /** One ReadVariableOp per fetched variable, reused across runs (so the graph does not grow). */
  private _varReads = new Map<Variable, Tensor>();

  constructor(target?: string | { target?: string; graph?: Graph | null; config?: unknown } | null, graph?: Graph | null, config?: unknown) {
    let o: { target?: string; graph?: Graph | null; config?: unknown };
    if (isOptions(target)) {
      checkOptions("Session", target, ["target", "graph", "config"]);
      o = target as typeof o;
    } else o = { target: (target as string | null) ?? "", graph, config };
    if (o.target && o.target !== "" && o.target !== "local") {
      throw new InvalidArgumentError(msg(
        `Session: only in-process sessions are supported (target ''), got '${o.target}'.`,
        `Session: 프로세스 안의 세션(target '')만 지원합니다. 받은 값: '${o.target}'.`,
      ));
    }
    if (o.graph != null && !(o.graph instanceof Graph)) {
      throw new TypeError(msg(`graph must be a tf.Graph, but got ${typeName(o.graph)}`, `graph는 tf.Graph여야 하는데 ${typeName(o.graph)}입니다.`));
    }
    this.graph = o.graph ?? getDefaultGraph();
    this.sess_str = o.target ?? "";
  }

  /** Whether `close()` was called. */
  get _isClosed(): boolean { return this._closed; }

  /**
   * `sess.run(fetches, feed_dict=None, options=None, run_metadata=None)`. `fetches`: a tensor, an
   * operation, a tensor/operation name, a variable, or arrays/objects of them. `feed_dict`: a Map,
   * an array of `[key, value]` pairs, or an object keyed by tensor name (`{ "Placeholder:0": v }`).
   */
  run(fetches: unknown, feed_dict?: FeedDict | RunOptions | null, options?: unknown, run_metadata?: unknown): any {
    let feeds: FeedDict | null | undefined;
    if (isOptions(feed_dict) && Object.keys(feed_dict).length > 0 && Object.keys(feed_dict).every((k) => (RUN_KEYS as readonly string[]).includes(k))) {
      checkOptions("run", feed_dict, RUN_KEYS);
      feeds = (feed_dict as RunOptions).feed_dict;
    } else feeds = feed_dict as FeedDict | null | undefined;
    void options; void run_metadata;
    if (this._closed) throw new RuntimeError(msg("Attempted to use a closed Session.", "닫힌 세션(Session)을 사용하려고 했습니다. 새 세션을 만드세요."));
    if (this.graph.version === 0) {
      throw new RuntimeError(msg(
        "The Session graph is empty. Add operations to the graph before calling run().",
        "세션의 그래프가 비어 있습니다. run()을 부르기 전에 그래프에 연산을 추가하세요 (tf.compat.v1.disable_eager_execution()을 먼저 호출했나요?).",
      ));
    }
    return this._run(fetches, feeds ?? null);
  }

  private _run(fetches: unknown, feeds: FeedDict | null): any {
    // 1. fetches: flatten to unique graph elements.
    const leaves: (Tensor | Operation)[] = [];
    const index = new Map<Tensor | Operation, number>();
    const resolve = (x: unknown): number => {
      const el = this._asFetch(x);
      let i = index.get(el);
      if (i === undefined) { i = leaves.length; leaves.push(el); index.set(el, i); }
      return i;
    };
    const structure = this._mapStructure(fetches, resolve);
    // 2. feeds.
    const [feedKeys, feedVals] = this._feeds(feeds);
    // 3. plan, check placeholders, run.
    const plan = planRun(leaves, feedKeys);
    for (const st of plan.steps) {
      if (st.op.type === "Placeholder") {
        const t = st.op.outputs[0];
        throw new InvalidArgumentError(msg(
          `You must feed a value for placeholder tensor '${st.op.name}' with dtype ${tfDTypeName(t.dtype)} and shape ${tfShapeString(t.shape)}\n\t [[{{node ${st.op.name}}}]]\n` +
          `Give it a value in feed_dict: sess.run(fetches, { feed_dict: [[${st.op.name.replace(/[^A-Za-z0-9_$]/g, "_")}, value]] }).`,
          `플레이스홀더 텐서 '${st.op.name}'(dtype ${tfDTypeName(t.dtype)}, 형태 ${tfShapeString(t.shape)})에 값을 넣어야(feed) 합니다\n\t [[{{node ${st.op.name}}}]]\n` +
          `feed_dict로 값을 주세요: sess.run(fetches, { feed_dict: [[${st.op.name.replace(/[^A-Za-z0-9_$]/g, "_")}, value]] }).`,
        ));
      }
    }
    const outs = runPlan(plan, feedVals);
    // Fresh host arrays (numpy's role): never aliases a variable's value or a graph constant.
    const results = outs.map((t) => {
      if (t === null) return null;
      const nd = t.numpy();
      return new NDArray((nd.data as Float32Array).slice(), nd.shape, nd.dtype);
    });
    return this._fill(structure, results);
  }

  /** Rebuilds the fetch structure with result indices at the leaves. */
  private _mapStructure(x: unknown, leaf: (l: unknown) => number): unknown {
    if (isLeaf(x)) return { __fetch: leaf(x) };
    if (Array.isArray(x)) return x.map((e) => this._mapStructure(e, leaf));
    if (isOptions(x)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(x)) out[k] = this._mapStructure(x[k], leaf);
      return { __dict: out };
    }
    if (x instanceof Map) {
      const out = new Map<unknown, unknown>();
      for (const [k, v] of x) out.set(k, this._mapStructure(v, leaf));
      return { __map: out };
    }
    leaf(x); // throws TF's "invalid type" error
    return null;
  }
  private _fill(s: unknown, results: (NDArray | null)[]): any {
    if (Array.isArray(s)) return s.map((e) => this._fill(e, results));
    const o = s as { __fetch?: number; __dict?: Record<string, unknown>; __map?: Map<unknown, unknown> };
    if (o.__fetch !== undefined) return results[o.__fetch];
    if (o.__dict) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(o.__dict)) out[k] = this._fill(o.__dict[k], results);
      return out;
    }
    const out = new Map<unknown, unknown>();
    for (const [k, v] of o.__map!) out.set(k, this._fill(v, results));
    return out;
  }

  /** A fetch leaf as a graph element of this session's graph (TF's `as_graph_element` checks). */
  private _asFetch(x: unknown): Tensor | Operation {
    const notInGraph = (what: string) => new InvalidArgumentError(msg(
      `Fetch argument ${what} cannot be interpreted as a Tensor. (${what} is not an element of this graph.) ` +
      `Build it in the graph this session runs (tf.compat.v1.disable_eager_execution() first, or new Session({ graph })).`,
      `fetch 인자 ${what}을(를) 텐서로 해석할 수 없습니다 (이 그래프의 원소가 아닙니다). ` +
      `세션이 실행하는 그래프에서 만드세요 (먼저 tf.compat.v1.disable_eager_execution()을 호출하거나 new Session({ graph })).`,
    ));
    if (x instanceof Operation) {
      if (x.graph !== this.graph) throw notInGraph(`<tf.Operation '${x.name}' type=${x.type}>`);
      return x;
    }
    if (x instanceof Variable) {
      if (x.graph !== this.graph) throw notInGraph(x.toString());
      let r = this._varReads.get(x);
      if (!r) {
        r = this.graph.as_default(() => x._asTensor());
        this._varReads.set(x, r);
      }
      return r;
    }
    if (x instanceof Tensor) {
      if (!x._source) {
        throw new InvalidArgumentError(msg(
          `Fetch argument ${x.toString().split("\n").join(" ")} cannot be interpreted as a Tensor: it is an eager tensor (its value is already computed). ` +
          `Use it directly (t.numpy()), or build the computation after tf.compat.v1.disable_eager_execution().`,
          `fetch 인자 ${x.toString().split("\n").join(" ")}은(는) 즉시 실행 텐서라 그래프 텐서로 해석할 수 없습니다 (값이 이미 계산되어 있습니다). ` +
          `t.numpy()로 바로 쓰거나, tf.compat.v1.disable_eager_execution() 이후에 계산을 만드세요.`,
        ));
      }
      if (x.graph !== this.graph) throw notInGraph(`Tensor ${x.toString()}`);
      return x;
    }
    if (typeof x === "string") {
      if (x.includes(":")) return this.graph.get_tensor_by_name(x);
      return this.graph.get_operation_by_name(x);
    }
    throw new TypeError(msg(
      `Fetch argument ${String(x)} has invalid type ${typeName(x)}, must be a string or Tensor. (Can not convert a ${typeName(x)} into a Tensor or Operation.)`,
      `fetch 인자 ${String(x)}의 타입 ${typeName(x)}이(가) 잘못되었습니다. 문자열이나 텐서여야 합니다.`,
    ));
  }

  /** Parses the feed forms and converts each value to an eager tensor of its placeholder's dtype and shape. */
  private _feeds(feeds: FeedDict | null): [Tensor[], Tensor[]] {
    if (feeds == null) return [[], []];
    let pairs: [unknown, unknown][];
    if (feeds instanceof Map) pairs = [...feeds.entries()];
    else if (Array.isArray(feeds)) {
      pairs = feeds.map((p, i) => {
        if (!Array.isArray(p) || p.length !== 2) {
          throw new TypeError(msg(
            `feed_dict: entry ${i} must be a [key, value] pair, e.g. [[x, x_batch], [y, y_batch]].`,
            `feed_dict: ${i}번째 항목은 [키, 값] 쌍이어야 합니다. 예: [[x, x_batch], [y, y_batch]]`,
          ));
        }
        return [p[0], p[1]];
      });
    } else if (isOptions(feeds)) pairs = Object.entries(feeds);
    else {
      throw new TypeError(msg(
        `feed_dict must be a Map, an array of [key, value] pairs, or an object keyed by tensor name; got ${typeName(feeds)}.`,
        `feed_dict는 Map, [키, 값] 쌍의 배열, 또는 텐서 이름을 키로 한 객체여야 하는데 ${typeName(feeds)}입니다.`,
      ));
    }
    const keys: Tensor[] = [];
    const vals: Tensor[] = [];
    const seen = new Set<Tensor>();
    for (const [k, v] of pairs) {
      const t = this._feedKey(k);
      if (seen.has(t)) continue;
      seen.add(t);
      keys.push(t);
      vals.push(convertFeed(t, v));
    }
    return [keys, vals];
  }

  private _feedKey(k: unknown): Tensor {
    if (typeof k === "string") {
      try {
        return this.graph.get_tensor_by_name(k);
      } catch (e) {
        throw new TypeError(msg(
          `Cannot interpret feed_dict key as Tensor: ${(e as Error).message}`,
          `feed_dict의 키를 텐서로 해석할 수 없습니다: ${(e as Error).message}`,
        ));
      }
    }
    if (k instanceof Tensor && k._source) {
      if (k.graph !== this.graph) {
        throw new TypeError(msg(
          `Cannot interpret feed_dict key as Tensor: Tensor ${k.toString()} is not an element of this graph.`,
          `feed_dict의 키를 텐서로 해석할 수 없습니다: 텐서 ${k.toString()}은(는) 이 그래프의 원소가 아닙니다.`,
        ));
      }
      return k;
    }
    throw new TypeError(msg(
      `Cannot interpret feed_dict key as Tensor: ${k instanceof Tensor ? `${k.toString()} is an eager tensor` : `Can not convert a ${typeName(k)} into a Tensor`}. ` +
      `Keys are placeholders (or other graph tensors) or their names like "Placeholder:0".`,
      `feed_dict의 키를 텐서로 해석할 수 없습니다. 키는 플레이스홀더(또는 그래프 텐서)나 "Placeholder:0" 같은 이름이어야 합니다.`,
    ));
  }

  /**
   * `sess.make_callable(fetches, feed_list=None)`: a function taking the values for `feed_list`
   * positionally and returning what `run(fetches)` returns.
   */
  make_callable(fetches: unknown, feed_list?: (Tensor | string)[] | null): (...values: unknown[]) => any {
    const keys = feed_list ?? [];
    return (...values: unknown[]) => {
      if (values.length !== keys.length) {
        throw new TypeError(msg(
          `The callable takes ${keys.length} argument(s) (one per feed_list entry) but ${values.length} were given.`,
          `이 함수는 feed_list 항목마다 하나씩 인자 ${keys.length}개를 받는데 ${values.length}개가 주어졌습니다.`,
        ));
      }
      return this.run(fetches, { feed_dict: keys.map((k, i) => [k, values[i]] as const) });
    };
  }

  /** `with sess.as_default():` -> `sess.as_default(() => { ... })`: `t.eval()` and `op.run()` use this session inside. */
  as_default<T>(fn: () => T): T {
    if (typeof fn !== "function") {
      throw new TypeError(msg(
        "as_default(fn): pass the block as a function, e.g. sess.as_default(() => t.eval()).",
        "as_default(fn): 블록을 함수로 넘기세요. 예: sess.as_default(() => t.eval())",
      ));
    }
    sessionStack.push(this);
    try { return fn(); } finally {
      const i = sessionStack.lastIndexOf(this);
      if (i >= 0) sessionStack.splice(i, 1);
    }
  }

  /** Python's `with tf.compat.v1.Session() as sess:` block: default inside `fn(sess)`, closed afterwards. */
  with<T>(fn: (sess: this) => T): T {
    try { return this.as_default(() => fn(this)); } finally { this.close(); }
  }

  /** `sess.list_devices()` */
  list_devices(): { name: string; device_type: string; memory_limit_bytes: number }[] {
    return [{ name: "/job:localhost/replica:0/task:0/device:CPU:0", device_type: "CPU", memory_limit_bytes: 268435456 }];
  }

  /** `sess.close()`: later `run` calls raise. */
  close(): void {
    this._closed = true;
    this._varReads.clear();
    sessionStack = sessionStack.filter((s) => s !== this);
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return `<tensorflow.python.client.session.${this.constructor.name} object>`; }
}

/**
 * `tf.compat.v1.InteractiveSession(target='', graph=None, config=None)`: makes itself the default
 * session on construction, so `t.eval()` and `op.run()` work without passing it (until `close()`).
 */
export class InteractiveSession extends Session {
  constructor(target?: string | { target?: string; graph?: Graph | null; config?: unknown } | null, graph?: Graph | null, config?: unknown) {
    super(target, graph, config);
    sessionStack.push(this);
  }
}

// ---------------------------------------------------------------- feeding
function lossy(from: DType, to: DType): boolean {
  if (from === to) return false;
  if (to.kind === "s" || from.kind === "s") return true;
  if (from.kind === "c" && to.kind !== "c") return true;
  if (from.kind === "f" && (to.kind === "i" || to.kind === "u" || to.kind === "b")) return true;
  if (to.kind === "b" && from.kind !== "b") return true;
  return false;
}

function dtypeError(t: Tensor, got: string): TypeError {
  return new TypeError(msg(
    `Cannot feed a value of dtype ${got} for Tensor ${t.name}, which has dtype ${t.dtype.name}: the conversion would lose information. ` +
    `Convert the value first (e.g. round it, or tf.cast / NDArray of dtype ${t.dtype.name}), or declare the placeholder as tf.${got}.`,
    `dtype ${got}인 값을 텐서 ${t.name}(dtype ${t.dtype.name})에 넣을(feed) 수 없습니다: 변환하면 정보가 사라집니다. ` +
    `값을 먼저 ${t.dtype.name}(으)로 바꾸거나, 플레이스홀더를 tf.${got}(으)로 선언하세요.`,
  ));
}

function firstScalar(v: unknown): unknown {
  while (Array.isArray(v) && v.length) v = v[0];
  return v;
}

function hasFraction(v: unknown): boolean {
  if (typeof v === "number") return !Number.isInteger(v);
  if (Array.isArray(v)) return v.some(hasFraction);
  if (ArrayBuffer.isView(v)) return (v instanceof Float32Array || v instanceof Float64Array) && Array.from(v as Float32Array).some((x) => !Number.isInteger(x));
  return false;
}

/** A fed value as an eager tensor of `t`'s dtype; checks the dtype and shape against `t` (TF's feed checks). */
export function convertFeed(t: Tensor, value: unknown): Tensor {
  const want = t.dtype;
  let v: Tensor;
  if (value instanceof Variable) value = value.numpy();
  if (value instanceof Tensor) {
    if (value._source) {
      throw new TypeError(msg(
        `The value of a feed cannot be a tf.Tensor object. Acceptable feed values include JS numbers, strings, nested arrays, NDArrays, or eager tensors. ` +
        `(Got ${value.toString()} for ${t.name}; evaluate it first with sess.run.)`,
        `feed 값으로 그래프 텐서를 줄 수 없습니다. 숫자, 문자열, 중첩 배열, NDArray, 즉시 실행 텐서를 주세요. ` +
        `(${t.name}에 ${value.toString()}이(가) 왔습니다. 먼저 sess.run으로 값을 계산하세요.)`,
      ));
    }
    if (lossy(value.dtype, want)) throw dtypeError(t, value.dtype.name);
    const tv = value;
    v = tv.dtype === want ? tv : outsideGraphs(() => constant(tv.numpy(), want));
  } else if (value instanceof NDArray) {
    if (lossy(value.dtype, want)) throw dtypeError(t, value.dtype.name);
    const nd = value;
    v = outsideGraphs(() => constant(nd, want));
  } else {
    if (value === null || value === undefined) {
      throw new TypeError(msg(`feed_dict: the value for ${t.name} is ${value}.`, `feed_dict: ${t.name}의 값이 ${value}입니다.`));
    }
    const first = firstScalar(value);
    if (typeof first === "string" && want.kind !== "s") throw dtypeError(t, "string");
    if (typeof first === "boolean" && want.kind !== "b") {
      if (want.kind === "s") throw dtypeError(t, "bool");
    } else if ((want.kind === "i" || want.kind === "u" || want.kind === "b") && hasFraction(value)) throw dtypeError(t, "float64");
    const raw = value as number[];
    v = outsideGraphs(() => constant(raw, want));
  }
  const shape = t.shape as (number | null)[];
  let ok = v.shape.length === shape.length;
  if (ok) for (let i = 0; i < shape.length; i++) if (shape[i] !== null && shape[i] !== v.shape[i]) ok = false;
  if (!ok) {
    throw new InvalidArgumentError(msg(
      `Cannot feed value of shape ${formatShape(v.shape)} for Tensor ${t.name}, which has shape ${formatShape(shape)}. ` +
      `Reshape the value (e.g. NDArray.reshape) so it matches; None dimensions accept any size.`,
      `형태 ${formatShape(v.shape)}인 값을 텐서 ${t.name}(형태 ${formatShape(shape)})에 넣을(feed) 수 없습니다. ` +
      `값의 형태를 맞추세요 (예: NDArray.reshape). None 차원은 어떤 크기든 됩니다.`,
    ));
  }
  return v;
}

/** Throws TF's error for eval/run without a session. */
export function defaultSessionFor(what: "tensor" | "operation", graph: Graph, session?: Session | null): Session {
  const s = session ?? get_default_session();
  if (!s) {
    throw new InvalidArgumentError(what === "tensor"
      ? msg(
        "Cannot evaluate tensor using `eval()`: No default session is registered. Use `with sess.as_default()` or pass an explicit session to `eval(session=sess)`. " +
        "In TypeScript: sess.as_default(() => t.eval()), t.eval({ session: sess }), or create a tf.compat.v1.InteractiveSession().",
        "`eval()`로 텐서를 계산할 수 없습니다: 기본 세션이 없습니다. sess.as_default(() => t.eval())처럼 쓰거나 t.eval({ session: sess })로 세션을 넘기거나, " +
        "tf.compat.v1.InteractiveSession()을 만드세요.")
      : msg(
        "Cannot execute operation using `run()`: No default session is registered. Use `with sess.as_default():` or pass an explicit session to `run(session=sess)`. " +
        "In TypeScript: sess.as_default(() => op.run()), op.run({ session: sess }), or create a tf.compat.v1.InteractiveSession().",
        "`run()`으로 연산을 실행할 수 없습니다: 기본 세션이 없습니다. sess.as_default(() => op.run())처럼 쓰거나 op.run({ session: sess })로 세션을 넘기거나, " +
        "tf.compat.v1.InteractiveSession()을 만드세요."));
  }
  if (s.graph !== graph) {
    throw new InvalidArgumentError(msg(
      `Cannot use the given session to ${what === "tensor" ? "evaluate tensor" : "execute operation"}: the ${what}'s graph is different from the session's graph.`,
      `주어진 세션으로 ${what === "tensor" ? "텐서를 계산할" : "연산을 실행할"} 수 없습니다: ${what === "tensor" ? "텐서" : "연산"}의 그래프가 세션의 그래프와 다릅니다.`,
    ));
  }
  return s;
}

void NotFoundError;
