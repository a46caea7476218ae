// Feeding placeholders by tensor name ("X:0") instead of by the placeholder object.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const X = tf.compat.v1.placeholder(tf.float32, [null, 2], "X");
const scale = tf.compat.v1.placeholder(tf.float32, [], "scale");
const anon = tf.compat.v1.placeholder(tf.float32, [2]);
const y = tf.multiply(tf.reduce_sum(X, 1), scale);
const z = tf.add(tf.reduce_max(X, 0), anon);

const sess = new tf.compat.v1.Session();
console.log(String(sess.run(y, { feed_dict: { "X:0": [[1, 2], [3, 4]], "scale:0": 0.5 } })));
console.log(String(sess.run(y, [["X:0", [[1, 1]]], [scale, 3]])));
console.log(String(sess.run(z, { feed_dict: { "X:0": [[1, 5], [3, 2]], "Placeholder:0": [10, 20] } })));
sess.close();
