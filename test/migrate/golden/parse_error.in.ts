import * as tf from "../../../index";
const x = tf.compat.v1.placeholder(tf.float32, [1]
const y = ;
