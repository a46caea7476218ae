// Nested fetch structures: [loss, [W, b]] and { metrics: [..], params: { .. } }.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null], "x");
const W = tf.compat.v1.get_variable("W", { shape: [], initializer: tf.compat.v1.constant_initializer(2) });
const b = tf.compat.v1.get_variable("b", { shape: [], initializer: tf.compat.v1.constant_initializer(-1) });
const y = tf.add(tf.multiply(x, W), b);
const loss = tf.reduce_mean(tf.square(y));
const peak = tf.reduce_max(y);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
const [l, [w, bb]] = sess.run([loss, [W, b]], { feed_dict: [[x, [1, 2, 3]]] });
console.log(l.item(), w.item(), bb.item());
const r = sess.run({ metrics: [loss, peak], params: { W, b } }, { feed_dict: [[x, [0, 0.5]]] });
console.log(String(r.metrics[0]), String(r.metrics[1]), r.params.W.item(), r.params.b.item());
