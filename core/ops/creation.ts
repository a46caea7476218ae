/** Tensor creation: Const, fill, zeros, ones, *_like, eye, range, linspace, one_hot. */
import { Tensor } from "../tensor/tensor";
import { DType, DTypeLike, asDType, allocArray, float32, int32, int64, uint8 } from "../tensor/dtypes";
import { NDArray } from "../tensor/ndarray";
import { defineOp, runOp, outsideGraphs } from "../engine/engine";
import { TensorLike, toTensor, constant } from "./convert";
import { bindArgs, intList, broadcast_to } from "./array";
import { InvalidArgumentError, msg, checkOptions } from "../errors";
import { formatShape, broadcastShapes } from "../tensor/shape";
import { NameArg, nameOf, add, multiply, subtract, divide } from "./math";

defineOp({
  name: "Const",
  infer(_i, { shape, dtype }) { return [{ shape, dtype }]; },
});

function checkShape(op: string, shape: unknown): number[] {
  if (shape instanceof Tensor) shape = Array.from(shape.dataSync() as Int32Array);
  if (typeof shape === "number") shape = [shape];
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new InvalidArgumentError(msg(
      `${op}: shape must be a list of non-negative integers, got ${JSON.stringify(shape)}.`,
      `${op}: shape는 0 이상의 정수 배열이어야 하는데 ${JSON.stringify(shape)}입니다.`,
    ));
  }
  return shape as number[];
}

defineOp({
  name: "Fill",
  infer(_i, { shape, dtype }) { return [{ shape, dtype }]; },
});

function fillOp(op: string, shape: unknown, value: number | boolean | string, dtype: DType, name?: string): Tensor {
  return runOp("Fill", [], { shape: checkShape(op, shape), value, dtype }, name ?? op)[0];
}

type DTypeOrOpts = DTypeLike | { dtype?: DTypeLike; name?: string };
function dtypeAndName(fn: string, d: DTypeOrOpts | undefined, name: NameArg, fallback: DType): [DType, string | undefined] {
  if (d != null && typeof d === "object" && !(d instanceof DType)) {
    checkOptions(fn, d, ["dtype", "name"]);
    return [asDType(d.dtype ?? null, fallback), d.name];
  }
  return [asDType(d ?? null, fallback), nameOf(name)];
}

/** `tf.zeros(shape, dtype=tf.float32, name=None)` */
export function zeros(shape: number[] | number | Tensor, dtype?: DTypeOrOpts, name?: NameArg): Tensor {
  const [d, n] = dtypeAndName("zeros", dtype, name, float32);
  return fillOp("zeros", shape, d.kind === "s" ? "" : 0, d, n);
}
/** `tf.ones(shape, dtype=tf.float32, name=None)` */
export function ones(shape: number[] | number | Tensor, dtype?: DTypeOrOpts, name?: NameArg): Tensor {
  const [d, n] = dtypeAndName("ones", dtype, name, float32);
  return fillOp("ones", shape, 1, d, n);
}
/** `tf.fill(dims, value, name=None)`: dtype from the value (JS numbers -> float32; pass a typed tensor for others). */
export function fill(dims: number[] | Tensor, value: TensorLike, name?: NameArg): Tensor {
  // The value is read on the host, so a JS scalar becomes an eager tensor even while a graph is
  // built (toTensor would make a graph Const there); a graph tensor value is broadcast with ops.
  const v = value instanceof Tensor ? value : outsideGraphs(() => toTensor(value, "fill"));
  if (v.rank !== 0) {
    throw new InvalidArgumentError(msg(`fill: value must be a scalar, got shape ${formatShape(v.shape)}.`, `fill: value는 스칼라여야 하는데 형태가 ${formatShape(v.shape)}입니다.`));
  }
  if (v._source) return broadcast_to(v, Array.isArray(dims) ? dims : checkShape("fill", dims) as number[], name);
  const item = v.numpy().item();
  return fillOp("fill", dims, typeof item === "boolean" ? (item ? 1 : 0) : item, v.dtype, nameOf(name));
}
/** `tf.zeros_like(input, dtype=None, name=None)` */
export function zeros_like(input: TensorLike, dtype?: DTypeOrOpts, name?: NameArg): Tensor {
  const t = toTensor(input, "zeros_like");
  const [d, n] = dtypeAndName("zeros_like", dtype, name, t.dtype);
  if (d === t.dtype && t.shape.every((x) => x !== null)) return runOp("ZerosLike", [t], {}, n)[0];
  return fillOp("zeros_like", t.shape, 0, d, n);
}
/** `tf.ones_like(input, dtype=None, name=None)` */
export function ones_like(input: TensorLike, dtype?: DTypeOrOpts, name?: NameArg): Tensor {
  const t = toTensor(input, "ones_like");
  const [d, n] = dtypeAndName("ones_like", dtype, name, t.dtype);
  if (d === t.dtype) return runOp("OnesLike", [t], {}, n)[0];
  return fillOp("ones_like", t.shape, 1, d, n);
}
export { int32 };

