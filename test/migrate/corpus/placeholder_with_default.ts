// placeholder_with_default: fed in some runs, defaulted in others.
import * as tf from "../../../index";

tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null, 3], "x");
const temperature = tf.compat.v1.placeholder_with_default(1.0, [], "temperature");
const probs = tf.nn.softmax(tf.divide(x, temperature));

const sess = new tf.compat.v1.Session();
const logits = [[1, 2, 3], [0, 0, 1]];
console.log(String(sess.run(probs, { feed_dict: [[x, logits]] })));
console.log(String(sess.run(probs, { feed_dict: [[x, logits], [temperature, 0.5]] })));
console.log(String(sess.run(probs, { feed_dict: [[x, logits], [temperature, 4]] })));
