// Prints a graph tensor itself (Tensor("MatMul:0", ...)): this program stays in TF1 style.
// expect: compat
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [1, 1]);
const m = tf.matmul(x, x);
console.log(String(m));
const total = tf.compat.v1.reduce_sum(m, { keep_dims: true });

const sess = new tf.compat.v1.Session();
console.log(String(sess.run(total, { feed_dict: [[x, [[2.0]]]] })));
sess.close();
