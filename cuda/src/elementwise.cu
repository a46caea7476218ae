// Elementwise kernels: unary math, predicates, broadcasting binary ops, comparisons, select, cast.
// Semantics follow the cpu backend (core/backends/cpu/kernels/math.ts, nn.ts).
#include "common.cuh"
#include "opcodes.h"

#define SELU_ALPHA 1.6732632423543772848170429916717
#define SELU_SCALE 1.0507009873554804934193349852946

template <typename T> __device__ __forceinline__ T unary_op(int op, T x, T alpha) {
  switch (op) {
    case UOP_NEG: return -x;
    case UOP_ABS: return m_fabs(x);
    case UOP_SIGN: return is_nan(x) ? x : x > T(0) ? T(1) : x < T(0) ? T(-1) : T(0);
    case UOP_SQRT: return m_sqrt(x);
    case UOP_RSQRT: return T(1) / m_sqrt(x);
    case UOP_SQUARE: return x * x;
    case UOP_EXP: return m_exp(x);
    case UOP_EXPM1: return m_expm1(x);
    case UOP_LOG: return m_log(x);
    case UOP_LOG1P: return m_log1p(x);
    case UOP_SIN: return m_sin(x);
    case UOP_COS: return m_cos(x);
    case UOP_TAN: return m_tan(x);
    case UOP_ASIN: return m_asin(x);
    case UOP_ACOS: return m_acos(x);
    case UOP_ATAN: return m_atan(x);
    case UOP_SINH: return m_sinh(x);
    case UOP_COSH: return m_cosh(x);
    case UOP_TANH: return m_tanh(x);
    case UOP_ASINH: return m_asinh(x);
    case UOP_ACOSH: return m_acosh(x);
    case UOP_ATANH: return m_atanh(x);
    case UOP_SIGMOID: {
      if (x >= T(0)) return T(1) / (T(1) + m_exp(-x));
      T e = m_exp(x);
      return e / (T(1) + e);
    }
    case UOP_ERF: return m_erf(x);
    case UOP_ERFC: return m_erfc(x);
    case UOP_RECIPROCAL: return T(1) / x;
    case UOP_SOFTPLUS: return x > T(0) ? x + m_log1p(m_exp(-x)) : m_log1p(m_exp(x));
    case UOP_SOFTSIGN: return x / (T(1) + m_fabs(x));
    case UOP_FLOOR: return m_floor(x);
    case UOP_CEIL: return m_ceil(x);
    case UOP_ROUND: return m_rint(x);  // half to even (the default rounding mode)
    case UOP_RELU: return x > T(0) ? x : is_nan(x) ? x : T(0);
    case UOP_RELU6: return is_nan(x) ? x : x < T(0) ? T(0) : x > T(6) ? T(6) : x;
    case UOP_ELU: return x > T(0) ? x : m_expm1(x);
    case UOP_SELU: return x > T(0) ? T(SELU_SCALE) * x : T(SELU_SCALE * SELU_ALPHA) * m_expm1(x);
    case UOP_LEAKY_RELU: return x > T(0) ? x : x * alpha;
  }
  return x;
}

KERNEL unary_f32(int op, const float* x, float* y, u32 n, float alpha) {
  GRID_STRIDE(i, n) y[i] = unary_op<float>(op, x[i], alpha);
}
KERNEL unary_f64(int op, const double* x, double* y, u32 n, double alpha) {
  GRID_STRIDE(i, n) y[i] = unary_op<double>(op, x[i], alpha);
}
KERNEL unary_i32(int op, const int* x, int* y, u32 n) {
  GRID_STRIDE(i, n) {
    int v = x[i];
    int r = v;
    switch (op) {
      case UOP_NEG: r = (int)(0u - (u32)v); break;
      case UOP_ABS: r = v < 0 ? (int)(0u - (u32)v) : v; break;
      case UOP_SIGN: r = v > 0 ? 1 : v < 0 ? -1 : 0; break;
      case UOP_SQUARE: r = (int)((u32)v * (u32)v); break;
      case UOP_RELU: r = v > 0 ? v : 0; break;
    }
    y[i] = r;
  }
}

template <typename T> __device__ __forceinline__ u8 pred_op(int op, T x) {
  switch (op) {
    case PRED_ISNAN: return is_nan(x);
    case PRED_ISINF: return !is_nan(x) && is_nan(x - x);
    case PRED_ISFINITE: return !is_nan(x - x);
  }
  return 0;
}
KERNEL unary_pred_f32(int op, const float* x, u8* y, u32 n) {
  GRID_STRIDE(i, n) y[i] = pred_op<float>(op, x[i]);
}
KERNEL unary_pred_f64(int op, const double* x, u8* y, u32 n) {
  GRID_STRIDE(i, n) y[i] = pred_op<double>(op, x[i]);
}
KERNEL logical_not(const u8* x, u8* y, u32 n) {
  GRID_STRIDE(i, n) y[i] = x[i] ? 0 : 1;
}

