/**
 * Symbolic tensors of the functional API (`tf.keras.Input`, `layer(x)` on symbolic inputs).
 * A KerasTensor knows its shape (null = None), dtype and which layer call produced it; it holds
 * no values. Models built from them run eagerly by replaying the recorded calls.
 */
import type { DType } from "../../core/tensor/dtypes";
import { formatShape } from "../../core/tensor/shape";
import type { Layer } from "./base_layer";

export type Shape = (number | null)[];

export interface KerasHistory {
  layer: Layer;
  node_index: number;
  tensor_index: number;
}

export class KerasTensor {
  readonly shape: Shape;
  readonly dtype: DType;
  name: string;
  _keras_history: KerasHistory | null = null;
  /** True when the producing layer emits a mask (Embedding(mask_zero), Masking, ...). */
  _has_mask = false;
  constructor(shape: Shape, dtype: DType, name: string) {
    this.shape = [...shape];
    this.dtype = dtype;
    this.name = name;
  }
  get rank(): number { return this.shape.length; }
  get ndim(): number { return this.shape.length; }
  get node(): unknown { return this._keras_history ? this._keras_history.layer._inbound_nodes[this._keras_history.node_index] : null; }
  toString(): string {
    const by = this._keras_history ? ` description="created by layer '${this._keras_history.layer.name}'"` : "";
    return `KerasTensor(type_spec=TensorSpec(shape=${formatShape(this.shape)}, dtype=tf.${this.dtype.name}, name=${this.name ? `'${this.name}'` : "None"}), name='${this.name}',${by})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
}

export function isKerasTensor(x: unknown): x is KerasTensor {
  return x instanceof KerasTensor;
}

/** Flattens arrays and plain objects (in key order) into a list of leaves. */
export function flatten<T = unknown>(x: unknown): T[] {
  if (Array.isArray(x)) return x.flatMap((e) => flatten<T>(e));
  if (isPlainObject(x)) return Object.keys(x).flatMap((k) => flatten<T>((x as Record<string, unknown>)[k]));
  return [x as T];
}

/** Rebuilds `structure` with leaves taken in order from `flat`. */
export function packSequenceAs<T = unknown>(structure: unknown, flat: T[]): unknown {
  let i = 0;
  const rec = (s: unknown): unknown => {
    if (Array.isArray(s)) return s.map(rec);
    if (isPlainObject(s)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(s)) out[k] = rec((s as Record<string, unknown>)[k]);
      return out;
    }
    return flat[i++];
  };
  return rec(structure);
}

/** Applies `fn` to every leaf. */
export function mapStructure(x: unknown, fn: (leaf: any) => unknown): any {
  if (Array.isArray(x)) return x.map((e) => mapStructure(e, fn));
  if (isPlainObject(x)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x)) out[k] = mapStructure((x as Record<string, unknown>)[k], fn);
    return out;
  }
  return fn(x);
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}
