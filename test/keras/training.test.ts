import { describe, it, expect, beforeAll, afterAll, vi } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "../../index";
import { collectGarbage } from "../../core/memory";
import { getBackend, registeredBackends } from "../../core/engine/engine";
import { availableBackends } from "../../core/config";
import { pendingWork } from "../../core/engine/spare";

const K = tf.keras;
let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "keras-train-")); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function mnistSubset(n: number): Promise<[tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]> {
  const saved = process.env.TF_KERAS_OFFLINE, home = process.env.KERAS_HOME;
  process.env.TF_KERAS_OFFLINE = "1";
  process.env.KERAS_HOME = dir;
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    const [[xtr, ytr], [xte, yte]] = await K.datasets.mnist.load_data();
    const x = tf.divide(tf.reshape(tf.slice(tf.constant(xtr), [0, 0, 0], [n, 28, 28]), [n, 28, 28, 1]), 255);
    const xt = tf.divide(tf.reshape(tf.slice(tf.constant(xte), [0, 0, 0], [500, 28, 28]), [500, 28, 28, 1]), 255);
    return [x, tf.slice(tf.constant(ytr), [0], [n]), xt, tf.slice(tf.constant(yte), [0], [500])];
  } finally {
    log.mockRestore();
    if (saved === undefined) delete process.env.TF_KERAS_OFFLINE; else process.env.TF_KERAS_OFFLINE = saved;
    if (home === undefined) delete process.env.KERAS_HOME; else process.env.KERAS_HOME = home;
  }
}

describe("training real models", () => {
  it("a small CNN learns MNIST digits (1,000 real images, 3 epochs)", async () => {
    const [x, y, xt, yt] = await mnistSubset(1000);
    tf.random.set_seed(0);
    const model = new K.Sequential([
      new K.layers.Conv2D(8, 3, { activation: "relu", input_shape: [28, 28, 1] }),
      new K.layers.MaxPooling2D(),
      new K.layers.Flatten(),
      new K.layers.Dense(10, { activation: "softmax" }),
    ]);
    model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    const before = model.evaluate(xt, yt, { verbose: 0 }) as number[];
    const h = await model.fit(x, y, { epochs: 3, verbose: 0 });
    const after = model.evaluate(xt, yt, { verbose: 0 }) as number[];
    expect(h.history.loss[2]).toBeLessThan(h.history.loss[0]);
    expect(before[1]).toBeLessThan(0.3);
    expect(after[1]).toBeGreaterThan(0.75);
    expect(after[0]).toBeLessThan(before[0] / 2);
  });

  it("an Embedding + LSTM text model learns which words carry the label", async () => {
    // Sentences of 8 tokens (1..19, 0 = padding); the label says whether "good" words (1..5)
    // outnumber "bad" ones (6..10). Tokens 11..19 are filler.
    tf.random.set_seed(1);
    const n = 400, T = 8;
    const xs: number[][] = [], ys: number[] = [];
    let seed = 12345;
    const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    for (let i = 0; i < n; i++) {
      const len = 4 + Math.floor(rand() * 5);
      const row: number[] = [];
      let good = 0, bad = 0;
      for (let t = 0; t < len; t++) {
        const w = 1 + Math.floor(rand() * 19);
        if (w <= 5) good++; else if (w <= 10) bad++;
        row.push(w);
      }
      if (good === bad) { row[0] = 1; good++; if (row[0] > 5 && row[0] <= 10) bad--; }
      while (row.length < T) row.push(0);
      xs.push(row);
      ys.push(good > bad ? 1 : 0);
    }
    const model = new K.Sequential([
      new K.layers.Embedding(20, 8, { mask_zero: true }),
      new K.layers.LSTM(16),
      new K.layers.Dense(1, { activation: "sigmoid" }),
    ]);
    model.compile({ optimizer: new K.optimizers.Adam(0.01), loss: "binary_crossentropy", metrics: ["accuracy"] });
    const x = tf.constant(xs), y = tf.constant(ys);
    const h = await model.fit(x, y, { epochs: 8, batch_size: 32, verbose: 0, validation_split: 0.25 });
    expect(h.history.loss[7]).toBeLessThan(h.history.loss[0] * 0.6);
    expect(h.history.val_accuracy[7]).toBeGreaterThan(0.8);
    expect(Object.keys(h.history)).toEqual(["loss", "accuracy", "val_loss", "val_accuracy"]);
  });
});

