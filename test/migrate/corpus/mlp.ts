// A two-layer perceptron (relu) trained with Adam; weights start from fixed pseudo-random values.
import * as tf from "../../../index";

function fixed(n: number, seed: number): number[] {
  const out: number[] = [];
  let s = seed;
  for (let i = 0; i < n; i++) { s = (s * 1103515245 + 12345) % 2147483648; out.push((s / 2147483648 - 0.5) * 0.6); }
  return out;
}
const data: number[][] = [], target: number[][] = [];
for (let i = 0; i < 24; i++) {
  const u = (i % 6) / 5, v = Math.floor(i / 6) / 3;
  data.push([u, v]);
  target.push([Math.sin(3 * u) * v]);
}

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null, 2], "x");
const t = tf.compat.v1.placeholder(tf.float32, [null, 1], "t");
const W1 = tf.compat.v1.get_variable("W1", { shape: [2, 8], initializer: tf.compat.v1.constant_initializer(fixed(16, 1)) });
const b1 = tf.compat.v1.get_variable("b1", { shape: [8], initializer: tf.compat.v1.zeros_initializer() });
const W2 = tf.compat.v1.get_variable("W2", { shape: [8, 1], initializer: tf.compat.v1.constant_initializer(fixed(8, 2)) });
const b2 = tf.compat.v1.get_variable("b2", { shape: [1], initializer: tf.compat.v1.zeros_initializer() });
const hidden = tf.nn.relu(tf.add(tf.matmul(x, W1), b1));
const out = tf.add(tf.matmul(hidden, W2), b2);
const mse = tf.reduce_mean(tf.square(tf.subtract(out, t)));
const train_op = new tf.compat.v1.train.AdamOptimizer({ learning_rate: 0.02, beta1: 0.8 }).minimize(mse);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
for (let it = 0; it < 50; it++) {
  const [, l] = sess.run([train_op, mse], { feed_dict: [[x, data], [t, target]] });
  if (it % 10 === 0) console.log(`it ${it} mse ${l.item().toFixed(6)}`);
}
console.log(String(sess.run(out, { feed_dict: [[x, [[0.5, 0.5], [1, 1]]]] })));
