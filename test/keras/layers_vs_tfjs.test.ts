/**
 * Every layer against an independent implementation: the same architecture and weights run in
 * @tensorflow/tfjs-layers (loaded from what we save), outputs compared element by element.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "../../index";
import { tfc, tfl, tfjsReady, diskLoader } from "./tfjs_helpers";

const K = tf.keras;
let dir: string;
beforeAll(async () => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "keras-vs-tfjs-")); await tfjsReady(); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let seq = 0;
/** Gives every weight seeded random values (positive for variances), saves, loads in tfjs, compares predictions. */
async function compare(model: tf.keras.Model, inputs: tf.Tensor[], tol = 2e-5): Promise<void> {
  const ws = model.weights;
  model.set_weights(ws.map((w, i) => {
    const r = tf.random.uniform(w.shape, { minval: -0.8, maxval: 0.8, seed: 100 + i });
    return w.name.includes("moving_variance") ? tf.add(tf.abs(r), 0.5) : r;
  }));
  const p = path.join(dir, `m${seq++}`);
  model.save(p);
  const tm = await tfl.loadLayersModel(diskLoader(p) as never);
  const ours = model.predict(inputs.length === 1 ? inputs[0] : inputs, { verbose: 0 });
  const tin = inputs.map((t) => tfc.tensor(Array.from(t.dataSync() as Float32Array), t.shape));
  const theirs = tm.predict(tin.length === 1 ? tin[0] : tin) as { shape: number[]; dataSync(): Float32Array };
  expect(ours.shape).toEqual(theirs.shape);
  const a = ours.data as Float32Array, b = theirs.dataSync();
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  expect(max).toBeLessThan(tol);
}
const seqModel = (layers: tf.keras.Layer[]) => new K.Sequential(layers);
const rnd = (shape: number[], seed: number) => tf.random.normal(shape, { seed });