describe("fit options", () => {
  function tiny(): tf.keras.Sequential {
    K.backend.clear_session();
    tf.random.set_seed(2);
    const m = new K.Sequential([new K.layers.Dense(3, { activation: "relu", input_shape: [4] }), new K.layers.Dense(2, { activation: "softmax" })]);
    m.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    return m;
  }
  const x = tf.random.normal([50, 4], { seed: 9 }), y = tf.cast(tf.greater(tf.slice(x, [0, 0], [50, 1]), 0), "float32");
  const y1 = tf.reshape(y, [50]);

  it("unknown keywords name the valid one", async () => {
    await expect(tiny().fit(x, y1, { epochs: 1, batchSize: 8 } as never)).rejects.toThrow(/Did you mean 'batch_size'\?/);
    expect(() => tiny().compile({ optimiser: "adam" } as never)).toThrow(/Did you mean 'optimizer'\?/);
    expect(() => new K.layers.Dense(4, { activaton: "relu" } as never)).toThrow(/Did you mean 'activation'\?/);
  });
  it("fit before compile, or without targets, explains what to do", async () => {
    const m = new K.Sequential([new K.layers.Dense(1, { input_shape: [4] })]);
    await expect(m.fit(x, y1)).rejects.toThrow(/compile your model before/);
    await expect(tiny().fit(x, undefined, { epochs: 1 })).rejects.toThrow(/y \(the targets\) is required/);
  });
  it("steps_per_epoch, initial_epoch, shuffle=false, batch_size and train/test/predict_on_batch", async () => {
    const m = tiny();
    const seen: number[] = [];
    const h = await m.fit(x, y1, {
      epochs: 3, initial_epoch: 1, steps_per_epoch: 2, batch_size: 10, shuffle: false, verbose: 0,
      callbacks: [new K.callbacks.LambdaCallback({ on_batch_end: (b: number) => seen.push(b), on_epoch_end: () => seen.push(-1) })],
    });
    expect(h.epoch).toEqual([1, 2]);
    expect(seen).toEqual([0, 1, -1, 0, 1, -1]);
    const r = m.train_on_batch(tf.slice(x, [0, 0], [8, 4]), tf.slice(y1, [0], [8]));
    expect(r.length).toBe(2);
    expect(m.test_on_batch(x, y1, null, true, true)).toHaveProperty("accuracy");
    const p = m.predict_on_batch(tf.slice(x, [0, 0], [3, 4]));
    expect(p.shape).toEqual([3, 2]);
  });
  it("validation_data and class_weight", async () => {
    const m = tiny();
    const h = await m.fit(x, y1, { epochs: 2, verbose: 0, validation_data: [x, y1], class_weight: { 0: 1, 1: 3 } });
    expect(h.history.val_loss.length).toBe(2);
    await expect(m.fit(x, y1, { epochs: 1, verbose: 0, class_weight: { 0: 1 } })).rejects.toThrow(/class_weight has no entry for class 1/);
  });
  it("mismatched sample counts are reported like Keras", async () => {
    await expect(tiny().fit(x, tf.zeros([49]), { verbose: 0 })).rejects.toThrow(/Data cardinality is ambiguous/);
  });
});

describe("memory", () => {
  it("fit, evaluate and predict free their intermediates: live tensor count stays flat", async () => {
    K.backend.clear_session();
    const m = new K.Sequential([new K.layers.Dense(16, { activation: "relu", input_shape: [8] }), new K.layers.Dropout(0.1), new K.layers.Dense(3, { activation: "softmax" })]);
    m.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    const x = tf.random.normal([320, 8], { seed: 1 }), y = tf.zeros([320]);
    await m.fit(x, y, { epochs: 1, verbose: 0 });
    const before = tf.memory().numTensors;
    await m.fit(x, y, { epochs: 5, batch_size: 8, verbose: 0 });
    m.evaluate(x, y, { verbose: 0 });
    m.predict(x, { verbose: 0 });
    // 200 train steps + evaluation + prediction: only a handful of tensors may remain.
    expect(tf.memory().numTensors - before).toBeLessThan(40);
  });

  it("fit on large data first collects what the script dropped (as `x = x / 255` frees the old array in Python); small data does not", async () => {
    const m = new K.Sequential([new K.layers.Dense(1, { input_shape: [1024] })]);
    m.compile({ optimizer: "sgd", loss: "mse" });
    const fitDropping = async (rows: number) => {
      const x = tf.zeros([rows, 1024]), y = tf.zeros([rows, 1]); // the data first, as in the lecture
      let dropped: Uint8Array | null = new Uint8Array(4 << 20);
      const ref = new WeakRef(dropped);
      await new Promise((r) => setImmediate(r));
      collectGarbage(); // now in the old generation: only a full collection frees it, not a scavenge
      dropped = null;
      await m.fit(x, y, { epochs: 1, steps_per_epoch: 1, batch_size: 4, verbose: 0 });
      return ref.deref() === undefined;
    };
    expect(await fitDropping(8192)).toBe(true); // 32 MB of x: collected before training
    expect(await fitDropping(64)).toBe(false); // 256 KB: no collection (one would cost ~10 ms per fit call)
  });
});

