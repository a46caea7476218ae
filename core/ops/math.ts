/**
 * Elementwise math: binary arithmetic with numpy broadcasting, comparisons, logical ops, and
 * unary functions. Each op: TF's op type, inference (dtype check + broadcast), gradient with ops.
 */
import { Tensor } from "../tensor/tensor";
import { NDArray } from "../tensor/ndarray";
import { DType, bool, float32, float64 } from "../tensor/dtypes";
import { broadcastShapes, shapesEqual } from "../tensor/shape";
import { defineOp, runOp, dtypeMismatch, OpDef, GradFn, buildingGraph, ctx } from "../engine/engine";
import { TensorLike, toTensor, toTensorPair, constant } from "./convert";
import { InvalidArgumentError, msg, checkOptions } from "../errors";
import { unbroadcast } from "./grad_util";

/** `name` as TF's last positional argument or an options object. */
export type NameArg = string | { name?: string } | undefined;
export function nameOf(n: NameArg): string | undefined {
  return typeof n === "string" ? n : n?.name;
}

type DTypeRule = (d: DType, op: string) => DType;
const same: DTypeRule = (d) => d;
const toBool: DTypeRule = () => bool;

function requireKinds(kinds: string, what: string): DTypeRule {
  return (d, op) => {
    if (!kinds.includes(d.kind)) {
      throw new InvalidArgumentError(msg(
        `Value for attr 'T' of ${d.name} is not in the list of allowed values for ${op}: ${what}. Cast the input first (tf.cast).`,
        `${op}에는 ${what} 자료형만 쓸 수 있는데 ${d.name}이(가) 들어왔습니다. 먼저 tf.cast로 자료형을 바꾸세요.`,
      ));
    }
    return d;
  };
}
const numeric = requireKinds("fiuc", "numeric types");
const realNumeric = requireKinds("fiu", "real numeric types (no bool, complex or string)");
const floating = requireKinds("fc", "floating-point or complex types");
const realFloat = requireKinds("f", "floating-point types (float16, float32, float64)");
const boolOnly = requireKinds("b", "bool");

export function binaryDef(name: string, rule: DTypeRule, grad?: GradFn, out: DTypeRule = same): OpDef {
  return defineOp({
    name,
    infer(inputs) {
      const [a, b] = inputs;
      if (a.dtype !== b.dtype) throw dtypeMismatch(name, 1, a.dtype, b.dtype);
      rule(a.dtype, name);
      const shape = shapesEqual(a.shape, b.shape) ? a.shape : (broadcastShapes(name, a.shape, b.shape) as number[]);
      return [{ shape, dtype: out(a.dtype, name) }];
    },
    grad,
  });
}

export function unaryDef(name: string, rule: DTypeRule, grad?: GradFn, out: DTypeRule = same): OpDef {
  return defineOp({
    name,
    infer(inputs) {
      const [a] = inputs;
      rule(a.dtype, name);
      return [{ shape: a.shape, dtype: out(a.dtype, name) }];
    },
    grad,
  });
}

function bin(op: string, fn: string, x: TensorLike, y: TensorLike, name?: NameArg): Tensor {
  const [a, b] = toTensorPair(x, y, fn, op);
  return runOp(op, [a, b], {}, nameOf(name))[0];
}
function un(op: string, fn: string, x: TensorLike, name?: NameArg): Tensor {
  return runOp(op, [toTensor(x, fn)], {}, nameOf(name))[0];
}

// ---------------------------------------------------------------- binary arithmetic
// Gradients skip inputs the tape says no source depends on (`needs`, TF's skip_input_indices):
// a dropout mask or a constant divisor gets no gradient computed.
binaryDef("AddV2", numeric, (dys, [a, b], _o, _a, needs) => [
  needs[0] ? unbroadcast(dys[0]!, a) : null, needs[1] ? unbroadcast(dys[0]!, b) : null]);
binaryDef("Sub", numeric, (dys, [a, b], _o, _a, needs) => [
  needs[0] ? unbroadcast(dys[0]!, a) : null, needs[1] ? unbroadcast(negative(dys[0]!), b) : null]);
