// tf.compat.v1.losses.mean_squared_error with AdagradOptimizer.
import * as tf from "../../../index";

const inputs = [[1, 2], [2, 1], [3, 3], [0, 1]];
const outputs = [[5], [4], [9], [2]];

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null, 2], "x");
const y = tf.compat.v1.placeholder(tf.float32, [null, 1], "y");
const W = tf.compat.v1.get_variable("W", { shape: [2, 1], initializer: tf.compat.v1.constant_initializer(0.1) });
const pred = tf.matmul(x, W);
const loss = tf.compat.v1.losses.mean_squared_error(y, pred);
const train = new tf.compat.v1.train.AdagradOptimizer(0.5).minimize(loss);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
for (let i = 0; i < 20; i++) {
  const [, l] = sess.run([train, loss], { feed_dict: [[x, inputs], [y, outputs]] });
  if (i % 5 === 0) console.log(i, l.item().toFixed(5));
}
console.log(String(sess.run(W)));
