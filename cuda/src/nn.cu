// Softmax / log-softmax along one axis ([outer, n, inner] view), fused softmax cross-entropy
// (dense and sparse labels), fused optimizer updates (TF's training ops).
#include "common.cuh"

#define ST 256  // threads per block of the row kernels

template <typename T> __device__ __forceinline__ T block_max(T v, T* sh) {
  sh[threadIdx.x] = v;
  __syncthreads();
  for (u32 s = ST / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) {
      T a = sh[threadIdx.x], b = sh[threadIdx.x + s];
      sh[threadIdx.x] = is_nan(a) ? a : is_nan(b) ? b : (a > b ? a : b);
    }
    __syncthreads();
  }
  T r = sh[0];
  __syncthreads();
  return r;
}
template <typename T> __device__ __forceinline__ T block_sum(T v, T* sh) {
  sh[threadIdx.x] = v;
  __syncthreads();
  for (u32 s = ST / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) sh[threadIdx.x] += sh[threadIdx.x + s];
    __syncthreads();
  }
  T r = sh[0];
  __syncthreads();
  return r;
}

// Row max as the cpu backend uses it: NaN propagates; an infinite max becomes 0 (-inf) or stays (+inf).
template <typename T> __device__ __forceinline__ T row_shift(const T* x, u32 base, u32 n, u32 inner, T* sh) {
  T m = -(T)INFINITY;
  for (u32 r = threadIdx.x; r < n; r += ST) {
    T v = x[base + (u64)r * inner];
    m = is_nan(m) ? m : (is_nan(v) || v > m) ? v : m;
  }
  m = block_max<T>(m, sh);
  if (m == -(T)INFINITY) m = T(0);
  return m;
}

// One block per row (o, i): rows are x[o*n*inner + r*inner + i], r < n.
template <typename T> __device__ void softmax_impl(int logmode, const T* x, T* y, u32 n, u32 inner) {
  __shared__ T sh[ST];
  u32 row = blockIdx.x;
  u32 o = row / inner, in = row % inner;
  u64 base = (u64)o * n * inner + in;
  T m = row_shift<T>(x, base, n, inner, sh);
  T s = T(0);
  for (u32 r = threadIdx.x; r < n; r += ST) s += m_exp(x[base + (u64)r * inner] - m);
  s = block_sum<T>(s, sh);
  if (logmode) {
    T lse = m_log(s) + m;
    for (u32 r = threadIdx.x; r < n; r += ST) { u64 at = base + (u64)r * inner; y[at] = x[at] - lse; }
  } else {
    for (u32 r = threadIdx.x; r < n; r += ST) { u64 at = base + (u64)r * inner; y[at] = m_exp(x[at] - m) / s; }
  }
}
KERNEL softmax_f32(int logmode, const float* x, float* y, u32 n, u32 inner) { softmax_impl<float>(logmode, x, y, n, inner); }
KERNEL softmax_f64(int logmode, const double* x, double* y, u32 n, u32 inner) { softmax_impl<double>(logmode, x, y, n, inner); }

// SoftmaxCrossEntropyWithLogits on [rows, n]: loss[row] = -sum(labels * log_softmax),
// backprop = softmax - labels.
template <typename T> __device__ void xent_impl(const T* x, const T* labels, T* loss, T* backprop, u32 n) {
  __shared__ T sh[ST];
  u32 row = blockIdx.x;
  u64 base = (u64)row * n;
  T m = row_shift<T>(x, base, n, 1, sh);
  T s = T(0);
  for (u32 r = threadIdx.x; r < n; r += ST) s += m_exp(x[base + r] - m);
  s = block_sum<T>(s, sh);
  T lse = m_log(s) + m;
  T l = T(0);
  for (u32 r = threadIdx.x; r < n; r += ST) {
    T ls = x[base + r] - lse, lab = labels[base + r];
    if (lab != T(0)) l -= lab * ls;  // a zero label contributes nothing (0 * -inf would be NaN)
    backprop[base + r] = m_exp(ls) - lab;
  }
  l = block_sum<T>(l, sh);
  if (threadIdx.x == 0) loss[row] = l;
}
KERNEL xent_f32(const float* x, const float* labels, float* loss, float* backprop, u32 n) { xent_impl<float>(x, labels, loss, backprop, n); }
KERNEL xent_f64(const double* x, const double* labels, double* loss, double* backprop, u32 n) { xent_impl<double>(x, labels, loss, backprop, n); }

// SparseSoftmaxCrossEntropyWithLogits: labels int32 or int64 (stored as float64). A label outside
// [0, n) gives NaN loss and gradient for its row (TF's GPU behaviour; the cpu backend throws).
template <typename T> __device__ void sparse_xent_impl(const T* x, const void* labels, int labels64, T* loss, T* backprop, u32 n) {
  __shared__ T sh[ST];
  u32 row = blockIdx.x;
  u64 base = (u64)row * n;
  long long k = labels64 ? (long long)((const double*)labels)[row] : (long long)((const int*)labels)[row];
  bool bad = k < 0 || k >= (long long)n;
  T m = row_shift<T>(x, base, n, 1, sh);
  T s = T(0);
  for (u32 r = threadIdx.x; r < n; r += ST) s += m_exp(x[base + r] - m);
  s = block_sum<T>(s, sh);
  T lse = m_log(s) + m;
  T nan = T(0) / T(0);
  for (u32 r = threadIdx.x; r < n; r += ST) {
    T ls = x[base + r] - lse;
    backprop[base + r] = bad ? nan : m_exp(ls) - (r == (u32)k ? T(1) : T(0));
  }
  if (threadIdx.x == 0) loss[row] = bad ? nan : lse - x[base + (u64)k];
}
KERNEL sparse_xent_f32(const float* x, const void* labels, int labels64, float* loss, float* backprop, u32 n) { sparse_xent_impl<float>(x, labels, labels64, loss, backprop, n); }
KERNEL sparse_xent_f64(const double* x, const void* labels, int labels64, double* loss, double* backprop, u32 n) { sparse_xent_impl<double>(x, labels, labels64, loss, backprop, n); }

