import { describe, it, expect } from "vitest";
import * as tf from "../../index";
import { placeholder } from "../../core/graph/ops";
import { executeGraph } from "../../core/graph/execute";

type T = tf.Tensor;
const run = (fetches: (T | null)[], feeds: [T, unknown][] = []) => executeGraph(fetches as T[], new Map(feeds)) as T[];

describe("tf.gradients (graph mode)", () => {
  it("builds gradient nodes named gradients/<op>_grad/ and computes z = Ax + b's gradients", () => {
    const g = new tf.Graph();
    const { A, x, b, grads } = g.as_default(() => {
      const A = placeholder(tf.float32, [2, 2], "A"), x = placeholder(tf.float32, [2, 1], "x"), b = placeholder(tf.float32, [2, 1], "b");
      const z = tf.add(tf.matmul(A, x), b);
      return { A, x, b, grads: tf.gradients(tf.reduce_sum(z), [A, x, b]) as T[] };
    });
    expect(grads[0].op.name).toBe("gradients/MatMul_grad/MatMul");
    expect(grads[1].op.name).toBe("gradients/MatMul_grad/MatMul_1");
    expect(grads[2].op.name).toMatch(/^gradients\/(AddV2|Sum)_grad\//);
    const [dA, dx, db] = run(grads, [[A, [[1, 2], [3, 4]]], [x, [[5], [6]]], [b, [[0], [0]]]]);
    expect(dA.numpy().tolist()).toEqual([[5, 6], [5, 6]]);
    expect(dx.numpy().tolist()).toEqual([[4], [6]]);
    expect(db.numpy().tolist()).toEqual([[1], [1]]);
  });

  it("works with an unknown batch dimension and matches the eager tape (softmax cross-entropy, section 8's model)", () => {
    const Wv = tf.random.normal([4, 3], { seed: 5 }), bv = tf.random.normal([3], { seed: 6 });
    const xs = tf.random.normal([5, 4], { seed: 7 });
    const ys = tf.one_hot(tf.constant([0, 2, 1, 1, 0], tf.int32), 3);
    const g = new tf.Graph();
    const { x, y, W, b, loss, dW, db } = g.as_default(() => {
      const x = placeholder(tf.float32, [null, 4], "X"), y = placeholder(tf.float32, [null, 3], "Y");
      const W = new tf.Variable(Wv, { name: "W" }), b = new tf.Variable(bv, { name: "b" });
      const logits = tf.add(tf.matmul(x, W), b);
      const loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits({ labels: y, logits }));
      const [dW, db] = tf.gradients(loss, [W, b]) as T[];
      return { x, y, W, b, loss, dW, db };
    });
    expect(dW.shape).toEqual([4, 3]);
    executeGraph([W.initializer!, b.initializer!], null);
    const [l, gW, gb] = run([loss, dW, db], [[x, xs], [y, ys]]);
    // eager reference
    const We = new tf.Variable(Wv), be = new tf.Variable(bv);
    const tape = new tf.GradientTape();
    const le = tape.record(() => tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits({ labels: ys, logits: tf.add(tf.matmul(xs, We), be) })));
    const [eW, eb] = tape.gradient(le, [We, be]) as T[];
    expect(l.numpy().item()).toBeCloseTo(le.numpy().item() as number, 6);
    const cmp = (a: T, e: T) => Array.from(a.dataSync() as ArrayLike<number>).forEach((v, i) => expect(v).toBeCloseTo(e.dataSync()[i] as number, 6));
    cmp(gW, eW);
    cmp(gb, eb);
    // a different batch size runs the same graph
    const [l3] = run([loss], [[x, tf.slice(xs, [0, 0], [3, 4])], [y, tf.slice(ys, [0, 0], [3, 3])]]);
    expect(Number.isFinite(l3.numpy().item())).toBe(true);
  });

  it("respects stop_gradient, stop_gradients and grad_ys; unconnected xs give null or zeros", () => {
    const g = new tf.Graph();
    const { x, gs } = g.as_default(() => {
      const x = placeholder(tf.float32, [2], "x");
      const u = placeholder(tf.float32, [2], "u");
      const sq = tf.square(x);
      const y = tf.add(tf.stop_gradient(sq), tf.multiply(x, 3));
      const gs = [
        ...(tf.gradients(y, [x]) as T[]),
        ...(tf.gradients(tf.add(sq, x), [x], { stop_gradients: [sq] }) as T[]),
        ...(tf.gradients(sq, [x], [tf.constant([10.0, 100.0])]) as T[]),
        ...(tf.gradients(y, [u]) as (T | null)[]),
        ...(tf.gradients(y, [u], { unconnected_gradients: "zero" }) as T[]),
      ];
      return { x, gs };
    });
    expect(gs[3]).toBeNull();
    const [g0, g1, g2, , g4] = run([gs[0], gs[1], gs[2], gs[0], gs[4]], [[x, [1, 2]], [g.get_tensor_by_name("u:0"), [0, 0]]]);
    expect(Array.from(g0.dataSync() as ArrayLike<number>)).toEqual([3, 3]);
    expect(Array.from(g1.dataSync() as ArrayLike<number>)).toEqual([1, 1]);
    expect(Array.from(g2.dataSync() as ArrayLike<number>)).toEqual([20, 400]);
    expect(Array.from(g4.dataSync() as ArrayLike<number>)).toEqual([0, 0]);
  });

  it("tf.custom_gradient rules apply in graphs too", () => {
    const clip = tf.custom_gradient((a: T) => [tf.square(a), (dy: T) => tf.clip_by_value(tf.multiply(dy, tf.multiply(a, 2)), -1, 1)]);
    const g = new tf.Graph();
    const { x, dx } = g.as_default(() => {
      const x = placeholder(tf.float32, [3], "x");
      return { x, dx: (tf.gradients(tf.reduce_sum(clip(x)), [x]) as T[])[0] };
    });
    expect(Array.from(run([dx], [[x, [0.1, 2, -3]]])[0].dataSync() as ArrayLike<number>).map((v) => Math.round(v * 1000) / 1000)).toEqual([0.2, 1, -1]);
    const f = tf.function((a: T) => { const t = new tf.GradientTape(); t.watch(a); const y = t.record(() => tf.reduce_sum(clip(a))); return t.gradient(y, a); });
    expect(Array.from(f(tf.constant([0.1, 2, -3])).dataSync() as ArrayLike<number>).map((v) => Math.round(v * 1000) / 1000)).toEqual([0.2, 1, -1]);
  });

  it("is an error in eager mode", () => {
    expect(() => tf.gradients(tf.constant(1.0), [tf.constant(1.0)])).toThrow(/not supported when eager execution is enabled. Use tf.GradientTape/);
  });
});
