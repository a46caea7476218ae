// Rule: fetch structures are preserved (single, list, dict, nested, ops, variables, constants).
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [3], "x");
const v = tf.compat.v1.get_variable("v", { shape: [3], initializer: tf.compat.v1.ones_initializer() });
const c = tf.constant(10);
const total = tf.reduce_sum(tf.multiply(x, v));
const peak = tf.reduce_max(x);
const step = new tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(total);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
const one = sess.run(total, { feed_dict: [[x, [1, 2, 3]]] });
const [a, b] = sess.run([total, peak], { feed_dict: [[x, [1, 2, 3]]] });
const d = sess.run({ total, peak, v }, { feed_dict: [[x, [1, 2, 3]]] });
const n = sess.run([total, [peak, { v }]], { feed_dict: [[x, [1, 2, 3]]] });
const [, t] = sess.run([step, total], { feed_dict: [[x, [1, 2, 3]]] });
const direct = sess.run([v, c]);
console.log(one, a, b, d, n, t, direct);
