/**
 * Reductions, matrix products and tf.nn in graphs: placeholders with unknown (null) dims infer
 * shapes with None, the graph runs with different fed sizes, and gradients built as graph nodes
 * match eager gradients.
 */
import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "../../index";
import { Graph } from "../../core/graph/graph";
import { placeholder } from "../../core/graph/ops";
import { executeGraph } from "../../core/graph/execute";

type F = (x: tf.Tensor) => tf.Tensor;

function data(rows: number, cols: number, seed: number): number[][] {
  let s = seed;
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => { s = (s * 16807) % 2147483647; return Math.round((s / 2147483647) * 40 - 20) / 10 + 0.05; }));
}

function closeTo(a: unknown, b: unknown, name: string): void {
  const fa = [a].flat(Infinity) as number[], fb = [b].flat(Infinity) as number[];
  expect(fa.length, name).toBe(fb.length);
  fa.forEach((v, i) => expect(Math.abs(v - fb[i]), `${name} [${i}] ${v} vs ${fb[i]}`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(fb[i]))));
}

/** Builds f (and d sum(f(x)^2)/dx unless grad=false) on a placeholder of `shape`, runs it with `value`, compares with eager. */
function checkGraph(f: F, value: number[][], name: string, shape: (number | null)[] = [null, value[0].length], grad = true): void {
  const g = new Graph();
  const [x, y, dx] = g.as_default(() => {
    const x = placeholder(tf.float32, shape);
    const tape = new tf.GradientTape();
    let y: tf.Tensor | null = null;
    const loss = tape.record(() => { tape.watch(x); y = f(x); return tf.reduce_sum(tf.square(tf.cast(y, tf.float32))); });
    return [x, y!, grad ? tape.gradient(loss, x) : null];
  });
  const fetched = executeGraph(grad ? [y, dx!] : [y], new Map([[x, value]])) as tf.Tensor[];
  const xe = tf.constant(value);
  const tape = new tf.GradientTape();
  const holder: tf.Tensor[] = [];
  const le = tape.record(() => { tape.watch(xe); holder.push(f(xe)); return tf.reduce_sum(tf.square(tf.cast(holder[0], tf.float32))); });
  expect(fetched[0].shape, name).toEqual(holder[0].shape);
  expect(fetched[0].dtype, name).toBe(holder[0].dtype);
  closeTo(fetched[0].tolist(), holder[0].tolist(), `${name}: value`);
  if (grad) closeTo(fetched[1].tolist(), (tape.gradient(le, xe) as tf.Tensor).tolist(), `${name}: gradient`);
}

