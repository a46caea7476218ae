// The lecture's fc_layer: variable_scope + get_variable inside a function called once per layer
// (and once more with reuse), so the variables are made on first use and shared by scoped name.
import * as tf from "../../../index";

const xs = [[0.1, 0.9, 0.2, 0.4], [0.8, 0.1, 0.7, 0.3], [0.5, 0.5, 0.1, 0.9], [0.9, 0.2, 0.8, 0.1]];
const ys = [[1, 0], [0, 1], [1, 0], [0, 1]];

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null, 4], "X");
const y = tf.compat.v1.placeholder(tf.float32, [null, 2], "Y");

function fc_layer(inp: tf.Tensor, num_units: number, name: string, use_relu = true): tf.Tensor {
  return tf.compat.v1.variable_scope(name, { reuse: tf.compat.v1.AUTO_REUSE }, () => {
    const in_dim = inp.shape[1];
    const W = tf.compat.v1.get_variable("W", { shape: [in_dim, num_units], initializer: tf.compat.v1.constant_initializer(0.3) });
    const b = tf.compat.v1.get_variable("b", { shape: [num_units], initializer: tf.compat.v1.constant_initializer(0.1) });
    const layer = tf.add(tf.matmul(inp, W), b);
    return use_relu ? tf.nn.relu(layer) : layer;
  });
}
const fc1 = fc_layer(x, 5, "FC1", true);
const output_logits = fc_layer(fc1, 2, "OUT", false);
const again = fc_layer(x, 5, "FC1", false); // reuses FC1/W and FC1/b

const loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits({ labels: y, logits: output_logits }));
const train = new tf.compat.v1.train.GradientDescentOptimizer(0.5).minimize(loss);
const accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(output_logits, 1), tf.argmax(y, 1)), tf.float32));
const shared_sum = tf.reduce_sum(again);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
for (let i = 0; i < 20; i++) {
  const [, l] = sess.run([train, loss], { feed_dict: [[x, xs], [y, ys]] });
  if (i % 5 === 0) console.log(`step ${i} loss ${l.item().toFixed(5)}`);
}
console.log("accuracy", sess.run(accuracy, { feed_dict: [[x, xs], [y, ys]] }).item());
console.log("shared", sess.run(shared_sum, { feed_dict: [[x, xs]] }).item().toFixed(5));
