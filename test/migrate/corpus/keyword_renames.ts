// TF1 keyword names: keep_dims, reduction_indices, dimension, dim, squeeze_dims.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const m = tf.compat.v1.placeholder(tf.float32, [2, 3], "m");
const s1 = tf.compat.v1.reduce_sum(m, { reduction_indices: 1, keep_dims: true });
const s2 = tf.compat.v1.reduce_mean(m, 0, true);
const mx = tf.compat.v1.reduce_max(m, { axis: 1, keep_dims: false });
const am = tf.compat.v1.argmax(m, { dimension: 1 });
const sm = tf.compat.v1.nn.softmax(m, { dim: 0 });
const ex = tf.compat.v1.expand_dims(mx, { dim: 0 });
const sq = tf.compat.v1.squeeze(s1, { squeeze_dims: [1] });
const lse = tf.compat.v1.reduce_logsumexp(m, { reduction_indices: [0, 1] });

const sess = new tf.compat.v1.Session();
console.log(String(sess.run(s1, { feed_dict: [[m, [[1, 2, 3], [4, 0, -1]]]] })));
const [a, b, c, d, e, f, g] = sess.run([s2, mx, am, sm, ex, sq, lse], { feed_dict: [[m, [[1, 2, 3], [4, 0, -1]]]] });
for (const v of [a, b, c, d, e, f, g]) console.log(String(v));
