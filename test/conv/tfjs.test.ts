import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "../../index";
import * as tfjs from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-core/dist/register_all_gradients";

// The same inputs through tensorflow-ts and @tensorflow/tfjs-core (cpu backend): forward values
// and gradients must agree to float32 accuracy.
function data(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; d[i] = s / 4294967296 * 2 - 1; }
  return d;
}
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
function pair(shape: number[], seed: number): [tf.Tensor, tfjs.Tensor] {
  const d = data(size(shape), seed);
  return [tf.reshape(tf.constant(d), shape), tfjs.tensor(d, shape)];
}
function same(a: tf.Tensor, b: tfjs.Tensor, what: string): void {
  expect(a.shape, what).toEqual(b.shape);
  const x = a.dataSync() as Float32Array, y = b.dataSync();
  let err = 0, m = 1e-6;
  for (let i = 0; i < y.length; i++) { err = Math.max(err, Math.abs(x[i] - y[i])); m = Math.max(m, Math.abs(y[i])); }
  expect(err / m, what).toBeLessThan(2e-5);
}
/** Gradients of sum(f(...) * c) in both libraries. */
function grads(ours: (...x: tf.Tensor[]) => tf.Tensor, theirs: (...x: tfjs.Tensor[]) => tfjs.Tensor, xs: [tf.Tensor, tfjs.Tensor][], outShape: number[], what: string): void {
  const [c, cj] = pair(outShape, 999);
  const tape = new tf.GradientTape();
  const a = xs.map((p) => p[0]);
  const y = tape.record(() => { tape.watch(a); return tf.reduce_sum(tf.multiply(ours(...a), c)); });
  const g = tape.gradient(y, a) as tf.Tensor[];
  const gj = tfjs.grads((...b: tfjs.Tensor[]) => tfjs.sum(tfjs.mul(theirs(...b), cj)))(xs.map((p) => p[1]));
  g.forEach((t, i) => same(t, gj[i], `${what} grad ${i}`));
}

