/**
 * cpu kernels: reductions, arg-reductions, scans, top_k, add_n.
 *
 * A reduction over any axis set is planned by dropping size-1 dims and merging neighbours of the
 * same kind (kept / reduced). When the reduced axes form one block the input reads as
 * [outer, red, inner] and the loops are plain and contiguous; otherwise every input element is
 * mapped to its output cell once. Sum/Max/Min have their own loops (a shared loop calling a
 * per-op closure would be megamorphic and ~8x slower in V8).
 */
import type { Kernel } from "../../backend";
import type { DType } from "../../../tensor/dtypes";
import { registerKernel } from "../../../engine/engine";
import { alloc, vals, broadcastIndex } from "../util";

/** [outer, red, inner] when the reduced axes form a single block (after dropping size-1 dims), else null. */
export function planReduce(shape: readonly number[], axes: readonly number[]): [number, number, number] | null {
  let outer = 1, red = 1, inner = 1, state = 0; // 0: before the block, 1: inside, 2: after
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d];
    if (n === 1) continue;
    const isRed = axes.includes(d);
    if (state === 0) { if (isRed) { state = 1; red *= n; } else outer *= n; }
    else if (state === 1) { if (isRed) red *= n; else { state = 2; inner *= n; } }
    else { if (isRed) return null; inner *= n; }
  }
  return [outer, red, inner];
}

/** For each input element, its output cell (general multi-block reductions). */
function cellIndex(shape: readonly number[], axes: readonly number[]): Int32Array {
  const kept = shape.map((n, d) => (axes.includes(d) ? 1 : n));
  // broadcastIndex maps output -> input; here the "input" is the kept-shape and the walk is over x.
  return broadcastIndex(kept, shape);
}

/** Complex inputs reduce as real pairs: shape [..., 2] with the pair axis kept. */
function realView(x: { shape: number[]; dtype: DType }): number[] {
  return x.dtype.kind === "c" ? [...x.shape, 2] : x.shape;
}

function sumInto(a: ArrayLike<number>, shape: readonly number[], axes: readonly number[], acc: Float64Array): void {
  const plan = planReduce(shape, axes);
  if (plan) {
    const [outer, red, inner] = plan;
    if (inner === 1) {
      for (let o = 0; o < outer; o++) {
        let s = 0;
        const base = o * red;
        for (let r = 0; r < red; r++) s += a[base + r];
        acc[o] = s;
      }
    } else {
      for (let o = 0; o < outer; o++) {
        const ob = o * inner;
        for (let r = 0; r < red; r++) {
          const ib = (o * red + r) * inner;
          for (let i = 0; i < inner; i++) acc[ob + i] += a[ib + i];
        }
      }
    }
    return;
  }
  const idx = cellIndex(shape, axes);
  for (let i = 0; i < idx.length; i++) acc[idx[i]] += a[i];
}

function lowest(d: DType): number {
  switch (d.name) {
    case "int32": return -2147483648;
    case "int64": return -9223372036854775808;
    case "int16": return -32768;
    case "int8": return -128;
    case "uint8": return 0;
    default: return -Infinity;
  }
}
function highest(d: DType): number {
  switch (d.name) {
    case "int32": return 2147483647;
    case "int64": return 9223372036854775807;
    case "int16": return 32767;
    case "int8": return 127;
    case "uint8": return 255;
    default: return Infinity;
  }
}

