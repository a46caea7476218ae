// Rule: variable_scope/get_variable where the code may run several times (functions, loops):
// tf.name_scope + tf.Variables from a store keyed by the scoped name, made on first use.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null, 3], "x");

const dense = (inp: tf.Tensor, units: number, scope: string) =>
  tf.compat.v1.variable_scope(scope, { reuse: tf.compat.v1.AUTO_REUSE }, () => {
    const W = tf.compat.v1.get_variable("W", { shape: [inp.shape[1], units], initializer: tf.compat.v1.ones_initializer() });
    const b = tf.compat.v1.get_variable("b", { shape: [units], trainable: false, initializer: tf.compat.v1.zeros_initializer() });
    return tf.add(tf.matmul(inp, W), b);
  });

const out = tf.compat.v1.variable_scope("model", () => {
  let h = x;
  for (let i = 0; i < 2; i++) {
    h = tf.compat.v1.variable_scope(`block${i}`, () => tf.nn.relu(dense(h, 3, "fc")));
  }
  return h;
});
const loss = tf.reduce_sum(out);
const train = new tf.compat.v1.train.GradientDescentOptimizer(0.01).minimize(loss);

const sess = new tf.compat.v1.Session();
sess.run(tf.compat.v1.global_variables_initializer());
sess.run(train, { feed_dict: [[x, [[1, 2, 3]]]] });
console.log(sess.run(loss, { feed_dict: [[x, [[1, 2, 3]]]] }).item());
