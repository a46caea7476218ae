/**
 * The array ops in graphs: shapes with unknown (null) dims infer, run with different fed sizes,
 * and their gradients (built as graph nodes) match eager gradients. Random ops re-draw per run.
 */
import { describe, it, expect } from "vitest";
import * as tf from "../../index";
import { Graph } from "../../core/graph/graph";
import { placeholder } from "../../core/graph/ops";
import { executeGraph } from "../../core/graph/execute";
import { random_uniform_like } from "../../core/ops/random";

type F = (x: tf.Tensor) => tf.Tensor;

function data(rows: number, cols: number, seed: number): number[][] {
  let s = seed;
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => { s = (s * 16807) % 2147483647; return Math.round((s / 2147483647) * 200 - 100) / 10; }));
}

/** Builds f (and d sum(f(x)^2)/dx) on a [null, cols] placeholder, runs it with `value`, and compares with eager. */
function checkGraph(f: F, value: number[][], name: string): void {
  const g = new Graph();
  const cols = value[0].length;
  const [x, y, dx] = g.as_default(() => {
    const x = placeholder(tf.float32, [null, cols]);
    const tape = new tf.GradientTape();
    let y: tf.Tensor | null = null;
    const loss = tape.record(() => { tape.watch(x); y = f(x); return tf.reduce_sum(tf.square(y)); });
    return [x, y!, tape.gradient(loss, x)];
  });
  expect(x.shape, name).toEqual([null, cols]);
  const [yv, dxv] = executeGraph([y, dx], new Map([[x, value]])) as tf.Tensor[];
  const xe = tf.constant(value);
  const tape = new tf.GradientTape();
  const holder: tf.Tensor[] = [];
  const le = tape.record(() => { tape.watch(xe); holder.push(f(xe)); return tf.reduce_sum(tf.square(holder[0])); });
  const de = tape.gradient(le, xe);
  const ye = holder[0];
  expect(yv.shape, name).toEqual(ye.shape);
  expect(yv.tolist(), name).toEqual(ye.tolist());
  expect(dxv.tolist(), name).toEqual(de.tolist());
}

const cases: [string, F][] = [
  ["concat along the unknown axis", (x) => tf.concat([x, tf.square(x)], 0)],
  ["concat along a known axis", (x) => tf.concat([x, x], 1)],
  ["stack / unstack", (x) => tf.stack(tf.unstack(x, { axis: 1 }).reverse(), 1)],
  ["split on the known axis", (x) => tf.split(x, [1, 2], 1)[1]],
  ["transpose", (x) => tf.transpose(x)],
  ["expand_dims + squeeze", (x) => tf.squeeze(tf.expand_dims(x, 1), [1])],
  ["tile", (x) => tf.tile(x, [2, 3])],
  ["pad CONSTANT", (x) => tf.pad(x, [[1, 2], [0, 1]])],
  ["pad REFLECT on the known axis", (x) => tf.pad(x, [[0, 0], [2, 1]], "REFLECT")],
  ["slice to the end", (x) => tf.slice(x, [1, 1], [-1, 2])],
  ["getitem", (x) => x.getitem("::-1, 1:")],
  ["getitem with new axis and shrink", (x) => x.getitem("None, 1:, -1")],
  ["reverse", (x) => tf.reverse(x, [0, 1])],
  ["gather on axis 1 of unknown-batch params", (x) => tf.gather(x, tf.constant([2, 0, 2], tf.int32), { axis: 1 })],
  ["gather rows", (x) => tf.gather(x, tf.constant([1, 0], tf.int32))],
  ["gather_nd", (x) => tf.gather_nd(x, tf.constant([[0, 1], [1, 2], [0, 1]], tf.int32))],
  ["boolean_mask on the known axis", (x) => tf.boolean_mask(x, tf.constant([true, false, true]), { axis: 1 })],
];

describe("array ops in graphs with unknown batch size", () => {
  for (const [name, f] of cases) {
    it(name, () => {
      checkGraph(f, data(2, 3, 1), name);
      checkGraph(f, data(4, 3, 2), name);
    });
  }
  it("static shapes are inferred with None where unknown", () => {
    const g = new Graph();
    g.as_default(() => {
      const x = placeholder(tf.float32, [null, 3]);
      expect(tf.concat([x, x], 0).shape).toEqual([null, 3]);
      expect(tf.concat([x, x], 1).shape).toEqual([null, 6]);
      expect(tf.tile(x, [2, 2]).shape).toEqual([null, 6]);
      expect(tf.pad(x, [[1, 1], [2, 0]]).shape).toEqual([null, 5]);
      expect(tf.stack([x, x]).shape).toEqual([2, null, 3]);
      expect(x.getitem("..., 0").shape).toEqual([null]);
      expect(tf.where(tf.greater(x, 0)).shape).toEqual([null, 2]);
      expect(String(tf.transpose(x))).toMatch(/^Tensor\("Transpose:0", shape=\(3, None\), dtype=float32\)$/);
    });
  });
  it("where and boolean_mask on data-dependent sizes", () => {
    const g = new Graph();
    const [x, w, m] = g.as_default(() => {
      const x = placeholder(tf.float32, [null]);
      return [x, tf.where(tf.greater(x, 0)), tf.boolean_mask(x, tf.greater(x, 0))];
    });
    const [wv, mv] = executeGraph([w, m], new Map([[x, [1, -2, 3, 0, 5]]])) as tf.Tensor[];
    expect(wv.tolist()).toEqual([[0], [2], [4]]);
    expect(mv.tolist()).toEqual([1, 3, 5]);
    const [wv2] = executeGraph([w], new Map([[x, [-1]]])) as tf.Tensor[];
    expect(wv2.shape).toEqual([0, 1]);
  });
});

describe("random ops in graphs", () => {
  it("a node draws new values on every run; the same seeds in a new graph repeat the first draw", () => {
    const build = () => {
      const g = new Graph();
      return g.as_default(() => tf.random.uniform([4], { seed: 3 }));
    };
    tf.random.set_seed(10);
    const r = build();
    const a = executeGraph([r])[0]!.tolist();
    const b = executeGraph([r])[0]!.tolist();
    expect(b).not.toEqual(a);
    tf.random.set_seed(10);
    expect(executeGraph([build()])[0]!.tolist()).toEqual(a);
  });
  it("random_uniform_like follows an unknown batch size", () => {
    const g = new Graph();
    const [x, u] = g.as_default(() => {
      const x = placeholder(tf.float32, [null, 2]);
      return [x, random_uniform_like(x, 1)];
    });
    expect(u.shape).toEqual([null, 2]);
    const v = executeGraph([u], new Map([[x, [[0, 0], [0, 0], [0, 0]]]]))[0]!;
    expect(v.shape).toEqual([3, 2]);
    expect((v.tolist() as number[][]).flat().every((q) => q >= 0 && q < 1)).toBe(true);
  });
});
