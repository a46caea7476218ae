// Operation codes passed to the generic kernels. scripts/gen_ptx.mjs copies every `#define NAME N`
// of this file into the generated TypeScript (core/backends/cuda/ptx.generated.ts), so both sides
// always agree.
#pragma once

// unary_f32 / unary_f64 (float math); the *_i32 variant accepts NEG ABS SIGN SQUARE
#define UOP_NEG 0
#define UOP_ABS 1
#define UOP_SIGN 2
#define UOP_SQRT 3
#define UOP_RSQRT 4
#define UOP_SQUARE 5
#define UOP_EXP 6
#define UOP_EXPM1 7
#define UOP_LOG 8
#define UOP_LOG1P 9
#define UOP_SIN 10
#define UOP_COS 11
#define UOP_TAN 12
#define UOP_ASIN 13
#define UOP_ACOS 14
#define UOP_ATAN 15
#define UOP_SINH 16
#define UOP_COSH 17
#define UOP_TANH 18
#define UOP_ASINH 19
#define UOP_ACOSH 20
#define UOP_ATANH 21
#define UOP_SIGMOID 22
#define UOP_ERF 23
#define UOP_ERFC 24
#define UOP_RECIPROCAL 25
#define UOP_SOFTPLUS 26
#define UOP_SOFTSIGN 27
#define UOP_FLOOR 28
#define UOP_CEIL 29
#define UOP_ROUND 30
#define UOP_RELU 31
#define UOP_RELU6 32
#define UOP_ELU 33
#define UOP_SELU 34
#define UOP_LEAKY_RELU 35

// unary_pred_* (-> bool)
#define PRED_ISNAN 0
#define PRED_ISINF 1
#define PRED_ISFINITE 2

// binary_* (same dtype out)
#define BOP_ADD 0
#define BOP_SUB 1
#define BOP_MUL 2
#define BOP_DIV 3
#define BOP_FLOORDIV 4
#define BOP_FLOORMOD 5
#define BOP_MAX 6
#define BOP_MIN 7
#define BOP_POW 8
#define BOP_SQDIFF 9
#define BOP_ATAN2 10
#define BOP_RELUGRAD 11

// compare_* (-> bool)
#define CMP_EQ 0
#define CMP_NE 1
#define CMP_LT 2
#define CMP_LE 3
#define CMP_GT 4
#define CMP_GE 5
#define CMP_AND 6
#define CMP_OR 7

// reduce_*
#define ROP_SUM 0
#define ROP_MEAN 1
#define ROP_PROD 2
#define ROP_MAX 3
#define ROP_MIN 4
#define ROP_ALL 5
#define ROP_ANY 6
#define ROP_L2 7
// reduce flags
#define RFLAG_PRE 1
#define RFLAG_POST 2

// cast storage codes
#define ST_F32 0
#define ST_F64 1
#define ST_I32 2
#define ST_U8 3
#define ST_I16 4
#define ST_I8 5
#define ST_I64 6
#define ST_BOOL 7
