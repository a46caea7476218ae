/**
 * webgpu kernels: elementwise unary, binary (broadcasting) and select ops, casts, fills.
 * One generated program per (op, operand types, broadcast modes, merged rank). Semantics follow
 * the cpu kernels (core/backends/cpu/kernels/math.ts, nn.ts): NaN propagation, integer division
 * by zero = 0, half-to-even rounding, TF's float -> int cast (NaN -> INT_MIN, wraps modulo 2^32).
 */
import type { OutSpec } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import { sizeOf } from "../../../tensor/shape";
import { GType, Uniforms, WebGPUBackend, GHandle } from "../backend";
import { header, mathLib, mainStrided, PER_THREAD } from "../wgsl";
import { gpu, h, gt, bcastPlan, bcastIndexCode, bcastWords } from "./util";

const P0 = 1; // first op parameter word (LeakyRelu alpha, ...)
const SHAPE_AT = 4; // broadcast dims start here

type Expr = string; // WGSL expression over `a` (and `b`), `p0` / `p1` parameters

// ------------------------------------------------------------------------------ unary
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const UF: Record<string, Expr> = {
  Neg: "-a", Abs: "abs(a)", Sign: "select(sign(a), a, isnan_(a))", Sqrt: "select(sqrt(a), nan_(), a < 0.0)",
  Rsqrt: "select(1.0 / sqrt(a), nan_(), a < 0.0)", Square: "a * a", Exp: "exp(a)", Expm1: "expm1_(a)",
  Log: "select(select(log(a), -inf_(), a == 0.0), nan_(), a < 0.0)", Log1p: "log1p_(a)",
  Sin: "sin(a)", Cos: "cos(a)", Tan: "select(sin(a) / cos(a), nan_(), isinf_(a))",
  // asin/acos builtins are ~1e-4 off on some drivers (lavapipe); atan is accurate.
  Asin: "select(atan(a / sqrt((1.0 - a) * (1.0 + a))), nan_(), abs(a) > 1.0)",
  Acos: "select(2.0 * atan(sqrt((1.0 - a) / (1.0 + a))), nan_(), abs(a) > 1.0)", Atan: "atan(a)",
  Sinh: "sinh_(a)", Cosh: "cosh_(a)", Tanh: "tanh_(a)", Asinh: "asinh_(a)", Acosh: "acosh_(a)", Atanh: "atanh_(a)",
  Sigmoid: "sigmoid_(a)", Erf: "erf_(a)", Erfc: "erfc_(a)", Reciprocal: "1.0 / a", Softplus: "softplus_(a)",
  Softsign: "a / (1.0 + abs(a))", Floor: "floor(a)", Ceil: "ceil(a)", Round: "round(a)", Rint: "round(a)",
  Relu: "select(0.0, a, a > 0.0 || isnan_(a))", Relu6: "select(clamp(a, 0.0, 6.0), a, isnan_(a))",
  Elu: "select(expm1_(a), a, a > 0.0)",
  Selu: `select(${SELU_SCALE * SELU_ALPHA} * expm1_(a), ${SELU_SCALE} * a, a > 0.0)`,
  LeakyRelu: "select(a * p0, a, a > 0.0)",
};
/** Unary float ops with a bool (i32 0/1) result. */
const UF_BOOL: Record<string, Expr> = {
  IsNan: "select(0, 1, isnan_(a))", IsInf: "select(0, 1, isinf_(a))", IsFinite: "select(0, 1, isfinite_(a))",
};
const UI: Record<string, Expr> = {
  Neg: "-a", Abs: "select(a, -a, a < 0)", Sign: "sign(a)", Square: "a * a",
  Relu: "max(a, 0)", Relu6: "clamp(a, 0, 6)", LogicalNot: "select(0, 1, a == 0)",
  Floor: "a", Ceil: "a", Round: "a", Rint: "a",
};

function unaryProgram(be: WebGPUBackend, op: string, tin: GType, tout: GType, expr: Expr) {
  return be.program(`un:${op}:${tin}:${tout}`, 1, 1, () => {
    const body = `  let a = x0[i];\n  let p0 = uf(${P0});\n  y0[i] = ${expr};`;
    return header([tin], [tout], mathLib(expr)) + "\n" + mainStrided(body);
  });
}

