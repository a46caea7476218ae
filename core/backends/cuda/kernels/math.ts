/**
 * cuda kernels: elementwise unary and binary math, comparisons, logical ops, select, cast, AddN,
 * zeros/ones. float32/float64 run on the device (int32 and bool where the semantics are simple);
 * other dtypes (complex, float16's rounding, int64's integer division) use cpu's kernel.
 */
import type { Kernel, OutSpec } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import { registerKernel } from "../../../engine/engine";
import { OP } from "../ptx.generated";
import { be, bcastStruct, floatKind, moveKind, ptr, storageCode } from "../util";
import { CudaBackend, CudaHandle, elementBytes, sizeOfShape } from "../backend";

const UNARY: Record<string, number> = {
  Neg: OP.UOP_NEG, Abs: OP.UOP_ABS, Sign: OP.UOP_SIGN, Sqrt: OP.UOP_SQRT, Rsqrt: OP.UOP_RSQRT, Square: OP.UOP_SQUARE,
  Exp: OP.UOP_EXP, Expm1: OP.UOP_EXPM1, Log: OP.UOP_LOG, Log1p: OP.UOP_LOG1P, Sin: OP.UOP_SIN, Cos: OP.UOP_COS,
  Tan: OP.UOP_TAN, Asin: OP.UOP_ASIN, Acos: OP.UOP_ACOS, Atan: OP.UOP_ATAN, Sinh: OP.UOP_SINH, Cosh: OP.UOP_COSH,
  Tanh: OP.UOP_TANH, Asinh: OP.UOP_ASINH, Acosh: OP.UOP_ACOSH, Atanh: OP.UOP_ATANH, Sigmoid: OP.UOP_SIGMOID,
  Erf: OP.UOP_ERF, Erfc: OP.UOP_ERFC, Reciprocal: OP.UOP_RECIPROCAL, Softplus: OP.UOP_SOFTPLUS,
  Softsign: OP.UOP_SOFTSIGN, Floor: OP.UOP_FLOOR, Ceil: OP.UOP_CEIL, Round: OP.UOP_ROUND, Rint: OP.UOP_ROUND,
  Relu: OP.UOP_RELU, Relu6: OP.UOP_RELU6, Elu: OP.UOP_ELU, Selu: OP.UOP_SELU, LeakyRelu: OP.UOP_LEAKY_RELU,
};
const INT_UNARY = new Set<number>([OP.UOP_NEG, OP.UOP_ABS, OP.UOP_SIGN, OP.UOP_SQUARE, OP.UOP_RELU]);

function unary(name: string, op: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend), [x] = inputs;
    const f = floatKind(x.dtype);
    const n = sizeOfShape(x.shape);
    const alpha = op === OP.UOP_LEAKY_RELU ? Number(attrs.alpha) : 0; // NaN when absent, as in cpu
    if (f) {
      const y = b.out(outs[0]);
      b.launch1d(`unary_${f}`, n, op, ptr(x), y.ptr, n, alpha);
      return [y];
    }
    if (x.dtype.name === "int32" && INT_UNARY.has(op)) {
      const y = b.out(outs[0]);
      b.launch1d("unary_i32", n, op, ptr(x), y.ptr, n);
      return [y];
    }
    // Floor/Ceil/Round of ints and the like are identities in cpu's kernel too: stay exact there.
    return b.viaCpu(name, inputs, attrs, outs, ` for ${x.dtype.name}`);
  };
}
for (const [name, op] of Object.entries(UNARY)) registerKernel("cuda", name, unary(name, op));

const PRED: Record<string, number> = { IsNan: OP.PRED_ISNAN, IsInf: OP.PRED_ISINF, IsFinite: OP.PRED_ISFINITE };
for (const [name, op] of Object.entries(PRED)) {
  registerKernel("cuda", name, (inputs, attrs, outs, backend) => {
    const b = be(backend), [x] = inputs;
    const f = floatKind(x.dtype);
    if (!f) return b.viaCpu(name, inputs, attrs, outs, ` for ${x.dtype.name}`);
    const n = sizeOfShape(x.shape);
    const y = b.out(outs[0]);
    b.launch1d(`unary_pred_${f}`, n, op, ptr(x), y.ptr, n);
    return [y];
  });
}
registerKernel("cuda", "LogicalNot", (inputs, attrs, outs, backend) => {
  const b = be(backend), [x] = inputs;
  const n = sizeOfShape(x.shape);
  const y = b.out(outs[0]);
  b.launch1d("logical_not", n, ptr(x), y.ptr, n);
  return [y];
});

