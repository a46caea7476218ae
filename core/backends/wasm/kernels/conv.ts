/**
 * wasm kernels: Conv2D/Conv3D and their input/filter gradients (float32), as GEMMs whose A
 * operand is an implicit im2col view of the image (wasm/assembly/conv.ts): the column matrix is
 * never built. 1-D and 2-D run as 3-D with unit leading dims; channels-first data is transposed
 * to channels-last on entry and back on exit (cheap next to the convolution).
 *
 *   forward   out[rows, OC]   = im2col(x)[rows, T·C] · W[T·C, OC]
 *   dx        dx[pixels, C]   = gather(dy)[pixels, T·OC] · Wᵀ-per-tap[T·OC, C]   (no scatter: threads split rows freely)
 *   dW        dW[T·C, OC]     = im2col(x)ᵀ[T·C, rows] · dy[rows, OC]
 */
import type { Kernel } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import { convGeometry, ConvGeometry } from "../../../ops/conv";
import { A_CONV, A_CONV_DW, A_CONV_DX, A_MATRIX, WasmRuntime } from "../runtime";
import { cpu, def, f32, isF32, rtOf } from "./registry";

interface G3 {
  N: number; C: number;
  inS: number[]; outS: number[]; k: number[]; s: number[]; d: number[]; p: number[];
  channelsLast: boolean;
}

function to3(g: ConvGeometry): G3 {
  const pad = <T>(a: T[], v: T): T[] => [...new Array(3 - a.length).fill(v), ...a];
  return {
    N: g.N as number, C: g.C as number,
    inS: pad(g.inS as number[], 1), outS: pad(g.outS as number[], 1), k: pad(g.k, 1),
    s: pad(g.strides, 1), d: pad(g.dilations, 1), p: pad(g.padBefore as number[], 0),
    channelsLast: g.channelsLast,
  };
}
const prod = (a: number[]) => a[0] * a[1] * a[2];

/** The geometry block the packers read (see the layout in wasm/assembly/conv.ts). */
function putGeometry(rt: WasmRuntime, g: G3, OC: number): number {
  return rt.put(Int32Array.from([g.N, ...g.inS, g.C, ...g.outS, ...g.k, ...g.s, ...g.d, ...g.p, OC]));
}

/** [N, C, S] -> [N, S, C] (and back): channels-first data in the kernels' channels-last order. */
function transposeNCS(src: Float32Array, N: number, A: number, B: number): Float32Array {
  // src viewed as [N, A, B] -> out [N, B, A]
  const out = new Float32Array(src.length);
  for (let n = 0; n < N; n++) {
    const base = n * A * B;
    for (let a = 0; a < A; a++) for (let b = 0; b < B; b++) out[base + b * A + a] = src[base + a * B + b];
  }
  return out;
}
function channelsLast(t: Tensor, g: G3, C: number, S: number): Float32Array {
  return g.channelsLast ? f32(t) : transposeNCS(f32(t), g.N, C, S);
}
function inFormat(data: Float32Array, g: G3, C: number, S: number): Float32Array {
  return g.channelsLast ? data : transposeNCS(data, g.N, S, C);
}
function isPointwise(g: G3): boolean {
  return g.k.every((v) => v === 1) && g.s.every((v) => v === 1) && g.p.every((v) => v === 0);
}

