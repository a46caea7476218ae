/**
 * Backend conformance: every op on every available backend, compared with `cpu` (the reference).
 *
 * Two sources of cases:
 *  1. a probe over the engine's `listOps()`: each op is called with standard operand sets
 *     (float32 / int32 / bool, same shape and broadcast) and no attributes; every set `cpu`
 *     accepts becomes a case. New ops join the suite without edits here.
 *  2. a curated table through the public API, for ops whose attributes matter (axes, transposes,
 *     perms) and for shapes that exercise the heavy kernels (GEMM sizes, batch broadcasting).
 * Ints, bools and strings must match exactly; floats within a tight tolerance.
 * Prints which backends ran and which ops no case reaches.
 */
import { describe, it, expect, afterAll } from "vitest";
import * as tf from "../../index";
import { availableBackends } from "../../core/config";
import { getBackend, getOpDef, hasKernel, listOps, makeTensor, runOp } from "../../core/engine/engine";
import { asDType } from "../../core/tensor/dtypes";
import type { Tensor } from "../../core/tensor/tensor";

const backends = availableBackends();
// TF_CONFORMANCE_BACKENDS=cuda,native limits the comparison to those backends (test/cuda runs the suite for cuda alone).
const only = process.env.TF_CONFORMANCE_BACKENDS?.split(",").map((s) => s.trim()).filter(Boolean);
const others = backends.filter((b) => b !== "cpu" && (!only || only.includes(b)));
const inCI = process.env.CI === "true" || process.env.CI === "1";

// ------------------------------------------------------------------------------ operand sets
type Operand = { values: number[]; shape: number[]; dtype: string };
const F: Operand = { values: [-1.5, -0.25, 0, 0.5, 1, 2.5], shape: [2, 3], dtype: "float32" };
const F2: Operand = { values: [0.5, 2, -1, 3, 0.25, -2], shape: [2, 3], dtype: "float32" };
const Fb: Operand = { values: [1, -2, 0.5], shape: [3], dtype: "float32" };
const P: Operand = { values: [0.1, 0.2, 0.3, 0.45, 0.6, 0.9], shape: [2, 3], dtype: "float32" }; // in (0, 1): asin, atanh, log...
const I: Operand = { values: [-3, -1, 0, 2, 5, 7], shape: [2, 3], dtype: "int32" };
const I2: Operand = { values: [2, 3, 1, -2, 4, 3], shape: [2, 3], dtype: "int32" };
const B: Operand = { values: [1, 0, 1, 1, 0, 0], shape: [2, 3], dtype: "bool" };
const B2: Operand = { values: [1, 1, 0, 1, 0, 1], shape: [2, 3], dtype: "bool" };
/** complex64 as interleaved (re, im) storage. */
const C: Operand = { values: [1, 2, -0.5, 0, 0, -3, 2.5, 1, -1, -1, 0, 0.25], shape: [2, 3], dtype: "complex64" };
const F64: Operand = { values: [-1.5, -0.25, 0, 0.5, 1, 2.5], shape: [2, 3], dtype: "float64" };
const SETS: Record<string, Operand[]> = {
  "f32": [F], "f32(0,1)": [P], "f64": [F64], "c64": [C], "i32": [I], "bool": [B],
  "f32,f32": [F, F2], "f32,f32[3]": [F, Fb], "i32,i32": [I, I2], "bool,bool": [B, B2],
  "bool,f32,f32": [B, F, F2], "f32,f32,f32": [F, F2, P],
};

function make(o: Operand): Tensor {
  const dt = asDType(o.dtype as any);
  if (o.dtype === "complex64") return makeTensor(Float32Array.from(o.values), o.shape, dt);
  return makeTensor(o.dtype === "bool" ? o.values.map(Boolean) : o.values, o.shape, dt);
}

function onBackend<T>(name: string, fn: () => T): T {
  const prev = tf.config.get_backend();
  tf.config.set_backend(name);
  try { return fn(); } finally { tf.config.set_backend(prev); }
}

/** Normalises a case's result to a list of eager tensors. */
function tensors(r: unknown): Tensor[] {
  if (Array.isArray(r)) return r.flatMap(tensors);
  if (r && typeof r === "object" && "_handle" in (r as object)) return [r as Tensor];
  if (r && typeof r === "object") return Object.values(r as object).flatMap(tensors); // moments -> {mean, variance}
  return [];
}