// NaN propagates (v !== v), like numpy and TF's propagating max/min.
function maxInto(a: ArrayLike<number>, shape: readonly number[], axes: readonly number[], acc: Float64Array): void {
  const plan = planReduce(shape, axes);
  if (plan) {
    const [outer, red, inner] = plan;
    if (inner === 1) {
      for (let o = 0; o < outer; o++) {
        let s = acc[o];
        const base = o * red;
        for (let r = 0; r < red; r++) { const v = a[base + r]; if (v > s || v !== v) s = v; if (s !== s) break; }
        acc[o] = s;
      }
    } else {
      for (let o = 0; o < outer; o++) {
        const ob = o * inner;
        for (let r = 0; r < red; r++) {
          const ib = (o * red + r) * inner;
          for (let i = 0; i < inner; i++) { const v = a[ib + i], s = acc[ob + i]; if (v > s || v !== v) acc[ob + i] = s !== s ? s : v; }
        }
      }
    }
    return;
  }
  const idx = cellIndex(shape, axes);
  for (let i = 0; i < idx.length; i++) { const v = a[i], s = acc[idx[i]]; if (v > s || v !== v) acc[idx[i]] = s !== s ? s : v; }
}
function minInto(a: ArrayLike<number>, shape: readonly number[], axes: readonly number[], acc: Float64Array): void {
  const plan = planReduce(shape, axes);
  if (plan) {
    const [outer, red, inner] = plan;
    if (inner === 1) {
      for (let o = 0; o < outer; o++) {
        let s = acc[o];
        const base = o * red;
        for (let r = 0; r < red; r++) { const v = a[base + r]; if (v < s || v !== v) s = v; if (s !== s) break; }
        acc[o] = s;
      }
    } else {
      for (let o = 0; o < outer; o++) {
        const ob = o * inner;
        for (let r = 0; r < red; r++) {
          const ib = (o * red + r) * inner;
          for (let i = 0; i < inner; i++) { const v = a[ib + i], s = acc[ob + i]; if (v < s || v !== v) acc[ob + i] = s !== s ? s : v; }
        }
      }
    }
    return;
  }
  const idx = cellIndex(shape, axes);
  for (let i = 0; i < idx.length; i++) { const v = a[i], s = acc[idx[i]]; if (v < s || v !== v) acc[idx[i]] = s !== s ? s : v; }
}

/** Less-hot reductions share one loop with a step closure. */
function stepInto(a: ArrayLike<number>, shape: readonly number[], axes: readonly number[], acc: Float64Array, step: (s: number, v: number) => number): void {
  const plan = planReduce(shape, axes);
  if (plan) {
    const [outer, red, inner] = plan;
    for (let o = 0; o < outer; o++) {
      const ob = o * inner;
      for (let r = 0; r < red; r++) {
        const ib = (o * red + r) * inner;
        for (let i = 0; i < inner; i++) acc[ob + i] = step(acc[ob + i], a[ib + i]);
      }
    }
    return;
  }
  const idx = cellIndex(shape, axes);
  for (let i = 0; i < idx.length; i++) acc[idx[i]] = step(acc[idx[i]], a[i]);
}

function countOf(shape: readonly number[], axes: readonly number[]): number {
  let c = 1;
  for (const d of axes) c *= shape[d];
  return c;
}

type Into = (a: ArrayLike<number>, shape: readonly number[], axes: readonly number[], acc: Float64Array) => void;

function reduction(into: Into, init: (d: DType) => number, finish?: (acc: Float64Array, count: number, d: DType) => void): Kernel {
  return ([x], { axis }: { axis: number[] }, outs) => {
    const shape = realView(x);
    const out = alloc(outs[0].dtype, outs[0].shape);
    const acc = new Float64Array(out.length);
    const v0 = init(x.dtype);
    if (v0 !== 0) acc.fill(v0);
    into(vals(x), shape, axis, acc);
    if (finish) finish(acc, countOf(shape, axis), outs[0].dtype);
    out.set(acc);
    return [out];
  };
}

registerKernel("cpu", "Sum", reduction(sumInto, () => 0));
// Integer means truncate like TF (sum / count in the integer dtype); empty float means are NaN.
registerKernel("cpu", "Mean", reduction(sumInto, () => 0, (acc, c, d) => {
  const isInt = d.kind === "i" || d.kind === "u";
  for (let i = 0; i < acc.length; i++) acc[i] = isInt ? (c === 0 ? 0 : Math.trunc(acc[i] / c)) : acc[i] / c;
}));
registerKernel("cpu", "Max", reduction(maxInto, lowest));
registerKernel("cpu", "Min", reduction(minInto, highest));
registerKernel("cpu", "Prod", ([x], { axis }, outs) => {
  const out = alloc(outs[0].dtype, outs[0].shape);
  if (x.dtype.kind === "c") {
    // Complex product: fold pairs per output cell.
    const a = vals(x) as Float32Array;
    const n = x.shape.length ? x.shape.reduce((p, q) => p * q, 1) : 1;
    const idx = cellIndex(x.shape, axis);
    const re = new Float64Array(out.length / 2).fill(1), im = new Float64Array(out.length / 2);
    for (let i = 0; i < n; i++) {
      const o = idx[i], ar = a[2 * i], ai = a[2 * i + 1];
      const r = re[o] * ar - im[o] * ai;
      im[o] = re[o] * ai + im[o] * ar; re[o] = r;
    }
    for (let o = 0; o < re.length; o++) { out[2 * o] = re[o]; out[2 * o + 1] = im[o]; }
    return [out];
  }
  const acc = new Float64Array(out.length).fill(1);
  stepInto(vals(x), x.shape, axis, acc, (s, v) => s * v);
  out.set(acc);
  return [out];
});
registerKernel("cpu", "Any", reduction((a, s, ax, acc) => stepInto(a, s, ax, acc, (p, v) => (p || v ? 1 : 0)), () => 0));
registerKernel("cpu", "All", reduction((a, s, ax, acc) => stepInto(a, s, ax, acc, (p, v) => (p && v ? 1 : 0)), () => 1));