function unaryKernel(op: string) {
  gpu(op, ([x], attrs, outs, be) => {
    const tin = gt(x), tout = gt(outs[0]);
    const expr = tin === "f32" ? (UF_BOOL[op] ?? UF[op]) : UI[op];
    if (!expr) return null;
    const n = sizeOf(outs[0].shape);
    const y = be.out(outs[0]);
    const u = new Uniforms().int(n);
    u.n = P0;
    u.float(Number(attrs?.alpha)); // undefined -> NaN, as the cpu kernel computes
    be.run(unaryProgram(be, op, tin, tout, expr), [h(x)], [y], u, be.grid1d(Math.ceil(n / PER_THREAD), 64));
    return [y];
  });
}
for (const op of new Set([...Object.keys(UF), ...Object.keys(UF_BOOL), ...Object.keys(UI)])) unaryKernel(op);

// ------------------------------------------------------------------------------ binary
const BF: Record<string, Expr> = {
  AddV2: "a + b", Sub: "a - b", Mul: "a * b", RealDiv: "a / b", Div: "a / b",
  FloorDiv: "floor(a / b)", FloorMod: "ffloormod_(a, b)", Pow: "powf_(a, b)",
  Maximum: "select(max(a, b), nan_(), isnan_(a) || isnan_(b))",
  Minimum: "select(min(a, b), nan_(), isnan_(a) || isnan_(b))",
  SquaredDifference: "(a - b) * (a - b)", Atan2: "atan2(a, b)",
  ReluGrad: "select(0.0, a, b > 0.0)",
  DivNoNan: "select(a / b, 0.0, b == 0.0)",
};
const BI: Record<string, Expr> = {
  AddV2: "a + b", Sub: "a - b", Mul: "a * b", Div: "idiv_(a, b)", FloorDiv: "ifloordiv_(a, b)",
  FloorMod: "ifloormod_(a, b)", Pow: "ipow_(a, b)", Maximum: "max(a, b)", Minimum: "min(a, b)",
  SquaredDifference: "(a - b) * (a - b)", ReluGrad: "select(0, a, b > 0)",
  LogicalAnd: "select(0, 1, a != 0 && b != 0)", LogicalOr: "select(0, 1, a != 0 || b != 0)",
};
const CMP: Record<string, string> = { Equal: "==", NotEqual: "!=", Less: "<", LessEqual: "<=", Greater: ">", GreaterEqual: ">=" };
for (const [op, o] of Object.entries(CMP)) { BF[op] = `select(0, 1, a ${o} b)`; BI[op] = `select(0, 1, a ${o} b)`; }

/** Runs an elementwise expression over broadcast operands (`a`, `b`, `c` are x0, x1, x2 at their offsets). */
export function elementwise(be: WebGPUBackend, key: string, inputs: Tensor[], out: OutSpec, tout: GType, expr: Expr, params: number[] = []): GHandle | null {
  const plan = bcastPlan(inputs.map((t) => t.shape), out.shape);
  const words = bcastWords(plan);
  if (SHAPE_AT + words.length > 64) return null;
  const tins = inputs.map((t) => gt(t));
  const names = ["a", "b", "c"];
  const p = be.program(`ew:${key}:${tins.join(",")}:${tout}:${plan.modes.join(",")}:${plan.dims.length}`, inputs.length, 1, () => {
    const body = [
      bcastIndexCode(plan, SHAPE_AT),
      ...inputs.map((_t, j) => `  let ${names[j]} = x${j}[o${j}];`),
      `  let p0 = uf(${P0});`,
      `  y0[i] = ${expr};`,
    ].join("\n");
    return header(tins, [tout], mathLib(expr)) + "\n" + mainStrided(body);
  });
  const n = sizeOf(out.shape);
  const y = be.out(out);
  const u = new Uniforms().int(n);
  u.n = P0;
  u.float(...params);
  u.n = SHAPE_AT;
  u.int(...words);
  be.run(p, inputs.map(h), [y], u, be.grid1d(Math.ceil(n / PER_THREAD), 64));
  return y;
}

