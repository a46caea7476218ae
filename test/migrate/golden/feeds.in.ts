// Rule: the feed_dict forms: [key, value] pairs, a Map, names ("x:0"), positional.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null], "x");
const k = tf.compat.v1.placeholder(tf.int32, []);
const y = tf.multiply(x, tf.cast(k, tf.float32));

const sess = new tf.compat.v1.Session();
const xs = tf.constant([1, 2]);
console.log(sess.run(y, { feed_dict: [[x, [1, 2]], [k, 3]] }));
console.log(sess.run(y, { feed_dict: new Map([[x, xs], [k, 3]]) }));
console.log(sess.run(y, { feed_dict: { "x:0": [4], "Placeholder:0": 2 } }));
console.log(sess.run(y, [[x, [5]], ["Placeholder:0", 1]]));
