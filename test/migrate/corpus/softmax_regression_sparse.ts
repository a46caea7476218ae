// Softmax regression with integer labels (sparse cross entropy) and plain gradient descent.
import * as tf from "../../../index";

const features: number[][] = [];
const labels: number[] = [];
for (let i = 0; i < 30; i++) {
  const a = (i % 5) / 4, c = ((i * 3) % 7) / 6;
  features.push([a, c, a * c]);
  labels.push(a + c > 1 ? 2 : a > c ? 1 : 0);
}

tf.compat.v1.disable_eager_execution();
const inputs = tf.compat.v1.placeholder(tf.float32, [null, 3], "inputs");
const targets = tf.compat.v1.placeholder(tf.int32, [null], "targets");
const W = tf.compat.v1.get_variable("W", { shape: [3, 3], initializer: tf.compat.v1.zeros_initializer() });
const b = tf.compat.v1.get_variable("b", { shape: [3], initializer: tf.compat.v1.zeros_initializer() });
const logits = tf.add(tf.matmul(inputs, W), b);
const xent = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: targets, logits }));
const step = new tf.compat.v1.train.GradientDescentOptimizer(0.5).minimize(xent);
const predicted = tf.argmax(logits, 1, { output_type: tf.int32 });
const acc = tf.reduce_mean(tf.cast(tf.equal(predicted, targets), tf.float32));

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
for (let epoch = 0; epoch < 25; epoch++) {
  sess.run(step, { feed_dict: [[inputs, features], [targets, labels]] });
  if (epoch % 5 === 4) {
    const [l, a] = sess.run([xent, acc], { feed_dict: [[inputs, features], [targets, labels]] });
    console.log(`epoch ${epoch + 1}: loss ${l.item().toFixed(5)} acc ${a.item().toFixed(3)}`);
  }
}
console.log(String(sess.run(predicted, { feed_dict: [[inputs, features.slice(0, 6)]] })));