binaryDef("Mul", numeric, (dys, [a, b], _o, _a, needs) => [
  needs[0] ? unbroadcast(multiply(dys[0]!, conjIfComplex(b)), a) : null,
  needs[1] ? unbroadcast(multiply(conjIfComplex(a), dys[0]!), b) : null,
]);
binaryDef("RealDiv", floating, (dys, [a, b], _o, _a, needs) => [
  needs[0] ? unbroadcast(divide(dys[0]!, b), a) : null,
  needs[1] ? unbroadcast(negative(multiply(dys[0]!, divide(divide(a, b), b))), b) : null,
]);
// Integer division: TF's `Div` on ints rounds toward zero (C semantics), used by tf.compat.v1.div.
binaryDef("Div", numeric, (dys, [a, b]) => [
  unbroadcast(divide(dys[0]!, b), a),
  unbroadcast(negative(multiply(dys[0]!, divide(divide(a, b), b))), b),
]);
binaryDef("FloorDiv", realNumeric);
binaryDef("FloorMod", realNumeric, (dys, [a, b]) => [
  unbroadcast(dys[0]!, a),
  unbroadcast(multiply(dys[0]!, negative(floordiv(a, b))), b),
]);
binaryDef("Pow", numeric, (dys, [a, b], [z]) => {
  const dy = dys[0]!;
  // d/da a^b = b a^(b-1);  d/db a^b = a^b log(a) (0 where a <= 0, as TF does)
  const da = multiply(dy, multiply(b, pow(a, subtract(b, onesLike(b)))));
  const safeLog = where(greater(a, zerosLike(a)), log(where(greater(a, zerosLike(a)), a, onesLike(a))), zerosLike(a));
  const db = multiply(dy, multiply(z, safeLog));
  return [unbroadcast(da, a), unbroadcast(db, b)];
});
binaryDef("Maximum", realNumeric, (dys, [a, b]) => {
  const m = greater_equal(a, b);
  const dy = dys[0]!;
  const z = zerosLike(dy);
  return [unbroadcast(where(m, dy, z), a), unbroadcast(where(m, z, dy), b)];
});
binaryDef("Minimum", realNumeric, (dys, [a, b]) => {
  const m = less_equal(a, b);
  const dy = dys[0]!;
  const z = zerosLike(dy);
  return [unbroadcast(where(m, dy, z), a), unbroadcast(where(m, z, dy), b)];
});
binaryDef("SquaredDifference", numeric, (dys, [a, b]) => {
  const g = multiply(dys[0]!, multiply(scalarLike(2, a), subtract(a, b)));
  return [unbroadcast(g, a), unbroadcast(negative(g), b)];
});
binaryDef("Atan2", realFloat, (dys, [y, x]) => {
  const den = add(square(x), square(y));
  return [unbroadcast(multiply(dys[0]!, divide(x, den)), y), unbroadcast(multiply(dys[0]!, negative(divide(y, den))), x)];
});

// ---------------------------------------------------------------- comparisons and logic
for (const n of ["Equal", "NotEqual"]) binaryDef(n, (d) => d, undefined, toBool);
for (const n of ["Less", "LessEqual", "Greater", "GreaterEqual"]) binaryDef(n, realNumeric, undefined, toBool);
for (const n of ["LogicalAnd", "LogicalOr"]) binaryDef(n, boolOnly);
unaryDef("LogicalNot", boolOnly);

/** `tf.add(x, y, name=None)` */
export function add(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("AddV2", "add", x, y, name); }
/** `tf.subtract(x, y, name=None)` */
export function subtract(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("Sub", "subtract", x, y, name); }
/** `tf.multiply(x, y, name=None)` */
export function multiply(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("Mul", "multiply", x, y, name); }

