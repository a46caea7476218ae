// A counter variable updated with tf.compat.v1.assign / assign_add, fetched in a loop.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const state = tf.compat.v1.get_variable("counter", { shape: [], initializer: tf.compat.v1.zeros_initializer() });
const total = tf.compat.v1.get_variable("total", { shape: [], initializer: tf.compat.v1.constant_initializer(100), trainable: false });
const one = tf.constant(1.0);
const new_value = tf.add(state, one);
const update = tf.compat.v1.assign(state, new_value);
const spend = tf.compat.v1.assign_sub(total, tf.multiply(state, 2));

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
console.log("start", sess.run(state).item());
for (let i = 0; i < 3; i++) {
  sess.run(update);
  console.log("state", sess.run(state).item(), "spent ->", sess.run(spend).item());
}
