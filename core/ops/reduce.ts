/**
 * Reductions: reduce_sum/mean/max/min/prod/any/all/logsumexp/std/variance, argmax/argmin,
 * cumsum/cumprod, top_k, count_nonzero, add_n.
 * All reductions share one op shape: attrs { axis: number[] (normalised, sorted), keepdims }.
 */
import { isOpts } from "./args";
import { Tensor } from "../tensor/tensor";
import { DType, DTypeLike, asDType, bool, int32, int64, float32 } from "../tensor/dtypes";
import { normAxes, normAxis, formatShape, shapesEqual } from "../tensor/shape";
import { defineOp, runOp, OpDef, GradFn, dtypeMismatch } from "../engine/engine";
import { TensorLike, toTensor } from "./convert";
import { checkOptions, InvalidArgumentError, msg } from "../errors";
import {
  multiply, divide, cast, add, subtract, log, exp, equal, where, not_equal, sqrt, square, abs, is_finite,
  zerosLike, onesLike, scalarLike,
} from "./math";

export type Axis = number | number[] | Tensor | null | undefined;
export interface ReduceOptions { axis?: Axis; keepdims?: boolean; name?: string }
const REDUCE_KEYS = ["axis", "keepdims", "name"] as const;

// ---------------------------------------------------------------- argument binding
/** A plain `{...}` object: the trailing keyword-options object of a call (never a tensor-like). */
/** A plain `{...}` options object (the shared test in ./args). */
export const isOptions = isOpts;

/**
 * Python-style binding of the arguments after the leading ones: positional values in TF's
 * order (`names`), then optionally one trailing options object with TF's keyword names.
 * Unknown keywords get "did you mean"; a value given twice is Python's TypeError.
 */
export function bindArgs(fn: string, names: readonly string[], args: readonly unknown[], valid: readonly string[] = names): Record<string, any> {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  const out: Record<string, any> = {};
  let opts: Record<string, any> | null = null;
  if (n > 0 && isOptions(args[n - 1])) { opts = args[n - 1] as Record<string, any>; n--; }
  for (let i = 0; i < n; i++) {
    if (isOptions(args[i])) {
      throw new TypeError(msg(
        `${fn}(): the options object must be the last argument (got it in position of '${names[i]}').`,
        `${fn}(): 옵션 객체는 마지막 인자여야 합니다 ('${names[i]}' 자리에 왔습니다).`,
      ));
    }
    if (i >= names.length) {
      throw new TypeError(msg(
        `${fn}() got too many positional arguments; after the leading ones it takes ${names.join(", ")}.`,
        `${fn}()에 위치 인자가 너무 많습니다. 앞의 인자 다음에는 ${names.join(", ")}만 받습니다.`,
      ));
    }
    if (args[i] !== undefined) out[names[i]] = args[i];
  }
  if (opts) {
    checkOptions(fn, opts, valid);
    for (const k of Object.keys(opts)) {
      const v = opts[k];
      if (v === undefined) continue;
      if (k in out) {
        throw new TypeError(msg(`${fn}() got multiple values for argument '${k}'.`, `${fn}()에 인자 '${k}'의 값이 두 번 주어졌습니다.`));
      }
      out[k] = v;
    }
  }
  return out;
}

export function requireKinds(op: string, d: DType, kinds: string, what: string): void {
  if (!kinds.includes(d.kind)) {
    throw new InvalidArgumentError(msg(
      `Value for attr 'T' of ${d.name} is not in the list of allowed values for ${op}: ${what}. Cast the input first (tf.cast).`,
      `${op}에는 ${what} 자료형만 쓸 수 있는데 ${d.name}이(가) 들어왔습니다. 먼저 tf.cast로 자료형을 바꾸세요.`,
    ));
  }
}