/** Integer dtypes: [min, max, truediv's float type]. */
const INT_RANGE: Record<string, [number, number, DType] | undefined> = {
  uint8: [0, 255, float32], int8: [-128, 127, float32], int16: [-32768, 32767, float32],
  int32: [-2147483648, 2147483647, float64], int64: [-(2 ** 53), 2 ** 53, float64],
};
/** TF's truediv table: small ints -> float32, int32/int64 -> float64. */
function truedivCast(t: Tensor): Tensor {
  const n = t.dtype.name;
  if (n === "uint8" || n === "int8" || n === "int16") return cast(t, float32);
  if (n === "int32" || n === "int64") return cast(t, float64);
  return t;
}
/** `tf.math.truediv(x, y, name=None)`: integer inputs are cast to float first (TF's table). */
export function truediv(x: TensorLike, y: TensorLike, name?: NameArg): Tensor {
  let ca: Tensor, cb: Tensor, a: Tensor | null = null;
  const small = x instanceof NDArray && typeof y === "number" ? INT_RANGE[x.dtype.name] : undefined;
  if (small && Number.isInteger(y) && (y as number) >= small[0] && (y as number) <= small[1]) {
    // An integer host array over an integer-valued number (`x_train_u8 / 255.0`): the same values
    // as converting both to the array's dtype and casting, without the integer copy in between.
    const d = small[2];
    ca = constant(x, d); cb = constant(y as number, d);
  } else {
    const p = toTensorPair(x, y, "truediv", "RealDiv");
    a = p[0];
    ca = truedivCast(p[0]); cb = truedivCast(p[1]);
  }
  if (ca === a || buildingGraph() || ctx.tapes.length > 0) return runOp("RealDiv", [ca, cb], {}, nameOf(name))[0];
  // The cast is ours alone (no graph, no tape keeps it): kernels that can may write the quotient
  // over it (TF's buffer forwarding), so `uint8_images / 255` holds one float copy, not two.
  const r = runOp("RealDiv", [ca, cb], { forward_input: 0 }, nameOf(name))[0];
  ca.dispose();
  return r;
}
/** `tf.divide(x, y, name=None)` (Python's `/`): truediv. */
export function divide(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return truediv(x, y, name); }
/** `tf.math.floordiv(x, y, name=None)` (Python's `//`). */
export function floordiv(x: TensorLike, y: TensorLike, name?: NameArg): Tensor {
  const [a, b] = toTensorPair(x, y, "floordiv", "FloorDiv");
  if (a.dtype.kind === "f") return floor(runOp("RealDiv", [a, b], {})[0], name);
  return runOp("FloorDiv", [a, b], {}, nameOf(name))[0];
}
/** `tf.math.floormod` / `tf.math.mod` (Python's `%`: result has the sign of the divisor). */
export function floormod(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("FloorMod", "floormod", x, y, name); }
export const mod = floormod;
/** `tf.pow(x, y, name=None)` */
export function pow(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("Pow", "pow", x, y, name); }
/** `tf.maximum(x, y, name=None)` */
export function maximum(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("Maximum", "maximum", x, y, name); }
/** `tf.minimum(x, y, name=None)` */
export function minimum(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("Minimum", "minimum", x, y, name); }
/** `tf.math.squared_difference(x, y, name=None)` */
export function squared_difference(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("SquaredDifference", "squared_difference", x, y, name); }
/** `tf.math.atan2(y, x, name=None)` */
export function atan2(y: TensorLike, x: TensorLike, name?: NameArg): Tensor { return bin("Atan2", "atan2", y, x, name); }

export function equal(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("Equal", "equal", x, y, name); }
export function not_equal(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("NotEqual", "not_equal", x, y, name); }
export function less(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("Less", "less", x, y, name); }
export function less_equal(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("LessEqual", "less_equal", x, y, name); }
export function greater(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("Greater", "greater", x, y, name); }
export function greater_equal(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("GreaterEqual", "greater_equal", x, y, name); }
export function logical_and(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("LogicalAnd", "logical_and", x, y, name); }
export function logical_or(x: TensorLike, y: TensorLike, name?: NameArg): Tensor { return bin("LogicalOr", "logical_or", x, y, name); }
export function logical_not(x: TensorLike, name?: NameArg): Tensor { return un("LogicalNot", "logical_not", x, name); }
export function logical_xor(x: TensorLike, y: TensorLike, name?: NameArg): Tensor {
  return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name);
}

