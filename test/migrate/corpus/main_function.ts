// The graph and the session live inside a function (the region is the function body).
import * as tf from "../../../index";

function main(): void {
  tf.compat.v1.disable_eager_execution();
  const x = tf.compat.v1.placeholder(tf.float32, [null, 2], "x");
  const W = tf.compat.v1.get_variable("W", { shape: [2, 1], initializer: tf.compat.v1.constant_initializer([0.5, -0.25]) });
  const y = tf.matmul(x, W);
  const norm = tf.norm(y);

  const sess = new tf.compat.v1.Session();
  sess.run(tf.compat.v1.global_variables_initializer());
  const batches = [[[1, 2]], [[3, 4], [5, 6]]];
  for (const batch of batches) {
    const [out, n] = sess.run([y, norm], { feed_dict: [[x, batch]] });
    console.log(String(out), n.item().toFixed(5));
  }
  sess.close();
}

main();
