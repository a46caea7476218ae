/**
 * webgpu kernels: reductions, arg-reductions, scans, top_k.
 *
 * A reduction reads its input as [outer, red, inner] (reduced axes that do not form one block are
 * first moved last by a strided copy). inner == 1: one 64-thread workgroup per output, strided
 * partial results combined in workgroup memory; inner > 1: one thread per output, a coalesced loop
 * over `red`. Float sums accumulate in f32 (the cpu backend uses float64).
 */
import type { Kernel, OutSpec } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import { sizeOf, stridesOf } from "../../../tensor/shape";
import { int32 } from "../../../tensor/dtypes";
import { planReduce } from "../../cpu/kernels/reduce";
import { GType, Uniforms, WebGPUBackend, GHandle, allOnDevice, gtypeOf } from "../backend";
import { header, main1d } from "../wgsl";
import { gpu, h, gt, prod, reg } from "./util";
import { copyStrided } from "./array";

interface Red { init: (t: GType) => string; comb: (t: GType) => string; fin?: (t: GType) => string }
const NANPROP = (op: string) => (t: GType) => t === "f32"
  ? `select(select(${op}(a, b), b, isnan_(b)), a, isnan_(a))` : `${op}(a, b)`;
const REDUCERS: Record<string, Red> = {
  Sum: { init: (t) => `${t}(0)`, comb: () => "a + b" },
  Mean: { init: (t) => `${t}(0)`, comb: () => "a + b", fin: (t) => (t === "f32" ? "acc / f32(ui(3))" : "select(acc / ui(3), 0, ui(3) == 0)") },
  Prod: { init: (t) => `${t}(1)`, comb: () => "a * b" },
  Max: { init: (t) => (t === "f32" ? "-inf_()" : "(-2147483647 - 1)"), comb: NANPROP("max") },
  Min: { init: (t) => (t === "f32" ? "inf_()" : "2147483647"), comb: NANPROP("min") },
  Any: { init: () => "0", comb: () => "select(0, 1, a != 0 || b != 0)" },
  All: { init: () => "1", comb: () => "select(0, 1, a != 0 && b != 0)" },
  L2Loss: { init: () => "0.0", comb: () => "a + b", fin: () => "acc * 0.5" },
};

/**
 * Reduces `src` viewed as [outer, red, inner] into a new buffer of `out` (outer·inner values).
 * `map` transforms each loaded value (`v`), e.g. squares for L2Loss.
 */
export function reduceBlock(be: WebGPUBackend, op: string, src: GHandle, t: GType, tout: GType, outer: number, red: number, inner: number, out: OutSpec, map = "v"): GHandle {
  const R = REDUCERS[op];
  const y = be.out(out);
  const fin = R.fin ? R.fin(t) : "acc";
  const lib = `fn comb(a: ${t}, b: ${t}) -> ${t} { return ${R.comb(t)}; }`;
  if (inner === 1) {
    const p = be.program(`redrow:${op}:${t}:${tout}:${map}`, 1, 1, () => header([t], [tout], lib) + `
var<workgroup> part: array<${t}, 64>;
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = i32(wg.x + wg.y * nwg.x);
  let red = ui(1);
  var acc: ${t} = ${R.init(t)};
  if (row < ui(0)) {
    let base = row * red;
    for (var r = i32(lid); r < red; r += 64) { let v = x0[base + r]; acc = comb(acc, ${map}); }
  }
  part[lid] = acc;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s >>= 1u) {
    if (lid < s) { part[lid] = comb(part[lid], part[lid + s]); }
    workgroupBarrier();
  }
  if (lid == 0u && row < ui(0)) { let acc = part[0]; y0[row] = ${fin}; }
}`);
    be.run(p, [src], [y], new Uniforms().int(outer, red, 1, red), be.grid1d(outer, 1));
  } else {
    const p = be.program(`redcol:${op}:${t}:${tout}:${map}`, 1, 1, () => header([t], [tout], lib) + "\n" + main1d(`
  let red = ui(1);
  let inner = ui(2);
  let o = divq(i, inner);
  let k = i - o * inner;
  var acc: ${t} = ${R.init(t)};
  for (var r = 0; r < red; r++) { let v = x0[(o * red + r) * inner + k]; acc = comb(acc, ${map}); }
  y0[i] = ${fin};`));
    be.run(p, [src], [y], new Uniforms().int(outer * inner, red, inner, red), be.grid1d(outer * inner, 64));
  }
  return y;
}

