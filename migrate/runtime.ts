/**
 * The library itself, consulted for facts the codemod must not guess: whether `tf.<path>` exists
 * in TF2's namespace, and whether `tf.compat.v1.<path>` is the very same object (so renaming it is
 * exactly safe).
 */
import * as tf from "../index";
import { resolvePath } from "../compat-v1/aliases";

const cache = new Map<string, unknown>();
function lookup(root: "v1" | "v2", path: string): unknown {
  const key = `${root}:${path}`;
  if (cache.has(key)) return cache.get(key);
  let v: unknown;
  try { v = resolvePath(root === "v1" ? tf.compat.v1 : tf, path); } catch { v = undefined; }
  cache.set(key, v);
  return v;
}

/** Does `tf.<path>` exist (TF2's namespace)? */
export function existsInV2(path: string): boolean { return lookup("v2", path) !== undefined; }

/** Is `tf.compat.v1.<path>` the same object as `tf.<path>`? */
export function sameInV1(path: string): boolean {
  const a = lookup("v2", path);
  return a !== undefined && lookup("v1", path) === a;
}

/** Does `tf.compat.v1.<path>` exist? */
export function existsInV1(path: string): boolean { return lookup("v1", path) !== undefined; }
