// The lecture's section 8 training loop (softmax regression), on a small synthetic data set.
import * as tf from "../../../index";

const epochs = 3;
const batch_size = 20;
const display_freq = 2;

// Deterministic "images": 100 samples of 16 features, labels from a fixed rule.
const n = 100;
const x_train: number[][] = [];
const y_train: number[][] = [];
for (let i = 0; i < n; i++) {
  const row = Array.from({ length: 16 }, (_, j) => ((i * 7 + j * 3) % 11) / 10);
  x_train.push(row);
  const k = (i * 5) % 4;
  y_train.push([0, 1, 2, 3].map((c) => (c === k ? 1 : 0)));
}
const num_tr_iter = Math.floor(n / batch_size);

function get_next_batch(x: number[][], y: number[][], start: number, end: number): [number[][], number[][]] {
  return [x.slice(start, end), y.slice(start, end)];
}

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null, 16], "X");
const y = tf.compat.v1.placeholder(tf.float32, [null, 4], "Y");
const W = tf.compat.v1.get_variable("W", { shape: [16, 4], initializer: tf.compat.v1.zeros_initializer() });
const b = tf.compat.v1.get_variable("b", { shape: [4], initializer: tf.compat.v1.zeros_initializer() });
const logits = tf.add(tf.matmul(x, W), b);
const loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits({ labels: y, logits }));
const optimizer = new tf.compat.v1.train.AdamOptimizer(0.01).minimize(loss);
const correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1));
const accuracy = tf.reduce_mean(tf.cast(correct, tf.float32));
const init = tf.compat.v1.global_variables_initializer();

const sess = new tf.compat.v1.InteractiveSession();
sess.run(init);
for (let epoch = 0; epoch < epochs; epoch++) {
  for (let iteration = 0; iteration < num_tr_iter; iteration++) {
    const start = iteration * batch_size;
    const end = (iteration + 1) * batch_size;
    const [x_batch, y_batch] = get_next_batch(x_train, y_train, start, end);
    sess.run(optimizer, { feed_dict: [[x, x_batch], [y, y_batch]] });
    if (iteration % display_freq === 0) {
      const [loss_batch, acc_batch] = sess.run([loss, accuracy], { feed_dict: [[x, x_batch], [y, y_batch]] });
      console.log(`iter ${iteration}:\t Loss=${loss_batch.item().toFixed(4)},\t Training Accuracy=${(acc_batch.item() * 100).toFixed(1)}%`);
    }
  }
}
sess.close();
