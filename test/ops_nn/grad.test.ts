/** Gradients of tf.nn ops: tape vs float64 central differences, plus second order where TF has it. */
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
/** Random values kept away from the activation kinks (0, and 6 for relu6). */
function awayFromKinks(shape: number[], seed: number): tf.Tensor {
  const t = rnd(shape, seed, -7.5, 7.5);
  const v = Float64Array.from(t.dataSync() as Float64Array).map((x) => (Math.abs(x) < 0.05 ? x + 0.1 : Math.abs(x - 6) < 0.05 ? x + 0.1 : x));
  return tf.constant(v, tf.float64, shape);
}

beforeAll(() => tf.config.set_backend("cpu"));

describe("activation gradients", () => {
  const x = awayFromKinks([3, 5], 17);
  const acts: [string, (a: tf.Tensor) => tf.Tensor][] = [
    ["relu", (a) => tf.nn.relu(a)], ["relu6", (a) => tf.nn.relu6(a)], ["elu", (a) => tf.nn.elu(a)],
    ["selu", (a) => tf.nn.selu(a)], ["leaky_relu", (a) => tf.nn.leaky_relu(a)], ["leaky_relu 0.01", (a) => tf.nn.leaky_relu(a, 0.01)],
    ["gelu", (a) => tf.nn.gelu(a)], ["gelu approximate", (a) => tf.nn.gelu(a, true)], ["softplus", (a) => tf.nn.softplus(a)],
    ["softsign", (a) => tf.nn.softsign(a)], ["sigmoid", (a) => tf.nn.sigmoid(a)], ["tanh", (a) => tf.nn.tanh(a)],
    ["silu", (a) => tf.nn.silu(a)], ["silu beta 1.5", (a) => tf.nn.silu(a, 1.5)], ["log_sigmoid", (a) => tf.math.log_sigmoid(a)],
  ];
  for (const [name, f] of acts) it(name, () => { gradcheck(f, [x], { name }); });
  it("relu at 0 has gradient 0 (TF's ReluGrad)", () => {
    const z = tf.constant([-1, 0, 2]);
    const tape = new tf.GradientTape();
    tape.watch(z);
    const y = tape.record(() => tf.nn.relu(z));
    expect((tape.gradient(y, z) as tf.Tensor).tolist()).toEqual([0, 0, 1]);
  });
});

describe("softmax family gradients", () => {
  for (const [shape, axis] of [[[5], -1], [[3, 4], -1], [[3, 4], 0], [[2, 3, 4], 1], [[2, 3, 4], -1]] as [number[], number][]) {
    it(`softmax / log_softmax ${JSON.stringify(shape)} axis=${axis}`, () => {
      gradcheck((a) => tf.nn.softmax(a, axis), [rnd(shape, 3)]);
      gradcheck((a) => tf.nn.log_softmax(a, axis), [rnd(shape, 4)]);
    });
  }
  it("softmax_cross_entropy_with_logits: d/dlogits and d/dlabels (TF2)", () => {
    const logits = rnd([4, 5], 5);
    const p = tf.nn.softmax(rnd([4, 5], 6));
    gradcheck((lb, lg) => tf.nn.softmax_cross_entropy_with_logits({ labels: lb, logits: lg }), [p, logits]);
    // Like TF's kernel, d/dlogits is softmax - labels: labels must be distributions along the class axis.
    gradcheck((lb, lg) => tf.nn.softmax_cross_entropy_with_logits({ labels: lb, logits: lg, axis: 0 }), [tf.nn.softmax(rnd([4, 5], 1), 0), logits]);
    gradcheck((lb, lg) => tf.nn.softmax_cross_entropy_with_logits(lb, lg), [tf.nn.softmax(rnd([2, 3, 4], 1)), rnd([2, 3, 4], 2)]);
  });
  it("sparse_softmax_cross_entropy_with_logits: d/dlogits = softmax - onehot", () => {
    const labels = tf.constant([0, 3, 2, 4], tf.int32);
    gradcheck((lg) => tf.nn.sparse_softmax_cross_entropy_with_logits({ labels, logits: lg }), [rnd([4, 5], 7)]);
    const l3 = tf.constant([[1, 0, 2], [2, 2, 0]], tf.int64);
    gradcheck((lg) => tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: l3, logits: lg }), [rnd([2, 3, 3], 8)]);
  });
  it("second order through the fused cross-entropies (Hessian-vector product)", () => {
    const logits = rnd([3, 4], 9);
    const p = tf.nn.softmax(rnd([3, 4], 10));
    const ids = tf.constant([1, 0, 3], tf.int32);
    for (const loss of [
      (lg: tf.Tensor) => tf.nn.softmax_cross_entropy_with_logits({ labels: p, logits: lg }),
      (lg: tf.Tensor) => tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: ids, logits: lg }),
    ]) {
      // g(lg) = d sum(loss) / d lg, built on a tape so its own gradient can be checked.
      const g = (lg: tf.Tensor) => {
        const inner = new tf.GradientTape();
        inner.watch(lg);
        const l = inner.record(() => tf.reduce_sum(loss(lg)));
        return inner.gradient(l, lg) as tf.Tensor;
      };
      gradcheck(g, [logits], { atol: 1e-5 });
    }
  });
  it("sigmoid and weighted cross-entropy: both inputs", () => {
    const z = rnd([3, 4], 11, 0, 1), x = rnd([3, 4], 12, -4, 4);
    gradcheck((lb, lg) => tf.nn.sigmoid_cross_entropy_with_logits({ labels: lb, logits: lg }), [z, x]);
    gradcheck((lb, lg) => tf.nn.weighted_cross_entropy_with_logits({ labels: lb, logits: lg, pos_weight: 3 }), [z, x]);
  });
});

describe("moments, l2 and bias_add gradients", () => {
  it("moments (mean and variance)", () => {
    gradcheck((a) => tf.nn.moments(a, [0]), [rnd([4, 3], 1)]);
    gradcheck((a) => tf.nn.moments(a, [0, 2], { keepdims: true }), [rnd([2, 3, 4], 2)]);
  });
  it("l2_loss and l2_normalize", () => {
    gradcheck((a) => tf.nn.l2_loss(a), [rnd([3, 4], 3)]);
    gradcheck((a) => tf.nn.l2_normalize(a, 1), [rnd([3, 4], 4)]);
    gradcheck((a) => tf.math.l2_normalize(a), [rnd([5], 5)]);
  });
  it("bias_add NHWC and NCHW", () => {
    gradcheck((v, b) => tf.nn.bias_add(v, b), [rnd([2, 3, 4], 6), rnd([4], 7)]);
    gradcheck((v, b) => tf.nn.bias_add(v, b, "NCHW"), [rnd([2, 3, 2, 2], 8), rnd([3], 9)]);
  });
});
