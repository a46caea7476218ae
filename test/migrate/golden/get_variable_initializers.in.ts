// Rule: get_variable -> tf.Variable; each TF1 initializer becomes the initial-value expression.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const a = tf.compat.v1.get_variable("a", { shape: [2], initializer: tf.compat.v1.zeros_initializer() });
const b = tf.compat.v1.get_variable("b", [2], tf.float64, tf.compat.v1.ones_initializer());
const c = tf.compat.v1.get_variable("c", { shape: [2, 2], initializer: tf.compat.v1.constant_initializer([1, 2, 3, 4]) });
const d = tf.compat.v1.get_variable("d", { shape: [3], initializer: tf.compat.v1.random_normal_initializer(0, 0.1, 7) });
const e = tf.compat.v1.get_variable("e", { shape: [3], initializer: tf.compat.v1.random_uniform_initializer({ minval: -1, maxval: 1 }) });
const f = tf.compat.v1.get_variable("f", { shape: [3], initializer: tf.compat.v1.truncated_normal_initializer({ stddev: 0.01, seed: 1 }) });
const g = tf.compat.v1.get_variable("g", { shape: [4, 3] });
const h = tf.compat.v1.get_variable("h", { shape: [4, 3], initializer: tf.compat.v1.glorot_normal_initializer(5) });
const i = tf.compat.v1.get_variable("i", { initializer: tf.constant([1.5, 2.5]), trainable: false });
const j = tf.compat.v1.get_variable("j", { shape: [2, 2], initializer: tf.compat.v1.variance_scaling_initializer({ scale: 2, mode: "fan_out" }) });
const k = tf.compat.v1.get_variable("k", { shape: [2], regularizer: (t: tf.Tensor) => tf.reduce_sum(t) });
const total = tf.add_n([tf.reduce_sum(a), tf.cast(tf.reduce_sum(b), tf.float32), tf.reduce_sum(c), tf.reduce_sum(i)]);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
console.log(sess.run(total).item(), d, e, f, g, h, j, k);
