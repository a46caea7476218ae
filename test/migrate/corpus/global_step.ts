// minimize(loss, global_step) counts the training steps in a non-trainable variable.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const target = tf.compat.v1.placeholder(tf.float32, [], "target");
const w = tf.compat.v1.get_variable("w", { shape: [], initializer: tf.compat.v1.zeros_initializer() });
const global_step = tf.compat.v1.get_variable("global_step", { shape: [], dtype: tf.int32, initializer: tf.compat.v1.zeros_initializer(), trainable: false });
const loss = tf.square(tf.subtract(w, target));
const train_op = new tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(loss, { global_step });

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
for (let i = 0; i < 7; i++) sess.run(train_op, { feed_dict: [[target, 5]] });
const [step, wv] = sess.run([global_step, w]);
console.log("step", step.item(), "w", wv.item().toFixed(5));