// ------------------------------------------------------------------------------------ binary
const BINARY: Record<string, number> = {
  AddV2: OP.BOP_ADD, Sub: OP.BOP_SUB, Mul: OP.BOP_MUL, RealDiv: OP.BOP_DIV, Div: OP.BOP_DIV,
  FloorDiv: OP.BOP_FLOORDIV, FloorMod: OP.BOP_FLOORMOD, Maximum: OP.BOP_MAX, Minimum: OP.BOP_MIN,
  Pow: OP.BOP_POW, SquaredDifference: OP.BOP_SQDIFF, Atan2: OP.BOP_ATAN2, ReluGrad: OP.BOP_RELUGRAD,
};
/** Ops whose int64 (float64 storage) results are exact with float arithmetic. */
const INT64_SAFE = new Set<number>([OP.BOP_ADD, OP.BOP_SUB, OP.BOP_MUL, OP.BOP_MAX, OP.BOP_MIN, OP.BOP_SQDIFF, OP.BOP_RELUGRAD]);

function binary(name: string, op: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend), [x, y] = inputs;
    const dt = outs[0].dtype;
    const bc = bcastStruct(outs[0].shape, [x.shape, y.shape]);
    if (bc && x.dtype === dt && y.dtype === dt) {
      const n = sizeOfShape(outs[0].shape);
      const f = floatKind(dt);
      if (f || (dt.name === "int64" && INT64_SAFE.has(op))) {
        const o = b.out(outs[0]);
        b.launch1d(f === "f32" ? "binary_f32" : "binary_f64", n, op, ptr(x), ptr(y), o.ptr, n, bc);
        return [o];
      }
      if (dt.name === "int32" && op !== OP.BOP_ATAN2) {
        const o = b.out(outs[0]);
        b.launch1d("binary_i32", n, op, ptr(x), ptr(y), o.ptr, n, bc);
        return [o];
      }
    }
    return b.viaCpu(name, inputs, attrs, outs, ` for ${dt.name}`);
  };
}
for (const [name, op] of Object.entries(BINARY)) registerKernel("cuda", name, binary(name, op));

const COMPARE: Record<string, number> = {
  Equal: OP.CMP_EQ, NotEqual: OP.CMP_NE, Less: OP.CMP_LT, LessEqual: OP.CMP_LE, Greater: OP.CMP_GT,
  GreaterEqual: OP.CMP_GE, LogicalAnd: OP.CMP_AND, LogicalOr: OP.CMP_OR,
};
function compare(name: string, op: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend), [x, y] = inputs;
    const bc = bcastStruct(outs[0].shape, [x.shape, y.shape]);
    const dt = x.dtype;
    const kind = dt.name === "float32" ? "f32" : dt.name === "float64" || dt.name === "int64" ? "f64" : dt.name === "int32" ? "i32" : dt.name === "bool" || dt.name === "uint8" ? "u8" : null;
    if (!bc || !kind || y.dtype !== dt) return b.viaCpu(name, inputs, attrs, outs, ` for ${dt.name}`);
    const n = sizeOfShape(outs[0].shape);
    const o = b.out(outs[0]);
    b.launch1d(`compare_${kind}`, n, op, ptr(x), ptr(y), o.ptr, n, bc);
    return [o];
  };
}
for (const [name, op] of Object.entries(COMPARE)) registerKernel("cuda", name, compare(name, op));

registerKernel("cuda", "SelectV2", (inputs, attrs, outs, backend) => {
  const b = be(backend), [c, x, y] = inputs;
  const mk = moveKind(outs[0].dtype);
  const bc = bcastStruct(outs[0].shape, [x.shape, y.shape, c.shape]);
  if (!mk || !bc) return b.viaCpu("SelectV2", inputs, attrs, outs, ` for ${outs[0].dtype.name}`);
  const n = sizeOfShape(outs[0].shape);
  const o = b.out(outs[0]);
  b.launch1d(`select_${mk}`, n, ptr(c), ptr(x), ptr(y), o.ptr, n, bc);
  return [o];
});

