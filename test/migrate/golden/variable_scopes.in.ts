// Rule: variable_scope -> tf.name_scope with its variables created once, outside (scoped names kept).
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null, 2], "x");
const out = tf.compat.v1.variable_scope("net", () => {
  const h = tf.compat.v1.variable_scope("hidden", { initializer: tf.compat.v1.constant_initializer(0.5) }, () => {
    const W = tf.compat.v1.get_variable("W", { shape: [2, 2] }); // scope initializer
    return tf.nn.relu(tf.matmul(x, W));
  });
  const W = tf.compat.v1.get_variable("W", { shape: [2, 1], initializer: tf.compat.v1.ones_initializer() });
  return tf.matmul(h, W);
});
const again = tf.compat.v1.variable_scope("net", { reuse: true }, (scope) => {
  const W = tf.compat.v1.get_variable("W");
  return tf.reduce_sum(W);
});
const sum = tf.add(tf.reduce_sum(out), again);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
console.log(sess.run(sum, { feed_dict: [[x, [[1, 2]]]] }).item());