function convForward(op: string, nd: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const [x, w] = inputs;
    if (!isF32(x) || !isF32(w)) return cpu(op)(inputs, attrs, outs, backend);
    const g = to3(convGeometry("Conv", x.shape, w.shape.slice(0, nd), attrs, nd));
    const OC = w.shape[nd + 1];
    const rows = g.N * prod(g.outS), K = prod(g.k) * g.C;
    if (rows === 0 || OC === 0) return [new Float32Array(rows * OC)];
    if (K === 0) return [new Float32Array(rows * OC)];
    const rt = rtOf(backend);
    rt.reset();
    const px = rt.put(channelsLast(x, g, g.C, prod(g.inS))), pw = rt.put(f32(w));
    const pg = putGeometry(rt, g, OC), pc = rt.alloc(rows * OC * 4);
    const a = isPointwise(g) ? { kind: A_MATRIX, ptr: px, rs: g.C, cs: 1 } : { kind: A_CONV, ptr: px, rs: pg, cs: 0 };
    rt.gemm(a, { ptr: pw, rs: OC, cs: 1 }, rows, OC, K, pc, OC);
    return [inFormat(rt.takeF32(pc, rows * OC), g, OC, prod(g.outS))];
  };
}

/** Inputs [input_sizes, filter, out_backprop]; the output has the input's shape. */
function convBackpropInput(op: string, nd: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const [, w, dy] = inputs;
    if (!isF32(w) || !isF32(dy)) return cpu(op)(inputs, attrs, outs, backend);
    const xShape = outs[0].shape;
    const g = to3(convGeometry("Conv", xShape, w.shape.slice(0, nd), attrs, nd));
    const OC = w.shape[nd + 1], T = prod(g.k), C = g.C;
    const pixels = g.N * prod(g.inS);
    if (pixels === 0 || C === 0) return [new Float32Array(pixels * C)];
    const rt = rtOf(backend);
    rt.reset();
    const pdy = rt.put(channelsLast(dy, g, OC, prod(g.outS))), pw = rt.put(f32(w));
    const pwt = rt.alloc(T * OC * C * 4), pg = putGeometry(rt, g, OC), pdx = rt.alloc(pixels * C * 4);
    rt.k.convFilterForDx(pw, pwt, T, C, OC);
    rt.gemm({ kind: A_CONV_DX, ptr: pdy, rs: pg, cs: 0 }, { ptr: pwt, rs: C, cs: 1 }, pixels, C, T * OC, pdx, C);
    return [inFormat(rt.takeF32(pdx, pixels * C), g, C, prod(g.inS))];
  };
}

/** Inputs [input, filter_sizes, out_backprop]; the output has the filter's shape [k..., C, OC]. */
function convBackpropFilter(op: string, nd: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const [x, , dy] = inputs;
    if (!isF32(x) || !isF32(dy)) return cpu(op)(inputs, attrs, outs, backend);
    const wShape = outs[0].shape;
    const g = to3(convGeometry("Conv", x.shape, wShape.slice(0, nd), attrs, nd));
    const OC = wShape[nd + 1], T = prod(g.k), C = g.C;
    const rows = g.N * prod(g.outS);
    if (T * C === 0 || OC === 0) return [new Float32Array(T * C * OC)];
    const rt = rtOf(backend);
    rt.reset();
    const px = rt.put(channelsLast(x, g, C, prod(g.inS))), pdy = rt.put(channelsLast(dy, g, OC, prod(g.outS)));
    const pg = putGeometry(rt, g, OC), pdw = rt.alloc(T * C * OC * 4);
    const a = isPointwise(g) ? { kind: A_MATRIX, ptr: px, rs: 1, cs: C } : { kind: A_CONV_DW, ptr: px, rs: pg, cs: 0 };
    rt.gemm(a, { ptr: pdy, rs: OC, cs: 1 }, T * C, OC, rows, pdw, OC);
    return [rt.takeF32(pdw, T * C * OC)];
  };
}

def("Conv2D", convForward("Conv2D", 2));
def("Conv3D", convForward("Conv3D", 3));
def("Conv2DBackpropInput", convBackpropInput("Conv2DBackpropInput", 2));
def("Conv3DBackpropInputV2", convBackpropInput("Conv3DBackpropInputV2", 3));
def("Conv2DBackpropFilter", convBackpropFilter("Conv2DBackpropFilter", 2));
def("Conv3DBackpropFilterV2", convBackpropFilter("Conv3DBackpropFilterV2", 3));
