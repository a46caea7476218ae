// Rule: placeholders become tf.function parameters; each distinct Session.run becomes one function.
import * as tf from "../../../index";

// A small linear model.
const W = tf.constant([[1], [2]]);

const compute_pred = tf.function((x: tf.Tensor) => {
  const pred = tf.squeeze(tf.matmul(x, W), 1);
  return pred;
}, { input_signature: [new tf.TensorSpec([null, 2], tf.float32, "x")] });

const compute_err = tf.function((x: tf.Tensor, y: tf.Tensor) => {
  const pred = tf.squeeze(tf.matmul(x, W), 1);
  const err = tf.reduce_mean(tf.abs(tf.subtract(pred, y)));
  return err;
}, { input_signature: [new tf.TensorSpec([null, 2], tf.float32, "x"), new tf.TensorSpec([null], tf.float32, "y")] });

const compute_doubled = tf.function((unknown: tf.Tensor) => {
  const doubled = tf.multiply(unknown, 2);
  return doubled;
});

const data = [[1, 1], [0, 2]];
console.log(String(compute_pred(data).numpy()));
console.log(String(compute_err(data, [3, 4]).numpy()));
console.log(String(compute_err([[0, 0]], [1]).numpy())); // same function as above
console.log(String(compute_doubled(tf.constant(21, tf.float32)).numpy()));
