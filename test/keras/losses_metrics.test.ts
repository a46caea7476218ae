import { describe, it, expect } from "vitest";
import * as fs from "fs";
import * as path from "path";
import * as tf from "../../index";

const fx = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "keras.json"), "utf8"));
const K = tf.keras;
const L = fx.losses;

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i])));
}
const vals = (t: tf.Tensor) => Array.from(t.dataSync() as Float32Array);

const DATA: Record<string, [string, string]> = {
  mean_squared_error: ["reg", "reg"], mean_absolute_error: ["reg", "reg"], mean_absolute_percentage_error: ["reg", "reg"],
  mean_squared_logarithmic_error: ["reg", "reg"], huber: ["reg", "reg"], log_cosh: ["reg", "reg"], cosine_similarity: ["reg", "reg"],
  categorical_crossentropy: ["cls", "cls"], kl_divergence: ["cls", "cls"], poisson: ["cls", "cls"], categorical_hinge: ["cls", "cls"],
  binary_crossentropy: ["bin", "bin"], hinge: ["bin", "bin"], squared_hinge: ["bin", "bin"],
};

const CLASSES: Record<string, string> = {
  mean_squared_error: "MeanSquaredError", mean_absolute_error: "MeanAbsoluteError", mean_absolute_percentage_error: "MeanAbsolutePercentageError",
  mean_squared_logarithmic_error: "MeanSquaredLogarithmicError", huber: "Huber", log_cosh: "LogCosh", cosine_similarity: "CosineSimilarity",
  categorical_crossentropy: "CategoricalCrossentropy", kl_divergence: "KLDivergence", poisson: "Poisson", categorical_hinge: "CategoricalHinge",
  binary_crossentropy: "BinaryCrossentropy", hinge: "Hinge", squared_hinge: "SquaredHinge",
};

describe("keras losses vs numpy", () => {
  for (const [name, [set]] of Object.entries(DATA)) {
    it(`${name}: per-sample values and the Loss class's mean`, () => {
      const fn = (K.losses as any)[name];
      const yt = tf.constant(L[set].y_true), yp = tf.constant(L[set].y_pred);
      close(vals(fn(yt, yp)), L.values[name]);
      const want = L.values[name].reduce((a: number, b: number) => a + b, 0) / L.values[name].length;
      const Cls = (K.losses as any)[CLASSES[name]];
      close(vals(new Cls()(yt, yp)), [want]);
    });
  }
  it("sparse_categorical_crossentropy with int labels, shape (N,) and (N, 1)", () => {
    const yp = tf.constant(L.cls.y_pred);
    close(vals(K.losses.sparse_categorical_crossentropy(L.cls.sparse, yp)), L.values.sparse_categorical_crossentropy);
    close(vals(K.losses.sparse_categorical_crossentropy(L.cls.sparse.map((v: number) => [v]), yp)), L.values.sparse_categorical_crossentropy);
  });
  it("Loss classes reduce by sum over batch size, honour sample weights and reduction", () => {
    const yt = tf.constant(L.reg.y_true), yp = tf.constant(L.reg.y_pred);
    const per = L.values.mean_squared_error as number[];
    const mse = new K.losses.MeanSquaredError();
    close(vals(mse(yt, yp)), [per.reduce((a, b) => a + b) / 3]);
    close(vals(mse(yt, yp, [1, 0, 2])), [(per[0] + 2 * per[2]) / 3]);
    close(vals(new K.losses.MeanSquaredError({ reduction: "sum" })(yt, yp)), [per.reduce((a, b) => a + b)]);
    close(vals(new K.losses.MeanSquaredError({ reduction: "none" })(yt, yp)), per);
    expect(mse.name).toBe("mean_squared_error");
    expect(() => new K.losses.MeanSquaredError({ reduction: "mean" as never })).toThrow(/Invalid Reduction Key/);
  });
  it("from_logits and the softmax-logits shortcut agree with the probability form", () => {
    const logits = tf.constant([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]]);
    const labels = [0, 1];
    const a = vals(new K.losses.SparseCategoricalCrossentropy({ from_logits: true })(labels, logits));
    const b = vals(K.losses.sparse_categorical_crossentropy(labels, tf.nn.softmax(logits)));
    close(a, [(b[0] + b[1]) / 2], 1e-5);
    const l0 = Math.log(Math.exp(2) + Math.exp(1) + Math.exp(0.1)) - 2, l1 = Math.log(Math.exp(0.5) + Math.exp(2.5) + Math.exp(-1)) - 2.5;
    close(a, [(l0 + l1) / 2], 1e-6);
  });
  it("wrong label shapes explain which loss to use", () => {
    expect(() => K.losses.categorical_crossentropy([0, 1], tf.constant([[0.5, 0.5], [0.2, 0.8]]))).toThrow(/sparse_categorical_crossentropy/);
    expect(() => K.losses.get("sparse_categorical_crossentropi")).toThrow(/Did you mean 'sparse_categorical_crossentropy'/);
  });
});