describe("conv and pooling agree with @tensorflow/tfjs-core (cpu)", () => {
  beforeAll(async () => { tf.config.set_backend("cpu"); await tfjs.setBackend("cpu"); });

  const conv2dCases: [number[], number[], number | [number, number], "same" | "valid", number | [number, number]][] = [
    [[2, 28, 28, 1], [3, 3, 1, 8], 1, "same", 1],
    [[2, 14, 14, 8], [3, 3, 8, 16], 1, "same", 1],
    [[1, 9, 7, 3], [5, 2, 3, 4], [2, 1], "valid", 1],
    [[1, 11, 11, 2], [3, 3, 2, 3], 1, "same", [2, 2]],
    [[3, 8, 8, 4], [1, 1, 4, 5], 1, "valid", 1],
    [[1, 10, 10, 2], [3, 3, 2, 2], 3, "same", 1],
  ];
  it.each(conv2dCases)("conv2d x%j w%j strides=%j %s dilations=%j (values and gradients)", (xs, ws, st, pad, dil) => {
    const x = pair(xs, 1), w = pair(ws, 2);
    const ours = (a: tf.Tensor, b: tf.Tensor) => tf.nn.conv2d(a, b, st, pad.toUpperCase(), "NHWC", dil);
    const theirs = (a: tfjs.Tensor, b: tfjs.Tensor) => tfjs.conv2d(a as tfjs.Tensor4D, b as tfjs.Tensor4D, st, pad, "NHWC", dil);
    const y = ours(x[0], w[0]), yj = theirs(x[1], w[1]);
    same(y, yj, "conv2d");
    // tfjs has no gradient for dilated conv2d; ours is checked by finite differences (grad.test.ts).
    if (dil === 1) grads(ours, theirs, [x, w], yj.shape, "conv2d");
  });

  it("conv2d_transpose", () => {
    const x = pair([2, 7, 7, 4], 3), w = pair([3, 3, 2, 4], 4);
    same(tf.nn.conv2d_transpose(x[0], w[0], [2, 14, 14, 2], 2, "SAME"), tfjs.conv2dTranspose(x[1] as tfjs.Tensor4D, w[1] as tfjs.Tensor4D, [2, 14, 14, 2], 2, "same"), "conv2d_transpose");
  });

  it("depthwise_conv2d and separable_conv2d (values and gradients)", () => {
    const x = pair([2, 9, 9, 3], 5), w = pair([3, 3, 3, 2], 6), p = pair([1, 1, 6, 4], 7);
    const ours = (a: tf.Tensor, b: tf.Tensor) => tf.nn.depthwise_conv2d(a, b, [1, 2, 2, 1], "SAME");
    const theirs = (a: tfjs.Tensor, b: tfjs.Tensor) => tfjs.depthwiseConv2d(a as tfjs.Tensor4D, b as tfjs.Tensor4D, 2, "same");
    const yj = theirs(x[1], w[1]);
    same(ours(x[0], w[0]), yj, "depthwise");
    grads(ours, theirs, [x, w], yj.shape, "depthwise");
    same(tf.nn.separable_conv2d(x[0], w[0], p[0], [1, 1, 1, 1], "VALID"),
      tfjs.separableConv2d(x[1] as tfjs.Tensor4D, w[1] as tfjs.Tensor4D, p[1] as tfjs.Tensor4D, 1, "valid"), "separable");
  });

  it("conv1d and conv3d", () => {
    const x = pair([2, 20, 3], 8), w = pair([5, 3, 4], 9);
    same(tf.nn.conv1d(x[0], w[0], 2, "SAME"), tfjs.conv1d(x[1] as tfjs.Tensor3D, w[1] as tfjs.Tensor3D, 2, "same"), "conv1d");
    const x3 = pair([1, 6, 7, 5, 2], 10), w3 = pair([3, 2, 3, 2, 3], 11);
    const ours = (a: tf.Tensor, b: tf.Tensor) => tf.nn.conv3d(a, b, [1, 1, 2, 1, 1], "SAME");
    const theirs = (a: tfjs.Tensor, b: tfjs.Tensor) => tfjs.conv3d(a as tfjs.Tensor5D, b as tfjs.Tensor5D, [1, 2, 1], "same");
    const yj = theirs(x3[1], w3[1]);
    same(ours(x3[0], w3[0]), yj, "conv3d");
    grads(ours, theirs, [x3, w3], yj.shape, "conv3d");
  });

  it.each([["max", 2, 2, "valid"], ["max", 3, 2, "same"], ["avg", 2, 2, "valid"], ["avg", 3, 2, "same"], ["avg", 3, 1, "same"]] as const)(
    "%s pool 2-D window %d stride %d %s (values and gradients)", (kind, k, s, pad) => {
      const x = pair([2, 13, 11, 3], 12);
      const ours = (a: tf.Tensor) => (kind === "max" ? tf.nn.max_pool2d : tf.nn.avg_pool2d)(a, k, s, pad.toUpperCase());
      const theirs = (a: tfjs.Tensor) => (kind === "max" ? tfjs.maxPool : tfjs.avgPool)(a as tfjs.Tensor4D, k, s, pad);
      const yj = theirs(x[1]);
      same(ours(x[0]), yj, `${kind}Pool`);
      // tfjs's avgPool backward divides by the whole window even where SAME padding cut it short
      // (its forward divides by the in-bounds count), so its SAME gradient is inconsistent with its
      // own forward pass; ours matches finite differences and numpy (grad.test.ts, fixtures.test.ts).
      if (!(kind === "avg" && pad === "same")) grads(ours, theirs, [x], yj.shape, `${kind}Pool`);
    });

  it("3-D pooling", () => {
    const x = pair([1, 5, 6, 7, 2], 13);
    same(tf.nn.max_pool3d(x[0], 2, 2, "SAME"), tfjs.maxPool3d(x[1] as tfjs.Tensor5D, 2, 2, "same"), "maxPool3d");
    same(tf.nn.avg_pool3d(x[0], [2, 3, 2], 1, "VALID"), tfjs.avgPool3d(x[1] as tfjs.Tensor5D, [2, 3, 2], 1, "valid"), "avgPool3d");
  });
});
