// TF1-only functions with TF2 spellings: to_float/to_int32, log, matrix_inverse, random seeds aside.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const counts = tf.compat.v1.placeholder(tf.int32, [3], "counts");
const mat = tf.compat.v1.placeholder(tf.float32, [2, 2], "mat");
const freq = tf.divide(tf.compat.v1.to_float(counts), tf.compat.v1.to_float(tf.reduce_sum(counts)));
const entropy = tf.negative(tf.reduce_sum(tf.multiply(freq, tf.compat.v1.log(freq))));
const rounded = tf.compat.v1.to_int32(tf.multiply(freq, 100));
const inv = tf.compat.v1.matrix_inverse(mat);
const det = tf.compat.v1.matrix_determinant(mat);
const diag = tf.compat.v1.matrix_diag_part(mat);

const sess = new tf.compat.v1.Session();
const [f, h, r] = sess.run([freq, entropy, rounded], { feed_dict: [[counts, [1, 2, 5]]] });
console.log(String(f), h.item().toFixed(6), String(r));
const out = sess.run({ inv, det, diag }, { feed_dict: [[mat, [[4, 7], [2, 6]]]] });
console.log(String(out.inv));
console.log(out.det.item().toFixed(4), String(out.diag));
