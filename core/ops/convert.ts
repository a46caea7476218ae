/**
 * tf.constant / tf.convert_to_tensor, and the conversion every op applies to its inputs
 * (DESIGN rule 7: any tensor-like is accepted).
 */
import { Tensor } from "../tensor/tensor";
import { NDArray } from "../tensor/ndarray";
import { DType, DTypeLike, asDType, allocArray, float32, float64, int32, uint8, bool, string as stringDType, int16, int8, DataArray } from "../tensor/dtypes";
import { sizeOf, formatShape } from "../tensor/shape";
import { makeTensor, buildingGraph, dtypeMismatch, runOp } from "../engine/engine";
import { InvalidArgumentError, msg, checkOptions } from "../errors";

/** Anything that can become a tensor. */
export type TensorLike = Tensor | NDArray | number | boolean | string | TypedArrayLike | NestedLike | TensorConvertible;
export type TypedArrayLike = Float32Array | Float64Array | Int32Array | Uint8Array | Int16Array | Int8Array;
export interface NestedLike extends ReadonlyArray<number | boolean | string | NestedLike | TypedArrayLike | Tensor | NDArray> {}
/** Objects (tf.Variable) that read as a tensor. */
export interface TensorConvertible {
  _asTensor(): Tensor;
}

export function isTensorConvertible(x: unknown): x is TensorConvertible {
  return typeof x === "object" && x !== null && typeof (x as TensorConvertible)._asTensor === "function";
}

function typedArrayDType(a: ArrayBufferView): DType | null {
  if (a instanceof Float32Array) return float32;
  if (a instanceof Float64Array) return float64;
  if (a instanceof Int32Array) return int32;
  if (a instanceof Uint8Array) return uint8;
  if (a instanceof Int16Array) return int16;
  if (a instanceof Int8Array) return int8;
  return null;
}

/** Infers shape and flattens nested arrays; rejects ragged input with a teaching error. */
function flatten(value: unknown, op: string): { shape: number[]; flat: unknown[]; kind: "number" | "boolean" | "string"; hint: DType | null } {
  const shape: number[] = [];
  let v: unknown = value;
  while (Array.isArray(v) || ArrayBuffer.isView(v) || v instanceof NDArray || v instanceof Tensor) {
    if (v instanceof NDArray || v instanceof Tensor) { shape.push(...v.shape); break; }
    const arr = v as ArrayLike<unknown>;
    shape.push(arr.length);
    if (arr.length === 0) break;
    v = arr[0];
  }
  const flat: unknown[] = [];
  let hint: DType | null = null;
  const rec = (x: unknown, dim: number, path: string): void => {
    if (x instanceof NDArray || x instanceof Tensor) {
      const nd = x instanceof Tensor ? x.numpy() : x;
      const want = shape.slice(dim);
      if (formatShape(nd.shape) !== formatShape(want)) ragged(path, want, nd.shape);
      hint = hint ?? nd.dtype;
      for (let i = 0; i < nd.size; i++) flat.push(nd.at(i));
      return;
    }
    if (dim === shape.length) {
      if (Array.isArray(x) || ArrayBuffer.isView(x)) ragged(path, [], [(x as ArrayLike<unknown>).length]);
      flat.push(x);
      return;
    }
    if (!(Array.isArray(x) || ArrayBuffer.isView(x)) || (x as ArrayLike<unknown>).length !== shape[dim]) {
      ragged(path, shape.slice(dim), Array.isArray(x) || ArrayBuffer.isView(x) ? [(x as ArrayLike<unknown>).length] : []);
    }
    if (ArrayBuffer.isView(x) && dim === shape.length - 1) {
      hint = hint ?? typedArrayDType(x);
      const a = x as unknown as ArrayLike<number>;
      for (let i = 0; i < a.length; i++) flat.push(a[i]);
      return;
    }
    const a = x as ArrayLike<unknown>;
    for (let i = 0; i < a.length; i++) rec(a[i], dim + 1, `${path}[${i}]`);
  };
  const ragged = (path: string, want: number[], got: number[]): never => {
    throw new InvalidArgumentError(msg(
      `${op}: the nested array is not rectangular at value${path}: expected shape ${formatShape(want)} there, found ${got.length ? `an array of length ${got[0]}` : "a scalar"}. ` +
      `Every row must have the same length (tensors cannot be ragged).`,
      `${op}: 중첩 배열이 직사각형이 아닙니다 (value${path}): 이 위치에는 형태 ${formatShape(want)}가 와야 하는데 ${got.length ? `길이 ${got[0]}인 배열` : "스칼라"}가 있습니다. ` +
      `모든 행의 길이가 같아야 합니다.`,
    ));
  };
  rec(value, 0, "");
  let kind: "number" | "boolean" | "string" = "number";
  if (flat.length) {
    const t = typeof flat[0];
    if (t === "boolean") kind = "boolean";
    else if (t === "string") kind = "string";
    else if (Array.isArray(flat[0])) kind = "number"; // complex pairs from complex NDArrays
    for (const x of flat) {
      const tx = Array.isArray(x) ? "number" : typeof x;
      if (tx !== (kind === "number" ? "number" : kind) && !(tx === "bigint")) {
        throw new InvalidArgumentError(msg(
          `${op}: cannot mix ${kind} and ${tx} values in one tensor.`,
          `${op}: 한 텐서에 ${kind} 값과 ${tx} 값을 섞을 수 없습니다.`,
        ));
      }
    }
  }
  return { shape, flat, kind, hint };
}

