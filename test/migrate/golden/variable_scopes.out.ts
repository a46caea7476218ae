// Rule: variable_scope -> tf.name_scope with its variables created once, outside (scoped names kept).
import * as tf from "../../../index";

const net_W = new tf.Variable(tf.ones([2, 1]), { name: "net/W" });
const net_hidden_W = new tf.Variable(tf.constant(0.5, tf.float32, [2, 2]), { name: "net/hidden/W" });

const compute_sum = tf.function((x: tf.Tensor) => {
  const out = tf.name_scope("net", () => {
    const h = tf.name_scope("hidden", () => {
      return tf.nn.relu(tf.matmul(x, net_hidden_W));
    });
    return tf.matmul(h, net_W);
  });
  const again = tf.name_scope("net", () => {
    return tf.reduce_sum(net_W);
  });
  const sum = tf.add(tf.reduce_sum(out), again);
  return sum;
}, { input_signature: [new tf.TensorSpec([null, 2], tf.float32, "x")] });

console.log(compute_sum([[1, 2]]).numpy().item());
