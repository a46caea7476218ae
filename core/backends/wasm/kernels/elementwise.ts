/**
 * wasm kernels: float32 elementwise ops — binary arithmetic (equal shapes, scalar operands and
 * trailing-block broadcasts such as bias rows; other broadcasts use cpu's kernel), comparisons,
 * select, AddN, BiasAdd (channels-last) and unary math/activations.
 */
import type { Kernel } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import { cpu, def, f32, isF32, rtOf, sizeOfShape } from "./registry";

/** Whether `s` (after dropping leading 1s) is a trailing block of `out`, i.e. it repeats contiguously. */
function isSuffix(s: readonly number[], out: readonly number[]): boolean {
  let i = 0;
  while (i < s.length && s[i] === 1) i++;
  const k = s.length - i;
  if (k === 0 || k > out.length) return false;
  for (let j = 0; j < k; j++) if (s[i + j] !== out[out.length - k + j]) return false;
  return true;
}

/**
 * The broadcast form of a binary op (wasm/assembly/elementwise.ts): [mode, period] or null when
 * the operands broadcast in another way.
 */
export function broadcastMode(x: Tensor, y: Tensor, outShape: readonly number[]): [number, number] | null {
  const n = sizeOfShape(outShape), la = sizeOfShape(x.shape), lb = sizeOfShape(y.shape);
  if (la === n && lb === n) return [0, n];
  if (la === n && lb === 1) return [1, n];
  if (la === 1 && lb === n) return [2, n];
  if (la === n && isSuffix(y.shape, outShape)) return [3, lb];
  if (lb === n && isSuffix(x.shape, outShape)) return [4, la];
  return null;
}

const BIN: Record<string, number> = { AddV2: 0, Sub: 1, Mul: 2, RealDiv: 3, Maximum: 4, Minimum: 5, SquaredDifference: 6 };
function binary(op: string, code: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const [x, y] = inputs;
    const mode = isF32(x) && isF32(y) ? broadcastMode(x, y, outs[0].shape) : null;
    if (!mode) return cpu(op)(inputs, attrs, outs, backend);
    const n = sizeOfShape(outs[0].shape);
    if (n === 0) return [new Float32Array(0)];
    const rt = rtOf(backend);
    rt.reset();
    const pa = rt.put(f32(x)), pb = rt.put(f32(y)), po = rt.alloc(n * 4);
    rt.k.binary(code, pa, pb, po, n, mode[0], mode[1]);
    return [rt.takeF32(po, n)];
  };
}
for (const [op, code] of Object.entries(BIN)) def(op, binary(op, code));
// Div on floats is RealDiv (ints truncate: cpu).
def("Div", binary("Div", BIN.RealDiv));

const CMP: Record<string, number> = { Greater: 0, GreaterEqual: 1, Less: 2, LessEqual: 3, Equal: 4, NotEqual: 5 };
for (const [op, code] of Object.entries(CMP)) {
  def(op, (inputs, attrs, outs, backend) => {
    const [x, y] = inputs;
    const mode = isF32(x) && isF32(y) ? broadcastMode(x, y, outs[0].shape) : null;
    if (!mode) return cpu(op)(inputs, attrs, outs, backend);
    const n = sizeOfShape(outs[0].shape);
    if (n === 0) return [new Uint8Array(0)];
    const rt = rtOf(backend);
    rt.reset();
    const pa = rt.put(f32(x)), pb = rt.put(f32(y)), po = rt.alloc(n);
    rt.k.compare(code, pa, pb, po, n, mode[0], mode[1]);
    return [rt.takeU8(po, n)];
  });
}