// ---------------------------------------------------------------- eye, range, linspace, one_hot


function nonNegInt(fn: string, what: string, v: unknown): number {
  if (v instanceof Tensor && !v.isSymbolic && v.rank === 0) v = Number(v.numpy().item());
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
    throw new InvalidArgumentError(msg(`${fn}: ${what} must be a non-negative integer, got ${String(v)}.`, `${fn}: ${what}은(는) 0 이상의 정수여야 하는데 ${String(v)}입니다.`));
  }
  return v;
}

/**
 * `tf.eye(num_rows, num_columns=None, batch_shape=None, dtype=tf.float32, name=None)`: identity
 * matrices (ones on the main diagonal), optionally batched to `batch_shape + [rows, cols]`.
 */
export interface EyeOptions { num_columns?: number | null; batch_shape?: number[] | null; dtype?: DTypeLike | null; name?: string }
export function eye(num_rows: number, num_columns?: number | null | EyeOptions, batch_shape?: number[] | null | EyeOptions, dtype?: DTypeLike | null | EyeOptions, name?: string | EyeOptions): Tensor {
  const o = bindArgs("eye", ["num_rows", "num_columns", "batch_shape", "dtype", "name"], [num_rows, num_columns, batch_shape, dtype, name]);
  const rows = nonNegInt("eye", "num_rows", o.num_rows);
  const cols = o.num_columns == null ? rows : nonNegInt("eye", "num_columns", o.num_columns);
  const batch = o.batch_shape == null ? [] : intList("eye", "batch_shape", o.batch_shape);
  if (batch.some((d) => d < 0)) throw new InvalidArgumentError(msg(`eye: batch_shape must be non-negative, got ${formatShape(batch)}.`, `eye: batch_shape는 0 이상이어야 하는데 ${formatShape(batch)}입니다.`));
  const d = asDType(o.dtype ?? float32);
  const nb = batch.reduce((a: number, b: number) => a * b, 1), m = Math.min(rows, cols);
  const data = allocArray(d, nb * rows * cols) as Float32Array;
  const w = d.kind === "c" ? 2 : 1;
  for (let b = 0; b < nb; b++) for (let i = 0; i < m; i++) data[(b * rows * cols + i * cols + i) * w] = 1;
  return constant(new NDArray(data, [...batch, rows, cols], d), null, null, o.name ?? "eye");
}

