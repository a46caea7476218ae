/** tf.nn error messages (English and Korean) and "a bad call changes nothing". */
import { describe, it, expect, afterEach, beforeAll } from "vitest";
import * as tf from "../../index";

beforeAll(() => tf.config.set_backend("cpu"));
afterEach(() => tf.config.set_language("en"));

function message(f: () => unknown): string {
  try { f(); } catch (e) { return (e as Error).message; }
  throw new Error("expected an error");
}
const logits = tf.constant([[1, 2, 3], [1, 0, -1]]);

describe("tf.nn errors", () => {
  it("sparse labels out of range (TF's CPU message)", () => {
    expect(message(() => tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: tf.constant([0, 3], tf.int32), logits }))).toBe(
      "Received a label value of 3 which is outside the valid range of [0, 3).  Label values: 0 3 [Op:SparseSoftmaxCrossEntropyWithLogits]. Class ids must be in [0, number of classes).");
  });
  it("sparse labels: dtype and shape", () => {
    expect(message(() => tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: tf.constant([0, 1]), logits }))).toContain(
      "labels must be int32 or int64 class ids, got float32");
    expect(message(() => tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: tf.constant([[0, 1, 0], [1, 0, 0]], tf.int32), logits }))).toBe(
      "sparse_softmax_cross_entropy_with_logits: labels shape (2, 3) must equal logits shape (2, 3) without its last dimension (labels are class ids, one per row of logits).");
  });
  it("dense labels: shape mismatch points to the sparse variant", () => {
    expect(message(() => tf.nn.softmax_cross_entropy_with_logits({ labels: tf.constant([2, 0]), logits }))).toBe(
      "softmax_cross_entropy_with_logits: logits and labels must be same size: logits_size=(2, 3) labels_size=(2,). " +
      "Labels here are one-hot (or probabilities) shaped like the logits; for integer class ids use tf.nn.sparse_softmax_cross_entropy_with_logits.");
    tf.config.set_language("ko");
    expect(message(() => tf.nn.softmax_cross_entropy_with_logits({ labels: tf.constant([2, 0]), logits }))).toContain(
      "softmax_cross_entropy_with_logits: logits와 labels의 형태가 같아야 합니다");
  });
  it("missing / misspelled keywords", () => {
    expect(message(() => tf.nn.softmax_cross_entropy_with_logits({ labels: tf.ones([2, 3]) }))).toBe(
      "softmax_cross_entropy_with_logits: both labels and logits are required, e.g. softmax_cross_entropy_with_logits({ labels, logits }).");
    expect(message(() => tf.nn.sparse_softmax_cross_entropy_with_logits({ label: 1, logits } as never))).toContain("Did you mean 'labels'?");
    expect(message(() => tf.nn.softmax(logits, { dim: 0 } as never))).toContain("unexpected keyword argument 'dim'");
    expect(message(() => tf.nn.leaky_relu(logits, { alhpa: 0.1 } as never))).toContain("Did you mean 'alpha'?");
  });
  it("dtype errors", () => {
    expect(message(() => tf.nn.softmax(tf.constant([1, 2], tf.int32)))).toBe(
      "Value for attr 'T' of int32 is not in the list of allowed values for Softmax: floating-point types (float16, float32, float64). Cast the input first (tf.cast).");
    expect(message(() => tf.nn.softmax(tf.constant(1)))).toContain("Softmax: logits must have rank >= 1, got a scalar");
    expect(message(() => tf.nn.bias_add(logits, tf.ones([2])))).toBe(
      "BiasAdd: Must provide as many biases as the last dimension of the input tensor: (2,) vs. (2, 3).");
    expect(message(() => tf.nn.bias_add(logits, tf.ones([2]), "NCHW"))).toContain("as many biases as the channel dimension");
    expect(message(() => tf.nn.moments(logits))).toContain("moments: axes is required");
  });
  it("dropout validates rate and refuses keep_prob (TF1) with the TF2 spelling", () => {
    expect(message(() => tf.nn.dropout(logits, 1))).toBe("dropout: rate must be a scalar in the range [0, 1), got 1.");
    expect(message(() => tf.nn.dropout(logits, { keep_prob: 0.8 }))).toBe(
      "dropout: TF2 takes `rate` (the fraction to drop), not keep_prob. Use tf.nn.dropout(x, { rate: 1 - keep_prob }).");
    expect(message(() => tf.nn.dropout(logits, 0.5, [3, 3]))).toContain("noise_shape (3, 3) must broadcast to the input shape (2, 3)");
  });
  it("a bad dropout call draws no random numbers", () => {
    tf.random.set_seed(5);
    const a = tf.nn.dropout(tf.ones([50]), 0.5).numpy().tolist();
    tf.random.set_seed(5);
    expect(() => tf.nn.dropout(tf.ones([50]), 1.5)).toThrow();
    const b = tf.nn.dropout(tf.ones([50]), 0.5).numpy().tolist();
    expect(b).toEqual(a);
  });
});