describe("keras metrics", () => {
  const M = fx.metrics;
  it("Precision, Recall, AUC and BinaryAccuracy vs numpy", () => {
    const p = new K.metrics.Precision(), r = new K.metrics.Recall(), auc = new K.metrics.AUC(), acc = new K.metrics.BinaryAccuracy();
    for (const m of [p, r, auc, acc]) {
      m.update_state(M.y_true.slice(0, 5), M.y_pred.slice(0, 5));
      m.update_state(M.y_true.slice(5), M.y_pred.slice(5));
    }
    close([p._value(), r._value(), auc._value(), acc._value()], [M.precision, M.recall, M.auc, M.binary_accuracy], 1e-6);
    expect(String(p.result())).toBe(`tf.Tensor(${M.precision}, shape=(), dtype=float32)`);
    p.reset_state();
    expect(p._value()).toBe(0);
  });
  it("Mean, accuracy variants and callable metrics", () => {
    const mean = new K.metrics.Mean();
    mean.update_state([1, 2, 3]);
    mean.update_state([10], [2]);
    close([mean._value()], [(1 + 2 + 3 + 20) / 5]);
    const sca = new K.metrics.SparseCategoricalAccuracy();
    close(vals(sca([2, 1], [[0.1, 0.2, 0.7], [0.8, 0.1, 0.1]])), [0.5]);
    const ca = new K.metrics.CategoricalAccuracy();
    close(vals(ca([[0, 0, 1], [1, 0, 0]], [[0.1, 0.2, 0.7], [0.8, 0.1, 0.1]])), [1]);
    const mae = new K.metrics.MeanAbsoluteError();
    close(vals(mae([[1], [2]], [[1.5], [1]])), [0.75]);
    const rmse = new K.metrics.RootMeanSquaredError();
    close(vals(rmse([[1], [2]], [[2], [4]])), [Math.sqrt(2.5)]);
    const top2 = new K.metrics.SparseTopKCategoricalAccuracy({ k: 2 });
    close(vals(top2([1, 0], [[0.5, 0.3, 0.2], [0.1, 0.5, 0.4]])), [0.5]);
  });
  it("compile resolves 'accuracy' like Keras: sparse, categorical or binary", () => {
    const resolve = (yt: number[], yp: number[], loss: unknown) => (K.metrics as any).resolveMetric("accuracy", yt, yp, loss).fn.name;
    expect(resolve([null as never], [null as never, 10], K.losses.sparse_categorical_crossentropy)).toBe("sparse_categorical_accuracy");
    expect(resolve([null as never, 10], [null as never, 10], K.losses.categorical_crossentropy)).toBe("categorical_accuracy");
    expect(resolve([null as never, 1], [null as never, 1], K.losses.binary_crossentropy)).toBe("binary_accuracy");
  });
});