/** Host values of `value` in `dtype` (cast with TF's rules), with its shape. */
export function toHost(value: unknown, dtype: DType | null, op = "convert_to_tensor"): { data: DataArray; shape: number[]; dtype: DType } {
  if (value instanceof NDArray) {
    const d = dtype ?? value.dtype;
    if (d === value.dtype) return { data: copyArray(value.data), shape: [...value.shape], dtype: d };
    return { data: castArray(value.data, value.dtype, d), shape: [...value.shape], dtype: d };
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const src = typedArrayDType(value);
    const d = dtype ?? src ?? float32;
    const arr = value as unknown as DataArray;
    return { data: src === d ? copyArray(arr) : castArray(arr, src ?? float64, d), shape: [arr.length], dtype: d };
  }
  const { shape, flat, kind, hint } = flatten(value, op);
  const d = dtype ?? (kind === "boolean" ? bool : kind === "string" ? stringDType : hint ?? float32);
  if (d.kind === "s") {
    if (kind !== "string" && flat.length) throw new InvalidArgumentError(`${op}: cannot convert ${kind} values to a string tensor`);
    return { data: flat as string[], shape, dtype: d };
  }
  if (kind === "string" && flat.length) {
    throw new InvalidArgumentError(msg(`${op}: cannot convert string values to ${d.name}; use dtype tf.string.`, `${op}: 문자열 값을 ${d.name}(으)로 변환할 수 없습니다. dtype tf.string을 쓰세요.`));
  }
  const n = flat.length;
  const out = allocArray(d, n) as Float32Array;
  if (d.kind === "c") {
    for (let i = 0; i < n; i++) {
      const x = flat[i] as number | [number, number];
      if (Array.isArray(x)) { out[2 * i] = x[0]; out[2 * i + 1] = x[1]; } else out[2 * i] = Number(x);
    }
  } else if (d.kind === "b") {
    for (let i = 0; i < n; i++) out[i] = flat[i] ? 1 : 0;
  } else if (d.kind === "f") {
    for (let i = 0; i < n; i++) out[i] = Number(flat[i]);
  } else {
    // TF refuses lossy conversion of non-integral Python floats to int tensors in constant(); we truncate like a cast.
    for (let i = 0; i < n; i++) out[i] = Math.trunc(Number(flat[i]));
  }
  return { data: out, shape, dtype: d };
}

function copyArray(a: DataArray): DataArray {
  return Array.isArray(a) ? a.slice() : (a as Float32Array).slice();
}

