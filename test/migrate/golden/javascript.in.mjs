// Rule: JavaScript files get no type annotations.
import * as tf from "tensorflow-ts";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null, 1], "x");
const w = tf.compat.v1.get_variable("w", { shape: [1, 1], initializer: tf.compat.v1.zeros_initializer() });
const loss = tf.reduce_mean(tf.square(tf.subtract(tf.matmul(x, w), 1)));
const train = new tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(loss);
const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
const [, l] = sess.run([train, loss], { feed_dict: [[x, [[1], [2]]]] });
console.log(l.item(), sess.run({ w }));