// ---------------------------------------------------------------- shapes and gradient helpers
/** Output shape of a reduction over sorted `axes`. */
export function reducedShape<T extends number | null>(shape: readonly T[], axes: readonly number[], keepdims: boolean): T[] {
  const out: T[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) { if (keepdims) out.push(1 as T); } else out.push(shape[i]);
  }
  return out;
}

/** Reshapes a reduced tensor `t` (reduced from `x` over `axis`) to the keepdims shape, so it broadcasts against `x`. */
export function toKeepDims(t: Tensor, x: Tensor, axis: readonly number[], keepdims: boolean): Tensor {
  if (keepdims) return t;
  const ks = reducedShape(x.shape as (number | null)[], axis, true);
  const unknown = ks.filter((d) => d === null).length;
  if (unknown <= 1) return runOp("Reshape", [t], { shape: ks.map((d) => (d === null ? -1 : d)) })[0];
  // Several unknown dims (graph mode): build the shape at run time: 1 on reduced axes, x's dims elsewhere.
  const mask = toTensor(x.shape.map((_, i) => axis.includes(i)), "reduce_grad");
  const ones = toTensor(x.shape.map(() => 1), "reduce_grad", int32);
  const dyn = runOp("SelectV2", [mask, ones, runOp("Shape", [x], { out_type: int32 })[0]], {})[0];
  return runOp("Reshape", [t, dyn], {})[0];
}

/** Reshapes a reduced gradient so it broadcasts against the input, then broadcasts it. */
export function expandReduced(dy: Tensor, x: Tensor, axis: number[], keepdims: boolean): Tensor {
  const g = toKeepDims(dy, x, axis, keepdims);
  if (x.shape.every((d) => d !== null)) {
    return shapesEqual(g.shape, x.shape) ? g : runOp("BroadcastTo", [g], { shape: x.shape })[0];
  }
  return multiply(g, onesLike(x));
}

/** Number of elements each output cell of a reduction over `axis` sees, as a tensor like `like`. */
function reducedCount(x: Tensor, axis: number[], like: Tensor): Tensor {
  let n = 1;
  for (const a of axis) n *= x.shape[a] ?? NaN;
  if (!Number.isNaN(n)) return scalarLike(n, like);
  return runOp("Sum", [onesLike(like.dtype === x.dtype ? x : cast(x, like.dtype))], { axis, keepdims: true })[0];
}

/** Division that keeps the dtype (RealDiv for floats, truncating Div for integers). */
function div(a: Tensor, b: Tensor): Tensor {
  return runOp(a.dtype.kind === "f" || a.dtype.kind === "c" ? "RealDiv" : "Div", [a, b], {})[0];
}

// ---------------------------------------------------------------- op definitions
interface ReduceAttrs { axis: number[]; keepdims: boolean }

export function reduceDef(name: string, kinds: string, what: string, grad?: GradFn, outDType?: (d: DType) => DType, nonDifferentiable?: boolean): OpDef {
  return defineOp({
    name,
    infer([x], { axis, keepdims }: ReduceAttrs) {
      requireKinds(name, x.dtype, kinds, what);
      for (const a of axis) {
        if (!(a >= 0 && a < x.rank)) {
          throw new InvalidArgumentError(msg(
            `${name}: Invalid reduction dimension ${a} for input with ${x.rank} dimensions.`,
            `${name}: 축 ${a}은(는) ${x.rank}차원 입력에 쓸 수 없습니다.`,
          ));
        }
      }
      return [{ shape: reducedShape(x.shape, axis, keepdims), dtype: outDType ? outDType(x.dtype) : x.dtype }];
    },
    grad,
    nonDifferentiable,
  });
}

const NUMERIC = "fiuc", REAL = "fiu";
const NUMERIC_WHAT = "numeric types", REAL_WHAT = "real numeric types (no bool, complex or string)";

