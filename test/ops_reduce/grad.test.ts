/** Gradients of reductions, scans, top_k, add_n and the matmul family: tape vs float64 central differences. */
import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "../../index";
import { gradcheck } from "../util/gradcheck";

function rnd(shape: number[], seed: number, lo = -2, hi = 2): tf.Tensor {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) { s = (s * 16807) % 2147483647; v[i] = lo + (hi - lo) * (s / 2147483647); }
  return tf.constant(v, tf.float64, shape);
}
const T = (v: number[] | number[][] | number[][][]) => tf.constant(v, tf.float64);

beforeAll(() => tf.config.set_backend("cpu"));

describe("reduction gradients", () => {
  const x = rnd([2, 3, 4], 7);
  const axesList: (number | number[] | null)[] = [null, 0, 1, 2, -1, [0, 2], [1, 2]];
  for (const fn of ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_logsumexp"] as const) {
    for (const axis of axesList) {
      for (const keepdims of [false, true]) {
        it(`${fn} axis=${JSON.stringify(axis)} keepdims=${keepdims}`, () => {
          gradcheck((a) => tf[fn](a, axis, keepdims), [x], { name: fn });
        });
      }
    }
  }
  for (const fn of ["reduce_std", "reduce_variance", "reduce_euclidean_norm"] as const) {
    for (const axis of axesList) {
      it(`math.${fn} axis=${JSON.stringify(axis)}`, () => {
        gradcheck((a) => tf.math[fn](a, axis), [x], { name: fn });
      });
    }
  }
  it("reduce_prod without zeros", () => {
    for (const axis of axesList) gradcheck((a) => tf.reduce_prod(a, axis), [rnd([2, 3, 4], 3, 0.5, 1.5)], { name: `prod ${axis}` });
  });
  it("reduce_prod with one and with two zeros in a row (exact, no 0/0)", () => {
    const z = T([[0, 2, 3], [0, 0, 4], [1, 2, 3]]);
    gradcheck((a) => tf.reduce_prod(a, 1), [z]);
    const tape = new tf.GradientTape();
    tape.watch(z);
    const y = tape.record(() => tf.reduce_prod(z, 1));
    expect((tape.gradient(y, z) as tf.Tensor).tolist()).toEqual([[6, 0, 0], [0, 0, 0], [6, 3, 2]]);
  });
  it("reduce_max shares the gradient equally among ties (TF's rule)", () => {
    const t = T([[1, 3, 3, 3], [5, 2, 5, 0]]);
    const tape = new tf.GradientTape();
    tape.watch(t);
    const y = tape.record(() => tf.reduce_max(t, 1));
    const g = (tape.gradient(y, t) as tf.Tensor).tolist() as number[][];
    expect(g[0].map((v) => +v.toFixed(12))).toEqual([0, 1 / 3, 1 / 3, 1 / 3].map((v) => +v.toFixed(12)));
    expect(g[1]).toEqual([0.5, 0, 0.5, 0]);
    // a two-way tie: the central difference is 1/2 as well
    gradcheck((a) => tf.reduce_max(a), [T([2, 7, 7, 1])]);
  });
  it("reduce_logsumexp with huge inputs stays finite", () => {
    gradcheck((a) => tf.reduce_logsumexp(a, 1), [T([[1000, 1001, 999], [-1000, -1002, -1001]])], { eps: 1e-4 });
  });
  it("reduce_sum / reduce_mean over empty axes", () => {
    gradcheck((a) => tf.reduce_sum(a, []), [x]);
    gradcheck((a) => tf.reduce_mean(a, [], true), [x]);
  });
});

describe("scan, top_k and add_n gradients", () => {
  const x = rnd([3, 4], 11, 0.5, 2);
  for (const exclusive of [false, true]) {
    for (const reverse of [false, true]) {
      for (const axis of [0, 1, -1]) {
        it(`cumsum / cumprod axis=${axis} exclusive=${exclusive} reverse=${reverse}`, () => {
          gradcheck((a) => tf.cumsum(a, axis, exclusive, reverse), [x]);
          gradcheck((a) => tf.math.cumprod(a, axis, exclusive, reverse), [x]);
        });
      }
    }
  }
  it("top_k values scatter back to the chosen positions", () => {
    gradcheck((a) => tf.math.top_k(a, 2)[0], [rnd([3, 5], 5)]);
    gradcheck((a) => tf.math.top_k(a, 3).values, [rnd([2, 2, 4], 9)]);
    gradcheck((a) => tf.math.top_k(a, 1)[0], [rnd([6], 4)]);
  });
  it("add_n passes the gradient to every input", () => {
    gradcheck((a, b, c) => tf.multiply(tf.add_n([a, b, c]), a), [rnd([2, 3], 1), rnd([2, 3], 2), rnd([2, 3], 3)]);
  });
});

