// Rule: variable_scope/get_variable where the code may run several times (functions, loops):
// tf.name_scope + tf.Variables from a store keyed by the scoped name, made on first use.
import * as tf from "../../../index";

/**
 * TF1's variable_scope + get_variable for code that runs several times: each variable is made on
 * first use (inside the first trace) and shared by its scoped name "scope/.../name" after that.
 */
const variable_store = new Map<string, tf.Variable>();
const scope_names: string[] = [];
function variable_scope<T>(name: string, fn: () => T): T {
  scope_names.push(name);
  try {
    return tf.name_scope(name, fn);
  } finally {
    scope_names.pop();
  }
}
function get_variable(name: string, initial_value: () => tf.Tensor, trainable = true): tf.Variable {
  const full = [...scope_names, name].join("/");
  let v = variable_store.get(full);
  if (v === undefined) {
    v = new tf.Variable(initial_value, { name, trainable });
    variable_store.set(full, v);
  }
  return v;
}

const dense = (inp: tf.Tensor, units: number, scope: string) =>
  variable_scope(scope, () => {
    const W = get_variable("W", () => tf.ones([inp.shape[1], units]));
    const b = get_variable("b", () => tf.zeros([units]), false);
    return tf.add(tf.matmul(inp, W), b);
  });

const optimizer = new tf.keras.optimizers.SGD(0.01);

const train_step = tf.function((x: tf.Tensor) => {
  const tape = new tf.GradientTape();
  const loss = tape.record(() => {
    const out = variable_scope("model", () => {
      let h = x;
      for (let i = 0; i < 2; i++) {
        h = variable_scope(`block${i}`, () => tf.nn.relu(dense(h, 3, "fc")));
      }
      return h;
    });
    const loss = tf.reduce_sum(out);
    return loss;
  });
  const variables = [...[...variable_store.values()].filter((v) => v.trainable)];
  const gradients = tape.gradient(loss, variables);
  optimizer.apply_gradients(gradients.map((g: tf.Tensor, i: number) => [g, variables[i]]));
}, { input_signature: [new tf.TensorSpec([null, 3], tf.float32, "x")] });

const compute_loss = tf.function((x: tf.Tensor) => {
  const out = variable_scope("model", () => {
    let h = x;
    for (let i = 0; i < 2; i++) {
      h = variable_scope(`block${i}`, () => tf.nn.relu(dense(h, 3, "fc")));
    }
    return h;
  });
  const loss = tf.reduce_sum(out);
  return loss;
}, { input_signature: [new tf.TensorSpec([null, 3], tf.float32, "x")] });

train_step([[1, 2, 3]]);
console.log(compute_loss([[1, 2, 3]]).numpy().item());
