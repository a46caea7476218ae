/**
 * TF1 functions that exist only under `tf.compat.v1` (no v2 name to alias): casts
 * (`to_float` ...), Python-2 `div`, `Print`, `nn.dropout(x, keep_prob)`, `nn.xw_plus_b`,
 * `assign*`, `set_random_seed`, plus `Tensor.eval` / `Operation.run` / `Variable.eval`.
 */
import { Tensor } from "../core/tensor/tensor";
import { DType, float32, float64, int32, int64, bool } from "../core/tensor/dtypes";
import { InvalidArgumentError, msg } from "../core/errors";
import { defineOp, registerKernel, runOp, buildingGraph } from "../core/engine/engine";
import { TensorLike, toTensor, toTensorPair } from "../core/ops/convert";
import { cast, floor, add, divide, multiply, floordiv, nameOf } from "../core/ops/math";
import { bindArgs } from "../core/ops/reduce";
import { matmul } from "../core/ops/matmul";
import { relu, bias_add } from "../core/ops/nn";
import * as random from "../core/ops/random";
import { Operation, Graph } from "../core/graph/graph";
import { Variable } from "../core/variable";
import { NDArray } from "../core/tensor/ndarray";
import { defaultSessionFor, Session } from "./session";
import { formatShape } from "../core/tensor/shape";

type Name = string | { name?: string } | undefined;

function castNamed(fn: string, x: TensorLike, d: DType, defName: string, name: Name): Tensor {
  const t = toTensor(x, fn);
  if (t.dtype === d) return t;
  return cast(t, d, nameOf(name) ?? defName);
}
/** `tf.compat.v1.to_float(x, name="ToFloat")` */
export function to_float(x: TensorLike, name?: Name): Tensor { return castNamed("to_float", x, float32, "ToFloat", name); }
/** `tf.compat.v1.to_double(x, name="ToDouble")` */
export function to_double(x: TensorLike, name?: Name): Tensor { return castNamed("to_double", x, float64, "ToDouble", name); }
/** `tf.compat.v1.to_int32(x, name="ToInt32")` */
export function to_int32(x: TensorLike, name?: Name): Tensor { return castNamed("to_int32", x, int32, "ToInt32", name); }
/** `tf.compat.v1.to_int64(x, name="ToInt64")` */
export function to_int64(x: TensorLike, name?: Name): Tensor { return castNamed("to_int64", x, int64, "ToInt64", name); }

/** `tf.compat.v1.div(x, y, name=None)`: Python 2 division: floor division for integers, true division for floats. */
export function div(x: TensorLike, y: TensorLike, name?: Name): Tensor {
  const [a, b] = toTensorPair(x, y, "div", "RealDiv");
  if (a.dtype.kind === "f" || a.dtype.kind === "c") return divide(a, b, nameOf(name));
  return floordiv(a, b, nameOf(name));
}

// ---------------------------------------------------------------- Print
defineOp({
  name: "Print",
  infer(inputs) { return [{ shape: inputs[0].shape, dtype: inputs[0].dtype }]; },
  grad: (dys, inputs) => [dys[0], ...inputs.slice(1).map(() => null)],
  stateful: true,
});
/** Formats a value like TF1's `Tensor::SummarizeValue`: the first `n` elements, space separated. */
function summarize(t: Tensor, n: number): string {
  const nd = t.numpy();
  const k = Math.min(nd.size, n < 0 ? nd.size : n);
  const parts: string[] = [];
  for (let i = 0; i < k; i++) {
    const v = nd.at(i);
    parts.push(typeof v === "boolean" ? (v ? "1" : "0") : Array.isArray(v) ? `(${v[0]},${v[1]})` : String(v));
  }
  return parts.join(" ") + (k < nd.size ? "..." : "");
}
registerKernel("cpu", "Print", (inputs, attrs) => {
  const state = attrs.state as { count: number };
  state.count++;
  if (attrs.first_n < 0 || state.count <= attrs.first_n) {
    const body = inputs.slice(1).map((t) => `[${summarize(t, attrs.summarize)}]`).join("");
    process.stderr.write(`${attrs.message}${body}\n`);
  }
  return [inputs[0]._handle];
});
/**
 * `tf.compat.v1.Print(input_, data, message=None, first_n=None, summarize=None, name=None)`:
 * an identity of `input_` that prints `message` and the values of `data` (to stderr) each time it runs.
 */
