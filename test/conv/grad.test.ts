import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "../../index";
import { gradcheck } from "../util/gradcheck";

// Finite-difference checks (float64) for every convolution and pooling gradient, including the
// gradients of the backprop ops themselves (second order) and graph-mode gradients.
function rnd(shape: number[], seed: number): tf.Tensor {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; d[i] = s / 4294967296 * 2 - 1; }
  return tf.reshape(tf.constant(d, tf.float64), shape);
}

describe("conv / pool gradients vs central differences", () => {
  beforeAll(() => tf.config.set_backend("cpu"));

  it("conv2d: SAME/VALID/explicit, strides, dilations, NHWC and NCHW", () => {
    gradcheck((x, w) => tf.nn.conv2d(x, w, 1, "SAME"), [rnd([2, 5, 4, 2], 1), rnd([3, 3, 2, 3], 2)], { name: "conv2d SAME" });
    gradcheck((x, w) => tf.nn.conv2d(x, w, 2, "VALID"), [rnd([1, 7, 6, 2], 3), rnd([3, 2, 2, 2], 4)], { name: "conv2d VALID s2" });
    gradcheck((x, w) => tf.nn.conv2d(x, w, 1, "SAME", "NHWC", 2), [rnd([1, 6, 6, 1], 5), rnd([2, 2, 1, 2], 6)], { name: "conv2d dilated" });
    gradcheck((x, w) => tf.nn.conv2d(x, w, [1, 2], [[0, 0], [1, 0], [2, 1], [0, 0]]), [rnd([1, 4, 5, 2], 7), rnd([2, 3, 2, 2], 8)], { name: "conv2d explicit" });
    gradcheck((x, w) => tf.nn.conv2d(x, w, 1, "SAME", "NCHW"), [rnd([1, 2, 4, 4], 9), rnd([3, 3, 2, 2], 10)], { name: "conv2d NCHW" });
  });

  it("conv1d, conv3d, convolution", () => {
    gradcheck((x, w) => tf.nn.conv1d(x, w, 2, "SAME"), [rnd([2, 7, 2], 11), rnd([3, 2, 3], 12)], { name: "conv1d" });
    gradcheck((x, w) => tf.nn.conv3d(x, w, [1, 1, 1, 1, 1], "SAME"), [rnd([1, 3, 4, 3, 2], 13), rnd([2, 2, 2, 2, 2], 14)], { name: "conv3d" });
    gradcheck((x, w) => tf.nn.convolution(x, w, 1, "VALID"), [rnd([1, 4, 4, 1], 15), rnd([2, 2, 1, 1], 16)], { name: "convolution" });
  });

  it("conv2d_transpose, conv1d_transpose, conv3d_transpose (both inputs)", () => {
    gradcheck((x, w) => tf.nn.conv2d_transpose(x, w, [1, 6, 6, 2], 2, "SAME"), [rnd([1, 3, 3, 3], 17), rnd([3, 3, 2, 3], 18)], { name: "conv2d_transpose" });
    gradcheck((x, w) => tf.nn.conv1d_transpose(x, w, [1, 8, 1], 2, "VALID"), [rnd([1, 3, 2], 19), rnd([4, 1, 2], 20)], { name: "conv1d_transpose" });
    gradcheck((x, w) => tf.nn.conv3d_transpose(x, w, [1, 4, 4, 4, 1], 2, "SAME"), [rnd([1, 2, 2, 2, 2], 21), rnd([2, 2, 2, 1, 2], 22)], { name: "conv3d_transpose" });
  });

  it("depthwise_conv2d, separable_conv2d, atrous_conv2d", () => {
    gradcheck((x, w) => tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME"), [rnd([1, 4, 5, 2], 23), rnd([3, 3, 2, 2], 24)], { name: "depthwise" });
    gradcheck((x, w) => tf.nn.depthwise_conv2d(x, w, [1, 1, 2, 2], "VALID", "NCHW"), [rnd([1, 3, 5, 5], 25), rnd([2, 2, 3, 1], 26)], { name: "depthwise NCHW s2" });
    gradcheck((x, d, p) => tf.nn.separable_conv2d(x, d, p, [1, 1, 1, 1], "SAME"), [rnd([1, 4, 4, 2], 27), rnd([3, 3, 2, 2], 28), rnd([1, 1, 4, 3], 29)], { name: "separable" });
    gradcheck((x, w) => tf.nn.atrous_conv2d(x, w, 2, "SAME"), [rnd([1, 5, 5, 1], 30), rnd([2, 2, 1, 2], 31)], { name: "atrous" });
  });

  it("max/avg pooling 1-D, 2-D, 3-D, tf.nn.pool with dilation", () => {
    // Distinct values keep max pooling away from ties (where it is not differentiable).
    gradcheck((x) => tf.nn.max_pool2d(x, 2, 2, "SAME"), [rnd([2, 5, 5, 2], 32)], { name: "max_pool2d" });
    gradcheck((x) => tf.nn.avg_pool2d(x, [3, 2], [2, 1], "SAME"), [rnd([1, 5, 4, 2], 33)], { name: "avg_pool2d" });
    gradcheck((x) => tf.nn.max_pool(x, 2, 1, "VALID", "NCHW"), [rnd([1, 2, 4, 4], 34)], { name: "max_pool NCHW" });
    gradcheck((x) => tf.nn.max_pool1d(x, 3, 2, "VALID"), [rnd([2, 7, 2], 35)], { name: "max_pool1d" });
    gradcheck((x) => tf.nn.avg_pool1d(x, 2, 2, "SAME"), [rnd([1, 5, 2], 36)], { name: "avg_pool1d" });
    gradcheck((x) => tf.nn.max_pool3d(x, 2, 2, "SAME"), [rnd([1, 3, 4, 3, 2], 37)], { name: "max_pool3d" });
    gradcheck((x) => tf.nn.avg_pool3d(x, 2, 1, "VALID"), [rnd([1, 3, 3, 3, 1], 38)], { name: "avg_pool3d" });
    gradcheck((x) => tf.nn.pool(x, [2, 2], "MAX", [1, 1], "SAME", undefined, [2, 2]), [rnd([1, 5, 5, 1], 39)], { name: "pool MAX dilated" });
    gradcheck((x) => tf.nn.pool(x, [2, 2], "AVG", [1, 1], "VALID", undefined, [2, 1]), [rnd([1, 5, 5, 1], 40)], { name: "pool AVG dilated" });
  });

  it("second order: gradients of the backprop ops (double backprop through conv2d and pools)", () => {
    // d/dx of <∇_x sum(conv(x, w) * c), u> exercises Conv2DBackpropInput's and Filter's gradients.
    const c = rnd([1, 3, 3, 2], 41);
    const inner = (x: tf.Tensor, w: tf.Tensor) => {
      const tape = new tf.GradientTape();
      const y = tape.record(() => { tape.watch([x, w]); return tf.reduce_sum(tf.multiply(tf.nn.conv2d(x, w, 1, "VALID"), c)); });
      const [gx, gw] = tape.gradient(y, [x, w]) as tf.Tensor[];
      return [tf.square(gx), tf.square(gw)];
    };
    gradcheck(inner, [rnd([1, 4, 4, 2], 42), rnd([2, 2, 2, 2], 43)], { name: "conv2d double backprop" });
    const pools = (x: tf.Tensor, g: tf.Tensor) => {
      const tape = new tf.GradientTape();
      const y = tape.record(() => { tape.watch(x); return tf.add(tf.reduce_sum(tf.multiply(tf.nn.max_pool2d(x, 2, 2, "VALID"), g)), tf.reduce_sum(tf.multiply(tf.nn.avg_pool2d(x, 2, 2, "VALID"), g))); });
      return tape.gradient(y, x) as tf.Tensor;
    };
    gradcheck(pools, [rnd([1, 4, 4, 1], 44), rnd([1, 2, 2, 1], 45)], { name: "pool gradient w.r.t. the cotangent", wrt: [1] });
  });

  it("graph mode: tf.function gradients of conv2d and max_pool2d equal eager ones", () => {
    const x = rnd([2, 6, 6, 3], 46), w = rnd([3, 3, 3, 4], 47);
    const step = (a: tf.Tensor, b: tf.Tensor) => {
      const tape = new tf.GradientTape();
      const y = tape.record(() => { tape.watch([a, b]); return tf.reduce_sum(tf.square(tf.nn.max_pool2d(tf.nn.conv2d(a, b, 1, "SAME"), 2, 2, "VALID"))); });
      return tape.gradient(y, [a, b]) as tf.Tensor[];
    };
    const [ex, ew] = step(x, w);
    const [gx, gw] = tf.function(step)(x, w) as tf.Tensor[];
    const ed = ex.dataSync(), gd = gx.dataSync(), ewd = ew.dataSync(), gwd = gw.dataSync();
    for (let i = 0; i < ed.length; i++) expect(gd[i]).toBeCloseTo(ed[i] as number, 10);
    for (let i = 0; i < ewd.length; i++) expect(gwd[i]).toBeCloseTo(ewd[i] as number, 10);
  });
});
