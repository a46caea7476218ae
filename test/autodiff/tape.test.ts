import { describe, it, expect } from "vitest";
import * as tf from "../../index";
import { gradcheck } from "../util/gradcheck";

const close = (a: unknown, b: unknown) => expect(a).toEqual(b);

describe("GradientTape: EXAMPLES section 4", () => {
  it("dW of sum((xW)^2) is [[8, 12], [8, 12]]", () => {
    const W = new tf.Variable(tf.constant([[1, 2], [3, 4]]), { name: "W" });
    const xin = tf.constant([[1, 1]]);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduce_sum(tf.square(tf.matmul(xin, W))));
    const dW = tape.gradient(loss, W);
    expect(loss.numpy().item()).toBe(4 * 4 + 6 * 6);
    close(dW.numpy().tolist(), [[8, 12], [8, 12]]);
    expect(String(dW)).toBe("tf.Tensor(\n[[ 8. 12.]\n [ 8. 12.]], shape=(2, 2), dtype=float32)");
  });
});

describe("gradcheck utility", () => {
  it("passes for a correct rule and catches a wrong one", () => {
    const x = tf.constant([[0.3, -1.2], [2.0, 0.5]]);
    expect(gradcheck((a) => tf.tanh(tf.matmul(a, a)), [x])).toBeLessThan(1e-6);
    const bad = tf.custom_gradient((a: tf.Tensor) => [tf.square(a), (dy: tf.Tensor) => tf.multiply(dy, a)]);
    expect(() => gradcheck((a) => bad(a), [x])).toThrow(/gradient mismatch for input 0/);
  });
});
