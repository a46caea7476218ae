// Two train ops with their own var_list (alternating updates, GAN-style).
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const z = tf.compat.v1.placeholder(tf.float32, [null, 1], "z");
const G = tf.compat.v1.get_variable("G", { shape: [1, 1], initializer: tf.compat.v1.constant_initializer(0.5) });
const D = tf.compat.v1.get_variable("D", { shape: [1, 1], initializer: tf.compat.v1.constant_initializer(-0.5) });
const fake = tf.matmul(z, G);
const score = tf.sigmoid(tf.matmul(fake, D));
const d_loss = tf.reduce_mean(tf.square(score));
const g_loss = tf.reduce_mean(tf.square(tf.subtract(score, 1)));
const d_opt = new tf.compat.v1.train.GradientDescentOptimizer(0.5);
const g_opt = new tf.compat.v1.train.MomentumOptimizer(0.3, 0.5);
const d_step = d_opt.minimize(d_loss, { var_list: [D] });
const g_step = g_opt.minimize(g_loss, { var_list: [G] });

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
const noise = [[1], [-0.5], [2]];
for (let i = 0; i < 6; i++) {
  const [, dl] = sess.run([d_step, d_loss], { feed_dict: [[z, noise]] });
  const [, gl] = sess.run([g_step, g_loss], { feed_dict: [[z, noise]] });
  console.log(i, dl.item().toFixed(6), gl.item().toFixed(6));
}
const [g, d] = sess.run([G, D]);
console.log(String(g), String(d));