// ------------------------------------------------------------------------------------ binary
template <typename T> __device__ __forceinline__ T binary_op(int op, T a, T b) {
  switch (op) {
    case BOP_ADD: return a + b;
    case BOP_SUB: return a - b;
    case BOP_MUL: return a * b;
    case BOP_DIV: return a / b;
    case BOP_FLOORDIV: return m_floor(a / b);
    case BOP_FLOORMOD: {
      T r = m_fmod(a, b);
      return (r != T(0) && ((r < T(0)) != (b < T(0)))) ? r + b : r;
    }
    case BOP_MAX: return (is_nan(a) || is_nan(b)) ? (a + b) : (a >= b ? a : b);
    case BOP_MIN: return (is_nan(a) || is_nan(b)) ? (a + b) : (a <= b ? a : b);
    case BOP_POW: return m_pow(a, b);
    case BOP_SQDIFF: { T d = a - b; return d * d; }
    case BOP_ATAN2: return m_atan2(a, b);
    case BOP_RELUGRAD: return b > T(0) ? a : T(0);
  }
  return a;
}

// Integer semantics of the cpu backend: wrap modulo 2^32, division truncates (0 for /0),
// FloorDiv/FloorMod follow Python.
__device__ __forceinline__ int binary_i32(int op, int a, int b) {
  switch (op) {
    case BOP_ADD: return (int)((u32)a + (u32)b);
    case BOP_SUB: return (int)((u32)a - (u32)b);
    case BOP_MUL: return (int)((u32)a * (u32)b);
    case BOP_DIV:
      if (b == 0) return 0;
      if (b == -1) return (int)(0u - (u32)a);
      return a / b;
    case BOP_FLOORDIV: {
      if (b == 0) return 0;
      if (b == -1) return (int)(0u - (u32)a);
      int q = a / b;
      if ((a % b != 0) && ((a < 0) != (b < 0))) q -= 1;
      return q;
    }
    case BOP_FLOORMOD: {
      if (b == 0 || b == -1) return 0;
      int r = a % b;
      return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
    }
    case BOP_MAX: return a >= b ? a : b;
    case BOP_MIN: return a <= b ? a : b;
    case BOP_POW: {
      if (b < 0) return a == 1 ? 1 : a == -1 ? ((b & 1) ? -1 : 1) : 0;
      u32 r = 1, base = (u32)a;
      int e = b;
      while (e) { if (e & 1) r *= base; base *= base; e >>= 1; }
      return (int)r;
    }
    case BOP_SQDIFF: { u32 d = (u32)a - (u32)b; return (int)(d * d); }
    case BOP_RELUGRAD: return b > 0 ? a : 0;
  }
  return a;
}

KERNEL binary_f32(int op, const float* a, const float* b, float* y, u32 n, Bcast bc) {
  GRID_STRIDE(i, n) { u32 ia, ib, ic; bcast_index(bc, i, ia, ib, ic); y[i] = binary_op<float>(op, a[ia], b[ib]); }
}
KERNEL binary_f64(int op, const double* a, const double* b, double* y, u32 n, Bcast bc) {
  GRID_STRIDE(i, n) { u32 ia, ib, ic; bcast_index(bc, i, ia, ib, ic); y[i] = binary_op<double>(op, a[ia], b[ib]); }
}
KERNEL binary_i32(int op, const int* a, const int* b, int* y, u32 n, Bcast bc) {
  GRID_STRIDE(i, n) { u32 ia, ib, ic; bcast_index(bc, i, ia, ib, ic); y[i] = binary_i32(op, a[ia], b[ib]); }
}