reduceDef("Sum", NUMERIC, NUMERIC_WHAT, (dys, [x], _o, { axis, keepdims }: ReduceAttrs) => [expandReduced(dys[0]!, x, axis, keepdims)]);
reduceDef("Mean", NUMERIC, NUMERIC_WHAT, (dys, [x], _o, { axis, keepdims }: ReduceAttrs) => {
  const g = expandReduced(dys[0]!, x, axis, keepdims);
  return [div(g, reducedCount(x, axis, g))];
});

/** TF's _MinOrMaxGrad: the gradient is shared equally among the elements equal to the extreme. */
const minMaxGrad: GradFn = (dys, [x], [y], { axis, keepdims }: ReduceAttrs) => {
  const dy = dys[0]!;
  const yk = toKeepDims(y, x, axis, keepdims);
  const ind = cast(equal(yk, x), dy.dtype);
  const num = runOp("Sum", [ind], { axis, keepdims: true })[0];
  return [multiply(divide(ind, num), toKeepDims(dy, x, axis, keepdims))];
};
reduceDef("Max", REAL, REAL_WHAT, minMaxGrad);
reduceDef("Min", REAL, REAL_WHAT, minMaxGrad);

/**
 * d prod(x) / d x_i = prod of the others. Exact with zeros: no zero -> prod/x_i; one zero -> the
 * product of the non-zeros at the zero, 0 elsewhere; two or more zeros -> 0 everywhere.
 */
reduceDef("Prod", NUMERIC, NUMERIC_WHAT, (dys, [x], _o, { axis, keepdims }: ReduceAttrs) => {
  const dy = toKeepDims(dys[0]!, x, axis, keepdims);
  const zero = zerosLike(x), one = onesLike(x);
  const nz = not_equal(x, zero);
  const safe = where(nz, x, one);
  const p = runOp("Prod", [safe], { axis, keepdims: true })[0];
  const zc = runOp("Sum", [cast(equal(x, zero), x.dtype)], { axis, keepdims: true })[0];
  const g = where(nz,
    where(equal(zc, zerosLike(zc)), div(p, safe), zero),
    where(equal(zc, onesLike(zc)), multiply(p, one), zero));
  return [multiply(g, dy)];
});
reduceDef("Any", "b", "bool", undefined, undefined, true);
reduceDef("All", "b", "bool", undefined, undefined, true);

// ---------------------------------------------------------------- public reductions
type PosArg<T> = T | ReduceOptions;

/** Parses (input_tensor, axis, keepdims, name) with TF's positional order or an options object. */
export function reduceArgs(fn: string, x: TensorLike, rest: readonly unknown[]): [Tensor, ReduceAttrs, string | undefined] {
  const o = bindArgs(fn, REDUCE_KEYS, rest) as ReduceOptions;
  const t = toTensor(x, fn);
  const axis = axisValue(fn, o.axis);
  checkAxisArg(fn, axis);
  return [t, { axis: normAxes(fn, axis, t.rank), keepdims: !!o.keepdims }, o.name];
}

/** An axis given as an eager integer tensor (TF accepts them) becomes numbers; graph tensors cannot be attrs. */
export function axisValue(fn: string, axis: unknown): any {
  if (!(axis instanceof Tensor)) return axis;
  if (axis.isSymbolic || !axis.dtype.is_integer) {
    throw new InvalidArgumentError(msg(
      `${fn}: axis must be an integer, a list of integers or an eager integer tensor, got ${axis.toString().split("\n")[0]}.`,
      `${fn}: axis는 정수, 정수 배열 또는 정수 텐서(즉시 실행)여야 하는데 ${axis.toString().split("\n")[0]}입니다.`,
    ));
  }
  const v = Array.from(axis.dataSync() as ArrayLike<number>);
  return axis.rank === 0 ? v[0] : v;
}

function checkAxisArg(fn: string, axis: unknown): void {
  if (axis == null || Number.isInteger(axis)) return;
  if (Array.isArray(axis) && axis.every((a) => Number.isInteger(a))) return;
  throw new InvalidArgumentError(msg(
    `${fn}: axis must be an integer, a list of integers or None, got ${JSON.stringify(axis)}.`,
    `${fn}: axis는 정수, 정수 배열 또는 None(null)이어야 하는데 ${JSON.stringify(axis)}입니다.`,
  ));
}

