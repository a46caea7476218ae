// Convolution pieces (the GEMMs run through cuBLAS or gemm_*): im2col builds [rows, KD*KH*KW*C]
// for a chunk of batch images, col2im sums a column-gradient matrix back into dx (a gather per
// input element: no atomics, deterministic). Pooling forward and backward, channels-last,
// 3 spatial dims (2-D pooling has D = KD = OD = 1). Semantics follow core/backends/cpu/kernels/conv.ts.
#include "common.cuh"

// col[r, k] for rows r of images [n0, n0 + nb): k = ((kz*KH + ky)*KW + kx)*C + c.
template <typename T> __device__ void im2col_impl(const T* x, T* col, ConvGeom g, u32 n0, u32 total) {
  const u32 K = (u32)(g.KD * g.KH * g.KW * g.C);
  GRID_STRIDE(i, total) {
    u32 k = i % K, r = i / K;
    u32 c = k % g.C, t = k / g.C;
    int kx = t % g.KW; t /= g.KW;
    int ky = t % g.KH; int kz = t / g.KH;
    u32 rr = r;
    int ox = rr % g.OW; rr /= g.OW;
    int oy = rr % g.OH; rr /= g.OH;
    int oz = rr % g.OD; u32 n = n0 + rr / g.OD;
    int iz = oz * g.SD - g.PD + kz * g.DD, iy = oy * g.SH - g.PH + ky * g.DH, ix = ox * g.SW - g.PW + kx * g.DW;
    T v = T(0);
    if (iz >= 0 && iz < g.D && iy >= 0 && iy < g.H && ix >= 0 && ix < g.W)
      v = x[((((u64)n * g.D + iz) * g.H + iy) * g.W + ix) * g.C + c];
    col[i] = v;
  }
}
KERNEL im2col_f32(const float* x, float* col, ConvGeom g, u32 n0, u32 total) { im2col_impl<float>(x, col, g, n0, total); }
KERNEL im2col_f64(const double* x, double* col, ConvGeom g, u32 n0, u32 total) { im2col_impl<double>(x, col, g, n0, total); }

// dx[n0 + ...] (overwritten) = sum over the taps that read each input element of col[row, k].
template <typename T> __device__ void col2im_impl(const T* col, T* dx, ConvGeom g, u32 n0, u32 total) {
  const u32 K = (u32)(g.KD * g.KH * g.KW * g.C);
  GRID_STRIDE(i, total) {
    u32 t = i;
    int c = t % g.C; t /= g.C;
    int ix = t % g.W; t /= g.W;
    int iy = t % g.H; t /= g.H;
    int iz = t % g.D; u32 nl = t / g.D;
    T s = T(0);
    for (int kz = 0; kz < g.KD; kz++) {
      int pz = iz + g.PD - kz * g.DD;
      if (pz < 0 || pz % g.SD) continue;
      int oz = pz / g.SD;
      if (oz >= g.OD) continue;
      for (int ky = 0; ky < g.KH; ky++) {
        int py = iy + g.PH - ky * g.DH;
        if (py < 0 || py % g.SH) continue;
        int oy = py / g.SH;
        if (oy >= g.OH) continue;
        for (int kx = 0; kx < g.KW; kx++) {
          int px = ix + g.PW - kx * g.DW;
          if (px < 0 || px % g.SW) continue;
          int ox = px / g.SW;
          if (ox >= g.OW) continue;
          u64 row = (((u64)nl * g.OD + oz) * g.OH + oy) * g.OW + ox;
          u32 k = ((kz * g.KH + ky) * g.KW + kx) * g.C + c;
          s += col[row * K + k];
        }
      }
    }
    dx[(u64)n0 * g.D * g.H * g.W * g.C + i] = s;
  }
}
KERNEL col2im_f32(const float* col, float* dx, ConvGeom g, u32 n0, u32 total) { col2im_impl<float>(col, dx, g, n0, total); }
KERNEL col2im_f64(const double* col, double* dx, ConvGeom g, u32 n0, u32 total) { col2im_impl<double>(col, dx, g, n0, total); }

// ------------------------------------------------------------------------------------ pooling
// Window of output (n, oz, oy, ox): taps in (kz, ky, kx) order, in-bounds only.
#define FOR_TAPS(g, oz, oy, ox, BODY) \
  for (int kz = 0; kz < g.KD; kz++) { \
    int iz = oz * g.SD - g.PD + kz * g.DD; \
    if (iz < 0 || iz >= g.D) continue; \
    for (int ky = 0; ky < g.KH; ky++) { \
      int iy = oy * g.SH - g.PH + ky * g.DH; \
      if (iy < 0 || iy >= g.H) continue; \
      for (int kx = 0; kx < g.KW; kx++) { \
        int ix = ox * g.SW - g.PW + kx * g.DW; \
        if (ix < 0 || ix >= g.W) continue; \
        BODY \
      } \
    } \
  }

__device__ __forceinline__ void out_coords(const ConvGeom& g, u32 o, int& n, int& oz, int& oy, int& ox) {
  ox = o % g.OW; o /= g.OW;
  oy = o % g.OH; o /= g.OH;
  oz = o % g.OD; n = o / g.OD;
}
__device__ __forceinline__ u64 in_index(const ConvGeom& g, int n, int iz, int iy, int ix, int c) {
  return ((((u64)n * g.D + iz) * g.H + iy) * g.W + ix) * g.C + c;
}

// Index of the first maximum of output pixel o's window, channel c (-1: empty window).
template <typename T> __device__ __forceinline__ long long window_argmax(const T* x, const ConvGeom& g, u32 o, int c) {
  int n, oz, oy, ox;
  out_coords(g, o, n, oz, oy, ox);
  long long arg = -1;
  T best = T(0);
  FOR_TAPS(g, oz, oy, ox, {
    u64 at = in_index(g, n, iz, iy, ix, c);
    T v = x[at];
    if (arg < 0 || v > best) { best = v; arg = (long long)at; }
  })
  return arg;
}

