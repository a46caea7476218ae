/**
 * Every differentiable op in the engine's registry, gradient-checked in float64 against central
 * differences (test/util/gradcheck.ts). The table gives sample inputs per op and the public call
 * that reaches it; the harness checks that the op really ran. An op added later without a table
 * entry fails "every differentiable op has an entry" — add a row for it.
 */
import { describe, it, expect } from "vitest";
import * as tf from "../../index";
import { ctx, getOpDef, listOps, runOp, TapeListener } from "../../core/engine/engine";
import { gradcheck, GradcheckOptions } from "../util/gradcheck";

type T = tf.Tensor;
type Fn = (...xs: T[]) => any;
interface Row { f: Fn; xs: () => T[]; opts?: GradcheckOptions; /** ops that must run (default: the row's key) */ ops?: string[] }

let seed = 12345;
function rnd(): number { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 4294967296; }
/** float64 values uniform in [lo, hi). */
function R(shape: number[], lo = -1, hi = 1): T {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = lo + (hi - lo) * rnd();
  return tf.reshape(tf.constant(v, tf.float64), shape);
}
/** Values away from 0 (kinks of abs/relu/sign): |x| in [0.2, 1], random sign. */
function K(shape: number[]): T {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = (rnd() < 0.5 ? -1 : 1) * (0.2 + 0.8 * rnd());
  return tf.reshape(tf.constant(v, tf.float64), shape);
}
/** Distinct values (no ties for max/min/top_k/sort): a shuffled ramp plus a little noise. */
function D(shape: number[]): T {
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [idx[i], idx[j]] = [idx[j], idx[i]]; }
  return tf.reshape(tf.constant(Float64Array.from(idx, (k) => k * 0.37 - n * 0.15 + 0.01 * rnd()), tf.float64), shape);
}
const I = (v: number[] | number[][], shape?: number[]) => tf.constant(v as number[], tf.int32, shape ?? null);
const SPD = (a: T) => tf.add(tf.matmul(a, a, false, true), tf.multiply(tf.eye(a.shape[0], null, null, tf.float64), 3));

/** First-order gradient wrt x of sum(fn(x, ...rest) * w): its gradcheck checks the gradient of the grad ops. */
function gradOf(fn: (...xs: T[]) => T): Fn {
  return (...xs: T[]) => {
    const tape = new tf.GradientTape();
    const s = tape.record(() => {
      tape.watch(xs[0]);
      const y = fn(...xs);
      const w = tf.reshape(tf.constant(Float64Array.from({ length: y.size }, (_, i) => 0.5 + ((i * 7919) % 13) / 13), tf.float64), y.shape);
      return tf.reduce_sum(tf.multiply(y, w));
    });
    return tape.gradient(s, xs[0]) as T;
  };
}

const nn = tf.nn as any, la = tf.linalg as any, m = tf.math as any;
const cplx = (re: T, im: T) => (tf as any).complex(re, im) as T;