/** [outer, n, inner] around one axis. */
function around(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1, inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  return [outer, shape[axis], inner];
}

function argKernel(isMax: boolean): Kernel {
  return ([x], { axis }, outs) => {
    const a = vals(x);
    const out = alloc(outs[0].dtype, outs[0].shape);
    const [outer, n, inner] = around(x.shape, axis);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * n * inner + i;
        let best = a[base], bi = 0;
        if (best === best) {
          for (let r = 1; r < n; r++) {
            const v = a[base + r * inner];
            if (v !== v) { bi = r; break; } // first NaN wins, like numpy
            if (isMax ? v > best : v < best) { best = v; bi = r; }
          }
        }
        out[o * inner + i] = bi;
      }
    }
    return [out];
  };
}
registerKernel("cpu", "ArgMax", argKernel(true));
registerKernel("cpu", "ArgMin", argKernel(false));

function scanKernel(isProd: boolean): Kernel {
  return ([x], { axis, exclusive, reverse }, outs) => {
    const a = vals(x);
    const out = alloc(outs[0].dtype, outs[0].shape);
    const [outer, n, inner] = around(x.shape, axis);
    const first = reverse ? n - 1 : 0, dir = reverse ? -1 : 1;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * n * inner + i;
        let acc = isProd ? 1 : 0;
        for (let s = 0, r = first; s < n; s++, r += dir) {
          const at = base + r * inner;
          const v = a[at];
          if (exclusive) { out[at] = acc; acc = isProd ? acc * v : acc + v; }
          else { acc = isProd ? acc * v : acc + v; out[at] = acc; }
        }
      }
    }
    return [out];
  };
}
registerKernel("cpu", "Cumsum", scanKernel(false));
registerKernel("cpu", "Cumprod", scanKernel(true));

registerKernel("cpu", "TopKV2", ([x], { k }, outs) => {
  const a = vals(x);
  const vOut = alloc(outs[0].dtype, outs[0].shape), iOut = alloc(outs[1].dtype, outs[1].shape);
  const n = x.shape[x.rank - 1];
  const rows = n === 0 ? 0 : a.length / n;
  const order = new Array<number>(n);
  for (let row = 0; row < rows; row++) {
    const base = row * n;
    for (let j = 0; j < n; j++) order[j] = j;
    // Larger first; NaN counts as largest (TF's TopK); ties keep the lower index first.
    order.sort((p, q) => {
      const u = a[base + p], v = a[base + q];
      if (u === v) return p - q;
      if (u !== u) return v !== v ? p - q : -1;
      if (v !== v) return 1;
      return u > v ? -1 : 1;
    });
    for (let j = 0; j < k; j++) { vOut[row * k + j] = a[base + order[j]]; iOut[row * k + j] = order[j]; }
  }
  return [vOut, iOut];
});

registerKernel("cpu", "AddN", (inputs, _a, outs) => {
  const out = alloc(outs[0].dtype, outs[0].shape);
  out.set(vals(inputs[0]));
  for (let t = 1; t < inputs.length; t++) {
    const b = vals(inputs[t]);
    for (let i = 0; i < out.length; i++) out[i] += b[i];
  }
  return [out];
});

/**
 * A reduction kernel from init/step/finish (for other kernel families that need a custom
 * reduction; attrs { axis: number[] }). Not for hot paths: the step closure is called per element.
 */
export function reduceKernel(
  init: () => number,
  step: (acc: number, v: number) => number,
  finish: (acc: number, count: number) => number = (a) => a,
): Kernel {
  return ([x], { axis }: { axis: number[] }, outs) => {
    const out = alloc(outs[0].dtype, outs[0].shape);
    const acc = new Float64Array(out.length).fill(init());
    stepInto(vals(x), x.shape, axis, acc, step);
    const c = countOf(x.shape, axis);
    for (let i = 0; i < acc.length; i++) out[i] = finish(acc[i], c);
    return [out];
  };
}
