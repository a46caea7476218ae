// Rule: TF1 optimizers -> Keras optimizers (argument renames, TF1 epsilons kept).
import * as tf from "../../../index";

const w = new tf.Variable(tf.ones([2]), { name: "w" });
const sgd = new tf.keras.optimizers.SGD(0.1);
const mom = new tf.keras.optimizers.SGD({ learning_rate: 0.1, momentum: 0.9, nesterov: true });
const adam = new tf.keras.optimizers.Adam({ learning_rate: 0.001, beta_1: 0.8, beta_2: 0.99, epsilon: 1e-8, name: "MyAdam" });
const rms = new tf.keras.optimizers.RMSprop({ learning_rate: 0.01, rho: 0.95, momentum: 0.1, epsilon: 1e-10 });
const ada = new tf.keras.optimizers.Adagrad({ learning_rate: 0.1, initial_accumulator_value: 0.2, epsilon: 0 });
const adad = new tf.keras.optimizers.Adadelta({ epsilon: 1e-8 });

const train_step = tf.function(() => {
  const tape = new tf.GradientTape();
  const loss = tape.record(() => {
    const loss = tf.reduce_sum(tf.square(w));
    return loss;
  });
  const variables = [w];
  const gradients = tape.gradient(loss, variables);
  sgd.apply_gradients(gradients.map((g: tf.Tensor, i: number) => [g, variables[i]]));
});

const train_step_2 = tf.function(() => {
  const tape = new tf.GradientTape();
  const loss = tape.record(() => {
    const loss = tf.reduce_sum(tf.square(w));
    return loss;
  });
  const variables = [w];
  const gradients = tape.gradient(loss, variables);
  adam.apply_gradients(gradients.map((g: tf.Tensor, i: number) => [g, variables[i]]));
});

const train_step_3 = tf.function(() => {
  const tape = new tf.GradientTape();
  const loss = tape.record(() => {
    const loss = tf.reduce_sum(tf.square(w));
    return loss;
  });
  const variables = [w];
  const gradients = tape.gradient(loss, variables);
  mom.apply_gradients(gradients.map((g: tf.Tensor, i: number) => [g, variables[i]]));
});

const train_step_4 = tf.function(() => {
  const tape = new tf.GradientTape();
  const loss = tape.record(() => {
    const loss = tf.reduce_sum(tf.square(w));
    return loss;
  });
  const variables = [w];
  const gradients = tape.gradient(loss, variables);
  rms.apply_gradients(gradients.map((g: tf.Tensor, i: number) => [g, variables[i]]));
});

const train_step_5 = tf.function(() => {
  const tape = new tf.GradientTape();
  const loss = tape.record(() => {
    const loss = tf.reduce_sum(tf.square(w));
    return loss;
  });
  const variables = [w];
  const gradients = tape.gradient(loss, variables);
  ada.apply_gradients(gradients.map((g: tf.Tensor, i: number) => [g, variables[i]]));
});

const train_step_6 = tf.function(() => {
  const tape = new tf.GradientTape();
  const loss = tape.record(() => {
    const loss = tf.reduce_sum(tf.square(w));
    return loss;
  });
  const variables = [w];
  const gradients = tape.gradient(loss, variables);
  adad.apply_gradients(gradients.map((g: tf.Tensor, i: number) => [g, variables[i]]));
});

const compute_loss = tf.function(() => {
  const loss = tf.reduce_sum(tf.square(w));
  return loss;
});

train_step();
train_step_2();
train_step_3();
train_step_4();
train_step_5();
train_step_6();
console.log(compute_loss().numpy().item());
