// feed_dict given as a Map and as the second positional argument.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const a = tf.compat.v1.placeholder(tf.float32, [null], "a");
const b = tf.compat.v1.placeholder(tf.float32, [null], "b");
const dot = tf.reduce_sum(tf.multiply(a, b));
const diff = tf.subtract(a, b);

const sess = new tf.compat.v1.Session();
console.log(sess.run(dot, { feed_dict: new Map([[a, [1, 2, 3]], [b, [4, 5, 6]]]) }).item());
console.log(String(sess.run(diff, [[a, [1, 1]], [b, [0.5, 2]]])));
console.log(String(sess.run([dot, diff], new Map([[a, [2]], [b, [3]]]))));
