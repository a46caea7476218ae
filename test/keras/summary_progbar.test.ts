import { describe, it, expect, afterEach, vi } from "vitest";
import * as tf from "../../index";
import { Progbar, _setClock } from "../../keras/utils/progbar";

const K = tf.keras;

function section7(): tf.keras.Sequential {
  K.backend.clear_session();
  return new K.models.Sequential([
    new K.layers.Flatten(),
    new K.layers.Dense(512, { activation: tf.nn.relu }),
    new K.layers.Dropout(0.2),
    new K.layers.Dense(10, { activation: tf.nn.softmax }),
  ]);
}
function capture(model: tf.keras.Model, opts: Record<string, unknown> = {}): string[] {
  const lines: string[] = [];
  model.summary({ print_fn: (s: string) => lines.push(s), ...opts });
  return lines;
}

// Keras 2 (TF 2.9-2.12) output for EXAMPLES section 7: rows and blank spacers are padded to 65 columns.
const SECTION7 = [
  'Model: "sequential"',
  "_________________________________________________________________",
  " Layer (type)                Output Shape              Param #   ",
  "=================================================================",
  " flatten (Flatten)           (None, 784)               0         ",
  "                                                                 ",
  " dense (Dense)               (None, 512)               401920    ",
  "                                                                 ",
  " dropout (Dropout)           (None, 512)               0         ",
  "                                                                 ",
  " dense_1 (Dense)             (None, 10)                5130      ",
  "                                                                 ",
  "=================================================================",
  "Total params: 407,050",
  "Trainable params: 407,050",
  "Non-trainable params: 0",
  "_________________________________________________________________",
];

describe("model.summary()", () => {
  it("section 7 model, built by build([null, 28, 28])", () => {
    const model = section7();
    expect(() => model.summary()).toThrow(/has not yet been built/);
    model.build([null, 28, 28]);
    expect(capture(model)).toEqual(SECTION7);
    expect(model.count_params()).toBe(407050);
  });

  it("section 7 model, built by fit on data (deferred build)", async () => {
    const model = section7();
    model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    await model.fit(tf.zeros([4, 28, 28]), tf.zeros([4]), { epochs: 1, verbose: 0 });
    expect(capture(model)).toEqual(SECTION7);
  });

  it("long names wrap like Keras, and non-trainable params are counted", () => {
    K.backend.clear_session();
    const m = new K.Sequential([new K.layers.Conv2D(2, 3, { input_shape: [6, 6, 1] }), new K.layers.BatchNormalization(), new K.layers.GlobalAveragePooling2D()]);
    const lines = capture(m);
    expect(lines.slice(4, 10)).toEqual([
      " conv2d (Conv2D)             (None, 4, 4, 2)           20        ",
      "                                                                 ",
      " batch_normalization (BatchN  (None, 4, 4, 2)          8         ",
      " ormalization)                                                   ",
      "                                                                 ",
      " global_average_pooling2d (G  (None, 2)                0         ",
    ]);
    expect(lines.slice(-4)).toEqual(["Total params: 28", "Trainable params: 24", "Non-trainable params: 4", "_".repeat(65)]);
  });

  it("functional models with several inputs print the Connected to column", () => {
    K.backend.clear_session();
    const a = K.Input({ shape: [4] }), b = K.Input({ shape: [3] });
    const h = new K.layers.Dense(5)(a);
    const out = K.layers.concatenate([h, b]);
    const model = new K.Model({ inputs: [a, b], outputs: out });
    const lines = capture(model);
    expect(lines[0]).toBe('Model: "model"');
    expect(lines[2]).toBe(" Layer (type)                   Output Shape         Param #     Connected to                     ");
    expect(lines[4]).toBe(" input_1 (InputLayer)           [(None, 4)]          0           []                               ");
    expect(lines[6]).toBe(" dense (Dense)                  (None, 5)            25          ['input_1[0][0]']                ");
    expect(lines[8]).toBe(" input_2 (InputLayer)           [(None, 3)]          0           []                               ");
    expect(lines[10]).toBe(" concatenate (Concatenate)      (None, 8)            0           ['dense[0][0]',                  ");
    expect(lines[11]).toBe("                                                                  'input_2[0][0]']                ");
    expect(lines.every((l) => l.length <= 98)).toBe(true);
  });

  it("subclassed models show 'multiple'", () => {
    K.backend.clear_session();
    class Net extends K.Model {
      d = new K.layers.Dense(3);
      override call(x: tf.Tensor) { return this.d(x); }
    }
    const n = new Net();
    n.predict(tf.ones([2, 4]), { verbose: 0 });
    expect(capture(n).slice(0, 5)).toEqual([
      'Model: "net"', "_".repeat(65), " Layer (type)                Output Shape              Param #   ", "=".repeat(65),
      " dense (Dense)               multiple                  15        ",
    ]);
  });
});

