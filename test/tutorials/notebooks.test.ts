/**
 * The committed tutorial notebooks (tutorials/*.ipynb) as executed by `npm run tutorials`
 * (CI runs it before the tests, so these checks read fresh outputs there): every notebook ran
 * without a cell error, kept the lines the lecture prints and its pictures, its prose is mostly
 * Hangul, and every lecture section maps to a notebook heading.
 */
import { describe, expect, it } from "vitest";
import {
  notebookFiles, readNotebook, outputTextOf, pictureCounts, markdownOf, proseOf, hangulShare, headingsOf,
  lectureSections, join, Notebook,
} from "../../scripts/tutorials-text";

const EXPECTED = [
  "00_intro.ipynb", "01_tensors.ipynb", "02_operations.ipynb", "03_graphs.ipynb", "04_autodiff.ipynb",
  "05_session_vs_eager.ipynb", "06_keras_mnist.ipynb", "07_tf1_loop_vs_keras.ipynb", "08_tf_migrate.ipynb",
  "09_backends.ipynb", "10_other_libraries.ipynb",
];

const notebooks = new Map<string, Notebook>(notebookFiles().map((f) => [f, readNotebook(f)]));
const out = (f: string) => outputTextOf(notebooks.get(f)!);

/** Lines that must appear in a notebook's printed output, exactly. */
const KEY_LINES: Record<string, string[]> = {
  "00_intro.ipynb": ["tf.Tensor([[4.]], shape=(1, 1), dtype=float32)", "true"],
  "01_tensors.ipynb": ["[ 3, 3, 3 ]", "float32", "[ 0, 0, 0 ]", "tf.Tensor(True, shape=(), dtype=bool)"],
  "02_operations.ipynb": [
    "tf.Tensor(5.0, shape=(), dtype=float32)",
    "tf.Tensor([1.381966 3.618034], shape=(2,), dtype=float32)",
    "tf.Tensor([1.381966+0.j 3.618034+0.j], shape=(2,), dtype=complex64)",
    "[ 1, 28, 28, 4 ]",
  ],
  "03_graphs.ipynb": [
    "tf.Tensor(\n[[4.]\n [8.]], shape=(2, 1), dtype=float32)",
    'Tensor("MatMul:0", shape=(None, 1), dtype=float32)',
    "dz/dx = tf.Tensor(\n[[4.]\n [6.]], shape=(2, 1), dtype=float32)",
  ],
  "04_autodiff.ipynb": [
    "dy/dx = tf.Tensor(6.0, shape=(), dtype=float32)",
    "테이프:     tf.Tensor(\n[[ 8. 12.]\n [ 8. 12.]], shape=(2, 2), dtype=float32)",
    "손 계산:    tf.Tensor(\n[[ 8. 12.]\n [ 8. 12.]], shape=(2, 2), dtype=float32)",
  ],
  "05_session_vs_eager.ipynb": [
    'Tensor("MatMul:0", shape=(1, 1), dtype=float32)',
    "[[4.]]",
    "tf.Tensor([[4.]], shape=(1, 1), dtype=float32)",
  ],
  "06_keras_mnist.ipynb": ["Epoch 1/5", "Epoch 5/5", "Total params: 407,050"],
  "07_tf1_loop_vs_keras.ipynb": ["Training epoch: 1", "Training epoch: 5", "-----", "Epoch 5/5"],
  "08_tf_migrate.ipynb": ["Converted 1 files", "+const compute_m = tf.function((x: tf.Tensor) => {", "출력이 같습니까? true"],
  "09_backends.ipynb": ["기본 백엔드: native"],
  "10_other_libraries.ipynb": ["tf.Tensor([[4.]], shape=(1, 1), dtype=float32)", "tf.Tensor(6.0, shape=(), dtype=float32)"],
};

/** Pictures each notebook must have saved (at least). */
const PICTURES: Record<string, { png?: number; svg?: number }> = {
  "00_intro.ipynb": { svg: 1 },
  "01_tensors.ipynb": { png: 1 },
  "02_operations.ipynb": { png: 4, svg: 1 },
  "03_graphs.ipynb": { svg: 2 },
  "04_autodiff.ipynb": { svg: 2 },
  "05_session_vs_eager.ipynb": { svg: 1 },
  "06_keras_mnist.ipynb": { png: 2, svg: 4 },
  "07_tf1_loop_vs_keras.ipynb": { svg: 1 },
  "09_backends.ipynb": { svg: 1 },
  "10_other_libraries.ipynb": { svg: 1 },
};

