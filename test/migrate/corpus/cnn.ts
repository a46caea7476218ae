// A tiny CNN: conv2d + relu + max_pool + dense, trained with gradient descent on 6x6 images.
import * as tf from "../../../index";

const images: number[][][][] = [], labels: number[][] = [];
for (let i = 0; i < 8; i++) {
  const img: number[][][] = [];
  for (let r = 0; r < 6; r++) {
    const row: number[][] = [];
    for (let c = 0; c < 6; c++) row.push([i % 2 === 0 ? (r === c ? 1 : 0) : (r + c === 5 ? 1 : 0) + ((r * c + i) % 5) / 20]);
    img.push(row);
  }
  images.push(img);
  labels.push(i % 2 === 0 ? [1, 0] : [0, 1]);
}
const filt: number[] = Array.from({ length: 3 * 3 * 1 * 4 }, (_, k) => ((k * 7) % 9 - 4) / 10);
const dense: number[] = Array.from({ length: 36 * 2 }, (_, k) => ((k * 5) % 11 - 5) / 50);

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null, 6, 6, 1], "images");
const y = tf.compat.v1.placeholder(tf.float32, [null, 2], "labels");
const K = tf.compat.v1.get_variable("conv_k", { shape: [3, 3, 1, 4], initializer: tf.compat.v1.constant_initializer(filt) });
const Wd = tf.compat.v1.get_variable("dense_w", { shape: [36, 2], initializer: tf.compat.v1.constant_initializer(dense) });
const conv = tf.nn.relu(tf.nn.conv2d(x, K, [1, 1, 1, 1], "SAME"));
const pool = tf.nn.max_pool2d(conv, 2, 2, "VALID");
const flat = tf.reshape(pool, [-1, 36]);
const logits = tf.matmul(flat, Wd);
const loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits({ labels: y, logits }));
const train = new tf.compat.v1.train.GradientDescentOptimizer(0.5).minimize(loss);
const accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1)), tf.float32));

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
for (let s = 0; s < 12; s++) {
  const [, l, a] = sess.run([train, loss, accuracy], { feed_dict: [[x, images], [y, labels]] });
  if (s % 3 === 0) console.log(`step ${s}: loss=${l.item().toFixed(5)} acc=${a.item()}`);
}