// ------------------------------------------------------------------------------------ training ops
// Scalars (learning rate, betas, ...) are read from device memory: no host round trip per step.
// Arithmetic is done in double and rounded once per output, like the cpu kernels.
#define TRAIN(T, S) \
  KERNEL apply_adam_##S(const T* x, const T* m, const T* v, const T* b1p, const T* b2p, const T* lr, const T* b1, const T* b2, const T* eps, const T* g, T* ox, T* om, T* ov, u32 n) { \
    double alpha = (double)lr[0] * sqrt(1.0 - (double)b2p[0]) / (1.0 - (double)b1p[0]); \
    double c1 = 1.0 - (double)b1[0], c2 = 1.0 - (double)b2[0], e = (double)eps[0]; \
    GRID_STRIDE(i, n) { \
      double gi = g[i], mi = m[i] + (gi - (double)m[i]) * c1, vi = v[i] + (gi * gi - (double)v[i]) * c2; \
      om[i] = (T)mi; ov[i] = (T)vi; \
      ox[i] = (T)((double)x[i] - alpha * mi / (sqrt(vi) + e)); \
    } \
  } \
  KERNEL apply_keras_momentum_##S(const T* x, const T* acc, const T* lr, const T* g, const T* mom, int nesterov, T* ox, T* oacc, u32 n) { \
    double l = lr[0], mo = mom[0]; \
    GRID_STRIDE(i, n) { \
      double ai = (double)acc[i] * mo - l * (double)g[i]; \
      oacc[i] = (T)ai; \
      ox[i] = (T)(nesterov ? (double)x[i] + mo * ai - l * (double)g[i] : (double)x[i] + ai); \
    } \
  } \
  KERNEL apply_gradient_descent_##S(const T* x, const T* alpha, const T* d, T* ox, u32 n) { \
    double a = alpha[0]; \
    GRID_STRIDE(i, n) ox[i] = (T)((double)x[i] - a * (double)d[i]); \
  } \
  KERNEL apply_momentum_##S(const T* x, const T* acc, const T* lr, const T* g, const T* mom, int nesterov, T* ox, T* oacc, u32 n) { \
    double l = lr[0], mo = mom[0]; \
    GRID_STRIDE(i, n) { \
      double gi = g[i], ai = (double)acc[i] * mo + gi; \
      oacc[i] = (T)ai; \
      ox[i] = (T)(nesterov ? (double)x[i] - (gi * l + ai * mo * l) : (double)x[i] - ai * l); \
    } \
  } \
  KERNEL apply_rmsprop_##S(const T* x, const T* ms, const T* mom, const T* lr, const T* rho, const T* momentum, const T* eps, const T* g, T* ox, T* oms, T* omom, u32 n) { \
    double l = lr[0], r = rho[0], mo = momentum[0], e = eps[0]; \
    GRID_STRIDE(i, n) { \
      double gi = g[i], si = (double)ms[i] + (gi * gi - (double)ms[i]) * (1.0 - r); \
      double mi = (double)mom[i] * mo + gi * l / sqrt(si + e); \
      oms[i] = (T)si; omom[i] = (T)mi; ox[i] = (T)((double)x[i] - mi); \
    } \
  } \
  KERNEL apply_centered_rmsprop_##S(const T* x, const T* mg, const T* ms, const T* mom, const T* lr, const T* rho, const T* momentum, const T* eps, const T* g, T* ox, T* omg, T* oms, T* omom, u32 n) { \
    double l = lr[0], r = rho[0], mo = momentum[0], e = eps[0]; \
    GRID_STRIDE(i, n) { \
      double gi = g[i], si = (double)ms[i] + (gi * gi - (double)ms[i]) * (1.0 - r); \
      double mgi = (double)mg[i] + (gi - (double)mg[i]) * (1.0 - r); \
      double mi = (double)mom[i] * mo + gi * l / sqrt(si - mgi * mgi + e); \
      oms[i] = (T)si; omg[i] = (T)mgi; omom[i] = (T)mi; ox[i] = (T)((double)x[i] - mi); \
    } \
  } \
  KERNEL apply_adagrad_##S(const T* x, const T* acc, const T* lr, const T* g, T* ox, T* oacc, u32 n) { \
    double l = lr[0]; \
    GRID_STRIDE(i, n) { \
      double gi = g[i], ai = (double)acc[i] + gi * gi; \
      oacc[i] = (T)ai; ox[i] = (T)((double)x[i] - gi * l / sqrt(ai)); \
    } \
  } \
  KERNEL apply_adadelta_##S(const T* x, const T* acc, const T* accu, const T* lr, const T* rho, const T* eps, const T* g, T* ox, T* oacc, T* oaccu, u32 n) { \
    double l = lr[0], r = rho[0], e = eps[0]; \
    GRID_STRIDE(i, n) { \
      double gi = g[i], ai = (double)acc[i] * r + gi * gi * (1.0 - r); \
      double upd = sqrt((double)accu[i] + e) / sqrt(ai + e) * gi; \
      oacc[i] = (T)ai; oaccu[i] = (T)((double)accu[i] * r + upd * upd * (1.0 - r)); ox[i] = (T)((double)x[i] - upd * l); \
    } \
  }
TRAIN(float, f32)
TRAIN(double, f64)