template <typename T> __device__ __forceinline__ u8 compare_op(int op, T a, T b) {
  switch (op) {
    case CMP_EQ: return a == b;
    case CMP_NE: return a != b;
    case CMP_LT: return a < b;
    case CMP_LE: return a <= b;
    case CMP_GT: return a > b;
    case CMP_GE: return a >= b;
    case CMP_AND: return (a != T(0)) && (b != T(0));
    case CMP_OR: return (a != T(0)) || (b != T(0));
  }
  return 0;
}
KERNEL compare_f32(int op, const float* a, const float* b, u8* y, u32 n, Bcast bc) {
  GRID_STRIDE(i, n) { u32 ia, ib, ic; bcast_index(bc, i, ia, ib, ic); y[i] = compare_op<float>(op, a[ia], b[ib]); }
}
KERNEL compare_f64(int op, const double* a, const double* b, u8* y, u32 n, Bcast bc) {
  GRID_STRIDE(i, n) { u32 ia, ib, ic; bcast_index(bc, i, ia, ib, ic); y[i] = compare_op<double>(op, a[ia], b[ib]); }
}
KERNEL compare_i32(int op, const int* a, const int* b, u8* y, u32 n, Bcast bc) {
  GRID_STRIDE(i, n) { u32 ia, ib, ic; bcast_index(bc, i, ia, ib, ic); y[i] = compare_op<int>(op, a[ia], b[ib]); }
}
KERNEL compare_u8(int op, const u8* a, const u8* b, u8* y, u32 n, Bcast bc) {
  GRID_STRIDE(i, n) { u32 ia, ib, ic; bcast_index(bc, i, ia, ib, ic); y[i] = compare_op<int>(op, (int)a[ia], (int)b[ib]); }
}

// SelectV2(cond, a, b): type-agnostic by element size. Bcast: sa -> a, sb -> b, sc -> cond.
#define SELECT(name, T) \
  KERNEL name(const u8* c, const T* a, const T* b, T* y, u32 n, Bcast bc) { \
    GRID_STRIDE(i, n) { u32 ia, ib, ic; bcast_index(bc, i, ia, ib, ic); y[i] = c[ic] ? a[ia] : b[ib]; } \
  }
SELECT(select_b8, u8)
SELECT(select_b16, u16)
SELECT(select_b32, u32)
SELECT(select_b64, u64)

// AddN: y = x0 + x1 + ... in chunks of up to 8 operands (the host chains calls for more).
#define ADDN(name, T) \
  KERNEL name(int k, int accumulate, const T* x0, const T* x1, const T* x2, const T* x3, const T* x4, const T* x5, const T* x6, const T* x7, T* y, u32 n) { \
    GRID_STRIDE(i, n) { \
      T s = accumulate ? y[i] : T(0); \
      s += x0[i]; \
      if (k > 1) s += x1[i]; if (k > 2) s += x2[i]; if (k > 3) s += x3[i]; if (k > 4) s += x4[i]; \
      if (k > 5) s += x5[i]; if (k > 6) s += x6[i]; if (k > 7) s += x7[i]; \
      y[i] = s; \
    } \
  }
ADDN(addn_f32, float)
ADDN(addn_f64, double)

// ------------------------------------------------------------------------------------ cast
// The cpu backend's castArray: to float: value; to int32: trunc, wrap mod 2^32, NaN and -inf ->
// INT_MIN, +inf -> INT_MAX; to uint8/int16/int8: trunc, wrap, non-finite -> 0; to int64 (stored as
// float64): trunc; to bool: x != 0.
__device__ __forceinline__ double load_as_double(int st, const void* x, u32 i) {
  switch (st) {
    case ST_F32: return (double)((const float*)x)[i];
    case ST_F64: case ST_I64: return ((const double*)x)[i];
    case ST_I32: return (double)((const int*)x)[i];
    case ST_U8: case ST_BOOL: return (double)((const u8*)x)[i];
    case ST_I16: return (double)((const short*)x)[i];
    case ST_I8: return (double)((const signed char*)x)[i];
  }
  return 0.0;
}
__device__ __forceinline__ u32 wrap32(double v) {
  double t = trunc(v);
  double m = fmod(t, 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return (u32)m;
}
KERNEL cast(int st, int dt, const void* x, void* y, u32 n) {
  GRID_STRIDE(i, n) {
    double v = load_as_double(st, x, i);
    bool finite = !(v != v) && !((v - v) != (v - v));
    switch (dt) {
      case ST_F32: ((float*)y)[i] = (float)v; break;
      case ST_F64: ((double*)y)[i] = v; break;
      case ST_I64: ((double*)y)[i] = trunc(v); break;
      case ST_I32: ((int*)y)[i] = finite ? (int)wrap32(v) : (v > 0 ? 2147483647 : (-2147483647 - 1)); break;
      case ST_U8: ((u8*)y)[i] = finite ? (u8)(wrap32(v) & 0xff) : 0; break;
      case ST_I16: ((short*)y)[i] = finite ? (short)(wrap32(v) & 0xffff) : 0; break;
      case ST_I8: ((signed char*)y)[i] = finite ? (signed char)(wrap32(v) & 0xff) : 0; break;
      case ST_BOOL: ((u8*)y)[i] = v != 0.0 ? 1 : 0; break;
    }
  }
}
