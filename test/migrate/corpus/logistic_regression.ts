// Logistic regression with sigmoid cross entropy; accuracy from a 0.5 threshold.
import * as tf from "../../../index";

const pts = [[0.1, 0.2], [0.4, 0.1], [0.3, 0.3], [0.8, 0.9], [0.7, 0.6], [0.9, 0.4], [0.2, 0.9], [0.6, 0.8]];
const cls = [[0], [0], [0], [1], [1], [1], [0], [1]];

tf.compat.v1.disable_eager_execution();
const X = tf.compat.v1.placeholder(tf.float32, [null, 2], "X");
const Y = tf.compat.v1.placeholder(tf.float32, [null, 1], "Y");
const W = tf.compat.v1.get_variable("W", { shape: [2, 1], initializer: tf.compat.v1.zeros_initializer() });
const b = tf.compat.v1.get_variable("b", { shape: [1], initializer: tf.compat.v1.zeros_initializer() });
const z = tf.add(tf.matmul(X, W), b);
const hypothesis = tf.sigmoid(z);
const cost = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits({ labels: Y, logits: z }));
const train = new tf.compat.v1.train.GradientDescentOptimizer({ learning_rate: 1.0 }).minimize(cost);
const predicted = tf.cast(tf.greater(hypothesis, 0.5), tf.float32);
const accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, Y), tf.float32));

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
for (let step = 0; step <= 200; step++) {
  const [cost_val] = sess.run([cost, train], { feed_dict: [[X, pts], [Y, cls]] });
  if (step % 50 === 0) console.log(step, cost_val.item().toFixed(6));
}
const [h, p, a] = sess.run([hypothesis, predicted, accuracy], { feed_dict: [[X, pts], [Y, cls]] });
console.log(String(h));
console.log(String(p), "accuracy", a.item());
