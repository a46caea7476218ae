/**
 * Rule: comments and formatting outside rewritten nodes are kept byte for byte.
 */
import * as tf from "../../../index";

// Hyper-parameters   (odd   spacing kept)
const   lr   =   0.5 ;

tf.compat.v1.disable_eager_execution();
// the input
const x = tf.compat.v1.placeholder(tf.float32, [null]); // trailing comment moves with it

/* the model */
const y = tf.multiply(x, lr); // scaled

const sess = new tf.compat.v1.Session();
for (const v of [1, 2]) {
  // feed one value
  console.log(sess.run(y, { feed_dict: [[x, [v]]] })); /* after */
}
