/**
 * Shared by the op fixture suites (ops_math, ops_reduce, ops_nn): decodes numpy fixtures, calls
 * the `tf` function a case names, and compares results with dtype-aware tolerances.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import * as tf from "../../index";

export interface EncTensor { t: { dtype: string; shape: number[]; data: (number | string | boolean)[] } }
export interface Case { fn: string; args: unknown[]; kwargs?: Record<string, unknown>; out: EncTensor | EncTensor[]; note?: string }

export function loadCases(file: string): Case[] {
  return JSON.parse(readFileSync(join(__dirname, "..", "fixtures", file), "utf8")).cases;
}

function num(v: number | string | boolean): number {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return Number(v);
}

export function isEnc(v: unknown): v is EncTensor {
  return typeof v === "object" && v !== null && "t" in v && typeof (v as EncTensor).t === "object";
}

export function decode(e: EncTensor): tf.Tensor {
  const { dtype, shape, data } = e.t;
  if (dtype === "bool") return tf.constant(data.map(Boolean), tf.bool, shape);
  if (dtype === "complex64" || dtype === "complex128") {
    const part = dtype === "complex64" ? tf.float32 : tf.float64;
    const re = data.filter((_, i) => i % 2 === 0).map(num), im = data.filter((_, i) => i % 2 === 1).map(num);
    return tf.complex(tf.constant(re, part, shape), tf.constant(im, part, shape));
  }
  return tf.constant(data.map(num), dtype as tf.DTypeLike, shape);
}

function decodeArg(v: unknown): unknown {
  if (isEnc(v)) return decode(v);
  if (Array.isArray(v) && v.some(isEnc)) return v.map(decodeArg);
  if (v === null) return null;
  return v;
}

/** Looks up "nn.softmax" -> tf.nn.softmax. */
export function lookup(path: string): (...a: unknown[]) => unknown {
  let f: any = tf;
  for (const p of path.split(".")) f = f?.[p];
  if (typeof f !== "function") throw new Error(`tf.${path} is not a function`);
  return f;
}

export function callCase(c: Case): unknown {
  const args = c.args.map(decodeArg);
  if (c.kwargs) {
    const kw: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c.kwargs)) kw[k] = decodeArg(v);
    args.push(kw);
  }
  return lookup(c.fn)(...args);
}

export function tolerance(dtype: string): { rtol: number; atol: number } {
  if (dtype === "float32" || dtype === "complex64") return { rtol: 1e-5, atol: 1e-6 };
  if (dtype === "float64" || dtype === "complex128") return { rtol: 1e-10, atol: 1e-12 };
  return { rtol: 0, atol: 0 };
}

/** Asserts `got` equals the fixture tensor: dtype, shape, then values (nan where nan, same infinities). */
export function expectTensor(got: unknown, want: EncTensor, label: string, tol?: { rtol: number; atol: number }): void {
  expect(got, label).toBeInstanceOf(tf.Tensor);
  const t = got as tf.Tensor;
  expect(t.dtype.name, `${label}: dtype`).toBe(want.t.dtype);
  expect(t.shape, `${label}: shape`).toEqual(want.t.shape);
  const data = t.dataSync() as ArrayLike<number>;
  const { rtol, atol } = tol ?? tolerance(want.t.dtype);
  const bad: string[] = [];
  for (let i = 0; i < want.t.data.length; i++) {
    const w = want.t.dtype === "bool" ? (want.t.data[i] ? 1 : 0) : num(want.t.data[i]);
    const g = Number(data[i]);
    const ok = Number.isNaN(w) ? Number.isNaN(g)
      : !Number.isFinite(w) ? g === w
      : Math.abs(g - w) <= atol + rtol * Math.abs(w);
    if (!ok && bad.length < 5) bad.push(`[${i}] got ${g}, want ${w}`);
  }
  expect(bad, `${label}: values`).toEqual([]);
}

export function checkCase(c: Case, i: number): void {
  const label = `#${i} tf.${c.fn}${c.note ? ` (${c.note})` : ""}`;
  const got = callCase(c);
  if (Array.isArray(c.out)) {
    expect(Array.isArray(got), `${label}: returns a list`).toBe(true);
    const g = got as unknown[];
    expect(g.length, `${label}: outputs`).toBe(c.out.length);
    c.out.forEach((w, j) => expectTensor(g[j], w, `${label} output ${j}`));
  } else expectTensor(got, c.out, label);
}

/** A short, unique-ish title for a case: fn + arg shapes. */
export function title(c: Case, i: number): string {
  const desc = (v: unknown): string => isEnc(v) ? `${v.t.dtype}${JSON.stringify(v.t.shape)}` : Array.isArray(v) && v.some(isEnc) ? `[${v.map(desc).join(",")}]` : JSON.stringify(v);
  const kw = c.kwargs ? ` {${Object.entries(c.kwargs).map(([k, v]) => `${k}:${desc(v)}`).join(",")}}` : "";
  return `#${i} ${c.fn}(${c.args.map(desc).join(", ")})${kw}`;
}