describe("tutorial notebooks", () => {
  it("are all there, numbered in the lecture's order, with the committed tslab kernelspec", () => {
    expect([...notebooks.keys()]).toEqual(EXPECTED);
    for (const [f, nb] of notebooks) expect(nb.metadata.kernelspec?.name, f).toBe("tslab");
  });

  it.each(EXPECTED)("%s was executed and no cell failed", (f) => {
    const nb = notebooks.get(f)!;
    const code = nb.cells.filter((c) => c.cell_type === "code");
    expect(code.length, f).toBeGreaterThan(2);
    // Executed: most code cells have outputs (a few only define things).
    expect(code.filter((c) => (c.outputs ?? []).length > 0).length / code.length, f).toBeGreaterThan(0.5);
    for (const c of code) {
      for (const o of c.outputs ?? []) {
        expect(o.output_type, f).not.toBe("error");
        if (o.output_type === "stream" && o.name === "stderr") {
          // tslab writes a failing cell's error to stderr: a stack trace or a `line:col - ` diagnostic.
          const text = join(o.text);
          expect(text, `${f}: ${join(c.source).slice(0, 80)}`).not.toMatch(/evalmachine\.<anonymous>|^\d+:\d+ - |Uncaught|UnhandledPromiseRejection/m);
        }
      }
    }
  });

  it.each(Object.entries(KEY_LINES))("%s keeps the lines it prints", (f, lines) => {
    const text = out(f);
    for (const line of lines) expect(text, f).toContain(line);
  });

  it.each(Object.entries(PICTURES))("%s keeps its pictures", (f, want) => {
    const got = pictureCounts(notebooks.get(f)!);
    expect(got.png, `${f} PNG`).toBeGreaterThanOrEqual(want.png ?? 0);
    expect(got.svg, `${f} SVG`).toBeGreaterThanOrEqual(want.svg ?? 0);
  });

  it("06 trains the lecture's model: Keras epoch lines, test accuracy >= 0.95", () => {
    const text = out("06_keras_mnist.ipynb");
    // "Epoch k/5" and the epoch's finished bar, as Keras prints them
    const epochs = [...text.matchAll(/^Epoch (\d)\/5\n\d+\/\d+ \[=+\] - \d+m?s \d+(?:us|ms|s)\/step - loss: \d+\.\d{4} - accuracy: \d\.\d{4}$/gm)];
    expect(epochs.map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5]);
    // evaluate's line, then the accuracy the notebook prints
    expect(text).toMatch(/^\d+\/\d+ \[=+\] - .* - loss: \d+\.\d{4} - accuracy: \d\.\d{4}$/m);
    const acc = Number(/Test accuracy: (\d\.\d+)/.exec(text)?.[1]);
    expect(acc).toBeGreaterThanOrEqual(0.95);
  });

  it("07 prints the lecture's TF1 log lines and Keras's with validation", () => {
    const text = out("07_tf1_loop_vs_keras.ipynb");
    expect(text).toMatch(/^iter {3}0: \t Loss=\d+\.\d{2}, \t Training Accuracy=\d+\.\d%$/m);
    expect(text).toMatch(/^Epoch: 5, validation loss: \d+\.\d{2}, validation accuracy: \d+\.\d%$/m);
    expect(text).toMatch(/^\d+\/\d+ \[=+\] - .* - val_loss: \d+\.\d{4} - val_accuracy: \d\.\d{4}$/m);
  });

  it("08 shows the report and a program tf-migrate leaves in tf.compat.v1", () => {
    const text = out("08_tf_migrate.ipynb");
    expect(text).toMatch(/INFO: .*tf\.keras\.optimizers\.SGD/);
    expect(text).toMatch(/lecture\.ts:7:\d+: ERROR: /);
  });

  it("09 timed the matmul on every backend it found, and they agree with cpu", () => {
    const text = out("09_backends.ipynb");
    for (const b of ["cpu", "native"]) expect(text).toMatch(new RegExp(`^${b} +64: +\\d+\\.\\d+ ms`, "m"));
    const diffs = [...text.matchAll(/cpu와의 최대 차이: (\S+)/g)].map((m) => Number(m[1]));
    expect(diffs.length).toBeGreaterThanOrEqual(2);
    for (const d of diffs) expect(d).toBeLessThan(1e-3);
  });
});

describe("tutorial text is Korean", () => {
  it.each(EXPECTED)("%s: markdown prose is mostly Hangul", (f) => {
    const { share, hangul } = hangulShare(proseOf(markdownOf(notebooks.get(f)!)));
    expect(hangul, f).toBeGreaterThan(300);
    expect(share, f).toBeGreaterThanOrEqual(0.65);
  });

  it("every lecture section heading maps to a notebook section", () => {
    const sections = lectureSections();
    // The lecture's slide titles, in order; each must be taught somewhere.
    const titles = ["텐서플로우란?", "텐서플로우의 필요성", "다른 머신러닝 라이브러리", "Tensorflow 1", "Tensorflow session", "Eager execution", "Keras", "Tensorflow with Keras", "Tensorflow 2"];
    for (const t of titles) expect(sections.some((s) => s.lecture.startsWith(t)), t).toBe(true);
    for (const s of sections) {
      expect(notebooks.has(s.notebook), s.notebook).toBe(true);
      expect(headingsOf(notebooks.get(s.notebook)!), `${s.lecture} -> ${s.notebook}`).toContain(s.heading);
    }
  });
});