def("SelectV2", (inputs, attrs, outs, backend) => {
  const [c, x, y] = inputs;
  const n = sizeOfShape(outs[0].shape);
  if (!isF32(x) || !isF32(y) || c.dtype.name !== "bool" || sizeOfShape(c.shape) !== n || sizeOfShape(x.shape) !== n || sizeOfShape(y.shape) !== n) {
    return cpu("SelectV2")(inputs, attrs, outs, backend);
  }
  if (n === 0) return [new Float32Array(0)];
  const rt = rtOf(backend);
  rt.reset();
  const pc = rt.put(c._handle as Uint8Array), pa = rt.put(f32(x)), pb = rt.put(f32(y)), po = rt.alloc(n * 4);
  rt.k.select(pc, pa, pb, po, n);
  return [rt.takeF32(po, n)];
});

def("AddN", (inputs, attrs, outs, backend) => {
  const n = sizeOfShape(outs[0].shape);
  if (!inputs.every((t) => isF32(t) && sizeOfShape(t.shape) === n) || inputs.length === 0) return cpu("AddN")(inputs, attrs, outs, backend);
  if (n === 0) return [new Float32Array(0)];
  const rt = rtOf(backend);
  rt.reset();
  const ptrs = Int32Array.from(inputs.map((t) => rt.put(f32(t))));
  const pp = rt.put(ptrs), po = rt.alloc(n * 4);
  rt.k.addN(pp, inputs.length, po, n);
  return [rt.takeF32(po, n)];
});

def("BiasAdd", (inputs, attrs, outs, backend) => {
  const [v, b] = inputs;
  const nchw = String(attrs.data_format ?? "").startsWith("NC");
  const n = sizeOfShape(outs[0].shape), c = sizeOfShape(b.shape);
  if (nchw || !isF32(v) || !isF32(b) || c === 0 || n % c !== 0) return cpu("BiasAdd")(inputs, attrs, outs, backend);
  if (n === 0) return [new Float32Array(0)];
  const rt = rtOf(backend);
  rt.reset();
  const pa = rt.put(f32(v)), pb = rt.put(f32(b)), po = rt.alloc(n * 4);
  rt.k.binary(BIN.AddV2, pa, pb, po, n, 3, c);
  return [rt.takeF32(po, n)];
});

def("ReluGrad", (inputs, attrs, outs, backend) => {
  const [g, f] = inputs;
  const n = sizeOfShape(outs[0].shape);
  if (!isF32(g) || !isF32(f) || sizeOfShape(g.shape) !== n || sizeOfShape(f.shape) !== n) return cpu("ReluGrad")(inputs, attrs, outs, backend);
  if (n === 0) return [new Float32Array(0)];
  const rt = rtOf(backend);
  rt.reset();
  const pg = rt.put(f32(g)), pf = rt.put(f32(f)), po = rt.alloc(n * 4);
  rt.k.reluGrad(pg, pf, po, n);
  return [rt.takeF32(po, n)];
});

// ---------------------------------------------------------------- unary (codes: wasm/assembly/elementwise.ts)
const UN: Record<string, number> = {
  Neg: 0, Abs: 1, Sqrt: 2, Square: 3, Relu: 4, Relu6: 5, Reciprocal: 6, Rsqrt: 7, Floor: 8, Ceil: 9, Round: 10, Rint: 10,
  Exp: 11, Log: 12, Log1p: 13, Expm1: 14, Tanh: 15, Sigmoid: 16, Softplus: 17, Elu: 18, Selu: 19, LeakyRelu: 20,
  Sin: 21, Cos: 22, Sign: 23, Softsign: 24,
};
for (const [op, code] of Object.entries(UN)) {
  def(op, (inputs, attrs, outs, backend) => {
    const [x] = inputs;
    if (!isF32(x)) return cpu(op)(inputs, attrs, outs, backend);
    const n = sizeOfShape(outs[0].shape);
    if (n === 0) return [new Float32Array(0)];
    const rt = rtOf(backend);
    rt.reset();
    const pa = rt.put(f32(x)), po = rt.alloc(n * 4);
    rt.k.unary(code, pa, po, n, op === "LeakyRelu" ? Number(attrs.alpha) : 0);
    return [rt.takeF32(po, n)];
  });
}
