/**
 * dtypes. A DType is a value (`tf.float32`) that prints as its TF name.
 *
 * Storage (one typed array per tensor, row-major):
 *   float32 -> Float32Array, float64 -> Float64Array, int32 -> Int32Array,
 *   int64 -> Float64Array (documented limit: exact for |x| <= 2**53, like JS numbers),
 *   uint8 / bool -> Uint8Array, complex64 -> Float32Array of interleaved (re, im) pairs,
 *   complex128 -> Float64Array interleaved, string -> string[].
 */
export type DTypeName =
  | "float32" | "float64" | "float16" | "int32" | "int64" | "int16" | "int8" | "uint8" | "bool"
  | "complex64" | "complex128" | "string";

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array | Int16Array | Int8Array;
export type DataArray = TypedArray | string[];

export class DType {
  /** numpy's short name for the element kind, used by the printer and by casts. */
  readonly kind: "f" | "i" | "u" | "b" | "c" | "s";
  constructor(
    readonly name: DTypeName,
    readonly size: number,
    kind: "f" | "i" | "u" | "b" | "c" | "s",
  ) {
    this.kind = kind;
  }
  get is_floating(): boolean { return this.kind === "f"; }
  get is_integer(): boolean { return this.kind === "i" || this.kind === "u"; }
  get is_complex(): boolean { return this.kind === "c"; }
  get is_bool(): boolean { return this.kind === "b"; }
  /** The real dtype of a complex dtype (TF's `real_dtype`). */
  get real_dtype(): DType { return this.name === "complex64" ? float32 : this.name === "complex128" ? float64 : this; }
  get as_numpy_dtype(): string { return this.name; }
  toString(): string { return this.name; }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return `tf.${this.name}`; }
  /** TF's repr: `tf.float32`. */
  repr(): string { return `tf.${this.name}`; }
}

export const float32 = new DType("float32", 4, "f");
export const float64 = new DType("float64", 8, "f");
export const float16 = new DType("float16", 2, "f");
export const int32 = new DType("int32", 4, "i");
export const int64 = new DType("int64", 8, "i");
export const int16 = new DType("int16", 2, "i");
export const int8 = new DType("int8", 1, "i");
export const uint8 = new DType("uint8", 1, "u");
export const bool = new DType("bool", 1, "b");
export const complex64 = new DType("complex64", 8, "c");
export const complex128 = new DType("complex128", 16, "c");
export const string = new DType("string", 0, "s");
/** Python aliases. */
export const double = float64;
export const half = float16;

const BY_NAME: Record<string, DType> = {
  float32, float64, float16, int32, int64, int16, int8, uint8, bool, complex64, complex128, string,
  double: float64, half: float16, float: float32, int: int32, bool_: bool,
};

export type DTypeLike = DType | DTypeName | "float" | "double" | "int";

/** Accepts tf.float32, "float32", "float". */
export function asDType(d: DTypeLike | undefined | null, fallback?: DType): DType {
  if (d == null) {
    if (fallback) return fallback;
    throw new TypeError("dtype is required");
  }
  if (d instanceof DType) return d;
  const r = BY_NAME[d as string];
  if (!r) throw new TypeError(`Unknown dtype ${JSON.stringify(d)}. Valid dtypes: ${Object.keys(BY_NAME).join(", ")}`);
  return r;
}

export function isDType(x: unknown): x is DType {
  return x instanceof DType || (typeof x === "string" && x in BY_NAME);
}

/** Allocates zeroed storage for `size` elements of `dtype`. */
export function allocArray(dtype: DType, size: number): DataArray {
  switch (dtype.name) {
    case "float32": case "float16": return new Float32Array(size);
    case "float64": case "int64": return new Float64Array(size);
    case "int32": return new Int32Array(size);
    case "int16": return new Int16Array(size);
    case "int8": return new Int8Array(size);
    case "uint8": case "bool": return new Uint8Array(size);
    case "complex64": return new Float32Array(2 * size);
    case "complex128": return new Float64Array(2 * size);
    case "string": return new Array<string>(size).fill("");
  }
}

/** Copies numbers into storage of `dtype`, with TF's cast semantics (truncation toward zero for ints, bool = x != 0). */
export function toArray(dtype: DType, values: ArrayLike<number> | ArrayLike<boolean>): DataArray {
  const n = values.length;
  const out = allocArray(dtype, n);
  if (dtype.name === "bool") {
    const o = out as Uint8Array;
    for (let i = 0; i < n; i++) o[i] = (values[i] as unknown as number) ? 1 : 0;
  } else if (dtype.kind === "c") {
    const o = out as Float32Array;
    for (let i = 0; i < n; i++) o[2 * i] = Number(values[i]);
  } else if (dtype.name === "int64") {
    const o = out as Float64Array;
    for (let i = 0; i < n; i++) o[i] = Math.trunc(Number(values[i]));
  } else {
    const o = out as TypedArray;
    for (let i = 0; i < n; i++) o[i] = Number(values[i]);
  }
  return out;
}

/** TF's result dtype for two operands: they must match (TF does not promote), except Python-number inputs adopt the tensor's dtype. */
export function upcastForInference(a: DType, b: DType): DType {
  if (a === b) return a;
  const order = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "complex64", "complex128"];
  return order.indexOf(a.name) >= order.indexOf(b.name) ? a : b;
}