const TABLE: Record<string, Row> = {
  Abs: { f: (x) => tf.abs(x), xs: () => [K([2, 3])] },
  Acos: { f: (x) => tf.acos(x), xs: () => [R([5], -0.8, 0.8)] },
  Acosh: { f: (x) => m.acosh(x), xs: () => [R([5], 1.5, 3)] },
  AddN: { f: (a, b, c) => tf.add_n([a, b, c]), xs: () => [R([2, 2]), R([2, 2]), R([2, 2])] },
  AddV2: { f: (a, b) => tf.add(a, b), xs: () => [R([2, 3]), R([3])] },
  Angle: { f: (re, im) => m.angle(cplx(re, im)), xs: () => [K([4]), K([4])], ops: ["Angle", "Complex"] },
  Asin: { f: (x) => tf.asin(x), xs: () => [R([5], -0.8, 0.8)] },
  Asinh: { f: (x) => m.asinh(x), xs: () => [R([5], -2, 2)] },
  Atan: { f: (x) => tf.atan(x), xs: () => [R([5], -2, 2)] },
  Atan2: { f: (y, x) => tf.atan2(y, x), xs: () => [K([4]), K([4])] },
  Atanh: { f: (x) => m.atanh(x), xs: () => [R([5], -0.8, 0.8)] },
  AvgPool: { f: (x) => nn.avg_pool2d(x, 2, 1, "VALID"), xs: () => [R([1, 3, 3, 2])] },
  AvgPool3D: { f: (x) => nn.avg_pool3d(x, 2, 1, "VALID"), xs: () => [R([1, 3, 3, 3, 1])] },
  AvgPoolGrad: { f: (x) => gradOf((a) => tf.square(nn.avg_pool2d(a, 2, 1, "VALID")))(x), xs: () => [R([1, 3, 3, 1])], ops: ["AvgPoolGrad"] },
  AvgPool3DGrad: { f: (x) => gradOf((a) => tf.square(nn.avg_pool3d(a, 2, 1, "VALID")))(x), xs: () => [R([1, 3, 3, 3, 1])], ops: ["AvgPool3DGrad"] },
  BatchMatMulV2: { f: (a, b) => tf.matmul(a, b), xs: () => [R([2, 2, 3]), R([2, 3, 2])] },
  BiasAdd: { f: (x, b) => nn.bias_add(x, b), xs: () => [R([2, 3]), R([3])] },
  BroadcastTo: { f: (x) => tf.broadcast_to(x, [2, 3]), xs: () => [R([1, 3])] },
  // float64 -> float32 -> float64 with exactly representable points and step, so differences are exact
  Cast: { f: (x) => tf.cast(tf.cast(x, tf.float32), tf.float64), xs: () => [tf.constant([0.25, -1.5, 2.125], tf.float64)], opts: { eps: 2 ** -10 } },
  Ceil: { f: (x) => tf.ceil(x), xs: () => [tf.constant([0.3, -1.3, 2.7], tf.float64)] },
  Cholesky: { f: (a) => la.cholesky(SPD(a)), xs: () => [R([3, 3])] },
  Complex: { f: (re, im) => tf.abs(cplx(re, im)), xs: () => [K([4]), K([4])], ops: ["Complex", "ComplexAbs"] },
  ComplexAbs: { f: (re, im) => tf.abs(cplx(re, tf.multiply(im, 2))), xs: () => [K([3]), K([3])] },
  ConcatV2: { f: (a, b) => tf.concat([a, b], 1), xs: () => [R([2, 2]), R([2, 3])] },
  Conj: { f: (re, im) => [m.imag(m.conj(cplx(tf.square(re), tf.multiply(im, re)))), m.real(m.conj(cplx(tf.multiply(re, im), tf.square(im))))], xs: () => [R([3]), R([3])] },
  ConjugateTranspose: { f: (re, im) => m.imag(la.adjoint(cplx(re, im))), xs: () => [R([2, 3]), R([2, 3])] },
  Conv2D: { f: (x, k) => nn.conv2d(x, k, 1, "SAME"), xs: () => [R([1, 4, 4, 2]), R([3, 3, 2, 2])] },
  Conv2DBackpropFilter: { f: (x, k) => gradOf((kk, xx) => tf.square(nn.conv2d(xx, kk, 2, "SAME")))(k, x), xs: () => [R([1, 4, 4, 1]), R([2, 2, 1, 2])], ops: ["Conv2DBackpropFilter"] },
  Conv2DBackpropInput: { f: (x, k) => nn.conv2d_transpose(x, k, [1, 4, 4, 1], 2, "SAME"), xs: () => [R([1, 2, 2, 2]), R([2, 2, 1, 2])] },
  Conv3D: { f: (x, k) => nn.conv3d(x, k, [1, 1, 1, 1, 1], "VALID"), xs: () => [R([1, 3, 3, 3, 1]), R([2, 2, 2, 1, 2])] },
  Conv3DBackpropFilterV2: { f: (x, k) => gradOf((kk, xx) => tf.square(nn.conv3d(xx, kk, [1, 1, 1, 1, 1], "VALID")))(k, x), xs: () => [R([1, 3, 3, 3, 1]), R([2, 2, 2, 1, 1])], ops: ["Conv3DBackpropFilterV2"] },
  Conv3DBackpropInputV2: { f: (x, k) => gradOf((xx, kk) => tf.square(nn.conv3d(xx, kk, [1, 1, 1, 1, 1], "VALID")))(x, k), xs: () => [R([1, 3, 3, 3, 1]), R([2, 2, 2, 1, 1])], ops: ["Conv3DBackpropInputV2"] },
  Cos: { f: (x) => tf.cos(x), xs: () => [R([5], -3, 3)] },
  Cosh: { f: (x) => tf.cosh(x), xs: () => [R([5], -2, 2)] },
  Cumprod: { f: (x) => m.cumprod(x, 1), xs: () => [K([2, 3])] },
  Cumsum: { f: (x) => m.cumsum(x, 0, true, true), xs: () => [R([3, 2])] },
  DepthwiseConv2dNative: { f: (x, k) => nn.depthwise_conv2d(x, k, [1, 1, 1, 1], "SAME"), xs: () => [R([1, 4, 4, 2]), R([3, 3, 2, 2])] },
  DepthwiseConv2dNativeBackpropFilter: { f: (x, g) => nn.depthwise_conv2d_backprop_filter(x, [2, 2, 2, 1], g, [1, 1, 1, 1], "VALID"), xs: () => [R([1, 3, 3, 2]), R([1, 2, 2, 2])] },
  DepthwiseConv2dNativeBackpropInput: { f: (k, g) => nn.depthwise_conv2d_backprop_input([1, 3, 3, 2], k, g, [1, 1, 1, 1], "VALID"), xs: () => [R([2, 2, 2, 1]), R([1, 2, 2, 2])] },
  Div: { f: (a, b) => runOp("Div", [a, b], {})[0], xs: () => [R([3]), R([3], 0.5, 2)] },
  Einsum: { f: (a, b) => tf.einsum("ij,jk->ik", a, b), xs: () => [R([2, 3]), R([3, 2])] },
  Elu: { f: (x) => nn.elu(x), xs: () => [K([5])] },
  Erf: { f: (x) => tf.erf(x), xs: () => [R([5], -2, 2)] },
  Erfc: { f: (x) => m.erfc(x), xs: () => [R([5], -2, 2)] },
  Exp: { f: (x) => tf.exp(x), xs: () => [R([5])] },
  ExpandDims: { f: (x) => tf.expand_dims(x, 1), xs: () => [R([2, 3])] },
  Expm1: { f: (x) => m.expm1(x), xs: () => [R([5])] },
  Floor: { f: (x) => tf.floor(x), xs: () => [tf.constant([0.3, -1.3, 2.7], tf.float64)] },
  FloorMod: { f: (a, b) => tf.floormod(a, b), xs: () => [tf.constant([2.3, -1.3, 5.6], tf.float64), tf.constant([1.5, 0.7, -2.5], tf.float64)] },
  GatherNd: { f: (p) => tf.gather_nd(p, I([[1, 0], [0, 2]])), xs: () => [R([2, 3])] },
  GatherV2: { f: (p) => tf.gather(p, I([2, 0, 2]), null, 1), xs: () => [R([2, 3])] },
  Identity: { f: (x) => tf.identity(x), xs: () => [R([3])] },
  IdentityN: { f: (a, b) => runOp("IdentityN", [a, b], {}), xs: () => [R([2]), R([3])] },
  Imag: { f: (re, im) => m.imag(cplx(tf.square(re), tf.multiply(im, re))), xs: () => [R([3]), R([3])] },
  L2Loss: { f: (x) => nn.l2_loss(x), xs: () => [R([2, 3])] },
  LeakyRelu: { f: (x) => nn.leaky_relu(x, 0.3), xs: () => [K([6])] },
  Log: { f: (x) => tf.log(x), xs: () => [R([5], 0.5, 3)] },
  Log1p: { f: (x) => tf.log1p(x), xs: () => [R([5], -0.5, 2)] },
  LogMatrixDeterminant: { f: (a) => la.slogdet(SPD(a))[1], xs: () => [R([3, 3])] },
  LogSoftmax: { f: (x) => nn.log_softmax(x), xs: () => [R([2, 4])] },
  MatMul: { f: (a, b) => tf.matmul(a, b, true, false), xs: () => [R([3, 2]), R([3, 2])] },
  MatrixBandPart: { f: (x) => la.band_part(x, 1, 0), xs: () => [R([3, 3])] },
  MatrixDeterminant: { f: (a) => la.det(a), xs: () => [R([3, 3])] },
  MatrixDiagPartV3: { f: (x) => la.diag_part(x), xs: () => [R([3, 3])] },
  MatrixDiagV3: { f: (x) => la.diag(x), xs: () => [R([3])] },
  MatrixExponential: { f: (x) => la.expm(x), xs: () => [R([3, 3], -0.5, 0.5)] },
  MatrixInverse: { f: (a) => la.inv(SPD(a)), xs: () => [R([3, 3])] },
  MatrixSetDiagV3: { f: (x, d) => la.set_diag(x, d), xs: () => [R([3, 3]), R([3])] },
  MatrixSolve: { f: (a, b) => la.solve(SPD(a), b), xs: () => [R([3, 3]), R([3, 2])] },
  MatrixSolveLs: { f: (a, b) => la.lstsq(a, b), xs: () => [tf.add(R([4, 2]), tf.constant([[2, 0], [0, 2], [0, 0], [1, 1]], tf.float64)), R([4, 1])] },
  MatrixTriangularSolve: { f: (a, b) => la.triangular_solve(tf.add(la.band_part(a, -1, 0), tf.multiply(tf.eye(3, null, null, tf.float64), 3)), b, true), xs: () => [R([3, 3]), R([3, 2])] },
  Max: { f: (x) => tf.reduce_max(x, 1), xs: () => [D([2, 4])] },
  MaxPool: { f: (x) => nn.max_pool2d(x, 2, 1, "VALID"), xs: () => [D([1, 3, 3, 2])] },
  MaxPool3D: { f: (x) => nn.max_pool3d(x, 2, 1, "VALID"), xs: () => [D([1, 3, 3, 3, 1])] },
  MaxPool3DGrad: { f: (x) => gradOf((a) => tf.square(nn.max_pool3d(a, 2, 1, "VALID")))(x), xs: () => [D([1, 3, 3, 3, 1])], ops: ["MaxPool3DGrad"] },
  MaxPool3DGradGrad: { f: (x) => gradOf(gradOf((a) => tf.pow(nn.max_pool3d(a, 2, 1, "VALID"), 3)))(x), xs: () => [D([1, 3, 3, 3, 1])], ops: ["MaxPool3DGradGrad"] },
  MaxPoolGrad: { f: (x) => gradOf((a) => tf.square(nn.max_pool2d(a, 2, 1, "VALID")))(x), xs: () => [D([1, 3, 3, 1])], ops: ["MaxPoolGrad"] },
  MaxPoolGradGrad: { f: (x) => gradOf(gradOf((a) => tf.pow(nn.max_pool2d(a, 2, 1, "VALID"), 3)))(x), xs: () => [D([1, 3, 3, 1])], ops: ["MaxPoolGradGrad"] },
  Maximum: { f: (a, b) => tf.maximum(a, b), xs: () => [tf.constant([1, -2, 3], tf.float64), tf.constant([0.5, -1, 4], tf.float64)] },
  Mean: { f: (x) => tf.reduce_mean(x, [0, 2]), xs: () => [R([2, 2, 3])] },
  Min: { f: (x) => tf.reduce_min(x, 0), xs: () => [D([3, 2])] },
  Minimum: { f: (a, b) => tf.minimum(a, b), xs: () => [tf.constant([1, -2, 3], tf.float64), tf.constant([0.5, -1, 4], tf.float64)] },
  MirrorPad: { f: (x) => tf.pad(x, [[1, 1], [2, 1]], "REFLECT"), xs: () => [R([3, 3])] },
  MirrorPadGrad: { f: (x) => gradOf((a) => tf.square(tf.pad(a, [[1, 1], [1, 0]], "SYMMETRIC")))(x), xs: () => [R([2, 3])], ops: ["MirrorPadGrad"] },
  Mul: { f: (a, b) => tf.multiply(a, b), xs: () => [R([2, 1]), R([2, 3])] },
  Neg: { f: (x) => tf.negative(x), xs: () => [R([3])] },
  OnesLike: { f: (x) => tf.ones_like(x), xs: () => [R([3])] },
  Pack: { f: (a, b) => tf.stack([a, b], 1), xs: () => [R([2, 2]), R([2, 2])] },
  Pad: { f: (x) => tf.pad(x, [[1, 0], [0, 2]]), xs: () => [R([2, 2])] },
  PadV2: { f: (x) => tf.pad(x, [[1, 0], [0, 2]], "CONSTANT", 3), xs: () => [R([2, 2])] },
  PlaceholderWithDefault: { f: (x) => (tf as any).compat.v1.placeholder_with_default(tf.square(x), [2, 2]), xs: () => [R([2, 2])] },
  Print: { f: (x) => runOp("Print", [tf.square(x), x], { message: "", first_n: 0, summarize: 3, state: { count: 0 } })[0], xs: () => [R([3])] },
  Pow: { f: (a, b) => tf.pow(a, b), xs: () => [R([4], 0.5, 2), R([4], -1, 2)] },
  Prod: { f: (x) => tf.reduce_prod(x, 1), xs: () => [K([2, 3])] },
  Qr: { f: (x) => la.qr(x), xs: () => [tf.add(R([3, 3]), tf.multiply(tf.eye(3, null, null, tf.float64), 2))] },
  Real: { f: (re, im) => m.real(cplx(tf.multiply(im, re), tf.square(im))), xs: () => [R([3]), R([3])] },
  RealDiv: { f: (a, b) => tf.divide(a, b), xs: () => [R([3]), R([3], 0.5, 2)] },
  Reciprocal: { f: (x) => m.reciprocal(x), xs: () => [R([4], 0.5, 2)] },
  Relu: { f: (x) => nn.relu(x), xs: () => [K([6])] },
  ReluGrad: { f: (x) => gradOf((a) => tf.pow(nn.relu(a), 3))(x), xs: () => [K([6])], ops: ["ReluGrad"] },
  Relu6: { f: (x) => nn.relu6(tf.multiply(x, 5)), xs: () => [tf.constant([-0.5, 0.3, 0.9, 1.5], tf.float64)] },
  Reshape: { f: (x) => tf.reshape(x, [3, 2]), xs: () => [R([2, 3])] },
  ReverseV2: { f: (x) => tf.reverse(x, [1]), xs: () => [R([2, 3])] },
  Rint: { f: (x) => m.rint(x), xs: () => [tf.constant([0.3, -1.3, 2.7], tf.float64)] },
  Round: { f: (x) => tf.round(x), xs: () => [tf.constant([0.3, -1.3, 2.7], tf.float64)] },
  Rsqrt: { f: (x) => tf.rsqrt(x), xs: () => [R([4], 0.5, 2)] },
  ScatterNd: { f: (u) => tf.scatter_nd(I([[1], [3]]), u, [4, 2]), xs: () => [R([2, 2])] },
  SelectV2: { f: (a, b) => tf.where(tf.constant([true, false, true]), a, b), xs: () => [R([2, 3]), R([3])] },
  SelfAdjointEigV2: { f: (a) => { const s = tf.add(a, tf.transpose(a)); const [e, v] = la.eigh(s); return [e, tf.abs(v)]; }, xs: () => [tf.add(R([3, 3], -0.3, 0.3), tf.constant([[1, 0, 0], [0, 2, 0], [0, 0, 3]], tf.float64))] },
  Selu: { f: (x) => nn.selu(x), xs: () => [K([5])] },
  Sigmoid: { f: (x) => tf.sigmoid(x), xs: () => [R([5], -3, 3)] },
  Sign: { f: (x) => tf.sign(x), xs: () => [K([4])] },
  Sin: { f: (x) => tf.sin(x), xs: () => [R([5], -3, 3)] },
  Sinh: { f: (x) => tf.sinh(x), xs: () => [R([5], -2, 2)] },
  Slice: { f: (x) => tf.slice(x, [0, 1], [2, 2]), xs: () => [R([3, 3])] },
  Softmax: { f: (x) => nn.softmax(x), xs: () => [R([2, 4])] },
  SoftmaxCrossEntropyWithLogits: { f: (labels, logits) => nn.softmax_cross_entropy_with_logits({ labels: nn.softmax(labels), logits }), xs: () => [R([2, 3]), R([2, 3])] },
  Softplus: { f: (x) => nn.softplus(x), xs: () => [R([5], -3, 3)] },
  Softsign: { f: (x) => nn.softsign(x), xs: () => [K([5])] },
  SparseSoftmaxCrossEntropyWithLogits: { f: (logits) => nn.sparse_softmax_cross_entropy_with_logits({ labels: I([2, 0]), logits }), xs: () => [R([2, 3])] },
  Split: { f: (x) => tf.split(x, 2, 1), xs: () => [R([2, 4])] },
  SplitV: { f: (x) => tf.split(x, [1, 3], 1), xs: () => [R([2, 4])] },
  Sqrt: { f: (x) => tf.sqrt(x), xs: () => [R([4], 0.5, 2)] },
  Square: { f: (x) => tf.square(x), xs: () => [R([4])] },
  SquaredDifference: { f: (a, b) => tf.squared_difference(a, b), xs: () => [R([2, 3]), R([3])] },
  Squeeze: { f: (x) => tf.squeeze(x, [1]), xs: () => [R([2, 1, 3])] },
  StridedSlice: { f: (x) => tf.strided_slice(x, [0, 2], [3, 0], [2, -1]), xs: () => [R([3, 3])] },
  StridedSliceGrad: { f: (x) => gradOf((a) => tf.square(tf.strided_slice(a, [0, 2], [3, 0], [2, -1])))(x), xs: () => [R([3, 3])], ops: ["StridedSliceGrad"] },
  Sub: { f: (a, b) => tf.subtract(a, b), xs: () => [R([2, 3]), R([2, 1])] },
  Sum: { f: (x) => tf.reduce_sum(x, 1, true), xs: () => [R([2, 3])] },
  Svd: { f: (x) => { const [s, u, v] = la.svd(x); return [s, tf.abs(u), tf.abs(v)]; }, xs: () => [tf.add(R([3, 2], -0.3, 0.3), tf.constant([[2, 0], [0, 1], [0, 0]], tf.float64))] },
  Tan: { f: (x) => tf.tan(x), xs: () => [R([5], -1, 1)] },
  Tanh: { f: (x) => tf.tanh(x), xs: () => [R([5], -2, 2)] },
  Tile: { f: (x) => tf.tile(x, [2, 1]), xs: () => [R([2, 3])] },
  TopKV2: { f: (x) => m.top_k(x, 2)[0], xs: () => [D([2, 4])] },
  Transpose: { f: (x) => tf.transpose(x, [1, 0, 2]), xs: () => [R([2, 3, 2])] },
  Unpack: { f: (x) => tf.unstack(x, null, 1), xs: () => [R([2, 3])] },
  ZerosLike: { f: (x) => tf.zeros_like(x), xs: () => [R([3])] },
  // No counter state: every call draws the same mask, so the function is deterministic.
  _FusedDropout: { f: (x) => runOp("_FusedDropout", [x], { rate: 0.3, seed: 11, seed2: 22 })[0], xs: () => [R([4, 5])] },
  _FusedMatMul: { f: (a, b, c) => runOp("_FusedMatMul", [a, b, c], { transpose_a: false, transpose_b: false, fused_ops: ["BiasAdd", "Relu"] })[0], xs: () => [R([3, 4]), R([4, 5]), R([5])] },
  _FusedDropoutGrad: { f: (dy) => runOp("_FusedDropoutGrad", [dy, tf.constant([[true, false, true], [false, true, true]])], { rate: 0.25 })[0], xs: () => [R([2, 3])] },
};