// ---------------------------------------------------------------- unary
/** d/dx f(x) = dy * f'(x), with f' written in ops. */
function chain(deriv: (x: Tensor, y: Tensor) => Tensor): GradFn {
  return (dys, [x], [y]) => [multiply(dys[0]!, deriv(x, y))];
}
unaryDef("Neg", numeric, (dys) => [negative(dys[0]!)]);
unaryDef("Abs", numeric, chain((x) => sign(x)));
unaryDef("Sign", numeric, (dys) => [zerosLike(dys[0]!)]);
unaryDef("Sqrt", floating, (dys, _x, [y]) => [divide(dys[0]!, multiply(scalarLike(2, y), y))]);
unaryDef("Rsqrt", floating, (dys, _x, [y]) => [multiply(dys[0]!, multiply(scalarLike(-0.5, y), pow(y, scalarLike(3, y))))]);
unaryDef("Square", numeric, chain((x) => multiply(scalarLike(2, x), x)));
unaryDef("Exp", floating, (dys, _x, [y]) => [multiply(dys[0]!, y)]);
unaryDef("Expm1", floating, (dys, _x, [y]) => [multiply(dys[0]!, add(y, onesLike(y)))]);
unaryDef("Log", floating, (dys, [x]) => [divide(dys[0]!, x)]);
unaryDef("Log1p", floating, (dys, [x]) => [divide(dys[0]!, add(x, onesLike(x)))]);
unaryDef("Sin", floating, chain((x) => cos(x)));
unaryDef("Cos", floating, chain((x) => negative(sin(x))));
unaryDef("Tan", floating, chain((x) => add(onesLike(x), square(tan(x)))));
unaryDef("Asin", realFloat, chain((x) => rsqrt(subtract(onesLike(x), square(x)))));
unaryDef("Acos", realFloat, chain((x) => negative(rsqrt(subtract(onesLike(x), square(x))))));
unaryDef("Atan", realFloat, chain((x) => reciprocal(add(onesLike(x), square(x)))));
unaryDef("Sinh", floating, chain((x) => cosh(x)));
unaryDef("Cosh", floating, chain((x) => sinh(x)));
unaryDef("Tanh", floating, (dys, _x, [y]) => [multiply(dys[0]!, subtract(onesLike(y), square(y)))]);
unaryDef("Asinh", realFloat, chain((x) => rsqrt(add(square(x), onesLike(x)))));
unaryDef("Acosh", realFloat, chain((x) => rsqrt(subtract(square(x), onesLike(x)))));
unaryDef("Atanh", realFloat, chain((x) => reciprocal(subtract(onesLike(x), square(x)))));
unaryDef("Sigmoid", floating, (dys, _x, [y]) => [multiply(dys[0]!, multiply(y, subtract(onesLike(y), y)))]);
unaryDef("Erf", realFloat, chain((x) => multiply(scalarLike(2 / Math.sqrt(Math.PI), x), exp(negative(square(x))))));
unaryDef("Erfc", realFloat, chain((x) => multiply(scalarLike(-2 / Math.sqrt(Math.PI), x), exp(negative(square(x))))));
unaryDef("Reciprocal", floating, (dys, _x, [y]) => [negative(multiply(dys[0]!, square(y)))]);
unaryDef("Softplus", realFloat, chain((x) => sigmoid(x)));
unaryDef("Softsign", realFloat, chain((x) => reciprocal(square(add(onesLike(x), abs(x))))));
for (const n of ["Floor", "Ceil", "Round", "Rint"]) unaryDef(n, realNumeric, (dys) => [zerosLike(dys[0]!)]);
for (const n of ["IsNan", "IsInf", "IsFinite"]) unaryDef(n, realFloat, undefined, toBool);

