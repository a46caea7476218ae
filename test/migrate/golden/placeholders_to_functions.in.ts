// Rule: placeholders become tf.function parameters; each distinct Session.run becomes one function.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null, 2], "x"); // the inputs
const y = tf.compat.v1.placeholder(tf.float32, { shape: [null], name: "y" });
const unknown = tf.compat.v1.placeholder(tf.float32);

// A small linear model.
const W = tf.constant([[1], [2]]);
const pred = tf.squeeze(tf.matmul(x, W), 1);
const err = tf.reduce_mean(tf.abs(tf.subtract(pred, y)));
const doubled = tf.multiply(unknown, 2);

const sess = new tf.compat.v1.Session();
const data = [[1, 1], [0, 2]];
console.log(String(sess.run(pred, { feed_dict: [[x, data]] })));
console.log(String(sess.run(err, { feed_dict: [[x, data], [y, [3, 4]]] })));
console.log(String(sess.run(err, { feed_dict: [[x, [[0, 0]]], [y, [1]]] }))); // same function as above
console.log(String(sess.run(doubled, { feed_dict: [[unknown, 21]] })));
sess.close();
