/**
 * wasm kernels: float32 elementwise ops — binary arithmetic (equal shapes, scalar operands and
 * trailing-block broadcasts such as bias rows; other broadcasts use cpu's kernel), comparisons,
 * select, AddN, BiasAdd (channels-last) and unary math/activations.
 */
import type { Kernel } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import { STREAM_BLOCK, WasmRuntime } from "../runtime";
import { cpu, def, f32, isF32, rtOf, sizeOfShape, tiny } from "./registry";
import { isSuffix } from "../../cpu/util";


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

/**
 * A block length for streaming a broadcast op: blocks start at multiples of the period (modes 3
 * and 4), so each block sees the repeated operand from its start.
 */
function blockFor(mode: number, m: number): number {
  return mode >= 3 ? m * Math.max(1, Math.floor(STREAM_BLOCK / m)) : STREAM_BLOCK;
}

/** Runs `k(aPtr, bPtr, outPtr, len, mode, period)` over a binary op's operands, streamed. */
function streamBinary(rt: WasmRuntime, x: Tensor, y: Tensor, mode: [number, number], out: Float32Array | Uint8Array,
  k: (pa: number, pb: number, po: number, len: number, mode: number, m: number) => void): void {
  const a = f32(x), b = f32(y), [md, m] = mode, n = out.length;
  // Full-length operands stream; a scalar or a repeated block is copied once.
  const aFull = md === 0 || md === 1 || md === 3, bFull = md === 0 || md === 2 || md === 4;
  const full = [...(aFull ? [a] : []), ...(bFull ? [b] : [])], whole = [...(aFull ? [] : [a]), ...(bFull ? [] : [b])];
  rt.stream(n, blockFor(md, m), full, whole, [out], (fp, wp, [po], _i0, len) => {
    const pa = aFull ? fp[0] : wp[0], pb = bFull ? fp[aFull ? 1 : 0] : wp[0];
    k(pa, pb, po, len, md, md >= 3 ? m : len);
  });
}

export const BIN: Record<string, number> = { AddV2: 0, Sub: 1, Mul: 2, RealDiv: 3, Maximum: 4, Minimum: 5, SquaredDifference: 6 };
function binary(op: string, code: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const [x, y] = inputs;
    const mode = isF32(x) && isF32(y) && !tiny(backend, sizeOfShape(outs[0].shape)) ? broadcastMode(x, y, outs[0].shape) : null;
    if (!mode) return cpu(op)(inputs, attrs, outs, backend);
    // attr forward_input 0: x is the caller's temporary; blocks are read before they are written.
    const rt = rtOf(backend);
    const out = attrs.forward_input === 0 && (mode[0] === 0 || mode[0] === 1 || mode[0] === 3) ? x._handle as Float32Array : rt.outF32(sizeOfShape(outs[0].shape));
    if (out.length === 0) return [out];
    streamBinary(rt, x, y, mode, out, (pa, pb, po, len, md, m) => rt.k.binary(code, pa, pb, po, len, md, m));
    return [out];
  };
}
for (const [op, code] of Object.entries(BIN)) def(op, binary(op, code));
// Div on floats is RealDiv (ints truncate: cpu).
def("Div", binary("Div", BIN.RealDiv));

const CMP: Record<string, number> = { Greater: 0, GreaterEqual: 1, Less: 2, LessEqual: 3, Equal: 4, NotEqual: 5 };
for (const [op, code] of Object.entries(CMP)) {
  def(op, (inputs, attrs, outs, backend) => {
    const [x, y] = inputs;
    const mode = isF32(x) && isF32(y) && !tiny(backend, sizeOfShape(outs[0].shape)) ? broadcastMode(x, y, outs[0].shape) : null;
    if (!mode) return cpu(op)(inputs, attrs, outs, backend);
    const rt = rtOf(backend);
    const out = rt.outU8(sizeOfShape(outs[0].shape));
    if (out.length === 0) return [out];
    streamBinary(rt, x, y, mode, out, (pa, pb, po, len, md, m) => rt.k.compare(code, pa, pb, po, len, md, m));
    return [out];
  });
}

// bool / uint8 -> float32 (a metric's correct-prediction mask, masks in user code); other casts are cpu's.
def("Cast", (inputs, attrs, outs, backend) => {
  const [x] = inputs;
  const n = sizeOfShape(outs[0].shape);
  if (tiny(backend, n) || (x.dtype.name !== "bool" && x.dtype.name !== "uint8") || outs[0].dtype.name !== "float32") return cpu("Cast")(inputs, attrs, outs, backend);
  const rt = rtOf(backend);
  const out = rt.outF32(n);
  if (n === 0) return [out];
  rt.stream(n, STREAM_BLOCK, [x._handle as Uint8Array], [], [out], ([pa], _w, [po], _i, len) => rt.k.castU8F32(pa, po, len));
  return [out];
});

