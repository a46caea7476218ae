// Sharing weights through variable_scope reuse: two inputs go through the same layer.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const left = tf.compat.v1.placeholder(tf.float32, [null, 2], "left");
const right = tf.compat.v1.placeholder(tf.float32, [null, 2], "right");

const out_left = tf.compat.v1.variable_scope("shared", () => {
  const W = tf.compat.v1.get_variable("W", { shape: [2, 2], initializer: tf.compat.v1.constant_initializer([1, 2, 3, 4]) });
  return tf.matmul(left, W);
});
const out_right = tf.compat.v1.variable_scope("shared", { reuse: true }, () => {
  const W = tf.compat.v1.get_variable("W");
  return tf.matmul(right, W);
});
const out_auto = tf.compat.v1.variable_scope("shared", { reuse: tf.compat.v1.AUTO_REUSE }, () => {
  const W = tf.compat.v1.get_variable("W", { shape: [2, 2] });
  const bias = tf.compat.v1.get_variable("bias", { shape: [2], initializer: tf.compat.v1.constant_initializer(-1) });
  return tf.add(tf.matmul(right, W), bias);
});
const distance = tf.reduce_sum(tf.square(tf.subtract(out_left, out_right)));

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
console.log(String(sess.run(out_left, { feed_dict: [[left, [[1, 0], [0, 1]]]] })));
console.log(String(sess.run(distance, { feed_dict: [[left, [[1, 0], [0, 1]]], [right, [[1, 1], [2, 0]]]] })));
console.log(String(sess.run(out_auto, { feed_dict: [[right, [[1, 1]]]] })));
