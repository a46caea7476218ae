/**
 * The core `tf` namespace: tensors, dtypes, ops, config. The package's root index adds
 * `compat.v1` and `keras` on top.
 *
 * Module rule: nothing inside the package imports this file (it only assembles), so there are
 * no import cycles through the public namespace.
 */
import "./backends/cpu";
import "./backends/cpu/kernels";
import "./backends/native"; // OpenBLAS via koffi; the default where it loads
import "./backends/wasm"; // AssemblyScript kernels (scalar / SIMD / SIMD + threads); the default where native is absent
import { webgpuReady } from "./backends/webgpu"; // WGSL kernels on WebGPU (Dawn in Node): never the default, started lazily
import "./backends/cuda"; // NVIDIA GPUs via the driver API (koffi) + PTX: the default only where a GPU works
import "./tensor/methods";

import * as mathOps from "./ops/math";
import * as reduceOps from "./ops/reduce";
import * as nnOps from "./ops/nn";
import * as arrayOps from "./ops/array";
import * as matmulOps from "./ops/matmul";
import * as creationOps from "./ops/creation";
import * as randomOps from "./ops/random";
import * as linalgOps from "./ops/linalg";
import * as complexOps from "./ops/complex";
import * as convOps from "./ops/conv";
import "./ops/training"; // fused optimizer updates (ApplyAdam, ...), defined before compat-v1 / keras use them
import * as configMod from "./config";
import * as errorsMod from "./errors";
import { installVariableMethods } from "./variable";

export { Tensor } from "./tensor/tensor";
export { NDArray } from "./tensor/ndarray";
export {
  DType, float32, float64, float16, int32, int64, int16, int8, uint8, bool, complex64, complex128, string, double, half,
} from "./tensor/dtypes";
export type { DTypeLike, DTypeName } from "./tensor/dtypes";
export { constant, convert_to_tensor } from "./ops/convert";
export type { TensorLike } from "./ops/convert";
export { executingEagerly as executing_eagerly } from "./engine/engine";
/** `tf.init_scope(fn)`: runs `fn` eagerly even while a graph is built (TF's `with tf.init_scope():`, as a callback scope). */
export { outsideGraphs as init_scope } from "./engine/engine";

export {
  add, subtract, multiply, divide, truediv, floordiv, floormod, mod, pow, maximum, minimum, squared_difference,
  negative, abs, sign, sqrt, rsqrt, square, exp, log, log1p, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh,
  sigmoid, erf, round, floor, ceil, equal, not_equal, less, less_equal, greater, greater_equal,
  logical_and, logical_or, logical_not, where, cast, clip_by_value, atan2,
} from "./ops/math";
export {
  reduce_sum, reduce_mean, reduce_max, reduce_min, reduce_prod, reduce_any, reduce_all, reduce_logsumexp,
  argmax, argmin, cumsum, add_n,
} from "./ops/reduce";
export {
  reshape, broadcast_to, shape, size, rank, identity, transpose, expand_dims, squeeze, concat, stack, unstack, split,
  tile, pad, slice, strided_slice, reverse, gather, gather_nd, scatter_nd, boolean_mask,
} from "./ops/array";
export { matmul, einsum, tensordot } from "./ops/matmul";
export { zeros, ones, fill, zeros_like, ones_like, eye, range, linspace, one_hot } from "./ops/creation";
export { device } from "./config";
export { norm } from "./ops/linalg";
export { complex } from "./ops/complex";
export { GradientTape, stop_gradient, custom_gradient } from "./autodiff/tape";
export { Variable } from "./variable";
export { Graph, Operation, name_scope } from "./graph/graph";
export { tfFunction as function, TensorSpec } from "./graph/function";
export type { ConcreteFunction, PolymorphicFunction } from "./graph/function";
export { gradients } from "./autodiff/gradients";
export { group } from "./graph/ops";
export { memory, tidy, keep, dispose } from "./memory";

