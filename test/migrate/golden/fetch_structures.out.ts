// Rule: fetch structures are preserved (single, list, dict, nested, ops, variables, constants).
import * as tf from "../../../index";

/** Session.run returned NDArrays (null for operations); tf.function returns tensors. */
const numpy_values = (s: any): any => s instanceof tf.Tensor ? s.numpy() : Array.isArray(s) ? s.map(numpy_values) : s !== null && typeof s === "object" ? Object.fromEntries(Object.entries(s).map(([k, v]) => [k, numpy_values(v)])) : s;

const v = new tf.Variable(tf.ones([3]), { name: "v" });
const c = tf.constant(10);
const optimizer = new tf.keras.optimizers.SGD(0.1);

const compute_total = tf.function((x: tf.Tensor) => {
  const total = tf.reduce_sum(tf.multiply(x, v));
  return total;
}, { input_signature: [new tf.TensorSpec([3], tf.float32, "x")] });

const compute_total_peak = tf.function((x: tf.Tensor) => {
  const total = tf.reduce_sum(tf.multiply(x, v));
  const peak = tf.reduce_max(x);
  return [total, peak];
}, { input_signature: [new tf.TensorSpec([3], tf.float32, "x")] });

const compute_total_peak_v = tf.function((x: tf.Tensor) => {
  const total = tf.reduce_sum(tf.multiply(x, v));
  const peak = tf.reduce_max(x);
  return { total, peak, v };
}, { input_signature: [new tf.TensorSpec([3], tf.float32, "x")] });

const compute_total_peak_v_2 = tf.function((x: tf.Tensor) => {
  const total = tf.reduce_sum(tf.multiply(x, v));
  const peak = tf.reduce_max(x);
  return [total, [peak, { v }]];
}, { input_signature: [new tf.TensorSpec([3], tf.float32, "x")] });

const train_step = tf.function((x: tf.Tensor) => {
  const tape = new tf.GradientTape();
  const total = tape.record(() => {
    const total = tf.reduce_sum(tf.multiply(x, v));
    return total;
  });
  const variables = [v];
  const gradients = tape.gradient(total, variables);
  optimizer.apply_gradients(gradients.map((g: tf.Tensor, i: number) => [g, variables[i]]));
  return [null, total];
}, { input_signature: [new tf.TensorSpec([3], tf.float32, "x")] });

const one = compute_total([1, 2, 3]).numpy();
const [a, b] = compute_total_peak([1, 2, 3]).map((t: tf.Tensor) => t.numpy());
const d = numpy_values(compute_total_peak_v([1, 2, 3]));
const n = numpy_values(compute_total_peak_v_2([1, 2, 3]));
const [, t] = train_step([1, 2, 3]).map((t: tf.Tensor | null) => t && t.numpy());
const direct = [v.numpy(), c.numpy()];
console.log(one, a, b, d, n, t, direct);