describe("asynchronous optimizer updates", () => {
  for (const backend of ["default", "wasm"]) it(`fit gives the same weights and slots, bit for bit, with the wasm pool's asynchronous Adam (default) and without it (${backend} backend)`, async () => {
    if (backend !== "default" && !availableBackends().includes(backend)) return;
    const train = async (asyncOn: boolean) => {
      const prev = process.env.TF_WASM_ASYNC, prevBackend = tf.config.get_backend();
      if (!asyncOn) process.env.TF_WASM_ASYNC = "0";
      if (backend !== "default") tf.config.set_backend(backend);
      try {
        tf.random.set_seed(7);
        const m = new K.Sequential([new K.layers.Dense(256, { activation: "relu", input_shape: [300] }), new K.layers.Dropout(0.2), new K.layers.Dense(4, { activation: "softmax" })]);
        m.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
        const x = tf.random.uniform([256, 300], 0, 1, "float32", 3), y = tf.cast(tf.random.uniform([256], 0, 4, "int32", 4), "float32");
        const h = await m.fit(x, y, { epochs: 2, batch_size: 32, verbose: 0 });
        const vals = [...m.get_weights().map((w) => Array.from(w.data as Float32Array)), ...m.optimizer!.variables().map((v) => Array.from(v.numpy().data as Float32Array))];
        return { vals, loss: h.history.loss };
      } finally {
        if (prev === undefined) delete process.env.TF_WASM_ASYNC; else process.env.TF_WASM_ASYNC = prev;
        tf.config.set_backend(prevBackend);
      }
    };
    const rt = registeredBackends().includes("wasm") ? (getBackend("wasm") as unknown as { rt: { adamAsync: (...a: unknown[]) => boolean; pool: unknown } }).rt : null;
    const spy = rt ? vi.spyOn(rt, "adamAsync") : null;
    const a = await train(true);
    // Where the wasm pool exists (the threads variant: CI's machines), the update did run asynchronously.
    if (rt && rt.pool) expect(spy!.mock.results.some((r) => r.value === true)).toBe(true);
    spy?.mockRestore();
    const b = await train(false);
    expect(a.loss).toEqual(b.loss);
    expect(a.vals.length).toBe(b.vals.length);
    for (let i = 0; i < a.vals.length; i++) expect(a.vals[i]).toEqual(b.vals[i]); // 76,800 kernel weights: the pool's update
  });
});

describe("asynchronous optimizer updates: nothing left pending", () => {
  it("train_on_batch returns with its update done (as fit does)", () => {
    const m = new K.Sequential([new K.layers.Dense(256, { input_shape: [300] }), new K.layers.Dense(2)]);
    m.compile({ optimizer: "adam", loss: "mse" });
    const x = tf.random.uniform([32, 300], 0, 1, "float32", 5), y = tf.zeros([32, 2]);
    const rt = registeredBackends().includes("wasm") ? (getBackend("wasm") as unknown as { rt: { adamAsync: (...a: unknown[]) => boolean } }).rt : null;
    const spy = rt ? vi.spyOn(rt, "adamAsync") : null;
    for (let i = 0; i < 3; i++) {
      m.train_on_batch(x, y);
      expect(pendingWork).toBe(null);
    }
    // Where the pool exists, the later steps' kernel update did start asynchronously.
    if (rt && (rt as unknown as { pool: unknown }).pool) expect(spy!.mock.results.some((r) => r.value === true)).toBe(true);
    spy?.mockRestore();
  });
});

