// Rule: v1-only functions with a TF2 spelling.
import * as tf from "../../../index";

const counts = tf.constant([1, 2, 3], tf.int32);
const x = tf.ones([2, 3]);
const keep = 0.8;
const f = tf.compat.v1.to_float(counts);
const i = tf.compat.v1.to_int32(tf.compat.v1.to_double(f), "as_int");
const d1 = tf.compat.v1.nn.dropout(x, 0.75);
const d2 = tf.compat.v1.nn.dropout(x, { keep_prob: keep, seed: 3 });
const d3 = tf.compat.v1.nn.dropout(x, { keep_prob: tf.constant(0.5) });
const v = new tf.Variable(tf.zeros([3]));
tf.compat.v1.assign(v, f);
tf.compat.v1.assign_add(v, tf.ones([3]));
tf.compat.v1.set_random_seed(1);
const q = tf.compat.v1.div(f, 2);
console.log(i, d1, d2, d3, q);