template <typename T> __device__ void maxpool_impl(const T* x, T* y, ConvGeom g, u32 total) {
  GRID_STRIDE(i, total) {
    int c = i % g.C;
    long long a = window_argmax<T>(x, g, i / g.C, c);
    y[i] = a < 0 ? -(T)INFINITY : x[a];
  }
}
KERNEL maxpool_f32(const float* x, float* y, ConvGeom g, u32 total) { maxpool_impl<float>(x, y, g, total); }
KERNEL maxpool_f64(const double* x, double* y, ConvGeom g, u32 total) { maxpool_impl<double>(x, y, g, total); }

template <typename T> __device__ void avgpool_impl(const T* x, T* y, ConvGeom g, u32 total) {
  GRID_STRIDE(i, total) {
    int c = i % g.C, n, oz, oy, ox;
    out_coords(g, i / g.C, n, oz, oy, ox);
    T s = T(0);
    int cnt = 0;
    FOR_TAPS(g, oz, oy, ox, { s += x[in_index(g, n, iz, iy, ix, c)]; cnt++; })
    y[i] = cnt ? s / T(cnt) : T(0);
  }
}
KERNEL avgpool_f32(const float* x, float* y, ConvGeom g, u32 total) { avgpool_impl<float>(x, y, g, total); }
KERNEL avgpool_f64(const double* x, double* y, ConvGeom g, u32 total) { avgpool_impl<double>(x, y, g, total); }

// Visits every output pixel whose window contains input (iz, iy, ix): BODY sees oz, oy, ox.
#define FOR_WINDOWS(g, iz, iy, ix, BODY) \
  for (int kz = 0; kz < g.KD; kz++) { \
    int pz = iz + g.PD - kz * g.DD; \
    if (pz < 0 || pz % g.SD) continue; \
    int oz = pz / g.SD; \
    if (oz >= g.OD) continue; \
    for (int ky = 0; ky < g.KH; ky++) { \
      int py = iy + g.PH - ky * g.DH; \
      if (py < 0 || py % g.SH) continue; \
      int oy = py / g.SH; \
      if (oy >= g.OH) continue; \
      for (int kx = 0; kx < g.KW; kx++) { \
        int px = ix + g.PW - kx * g.DW; \
        if (px < 0 || px % g.SW) continue; \
        int ox = px / g.SW; \
        if (ox >= g.OW) continue; \
        BODY \
      } \
    } \
  }

// MaxPoolGrad as a gather: input element i collects dy of every window whose first maximum it is.
template <typename T> __device__ void maxpool_grad_impl(const T* x, const T* dy, T* dx, ConvGeom g, u32 total) {
  GRID_STRIDE(i, total) {
    u32 t = i;
    int c = t % g.C; t /= g.C;
    int ix = t % g.W; t /= g.W;
    int iy = t % g.H; t /= g.H;
    int iz = t % g.D; int n = t / g.D;
    T s = T(0);
    FOR_WINDOWS(g, iz, iy, ix, {
      u32 o = ((n * g.OD + oz) * g.OH + oy) * g.OW + ox;
      if (window_argmax<T>(x, g, o, c) == (long long)i) s += dy[(u64)o * g.C + c];
    })
    dx[i] = s;
  }
}
KERNEL maxpool_grad_f32(const float* x, const float* dy, float* dx, ConvGeom g, u32 total) { maxpool_grad_impl<float>(x, dy, dx, g, total); }
KERNEL maxpool_grad_f64(const double* x, const double* dy, double* dx, ConvGeom g, u32 total) { maxpool_grad_impl<double>(x, dy, dx, g, total); }

// MaxPoolGradGrad: each output takes grad-of-dx at its window's first maximum.
template <typename T> __device__ void maxpool_gradgrad_impl(const T* x, const T* gg, T* y, ConvGeom g, u32 total) {
  GRID_STRIDE(i, total) {
    long long a = window_argmax<T>(x, g, i / g.C, i % g.C);
    y[i] = a < 0 ? T(0) : gg[a];
  }
}
KERNEL maxpool_gradgrad_f32(const float* x, const float* gg, float* y, ConvGeom g, u32 total) { maxpool_gradgrad_impl<float>(x, gg, y, g, total); }
KERNEL maxpool_gradgrad_f64(const double* x, const double* gg, double* y, ConvGeom g, u32 total) { maxpool_gradgrad_impl<double>(x, gg, y, g, total); }

template <typename T> __device__ void avgpool_grad_impl(const T* dy, T* dx, ConvGeom g, u32 total) {
  GRID_STRIDE(i, total) {
    u32 t = i;
    int c = t % g.C; t /= g.C;
    int ix = t % g.W; t /= g.W;
    int iy = t % g.H; t /= g.H;
    int iz = t % g.D; int n = t / g.D;
    T s = T(0);
    FOR_WINDOWS(g, iz, iy, ix, {
      int cnt = 0;
      FOR_TAPS(g, oz, oy, ox, { cnt++; })
      u32 o = ((n * g.OD + oz) * g.OH + oy) * g.OW + ox;
      s += dy[(u64)o * g.C + c] / T(cnt);
    })
    dx[i] = s;
  }
}
KERNEL avgpool_grad_f32(const float* dy, float* dx, ConvGeom g, u32 total) { avgpool_grad_impl<float>(dy, dx, g, total); }
KERNEL avgpool_grad_f64(const double* dy, double* dx, ConvGeom g, u32 total) { avgpool_grad_impl<double>(dy, dx, g, total); }
