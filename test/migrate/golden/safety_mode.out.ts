// Rule: --mode safety renames only (like tf_upgrade_v2): sessions and placeholders stay.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [2, 2], "x");
const s = tf.reduce_sum(x, { axis: [1], keepdims: true });
const i = tf.linalg.inv(x);
const sess = new tf.compat.v1.Session();
console.log(sess.run([s, i], { feed_dict: [[x, [[2, 0], [0, 4]]]] }));
