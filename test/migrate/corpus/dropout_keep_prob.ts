// nn.dropout with keep_prob (1.0, so the numbers are deterministic): keep_prob becomes rate = 1 - keep_prob.
import * as tf from "../../../index";

const keep = 1.0;
tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null, 4], "x");
const W = tf.compat.v1.get_variable("W", { shape: [4, 2], initializer: tf.compat.v1.constant_initializer([1, 0, 0, 1, 1, 1, -1, 0]) });
const h = tf.compat.v1.nn.dropout(tf.nn.relu(x), keep);
const h_full = tf.compat.v1.nn.dropout(h, { keep_prob: 1.0 });
const out = tf.matmul(h_full, W);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
console.log(String(sess.run(out, { feed_dict: [[x, [[1, -2, 3, 4], [0.5, 0.5, -1, 2]]]] })));
