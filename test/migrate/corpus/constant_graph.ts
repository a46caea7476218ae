// A graph of constants only: no placeholder, no variable.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const a = tf.constant(3.0);
const b = tf.constant(4.0);
const hyp = tf.sqrt(tf.add(tf.square(a), tf.square(b)));
const m = tf.constant([[1, 2], [3, 4]]);
const mt = tf.matmul(m, tf.transpose(m));

const sess = new tf.compat.v1.Session();
console.log(sess.run(hyp).item());
console.log(String(sess.run(mt)));
const [x, y] = sess.run([a, tf.multiply(a, b)]);
console.log(x.item(), y.item());
sess.close();
