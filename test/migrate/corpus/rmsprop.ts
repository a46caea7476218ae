// RMSPropOptimizer: TF1 starts the accumulator at 1, Keras at 0, so the migrated numbers differ
// (the report warns). Here the learning rate is tiny, so the printed values agree within 1e-2.
// tolerance: 2e-2
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const t = tf.compat.v1.placeholder(tf.float32, [2], "t");
const v = tf.compat.v1.get_variable("v", { shape: [2], initializer: tf.compat.v1.ones_initializer() });
const loss = tf.reduce_sum(tf.square(tf.subtract(v, t)));
const train = new tf.compat.v1.train.RMSPropOptimizer(0.0001, 0.9).minimize(loss);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
for (let i = 0; i < 5; i++) sess.run(train, { feed_dict: [[t, [0, 2]]] });
console.log(String(sess.run(v)));
