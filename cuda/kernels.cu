// The cuda backend's kernels: one translation unit, compiled to one PTX module by
// scripts/gen_ptx.mjs (output: core/backends/cuda/ptx.generated.ts).
#include "src/elementwise.cu"
#include "src/reduce.cu"
#include "src/array.cu"
#include "src/nn.cu"
#include "src/matmul.cu"
#include "src/conv.cu"
#include "src/random.cu"
