/**
 * `tf.keras.utils.plot_model` / `model_to_dot`: the model graph as Graphviz DOT, rendered to SVG
 * with @viz-js/viz (WebAssembly Graphviz, no system install needed).
 */
import * as fs from "fs";
import * as path from "path";
import { formatShape } from "../../core/tensor/shape";
import { InvalidArgumentError, msg, checkOptions } from "../../core/errors";
import type { Model } from "../engine/training";
import type { Layer } from "../engine/base_layer";
import { classNameOf } from "./callable";
import * as act from "../activations";

export interface PlotOptions {
  to_file?: string; show_shapes?: boolean; show_dtype?: boolean; show_layer_names?: boolean; rankdir?: "TB" | "LR";
  expand_nested?: boolean; dpi?: number; layer_range?: unknown; show_layer_activations?: boolean; show_trainable?: boolean;
}
const PLOT_KEYS = ["to_file", "show_shapes", "show_dtype", "show_layer_names", "rankdir", "expand_nested", "dpi", "layer_range", "show_layer_activations", "show_trainable"];

function esc(s: string): string { return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]!)); }
function shapeText(s: unknown): string {
  if (Array.isArray(s) && s.length && Array.isArray(s[0])) return `[${(s as (number | null)[][]).map((x) => formatShape(x)).join(", ")}]`;
  return Array.isArray(s) ? formatShape(s as (number | null)[]) : String(s);
}

/** `model_to_dot(model, show_shapes=False, show_dtype=False, show_layer_names=True, rankdir='TB', ...)`: DOT source. */
export function model_to_dot(model: Model, o: PlotOptions = {}): string {
  checkOptions("model_to_dot", o, PLOT_KEYS);
  if (!model.built) throw new InvalidArgumentError(msg("plot_model: build the model first (call it on data, fit it, or build()).", "plot_model: 먼저 모델을 만드세요 (데이터로 호출, fit, 또는 build())."));
  const showNames = o.show_layer_names ?? true;
  const layers: Layer[] = model._is_graph_network
    ? (classNameOf(model) === "Sequential" && (model as unknown as { _input_layer: Layer | null })._input_layer ? [(model as unknown as { _input_layer: Layer })._input_layer, ...model.layers] : model.layers)
    : model.layers;
  const id = new Map<Layer, string>();
  layers.forEach((l, i) => id.set(l, `n${i}`));
  const lines = ["digraph G {", `  rankdir=${o.rankdir ?? "TB"};`, "  concentrate=true;", `  dpi=${o.dpi ?? 96};`, '  node [shape=record, fontname="Helvetica"];'];
  for (const l of layers) {
    let label = showNames ? `${l.name}: ${classNameOf(l)}` : classNameOf(l);
    if (o.show_layer_activations && (l as unknown as { activation?: unknown }).activation) {
      label += `|{activation:|${act.serialize((l as unknown as { activation: import("../activations").ActivationFn }).activation)}}`;
    }
    if (o.show_dtype) label += `|${l.dtype}`;
    if (o.show_shapes) {
      let inS = "multiple", outS = "multiple";
      try { inS = shapeText(l.input_shape); } catch { /* keep */ }
      try { outS = shapeText(l.output_shape); } catch { /* keep */ }
      label = `{${label}|{input:|output:}|{{${inS}}|{${outS}}}}`;
    }
    if (o.show_trainable) label += `|Trainable: ${l.trainable ? "True" : "False"}`;
    lines.push(`  ${id.get(l)} [label="${esc(label).replace(/\n/g, " ")}"];`);
  }
  if (model._is_graph_network) {
    for (const l of layers) {
      for (const node of l._inbound_nodes) {
        if (!model._network_nodes.has(node) && !(classNameOf(model) === "Sequential")) continue;
        for (const kt of node.keras_inputs) {
          const src = kt._keras_history!.layer;
          if (id.has(src)) lines.push(`  ${id.get(src)} -> ${id.get(l)};`);
        }
      }
    }
  } else {
    for (let i = 1; i < layers.length; i++) lines.push(`  ${id.get(layers[i - 1])} -> ${id.get(layers[i])};`);
  }
  lines.push("}");
  return [...new Set(lines)].join("\n");
}

/**
 * `plot_model(model, to_file='model.png', show_shapes=False, ...)`: writes the picture and returns
 * the SVG text. Supported files: .svg and .dot (PNG needs a rasteriser this library does not ship:
 * a .png name is written as SVG next to it, with a notice).
 */
export async function plot_model(model: Model, o: PlotOptions = {}): Promise<string> {
  checkOptions("plot_model", o, PLOT_KEYS);
  const dot = model_to_dot(model, { ...o, to_file: undefined });
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const viz = await (await import("@viz-js/viz")).instance();
  const svg = viz.renderString(dot, { format: "svg" });
  let file = o.to_file ?? "model.png";
  const ext = path.extname(file).toLowerCase();
  if (ext === ".dot" || ext === ".gv") { fs.writeFileSync(file, dot); return svg; }
  if (ext !== ".svg") {
    const svgFile = file.slice(0, file.length - ext.length) + ".svg";
    console.log(msg(`plot_model: ${ext || "(no extension)"} output needs a rasteriser; wrote SVG to ${svgFile} instead.`, `plot_model: ${ext || "(확장자 없음)"} 출력은 지원하지 않아 ${svgFile}에 SVG로 저장했습니다.`));
    file = svgFile;
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, svg);
  return svg;
}
