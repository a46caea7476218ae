/**
 * Rule: comments and formatting outside rewritten nodes are kept byte for byte.
 */
import * as tf from "../../../index";

// Hyper-parameters   (odd   spacing kept)
const   lr   =   0.5 ;

const compute_y = tf.function((x: tf.Tensor) => {
  /* the model */
  const y = tf.multiply(x, lr); // scaled
  return y;
}, { input_signature: [new tf.TensorSpec([null], tf.float32)] });

for (const v of [1, 2]) {
  // feed one value
  console.log(compute_y([v]).numpy()); /* after */
}
