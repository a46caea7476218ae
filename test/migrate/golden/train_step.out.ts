// Rule: minimize() run by a Session -> a GradientTape train step (var_list, global_step, loss expression).
import * as tf from "../../../index";

const a = new tf.Variable(tf.zeros([]), { name: "a" });
const b = new tf.Variable(tf.zeros([]), { name: "b" });
const step = new tf.Variable(tf.zeros([], tf.int32), { name: "step", trainable: false });
const opt = new tf.keras.optimizers.SGD(0.01);
const optimizer = new tf.keras.optimizers.SGD({ learning_rate: 0.01, momentum: 0.9 });

const train_step = tf.function((x: tf.Tensor) => {
  const tape = new tf.GradientTape();
  const loss_value = tape.record(() => {
    const y = tf.add(tf.multiply(x, a), b);
    const loss_value = tf.reduce_mean(tf.square(tf.subtract(y, 1)));
    return loss_value;
  });
  const variables = [a];
  const gradients = tape.gradient(loss_value, variables);
  opt.apply_gradients(gradients.map((g: tf.Tensor, i: number) => [g, variables[i]]));
  step.assign_add(1);
}, { input_signature: [new tf.TensorSpec([null], tf.float32, "x")] });

const train_step_2 = tf.function((x: tf.Tensor) => {
  const tape = new tf.GradientTape();
  const { y, loss_value } = tape.record(() => {
    const y = tf.add(tf.multiply(x, a), b);
    const loss_value = tf.reduce_mean(y);
    return { y, loss_value };
  });
  const variables = [a, b];
  const gradients = tape.gradient(loss_value, variables);
  optimizer.apply_gradients(gradients.map((g: tf.Tensor, i: number) => [g, variables[i]]));
  return [null, y];
}, { input_signature: [new tf.TensorSpec([null], tf.float32, "x")] });

for (let i = 0; i < 3; i++) {
  train_step([1, 2]);
  const [, yv] = train_step_2([1, 2]).map((t: tf.Tensor | null) => t && t.numpy());
  console.log(yv);
}