export function negative(x: TensorLike, name?: NameArg): Tensor { return un("Neg", "negative", x, name); }
export function abs(x: TensorLike, name?: NameArg): Tensor {
  const t = toTensor(x, "abs");
  if (t.dtype.kind === "c") return runOp("ComplexAbs", [t], { Tout: t.dtype.real_dtype }, nameOf(name))[0];
  return runOp("Abs", [t], {}, nameOf(name))[0];
}
export function sign(x: TensorLike, name?: NameArg): Tensor { return un("Sign", "sign", x, name); }
export function sqrt(x: TensorLike, name?: NameArg): Tensor { return un("Sqrt", "sqrt", x, name); }
export function rsqrt(x: TensorLike, name?: NameArg): Tensor { return un("Rsqrt", "rsqrt", x, name); }
export function square(x: TensorLike, name?: NameArg): Tensor { return un("Square", "square", x, name); }
export function exp(x: TensorLike, name?: NameArg): Tensor { return un("Exp", "exp", x, name); }
export function expm1(x: TensorLike, name?: NameArg): Tensor { return un("Expm1", "expm1", x, name); }
export function log(x: TensorLike, name?: NameArg): Tensor { return un("Log", "log", x, name); }
export function log1p(x: TensorLike, name?: NameArg): Tensor { return un("Log1p", "log1p", x, name); }
export function sin(x: TensorLike, name?: NameArg): Tensor { return un("Sin", "sin", x, name); }
export function cos(x: TensorLike, name?: NameArg): Tensor { return un("Cos", "cos", x, name); }
export function tan(x: TensorLike, name?: NameArg): Tensor { return un("Tan", "tan", x, name); }
export function asin(x: TensorLike, name?: NameArg): Tensor { return un("Asin", "asin", x, name); }
export function acos(x: TensorLike, name?: NameArg): Tensor { return un("Acos", "acos", x, name); }
export function atan(x: TensorLike, name?: NameArg): Tensor { return un("Atan", "atan", x, name); }
export function sinh(x: TensorLike, name?: NameArg): Tensor { return un("Sinh", "sinh", x, name); }
export function cosh(x: TensorLike, name?: NameArg): Tensor { return un("Cosh", "cosh", x, name); }
export function tanh(x: TensorLike, name?: NameArg): Tensor { return un("Tanh", "tanh", x, name); }
export function asinh(x: TensorLike, name?: NameArg): Tensor { return un("Asinh", "asinh", x, name); }
export function acosh(x: TensorLike, name?: NameArg): Tensor { return un("Acosh", "acosh", x, name); }
export function atanh(x: TensorLike, name?: NameArg): Tensor { return un("Atanh", "atanh", x, name); }
export function sigmoid(x: TensorLike, name?: NameArg): Tensor { return un("Sigmoid", "sigmoid", x, name); }
export function erf(x: TensorLike, name?: NameArg): Tensor { return un("Erf", "erf", x, name); }
export function erfc(x: TensorLike, name?: NameArg): Tensor { return un("Erfc", "erfc", x, name); }
export function reciprocal(x: TensorLike, name?: NameArg): Tensor { return un("Reciprocal", "reciprocal", x, name); }
export function softplus(x: TensorLike, name?: NameArg): Tensor { return un("Softplus", "softplus", x, name); }
export function softsign(x: TensorLike, name?: NameArg): Tensor { return un("Softsign", "softsign", x, name); }
export function floor(x: TensorLike, name?: NameArg): Tensor { return un("Floor", "floor", x, name); }
export function ceil(x: TensorLike, name?: NameArg): Tensor { return un("Ceil", "ceil", x, name); }
/** `tf.round`: half to even (banker's rounding), like TF. */
export function round(x: TensorLike, name?: NameArg): Tensor { return un("Round", "round", x, name); }
export function rint(x: TensorLike, name?: NameArg): Tensor { return un("Rint", "rint", x, name); }
export function is_nan(x: TensorLike, name?: NameArg): Tensor { return un("IsNan", "is_nan", x, name); }
export function is_inf(x: TensorLike, name?: NameArg): Tensor { return un("IsInf", "is_inf", x, name); }
export function is_finite(x: TensorLike, name?: NameArg): Tensor { return un("IsFinite", "is_finite", x, name); }

// ---------------------------------------------------------------- cast, where, clip
defineOp({
  name: "Cast",
  infer([x], { DstT }) { return [{ shape: x.shape, dtype: DstT }]; },
  grad(dys, [x]) {
    if (!(x.dtype.kind === "f" || x.dtype.kind === "c") || !(dys[0]!.dtype.kind === "f" || dys[0]!.dtype.kind === "c")) return [null];
    return [cast(dys[0]!, x.dtype)];
  },
});
/** `tf.cast(x, dtype, name=None)` */
export function cast(x: TensorLike, dtype: DType | import("../tensor/dtypes").DTypeLike | { dtype?: DType | import("../tensor/dtypes").DTypeLike; name?: string }, name?: NameArg): Tensor {
  const t = toTensor(x, "cast");
  if (dtype != null && typeof dtype === "object" && !(dtype instanceof DType)) {
    checkOptions("cast", dtype, ["dtype", "name"]);
    name = dtype.name;
    dtype = dtype.dtype as DType;
    if (dtype == null) throw new TypeError(msg("cast() missing required argument 'dtype'.", "cast()에 필수 인자 'dtype'이 없습니다."));
  }
  const d = dtypeOf(dtype);
  if (t.dtype === d) return t;
  return runOp("Cast", [t], { DstT: d, SrcT: t.dtype }, nameOf(name))[0];
}
import { asDType } from "../tensor/dtypes";
function dtypeOf(d: unknown): DType { return asDType(d as DType); }