registerKernel("cuda", "Cast", (inputs, attrs, outs, backend) => {
  const b = be(backend), [x] = inputs;
  const dst = outs[0].dtype;
  const st = storageCode(x.dtype), dt = storageCode(dst);
  if (x.dtype === dst) return [copyOf(b, x, outs[0])];
  if (st === null || dt === null || dst.name === "float16") return b.viaCpu("Cast", inputs, attrs, outs, ` from ${x.dtype.name} to ${dst.name}`);
  const n = sizeOfShape(x.shape);
  const o = b.out(outs[0]);
  b.launch1d("cast", n, st, dt, ptr(x), o.ptr, n);
  return [o];
});

/** A device copy of `x` (a new buffer). */
export function copyOf(b: CudaBackend, x: Tensor, _spec?: OutSpec): CudaHandle {
  const h = x._handle as CudaHandle;
  if (h.host) return new CudaHandle(null, h.host.slice());
  const bytes = sizeOfShape(x.shape) * elementBytes(x.dtype);
  const o = b.allocHandle(bytes);
  if (bytes) b.copyDtoD(o.ptr, h.ptr, bytes);
  return o;
}

registerKernel("cuda", "AddN", (inputs, attrs, outs, backend) => {
  const b = be(backend);
  const f = floatKind(outs[0].dtype);
  if (!f) return b.viaCpu("AddN", inputs, attrs, outs, ` for ${outs[0].dtype.name}`);
  const n = sizeOfShape(outs[0].shape);
  const o = b.out(outs[0]);
  for (let i = 0; i < inputs.length; i += 8) {
    const part = inputs.slice(i, i + 8).map(ptr);
    const k = part.length;
    while (part.length < 8) part.push(part[0]);
    b.launch1d(`addn_${f}`, n, k, i > 0 ? 1 : 0, part[0], part[1], part[2], part[3], part[4], part[5], part[6], part[7], o.ptr, n);
  }
  return [o];
});

/** Fills a fresh buffer for `spec` with the storage bit pattern of `value`. */
export function filled(b: CudaBackend, spec: OutSpec, value: number): CudaHandle | null {
  const n = sizeOfShape(spec.shape);
  const o = b.out(spec);
  if (!n) return o;
  const dt = spec.dtype;
  if (value === 0 && dt.kind !== "s") { b.memsetD8(o.ptr, 0, n * elementBytes(dt)); return o; }
  switch (dt.name) {
    case "float32": case "float16": b.memsetD32(o.ptr, f32bits(value), n); return o;
    case "int32": b.memsetD32(o.ptr, value >>> 0, n); return o;
    case "bool": b.memsetD8(o.ptr, Math.trunc(value) & 0xff, n); return o;
    case "uint8": case "int8": b.memsetD8(o.ptr, Math.trunc(value) & 0xff, n); return o;
    case "float64": case "int64": b.launch1d("fill_f64", n, o.ptr, n, dt.name === "int64" ? Math.trunc(value) : value); return o;
  }
  b.dispose(o);
  return null;
}
const f32buf = new Float32Array(1), u32buf = new Uint32Array(f32buf.buffer);
function f32bits(v: number): number { f32buf[0] = v; return u32buf[0]; }

registerKernel("cuda", "ZerosLike", (inputs, attrs, outs, backend) => {
  const b = be(backend);
  return [filled(b, outs[0], 0) ?? b.viaCpu("ZerosLike", inputs, attrs, outs)[0]];
});
registerKernel("cuda", "OnesLike", (inputs, attrs, outs, backend) => {
  const b = be(backend);
  const k = outs[0].dtype.kind;
  if (k === "c" || k === "s") return b.viaCpu("OnesLike", inputs, attrs, outs, ` for ${outs[0].dtype.name}`);
  return [filled(b, outs[0], 1) ?? b.viaCpu("OnesLike", inputs, attrs, outs)[0]];
});

registerKernel("cuda", "Fill", (inputs, attrs, outs, backend) => {
  const b = be(backend);
  const v = Number(attrs.value);
  const k = outs[0].dtype.kind;
  if (k === "c" || k === "s" || typeof attrs.value !== "number") return b.viaCpu("Fill", inputs, attrs, outs, ` for ${outs[0].dtype.name}`);
  return [filled(b, outs[0], v) ?? b.viaCpu("Fill", inputs, attrs, outs)[0]];
});
