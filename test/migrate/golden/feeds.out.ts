// Rule: the feed_dict forms: [key, value] pairs, a Map, names ("x:0"), positional.
import * as tf from "../../../index";

const compute_y = tf.function((x: tf.Tensor, k: tf.Tensor) => {
  const y = tf.multiply(x, tf.cast(k, tf.float32));
  return y;
}, { input_signature: [new tf.TensorSpec([null], tf.float32, "x"), new tf.TensorSpec([], tf.int32)] });

const xs = tf.constant([1, 2]);
console.log(compute_y([1, 2], 3).numpy());
console.log(compute_y(xs, 3).numpy());
console.log(compute_y([4], 2).numpy());
console.log(compute_y([5], 1).numpy());
