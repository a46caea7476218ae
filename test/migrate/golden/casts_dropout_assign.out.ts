// Rule: v1-only functions with a TF2 spelling.
import * as tf from "../../../index";

const counts = tf.constant([1, 2, 3], tf.int32);
const x = tf.ones([2, 3]);
const keep = 0.8;
const f = tf.cast(counts, tf.float32);
const i = tf.cast(tf.cast(f, tf.float64), tf.int32, "as_int");
const d1 = tf.nn.dropout(x, 0.25);
const d2 = tf.nn.dropout(x, 1 - keep, { seed: 3 });
const d3 = tf.nn.dropout(x, tf.subtract(1, tf.constant(0.5)));
const v = new tf.Variable(tf.zeros([3]));
v.assign(f);
v.assign_add(tf.ones([3]));
tf.random.set_seed(1);
const q = tf.compat.v1.div(f, 2);
console.log(i, d1, d2, d3, q);