defineOp({
  name: "SelectV2",
  infer([c, a, b]) {
    if (c.dtype !== bool) {
      throw new InvalidArgumentError(msg(
        `where: condition must be a bool tensor, got ${c.dtype.name}. Compare first, e.g. tf.greater(x, 0).`,
        `where: 조건(condition)은 bool 텐서여야 하는데 ${c.dtype.name}입니다. tf.greater(x, 0)처럼 비교 결과를 넣으세요.`,
      ));
    }
    if (a.dtype !== b.dtype) throw dtypeMismatch("SelectV2", 2, a.dtype, b.dtype);
    const s1 = broadcastShapes("SelectV2", c.shape, a.shape);
    return [{ shape: broadcastShapes("SelectV2", s1, b.shape) as number[], dtype: a.dtype }];
  },
  grad(dys, [c, a, b], _outs, _attrs, needs) {
    // Only the branches that need a gradient (dropout's zero branch is a constant); a scalar zero
    // broadcasts like TF's where_v2 would, so no zero tensor of dy's size is made.
    const dy = dys[0]!, z = scalarLike(0, dy);
    return [null, needs[1] ? unbroadcast(where(c, dy, z), a) : null, needs[2] ? unbroadcast(where(c, z, dy), b) : null];
  },
});
/**
 * `tf.where(condition, x=None, y=None, name=None)`: elementwise select with broadcasting; with
 * only `condition`, the coordinates of true elements ([n, rank] int64).
 */
export function where(condition: TensorLike, x?: TensorLike | null, y?: TensorLike | null, name?: NameArg): Tensor {
  const c = toTensor(condition, "where");
  if (x == null && y == null) return runOp("Where", [c], {}, nameOf(name))[0];
  if (x == null || y == null) {
    throw new InvalidArgumentError(msg("where: x and y must both be given, or neither.", "where: x와 y를 둘 다 주거나 둘 다 생략해야 합니다."));
  }
  const [a, b] = toTensorPair(x, y, "where", "SelectV2");
  return runOp("SelectV2", [c, a, b], {}, nameOf(name))[0];
}

/** `tf.clip_by_value(t, clip_value_min, clip_value_max, name=None)` */
export function clip_by_value(t: TensorLike, clip_value_min: TensorLike, clip_value_max: TensorLike, name?: NameArg): Tensor {
  const x = toTensor(t, "clip_by_value");
  return minimum(maximum(x, toTensor(clip_value_min, "clip_by_value", x.dtype)), toTensor(clip_value_max, "clip_by_value", x.dtype), name);
}

// ---------------------------------------------------------------- small helpers used by gradients
defineOp({
  name: "ZerosLike",
  infer([x]) { return [{ shape: x.shape, dtype: x.dtype }]; },
  grad: () => [null],
});
defineOp({
  name: "OnesLike",
  infer([x]) { return [{ shape: x.shape, dtype: x.dtype }]; },
  grad: () => [null],
});
export function zerosLike(x: Tensor): Tensor { return runOp("ZerosLike", [x], {})[0]; }
export function onesLike(x: Tensor): Tensor { return runOp("OnesLike", [x], {})[0]; }
/** A scalar of value `v` in `like`'s dtype. */
export function scalarLike(v: number, like: Tensor): Tensor {
  return toTensor(v, "scalar", like.dtype);
}
function conjIfComplex(x: Tensor): Tensor {
  return x.dtype.kind === "c" ? runOp("Conj", [x], {})[0] : x;
}