def("SelectV2", (inputs, attrs, outs, backend) => {
  const [c, x, y] = inputs;
  const n = sizeOfShape(outs[0].shape);
  const nx = sizeOfShape(x.shape), ny = sizeOfShape(y.shape);
  // Full-size operands, or one scalar branch (dropout's where(keep, x·scale, 0)); else cpu's broadcasting kernel.
  if (tiny(backend, n) || !isF32(x) || !isF32(y) || c.dtype.name !== "bool" || sizeOfShape(c.shape) !== n || !((nx === n && ny === n) || (nx === n && ny === 1) || (nx === 1 && ny === n))) {
    return cpu("SelectV2")(inputs, attrs, outs, backend);
  }
  const rt = rtOf(backend);
  const out = rt.outF32(n);
  if (n === 0) return [out];
  const cond = c._handle as Uint8Array;
  if (nx === ny) rt.stream(n, STREAM_BLOCK, [cond, f32(x), f32(y)], [], [out], ([pc, pa, pb], _w, [po], _i, len) => rt.k.select(pc, pa, pb, po, len));
  else {
    const scalarIfTrue = nx === 1 ? 1 : 0, s = f32(scalarIfTrue ? x : y)[0], v = f32(scalarIfTrue ? y : x);
    rt.stream(n, STREAM_BLOCK, [cond, v], [], [out], ([pc, pv], _w, [po], _i, len) => rt.k.selectScalar(pc, pv, s, po, len, scalarIfTrue));
  }
  return [out];
});

def("AddN", (inputs, attrs, outs, backend) => {
  const n = sizeOfShape(outs[0].shape);
  if (tiny(backend, n) || !inputs.every((t) => isF32(t) && sizeOfShape(t.shape) === n) || inputs.length < 2) return cpu("AddN")(inputs, attrs, outs, backend);
  const rt = rtOf(backend);
  const out = rt.outF32(n);
  if (n === 0) return [out];
  rt.stream(n, STREAM_BLOCK, inputs.map(f32), [], [out], (fp, _w, [po], _i, len) => {
    rt.k.binary(BIN.AddV2, fp[0], fp[1], po, len, 0, len);
    for (let j = 2; j < fp.length; j++) rt.k.binary(BIN.AddV2, po, fp[j], po, len, 0, len);
  });
  return [out];
});

def("BiasAdd", (inputs, attrs, outs, backend) => {
  const [v, b] = inputs;
  const nchw = String(attrs.data_format ?? "").startsWith("NC");
  const n = sizeOfShape(outs[0].shape), c = sizeOfShape(b.shape);
  if (tiny(backend, n) || nchw || !isF32(v) || !isF32(b) || c === 0 || n % c !== 0) return cpu("BiasAdd")(inputs, attrs, outs, backend);
  const rt = rtOf(backend);
  const out = rt.outF32(n);
  if (n === 0) return [out];
  streamBinary(rt, v, b, [3, c], out, (pa, pb, po, len, md, m) => rt.k.binary(BIN.AddV2, pa, pb, po, len, md, m));
  return [out];
});

def("ReluGrad", (inputs, attrs, outs, backend) => {
  const [g, f] = inputs;
  const n = sizeOfShape(outs[0].shape);
  if (tiny(backend, n) || !isF32(g) || !isF32(f) || sizeOfShape(g.shape) !== n || sizeOfShape(f.shape) !== n) return cpu("ReluGrad")(inputs, attrs, outs, backend);
  const rt = rtOf(backend);
  const out = rt.outF32(n);
  if (n === 0) return [out];
  rt.stream(n, STREAM_BLOCK, [f32(g), f32(f)], [], [out], ([pg, pf], _w, [po], _i, len) => rt.k.reluGrad(pg, pf, po, len));
  return [out];
});

// ---------------------------------------------------------------- unary (codes: wasm/assembly/elementwise.ts)
export const UN: Record<string, number> = {
  Neg: 0, Abs: 1, Sqrt: 2, Square: 3, Relu: 4, Relu6: 5, Reciprocal: 6, Rsqrt: 7, Floor: 8, Ceil: 9, Round: 10, Rint: 10,
  Exp: 11, Log: 12, Log1p: 13, Expm1: 14, Tanh: 15, Sigmoid: 16, Softplus: 17, Elu: 18, Selu: 19, LeakyRelu: 20,
  Sin: 21, Cos: 22, Sign: 23, Softsign: 24,
};
for (const [op, code] of Object.entries(UN)) {
  def(op, (inputs, attrs, outs, backend) => {
    const [x] = inputs;
    if (!isF32(x) || tiny(backend, sizeOfShape(x.shape))) return cpu(op)(inputs, attrs, outs, backend);
    const rt = rtOf(backend);
    const out = rt.outF32(sizeOfShape(outs[0].shape));
    if (out.length === 0) return [out];
    const alpha = op === "LeakyRelu" ? Number(attrs.alpha) : 0;
    rt.stream(out.length, STREAM_BLOCK, [f32(x)], [], [out], ([pa], _w, [po], _i, len) => rt.k.unary(code, pa, po, len, alpha));
    return [out];
  });
}
