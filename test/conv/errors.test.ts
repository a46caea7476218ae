import { describe, it, expect, beforeAll, afterEach } from "vitest";
import * as tf from "../../index";

function msgOf(f: () => unknown): string {
  try { f(); } catch (e) { return (e as Error).message; }
  throw new Error("expected an error");
}

describe("conv / pool errors teach", () => {
  beforeAll(() => tf.config.set_backend("cpu"));
  afterEach(() => tf.config.set_language("en"));

  it("lecture section 2: conv2d SAME keeps 28×28", () => {
    const img = tf.random.normal([1, 28, 28, 1], { seed: 1 });
    const k = tf.random.normal([3, 3, 1, 8], { seed: 2 });
    expect(tf.nn.conv2d(img, k, 1, "SAME").shape).toEqual([1, 28, 28, 8]);
    expect(tf.nn.conv2d(img, k, { strides: 2, padding: "VALID" }).shape).toEqual([1, 13, 13, 8]);
  });

  it("channel mismatch names both shapes and the layout", () => {
    const m = msgOf(() => tf.nn.conv2d(tf.ones([1, 5, 5, 3]), tf.ones([3, 3, 2, 4]), 1, "SAME"));
    expect(m).toContain("(1, 5, 5, 3)");
    expect(m).toContain("(3, 3, 2, 4)");
    expect(m).toContain("3 vs 2");
    expect(m).toContain("in_channels");
    tf.config.set_language("ko");
    expect(msgOf(() => tf.nn.conv2d(tf.ones([1, 5, 5, 3]), tf.ones([3, 3, 2, 4]), 1, "SAME"))).toContain("채널");
  });

  it("invalid paddings, strides, ranks and windows", () => {
    expect(msgOf(() => tf.nn.conv2d(tf.ones([1, 5, 5, 1]), tf.ones([3, 3, 1, 1]), 1, "FULL"))).toMatch(/padding must be "SAME" or "VALID".*"FULL"/);
    expect(msgOf(() => tf.nn.conv2d(tf.ones([1, 5, 5, 1]), tf.ones([3, 3, 1, 1]), 1, [[1, 1], [1, 1], [1, 1], [1, 1]]))).toContain("batch or channel");
    expect(msgOf(() => tf.nn.conv2d(tf.ones([1, 5, 5, 1]), tf.ones([3, 3, 1, 1]), 1, [[1, -1], [0, 0]]))).toContain("non-negative");
    expect(msgOf(() => tf.nn.conv2d(tf.ones([1, 5, 5, 1]), tf.ones([3, 3, 1, 1]), [2, 2, 2, 2], "SAME"))).toContain("batch and depth");
    expect(msgOf(() => tf.nn.conv2d(tf.ones([5, 5, 1]), tf.ones([3, 3, 1, 1]), 1, "SAME"))).toMatch(/rank 4.*\(5, 5, 1\).*expand_dims/);
    expect(msgOf(() => tf.nn.conv2d(tf.ones([1, 2, 2, 1]), tf.ones([3, 3, 1, 1]), 1, "VALID"))).toContain("Computed output size would be negative");
    expect(msgOf(() => tf.nn.avg_pool2d(tf.ones([1, 4, 4, 1]), 2, 2, [[0, 0], [1, 1], [1, 1], [0, 0]]))).toContain("padding");
    expect(msgOf(() => tf.nn.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([3, 3, 1, 1]), 1, "SAME", "NWHC"))).toContain("data_format");
    expect(msgOf(() => tf.nn.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([3, 3, 1, 1]), { stride: 1, padding: "SAME" } as any))).toContain("Did you mean 'strides'?");
    expect(msgOf(() => tf.nn.conv2d_transpose(tf.ones([1, 2, 2, 1]), tf.ones([3, 3, 1, 1]), [1, 9, 9, 1], 2, "SAME"))).toContain("output_shape");
    expect(msgOf(() => tf.nn.conv2d(tf.ones([1, 4, 4, 1], tf.int32), tf.ones([3, 3, 1, 1], tf.int32), 1, "SAME"))).toContain("tf.cast");
  });

  it("explicit padding and NCHW give the same values as padding by hand / NHWC", () => {
    const x = tf.random.normal([2, 6, 5, 3], { seed: 3 }), w = tf.random.normal([3, 2, 3, 4], { seed: 4 });
    const byHand = tf.nn.conv2d(tf.pad(x, [[0, 0], [2, 1], [0, 1], [0, 0]]), w, [1, 2], "VALID");
    const explicit = tf.nn.conv2d(x, w, [1, 2], [[0, 0], [2, 1], [0, 1], [0, 0]]);
    expect(explicit.shape).toEqual(byHand.shape);
    const a = explicit.dataSync(), b = byHand.dataSync();
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i] as number, 5);
    const nchw = tf.nn.conv2d(tf.transpose(x, [0, 3, 1, 2]), w, 1, "SAME", "NCHW");
    const nhwc = tf.transpose(tf.nn.conv2d(x, w, 1, "SAME"), [0, 3, 1, 2]);
    const c = nchw.dataSync(), d = nhwc.dataSync();
    for (let i = 0; i < c.length; i++) expect(c[i]).toBeCloseTo(d[i] as number, 5);
  });
});