const RANGE_ORDER = ["uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"];
/** Range's element count, with TF's errors for impossible ranges. */
export function rangeSize(start: number, limit: number, delta: number, integral: boolean): number {
  if (delta === 0) throw new InvalidArgumentError(msg(`Range: Requires delta != 0: ${delta}`, `Range: delta는 0이 아니어야 합니다: ${delta}`));
  if (delta > 0 && start > limit) {
    throw new InvalidArgumentError(msg(`Range: Requires start <= limit when delta > 0: ${start}/${limit}`, `Range: delta > 0이면 start <= limit이어야 합니다: ${start}/${limit}`));
  }
  if (delta < 0 && start < limit) {
    throw new InvalidArgumentError(msg(`Range: Requires start >= limit when delta < 0: ${start}/${limit}`, `Range: delta < 0이면 start >= limit이어야 합니다: ${start}/${limit}`));
  }
  return integral ? Math.ceil(Math.abs(limit - start) / Math.abs(delta)) : Math.ceil(Math.abs((limit - start) / delta));
}
defineOp({
  name: "Range",
  infer(_i, { start, limit, delta, dtype }) {
    if (!"fiu".includes(dtype.kind)) {
      throw new InvalidArgumentError(msg(`Range: dtype must be a real number type, got ${dtype.name}.`, `Range: dtype은 실수나 정수형이어야 하는데 ${dtype.name}입니다.`));
    }
    return [{ shape: [rangeSize(start, limit, delta, dtype.kind !== "f")], dtype }];
  },
});
/**
 * `tf.range(start, limit=None, delta=1, dtype=None, name='range')`; `tf.range(n)` is [0, n).
 * dtype: the dtype of a tensor argument if any, else float32. (TF makes Python ints int32; JS
 * cannot tell 3 from 3.0, so pass `tf.int32` — `tf.range(5, { dtype: tf.int32 })` — for indices.)
 */
export interface RangeOptions { limit?: TensorLike | null; delta?: TensorLike; dtype?: DTypeLike | null; name?: string }
export function range(start: TensorLike, limit?: TensorLike | null | RangeOptions, delta?: TensorLike | RangeOptions, dtype?: DTypeLike | null | RangeOptions, name?: string | RangeOptions): Tensor {
  const o = bindArgs("range", ["start", "limit", "delta", "dtype", "name"], [start, limit, delta, dtype, name]);
  let [s, l, dl] = o.limit == null ? [0, o.start, o.delta ?? 1] : [o.start, o.limit, o.delta ?? 1];
  let d: DType | null = o.dtype != null ? asDType(o.dtype) : null;
  const num = (v: unknown, what: string): number => {
    if (v instanceof Tensor) {
      if (v.isSymbolic || v.rank !== 0) {
        throw new InvalidArgumentError(msg(`range: ${what} must be a scalar known when the op is built, got ${v.toString().split("\n")[0]}.`, `range: ${what}은(는) 스칼라여야 합니다.`));
      }
      return Number(v.numpy().item());
    }
    if (typeof v !== "number") throw new InvalidArgumentError(msg(`range: ${what} must be a number, got ${String(v)}.`, `range: ${what}은(는) 숫자여야 하는데 ${String(v)}입니다.`));
    return v;
  };
  if (!d) {
    const ts = [s, l, dl].filter((v): v is Tensor => v instanceof Tensor).map((t) => t.dtype);
    d = ts.length ? ts.reduce((a, b) => (RANGE_ORDER.indexOf(b.name) > RANGE_ORDER.indexOf(a.name) ? b : a)) : float32;
  }
  [s, l, dl] = [num(s, "start"), num(l, "limit"), num(dl, "delta")];
  if (d.kind !== "f") [s, l, dl] = [Math.trunc(s), Math.trunc(l), Math.trunc(dl)];
  return runOp("Range", [], { start: s, limit: l, delta: dl, dtype: d }, o.name ?? "range")[0];
}

defineOp({
  name: "LinSpace",
  infer(_i, { num, dtype }) { return [{ shape: [num], dtype }]; },
});
/**
 * `tf.linspace(start, stop, num, name=None, axis=0)` (TF's argument order: name before axis):
 * `num` evenly spaced values from start to stop inclusive. Tensor start/stop (same shape, or
 * broadcastable) give a batch of sequences along `axis`; that form is differentiable.
 */