type AxisArg = PosArg<Axis>;
type KeepArg = PosArg<boolean>;
type NameArg2 = PosArg<string>;

function simpleReduce(fn: string, op: string, args: unknown[], pre?: (t: Tensor) => Tensor): Tensor {
  const [t, attrs, n] = reduceArgs(fn, args[0] as TensorLike, args.slice(1));
  return runOp(op, [pre ? pre(t) : t], attrs, n)[0];
}
const boolAsInt = (t: Tensor) => (t.dtype === bool ? cast(t, int32) : t);

/** `tf.reduce_sum(input_tensor, axis=None, keepdims=False, name=None)` (bool inputs are summed as int32). */
export function reduce_sum(input_tensor: TensorLike, axis?: AxisArg, keepdims?: KeepArg, name?: NameArg2): Tensor {
  return simpleReduce("reduce_sum", "Sum", [input_tensor, axis, keepdims, name], boolAsInt);
}
/** `tf.reduce_mean(input_tensor, axis=None, keepdims=False, name=None)` (integer inputs give integer means, like TF). */
export function reduce_mean(input_tensor: TensorLike, axis?: AxisArg, keepdims?: KeepArg, name?: NameArg2): Tensor {
  return simpleReduce("reduce_mean", "Mean", [input_tensor, axis, keepdims, name]);
}
/** `tf.reduce_max(input_tensor, axis=None, keepdims=False, name=None)` (empty reductions give -inf / the dtype's lowest value, like TF). */
export function reduce_max(input_tensor: TensorLike, axis?: AxisArg, keepdims?: KeepArg, name?: NameArg2): Tensor {
  return simpleReduce("reduce_max", "Max", [input_tensor, axis, keepdims, name]);
}
/** `tf.reduce_min(input_tensor, axis=None, keepdims=False, name=None)` */
export function reduce_min(input_tensor: TensorLike, axis?: AxisArg, keepdims?: KeepArg, name?: NameArg2): Tensor {
  return simpleReduce("reduce_min", "Min", [input_tensor, axis, keepdims, name]);
}
/** `tf.reduce_prod(input_tensor, axis=None, keepdims=False, name=None)` */
export function reduce_prod(input_tensor: TensorLike, axis?: AxisArg, keepdims?: KeepArg, name?: NameArg2): Tensor {
  return simpleReduce("reduce_prod", "Prod", [input_tensor, axis, keepdims, name]);
}
/** `tf.reduce_any(input_tensor, axis=None, keepdims=False, name=None)` (bool) */
export function reduce_any(input_tensor: TensorLike, axis?: AxisArg, keepdims?: KeepArg, name?: NameArg2): Tensor {
  return simpleReduce("reduce_any", "Any", [input_tensor, axis, keepdims, name]);
}
/** `tf.reduce_all(input_tensor, axis=None, keepdims=False, name=None)` (bool) */
export function reduce_all(input_tensor: TensorLike, axis?: AxisArg, keepdims?: KeepArg, name?: NameArg2): Tensor {
  return simpleReduce("reduce_all", "All", [input_tensor, axis, keepdims, name]);
}

/**
 * `tf.reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None)`: log(sum(exp(x)))
 * computed stably as max + log(sum(exp(x - max))) (non-finite maxima are replaced by 0, like TF).
 */
