// Python's `with tf.Session() as sess:` written as Session.with(callback).
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const a = tf.compat.v1.placeholder(tf.float32, [2, 2], "a");
const b = tf.constant([[1, 0], [1, 1]]);
const product = tf.matmul(a, b);
const total = tf.reduce_sum(product);

new tf.compat.v1.Session().with((sess) => {
  const [p, t] = sess.run([product, total], { feed_dict: [[a, [[1, 2], [3, 4]]]] });
  console.log(String(p));
  console.log("total", t.item());
});
