/**
 * tf.nest for the structures GradientTape and tf.function accept: arrays and plain objects,
 * with tensors, variables and other values as leaves.
 */
import { Tensor } from "../tensor/tensor";

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** Leaves in depth-first order (object keys in insertion order, like Python dicts). */
export function flatten(x: unknown, isLeaf: (v: unknown) => boolean = () => false): unknown[] {
  const out: unknown[] = [];
  const rec = (v: unknown): void => {
    if (isLeaf(v)) out.push(v);
    else if (Array.isArray(v)) for (const e of v) rec(e);
    else if (isPlainObject(v)) for (const k of Object.keys(v)) rec(v[k]);
    else out.push(v);
  };
  rec(x);
  return out;
}

/** Rebuilds `structure` with its leaves replaced, in order, by `leaves`. */
export function packSequenceAs(structure: unknown, leaves: unknown[], isLeaf: (v: unknown) => boolean = () => false): any {
  let i = 0;
  const rec = (v: unknown): unknown => {
    if (isLeaf(v)) return leaves[i++];
    if (Array.isArray(v)) return v.map(rec);
    if (isPlainObject(v)) {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(v)) o[k] = rec(v[k]);
      return o;
    }
    return leaves[i++];
  };
  return rec(structure);
}

export function isTensor(x: unknown): x is Tensor { return x instanceof Tensor; }