export function reduce_logsumexp(input_tensor: TensorLike, axis?: AxisArg, keepdims?: KeepArg, name?: NameArg2): Tensor {
  const rest = [axis, keepdims, name];
  const [t, { axis: ax, keepdims: kd }, n] = reduceArgs("reduce_logsumexp", input_tensor, rest);
  requireKinds("reduce_logsumexp", t.dtype, "f", "floating-point types");
  const raw = runOp("Max", [t], { axis: ax, keepdims: true })[0];
  // TF stops the gradient at the shift (its contribution is zero anyway).
  const m = runOp("StopGradient", [where(is_finite(raw), raw, zerosLike(raw))], {})[0];
  const s = runOp("Sum", [exp(subtract(t, m))], { axis: ax, keepdims: true })[0];
  const r = add(log(s), m);
  return kd ? r : runOp("Reshape", [r], { shape: reducedShape(t.shape, ax, false).map((d) => d ?? -1) }, n)[0];
}

/** `tf.math.reduce_variance(input_tensor, axis=None, keepdims=False, name=None)`: mean of |x - mean|^2. */
export function reduce_variance(input_tensor: TensorLike, axis?: AxisArg, keepdims?: KeepArg, name?: NameArg2): Tensor {
  const rest = [axis, keepdims, name];
  const [t, { axis: ax, keepdims: kd }, n] = reduceArgs("reduce_variance", input_tensor, rest);
  requireKinds("reduce_variance", t.dtype, "fc", "floating-point or complex types");
  const mean = runOp("Mean", [t], { axis: ax, keepdims: true })[0];
  const d = t.dtype.kind === "c" ? square(abs(subtract(t, mean))) : square(subtract(t, mean));
  return runOp("Mean", [d], { axis: ax, keepdims: kd }, n)[0];
}
/** `tf.math.reduce_std(input_tensor, axis=None, keepdims=False, name=None)` */
export function reduce_std(input_tensor: TensorLike, axis?: AxisArg, keepdims?: KeepArg, name?: NameArg2): Tensor {
  const rest = [axis, keepdims, name];
  const [t, attrs, n] = reduceArgs("reduce_std", input_tensor, rest);
  requireKinds("reduce_std", t.dtype, "fc", "floating-point or complex types");
  return sqrt(reduce_variance(t, { axis: attrs.axis, keepdims: attrs.keepdims }), n);
}

/** `tf.math.reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None)` */
export function reduce_euclidean_norm(input_tensor: TensorLike, axis?: AxisArg, keepdims?: KeepArg, name?: NameArg2): Tensor {
  const rest = [axis, keepdims, name];
  const [t, attrs, n] = reduceArgs("reduce_euclidean_norm", input_tensor, rest);
  return sqrt(runOp("Sum", [square(t)], attrs)[0], n);
}

/** `tf.math.count_nonzero(input, axis=None, keepdims=None, dtype=tf.int64, name=None)` */
export function count_nonzero(input: TensorLike, axis?: AxisArg | CountOpts, keepdims?: boolean | null | CountOpts, dtype?: DTypeLike | CountOpts, name?: string | CountOpts): Tensor {
  const o = bindArgs("count_nonzero", ["axis", "keepdims", "dtype", "name"], [axis, keepdims, dtype, name]);
  const t = toTensor(input, "count_nonzero");
  const ax = axisValue("count_nonzero", o.axis);
  checkAxisArg("count_nonzero", ax);
  const axes = normAxes("count_nonzero", ax, t.rank);
  const dt = asDType(o.dtype ?? int64);
  const nz = t.dtype.kind === "s"
    ? runOp("NotEqual", [t, toTensor("", "count_nonzero")], {})[0]
    : not_equal(t, zerosLike(t));
  return runOp("Sum", [cast(nz, dt)], { axis: axes, keepdims: !!o.keepdims }, o.name)[0];
}
type CountOpts = { axis?: Axis; keepdims?: boolean | null; dtype?: DTypeLike; name?: string };

