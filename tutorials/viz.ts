/**
 * Drawing helpers for the tutorial notebooks (tslab). Every picture goes through tslab's display
 * API, so it is saved in the notebook and shows on a repository page:
 *   - images (digits, convolution feature maps): PNG encoded with pngjs -> tslab.display.png
 *   - charts: a Vega-Lite spec compiled to Vega and rendered to SVG -> tslab.display.svg
 *   - Keras's progress bar redrawn in place in one output (tslab.newDisplay)
 * Notebooks import it as `import * as viz from "./viz";`.
 */
import * as tslab from "tslab";
import { PNG } from "pngjs";
import * as vl from "vega-lite";
import * as vega from "vega";
import * as tf from "tensorflow-ts";

type Pixels = tf.Tensor | tf.NDArray | number[][] | number[][][];

/** Anything image-like as an NDArray (Tensors are read back with numpy()). */
function host(x: Pixels): tf.NDArray {
  if (x instanceof tf.NDArray) return x;
  if (x instanceof tf.Tensor) return x.numpy();
  return tf.constant(x as number[][]).numpy();
}

export interface ImageOptions {
  /** Images per row of the grid (default: up to 8). */
  cols?: number;
  /** Each pixel becomes a scale x scale square (default 3). */
  scale?: number;
  /** "each": stretch every image to black..white on its own; "all": one range for all; [lo, hi]: fixed. */
  normalize?: "each" | "all" | [number, number];
  /** Pixels between images (default 2). */
  gap?: number;
}

/** Grayscale images shaped (N, H, W) or (H, W) (or (N, H, W, 1)) as one PNG grid. */
export function imagesToPng(images: Pixels, o: ImageOptions = {}): Buffer {
  const a = host(images);
  let shape = a.shape.slice();
  if (shape.length === 4 && shape[3] === 1) shape = shape.slice(0, 3);
  if (shape.length === 2) shape = [1, ...shape];
  if (shape.length !== 3) throw new Error(`imagesToPng: expected (N, H, W) or (H, W), got (${a.shape.join(", ")})`);
  const [n, h, w] = shape;
  const data = Array.from(a.data as ArrayLike<number>, Number);
  const scale = o.scale ?? 3, gap = o.gap ?? 2;
  const cols = Math.min(o.cols ?? 8, n), rows = Math.ceil(n / cols);
  const W = cols * w * scale + (cols - 1) * gap, H = rows * h * scale + (rows - 1) * gap;
  const png = new PNG({ width: W, height: H });
  png.data.fill(255);
  const range = (from: number, to: number): [number, number] => {
    let lo = Infinity, hi = -Infinity;
    for (let i = from; i < to; i++) { lo = Math.min(lo, data[i]); hi = Math.max(hi, data[i]); }
    return [lo, hi];
  };
  const norm = o.normalize ?? "each";
  const all = norm === "all" ? range(0, data.length) : null;
  for (let k = 0; k < n; k++) {
    const [lo, hi] = Array.isArray(norm) ? norm : all ?? range(k * h * w, (k + 1) * h * w);
    const span = hi - lo || 1;
    const x0 = (k % cols) * (w * scale + gap), y0 = Math.floor(k / cols) * (h * scale + gap);
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        // MNIST style: ink is dark on white paper.
        const v = Math.max(0, Math.min(1, (data[k * h * w + r * w + c] - lo) / span));
        const g = Math.round(255 * (1 - v));
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            const p = ((y0 + r * scale + dy) * W + x0 + c * scale + dx) * 4;
            png.data[p] = png.data[p + 1] = png.data[p + 2] = g;
            png.data[p + 3] = 255;
          }
        }
      }
    }
  }
  return PNG.sync.write(png);
}

/** Shows grayscale images as one PNG grid. */
export function showImages(images: Pixels, o: ImageOptions = {}): void {
  tslab.display.png(imagesToPng(images, o));
}

/**
 * Shows the first `n` digits of `x` (N, 28, 28) as a grid and prints their labels in the same
 * layout (one line per row of the grid).
 */
export function showDigits(x: Pixels, labels?: ArrayLike<number> | tf.NDArray | null, n = 16, cols = 8): void {
  const a = host(x);
  const count = Math.min(n, a.shape[0]);
  const per = a.size / a.shape[0];
  const sub = new tf.NDArray((a.data as Float32Array).slice(0, count * per), [count, ...a.shape.slice(1)], a.dtype);
  showImages(sub, { cols, normalize: [0, a.dtype.name === "uint8" ? 255 : 1] });
  if (labels) {
    const lab = labels instanceof tf.NDArray ? labels.data as ArrayLike<number> : labels;
    const rows: string[] = [];
    for (let i = 0; i < count; i += cols) rows.push(Array.from({ length: Math.min(cols, count - i) }, (_, j) => String(lab[i + j])).join(" "));
    console.log(`레이블:\n${rows.join("\n")}`);
  }
}

