// Two sessions on one graph: the second one runs the initializer again and starts over.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const a = tf.compat.v1.placeholder(tf.float32, [], "a");
const v = tf.compat.v1.get_variable("v", { shape: [2], initializer: tf.compat.v1.constant_initializer([1, -1]) });
const loss = tf.reduce_sum(tf.square(tf.subtract(v, a)));
const train = new tf.compat.v1.train.GradientDescentOptimizer(0.25).minimize(loss);
const init = tf.compat.v1.global_variables_initializer();

const sess1 = new tf.compat.v1.Session();
sess1.run(init);
for (let i = 0; i < 3; i++) sess1.run(train, { feed_dict: [[a, 2]] });
console.log("session 1:", String(sess1.run(v)));
sess1.close();

const sess2 = new tf.compat.v1.Session();
sess2.run(init);
console.log("session 2 before:", String(sess2.run(v)));
sess2.run(train, { feed_dict: [[a, -2]] });
console.log("session 2 after:", String(sess2.run(v)), String(sess2.run(loss, { feed_dict: [[a, 0]] })));
sess2.close();
