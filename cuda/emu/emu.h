// Host emulation of the CUDA C subset our kernels use, so the same kernel sources compile with g++
// into cuda/emu's stand-in libcuda (a test double for the driver: see emu.cpp). Each CUDA thread
// runs as a fiber; __syncthreads() switches fibers until every thread of the block has arrived.
// __shared__ becomes `static`: blocks run one at a time on the emulator's single worker thread.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <math.h>

struct dim3 {
  unsigned x, y, z;
};

namespace emu {
extern dim3 thread_idx, block_idx, block_dim, grid_dim;
void syncthreads();
}  // namespace emu

#define threadIdx emu::thread_idx
#define blockIdx emu::block_idx
#define blockDim emu::block_dim
#define gridDim emu::grid_dim
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(n)
#define __shared__ static
#define __syncthreads() emu::syncthreads()

// Device intrinsics (random.cu). __dmul_rn / __dadd_rn round each operation on its own (never fused
// into an FMA): the product stays in a function of its own so g++ cannot contract it with the add
// where the target has FMA (aarch64; x86-64 without -mfma has none).
inline unsigned __umulhi(unsigned a, unsigned b) { return (unsigned)(((unsigned long long)a * b) >> 32); }
__attribute__((noinline)) inline double __dmul_rn(double a, double b) { return a * b; }
inline double __dadd_rn(double a, double b) { return a + b; }
inline float __double2float_rn(double x) { return (float)x; }

template <typename T> inline T atomicAdd(T* p, T v) {
  T old = *p;
  *p = old + v;
  return old;
}
