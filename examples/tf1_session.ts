/**
 * EXAMPLES.md section 5 (the lecture's "Tensorflow session" slide): a placeholder, a graph op,
 * and a Session that feeds the placeholder.
 *
 *   npx tsx examples/tf1_session.ts
 */
import * as tf from "../index";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [1, 1]);
const m = tf.matmul(x, x);
console.log(String(m));                 // Tensor("MatMul:0", shape=(1, 1), dtype=float32)

// Python's `with tf.Session() as sess:` block
new tf.compat.v1.Session().with((sess) => {
  const m_out = sess.run(m, { feed_dict: [[x, [[2.0]]]] });  // also a Map, or { "Placeholder:0": ... }
  console.log(String(m_out));           // [[4.]]
});
tf.compat.v1.enable_eager_execution();
