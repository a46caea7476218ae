// Rule: TF1 optimizers -> Keras optimizers (argument renames, TF1 epsilons kept).
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const w = tf.compat.v1.get_variable("w", { shape: [2], initializer: tf.compat.v1.ones_initializer() });
const loss = tf.reduce_sum(tf.square(w));
const sgd = new tf.compat.v1.train.GradientDescentOptimizer(0.1);
const mom = new tf.compat.v1.train.MomentumOptimizer({ learning_rate: 0.1, momentum: 0.9, use_nesterov: true });
const adam = new tf.compat.v1.train.AdamOptimizer(0.001, 0.8, 0.99, 1e-8, false, "MyAdam");
const rms = new tf.compat.v1.train.RMSPropOptimizer(0.01, { decay: 0.95, momentum: 0.1 });
const ada = new tf.compat.v1.train.AdagradOptimizer(0.1, 0.2);
const adad = new tf.compat.v1.train.AdadeltaOptimizer();
const one = sgd.minimize(loss);
const two = adam.minimize(loss, { colocate_gradients_with_ops: true });
const three = mom.minimize(loss);
const four = rms.minimize(loss);
const five = ada.minimize(loss);
const six = adad.minimize(loss);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
sess.run(one);
sess.run(two);
sess.run(three);
sess.run(four);
sess.run(five);
sess.run(six);
console.log(sess.run(loss).item());
