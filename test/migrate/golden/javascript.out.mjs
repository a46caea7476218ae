// Rule: JavaScript files get no type annotations.
import * as tf from "tensorflow-ts";

const w = new tf.Variable(tf.zeros([1, 1]), { name: "w" });
const optimizer = new tf.keras.optimizers.SGD(0.1);
const train_step = tf.function((x) => {
  const tape = new tf.GradientTape();
  const loss = tape.record(() => {
    const loss = tf.reduce_mean(tf.square(tf.subtract(tf.matmul(x, w), 1)));
    return loss;
  });
  const variables = [w];
  const gradients = tape.gradient(loss, variables);
  optimizer.apply_gradients(gradients.map((g, i) => [g, variables[i]]));
  return [null, loss];
}, { input_signature: [new tf.TensorSpec([null, 1], tf.float32, "x")] });

const [, l] = train_step([[1], [2]]).map((t) => t && t.numpy());
console.log(l.item(), { w: w.numpy() });