export function Print(input_: TensorLike, data: TensorLike[], message?: string | Record<string, unknown> | null, first_n?: number | null, summarize_?: number | null, name?: string): Tensor {
  const o = bindArgs("Print", ["message", "first_n", "summarize", "name"], [message, first_n, summarize_, name]);
  const x = toTensor(input_, "Print");
  const ds = (data ?? []).map((d) => toTensor(d, "Print"));
  return runOp("Print", [x, ...ds], {
    message: o.message ?? "", first_n: o.first_n ?? -1, summarize: o.summarize ?? 3, state: { count: 0 },
  }, o.name)[0];
}

// ---------------------------------------------------------------- nn
/**
 * `tf.compat.v1.nn.dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None)`:
 * keeps each element with probability `keep_prob` (which may be a placeholder) and scales kept ones by 1 / keep_prob.
 */
export function dropout(x: TensorLike, keep_prob?: number | Tensor | Record<string, unknown> | null, noise_shape?: number[] | null, seed?: number | null, name?: string, rate?: number | Tensor | null): Tensor {
  const o = bindArgs("dropout", ["keep_prob", "noise_shape", "seed", "name", "rate"], [keep_prob, noise_shape, seed, name, rate]);
  const t = toTensor(x, "dropout");
  if (!t.dtype.is_floating) {
    throw new InvalidArgumentError(msg(
      `x has to be a floating point tensor since it's going to be scaled. Got a ${t.dtype.name} tensor instead.`,
      `x는 크기가 조정되므로 실수(floating point) 텐서여야 하는데 ${t.dtype.name} 텐서입니다.`,
    ));
  }
  if (o.keep_prob != null && o.rate != null) {
    throw new InvalidArgumentError(msg("Cannot specify both 'rate' and 'keep_prob'.", "'rate'와 'keep_prob'를 둘 다 줄 수 없습니다."));
  }
  if (o.keep_prob == null && o.rate == null) {
    throw new InvalidArgumentError(msg("dropout: give keep_prob (TF1) or rate.", "dropout: keep_prob(TF1) 또는 rate를 주세요."));
  }
  let kp: Tensor;
  if (o.rate != null) {
    const r = o.rate instanceof Tensor ? o.rate : toTensor(o.rate, "dropout", t.dtype);
    kp = runOp("Sub", [toTensor(1, "dropout", t.dtype), cast(r, t.dtype)], {})[0];
  } else {
    if (typeof o.keep_prob === "number" && !(o.keep_prob > 0 && o.keep_prob <= 1)) {
      throw new InvalidArgumentError(msg(
        `keep_prob must be a scalar tensor or a float in the range (0, 1], got ${o.keep_prob}`,
        `keep_prob는 (0, 1] 범위의 실수나 스칼라 텐서여야 하는데 ${o.keep_prob}입니다.`,
      ));
    }
    if (o.keep_prob === 1) return t;
    kp = o.keep_prob instanceof Tensor ? cast(o.keep_prob, t.dtype) : toTensor(o.keep_prob, "dropout", t.dtype);
  }
  if (kp.rank !== 0) {
    throw new InvalidArgumentError(msg(`keep_prob must be a scalar, got shape ${formatShape(kp.shape)}.`, `keep_prob는 스칼라여야 하는데 형태가 ${formatShape(kp.shape)}입니다.`));
  }
  const ns = (o.noise_shape ?? null) as number[] | null;
  let u: Tensor;
  if (ns) u = random.uniform(ns, { dtype: t.dtype, seed: o.seed ?? undefined });
  else if (t.shape.every((d) => d !== null)) u = random.uniform(t.shape, { dtype: t.dtype, seed: o.seed ?? undefined });
  else u = random.uniform(runOp("Shape", [t], { out_type: int32 })[0], { dtype: t.dtype, seed: o.seed ?? undefined });
  // TF1's formula: floor(keep_prob + U[0,1)) is 1 with probability keep_prob.
  const mask = floor(add(kp, u));
  return multiply(divide(t, kp), mask, o.name);
}

/** `tf.compat.v1.nn.xw_plus_b(x, weights, biases, name=None)`: matmul(x, weights) + biases. */
export function xw_plus_b(x: TensorLike, weights: TensorLike, biases: TensorLike, name?: Name): Tensor {
  return bias_add(matmul(x, weights), biases, null, nameOf(name));
}
/** `tf.compat.v1.nn.relu_layer(x, weights, biases, name=None)`: relu(matmul(x, weights) + biases). */
export function relu_layer(x: TensorLike, weights: TensorLike, biases: TensorLike, name?: Name): Tensor {
  return relu(xw_plus_b(x, weights, biases), nameOf(name));
}