describe("matmul family gradients", () => {
  for (const [sa, sb, ta, tb] of [
    [[2, 3], [3, 4], false, false], [[3, 2], [3, 4], true, false], [[2, 3], [4, 3], false, true], [[3, 2], [4, 3], true, true],
    [[2, 2, 3], [2, 3, 4], false, false], [[2, 2, 3], [3, 4], false, false], [[3, 2], [2, 3, 4], true, false],
    [[2, 1, 3, 2], [3, 4, 2], false, true], [[2, 3, 2], [1, 3, 4], true, false],
  ] as [number[], number[], boolean, boolean][]) {
    it(`matmul ${JSON.stringify(sa)} x ${JSON.stringify(sb)} ta=${ta} tb=${tb}`, () => {
      gradcheck((a, b) => tf.matmul(a, b, ta, tb), [rnd(sa, 1), rnd(sb, 2)]);
    });
  }
  it("matmul adjoint_a / adjoint_b (real)", () => {
    gradcheck((a, b) => tf.matmul(a, b, { adjoint_a: true, adjoint_b: true }), [rnd([3, 2], 1), rnd([4, 3], 2)]);
  });
  for (const [eq, shapes] of [
    ["ij,jk->ik", [[2, 3], [3, 4]]], ["ij->ji", [[2, 3]]], ["ii->i", [[3, 3]]], ["ii", [[3, 3]]], ["iij->ij", [[3, 3, 2]]],
    ["ij->", [[2, 3]]], ["i,j->ij", [[3], [4]]], ["bij,bjk->bik", [[2, 2, 3], [2, 3, 2]]], ["...ij,...jk->...ik", [[2, 2, 3], [3, 2]]],
    ["...ij,...jk", [[2, 1, 2, 3], [3, 3, 2]]], ["i,ij,j->", [[2], [2, 3], [3]]], ["ij,jk->ik", [[2, 3], [1, 4]]],
    ["ij,ik->j", [[3, 2], [3, 4]]], ["Ba,ab", [[2, 3], [3, 2]]],
    ["bij,bjk->bik (GEMM path)", [[2, 12, 16], [2, 16, 14]]], ["ibj,jkb->kbi (GEMM path)", [[9, 2, 17], [17, 13, 2]]],
  ] as [string, number[][]][]) {
    it(`einsum ${eq} ${JSON.stringify(shapes)}`, () => {
      gradcheck((...xs) => tf.einsum(eq.split(" ")[0], ...xs), shapes.map((s, i) => rnd(s, 3 + i)));
    });
  }
  for (const [sa, sb, axes] of [
    [[2, 3], [3, 4], 1], [[2, 3, 4], [3, 4, 2], 2], [[2, 3], [4], 0], [[3, 2], [3, 4], [[0], [0]]],
    [[2, 3, 4], [4, 3], [[1, 2], [1, 0]]], [[4, 3], [2, 4], [0, 1]],
  ] as [number[], number[], number | number[] | number[][]][]) {
    it(`tensordot ${JSON.stringify(sa)} . ${JSON.stringify(sb)} axes=${JSON.stringify(axes)}`, () => {
      gradcheck((a, b) => tf.tensordot(a, b, axes as number), [rnd(sa, 5), rnd(sb, 6)]);
    });
  }
  it("linalg.matvec", () => {
    gradcheck((a, b) => tf.linalg.matvec(a, b), [rnd([3, 2, 4], 1), rnd([4], 2)]);
    gradcheck((a, b) => tf.linalg.matvec(a, b, true), [rnd([4, 3], 1), rnd([2, 4], 2)]);
  });
});