// ---------------------------------------------------------------- argmax / argmin
for (const name of ["ArgMax", "ArgMin"]) {
  defineOp({
    name,
    infer([x], { axis, output_type }) {
      requireKinds(name, x.dtype, REAL, REAL_WHAT);
      if (output_type !== int32 && output_type !== int64) {
        throw new InvalidArgumentError(msg(
          `${name}: output_type must be tf.int32 or tf.int64, got ${output_type}.`,
          `${name}: output_type은 tf.int32 또는 tf.int64여야 하는데 ${output_type}입니다.`,
        ));
      }
      if (x.shape[axis] === 0) {
        throw new InvalidArgumentError(msg(
          `${name}: Reduction axis ${axis} is empty in shape ${formatShape(x.shape)}; there is no ${name === "ArgMax" ? "maximum" : "minimum"} to find.`,
          `${name}: 형태 ${formatShape(x.shape)}에서 축 ${axis}의 길이가 0이라 ${name === "ArgMax" ? "최댓값" : "최솟값"}을 찾을 수 없습니다.`,
        ));
      }
      return [{ shape: reducedShape(x.shape, [axis], false), dtype: output_type }];
    },
    nonDifferentiable: true,
  });
}

function argReduce(fn: string, op: string, input: TensorLike, rest: unknown[]): Tensor {
  const o = bindArgs(fn, ["axis", "output_type", "name"], rest);
  const t = toTensor(input, fn);
  const ax = axisValue(fn, o.axis) ?? 0;
  const a = Array.isArray(ax) && ax.length === 1 ? ax[0] : ax;
  if (!Number.isInteger(a)) {
    throw new InvalidArgumentError(msg(
      `${fn}: axis must be a single integer, got ${JSON.stringify(ax)}.`,
      `${fn}: axis는 정수 하나여야 하는데 ${JSON.stringify(ax)}입니다.`,
    ));
  }
  if (t.rank === 0) {
    throw new InvalidArgumentError(msg(
      `${fn}: expected a tensor of rank >= 1, got a scalar. There is nothing to take the ${fn} over.`,
      `${fn}: 랭크 1 이상의 텐서가 필요한데 스칼라가 들어왔습니다.`,
    ));
  }
  const axis = normAxis(fn, a, t.rank);
  return runOp(op, [t], { axis, output_type: asDType(o.output_type ?? int64) }, o.name)[0];
}
/** `tf.math.argmax(input, axis=None, output_type=tf.int64, name=None)` (axis None means 0; ties give the first index). */
export function argmax(input: TensorLike, axis?: number | { axis?: number; output_type?: DTypeLike; name?: string }, output_type?: DTypeLike | { output_type?: DTypeLike; name?: string }, name?: string): Tensor {
  return argReduce("argmax", "ArgMax", input, [axis, output_type, name]);
}
/** `tf.math.argmin(input, axis=None, output_type=tf.int64, name=None)` */
export function argmin(input: TensorLike, axis?: number | { axis?: number; output_type?: DTypeLike; name?: string }, output_type?: DTypeLike | { output_type?: DTypeLike; name?: string }, name?: string): Tensor {
  return argReduce("argmin", "ArgMin", input, [axis, output_type, name]);
}

// ---------------------------------------------------------------- cumsum / cumprod
interface ScanAttrs { axis: number; exclusive: boolean; reverse: boolean }
defineOp({
  name: "Cumsum",
  infer([x]) { requireKinds("Cumsum", x.dtype, REAL, REAL_WHAT); return [{ shape: x.shape, dtype: x.dtype }]; },
  grad(dys, _x, _y, { axis, exclusive, reverse }: ScanAttrs) {
    return [runOp("Cumsum", [dys[0]!], { axis, exclusive, reverse: !reverse })[0]];
  },
});
defineOp({
  name: "Cumprod",
  infer([x]) { requireKinds("Cumprod", x.dtype, REAL, REAL_WHAT); return [{ shape: x.shape, dtype: x.dtype }]; },
  // TF's rule (exact for non-zero inputs): cumsum(dy * cumprod(x), reversed) / x.
  grad(dys, [x], [y], { axis, exclusive, reverse }: ScanAttrs) {
    const s = runOp("Cumsum", [multiply(y, dys[0]!)], { axis, exclusive, reverse: !reverse })[0];
    return [divide(s, x)];
  },
});

