// GEMM used when cuBLAS is absent (and for int32 always): row-major
//   C[m, n] = sum_k op(A)[m, k] op(B)[k, n]  (+ beta C),  op = transpose when ta / tb,
// batched over gridDim.z with element strides (0 broadcasts one matrix over the batch).
// Tiles of 128x128 outputs per 256-thread block, 8x8 outputs per thread, K in steps of 8 through
// shared memory. Thread (ty, tx) owns rows ty + 16i and columns tx + 16j, so shared-memory reads
// are broadcasts or consecutive words and global writes are coalesced in 16-wide runs.
#include "common.cuh"

#define GBM 128
#define GBN 128
#define GBK 8

template <typename T>
__device__ void gemm_impl(int ta, int tb, u32 M, u32 N, u32 K, const T* A, u32 lda, u64 sA, const T* B, u32 ldb, u64 sB, T* C, u32 ldc, u64 sC, int beta) {
  __shared__ T As[GBK][GBM + 4];
  __shared__ T Bs[GBK][GBN + 4];
  const u32 z = blockIdx.z;
  A += z * sA; B += z * sB; C += z * sC;
  const u32 m0 = blockIdx.y * GBM, n0 = blockIdx.x * GBN;
  const u32 t = threadIdx.x, tx = t % 16, ty = t / 16;
  T acc[8][8];
  for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) acc[i][j] = T(0);
  for (u32 k0 = 0; k0 < K; k0 += GBK) {
    // 1024 elements of each tile, 4 per thread; the mapping follows the operand's contiguous axis.
    for (u32 q = 0; q < 4; q++) {
      u32 e = t + 256 * q;
      u32 mm, kk;
      if (ta) { kk = e / GBM; mm = e % GBM; } else { mm = e / GBK; kk = e % GBK; }
      u32 gm = m0 + mm, gk = k0 + kk;
      As[kk][mm] = (gm < M && gk < K) ? (ta ? A[(u64)gk * lda + gm] : A[(u64)gm * lda + gk]) : T(0);
      u32 nn;
      if (tb) { nn = e / GBK; kk = e % GBK; } else { kk = e / GBN; nn = e % GBN; }
      u32 gn = n0 + nn;
      gk = k0 + kk;
      Bs[kk][nn] = (gn < N && gk < K) ? (tb ? B[(u64)gn * ldb + gk] : B[(u64)gk * ldb + gn]) : T(0);
    }
    __syncthreads();
    for (int k = 0; k < GBK; k++) {
      T a[8], b[8];
      for (int i = 0; i < 8; i++) a[i] = As[k][ty + 16 * i];
      for (int j = 0; j < 8; j++) b[j] = Bs[k][tx + 16 * j];
      for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) acc[i][j] += a[i] * b[j];
    }
    __syncthreads();
  }
  for (int i = 0; i < 8; i++) {
    u32 r = m0 + ty + 16 * i;
    if (r >= M) continue;
    for (int j = 0; j < 8; j++) {
      u32 c = n0 + tx + 16 * j;
      if (c >= N) continue;
      T* p = C + (u64)r * ldc + c;
      *p = beta ? *p + acc[i][j] : acc[i][j];
    }
  }
}

KERNEL gemm_f32(int ta, int tb, u32 M, u32 N, u32 K, const float* A, u32 lda, u64 sA, const float* B, u32 ldb, u64 sB, float* C, u32 ldc, u64 sC, int beta) {
  gemm_impl<float>(ta, tb, M, N, K, A, lda, sA, B, ldb, sB, C, ldc, sC, beta);
}
KERNEL gemm_f64(int ta, int tb, u32 M, u32 N, u32 K, const double* A, u32 lda, u64 sA, const double* B, u32 ldb, u64 sB, double* C, u32 ldc, u64 sC, int beta) {
  gemm_impl<double>(ta, tb, M, N, K, A, lda, sA, B, ldb, sB, C, ldc, sC, beta);
}

// int32 products wrap modulo 2^32 (one thread per output; integer matmuls are small).
KERNEL gemm_i32(int ta, int tb, u32 M, u32 N, u32 K, const int* A, u32 lda, u64 sA, const int* B, u32 ldb, u64 sB, int* C, u32 ldc, u64 sC, int beta) {
  const u32 z = blockIdx.z;
  A += z * sA; B += z * sB; C += z * sC;
  GRID_STRIDE(i, M * N) {
    u32 r = i / N, c = i % N;
    u32 s = beta ? (u32)C[(u64)r * ldc + c] : 0u;
    for (u32 k = 0; k < K; k++) {
      u32 a = (u32)(ta ? A[(u64)k * lda + r] : A[(u64)r * lda + k]);
      u32 b = (u32)(tb ? B[(u64)c * ldb + k] : B[(u64)k * ldb + c]);
      s += a * b;
    }
    C[(u64)r * ldc + c] = (int)s;
  }
}