export interface LinspaceOptions { num?: number | Tensor; name?: string; axis?: number }
export function linspace(start: TensorLike, stop: TensorLike, num: number | Tensor | LinspaceOptions, name?: string | null | LinspaceOptions, axis?: number | LinspaceOptions): Tensor {
  const o = bindArgs("linspace", ["start", "stop", "num", "name", "axis"], [start, stop, num, name, axis], 2);
  const n = nonNegInt("linspace", "num", o.num);
  const st = toTensor(start, "linspace", stop instanceof Tensor ? stop.dtype : null);
  const sp = toTensor(stop, "linspace", st.dtype);
  if (st.dtype !== sp.dtype) {
    throw new InvalidArgumentError(msg(`linspace: start and stop must have the same dtype, got ${st.dtype.name} and ${sp.dtype.name}.`, `linspace: start와 stop의 자료형이 같아야 하는데 ${st.dtype.name}, ${sp.dtype.name}입니다.`));
  }
  if (st.dtype.kind !== "f") {
    throw new InvalidArgumentError(msg(
      `linspace: start and stop must be floating point, got ${st.dtype.name}. Cast them first, e.g. tf.cast(x, tf.float32).`,
      `linspace: start와 stop은 실수형이어야 하는데 ${st.dtype.name}입니다. 먼저 tf.cast(x, tf.float32)처럼 바꾸세요.`,
    ));
  }
  const ax0 = o.axis ?? 0;
  if (st.rank === 0 && sp.rank === 0 && !st.isSymbolic && !sp.isSymbolic && !(start instanceof Tensor) && !(stop instanceof Tensor)) {
    if (ax0 !== 0 && ax0 !== -1) throw new InvalidArgumentError(msg(`linspace: axis ${ax0} is out of range for scalar start/stop; valid values are in [-1, 0].`, `linspace: 스칼라 start/stop에는 축 -1이나 0만 쓸 수 있습니다 (받은 값 ${ax0}).`));
    return runOp("LinSpace", [], { start: Number(st.numpy().item()), stop: Number(sp.numpy().item()), num: n, dtype: st.dtype }, o.name)[0];
  }
  // Batched (and differentiable) form built from ops, as TF's linspace_nd does.
  const shape = broadcastShapes("linspace", st.shape, sp.shape) as number[];
  const bStart = st.rank === shape.length && st.shape.every((d, i) => d === shape[i]) ? st : runOp("BroadcastTo", [st], { shape })[0];
  const bStop = sp.rank === shape.length && sp.shape.every((d, i) => d === shape[i]) ? sp : runOp("BroadcastTo", [sp], { shape })[0];
  const r = shape.length + 1;
  if (!Number.isInteger(ax0) || ax0 < -r || ax0 >= r) {
    throw new InvalidArgumentError(msg(`linspace: axis ${ax0} is out of range; valid values are in [${-r}, ${r - 1}].`, `linspace: 축 ${ax0}이(가) 범위를 벗어났습니다. 가능한 값: [${-r}, ${r - 1}].`));
  }
  const ax = ax0 < 0 ? ax0 + r : ax0;
  const eStart = runOp("ExpandDims", [bStart], { axis: ax })[0];
  const eStop = runOp("ExpandDims", [bStop], { axis: ax })[0];
  if (n === 0) {
    const s = [...shape]; s.splice(ax, 0, 0);
    return runOp("Fill", [], { shape: s, value: 0, dtype: st.dtype }, o.name)[0];
  }
  if (n === 1) return runOp("Identity", [eStart], {}, o.name)[0];
  const step = divide(subtract(eStop, eStart), toTensor(n - 1, "linspace", st.dtype));
  const iShape = new Array<number>(r).fill(1); iShape[ax] = n - 2;
  const parts = [eStart];
  if (n > 2) {
    const iota = runOp("Reshape", [runOp("Range", [], { start: 1, limit: n - 1, delta: 1, dtype: st.dtype })[0]], { shape: iShape })[0];
    parts.push(add(eStart, multiply(iota, step)));
  }
  parts.push(eStop);
  return runOp("ConcatV2", parts, { axis: ax }, o.name)[0];
}

