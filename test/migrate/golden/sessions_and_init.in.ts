// Rule: sessions, initializers, eval/run, Session.with and a second initialisation.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
tf.compat.v1.reset_default_graph();
const p = tf.compat.v1.placeholder(tf.float32, [], "p");
const w = tf.compat.v1.get_variable("w", { shape: [], initializer: tf.compat.v1.constant_initializer(1) });
const out = tf.multiply(w, p);
const init = tf.compat.v1.global_variables_initializer();

const sess = new tf.compat.v1.InteractiveSession();
init.run();
console.log(out.eval({ feed_dict: [[p, 2]] }).item());
console.log(w.eval().item());
sess.close();

new tf.compat.v1.Session().with((s) => {
  s.run(init);
  console.log(s.run(out, { feed_dict: [[p, 3]] }).item());
});
