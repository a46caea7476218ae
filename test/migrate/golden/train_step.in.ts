// Rule: minimize() run by a Session -> a GradientTape train step (var_list, global_step, loss expression).
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null], "x");
const a = tf.compat.v1.get_variable("a", { shape: [], initializer: tf.compat.v1.zeros_initializer() });
const b = tf.compat.v1.get_variable("b", { shape: [], initializer: tf.compat.v1.zeros_initializer() });
const step = tf.compat.v1.get_variable("step", { shape: [], dtype: tf.int32, initializer: tf.compat.v1.zeros_initializer(), trainable: false });
const y = tf.add(tf.multiply(x, a), b);
const opt = new tf.compat.v1.train.GradientDescentOptimizer(0.01);
const train_a = opt.minimize(tf.reduce_mean(tf.square(tf.subtract(y, 1))), { var_list: [a], global_step: step });
const train_all = new tf.compat.v1.train.MomentumOptimizer(0.01, 0.9).minimize(tf.reduce_mean(y));

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
for (let i = 0; i < 3; i++) {
  sess.run(train_a, { feed_dict: [[x, [1, 2]]] });
  const [, yv] = sess.run([train_all, y], { feed_dict: [[x, [1, 2]]] });
  console.log(yv);
}
