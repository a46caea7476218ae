// Rule: what cannot be migrated safely stays tf.compat.v1, with a report entry (renames still apply).
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [1, 1]);
const m = tf.matmul(x, x);
console.log(String(m)); // a graph tensor printed: it only exists in TF1
const s = tf.compat.v1.reduce_sum(m, { keep_dims: true });

const sess = new tf.compat.v1.Session();
console.log(String(sess.run(s, { feed_dict: [[x, [[2.0]]]] })));
sess.close();