describe("callbacks", () => {
  function model(lr = 0.05): tf.keras.Sequential {
    K.backend.clear_session();
    tf.random.set_seed(3);
    const m = new K.Sequential([new K.layers.Dense(1, { input_shape: [2] })]);
    m.compile({ optimizer: new K.optimizers.SGD(lr), loss: "mse" });
    return m;
  }
  const x = tf.random.normal([32, 2], { seed: 11 });
  const y = tf.add(tf.matmul(x, tf.constant([[2], [-1]])), 0.5);

  it("EarlyStopping stops after `patience` epochs without improvement and restores the best weights", async () => {
    const m = model(0);
    const es = new K.callbacks.EarlyStopping({ monitor: "loss", patience: 2, restore_best_weights: true });
    const h = await m.fit(x, y, { epochs: 20, verbose: 0, callbacks: [es] });
    expect(h.epoch).toEqual([0, 1, 2]);
    expect(es.stopped_epoch).toBe(2);
  });
  it("ModelCheckpoint formats {epoch:02d} and saves the best only", async () => {
    const m = model();
    const ck = new K.callbacks.ModelCheckpoint(path.join(dir, "ck-{epoch:02d}"), { monitor: "loss", save_best_only: true });
    await m.fit(x, y, { epochs: 3, verbose: 0, callbacks: [ck] });
    expect(["ck-01", "ck-02", "ck-03"].every((f) => fs.existsSync(path.join(dir, f, "model.json")))).toBe(true);
    const w = new K.callbacks.ModelCheckpoint({ filepath: path.join(dir, "w.json"), save_weights_only: true });
    await m.fit(x, y, { epochs: 1, verbose: 0, callbacks: [w] });
    expect(JSON.parse(fs.readFileSync(path.join(dir, "w.json"), "utf8")).weightsManifest[0].weights.length).toBe(2);
  });
  it("CSVLogger writes one row per epoch", async () => {
    const f = path.join(dir, "log.csv");
    await model().fit(x, y, { epochs: 3, verbose: 0, callbacks: [new K.callbacks.CSVLogger(f)] });
    const rows = fs.readFileSync(f, "utf8").trim().split(/\r?\n/);
    expect(rows[0]).toBe("epoch,loss");
    expect(rows.slice(1).map((r) => r.split(",")[0])).toEqual(["0", "1", "2"]);
  });
  it("LearningRateScheduler and ReduceLROnPlateau change the optimizer's learning rate", async () => {
    const m = model();
    const lrs: number[] = [];
    await m.fit(x, y, { epochs: 3, verbose: 0, callbacks: [
      new K.callbacks.LearningRateScheduler((epoch: number, lr: number) => (epoch === 0 ? lr : lr / 2)),
      new K.callbacks.LambdaCallback({ on_epoch_end: () => lrs.push(m.optimizer!.learning_rate as number) }),
    ] });
    expect(lrs.map((v) => +v.toFixed(6))).toEqual([0.05, 0.025, 0.0125]);
    const m2 = model(0.0);
    m2.optimizer!.learning_rate = 0.1;
    const h = await m2.fit(x, y, { epochs: 4, verbose: 0, callbacks: [new K.callbacks.ReduceLROnPlateau({ monitor: "loss", patience: 1, factor: 0.5, min_delta: 1e9 })] });
    // Keras logs the rate the epoch ran with, then reduces it at the epoch's end.
    expect(h.history.lr.map((v: number) => +v.toFixed(6))).toEqual([0.1, 0.1, 0.05, 0.025]);
    expect(+(m2.optimizer!.learning_rate as number).toFixed(6)).toBe(0.0125);
  });
  it("History holds per-epoch logs, also on model.history", async () => {
    const m = model();
    const h = await m.fit(x, y, { epochs: 4, verbose: 0 });
    expect(h.history.loss.length).toBe(4);
    expect(h.history.loss[3]).toBeLessThan(h.history.loss[0]);
    expect(m.history).toBe(h);
  });
});

