import { DataArray, DType, asDType, DTypeLike, allocArray } from "./dtypes";
import { sizeOf, formatShape } from "./shape";
import { formatArrayStr, formatArrayRepr } from "./format";

/** A nested JS array or a scalar, what `tolist()` returns. */
export type NestedArray = number | boolean | string | NestedArray[] | [number, number];

/**
 * A host array: what `Tensor.numpy()` and `Session.run()` return, playing numpy's role.
 * `data` is the row-major typed storage (complex: interleaved re/im).
 */
export class NDArray {
  readonly shape: number[];
  readonly dtype: DType;
  readonly data: DataArray;
  constructor(data: DataArray, shape: readonly number[], dtype: DTypeLike) {
    this.data = data;
    this.shape = [...shape];
    this.dtype = asDType(dtype);
  }
  static zeros(shape: number[], dtype: DTypeLike = "float32"): NDArray {
    const d = asDType(dtype);
    return new NDArray(allocArray(d, sizeOf(shape)), shape, d);
  }
  get ndim(): number { return this.shape.length; }
  get size(): number { return sizeOf(this.shape); }
  /** Element `i` (flat index) as a JS value: number, boolean, string, or [re, im] for complex. */
  at(i: number): number | boolean | string | [number, number] {
    const d = this.dtype;
    if (d.kind === "b") return (this.data as Uint8Array)[i] !== 0;
    if (d.kind === "c") return [(this.data as Float32Array)[2 * i], (this.data as Float32Array)[2 * i + 1]];
    return (this.data as ArrayLike<number | string>)[i] as number | string;
  }
  /** numpy's `tolist()`: nested arrays of JS values. */
  tolist(): any {
    const rec = (dim: number, off: number): NestedArray => {
      if (dim === this.shape.length) return this.at(off);
      const out: NestedArray[] = [];
      const stride = sizeOf(this.shape.slice(dim + 1));
      for (let i = 0; i < this.shape[dim]; i++) out.push(rec(dim + 1, off + i * stride));
      return out;
    };
    return rec(0, 0);
  }
  /** numpy's `item()`: the single element of a size-1 array. */
  item(): any {
    if (this.size !== 1) throw new RangeError(`can only convert an array of size 1 to a JS scalar (this array has shape ${formatShape(this.shape)})`);
    return this.at(0);
  }
  /** numpy's `reshape` (a view sharing the data). */
  reshape(...shape: number[] | [number[]]): NDArray {
    const s = (Array.isArray(shape[0]) ? shape[0] : shape) as number[];
    const neg = s.indexOf(-1);
    const known = s.reduce((a, b) => (b === -1 ? a : a * b), 1);
    const full = neg >= 0 ? s.map((d) => (d === -1 ? this.size / known : d)) : s;
    if (sizeOf(full) !== this.size) throw new RangeError(`cannot reshape array of size ${this.size} into shape ${formatShape(s)}`);
    return new NDArray(this.data, full, this.dtype);
  }
  /** numpy's `str(a)`. */
  toString(): string { return formatArrayStr(this); }
  /** numpy's `repr(a)`: `array([1., 2.], dtype=float32)`. */
  repr(): string { return formatArrayRepr(this); }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
  get [Symbol.toStringTag](): string { return "NDArray"; }
}
