// Lecture section 5: a placeholder fed through Session.run.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [1, 1]);
const m = tf.matmul(x, x);

const sess = new tf.compat.v1.Session();
const m_out = sess.run(m, { feed_dict: [[x, [[2.0]]]] });
console.log(String(m_out));
console.log(String(sess.run(m, { feed_dict: [[x, [[3.5]]]] })));
sess.close();
