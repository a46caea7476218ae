// Rule: tf.compat.v1.losses.* with default weights -> tf.reduce_mean of the TF2 op.
import * as tf from "../../../index";

const labels = tf.constant([[0, 1], [1, 0]]);
const logits = tf.constant([[1, 2], [3, 1]]);
const mse = tf.compat.v1.losses.mean_squared_error(labels, logits);
const mae = tf.compat.v1.losses.absolute_difference(labels, logits);
const xent = tf.compat.v1.losses.softmax_cross_entropy(labels, logits);
const sig = tf.compat.v1.losses.sigmoid_cross_entropy({ multi_class_labels: labels, logits });
const sparse = tf.compat.v1.losses.sparse_softmax_cross_entropy(tf.constant([1, 0], tf.int32), logits);
const weighted = tf.compat.v1.losses.mean_squared_error(labels, logits, 2.0);
console.log(mse, mae, xent, sig, sparse, weighted);
