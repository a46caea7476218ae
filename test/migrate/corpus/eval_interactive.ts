// InteractiveSession with Tensor.eval() and Operation.run().
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null], "x");
const c = tf.compat.v1.get_variable("c", { shape: [], initializer: tf.compat.v1.constant_initializer(3) });
const loss = tf.reduce_mean(tf.square(tf.subtract(x, c)));
const step = new tf.compat.v1.train.GradientDescentOptimizer(0.2).minimize(loss);

const sess = new tf.compat.v1.InteractiveSession();
tf.compat.v1.global_variables_initializer()!.run();
const data = [1, 2, 3, 4, 5, 6];
console.log("loss before", loss.eval({ feed_dict: [[x, data]] }).item().toFixed(5));
for (let i = 0; i < 5; i++) step.run({ feed_dict: [[x, data]] });
console.log("loss after", loss.eval({ feed_dict: [[x, data]] }).item().toFixed(5));
console.log("c =", c.eval().item().toFixed(5));
sess.close();