interface Tol { rtol: number; atol: number }
const DEFAULT_TOL: Tol = { rtol: 1e-5, atol: 1e-6 };

function expectSame(got: Tensor[], want: Tensor[], tol: Tol): void {
  expect(got.length).toBe(want.length);
  for (let t = 0; t < want.length; t++) {
    const g = got[t], w = want[t];
    expect(g.shape).toEqual(w.shape);
    expect(g.dtype).toBe(w.dtype);
    const gv = g.dataSync(), wv = w.dataSync();
    expect(gv.length).toBe(wv.length);
    if (w.dtype.kind !== "f" && w.dtype.kind !== "c") {
      expect(Array.from(gv as ArrayLike<unknown>)).toEqual(Array.from(wv as ArrayLike<unknown>)); // exact
      continue;
    }
    const a = gv as Float32Array, b = wv as Float32Array;
    let scale = 0;
    for (let i = 0; i < b.length; i++) if (Number.isFinite(b[i])) scale = Math.max(scale, Math.abs(b[i]));
    for (let i = 0; i < b.length; i++) {
      if (Number.isNaN(b[i]) || !Number.isFinite(b[i])) { expect(a[i]).toBe(b[i]); continue; } // NaN, ±Inf: identical
      const err = Math.abs(a[i] - b[i]);
      if (err > tol.rtol * Math.abs(b[i]) + tol.atol * Math.max(1, scale)) {
        throw new Error(`element ${i} of output ${t}: ${a[i]} vs cpu ${b[i]} (|err| ${err})`);
      }
    }
  }
}

// ------------------------------------------------------------------------------ probe over listOps()
interface Case { name: string; op?: string; run: () => unknown; tol?: Tol }
const probeCases: Case[] = [];
const covered = new Set<string>();
const SKIP_PROBE = new Set(["Const"]); // values come from attrs, not operands
for (const op of listOps()) {
  const def = getOpDef(op);
  if (def.stateful || SKIP_PROBE.has(op)) continue;
  for (const [label, set] of Object.entries(SETS)) {
    const run = () => runOp(op, set.map(make), {});
    let ok = false;
    try { ok = tensors(onBackend("cpu", run)).length > 0; } catch { /* cpu rejects this operand set */ }
    if (!ok) continue;
    probeCases.push({ name: `${op}(${label})`, op, run });
    covered.add(op);
  }
}