/** Element cast between storages with TF's semantics (float->int truncates, ->bool is x != 0). */
export function castArray(src: DataArray, from: DType, to: DType): DataArray {
  if (from === to) return copyArray(src);
  const fromC = from.kind === "c";
  const n = fromC ? src.length / 2 : src.length;
  const out = allocArray(to, n) as Float32Array;
  // Real -> float: a typed-array set converts element by element in C++ (the same rounding as a
  // store; a dropout mask's bool -> float32 is 4x faster than the loop below).
  if (!fromC && to.kind === "f" && ArrayBuffer.isView(src)) { out.set(src as Float32Array); return out; }
  const s = src as Float32Array;
  if (to.kind === "c") {
    for (let i = 0; i < n; i++) { out[2 * i] = fromC ? s[2 * i] : s[i]; out[2 * i + 1] = fromC ? s[2 * i + 1] : 0; }
  } else if (to.kind === "b") {
    for (let i = 0; i < n; i++) out[i] = (fromC ? s[2 * i] !== 0 || s[2 * i + 1] !== 0 : s[i] !== 0) ? 1 : 0;
  } else if (to.kind === "f" || to.name === "int32" || to.name === "uint8" || to.name === "int16" || to.name === "int8") {
    // Typed-array stores do C's conversion: truncation toward zero (ints wrap modulo 2^n, like TF on x86).
    const step = fromC ? 2 : 1;
    for (let i = 0; i < n; i++) {
      const v = s[i * step];
      out[i] = to.kind === "f" ? v : Number.isFinite(v) ? Math.trunc(v) : to.name === "int32" ? (Number.isNaN(v) ? -2147483648 : v > 0 ? 2147483647 : -2147483648) : 0;
    }
  } else {
    const step = fromC ? 2 : 1;
    for (let i = 0; i < n; i++) out[i] = Math.trunc(s[i * step]);
  }
  return out;
}

const CONSTANT_KEYS = ["dtype", "shape", "name"] as const;

/**
 * `tf.constant(value, dtype=None, shape=None, name='Const')`. JS numbers default to float32
 * (JS cannot tell `1` from `1.0`); pass `tf.int32` for integer tensors.
 */
export function constant(
  value: TensorLike,
  dtype?: DTypeLike | { dtype?: DTypeLike; shape?: number[]; name?: string } | null,
  shape?: number[] | null,
  name?: string,
): Tensor {
  let opts: { dtype?: DTypeLike | null; shape?: number[] | null; name?: string } = {};
  if (dtype != null && typeof dtype === "object" && !(dtype instanceof DType)) {
    checkOptions("constant", dtype, CONSTANT_KEYS);
    opts = dtype;
  } else opts = { dtype: dtype as DTypeLike, shape, name };
  const d = opts.dtype != null ? asDType(opts.dtype) : null;
  let host: { data: DataArray; shape: number[]; dtype: DType };
  if (value instanceof Tensor && !value._source) host = toHost(value.numpy(), d, "constant");
  else if (isTensorConvertible(value)) host = toHost(value._asTensor().numpy(), d, "constant");
  else host = toHost(value, d, "constant");
  if (opts.shape != null) {
    const want = sizeOf(opts.shape);
    const n = sizeOf(host.shape);
    if (n === 1 && want !== 1) {
      const full = allocArray(host.dtype, want) as Float32Array;
      const src = host.data as Float32Array;
      if (host.dtype.kind === "c") for (let i = 0; i < want; i++) { full[2 * i] = src[0]; full[2 * i + 1] = src[1]; }
      else (full as unknown as { fill(v: unknown): void }).fill((host.data as unknown as unknown[])[0]);
      host = { ...host, data: full as DataArray, shape: opts.shape };
    } else if (n === want) host = { ...host, shape: opts.shape };
    else {
      throw new InvalidArgumentError(msg(
        `constant: expected ${want} values for shape ${formatShape(opts.shape)}, got ${n} (shape ${formatShape(host.shape)}). Give one value to fill the shape, or exactly ${want}.`,
        `constant: 형태 ${formatShape(opts.shape)}에는 값 ${want}개가 필요한데 ${n}개(형태 ${formatShape(host.shape)})가 주어졌습니다. 값 하나로 채우거나 정확히 ${want}개를 주세요.`,
      ));
    }
  }
  const graph = buildingGraph();
  if (graph) {
    return runOp("Const", [], { value: host.data, shape: host.shape, dtype: host.dtype }, opts.name ?? "Const")[0];
  }
  return makeTensor(host.data, host.shape, host.dtype);
}

/**
 * `tf.convert_to_tensor(value, dtype=None, dtype_hint=None, name=None)`.
 * Tensors pass through (a dtype mismatch is TF's error); other values are converted.
 */