function reduceKernel(op: string) {
  gpu(op, ([x], { axis }: { axis: number[] }, outs, be) => {
    const t = gt(x);
    if (t === "f32" && (op === "Any" || op === "All")) return null;
    const plan = planReduce(x.shape, axis);
    const n = sizeOf(x.shape);
    if (plan) {
      const [outer, red, inner] = plan;
      if (op === "Mean" && red === 0 && t === "f32") return null; // NaN means of empty sets: cpu
      return [reduceBlock(be, op, h(x), t, gt(outs[0]), outer, red, inner, outs[0])];
    }
    // Move the reduced axes last, then reduce rows.
    const keep = x.shape.map((_d, i) => i).filter((i) => !axis.includes(i));
    const perm = [...keep, ...axis];
    const st = stridesOf(x.shape);
    const pshape = perm.map((p) => x.shape[p]);
    const tmp = be.out({ shape: pshape, dtype: x.dtype });
    if (!copyStrided(be, h(x), 0, perm.map((p) => st[p]), tmp, 0, stridesOf(pshape), pshape)) { be.dispose(tmp); return null; }
    const outer = prod(keep.map((k) => x.shape[k])), red = n / Math.max(outer, 1);
    const y = reduceBlock(be, op, tmp, t, gt(outs[0]), outer, outer ? red : 0, 1, outs[0]);
    be.dispose(tmp);
    return [y];
  });
}
for (const op of ["Sum", "Mean", "Prod", "Max", "Min", "Any", "All"]) reduceKernel(op);

gpu("L2Loss", ([x], _a, outs, be) => {
  if (gt(x) !== "f32") return null;
  return [reduceBlock(be, "L2Loss", h(x), "f32", "f32", 1, sizeOf(x.shape), 1, outs[0], "v * v")];
});

/** [outer, n, inner] around one axis. */
export function around(shape: readonly number[], axis: number): [number, number, number] {
  return [prod(shape, 0, axis), shape[axis], prod(shape, axis + 1)];
}

/**
 * Runs a device kernel whose output dtype may be int64 (kept on the host): the kernel computes an
 * int32 result on the device, which is read back and widened.
 */
function widenInt64(op: string, k: (inputs: Tensor[], attrs: any, outs: OutSpec[], be: WebGPUBackend) => GHandle[] | null): Kernel {
  return (inputs, attrs, outs, backend) => {
    const be = backend as WebGPUBackend;
    const wide = outs.map((o) => o.dtype.name === "int64");
    const devOuts = outs.map((o, i) => (wide[i] ? { shape: o.shape, dtype: int32Like } : o));
    if (allOnDevice(inputs, devOuts)) {
      const r = k(inputs, attrs, devOuts, be);
      if (r) {
        if (!wide.some(Boolean)) return r;
        return r.map((hd, i) => {
          if (!wide[i]) return hd;
          const v = be.readManySync([{ h: hd, dtype: int32Like }])[0] as Int32Array;
          be.dispose(hd);
          return new GHandle(null, Float64Array.from(v));
        });
      }
    }
    return be.runOnCpu(op, inputs, attrs, outs, inputs.some((t) => !gtypeOf(t.dtype)) ? `${inputs.find((t) => !gtypeOf(t.dtype))!.dtype.name} tensors stay in host memory on webgpu` : "this case has no WGSL kernel");
  };
}
const int32Like = int32;

