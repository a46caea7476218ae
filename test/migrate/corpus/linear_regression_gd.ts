// Linear regression y = 2x + 1 with gradient descent; fetches a train op together with the loss.
import * as tf from "../../../index";

const xs = [0, 1, 2, 3, 4, 5, 6, 7].map((v) => [v / 4]);
const ys = xs.map(([v]) => [2 * v + 1 + ((v * 13) % 3 - 1) * 0.05]);

tf.compat.v1.disable_eager_execution();
const X = tf.compat.v1.placeholder(tf.float32, [null, 1]);
const Y = tf.compat.v1.placeholder(tf.float32, [null, 1]);
const W = tf.compat.v1.get_variable("weight", [1, 1], tf.float32, tf.compat.v1.zeros_initializer());
const b = tf.compat.v1.get_variable("bias", [1], tf.float32, tf.compat.v1.zeros_initializer());
const pred = tf.add(tf.matmul(X, W), b);
const cost = tf.reduce_mean(tf.square(tf.subtract(pred, Y)));
const train_op = new tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(cost);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
for (let step = 0; step < 60; step++) {
  const [, c] = sess.run([train_op, cost], { feed_dict: [[X, xs], [Y, ys]] });
  if (step % 10 === 0) console.log(`step ${step} cost ${c.item().toFixed(6)}`);
}
const [w_val, b_val] = sess.run([W, b]);
console.log(`W=${w_val.item().toFixed(5)} b=${b_val.tolist()[0].toFixed(5)}`);
console.log(String(sess.run(pred, { feed_dict: [[X, [[10]]]] })));
