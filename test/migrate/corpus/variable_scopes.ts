// Two layers built inside variable scopes; the variables keep their scoped names.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null, 3], "x");

const h1 = tf.compat.v1.variable_scope("layer1", () => {
  const W = tf.compat.v1.get_variable("W", { shape: [3, 4], initializer: tf.compat.v1.constant_initializer(0.1) });
  const b = tf.compat.v1.get_variable("b", { shape: [4], initializer: tf.compat.v1.constant_initializer(0.01) });
  return tf.nn.relu(tf.add(tf.matmul(x, W), b));
});
const h2 = tf.compat.v1.variable_scope("layer2", () => {
  // The second layer: a plain linear map.
  const W = tf.compat.v1.get_variable("W", { shape: [4, 2], initializer: tf.compat.v1.ones_initializer() });
  return tf.matmul(h1, W);
});

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
console.log(String(sess.run(h2, { feed_dict: [[x, [[1, 2, 3], [-1, 0, 1]]]] })));
console.log(String(sess.run(h1, { feed_dict: [[x, [[0.5, 0.5, 0.5]]]] })));
