import { describe, it, expect, beforeAll, afterAll, vi } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "../../index";
import { tfc, tfl, tfjsReady, diskLoader, diskSaver } from "./tfjs_helpers";

const K = tf.keras;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "keras-save-"));
  await tfjsReady();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}
const toTfjs = (t: tf.Tensor) => tfc.tensor(Array.from(t.dataSync() as Float32Array), t.shape);

function cnn(): tf.keras.Sequential {
  return new K.Sequential([
    new K.layers.Conv2D(4, 3, { activation: "relu", input_shape: [8, 8, 1], kernel_regularizer: K.regularizers.l2(0.01) }),
    new K.layers.MaxPooling2D(),
    new K.layers.BatchNormalization(),
    new K.layers.Flatten(),
    new K.layers.Dense(6, { activation: tf.nn.relu }),
    new K.layers.Dropout(0.2),
    new K.layers.Dense(3, { activation: "softmax" }),
  ]);
}

describe("model.save / load_model (TensorFlow.js Layers format)", () => {
  it("writes model.json with topology, weights manifest and shards; reloads with equal predictions and compiled state", async () => {
    const model = cnn();
    model.compile({ optimizer: new K.optimizers.Adam(0.01), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    const x = tf.random.normal([16, 8, 8, 1], { seed: 3 }), y = tf.constant([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
    await model.fit(x, y, { epochs: 1, verbose: 0 });
    const p = path.join(dir, "cnn");
    model.save(p);
    const j = JSON.parse(fs.readFileSync(path.join(p, "model.json"), "utf8"));
    expect(j.format).toBe("layers-model");
    expect(j.modelTopology.class_name).toBe("Sequential");
    expect(j.weightsManifest[0].paths).toEqual(["group1-shard1of1.bin"]);
    expect(j.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual([
      "conv2d/kernel", "conv2d/bias", "batch_normalization/gamma", "batch_normalization/beta",
      "batch_normalization/moving_mean", "batch_normalization/moving_variance", "dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias",
    ]);
    const back = K.load_model(p);
    expect(maxDiff(back.predict(x, { verbose: 0 }).data, model.predict(x, { verbose: 0 }).data)).toBeLessThan(1e-6);
    expect(back.optimizer!.get_config()).toMatchObject({ learning_rate: 0.01 });
    expect(back.evaluate(x, y, { verbose: 0 })).toEqual(model.evaluate(x, y, { verbose: 0 }));
  });

  it("TensorFlow.js loads what we save, with equal predictions", async () => {
    const model = cnn();
    const p = path.join(dir, "to_tfjs");
    model.save(p);
    const tm = await tfl.loadLayersModel(diskLoader(p) as never);
    const x = tf.random.normal([5, 8, 8, 1], { seed: 4 });
    const ours = model.predict(x, { verbose: 0 }).data;
    const theirs = (tm.predict(toTfjs(x)) as { dataSync(): Float32Array }).dataSync();
    expect(maxDiff(ours, theirs)).toBeLessThan(1e-5);
  });

  it("we load what TensorFlow.js saves (Sequential and functional), with equal predictions", async () => {
    const t1 = tfl.sequential();
    t1.add(tfl.layers.dense({ units: 6, inputShape: [5], activation: "relu" }));
    t1.add(tfl.layers.batchNormalization());
    t1.add(tfl.layers.dense({ units: 2, activation: "softmax" }));
    await t1.save(diskSaver(path.join(dir, "from_tfjs")) as never);
    const m1 = K.load_model(path.join(dir, "from_tfjs"));
    const x = tf.random.normal([3, 5], { seed: 5 });
    expect(maxDiff(m1.predict(x, { verbose: 0 }).data, (t1.predict(toTfjs(x)) as { dataSync(): Float32Array }).dataSync())).toBeLessThan(1e-5);

    const inp = tfl.input({ shape: [4] });
    const a = tfl.layers.dense({ units: 3, activation: "tanh" }).apply(inp);
    const b = tfl.layers.dense({ units: 3 }).apply(inp);
    const out = tfl.layers.add().apply([a, b] as never);
    const t2 = tfl.model({ inputs: inp, outputs: out as never });
    await t2.save(diskSaver(path.join(dir, "from_tfjs_fn")) as never);
    const m2 = K.load_model(path.join(dir, "from_tfjs_fn"));
    const x2 = tf.random.normal([2, 4], { seed: 6 });
    expect(maxDiff(m2.predict(x2, { verbose: 0 }).data, (t2.predict(toTfjs(x2)) as { dataSync(): Float32Array }).dataSync())).toBeLessThan(1e-5);
  });

  it("an LSTM text model round-trips through TensorFlow.js", async () => {
    const model = new K.Sequential([
      new K.layers.Embedding(30, 6, { input_length: 7 }),
      new K.layers.LSTM(5, { return_sequences: true }),
      // TensorFlow.js's GRU only has reset_after=False.
      new K.layers.GRU(4, { reset_after: false }),
      new K.layers.Dense(1, { activation: "sigmoid" }),
    ]);
    const p = path.join(dir, "rnn");
    model.save(p);
    const tm = await tfl.loadLayersModel(diskLoader(p) as never);
    const x = tf.constant([[1, 2, 3, 4, 5, 6, 7], [9, 8, 7, 0, 0, 0, 0]]);
    expect(maxDiff(model.predict(x, { verbose: 0 }).data, (tm.predict(toTfjs(x)) as { dataSync(): Float32Array }).dataSync())).toBeLessThan(1e-5);
    await tm.save(diskSaver(path.join(dir, "rnn_back")) as never);
    const back = K.load_model(path.join(dir, "rnn_back"));
    expect(maxDiff(back.predict(x, { verbose: 0 }).data, model.predict(x, { verbose: 0 }).data)).toBeLessThan(1e-5);
  });

  it("save_weights / load_weights", () => {
    const a = cnn(), b = cnn();
    const f = path.join(dir, "w", "ckpt.weights.json");
    a.save_weights(f);
    const x = tf.random.normal([2, 8, 8, 1], { seed: 7 });
    expect(maxDiff(a.predict(x, { verbose: 0 }).data, b.predict(x, { verbose: 0 }).data)).toBeGreaterThan(1e-4);
    b.load_weights(f);
    expect(maxDiff(a.predict(x, { verbose: 0 }).data, b.predict(x, { verbose: 0 }).data)).toBe(0);
    const other = new K.Sequential([new K.layers.Dense(2, { input_shape: [3] })]);
    expect(() => other.load_weights(f)).toThrow(/containing 4 layers into a model with 1 layers/);
  });

  it("subclassed models cannot be saved whole (clear message), but save their weights", () => {
    class Net extends K.Model { d = new K.layers.Dense(2); override call(x: tf.Tensor) { return this.d(x); } }
    const n = new Net();
    n.predict(tf.ones([1, 3]), { verbose: 0 });
    expect(() => n.save(path.join(dir, "net"))).toThrow(/subclassed model.*save_weights/);
    n.save_weights(path.join(dir, "net.json"));
    expect(() => n.save(path.join(dir, "net.h5"))).toThrow(/HDF5/);
  });
});

describe("load_model rejects malformed and hostile files", () => {
  let good: string;
  beforeAll(() => {
    good = path.join(dir, "good");
    new K.Sequential([new K.layers.Dense(2, { input_shape: [3] })]).save(good);
  });
  function variant(name: string, edit: (j: any) => unknown, shard?: (b: Buffer) => Buffer): string {
    const p = path.join(dir, name);
    fs.mkdirSync(p, { recursive: true });
    const j = JSON.parse(fs.readFileSync(path.join(good, "model.json"), "utf8"));
    const out = edit(j) ?? j;
    fs.writeFileSync(path.join(p, "model.json"), typeof out === "string" ? out : JSON.stringify(out));
    const bin = fs.readFileSync(path.join(good, "group1-shard1of1.bin"));
    fs.writeFileSync(path.join(p, "group1-shard1of1.bin"), shard ? shard(bin) : bin);
    return p;
  }
  it("bad JSON", () => {
    expect(() => K.load_model(variant("badjson", () => "{ not json"))).toThrow(/not valid model JSON/);
  });
  it("__proto__ / constructor keys", () => {
    const p = variant("proto", () => null);
    const text = fs.readFileSync(path.join(p, "model.json"), "utf8").replace('"config":{"name":"sequential', '"config":{"__proto__":{"polluted":1},"name":"sequential');
    fs.writeFileSync(path.join(p, "model.json"), text);
    expect(() => K.load_model(p)).toThrow(/forbidden key "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it("shards shorter or longer than the manifest says", () => {
    expect(() => K.load_model(variant("short", () => null, (b) => b.subarray(0, b.length - 4)))).toThrow(/hold \d+ bytes but the manifest describes \d+ bytes/);
    expect(() => K.load_model(variant("long", () => null, (b) => Buffer.concat([b, Buffer.alloc(8)])))).toThrow(/truncated, corrupted, or belong to another model/);
  });
  it("unknown layer classes name the class and the custom_objects fix", () => {
    const p = variant("unknown", (j) => { j.modelTopology.config.layers[0].class_name = "Densse"; });
    expect(() => K.load_model(p)).toThrow(/Unknown layer: 'Densse'. Did you mean 'Dense'\?.*custom_objects/);
  });
  it("shard paths outside the model folder", () => {
    const p = variant("escape", (j) => { j.weightsManifest[0].paths = ["../good/group1-shard1of1.bin"]; });
    expect(() => K.load_model(p)).toThrow(/relative path inside the model folder/);
  });
  it("weights that do not fit the layer", () => {
    const p = variant("shape", (j) => { j.weightsManifest[0].weights[0].shape = [2, 3]; });
    expect(() => K.load_model(p)).toThrow(/shape mismatch for weight 'dense\/kernel'|shape mismatch for weight/);
  });
  it("a missing folder", () => {
    expect(() => K.load_model(path.join(dir, "nope"))).toThrow(/No file or directory found/);
  });
});

describe("plot_model", () => {
  it("renders the graph to SVG", async () => {
    const model = cnn();
    const f = path.join(dir, "model.svg");
    const svg = await K.utils.plot_model(model, { to_file: f, show_shapes: true });
    expect(svg.startsWith("<?xml") || svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("conv2d");
    expect(svg).toContain("(None, 6, 6, 4)");
    expect(fs.readFileSync(f, "utf8")).toBe(svg);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await K.utils.plot_model(model, { to_file: path.join(dir, "model.png") });
    log.mockRestore();
    expect(fs.existsSync(path.join(dir, "model.svg"))).toBe(true);
  });
});