/** Differentiable ops whose outputs are integers (nothing to check numerically). */
const INT_OUTPUT = new Set(["Rank", "Shape", "Size", "Where"]);
/** Ops checked separately below (their gradient is deliberately not the derivative). */
const SPECIAL = new Set(["StopGradient", "OneHot"]);

function opsRunBy(f: () => unknown): Set<string> {
  const seen = new Set<string>();
  const listener: TapeListener = { recordOp(def) { seen.add(def.name); } };
  const before = ctx.tapes;
  ctx.tapes = [...before, listener];
  try { f(); } finally { ctx.tapes = before; }
  return seen;
}

const differentiable = listOps().filter((n) => getOpDef(n).grad && !INT_OUTPUT.has(n) && !SPECIAL.has(n));

describe("gradcheck of every differentiable op (float64 central differences)", () => {
  it("every differentiable op has an entry", () => {
    const missing = differentiable.filter((n) => !TABLE[n]);
    expect(missing, `add gradcheck rows for: ${missing.join(", ")}`).toEqual([]);
  });
  for (const name of Object.keys(TABLE).sort()) {
    it(name, () => {
      if (!listOps().includes(name)) return; // the op was removed or renamed; the coverage test reports new names
      const row = TABLE[name];
      const xs = row.xs();
      const ran = opsRunBy(() => row.f(...xs.map((x) => (x.dtype.kind === "f" ? tf.cast(x, tf.float64) : x))));
      for (const op of row.ops ?? [name]) expect(ran.has(op), `${name}: the sample call never ran ${op} (ran: ${[...ran].join(", ")})`).toBe(true);
      gradcheck(row.f as (...xs: T[]) => T, xs, { name, rtol: 1e-5, atol: 1e-6, ...row.opts });
    });
  }
  it("ops with integer outputs carry no gradient", () => {
    const x = R([2, 3]);
    const tape = new tf.GradientTape();
    const s = tape.record(() => { tape.watch(x); return tf.cast(tf.shape(tf.square(x)), tf.float64); });
    expect(tape.gradient(s, x)).toBeNull();
    for (const n of INT_OUTPUT) if (listOps().includes(n)) expect(getOpDef(n).name).toBe(n);
  });
  it("OneHot: not differentiable in TF (gradient None even for on_value/off_value)", () => {
    const on = tf.constant(1.5, tf.float64);
    const tape = new tf.GradientTape();
    const y = tape.record(() => { tape.watch(on); return tf.reduce_sum(tf.one_hot(I([0, 2]), 3, on, 0)); });
    expect(y.numpy().item()).toBe(3);
    expect(tape.gradient(y, on)).toBeNull();
  });
  it("StopGradient: the value passes, the gradient is None", () => {
    const x = R([3]);
    const tape = new tf.GradientTape({ persistent: true });
    const [a, b] = tape.record(() => { tape.watch(x); return [tf.reduce_sum(tf.stop_gradient(tf.square(x))), tf.reduce_sum(tf.add(tf.stop_gradient(x), x))]; });
    expect(tape.gradient(a, x)).toBeNull();
    expect(Array.from(tape.gradient(b, x).dataSync() as ArrayLike<number>)).toEqual([1, 1, 1]);
    expect(a.numpy().item()).toBeCloseTo(Array.from(x.dataSync() as Float64Array).reduce((s, v) => s + v * v, 0), 12);
  });
});
