import { describe, it, expect } from "vitest";
import * as tf from "../../index";

describe("lecture section 1 and 6", () => {
  it("tf.zeros([3,3,3])", () => {
    const t = tf.zeros([3, 3, 3]);
    expect(t.shape).toEqual([3, 3, 3]);
    expect(String(t.dtype)).toBe("float32");
    expect(t.numpy().tolist()[0][0]).toEqual([0, 0, 0]);
  });
  it("eager matmul prints like TF", () => {
    expect(String(tf.matmul([[2.0]], [[2.0]]))).toBe("tf.Tensor([[4.]], shape=(1, 1), dtype=float32)");
  });
});