const W = tf.constant([[0.5, -1, 2, 0.25], [1.5, 0.5, -0.5, 1], [-1, 2, 0.5, -2]]);
const cases: [string, F, boolean?][] = [
  ["reduce_sum all", (x) => tf.reduce_sum(x)],
  ["reduce_sum axis 0 (unknown)", (x) => tf.reduce_sum(x, 0)],
  ["reduce_mean axis 0 keepdims", (x) => tf.reduce_mean(x, 0, true)],
  ["reduce_mean all (count unknown)", (x) => tf.reduce_mean(x)],
  ["reduce_max axis 1", (x) => tf.reduce_max(x, 1)],
  ["reduce_min axis 0", (x) => tf.reduce_min(x, 0)],
  ["reduce_prod axis 1", (x) => tf.reduce_prod(x, 1)],
  ["reduce_logsumexp axis 1", (x) => tf.reduce_logsumexp(x, 1)],
  ["reduce_logsumexp axis 0 keepdims", (x) => tf.reduce_logsumexp(x, 0, true)],
  ["reduce_std axis 0", (x) => tf.math.reduce_std(x, 0)],
  ["reduce_variance all", (x) => tf.math.reduce_variance(x)],
  ["argmax axis 1", (x) => tf.argmax(x, 1), false],
  ["argmin axis 0", (x) => tf.argmin(x, 0), false],
  ["count_nonzero", (x) => tf.math.count_nonzero(tf.greater(x, 0), 1), false],
  ["cumsum axis 0 reverse", (x) => tf.cumsum(x, 0, false, true)],
  ["cumprod axis 1 exclusive", (x) => tf.math.cumprod(x, 1, true)],
  ["top_k values", (x) => tf.math.top_k(x, 2).values],
  ["add_n", (x) => tf.add_n([x, tf.square(x), x])],
  ["matmul x @ W", (x) => tf.matmul(x, W)],
  ["matmul x^T @ x", (x) => tf.matmul(x, x, true, false)],
  ["matmul x @ x^T", (x) => tf.matmul(x, x, false, true)],
  ["einsum bi,ij->bj", (x) => tf.einsum("bi,ij->bj", x, W)],
  ["einsum bi,bi->b", (x) => tf.einsum("bi,bi->b", x, x)],
  ["einsum ij->", (x) => tf.einsum("ij->", x)],
  ["tensordot axes 1", (x) => tf.tensordot(x, W, 1)],
  ["tensordot [[0],[0]]", (x) => tf.tensordot(x, x, [[0], [0]])],
  ["relu / relu6 / elu / selu / leaky_relu", (x) => tf.add_n([tf.nn.relu(x), tf.nn.relu6(x), tf.nn.elu(x), tf.nn.selu(x), tf.nn.leaky_relu(x)])],
  ["gelu / softplus / silu", (x) => tf.add_n([tf.nn.gelu(x), tf.nn.softplus(x), tf.nn.silu(x)])],
  ["softmax axis -1", (x) => tf.nn.softmax(x)],
  ["softmax axis 0 (unknown)", (x) => tf.nn.softmax(x, 0)],
  ["log_softmax", (x) => tf.nn.log_softmax(x)],
  ["softmax_cross_entropy_with_logits", (x) => tf.nn.softmax_cross_entropy_with_logits({ labels: tf.nn.softmax(tf.multiply(x, 2)), logits: x })],
  ["sparse_softmax_cross_entropy_with_logits", (x) => tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: tf.argmin(x, 1, tf.int32), logits: x })],
  ["sigmoid_cross_entropy_with_logits", (x) => tf.nn.sigmoid_cross_entropy_with_logits({ labels: tf.sigmoid(x), logits: x })],
  ["moments axes [0]", (x) => { const [m, v] = tf.nn.moments(x, [0]); return tf.add(m, v); }],
  ["moments axes [1] keepdims", (x) => { const [m, v] = tf.nn.moments(x, [1], { keepdims: true }); return tf.multiply(tf.add(m, v), x); }],
  ["l2_loss", (x) => tf.nn.l2_loss(x)],
  ["l2_normalize axis 1", (x) => tf.nn.l2_normalize(x, 1)],
  ["bias_add", (x) => tf.nn.bias_add(x, tf.constant([1, -2, 0.5]))],
];

beforeAll(() => tf.config.set_backend("cpu"));

describe("reductions / products / nn in graphs with unknown batch size", () => {
  for (const [name, f, grad] of cases) {
    it(name, () => {
      checkGraph(f, data(2, 3, 1), name, undefined, grad ?? true);
      checkGraph(f, data(5, 3, 2), name, undefined, grad ?? true);
    });
  }
  it("fully unknown shapes [null, null]", () => {
    for (const [name, f, grad] of cases.filter(([n]) => /reduce_|softmax|moments|cum|l2_normalize|top_k|einsum bi,bi|argmax/.test(n))) {
      checkGraph(f, data(3, 4, 3), `${name} on [None, None]`, [null, null], grad ?? true);
    }
  });
  it("inferred static shapes keep None", () => {
    const g = new Graph();
    g.as_default(() => {
      const x = placeholder(tf.float32, [null, 3]);
      expect(tf.reduce_sum(x, 1).shape).toEqual([null]);
      expect(tf.reduce_mean(x, 0, true).shape).toEqual([1, 3]);
      expect(tf.argmax(x, 1).shape).toEqual([null]);
      expect(tf.matmul(x, W).shape).toEqual([null, 4]);
      expect(tf.matmul(x, x, true, false).shape).toEqual([3, 3]);
      expect(tf.einsum("bi,ij->bj", x, W).shape).toEqual([null, 4]);
      expect(tf.tensordot(x, W, 1).shape).toEqual([null, 4]);
      expect(tf.math.top_k(x, 2).indices.shape).toEqual([null, 2]);
      expect(tf.nn.softmax(x).shape).toEqual([null, 3]);
      expect(tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: tf.argmax(x, 1, tf.int32), logits: x }).shape).toEqual([null]);
      expect(tf.nn.moments(x, [0])[1].shape).toEqual([3]);
      expect(String(tf.matmul(x, W))).toMatch(/^Tensor\("MatMul(_\d+)?:0", shape=\(None, 4\), dtype=float32\)$/);
    });
  });
});