export function convert_to_tensor(
  value: TensorLike,
  dtype?: DTypeLike | null | { dtype?: DTypeLike | null; dtype_hint?: DTypeLike | null; name?: string },
  dtype_hint?: DTypeLike | null,
  name?: string,
): Tensor {
  let d: DType | null = null, hint: DType | null = null;
  if (dtype != null && typeof dtype === "object" && !(dtype instanceof DType)) {
    checkOptions("convert_to_tensor", dtype, ["dtype", "dtype_hint", "name"]);
    d = dtype.dtype != null ? asDType(dtype.dtype) : null;
    hint = dtype.dtype_hint != null ? asDType(dtype.dtype_hint) : null;
    name = dtype.name;
  } else {
    d = dtype != null ? asDType(dtype as DTypeLike) : null;
    hint = dtype_hint != null ? asDType(dtype_hint) : null;
  }
  if (isTensorConvertible(value)) value = value._asTensor();
  if (value instanceof Tensor) {
    if (d && value.dtype !== d) {
      throw new InvalidArgumentError(msg(
        `Tensor conversion requested dtype ${d.name} for Tensor with dtype ${value.dtype.name}: ${value.toString().split("\n")[0]}. Use tf.cast(x, tf.${d.name}) to change the dtype.`,
        `dtype ${value.dtype.name}인 텐서를 dtype ${d.name}(으)로 변환하라는 요청입니다. 자료형을 바꾸려면 tf.cast(x, tf.${d.name})를 쓰세요.`,
      ));
    }
    return value;
  }
  if (!d && hint) {
    // A hint applies only where the value's own type allows it (numbers -> hint).
    if (!(value instanceof NDArray) && !(ArrayBuffer.isView(value))) {
      const probe = typeof value === "boolean" || (Array.isArray(value) && typeof flatFirst(value) === "boolean");
      const isStr = typeof value === "string" || (Array.isArray(value) && typeof flatFirst(value) === "string");
      if (!probe && !isStr) d = hint;
    }
  }
  return constant(value, d, null, name);
}

function flatFirst(v: unknown): unknown {
  while (Array.isArray(v) && v.length) v = v[0];
  return v;
}

/** Converts an op input; `like` gives the dtype for untyped JS values (TF converts Python numbers to the other operand's dtype). */
export function toTensor(x: TensorLike, op: string, like?: DType | null): Tensor {
  if (x instanceof Tensor) return x;
  if (isTensorConvertible(x)) return x._asTensor();
  if (x === undefined || x === null) {
    throw new InvalidArgumentError(msg(`${op}: got ${x} where a tensor was expected.`, `${op}: 텐서가 와야 할 자리에 ${x}이(가) 왔습니다.`));
  }
  if (like && typeof x === "number" && (like === float32 || like === float64) && buildingGraph() === null) {
    // A number in a float dtype (scalarLike, an optimizer's hyperparameters: dozens per training
    // step): its one-element array directly, the value constant() gives, without the generic path.
    const a = allocArray(like, 1) as Float32Array | Float64Array;
    a[0] = x;
    return makeTensor(a, [], like);
  }
  if (like && (typeof x === "number" || (Array.isArray(x) && typeof flatFirst(x) === "number"))) {
    return constant(x, like);
  }
  return constant(x);
}

/** Converts two operands of a binary op the way TF does: a JS value adopts the tensor's dtype; two tensors must match. */
export function toTensorPair(x: TensorLike, y: TensorLike, op: string, tfOp: string): [Tensor, Tensor] {
  const xt = x instanceof Tensor ? x : isTensorConvertible(x) ? x._asTensor() : null;
  const yt = y instanceof Tensor ? y : isTensorConvertible(y) ? y._asTensor() : null;
  const a = xt ?? toTensor(x, op, yt?.dtype ?? (y instanceof NDArray ? y.dtype : null));
  const b = yt ?? toTensor(y, op, a.dtype);
  if (a.dtype !== b.dtype) {
    if (!xt && !(x instanceof NDArray)) return [toTensor(x, op, b.dtype), b];
    throw dtypeMismatch(tfOp, 1, a.dtype, b.dtype);
  }
  return [a, b];
}