/** A Vega-Lite spec rendered to SVG text (no browser: Vega's headless renderer). */
export async function chartSvg(spec: vl.TopLevelSpec): Promise<string> {
  const vgSpec = vl.compile({ background: "white", ...spec } as vl.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Renders a Vega-Lite spec and shows it. */
export async function showChart(spec: vl.TopLevelSpec): Promise<void> {
  tslab.display.svg(await chartSvg(spec));
}

/** Loss/metric curves from `history.history` (one line per key, one panel per kind). */
export async function showHistory(history: Record<string, number[]>, title = "학습 곡선"): Promise<void> {
  const values: { epoch: number; value: number; metric: string; kind: string }[] = [];
  for (const [k, vs] of Object.entries(history)) {
    vs.forEach((v, i) => values.push({ epoch: i + 1, value: v, metric: k, kind: k.replace(/^val_/, "") }));
  }
  await showChart({
    title,
    data: { values },
    facet: { column: { field: "kind", type: "nominal", title: null } },
    spec: {
      width: 260, height: 180,
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "epoch", type: "quantitative", axis: { tickMinStep: 1, format: "d" } },
        y: { field: "value", type: "quantitative", scale: { zero: false } },
        color: { field: "metric", type: "nominal" },
      },
    },
    resolve: { scale: { y: "independent" } },
  } as vl.TopLevelSpec);
}

/** A confusion matrix (rows: true label, columns: prediction) as a heat map with counts. */
export async function showConfusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes = 10): Promise<number[][]> {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]][yPred[i]]++;
  const values = m.flatMap((row, t) => row.map((count, p) => ({ 정답: t, 예측: p, count })));
  await showChart({
    title: "혼동 행렬 (confusion matrix)",
    data: { values },
    width: 300, height: 300,
    encoding: {
      x: { field: "예측", type: "ordinal" },
      y: { field: "정답", type: "ordinal" },
    },
    layer: [
      { mark: "rect", encoding: { color: { field: "count", type: "quantitative", scale: { type: "sqrt", scheme: "blues" } } } },
      {
        mark: { type: "text", fontSize: 10 },
        encoding: {
          text: { field: "count", type: "quantitative" },
          color: { condition: { test: "datum.count > 100", value: "white" }, value: "black" },
        },
      },
    ],
  } as vl.TopLevelSpec);
  return m;
}

/**
 * A stream whose text lives in one display output: `\r` rewrites the current line, like a
 * terminal. Redraws at most every `minIntervalMs` (a finished line is always drawn at once).
 */
export function liveTextStream(minIntervalMs = 150): { write: (s: string) => boolean; isTTY: boolean; text: () => string } {
  const display = tslab.newDisplay();
  const done: string[] = [];
  let line = "";
  let last = 0;
  const text = () => done.join("") + line;
  return {
    isTTY: true,
    text,
    write(s: string): boolean {
      for (const part of s.split(/(\r|\n)/)) {
        if (part === "\r") line = "";
        else if (part === "\n") { done.push(line + "\n"); line = ""; }
        else line += part;
      }
      const now = Date.now();
      if (s.includes("\n") || now - last >= minIntervalMs) {
        display.text(text());
        last = now;
      }
      return true;
    },
  };
}

/**
 * Keras's progress bar (the ProgbarLogger fit uses) drawn in one notebook output that is updated
 * in place while training runs. Use it with `verbose: 0`, which turns fit's own printer off:
 *   await model.fit(x, y, { epochs: 5, verbose: 0, callbacks: [new viz.LiveProgbar()] });
 */
export class LiveProgbar extends tf.keras.callbacks.ProgbarLogger {
  constructor() {
    super("steps");
    this.stream = liveTextStream();
  }
  override set_params(params: Record<string, unknown>): void {
    super.set_params({ ...params, verbose: 1 });
  }
}

/** Graphviz DOT text drawn as SVG (@viz-js/viz, Graphviz compiled to WebAssembly). */
export async function dotToSvg(dot: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Viz = require("@viz-js/viz") as { instance(): Promise<{ renderString(dot: string, opts: { format: string }): string }> };
  return (await Viz.instance()).renderString(dot, { format: "svg" });
}

/** Shows Graphviz DOT text as a picture (e.g. `tf.keras.utils.model_to_dot(model)`). */
export async function showDot(dot: string): Promise<void> {
  tslab.display.svg(await dotToSvg(dot));
}

/**
 * Draws a graph (tf.Graph / a concrete function's graph) as SVG with Graphviz. Operations named in
 * `highlight` get their own colour (e.g. the backward pass of a gradient graph).
 */
export async function showGraph(graph: tf.Graph, o: { highlight?: Iterable<string>; color?: string; show_shapes?: boolean } = {}): Promise<void> {
  let dot = graph.to_dot({ show_shapes: o.show_shapes ?? true });
  for (const name of o.highlight ?? []) {
    const node = new RegExp(`^(  "${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}" \\[label=.*fillcolor=)"[^"]*"`, "m");
    dot = dot.replace(node, `$1"${o.color ?? "#dae8fc"}"`);
  }
  await showDot(dot);
}