defineOp({
  name: "OneHot",
  infer([idx], { depth, axis, dtype }) {
    if (idx.dtype !== int32 && idx.dtype !== int64 && idx.dtype !== uint8) {
      throw new InvalidArgumentError(msg(
        `OneHot: indices must be uint8, int32 or int64, got ${idx.dtype.name}. Cast them first: tf.cast(indices, tf.int32).`,
        `OneHot: indices는 uint8, int32, int64여야 하는데 ${idx.dtype.name}입니다. 먼저 tf.cast(indices, tf.int32)로 바꾸세요.`,
      ));
    }
    if (!Number.isInteger(depth) || depth < 0) {
      throw new InvalidArgumentError(msg(`OneHot: depth must be non-negative, got: ${depth}`, `OneHot: depth는 0 이상이어야 하는데 ${depth}입니다.`));
    }
    const r = idx.rank;
    if (axis !== -1 && (axis < 0 || axis > r)) {
      throw new InvalidArgumentError(msg(
        `OneHot: Expected axis to be -1 or between [0, ${r}].  But received: ${axis}`,
        `OneHot: axis는 -1이거나 [0, ${r}] 안이어야 하는데 ${axis}입니다.`,
      ));
    }
    const s = [...idx.shape];
    s.splice(axis === -1 ? r : axis, 0, depth);
    return [{ shape: s, dtype }];
  },
  grad: () => [null],
});
/**
 * `tf.one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None)`:
 * JS number arrays are taken as int32 indices; out-of-range indices give an all-`off_value` row.
 */
export interface OneHotOptions { depth?: number; on_value?: TensorLike | null; off_value?: TensorLike | null; axis?: number | null; dtype?: DTypeLike | null; name?: string }
export function one_hot(indices: TensorLike, depth: number | OneHotOptions, on_value?: TensorLike | null | OneHotOptions, off_value?: TensorLike | null | OneHotOptions, axis?: number | null | OneHotOptions, dtype?: DTypeLike | null | OneHotOptions, name?: string | OneHotOptions): Tensor {
  const o = bindArgs("one_hot", ["indices", "depth", "on_value", "off_value", "axis", "dtype", "name"], [indices, depth, on_value, off_value, axis, dtype, name]);
  const idx = toTensor(indices, "one_hot", int32);
  const dep = nonNegInt("one_hot", "depth", o.depth);
  const given = [o.on_value, o.off_value].filter((v): v is Tensor => v instanceof Tensor);
  let d = o.dtype != null ? asDType(o.dtype) : given.length ? given[0].dtype : float32;
  for (const t of given) {
    if (t.dtype !== d) {
      throw new InvalidArgumentError(msg(
        `one_hot: dtype ${t.dtype.name} of on_value/off_value does not match dtype parameter ${d.name}.`,
        `one_hot: on_value/off_value의 자료형 ${t.dtype.name}이(가) dtype 인자 ${d.name}와 다릅니다.`,
      ));
    }
  }
  const val = (v: unknown, dflt: number, what: string): number => {
    if (v == null) return dflt;
    if (v instanceof Tensor) {
      if (v.rank !== 0 || v.isSymbolic) throw new InvalidArgumentError(msg(`one_hot: ${what} must be a scalar.`, `one_hot: ${what}은(는) 스칼라여야 합니다.`));
      const x = v.numpy().item();
      return typeof x === "boolean" ? (x ? 1 : 0) : Number(x);
    }
    if (typeof v === "boolean") { if (o.dtype == null && !given.length) d = asDType("bool"); return v ? 1 : 0; }
    if (typeof v !== "number") throw new InvalidArgumentError(msg(`one_hot: ${what} must be a number, got ${String(v)}.`, `one_hot: ${what}은(는) 숫자여야 합니다.`));
    return v;
  };
  const on = val(o.on_value, 1, "on_value"), off = val(o.off_value, 0, "off_value");
  const ax = o.axis == null ? -1 : o.axis;
  return runOp("OneHot", [idx], { depth: dep, on_value: on, off_value: off, axis: ax, dtype: d }, o.name)[0];
}
