// AdadeltaOptimizer (TF1's epsilon kept explicitly in the Keras optimizer).
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const t = tf.compat.v1.placeholder(tf.float32, [3], "t");
const v = tf.compat.v1.get_variable("v", { shape: [3], initializer: tf.compat.v1.zeros_initializer() });
const loss = tf.reduce_sum(tf.square(tf.subtract(v, t)));
const train = new tf.compat.v1.train.AdadeltaOptimizer({ learning_rate: 1.0, rho: 0.9 }).minimize(loss);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
for (let i = 0; i < 10; i++) sess.run(train, { feed_dict: [[t, [1, -2, 3]]] });
console.log(String(sess.run(v)));
console.log(sess.run(loss, { feed_dict: [[t, [1, -2, 3]]] }).item().toFixed(5));