// ------------------------------------------------------------------------------ curated cases
function rand(shape: number[], seed: number, dtype = "float32"): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const v = new Array<number>(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; v[i] = s / 2 ** 31 - 1; }
  return makeTensor(v, shape, asDType(dtype as any));
}
/** A public function by path ("nn.softmax"), or undefined when this build does not have it (yet). */
function api(path: string): ((...a: any[]) => any) | undefined {
  let o: any = tf;
  for (const p of path.split(".")) o = o?.[p];
  return typeof o === "function" ? o : undefined;
}
const GEMM: Tol = { rtol: 1e-4, atol: 1e-5 }; // float32 sums of k products: BLAS and cpu round differently
const curated: [string, string[], () => unknown, Tol?][] = [
  ["matmul 64x48 @ 48x80", ["MatMul"], () => tf.matmul(rand([64, 48], 1), rand([48, 80], 2)), GEMM],
  ["matmul 257x130 @ 130x65 transpose_a", ["MatMul"], () => tf.matmul(rand([130, 257], 3), rand([130, 65], 4), true, false), GEMM],
  ["matmul transpose_b", ["MatMul"], () => tf.matmul(rand([33, 17], 5), rand([9, 17], 6), false, true), GEMM],
  ["matmul transpose_a transpose_b", ["MatMul"], () => tf.matmul(rand([17, 33], 7), rand([9, 17], 8), true, true), GEMM],
  ["matmul float64", ["MatMul"], () => tf.matmul(rand([31, 29], 9, "float64"), rand([29, 7], 10, "float64")), { rtol: 1e-12, atol: 1e-13 }],
  ["matmul int32", ["MatMul"], () => tf.matmul(tf.constant([[1, -2, 3], [4, 5, -6]], "int32"), tf.constant([[7, 8], [9, -10], [11, 12]], "int32"))],
  ["batch matmul [5,16,24]x[5,24,8]", ["BatchMatMulV2"], () => tf.matmul(rand([5, 16, 24], 11), rand([5, 24, 8], 12)), GEMM],
  ["batch matmul [2,1,6,4]x[3,4,5] broadcast", ["BatchMatMulV2"], () => tf.matmul(rand([2, 1, 6, 4], 13), rand([3, 4, 5], 14)), GEMM],
  ["batch matmul [4,7,6]x[6,3] (shared B)", ["BatchMatMulV2"], () => tf.matmul(rand([4, 7, 6], 15), rand([6, 3], 16)), GEMM],
  ["batch matmul [3,6,7]^T x[3,9,6]^T", ["BatchMatMulV2"], () => tf.matmul(rand([3, 6, 7], 17), rand([3, 9, 6], 18), true, true), GEMM],
  ["reduce_sum axis=1 keepdims", ["Sum"], () => api("reduce_sum")!(rand([4, 5, 6], 19), 1, true)],
  ["reduce_mean axis=[0,2]", ["Mean"], () => api("reduce_mean")!(rand([4, 5, 6], 20), [0, 2])],
  ["reduce_max axis=-1", ["Max"], () => api("reduce_max")!(rand([4, 5], 21), -1)],
  ["argmax axis=0", ["ArgMax"], () => api("argmax")!(rand([6, 3], 22), 0)],
  ["cumsum axis=1", ["Cumsum"], () => api("cumsum")!(rand([3, 7], 23), 1)],
  ["transpose perm=[2,0,1]", ["Transpose"], () => api("transpose")!(rand([2, 3, 4], 24), [2, 0, 1])],
  ["concat axis=1", ["ConcatV2"], () => api("concat")!([rand([2, 3], 25), rand([2, 2], 26)], 1)],
  ["gather axis=1", ["GatherV2"], () => api("gather")!(rand([3, 5], 27), tf.constant([4, 0, 2], "int32"), { axis: 1 })],
  ["slice", ["Slice"], () => api("slice")!(rand([4, 5], 28), [1, 2], [2, 3])],
  ["tile", ["Tile"], () => api("tile")!(rand([2, 3], 29), [2, 1])],
  ["softmax", ["Softmax"], () => api("nn.softmax")!(rand([4, 10], 30))],
  ["log_softmax", ["LogSoftmax"], () => api("nn.log_softmax")!(rand([4, 10], 31))],
  ["relu", ["Relu"], () => api("nn.relu")!(rand([4, 10], 32))],
  ["bias_add", ["BiasAdd"], () => api("nn.bias_add")!(rand([4, 10], 33), rand([10], 34))],
  ["top_k k=3", ["TopKV2"], () => api("math.top_k")!(rand([4, 10], 35), 3)],
  ["moments axes=[0]", ["Mean"], () => api("nn.moments")!(rand([8, 5], 36), [0])],
  ["cast float32->int32", ["Cast"], () => api("cast")!(rand([3, 4], 37), "int32")],
  ["reduce_min axis=0", ["Min"], () => api("reduce_min")!(rand([4, 5], 38), 0)],
  ["reduce_prod axis=1", ["Prod"], () => api("reduce_prod")!(rand([4, 5], 39), 1)],
  ["reduce_all / reduce_any axis=1", ["All", "Any"], () => [api("reduce_all")!(tf.constant([[true, false], [true, true]]), 1), api("reduce_any")!(tf.constant([[true, false], [false, false]]), 1)]],
  ["argmin axis=1", ["ArgMin"], () => api("argmin")!(rand([6, 3], 40), 1)],
  ["expand_dims / squeeze", ["ExpandDims", "Squeeze"], () => [api("expand_dims")!(rand([2, 3], 41), 1), api("squeeze")!(rand([2, 1, 3], 42), 1)]],
  ["stack / unstack", ["Pack", "Unpack"], () => [api("stack")!([rand([2, 3], 43), rand([2, 3], 44)], 1), api("unstack")!(rand([3, 2], 45), { axis: 1 })]],
  ["split 3 ways / sizes", ["Split", "SplitV"], () => [api("split")!(rand([2, 6], 46), 3, 1), api("split")!(rand([5, 2], 47), [2, 3], 0)]],
  ["reverse axis=[1]", ["ReverseV2"], () => api("reverse")!(rand([3, 4], 48), [1])],
  ["strided_slice", ["StridedSlice"], () => api("strided_slice")!(rand([5, 6], 49), [1, 0], [5, 6], [2, 3])],
  ["gather_nd", ["GatherNd"], () => api("gather_nd")!(rand([3, 4], 50), tf.constant([[0, 1], [2, 3]], "int32"))],
  ["scatter_nd", ["ScatterNd"], () => api("scatter_nd")!(tf.constant([[1], [3]], "int32"), rand([2, 4], 51), [5, 4])],
  ["one_hot depth=4", ["OneHot"], () => api("one_hot")!(tf.constant([0, 3, 1], "int32"), 4)],
  ["range / linspace / fill", ["Range", "LinSpace", "Fill"], () => [api("range")!(0, 10, 3), api("linspace")!(0, 1, 5), api("fill")!([2, 3], 7)]],
  ["einsum ij,jk->ik", ["Einsum"], () => api("einsum")!("ij,jk->ik", rand([5, 4], 52), rand([4, 3], 53)), GEMM],
  ["einsum batched, transposed output / diagonal", ["Einsum"], () => [
    api("einsum")!("bij,bkj->kbi", rand([3, 4, 5], 118), rand([3, 6, 5], 119)), api("einsum")!("ii->i", rand([4, 4], 120))], GEMM],
  ["sparse softmax cross entropy", ["SparseSoftmaxCrossEntropyWithLogits"], () => api("nn.sparse_softmax_cross_entropy_with_logits")!(tf.constant([1, 0, 3], "int32"), rand([3, 4], 54))],
  ["pad REFLECT", ["MirrorPad"], () => api("pad")!(rand([3, 4], 55), [[1, 1], [2, 1]], "REFLECT")],
  ["broadcast_to / shape / size", ["BroadcastTo", "Shape", "Size"], () => [api("broadcast_to")!(rand([1, 3], 56), [4, 3]), api("shape")!(rand([2, 5], 57)), api("size")!(rand([2, 5], 58))]],
  ["stateless random", ["StatelessRandomUniform", "StatelessRandomNormal", "StatelessTruncatedNormal"], () =>
    [api("random.stateless_uniform")!([3, 4], [1, 2]), api("random.stateless_normal")!([3, 4], [3, 4]), api("random.stateless_truncated_normal")!([3, 4], [5, 6])]],
  ["linalg.det / inv", ["MatrixDeterminant", "MatrixInverse"], () => [api("linalg.det")!(rand([3, 4, 4], 59)), api("linalg.inv")!(rand([3, 4, 4], 60))], { rtol: 1e-4, atol: 1e-5 }],
  ["linalg.cholesky / solve", ["Cholesky", "MatrixSolve"], () => {
    const a = rand([4, 4], 61), spd = tf.add(tf.matmul(a, a, false, true), tf.eye(4));
    return [api("linalg.cholesky")!(spd), api("linalg.solve")!(spd, rand([4, 2], 62))];
  }, { rtol: 1e-4, atol: 1e-5 }],
];
/** Input and filter gradients of sum(conv(x, w) * r) (r makes dy non-uniform). */
function convGrads(conv: (x: Tensor, w: Tensor) => Tensor, xs: number[], ws: number[], seed: number): Tensor[] {
  const x = rand(xs, seed), w = rand(ws, seed + 1);
  const Tape = (tf as any).GradientTape;
  const tape = new Tape();
  const loss = tape.record(() => {
    tape.watch(x); tape.watch(w);
    const y = conv(x, w);
    return tf.reduce_sum(tf.multiply(y, rand(y.shape, seed + 2)));
  });
  return tape.gradient(loss, [x, w]);
}
const nn = (): any => (tf as any).nn;
const CONV: Tol = { rtol: 1e-4, atol: 1e-5 };
curated.push(
  ["conv2d SAME stride 2", ["Conv2D"], () => nn().conv2d(rand([2, 9, 8, 3], 70), rand([3, 3, 3, 5], 71), 2, "SAME"), CONV],
  ["conv2d VALID dilation 2, C=16 (block copies)", ["Conv2D"], () => nn().conv2d(rand([1, 10, 11, 16], 72), rand([3, 2, 16, 4], 73), 1, "VALID", "NHWC", 2), CONV],
  ["conv2d EXPLICIT padding", ["Conv2D"], () => nn().conv2d(rand([2, 6, 5, 2], 74), rand([2, 3, 2, 3], 75), [1, 2, 1, 1], [[0, 0], [1, 2], [2, 0], [0, 0]]), CONV],
  ["conv2d 1x1 (pointwise GEMM)", ["Conv2D"], () => nn().conv2d(rand([3, 4, 5, 6], 76), rand([1, 1, 6, 7], 77), 1, "VALID"), CONV],
  ["conv2d NCHW", ["Conv2D"], () => nn().conv2d(rand([2, 3, 6, 6], 78), rand([3, 3, 3, 4], 79), 1, "SAME", "NCHW"), CONV],
  ["conv2d float64", ["Conv2D"], () => nn().conv2d(rand([1, 5, 5, 2], 80, "float64"), rand([3, 3, 2, 2], 81, "float64"), 1, "SAME"), { rtol: 1e-12, atol: 1e-13 }],
  ["conv3d SAME stride 2", ["Conv3D"], () => nn().conv3d(rand([1, 5, 6, 4, 2], 82), rand([2, 3, 2, 2, 3], 83), [1, 2, 2, 1, 1], "SAME"), CONV],
  ["conv2d_transpose stride 2", ["Conv2DBackpropInput"], () => nn().conv2d_transpose(rand([2, 4, 4, 3], 84), rand([3, 3, 5, 3], 85), [2, 8, 8, 5], 2, "SAME"), CONV],
  ["conv2d gradients SAME stride 2", ["Conv2DBackpropInput", "Conv2DBackpropFilter"], () => convGrads((x, w) => nn().conv2d(x, w, 2, "SAME"), [2, 7, 6, 3], [3, 3, 3, 4], 86), CONV],
  ["conv2d gradients VALID dilated, C=16", ["Conv2DBackpropInput", "Conv2DBackpropFilter"], () => convGrads((x, w) => nn().conv2d(x, w, 1, "VALID", "NHWC", 2), [1, 9, 9, 16], [2, 3, 16, 2], 87), CONV],
  ["conv2d gradients 1x1", ["Conv2DBackpropInput", "Conv2DBackpropFilter"], () => convGrads((x, w) => nn().conv2d(x, w, 1, "VALID"), [2, 3, 3, 4], [1, 1, 4, 5], 88), CONV],
  ["conv2d gradients large (chunked column matrix)", ["Conv2DBackpropInput", "Conv2DBackpropFilter"], () => convGrads((x, w) => nn().conv2d(x, w, 1, "SAME"), [4, 40, 40, 32], [3, 3, 32, 8], 89), CONV],
  ["conv3d gradients", ["Conv3DBackpropInputV2", "Conv3DBackpropFilterV2"], () => convGrads((x, w) => nn().conv3d(x, w, [1, 1, 2, 1, 1], "SAME"), [1, 4, 5, 4, 2], [2, 2, 3, 2, 3], 90), CONV],
);
/** Gradient of sum(f(x) * r) with respect to x (r makes dy non-uniform). */
function inputGrad(f: (x: Tensor) => Tensor, xs: number[], seed: number): Tensor {
  const x = rand(xs, seed);
  const tape = new (tf as any).GradientTape();
  const loss = tape.record(() => { tape.watch(x); const y = f(x); return tf.reduce_sum(tf.multiply(y, rand(y.shape, seed + 1))); });
  return tape.gradient(loss, x);
}
const scalar = (v: number) => makeTensor([v], [], asDType("float32"));
const POOL2 = { ksize: [1, 3, 2, 1], strides: [1, 2, 2, 1], padding: "SAME", data_format: "NHWC" };
curated.push(
  ["max_pool2d SAME / avg_pool2d VALID", ["MaxPool", "AvgPool"], () => [nn().max_pool2d(rand([2, 7, 6, 3], 91), [3, 2], [2, 2], "SAME"), nn().avg_pool2d(rand([2, 7, 6, 3], 92), 3, 2, "VALID")]],
  ["max_pool3d / avg_pool3d", ["MaxPool3D", "AvgPool3D"], () => [nn().max_pool3d(rand([1, 4, 5, 4, 2], 93), 2, 2, "SAME"), nn().avg_pool3d(rand([1, 4, 5, 4, 2], 94), [2, 3, 2], 1, "SAME")]],
  ["max/avg pool NCHW", ["MaxPool", "AvgPool"], () => [nn().max_pool2d(rand([2, 3, 6, 5], 95), 2, 2, "SAME", "NCHW"), nn().avg_pool2d(rand([2, 3, 6, 5], 96), 2, 1, "VALID", "NCHW")]],
  ["pool gradients (2-D, 3-D)", ["MaxPoolGrad", "AvgPoolGrad", "MaxPool3DGrad", "AvgPool3DGrad"], () => [
    inputGrad((x) => nn().max_pool2d(x, [3, 2], [2, 2], "SAME"), [2, 7, 6, 3], 97), inputGrad((x) => nn().avg_pool2d(x, 3, 2, "SAME"), [2, 7, 6, 3], 98),
    inputGrad((x) => nn().max_pool3d(x, 2, 2, "SAME"), [1, 4, 5, 4, 2], 99), inputGrad((x) => nn().avg_pool3d(x, 2, 1, "VALID"), [1, 4, 5, 4, 2], 100)]],
  ["MaxPoolGradGrad", ["MaxPoolGradGrad"], () => {
    const x = rand([2, 7, 6, 3], 101), y = nn().max_pool2d(x, [3, 2], [2, 2], "SAME");
    return runOp("MaxPoolGradGrad", [x, y, rand([2, 7, 6, 3], 102)], POOL2);
  }],
  ["depthwise_conv2d + gradients", ["DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput", "DepthwiseConv2dNativeBackpropFilter"], () => [
    nn().depthwise_conv2d(rand([2, 7, 6, 3], 103), rand([3, 3, 3, 2], 104), [1, 2, 2, 1], "SAME"),
    ...convGrads((x, w) => nn().depthwise_conv2d(x, w, [1, 1, 1, 1], "VALID"), [2, 6, 5, 3], [2, 3, 3, 2], 105)], CONV],
  ["pad REFLECT / SYMMETRIC gradients", ["MirrorPadGrad"], () => [
    inputGrad((x) => api("pad")!(x, [[1, 2], [2, 1]], "REFLECT"), [4, 5], 106), inputGrad((x) => api("pad")!(x, [[2, 1], [0, 2]], "SYMMETRIC"), [3, 4], 107)]],
  ["strided_slice gradient", ["StridedSliceGrad"], () => inputGrad((x) => api("strided_slice")!(x, [1, 0], [5, 6], [2, 3]), [5, 6], 108)],
  ["fused optimizer updates", ["ApplyAdam", "ApplyKerasMomentum", "ApplyGradientDescent"], () => {
    const [v, m, s, g] = [rand([5, 7], 109), rand([5, 7], 110), tf.abs(rand([5, 7], 111)), rand([5, 7], 112)];
    return [
      runOp("ApplyAdam", [v, m, s, scalar(0.81), scalar(0.998), scalar(0.01), scalar(0.9), scalar(0.999), scalar(1e-7), g], {}),
      runOp("ApplyKerasMomentum", [v, m, scalar(0.1), g, scalar(0.9)], { use_nesterov: true }),
      runOp("ApplyGradientDescent", [v, scalar(0.1), g], {}),
    ];
  }, { rtol: 1e-5, atol: 1e-6 }],
  ["fused Dense ops and dropout's gradient (the plain ops where a backend has no fused kernel)", ["_FusedMatMul", "_FusedDropoutGrad"], () => {
    const x = rand([40, 70], 118), w = rand([70, 300], 119), b = rand([300], 120), dy = rand([64, 520], 121);
    const keep = tf.greater(rand([64, 520], 122), 0);
    const mm = { transpose_a: false, transpose_b: false };
    if (!hasKernel("_FusedMatMul")) {
      const z = tf.nn.bias_add(tf.matmul(x, w), b);
      return [tf.nn.relu(z), z, tf.multiply(tf.where(keep, dy, 0), 1 / 0.7)];
    }
    return [
      runOp("_FusedMatMul", [x, w, b], { ...mm, fused_ops: ["BiasAdd", "Relu"] })[0],
      runOp("_FusedMatMul", [x, w, b], { ...mm, fused_ops: ["BiasAdd"] })[0],
      runOp("_FusedDropoutGrad", [dy, keep], { rate: 0.3 })[0],
    ];
  }, GEMM],
  ["tf.compat.v1 optimizer updates", ["ApplyMomentum", "ApplyRMSProp", "ApplyCenteredRMSProp", "ApplyAdagrad", "ApplyAdadelta"], () => {
    const [v, a, b, c, g] = [rand([4, 6], 113), tf.abs(rand([4, 6], 114)), tf.abs(rand([4, 6], 115)), rand([4, 6], 116), rand([4, 6], 117)];
    return [
      runOp("ApplyMomentum", [v, c, scalar(0.1), g, scalar(0.9)], { use_nesterov: false }),
      runOp("ApplyRMSProp", [v, a, c, scalar(0.01), scalar(0.9), scalar(0.5), scalar(1e-7), g], {}),
      runOp("ApplyCenteredRMSProp", [v, tf.multiply(c, 0.1), tf.add(a, 1), c, scalar(0.01), scalar(0.9), scalar(0.5), scalar(1e-7), g], {}),
      runOp("ApplyAdagrad", [v, tf.add(a, 0.1), scalar(0.1), g], {}),
      runOp("ApplyAdadelta", [v, a, b, scalar(1), scalar(0.95), scalar(1e-7), g], {}),
    ];
  }, { rtol: 1e-5, atol: 1e-6 }],
);
const curatedCases: Case[] = [];
const absent: string[] = [];
for (const [name, ops, run, tol] of curated) {
  // A case whose public function does not exist in this build yet is listed, not run.
  try { onBackend("cpu", run); } catch (e) { absent.push(`${name} (${(e as Error).message.split("\n")[0].slice(0, 80)})`); continue; }
  curatedCases.push({ name, run, tol });
  for (const o of ops) covered.add(o);
}

