// Rule: v1 names and keywords from compat-v1/renames.ts (eager code, no graph).
import * as tf from "../../../index";

const m = tf.constant([[1, 2], [3, 4]]);
const s = tf.compat.v1.reduce_sum(m, { reduction_indices: 1, keep_dims: true }); // keyword renames
const mean = tf.compat.v1.reduce_mean(m, 0, true);                               // positional, same order
const am = tf.compat.v1.argmax(m, { dimension: 0 });
const sm = tf.compat.v1.nn.softmax(m, { dim: -1 });
const e = tf.compat.v1.expand_dims(s, { dim: 0 });
const inv = tf.compat.v1.matrix_inverse(m);
const lg = tf.compat.v1.log(tf.compat.v1.nn.relu(m));
const xent = tf.compat.v1.nn.softmax_cross_entropy_with_logits_v2({ labels: sm, logits: m });
const pool = tf.compat.v1.nn.max_pool(tf.zeros([1, 4, 4, 1]), { ksize: 2, strides: 2, padding: "VALID" });
const conv = tf.compat.v1.nn.conv2d(tf.zeros([1, 4, 4, 1]), tf.ones([2, 2, 1, 1]), [1, 1, 1, 1], "SAME", { use_cudnn_on_gpu: true });
const v2style = tf.reduce_max(m, { axis: 1, keep_dims: true });                     // v1 keyword on a v2 name
const f = tf.compat.v1.random_normal;                                             // a reference, not a call
console.log(s, mean, am, sm, e, inv, lg, xent, pool, conv, v2style, f);