function scan(fn: string, op: string, x: TensorLike, rest: unknown[]): Tensor {
  const o = bindArgs(fn, ["axis", "exclusive", "reverse", "name"], rest);
  const t = toTensor(x, fn);
  const ax = axisValue(fn, o.axis) ?? 0;
  if (!Number.isInteger(ax)) {
    throw new InvalidArgumentError(msg(`${fn}: axis must be a single integer, got ${JSON.stringify(ax)}.`, `${fn}: axis는 정수 하나여야 하는데 ${JSON.stringify(ax)}입니다.`));
  }
  if (t.rank === 0) {
    throw new InvalidArgumentError(msg(`${fn}: input must be at least rank 1, got a scalar.`, `${fn}: 입력은 랭크 1 이상이어야 하는데 스칼라입니다.`));
  }
  return runOp(op, [t], { axis: normAxis(fn, ax, t.rank), exclusive: !!o.exclusive, reverse: !!o.reverse }, o.name)[0];
}
type ScanOpts = { axis?: number; exclusive?: boolean; reverse?: boolean; name?: string };
/** `tf.math.cumsum(x, axis=0, exclusive=False, reverse=False, name=None)` */
export function cumsum(x: TensorLike, axis?: number | ScanOpts, exclusive?: boolean | ScanOpts, reverse?: boolean | ScanOpts, name?: string | ScanOpts): Tensor {
  return scan("cumsum", "Cumsum", x, [axis, exclusive, reverse, name]);
}
/** `tf.math.cumprod(x, axis=0, exclusive=False, reverse=False, name=None)` */
export function cumprod(x: TensorLike, axis?: number | ScanOpts, exclusive?: boolean | ScanOpts, reverse?: boolean | ScanOpts, name?: string | ScanOpts): Tensor {
  return scan("cumprod", "Cumprod", x, [axis, exclusive, reverse, name]);
}

// ---------------------------------------------------------------- top_k
defineOp({
  name: "TopKV2",
  infer([x], { k, index_type }) {
    requireKinds("TopKV2", x.dtype, REAL, REAL_WHAT);
    if (x.rank < 1) {
      throw new InvalidArgumentError(msg(`TopKV2: input must be at least rank 1, got a scalar.`, `TopKV2: 입력은 랭크 1 이상이어야 하는데 스칼라입니다.`));
    }
    const last = x.shape[x.rank - 1];
    if (last !== null && last < k) {
      throw new InvalidArgumentError(msg(
        `TopKV2: input must have at least k=${k} columns, had ${last} (input shape ${formatShape(x.shape)}). Use a smaller k.`,
        `TopKV2: 마지막 차원의 길이(${last})가 k=${k}보다 작습니다 (입력 형태 ${formatShape(x.shape)}). k를 줄이세요.`,
      ));
    }
    const s = [...x.shape.slice(0, -1), k];
    return [{ shape: s, dtype: x.dtype }, { shape: s, dtype: index_type ?? int32 }];
  },
  // Scatter the value gradients back to the chosen positions: one-hot(indices) [..., k, n] weighted
  // by dy and summed over k. Positions come from an exclusive cumsum of ones, so an unknown last
  // dimension (graphs) works too.
  grad(dys, [x], [, idx]) {
    const dv = dys[0];
    if (!dv) return [null];
    const r = x.rank;
    const pos = runOp("Cumsum", [onesLike(x)], { axis: r - 1, exclusive: true, reverse: false })[0];
    const col = runOp("ExpandDims", [cast(idx, x.dtype)], { axis: r })[0];
    const row = runOp("ExpandDims", [pos], { axis: r - 1 })[0];
    const hot = cast(equal(col, row), dv.dtype);
    const w = runOp("ExpandDims", [dv], { axis: r })[0];
    return [runOp("Sum", [multiply(hot, w)], { axis: [r - 1], keepdims: false })[0]];
  },
});

