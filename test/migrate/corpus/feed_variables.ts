// Feeds kept in consts: `const feed_dict = [...]` with the shorthand `{ feed_dict }`, and a whole
// options object `const feed = { feed_dict: ... }`, built fresh in each loop iteration.
import * as tf from "../../../index";

const batches = [[[1, 2], [3, 4]], [[0, 1], [1, 0]], [[2, 2], [1, 1]]];

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null, 2], "x");
const w = tf.compat.v1.get_variable("w", { shape: [2, 1], initializer: tf.compat.v1.constant_initializer([0.5, -0.5]) });
const y = tf.matmul(x, w);
const loss = tf.reduce_mean(tf.square(tf.subtract(y, 1)));
const train = new tf.compat.v1.train.GradientDescentOptimizer(0.05).minimize(loss);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
for (const batch of batches) {
  const feed_dict = [[x, batch]];
  sess.run(train, { feed_dict });
  const feed = { feed_dict: [[x, batch]] };
  console.log(sess.run(loss, feed).item().toFixed(6), String(sess.run(y, feed)));
}
