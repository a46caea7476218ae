import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "../../index";
import { NDArray } from "../../core/tensor/ndarray";
import { allocArray, asDType } from "../../core/tensor/dtypes";

interface Case {
  name: string;
  dtype: string;
  shape: number[];
  values: (number | string | boolean)[];
  str: string;
  repr: string;
  tf_str: string;
  tf_repr: string;
}

const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/printing.json"), "utf8")) as { cases: Case[] };

function decode(v: number | string | boolean): number {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return Number(v);
}

/** The fixture's exact values in the dtype's storage. */
function build(c: Case): NDArray {
  const dtype = asDType(c.dtype as any);
  if (dtype.kind === "s") return new NDArray([...(c.values as string[])], c.shape, dtype);
  const n = dtype.kind === "c" ? c.values.length / 2 : c.values.length;
  const data = allocArray(dtype, n) as Float64Array;
  c.values.forEach((v, i) => { data[i] = typeof v === "boolean" ? Number(v) : decode(v); });
  return new NDArray(data, c.shape, dtype);
}

describe("numpy 1.24 str/repr of NDArray (fixtures from test/fixtures/gen_printing.py)", () => {
  it("has the fixture cases", () => {
    expect(fixture.cases.length).toBeGreaterThan(150);
  });
  for (const c of fixture.cases) {
    it(`str: ${c.name}`, () => {
      expect(build(c).toString()).toBe(c.str);
    });
    it(`repr: ${c.name}`, () => {
      expect(build(c).repr()).toBe(c.repr);
    });
  }
});

describe("TF eager tensor str/repr built by tf.constant", () => {
  for (const c of fixture.cases) {
    it(`tf: ${c.name}`, () => {
      const t = tf.constant(build(c));
      expect(t.dtype.name).toBe(c.dtype);
      expect(t.shape).toEqual(c.shape);
      expect(String(t)).toBe(c.tf_str);
      expect(t.repr()).toBe(c.tf_repr);
    });
  }
});

describe("random small float arrays (digit generation, column sizing)", () => {
  const batches = (fixture as any).batches as { dtype: string; values: (number | string)[]; str: string; repr: string }[];
  it("has batches for float16/32/64", () => {
    expect(new Set(batches.map((b) => b.dtype))).toEqual(new Set(["float16", "float32", "float64"]));
  });
  batches.forEach((b, k) => {
    it(`${b.dtype} #${k}`, () => {
      const dtype = asDType(b.dtype as any);
      const data = allocArray(dtype, b.values.length) as Float64Array;
      b.values.forEach((v, i) => { data[i] = decode(v); });
      const a = new NDArray(data, [b.values.length], dtype);
      expect(a.toString()).toBe(b.str);
      expect(a.repr()).toBe(b.repr);
    });
  });
});

describe("float scalars with random bit patterns: numpy's shortest round-trip digits", () => {
  const scalars = (fixture as any).scalars as Record<string, [number | string, string][]>;
  for (const dt of ["float16", "float32", "float64"]) {
    it(`${dt}: ${scalars[dt].length} values`, () => {
      const dtype = asDType(dt as any);
      const bad: string[] = [];
      for (const [v, want] of scalars[dt]) {
        const data = allocArray(dtype, 1) as Float64Array;
        data[0] = decode(v);
        const got = new NDArray(data, [], dtype).toString();
        if (got !== want) bad.push(`${v}: got ${got}, numpy ${want}`);
      }
      expect(scalars[dt].length).toBeGreaterThan(300);
      expect(bad).toEqual([]);
    });
  }
});