function argKernel(isMax: boolean) {
  return widenInt64(isMax ? "ArgMax" : "ArgMin", ([x], { axis }, outs, be) => {
    const t = gt(x);
    const [outer, n, inner] = around(x.shape, axis);
    const cmp = isMax ? ">" : "<";
    const y = be.out(outs[0]);
    const p = be.program(`arg:${isMax}:${t}`, 1, 1, () => header([t], ["i32"]) + "\n" + main1d(`
  let n = ui(1);
  let inner = ui(2);
  let o = divq(i, inner);
  let k = i - o * inner;
  let base = o * n * inner + k;
  var best = x0[base];
  var bi = 0;
  ${t === "f32" ? "if (!isnan_(best)) {" : "{"}
    for (var r = 1; r < n; r++) {
      let v = x0[base + r * inner];
      ${t === "f32" ? "if (isnan_(v)) { bi = r; break; }" : ""}
      if (v ${cmp} best) { best = v; bi = r; }
    }
  }
  y0[i] = bi;`));
    be.run(p, [h(x)], [y], new Uniforms().int(outer * inner, n, inner), be.grid1d(outer * inner, 64));
    return [y];
  });
}
reg("ArgMax", argKernel(true));
reg("ArgMin", argKernel(false));

function scanKernel(isProd: boolean) {
  gpu(isProd ? "Cumprod" : "Cumsum", ([x], { axis, exclusive, reverse }, outs, be) => {
    const t = gt(x);
    const ax = axis < 0 ? axis + x.rank : axis;
    const [outer, n, inner] = around(x.shape, ax);
    const y = be.out(outs[0]);
    const op = isProd ? "*" : "+";
    const p = be.program(`scan:${isProd}:${t}:${!!exclusive}:${!!reverse}`, 1, 1, () => header([t], [t]) + "\n" + main1d(`
  let n = ui(1);
  let inner = ui(2);
  let o = divq(i, inner);
  let k = i - o * inner;
  let base = o * n * inner + k;
  var acc: ${t} = ${t}(${isProd ? 1 : 0});
  for (var s = 0; s < n; s++) {
    let r = ${reverse ? "n - 1 - s" : "s"};
    let at = base + r * inner;
    let v = x0[at];
    ${exclusive ? `y0[at] = acc; acc = acc ${op} v;` : `acc = acc ${op} v; y0[at] = acc;`}
  }`));
    be.run(p, [h(x)], [y], new Uniforms().int(outer * inner, n, inner), be.grid1d(outer * inner, 64));
    return [y];
  });
}
scanKernel(false);
scanKernel(true);

/**
 * TopKV2 by ranks: each element's rank in its row is the number of elements before it in the
 * order (larger first, NaN largest, ties by lower index); elements with rank < k are written at
 * their rank. O(n²) per row, fully parallel.
 */
reg("TopKV2", widenInt64("TopKV2", ([x], { k }, outs, be) => {
  if (!Number.isInteger(k)) return null;
  const t = gt(x);
  const n = x.shape[x.rank - 1];
  const rows = n === 0 ? 0 : sizeOf(x.shape) / n;
  const vals = be.out(outs[0]), idx = be.out(outs[1]);
  const gtExpr = t === "f32"
    ? "(isnan_(v) && !isnan_(w)) || (!isnan_(v) && !isnan_(w) && v > w) || ((v == w || (isnan_(v) && isnan_(w))) && q < j)"
    : "v > w || (v == w && q < j)";
  const p = be.program(`topk:${t}`, 1, 2, () => header([t], [t, "i32"]) + "\n" + main1d(`
  let n = ui(1);
  let k = ui(2);
  let row = divq(i, n);
  let j = i - row * n;
  let base = row * n;
  let w = x0[base + j];
  var rank = 0;
  for (var q = 0; q < n; q++) {
    let v = x0[base + q];
    if (${gtExpr}) { rank++; }
  }
  if (rank < k) { y0[row * k + rank] = w; y1[row * k + rank] = j; }`));
  be.run(p, [h(x)], [vals, idx], new Uniforms().int(rows * n, n, k), be.grid1d(rows * n, 64));
  return [vals, idx];
}));
