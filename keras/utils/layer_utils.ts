/** `model.summary()` exactly as Keras 2 (TF 2.9–2.12) prints it, and parameter counting. */
import { formatShape } from "../../core/tensor/shape";
import type { Layer } from "../engine/base_layer";
import type { Model } from "../engine/training";
import type { Variable } from "../../core/variable";
import { classNameOf } from "./callable";

/** Python's str() of an output shape: a tuple, or a list of tuples. */
function pyShape(s: unknown): string {
  if (Array.isArray(s) && s.length && Array.isArray(s[0])) return `[${(s as (number | null)[][]).map((x) => formatShape(x)).join(", ")}]`;
  if (Array.isArray(s)) return formatShape(s as (number | null)[]);
  return String(s);
}
/** Python's str() of a list of strings. */
function pyList(xs: string[]): string { return `[${xs.map((x) => `'${x}'`).join(", ")}]`; }

export function countParams(weights: Variable[]): number {
  let n = 0;
  for (const w of new Set(weights)) n += w.shape.reduce((a: number, b: number) => a * b, 1);
  return n;
}

/** Keras's print_row: fields cut into columns at `positions`, wrapping long fields. */
function printRow(fields: string[], positions: number[], out: (s: string) => void, nested = 0): void {
  const left = [...fields];
  while (left.some((f) => f.length > 0)) {
    let line = "";
    for (let col = 0; col < left.length; col++) {
      const start = col > 0 ? positions[col - 1] : 0;
      const end = positions[col];
      const space = col !== positions.length - 1 ? 2 : 0;
      let cutoff = end - start - space;
      let fit = left[col].slice(0, cutoff);
      const breaks = ["),", "},", "],", "',"].map((b) => (fit.indexOf(b) >= 0 ? fit.indexOf(b) + b.length : -1)).filter((i) => i >= 0);
      if (breaks.length) { cutoff = Math.min(...breaks); fit = fit.slice(0, cutoff); }
      if (col === 0) line += "|".repeat(nested) + " ";
      line += fit;
      if (space) line += " ".repeat(space);
      left[col] = left[col].slice(cutoff);
      line += " ".repeat(Math.max(0, end - line.length - nested));
    }
    out(line + "|".repeat(nested));
  }
}

export interface SummaryOptions {
  line_length?: number | null;
  positions?: number[] | null;
  print_fn?: ((line: string) => void) | null;
  expand_nested?: boolean;
  show_trainable?: boolean;
  layer_range?: [string, string] | null;
}

export function printSummary(model: Model, o: SummaryOptions = {}): void {
  const out = o.print_fn ?? ((s: string) => console.log(s));
  const layers: Layer[] = model.layers;
  let sequentialLike: boolean;
  const relevant = new Set<unknown>();
  if (classNameOf(model) === "Sequential" || !model._is_graph_network) sequentialLike = true;
  else {
    sequentialLike = true;
    const nodes: unknown[] = [];
    for (const v of model._nodes_by_depth.values()) {
      if (v.length > 1 || (v.length === 1 && v[0].keras_inputs.length > 1)) { sequentialLike = false; break; }
      nodes.push(...v);
    }
    if (sequentialLike) {
      for (const layer of layers) {
        let flag = false;
        for (const n of layer._inbound_nodes) {
          if (nodes.includes(n)) {
            if (flag) { sequentialLike = false; break; }
            flag = true;
          }
        }
        if (!sequentialLike) break;
      }
    }
  }
  let lineLength: number, positions: number[], header: string[];
  if (sequentialLike) {
    lineLength = o.line_length ?? 65;
    positions = o.positions ?? [0.45, 0.85, 1.0];
    header = ["Layer (type)", "Output Shape", "Param #"];
  } else {
    lineLength = o.line_length ?? 98;
    positions = o.positions ?? [0.33, 0.55, 0.67, 1.0];
    header = ["Layer (type)", "Output Shape", "Param #", "Connected to"];
    for (const v of model._nodes_by_depth.values()) for (const n of v) relevant.add(n);
  }
  if (positions[positions.length - 1] <= 1) positions = positions.map((p) => Math.floor(lineLength * p));
  if (o.show_trainable) {
    lineLength += 11;
    positions = [...positions, lineLength];
    header = [...header, "Trainable"];
  }
  out(`Model: "${model.name}"`);
  out("_".repeat(lineLength));
  printRow(header, positions, out);
  out("=".repeat(lineLength));

  const outputShape = (layer: Layer): string => {
    try { return pyShape(layer.output_shape); } catch { return "multiple"; }
  };
  const params = (layer: Layer): string => {
    if (!layer.built && !(layer as Model)._is_graph_network) return "0 (unused)";
    return String(layer.count_params());
  };
  const printLayer = (layer: Layer, nested = 0, isNestedLast = false): void => {
    const name = `${layer.name} (${classNameOf(layer)})`;
    let fields: string[];
    if (sequentialLike) fields = [name, outputShape(layer), params(layer)];
    else {
      const conns: string[] = [];
      for (const node of layer._inbound_nodes) {
        if (relevant.size && !relevant.has(node)) continue;
        for (const kt of node.keras_inputs) {
          const h = kt._keras_history!;
          conns.push(`${h.layer.name}[${h.node_index}][${h.tensor_index}]`);
        }
      }
      fields = [name, outputShape(layer), String(layer.count_params()), conns.length ? pyList(conns) : "[]"];
    }
    if (o.show_trainable) fields.push(layer.trainable ? "Y" : "N");
    printRow(fields, positions, out, nested);
    if (o.expand_nested && (layer as Model).layers?.length && (layer as Model)._isModel) {
      out("|".repeat(nested + 1) + "¯".repeat(lineLength - 2 * nested - 2) + "|".repeat(nested + 1));
      const inner = (layer as Model).layers;
      inner.forEach((l, i) => printLayer(l, nested + 1, i === inner.length - 1));
      out("|".repeat(nested) + "¯".repeat(lineLength - 2 * nested) + "|".repeat(nested));
    }
    if (!isNestedLast) out("|".repeat(nested) + " ".repeat(lineLength - 2 * nested) + "|".repeat(nested));
  };
  let shown = layers;
  if (o.layer_range) {
    const [a, b] = o.layer_range;
    const i = layers.findIndex((l) => l.name.match(a)), j = layers.map((l) => !!l.name.match(b)).lastIndexOf(true);
    shown = layers.slice(Math.max(0, i), j + 1);
  }
  for (const l of shown) printLayer(l);
  out("=".repeat(lineLength));
  const trainable = countParams(model.trainable_weights);
  const nonTrainable = countParams(model.non_trainable_weights);
  const fmt = (n: number) => n.toLocaleString("en-US");
  out(`Total params: ${fmt(trainable + nonTrainable)}`);
  out(`Trainable params: ${fmt(trainable)}`);
  out(`Non-trainable params: ${fmt(nonTrainable)}`);
  out("_".repeat(lineLength));
}
