// Rule: tf.compat.v1.losses.* with default weights -> tf.reduce_mean of the TF2 op.
import * as tf from "../../../index";

const labels = tf.constant([[0, 1], [1, 0]]);
const logits = tf.constant([[1, 2], [3, 1]]);
const mse = tf.reduce_mean(tf.math.squared_difference(logits, labels));
const mae = tf.reduce_mean(tf.abs(tf.subtract(logits, labels)));
const xent = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits({ labels, logits }));
const sig = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits({ labels, logits }));
const sparse = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits({ labels: tf.constant([1, 0], tf.int32), logits }));
const weighted = tf.compat.v1.losses.mean_squared_error(labels, logits, 2.0);
console.log(mse, mae, xent, sig, sparse, weighted);
