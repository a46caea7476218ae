// Rule: sessions, initializers, eval/run, Session.with and a second initialisation.
import * as tf from "../../../index";

const w = new tf.Variable(tf.constant(1, tf.float32, []), { name: "w" });

const compute_out = tf.function((p: tf.Tensor) => {
  const out = tf.multiply(w, p);
  return out;
}, { input_signature: [new tf.TensorSpec([], tf.float32, "p")] });

console.log(compute_out(2).numpy().item());
console.log(w.numpy().item());

w.assign(tf.constant(1, tf.float32, []));
console.log(compute_out(3).numpy().item());
