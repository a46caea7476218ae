// Data movement, type-agnostic by element size (b8/b16/b32/b64): strided gather (transpose, slice,
// strided slice, reverse, broadcast_to, tile, split, unpack), strided scatter (concat, pack, pad,
// strided-slice gradient), gather / gather_nd, mirror pad, fills. Plus scatter_nd (adds) and one_hot.
#include "common.cuh"

#define MOVE_KERNELS(B, T) \
  KERNEL gather_strided_##B(const T* x, T* y, u32 n, Strided s) { \
    GRID_STRIDE(i, n) y[i] = x[strided_offset(s, i)]; \
  } \
  KERNEL scatter_strided_##B(const T* x, T* y, u32 n, Strided s) { \
    GRID_STRIDE(i, n) y[strided_offset(s, i)] = x[i]; \
  } \
  KERNEL fill_##B(T* y, u32 n, T v) { \
    GRID_STRIDE(i, n) y[i] = v; \
  } \
  KERNEL gather_##B(const T* p, const void* idx, int idx64, T* y, u32 n, u32 nidx, u32 axis_dim, u32 inner) { \
    GRID_STRIDE(i, n) { \
      u32 in = i % inner, t = i / inner, j = t % nidx, o = t / nidx; \
      long long k = idx64 ? (long long)((const double*)idx)[j] : (long long)((const int*)idx)[j]; \
      y[i] = (k >= 0 && k < (long long)axis_dim) ? p[((u64)o * axis_dim + (u64)k) * inner + in] : T(0); \
    } \
  } \
  KERNEL gather_nd_##B(const T* p, const void* idx, int idx64, T* y, u32 n, u32 slice, Strided d) { \
    GRID_STRIDE(i, n) { \
      u32 e = i % slice, s = i / slice; \
      long long off = 0; \
      int ok = 1; \
      for (int q = 0; q < d.rank; q++) { \
        long long k = idx64 ? (long long)((const double*)idx)[(u64)s * d.rank + q] : (long long)((const int*)idx)[(u64)s * d.rank + q]; \
        if (k < 0 || k >= d.dims[q]) ok = 0; \
        off += k * d.st[q]; \
      } \
      y[i] = ok ? p[off + e] : T(0); \
    } \
  } \
  KERNEL mirror_pad_##B(const T* x, T* y, u32 n, int reflect, Strided out, Strided in, Strided lo) { \
    GRID_STRIDE(i, n) { \
      u32 rem = i; \
      int off = 0; \
      for (int d = out.rank - 1; d >= 0; --d) { \
        int c = (int)(rem % (u32)out.dims[d]); rem /= (u32)out.dims[d]; \
        int id = in.dims[d]; \
        c -= lo.dims[d]; \
        if (c < 0) c = reflect ? -c : -c - 1; \
        else if (c >= id) c = reflect ? 2 * id - 2 - c : 2 * id - 1 - c; \
        off += c * in.st[d]; \
      } \
      y[i] = x[off]; \
    } \
  }
MOVE_KERNELS(b8, u8)
MOVE_KERNELS(b16, u16)
MOVE_KERNELS(b32, u32)
MOVE_KERNELS(b64, u64)

KERNEL fill_f64(double* y, u32 n, double v) {
  GRID_STRIDE(i, n) y[i] = v;
}

// ScatterNd: y (zero-filled by the host) += updates at the indexed slices; duplicates add up.
#define SCATTER_ND(name, T) \
  KERNEL name(const void* idx, int idx64, const T* upd, T* y, u32 n, u32 slice, Strided d) { \
    GRID_STRIDE(i, n) { \
      u32 e = i % slice, s = i / slice; \
      long long off = 0; \
      int ok = 1; \
      for (int q = 0; q < d.rank; q++) { \
        long long k = idx64 ? (long long)((const double*)idx)[(u64)s * d.rank + q] : (long long)((const int*)idx)[(u64)s * d.rank + q]; \
        if (k < 0 || k >= d.dims[q]) ok = 0; \
        off += k * d.st[q]; \
      } \
      if (ok) atomicAdd(&y[off + e], upd[i]); \
    } \
  }
SCATTER_ND(scatter_nd_f32, float)
SCATTER_ND(scatter_nd_f64, double)
SCATTER_ND(scatter_nd_i32, int)

// OneHot along the last axis: y[j, d] = d == idx[j] ? on : off.
KERNEL one_hot_f32(const void* idx, int idx64, float* y, u32 n, u32 depth, float on, float off) {
  GRID_STRIDE(i, n) {
    u32 d = i % depth, j = i / depth;
    long long k = idx64 ? (long long)((const double*)idx)[j] : (long long)((const int*)idx)[j];
    y[i] = (k == (long long)d) ? on : off;
  }
}