export type TopKResult = [Tensor, Tensor] & { values: Tensor; indices: Tensor };
/**
 * `tf.math.top_k(input, k=1, sorted=True, name=None)` -> `[values, indices]` along the last axis
 * (indices int32; equal values keep their order). The result also has `.values` and `.indices`.
 */
export function top_k(
  input: TensorLike, k?: number | TopKOpts, sorted?: boolean | TopKOpts, index_type?: DTypeLike | TopKOpts, name?: string | TopKOpts,
): TopKResult {
  const o = bindArgs("top_k", ["k", "sorted", "index_type", "name"], [k, sorted, index_type, name]);
  const t = toTensor(input, "top_k");
  const kk = o.k ?? 1;
  if (!Number.isInteger(kk) || kk < 0) {
    throw new InvalidArgumentError(msg(`top_k: k must be a non-negative integer, got ${JSON.stringify(kk)}.`, `top_k: k는 0 이상의 정수여야 하는데 ${JSON.stringify(kk)}입니다.`));
  }
  const it = asDType(o.index_type ?? int32);
  if (it !== int32 && it !== int64) {
    throw new InvalidArgumentError(msg(`top_k: index_type must be tf.int32 or tf.int64, got ${it.name}.`, `top_k: index_type은 tf.int32 또는 tf.int64여야 하는데 ${it.name}입니다.`));
  }
  const [v, i] = runOp("TopKV2", [t], { k: kk, sorted: o.sorted ?? true, index_type: it }, o.name);
  return Object.assign([v, i] as [Tensor, Tensor], { values: v, indices: i });
}
type TopKOpts = { k?: number; sorted?: boolean; index_type?: DTypeLike; name?: string };

// ---------------------------------------------------------------- add_n
defineOp({
  name: "AddN",
  infer(inputs) {
    const a = inputs[0];
    requireKinds("AddN", a.dtype, NUMERIC, NUMERIC_WHAT);
    for (let i = 1; i < inputs.length; i++) {
      const b = inputs[i];
      if (b.dtype !== a.dtype) throw dtypeMismatch("AddN", i, a.dtype, b.dtype);
      const ok = b.rank === a.rank && b.shape.every((d, j) => d === null || a.shape[j] === null || d === a.shape[j]);
      if (!ok) {
        throw new InvalidArgumentError(msg(
          `AddN: Inputs to operation AddN must have the same size and shape. Input 0: ${formatShape(a.shape)} != input ${i}: ${formatShape(b.shape)}. tf.add_n does not broadcast; use tf.add for broadcasting.`,
          `AddN: 모든 입력의 형태가 같아야 합니다. 입력 0: ${formatShape(a.shape)}, 입력 ${i}: ${formatShape(b.shape)}. tf.add_n은 브로드캐스트하지 않습니다. 브로드캐스트가 필요하면 tf.add를 쓰세요.`,
        ));
      }
    }
    const shape = a.shape.map((d, j) => d ?? inputs.find((t) => t.shape[j] !== null)?.shape[j] ?? null) as number[];
    return [{ shape, dtype: a.dtype }];
  },
  grad(dys, inputs) { return inputs.map(() => dys[0]); },
});

/** `tf.math.add_n(inputs, name=None)`: elementwise sum of a list of same-shaped tensors. */
export function add_n(inputs: TensorLike[], name?: string | { name?: string }): Tensor {
  const o = bindArgs("add_n", ["name"], [name]);
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new InvalidArgumentError(msg(
      "add_n: inputs must be a non-empty list of tensors.",
      "add_n: inputs는 텐서가 하나 이상 든 배열이어야 합니다.",
    ));
  }
  const first = inputs.find((x) => x instanceof Tensor) as Tensor | undefined;
  const ts = inputs.map((x) => toTensor(x, "add_n", first?.dtype ?? null));
  if (ts.length === 1) return ts[0];
  return runOp("AddN", ts, {}, o.name)[0];
}

void float32;