// ------------------------------------------------------------------------------ the suite
it("reports which backends run the conformance suite", () => {
  console.log(`conformance: backends available here: ${backends.join(", ")}; compared with cpu: ${others.join(", ") || "(none)"}`);
  expect(backends).toContain("cpu");
  if (inCI && (!only || only.includes("native"))) expect(others).toContain("native"); // .ci/run installs OpenBLAS
  if (inCI && (!only || only.includes("webgpu"))) expect(others).toContain("webgpu"); // .ci/run installs Mesa's lavapipe (Vulkan on the CPU) and npm's webgpu (Dawn)
  if (inCI && (!only || only.includes("wasm"))) expect(others).toContain("wasm"); // npm ci builds the WebAssembly kernels (prepare)
  expect(probeCases.length).toBeGreaterThan(50); // the probe finds the elementwise families
});

for (const name of others) {
  describe(`${name} vs cpu`, () => {
    for (const c of [...probeCases, ...curatedCases]) {
      it(c.name, () => {
        const want = tensors(onBackend("cpu", c.run));
        const got = tensors(onBackend(name, c.run));
        for (const t of got) expect(t._backend!.name).toBe(name);
        expectSame(got, want, c.tol ?? DEFAULT_TOL);
      });
    }
  });
}

afterAll(() => {
  const uncovered = listOps().filter((o) => !covered.has(o));
  const lines = [`conformance: ${probeCases.length} probe cases, ${curatedCases.length} curated cases, ${covered.size}/${listOps().length} ops reached`];
  for (const name of others) {
    const own = [...getBackend(name).kernels.keys()].sort();
    lines.push(`  ${name}: own kernels: ${own.join(", ") || "(none)"}${getBackend(name).sharesCpuStorage ? "; every other op runs cpu's kernel on shared storage" : ""}`);
  }
  for (const name of others) {
    const fb = tf.config.list_cpu_fallbacks(name);
    if (fb.length) lines.push(`  ${name}: runs on the cpu (tf.config.list_cpu_fallbacks): ${fb.map((f) => `${f.op} (${f.reason})`).join("; ")}`);
  }
  if (uncovered.length) lines.push(`  ops no case reaches (need attrs or special operands): ${uncovered.join(", ")}`);
  if (absent.length) lines.push(`  curated cases not run (API absent in this build): ${absent.join("; ")}`);
  console.log(lines.join("\n"));
});