function binaryKernel(op: string) {
  gpu(op, (inputs, _attrs, outs, be) => {
    const t = gt(inputs[0]);
    if (gt(inputs[1]) !== t) return null;
    const expr = t === "f32" ? BF[op] : BI[op];
    if (!expr) return null;
    const y = elementwise(be, op, inputs, outs[0], gt(outs[0]), expr);
    return y ? [y] : null;
  });
}
for (const op of new Set([...Object.keys(BF), ...Object.keys(BI)])) binaryKernel(op);

gpu("SelectV2", (inputs, _a, outs, be) => {
  const y = elementwise(be, "SelectV2", inputs, outs[0], gt(outs[0]), "select(c, b, a != 0)");
  return y ? [y] : null;
});

gpu("BiasAdd", ([v, b], { data_format }, outs, be) => {
  // NCHW: the bias runs along axis 1, i.e. shaped [C, 1, ..., 1] for broadcasting.
  const bshape = data_format === "NCHW" ? [b.shape[0], ...new Array(v.rank - 2).fill(1)] : b.shape;
  const bv = { ...b, shape: bshape, dtype: b.dtype, _handle: b._handle } as Tensor;
  const y = elementwise(be, "BiasAdd", [v, bv], outs[0], gt(outs[0]), "a + b");
  return y ? [y] : null;
});

gpu("AddN", (inputs, _a, outs, be) => {
  // Pairwise sums, up to three operands per pass (left to right, like the cpu kernel).
  let acc: Tensor = inputs[0];
  let accH: GHandle | null = null;
  if (inputs.length === 1) return [be.view(h(inputs[0]))];
  for (let i = 1; i < inputs.length; i++) {
    const y = elementwise(be, "AddN2", [acc, inputs[i]], outs[0], gt(outs[0]), "a + b")!;
    if (accH) be.dispose(accH);
    accH = y;
    acc = { shape: outs[0].shape, dtype: outs[0].dtype, _handle: y } as Tensor;
  }
  return [accH!];
});

// ------------------------------------------------------------------------------ cast and fills
gpu("Cast", ([x], _a, outs, be) => {
  const from = x.dtype, to = outs[0].dtype;
  if (from === to) return [be.view(h(x))];
  const tin = gt(x), tout = gt(outs[0]);
  let expr: Expr;
  if (to.name === "bool") expr = tin === "f32" ? "select(0, 1, a != 0.0)" : "select(0, 1, a != 0)";
  else if (tout === "f32") expr = tin === "f32" ? "a" : "f32(a)";
  else expr = tin === "f32" ? "f2i_(a)" : "a";
  const n = sizeOf(outs[0].shape);
  const y = be.out(outs[0]);
  be.run(unaryProgram(be, `Cast${to.name}`, tin, tout, expr), [h(x)], [y], new Uniforms().int(n), be.grid1d(Math.ceil(n / PER_THREAD), 64));
  return [y];
});

/** Fills a new buffer with one value. */
export function fill(be: WebGPUBackend, out: OutSpec, value: number): GHandle {
  const t = gt(out);
  const n = sizeOf(out.shape);
  const y = be.out(out);
  const p = be.program(`fill:${t}`, 0, 1, () => header([], [t]) + "\n" + mainStrided(`  y0[i] = ${t === "f32" ? "uf(1)" : "ui(1)"};`));
  const u = new Uniforms().int(n);
  if (t === "f32") u.float(value); else u.int(value);
  be.run(p, [], [y], u, be.grid1d(Math.ceil(n / PER_THREAD), 64));
  return y;
}
gpu("ZerosLike", (_i, _a, outs, be) => [fill(be, outs[0], 0)]);
gpu("OnesLike", (_i, _a, outs, be) => [fill(be, outs[0], 1)]);
gpu("Fill", (_i, { value }, outs, be) => [fill(be, outs[0], outs[0].dtype.name === "bool" ? (value ? 1 : 0) : Number(value))]);
