// Rule: v1 names and keywords from compat-v1/renames.ts (eager code, no graph).
import * as tf from "../../../index";

const m = tf.constant([[1, 2], [3, 4]]);
const s = tf.reduce_sum(m, { axis: 1, keepdims: true }); // keyword renames
const mean = tf.reduce_mean(m, { axis: 0, keepdims: true });                               // positional, same order
const am = tf.argmax(m, { axis: 0 });
const sm = tf.nn.softmax(m, { axis: -1 });
const e = tf.expand_dims(s, { axis: 0 });
const inv = tf.linalg.inv(m);
const lg = tf.math.log(tf.nn.relu(m));
const xent = tf.nn.softmax_cross_entropy_with_logits({ labels: sm, logits: m });
const pool = tf.nn.max_pool2d(tf.zeros([1, 4, 4, 1]), 2, 2, "VALID");
const conv = tf.nn.conv2d(tf.zeros([1, 4, 4, 1]), tf.ones([2, 2, 1, 1]), [1, 1, 1, 1], "SAME");
const v2style = tf.reduce_max(m, { axis: 1, keepdims: true });                     // v1 keyword on a v2 name
const f = tf.random.normal;                                             // a reference, not a call
console.log(s, mean, am, sm, e, inv, lg, xent, pool, conv, v2style, f);