describe("layers match TensorFlow.js", () => {
  it("Dense on rank-3 input, Activation (selu, softplus)", () =>
    compare(seqModel([new K.layers.Dense(5, { input_shape: [3, 4], activation: "selu" }), new K.layers.Activation("softplus")]), [rnd([2, 3, 4], 1)]));
  it("Conv1D: dilation, then same padding with stride", () =>
    compare(seqModel([new K.layers.Conv1D(4, 3, { dilation_rate: 2, input_shape: [10, 3], activation: "tanh" }), new K.layers.Conv1D(2, 2, { strides: 2, padding: "same" })]), [rnd([2, 10, 3], 2)]));
  it("Conv1D causal padding (TensorFlow.js lacks it): y[t] = sum_k w[k] x[t - (K-1-k) d]", () => {
    const layer = new K.layers.Conv1D(1, 3, { padding: "causal", dilation_rate: 2, use_bias: false, kernel_initializer: "ones" });
    const x = tf.constant([[[1], [2], [3], [4], [5], [6]]]);
    layer(x);
    layer.set_weights([tf.constant([[[1]], [[10]], [[100]]])]);
    // t: x[t-4]*1 + x[t-2]*10 + x[t]*100, with zeros before the start
    expect((layer(x) as tf.Tensor).numpy().tolist()).toEqual([[[100], [200], [310], [420], [531], [642]]]);
  });
  it("Conv2D: strides 2, same padding; valid padding", () =>
    compare(seqModel([new K.layers.Conv2D(3, 3, { strides: 2, padding: "same", input_shape: [9, 9, 2] }), new K.layers.Conv2D(2, [2, 3])]), [rnd([2, 9, 9, 2], 3)]));
  it("Conv2DTranspose: same and valid padding, strides 2", () =>
    compare(seqModel([new K.layers.Conv2DTranspose(3, 3, { strides: 2, padding: "same", input_shape: [5, 5, 2] }), new K.layers.Conv2DTranspose(2, 2, { strides: 2 })]), [rnd([2, 5, 5, 2], 4)]));
  it("DepthwiseConv2D with depth_multiplier, SeparableConv2D", () =>
    compare(seqModel([new K.layers.DepthwiseConv2D(3, { depth_multiplier: 2, input_shape: [7, 7, 3] }), new K.layers.SeparableConv2D(4, 3, { padding: "same", activation: "relu" })]), [rnd([2, 7, 7, 3], 5)]));
  it("MaxPooling1D, AveragePooling1D (same), GlobalAveragePooling1D", () =>
    compare(seqModel([new K.layers.MaxPooling1D({ input_shape: [8, 3] }), new K.layers.AveragePooling1D(3, 1, "same"), new K.layers.GlobalAveragePooling1D()]), [rnd([2, 8, 3], 6)]));
  it("MaxPooling2D (same), AveragePooling2D, GlobalMaxPooling2D", () =>
    compare(seqModel([new K.layers.MaxPooling2D([2, 2], { strides: 1, padding: "same", input_shape: [6, 6, 2] }), new K.layers.AveragePooling2D(), new K.layers.GlobalMaxPooling2D()]), [rnd([2, 6, 6, 2], 7)]));
  it("BatchNormalization (inference) on 2-D and 4-D inputs, LayerNormalization", async () => {
    await compare(seqModel([new K.layers.Dense(4, { input_shape: [3] }), new K.layers.BatchNormalization(), new K.layers.LayerNormalization()]), [rnd([5, 3], 8)]);
    await compare(seqModel([new K.layers.Conv2D(3, 1, { input_shape: [4, 4, 2] }), new K.layers.BatchNormalization({ epsilon: 0.01 })]), [rnd([2, 4, 4, 2], 9)]);
  });
  it("Embedding, SimpleRNN (return_sequences), LSTM", () =>
    compare(seqModel([new K.layers.Embedding(12, 5, { input_length: 6 }), new K.layers.SimpleRNN(4, { return_sequences: true }), new K.layers.LSTM(3)]), [tf.constant([[1, 2, 3, 4, 5, 6], [11, 0, 3, 3, 9, 1]])], 5e-5));
  it("Bidirectional LSTM (concat) and GRU (reset_after=False, go_backwards)", () =>
    compare(seqModel([new K.layers.Bidirectional(new K.layers.LSTM(3, { return_sequences: true }), { input_shape: [5, 2] }), new K.layers.GRU(2, { reset_after: false, go_backwards: true })]), [rnd([2, 5, 2], 10)], 5e-5));
  it("Reshape, Permute, Flatten, RepeatVector, Rescaling", () =>
    compare(seqModel([new K.layers.Reshape([2, 6], { input_shape: [3, 4] }), new K.layers.Permute([2, 1]), new K.layers.Flatten(), new K.layers.RepeatVector(2), new K.layers.Rescaling(0.5, { offset: 1 })]), [rnd([2, 3, 4], 11)]));
  it("Reshape infers a -1 dimension", () => {
    const r = new K.layers.Reshape([2, -1]);
    expect((r(tf.zeros([5, 3, 4])) as tf.Tensor).shape).toEqual([5, 2, 6]);
    expect(r.compute_output_shape([null, 3, 4])).toEqual([null, 2, 6]);
    expect(() => r(tf.zeros([1, 5]))).toThrow(/total size of new array must be unchanged/);
  });
  it("ZeroPadding2D and UpSampling2D", () =>
    compare(seqModel([new K.layers.ZeroPadding2D([1, 2], { input_shape: [3, 3, 1] }), new K.layers.UpSampling2D([2, 1])]), [rnd([2, 3, 3, 1], 12)]));
  it("merge layers in a functional model: add, subtract-free average, multiply, maximum, minimum, concatenate, dot", async () => {
    const a = K.Input({ shape: [4] }), b = K.Input({ shape: [4] });
    const da = new K.layers.Dense(4)(a), db = new K.layers.Dense(4)(b);
    const merged = K.layers.concatenate([K.layers.add([da, db]), K.layers.average([da, db]), K.layers.multiply([da, db]), K.layers.maximum([da, db]), K.layers.minimum([da, db]), K.layers.dot([da, db], 1)]);
    await compare(new K.Model({ inputs: [a, b], outputs: merged }), [rnd([3, 4], 13), rnd([3, 4], 14)]);
  });
});