// ---------------------------------------------------------------- state ops
function asVariable(fn: string, ref: unknown): Variable {
  if (!(ref instanceof Variable)) {
    throw new InvalidArgumentError(msg(`${fn}: ref must be a variable, got ${String(ref)}.`, `${fn}: ref는 변수여야 하는데 ${String(ref)}입니다.`));
  }
  return ref;
}
/** `tf.compat.v1.assign(ref, value, validate_shape=None, use_locking=None, name=None)` */
export function assign(ref: Variable, value: TensorLike, _validate_shape?: boolean | null, _use_locking?: boolean | null, name?: string): any {
  return asVariable("assign", ref).assign(value, { name });
}
/** `tf.compat.v1.assign_add(ref, value, use_locking=None, name=None)` */
export function assign_add(ref: Variable, value: TensorLike, _use_locking?: boolean | null, name?: string): any {
  return asVariable("assign_add", ref).assign_add(value, { name });
}
/** `tf.compat.v1.assign_sub(ref, value, use_locking=None, name=None)` */
export function assign_sub(ref: Variable, value: TensorLike, _use_locking?: boolean | null, name?: string): any {
  return asVariable("assign_sub", ref).assign_sub(value, { name });
}

/** `tf.compat.v1.set_random_seed(seed)`: the graph-level seed (here the global seed of tf.random). */
export function set_random_seed(seed: number | null): void {
  random.set_seed(seed);
  const g = buildingGraph() as Graph | null;
  if (g) g.seed = seed;
}

// ---------------------------------------------------------------- eval / run
type EvalOpts = { feed_dict?: unknown; session?: Session | null };

declare module "../core/tensor/tensor" {
  interface Tensor {
    /** tf.compat.v1: `t.eval(feed_dict=None, session=None)` with the default session (InteractiveSession, `sess.as_default`). */
    eval(feed_dict?: unknown, session?: Session | null): NDArray;
  }
}
declare module "../core/graph/graph" {
  interface Operation {
    /** tf.compat.v1: `op.run(feed_dict=None, session=None)` with the default session. */
    run(feed_dict?: unknown, session?: Session | null): void;
  }
}
declare module "../core/variable" {
  interface Variable {
    /** tf.compat.v1: `v.eval(session=None)`: the value via the default session (graph variables) or directly (eager). */
    eval(session?: Session | null): NDArray;
    /** tf.compat.v1: `v.load(value, session=None)`: assigns without adding ops. */
    load(value: unknown, session?: Session | null): void;
  }
}

function evalArgs(feed_dict: unknown, session: Session | null | undefined): [unknown, Session | null | undefined] {
  if (feed_dict && typeof feed_dict === "object" && !(feed_dict instanceof Map) && !Array.isArray(feed_dict) &&
      Object.keys(feed_dict).length && Object.keys(feed_dict).every((k) => k === "feed_dict" || k === "session")) {
    const o = feed_dict as EvalOpts;
    return [o.feed_dict, o.session];
  }
  return [feed_dict, session];
}

export function installEval(): void {
  (Tensor.prototype as any).eval = function (this: Tensor, feed_dict?: unknown, session?: Session | null): NDArray {
    const [fd, s] = evalArgs(feed_dict, session);
    if (!this._source) return this.numpy();
    const sess = defaultSessionFor("tensor", this.graph as Graph, s);
    return sess.run(this, { feed_dict: (fd ?? null) as any });
  };
  (Operation.prototype as any).run = function (this: Operation, feed_dict?: unknown, session?: Session | null): void {
    const [fd, s] = evalArgs(feed_dict, session);
    const sess = defaultSessionFor("operation", this.graph, s);
    sess.run(this, { feed_dict: (fd ?? null) as any });
  };
  (Variable.prototype as any).eval = function (this: Variable, session?: Session | null): NDArray {
    if (!this.graph) return this.numpy();
    const s = session && typeof session === "object" && "session" in (session as object) ? (session as EvalOpts).session : session;
    return defaultSessionFor("tensor", this.graph, s).run(this);
  };
  (Variable.prototype as any).load = function (this: Variable, value: unknown): void {
    this._assignEager(toTensor(value as TensorLike, "load", this.dtype));
  };
}

void bool;