describe("functional API and subclassing", () => {
  it("a two-input, two-output functional model trains with per-output losses, weights and metrics", async () => {
    K.backend.clear_session();
    tf.random.set_seed(4);
    const a = K.Input({ shape: [3], name: "a" }), b = K.Input({ shape: [2], name: "b" });
    const h = new K.layers.Dense(8, { activation: "relu" })(K.layers.concatenate([a, b]));
    const reg = new K.layers.Dense(1, { name: "reg" })(h);
    const cls = new K.layers.Dense(2, { activation: "softmax", name: "cls" })(h);
    const model = new K.Model({ inputs: [a, b], outputs: [reg, cls] });
    expect(model.layers.map((l) => l.name)).toEqual(["a", "b", "concatenate", "dense", "reg", "cls"]);
    model.compile({ optimizer: "adam", loss: { reg: "mse", cls: "sparse_categorical_crossentropy" }, loss_weights: { reg: 0.5, cls: 1 }, metrics: { cls: ["accuracy"] } });
    const xa = tf.random.normal([40, 3], { seed: 1 }), xb = tf.random.normal([40, 2], { seed: 2 });
    const yr = tf.reduce_sum(xa, 1, true), yc = tf.cast(tf.greater(tf.reduce_sum(xb, 1), 0), "float32");
    const hist = await model.fit({ a: xa, b: xb }, { reg: yr, cls: yc }, { epochs: 5, verbose: 0 });
    expect(Object.keys(hist.history)).toEqual(["loss", "reg_loss", "cls_loss", "cls_accuracy"]);
    const l = hist.history;
    expect(l.loss[4]).toBeCloseTo(0.5 * l.reg_loss[4] + l.cls_loss[4], 5);
    const [pr, pc] = model.predict([xa, xb], { verbose: 0 });
    expect([pr.shape, pc.shape]).toEqual([[40, 1], [40, 2]]);
    expect(model.get_layer("reg")).toBe(model.layers[4]);
    expect(model.get_layer({ index: 0 }).name).toBe("a");
  });

  it("a disconnected graph names the missing input", () => {
    const a = K.Input({ shape: [3] }), b = K.Input({ shape: [3] });
    const out = K.layers.add([a, b]);
    expect(() => new K.Model({ inputs: a, outputs: out })).toThrow(/Graph disconnected/);
  });

  it("a subclassed model with a training flag trains; its layers and weights are tracked", async () => {
    K.backend.clear_session();
    tf.random.set_seed(5);
    const seen: boolean[] = [];
    class Net extends K.Model {
      hidden = new K.layers.Dense(8, { activation: "relu" });
      drop = new K.layers.Dropout(0.5);
      out = new K.layers.Dense(1);
      override call(x: tf.Tensor, training?: boolean) {
        seen.push(!!training);
        return this.out(this.drop(this.hidden(x), training));
      }
    }
    const net = new Net();
    net.compile({ optimizer: "adam", loss: "mse" });
    const x = tf.random.normal([16, 3], { seed: 3 }), y = tf.reduce_sum(x, 1, true);
    const h = await net.fit(x, y, { epochs: 3, verbose: 0 });
    expect(h.history.loss.length).toBe(3);
    net.predict(x, { verbose: 0 });
    expect(seen[0]).toBe(true);
    expect(seen[seen.length - 1]).toBe(false);
    expect(net.layers.map((l) => l.name)).toEqual(["dense", "dropout", "dense_1"]);
    expect(net.trainable_weights.length).toBe(4);
    expect(net.count_params()).toBe(3 * 8 + 8 + 8 + 1);
  });

  it("layers are callable like Python's, and layer(x) on eager tensors computes", () => {
    const d = new K.layers.Dense(2, { kernel_initializer: "ones", bias_initializer: new K.initializers.Constant(0.5) });
    expect(d(tf.constant([[1, 2]])).numpy().tolist()).toEqual([[3.5, 3.5]]);
    expect(d.apply(tf.constant([[1, 1]])).numpy().tolist()).toEqual([[2.5, 2.5]]);
    expect(() => d(tf.constant([[1, 2, 3]]))).toThrow(/expected axis -1 of input shape to have value 2/);
  });

  it("regularization losses join the training loss", () => {
    K.backend.clear_session();
    const m = new K.Sequential([new K.layers.Dense(2, { input_shape: [2], kernel_initializer: "ones", kernel_regularizer: K.regularizers.l2(0.1) })]);
    expect(Number(m.losses[0].numpy().item())).toBeCloseTo(0.4, 6);
    m.compile({ optimizer: "sgd", loss: "mse" });
    // predictions [2, 2] vs targets [2, 2]: mse 0, total loss = 0.1 * 4
    expect(m.evaluate(tf.constant([[1, 1]]), tf.constant([[2, 2]]), { verbose: 0 })).toBeCloseTo(0.4, 6);
  });

  it("get_config / from_config rebuild the same architecture", () => {
    K.backend.clear_session();
    const m = new K.Sequential([new K.layers.Conv2D(3, 2, { padding: "same", input_shape: [5, 5, 2], activation: "relu" }), new K.layers.GlobalMaxPooling2D(), new K.layers.Dense(2)]);
    const c = m.get_config();
    const m2 = K.Sequential.from_config(c);
    expect(m2.count_params()).toBe(m.count_params());
    expect(m2.layers.map((l) => l.constructor.name)).toEqual(m.layers.map((l) => l.constructor.name));
    expect((m2.layers[0] as any).padding).toBe("same");
    const clone = K.models.clone_model(m);
    expect(clone.count_params()).toBe(m.count_params());
  });
});
