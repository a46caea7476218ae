// Rule: get_variable -> tf.Variable; each TF1 initializer becomes the initial-value expression.
import * as tf from "../../../index";

const a = new tf.Variable(tf.zeros([2]), { name: "a" });
const b = new tf.Variable(tf.ones([2], tf.float64), { name: "b" });
const c = new tf.Variable(tf.constant([1, 2, 3, 4], tf.float32, [2, 2]), { name: "c" });
const d = new tf.Variable(tf.random.normal([3], { mean: 0, stddev: 0.1, seed: 7 }), { name: "d" });
const e = new tf.Variable(tf.random.uniform([3], { minval: -1, maxval: 1 }), { name: "e" });
const f = new tf.Variable(tf.random.truncated_normal([3], { stddev: 0.01, seed: 1 }), { name: "f" });
const g = new tf.Variable(new tf.keras.initializers.GlorotUniform()([4, 3]), { name: "g" });
const h = new tf.Variable(new tf.keras.initializers.GlorotNormal({ seed: 5 })([4, 3]), { name: "h" });
const i = new tf.Variable(tf.constant([1.5, 2.5]), { name: "i", trainable: false });
const j = new tf.Variable(new tf.keras.initializers.VarianceScaling({ scale: 2, mode: "fan_out" })([2, 2]), { name: "j" });
const k = tf.compat.v1.get_variable("k", { shape: [2], regularizer: (t: tf.Tensor) => tf.reduce_sum(t) });

const compute_total = tf.function(() => {
  const total = tf.add_n([tf.reduce_sum(a), tf.cast(tf.reduce_sum(b), tf.float32), tf.reduce_sum(c), tf.reduce_sum(i)]);
  return total;
});

console.log(compute_total().numpy().item(), d, e, f, g, h, j, k);
