// A loop that runs the train op every step, and different fetches every few steps.
import * as tf from "../../../index";

const xs = [[1, 0], [0, 1], [1, 1], [2, 1]];
const ys = [[1], [2], [3], [4]];

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null, 2]);
const y = tf.compat.v1.placeholder(tf.float32, [null, 1]);
const W = tf.compat.v1.get_variable("W", { shape: [2, 1], initializer: tf.compat.v1.zeros_initializer() });
const pred = tf.matmul(x, W);
const err = tf.subtract(pred, y);
const loss = tf.reduce_mean(tf.square(err));
const max_err = tf.reduce_max(tf.abs(err));
const train = new tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(loss);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
for (let i = 1; i <= 30; i++) {
  sess.run(train, { feed_dict: [[x, xs], [y, ys]] });
  if (i % 10 === 0) console.log(`loss ${sess.run(loss, { feed_dict: [[x, xs], [y, ys]] }).item().toFixed(6)}`);
  if (i % 15 === 0) {
    const [m, w] = sess.run([max_err, W], { feed_dict: [[x, xs], [y, ys]] });
    console.log(`max error ${m.item().toFixed(5)}`, String(w));
  }
}
console.log(String(sess.run(pred, { feed_dict: [[x, [[3, 3]]]] })));
