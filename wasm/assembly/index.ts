// The wasm backend's kernels (AssemblyScript). Built three ways by wasm/build.mjs: scalar, SIMD,
// and SIMD + threads (shared memory). Memory is imported and managed from JavaScript
// (core/backends/wasm/runtime.ts): there is no AssemblyScript heap, no static data, no GC.
export { gemm, setA, setB, gemmWorkspaceBytes, MR, NR } from "./gemm";
export { convFilterForDx, col2im } from "./conv";
export { binary, compare, select, selectScalar, unary, reluGrad, castU8F32, dropoutApply, maskScale } from "./elementwise";
export { reduce, reducePartial, reduceFinish, softmax, logSoftmax, softmaxXent, sparseSoftmaxXent } from "./reduce";

/** First free byte after static data (math tables); JavaScript lays its regions out above it. */
export function heapBase(): usize { return __heap_base; }
export { applyAdam, applyMomentum, applyGradientDescent } from "./training";
export { winogradFilter, winogradChunk, winogradWorkspaceBytes, winogradInputPlain, winogradOutputPlain } from "./winograd";
export { philoxUniform, philoxShuffle } from "./random";
