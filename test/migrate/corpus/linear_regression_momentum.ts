// Linear regression with MomentumOptimizer; a fetch dict mixes a tensor and a variable.
import * as tf from "../../../index";

const xs = [[0.0], [0.5], [1.0], [1.5], [2.0]];
const ys = [[1.0], [1.9], [3.1], [3.9], [5.1]];

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, { shape: [null, 1], name: "x" });
const y = tf.compat.v1.placeholder(tf.float32, { shape: [null, 1], name: "y" });
const w = tf.compat.v1.get_variable("w", { shape: [1, 1], initializer: tf.compat.v1.constant_initializer(0.5) });
const b = tf.compat.v1.get_variable("b", { shape: [1], initializer: tf.compat.v1.ones_initializer() });
const y_hat = tf.add(tf.matmul(x, w), b);
const loss = tf.reduce_mean(tf.square(tf.subtract(y_hat, y)));
const opt = new tf.compat.v1.train.MomentumOptimizer(0.05, 0.9);
const train = opt.minimize(loss);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
for (let i = 0; i < 40; i++) {
  sess.run(train, { feed_dict: [[x, xs], [y, ys]] });
  if (i % 8 === 7) {
    const out = sess.run({ loss, w }, { feed_dict: [[x, xs], [y, ys]] });
    console.log(`i=${i} loss=${out.loss.item().toFixed(5)} w=${out.w.item().toFixed(5)}`);
  }
}