/** `tf.math` */
export const math = {
  ...mathOps,
  real: complexOps.real, imag: complexOps.imag, conj: complexOps.conj, angle: complexOps.angle,
  divide: mathOps.divide, mod: mathOps.floormod,
  reduce_sum: reduceOps.reduce_sum, reduce_mean: reduceOps.reduce_mean, reduce_max: reduceOps.reduce_max,
  reduce_min: reduceOps.reduce_min, reduce_prod: reduceOps.reduce_prod, reduce_any: reduceOps.reduce_any,
  reduce_all: reduceOps.reduce_all, reduce_logsumexp: reduceOps.reduce_logsumexp, reduce_std: reduceOps.reduce_std,
  reduce_variance: reduceOps.reduce_variance, reduce_euclidean_norm: reduceOps.reduce_euclidean_norm,
  argmax: reduceOps.argmax, argmin: reduceOps.argmin, cumsum: reduceOps.cumsum, cumprod: reduceOps.cumprod,
  top_k: reduceOps.top_k, count_nonzero: reduceOps.count_nonzero, add_n: reduceOps.add_n,
  softplus: nnOps.softplus, softsign: nnOps.softsign, log_sigmoid: nnOps.log_sigmoid, l2_normalize: nnOps.l2_normalize,
  softmax: nnOps.softmax, log_softmax: nnOps.log_softmax,
};
/** `tf.nn` */
export const nn = {
  relu: nnOps.relu, relu6: nnOps.relu6, elu: nnOps.elu, selu: nnOps.selu, leaky_relu: nnOps.leaky_relu, gelu: nnOps.gelu,
  silu: nnOps.silu, swish: nnOps.silu, softplus: nnOps.softplus, softsign: nnOps.softsign, sigmoid: nnOps.sigmoid,
  tanh: nnOps.tanh, log_sigmoid: nnOps.log_sigmoid, softmax: nnOps.softmax, log_softmax: nnOps.log_softmax,
  dropout: nnOps.dropout, moments: nnOps.moments, l2_loss: nnOps.l2_loss, l2_normalize: nnOps.l2_normalize,
  bias_add: nnOps.bias_add,
  softmax_cross_entropy_with_logits: nnOps.softmax_cross_entropy_with_logits,
  sparse_softmax_cross_entropy_with_logits: nnOps.sparse_softmax_cross_entropy_with_logits,
  sigmoid_cross_entropy_with_logits: nnOps.sigmoid_cross_entropy_with_logits,
  weighted_cross_entropy_with_logits: nnOps.weighted_cross_entropy_with_logits,
  top_k: reduceOps.top_k,
  ...convOps.nnConv,
};
/** `tf.random` */
export const random = {
  set_seed: randomOps.set_seed, uniform: randomOps.uniform, normal: randomOps.normal,
  truncated_normal: randomOps.truncated_normal, shuffle: randomOps.shuffle, categorical: randomOps.categorical,
  stateless_uniform: randomOps.stateless_uniform, stateless_normal: randomOps.stateless_normal,
  stateless_truncated_normal: randomOps.stateless_truncated_normal,
};
/** `tf.linalg` (matrix products here; decompositions are added by their family). */
export const linalg = {
  matmul: matmulOps.matmul, einsum: matmulOps.einsum, tensordot: matmulOps.tensordot, matvec: matmulOps.matvec,
  det: linalgOps.det, slogdet: linalgOps.slogdet, logdet: linalgOps.logdet, inv: linalgOps.inv, solve: linalgOps.solve,
  triangular_solve: linalgOps.triangular_solve, lstsq: linalgOps.lstsq, cholesky: linalgOps.cholesky,
  cholesky_solve: linalgOps.cholesky_solve, qr: linalgOps.qr, svd: linalgOps.svd, eigh: linalgOps.eigh,
  eigvalsh: linalgOps.eigvalsh, eig: linalgOps.eig, eigvals: linalgOps.eigvals, pinv: linalgOps.pinv, norm: linalgOps.norm,
  trace: linalgOps.trace, diag: linalgOps.diag, diag_part: linalgOps.diag_part, set_diag: linalgOps.set_diag,
  band_part: linalgOps.band_part, matrix_transpose: linalgOps.matrix_transpose, adjoint: linalgOps.adjoint,
  expm: linalgOps.expm, eye: creationOps.eye, matrix_rank: linalgOps.matrix_rank, normalize: linalgOps.normalize,
  l2_normalize: nnOps.l2_normalize,
};
/** `tf.config` */
export const config = {
  list_physical_devices: configMod.list_physical_devices,
  set_backend: configMod.set_backend,
  get_backend: configMod.get_backend,
  set_language: configMod.set_language,
  get_language: configMod.get_language,
  list_cpu_fallbacks: configMod.list_cpu_fallbacks,
  /** Browsers: request the WebGPU adapter (asynchronous) before `set_backend("webgpu")`. */
  webgpu_ready: webgpuReady,
};
/** `tf.errors` */
export const errors = {
  InvalidArgumentError: errorsMod.InvalidArgumentError,
  NotFoundError: errorsMod.NotFoundError,
  FailedPreconditionError: errorsMod.FailedPreconditionError,
  UnimplementedError: errorsMod.UnimplementedError,
  OutOfRangeError: errorsMod.OutOfRangeError,
  ResourceExhaustedError: errorsMod.ResourceExhaustedError,
  InternalError: errorsMod.InternalError,
};
void arrayOps; void matmulOps; void creationOps;
// Variables answer every tensor method (v.matmul(x), ...); runs after all methods are installed.
installVariableMethods();
