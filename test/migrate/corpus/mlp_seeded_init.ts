// An MLP whose weights come from seeded TF1 initializers (random_normal / random_uniform),
// built layer by layer in a loop, trained with momentum.
import * as tf from "../../../index";

const inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
const targets = [[0], [1], [1], [0]];
const sizes = [2, 6, 6, 1];

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null, 2], "x");
const t = tf.compat.v1.placeholder(tf.float32, [null, 1], "t");
const W1 = tf.compat.v1.get_variable("W1", { shape: [2, 6], initializer: tf.compat.v1.random_normal_initializer(0, 0.8, 1) });
const W2 = tf.compat.v1.get_variable("W2", { shape: [6, 6], initializer: tf.compat.v1.random_normal_initializer({ stddev: 0.5, seed: 2 }) });
const W3 = tf.compat.v1.get_variable("W3", { shape: [6, 1], initializer: tf.compat.v1.random_uniform_initializer(-1, 1, 3) });
const weights = [W1, W2, W3];
let h = x;
for (let i = 0; i < weights.length; i++) {
  h = tf.matmul(h, weights[i]);
  if (i < weights.length - 1) h = tf.nn.tanh(h);
}
const y = tf.sigmoid(h);
const loss = tf.reduce_mean(tf.square(tf.subtract(y, t)));
const train = new tf.compat.v1.train.MomentumOptimizer(0.5, 0.9).minimize(loss);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
for (let step = 0; step < 60; step++) {
  const [, l] = sess.run([train, loss], { feed_dict: [[x, inputs], [t, targets]] });
  if (step % 15 === 0) console.log(`step ${step} loss ${l.item().toFixed(5)}`);
}
console.log(String(sess.run(y, { feed_dict: [[x, inputs]] })), sizes.length);