class Sink { out = ""; isTTY: boolean; constructor(tty: boolean) { this.isTTY = tty; } write(s: string) { this.out += s; } }

describe("Keras progress bar", () => {
  afterEach(() => _setClock(null));

  it("final line of an epoch: bar, time, per-step time, metrics (.4f)", () => {
    let t = 100;
    _setClock(() => t);
    const sink = new Sink(false);
    const bar = new Progbar(1875, { stream: sink, stateful_metrics: "all" });
    t = 100.005; bar.update(1, [["loss", 2.3], ["accuracy", 0.1]]);
    t = 109.2; bar.update(1875, [["loss", 0.20051], ["accuracy", 0.94114]]);
    expect(sink.out).toBe("1875/1875 [==============================] - 9s 5ms/step - loss: 0.2005 - accuracy: 0.9411\n");
  });

  it("in a terminal the line is redrawn with \\r, with > at the head and an ETA", () => {
    let t = 0;
    _setClock(() => t);
    const sink = new Sink(true);
    const bar = new Progbar(10, { stream: sink, stateful_metrics: "all" });
    t = 1; bar.update(3, [["loss", 0.5]]);
    expect(sink.out).toBe("\r 3/10 [========>.....................] - ETA: 2s - loss: 0.5000");
    t = 2; bar.update(10, [["loss", 0.00012]]);
    expect(sink.out.endsWith("\r10/10 [==============================] - 2s 200ms/step - loss: 1.2000e-04\n")).toBe(true);
  });

  it("non-terminal output holds running updates back", () => {
    let t = 0;
    _setClock(() => t);
    const sink = new Sink(false);
    const bar = new Progbar(4, { stream: sink, stateful_metrics: "all" });
    t = 1; bar.update(1, [["loss", 1]]);
    t = 2; bar.update(2, [["loss", 1]]);
    expect(sink.out).toBe("");
  });

  it("verbose=2 prints one line per epoch with per-epoch and per-step times", () => {
    let t = 0;
    _setClock(() => t);
    const sink = new Sink(false);
    const bar = new Progbar(1875, { verbose: 2, stream: sink, stateful_metrics: "all" });
    t = 3.2; bar.update(1875, [["loss", 0.29364], ["accuracy", 0.91481]], true);
    expect(sink.out).toBe("1875/1875 - 3s - loss: 0.2936 - accuracy: 0.9148 - 3s/epoch - 2ms/step\n");
  });

  it("fit prints 'Epoch i/n' and the final bar per epoch; evaluate prints one bar", async () => {
    K.backend.clear_session();
    const model = new K.Sequential([new K.layers.Dense(2, { activation: "softmax", input_shape: [3], kernel_initializer: "zeros" })]);
    model.compile({ optimizer: "sgd", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    const x = tf.ones([70, 3]), y = tf.zeros([70]);
    let out = "";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
    const tty = process.stdout.isTTY;
    (process.stdout as { isTTY?: boolean }).isTTY = false;
    try {
      await model.fit(x, y, { epochs: 2 });
      model.evaluate(x, y);
    } finally {
      spy.mockRestore();
      (process.stdout as { isTTY?: boolean }).isTTY = tty;
    }
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toBe("Epoch 1/2");
    expect(lines[1]).toMatch(/^3\/3 \[==============================\] - \d+s \d+(ms|us)\/step - loss: \d\.\d{4} - accuracy: 1\.0000$/);
    expect(lines[2]).toBe("Epoch 2/2");
    expect(lines[4]).toMatch(/^3\/3 \[==============================\] - \d+s \d+(ms|us)\/step - loss: \d\.\d{4} - accuracy: 1\.0000$/);
    expect(lines.length).toBe(5);
  });

  it("evaluate returns [loss, ...metrics] (or the loss alone, or a dict)", () => {
    K.backend.clear_session();
    const model = new K.Sequential([new K.layers.Dense(1, { input_shape: [2], kernel_initializer: "ones" })]);
    model.compile({ optimizer: "sgd", loss: "mse", metrics: ["mae"] });
    const x = tf.constant([[1, 2], [3, 4]]), y = tf.constant([[3], [5]]);
    // predictions 3 and 7: mse = (0 + 4) / 2 = 2, mae = 1
    expect(model.evaluate(x, y, { verbose: 0 })).toEqual([2, 1]);
    expect(model.evaluate(x, y, { verbose: 0, return_dict: true })).toEqual({ loss: 2, mae: 1 });
    model.compile({ optimizer: "sgd", loss: "mse" });
    expect(model.evaluate(x, y, { verbose: 0 })).toBe(2);
  });
});
