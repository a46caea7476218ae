/**
 * cuda kernels: Conv2D/Conv3D and their gradients as im2col + GEMM (chunks of images so the column
 * matrix stays under ~256 MiB), pooling (max/avg, 2-D/3-D) forward and backward. Channels-first
 * inputs are transposed to channels-last on entry and back on exit, as in the cpu backend.
 */
import type { Kernel, OutSpec } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import type { CudaBackend, CudaHandle } from "../backend";
import { registerKernel } from "../../../engine/engine";
import { convGeometry, ConvGeometry, ConvGeometry3, geometry3 } from "../../../ops/conv";
import { be, floatKind, Fx, moveKind, ptr, stridedStruct } from "../util";
import { elementBytes } from "../backend";
import { gemm } from "./matmul";
import { filled } from "./math";

type G3 = ConvGeometry3;
const to3 = geometry3;
const prod3 = (a: number[]): number => a[0] * a[1] * a[2];
/** The ConvGeom struct of cuda/src/common.cuh. */
function geom(g: G3): Int32Array {
  return Int32Array.of(g.N, ...g.inS, g.C, ...g.k, ...g.outS, ...g.s, ...g.d, ...g.p);
}

/** [N, C, S...] <-> [N, S..., C] as a new buffer (S = spatial dims). */
function relayout(b: CudaBackend, src: number, dt: Tensor["dtype"], N: number, C: number, S: number, toLast: boolean): CudaHandle {
  const n = N * C * S;
  const h = b.allocHandle(n * elementBytes(dt));
  const mk = moveKind(dt)!;
  // Output index order and the source strides for it.
  const s = toLast ? stridedStruct([N, S, C], [C * S, 1, S], 0) : stridedStruct([N, C, S], [S * C, 1, C], 0);
  b.launch1d(`gather_strided_${mk}`, n, src, h.ptr, n, s);
  return h;
}
/** Channels-last device pointer of `t` (and a temporary to free, if one was made). */
function inputNHWC(b: CudaBackend, t: Tensor, g: G3, C: number, S: number): [number, CudaHandle | null] {
  if (g.channelsLast) return [ptr(t), null];
  const h = relayout(b, ptr(t), t.dtype, g.N, C, S, true);
  return [h.ptr, h];
}
/** Turns a channels-last result into the op's layout (frees `h` when it copies). */
function outputFormat(b: CudaBackend, h: CudaHandle, spec: OutSpec, g: G3, C: number, S: number): CudaHandle {
  if (g.channelsLast) return h;
  const o = relayout(b, h.ptr, spec.dtype, g.N, C, S, false);
  b.dispose(h);
  return o;
}
/** Images per im2col chunk: the column matrix stays under 256 MiB. */
function chunkImages(g: G3, K: number, elt: number): number {
  const perImage = prod3(g.outS) * K * elt;
  return Math.max(1, Math.min(g.N, Math.floor((256 * 2 ** 20) / Math.max(perImage, 1))));
}
const isPointwise = (g: G3): boolean => g.k.every((v) => v === 1) && g.s.every((v) => v === 1) && g.p.every((v) => v === 0);

function convForward(op: string, nd: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend), [x, w] = inputs;
    const f = floatKind(x.dtype);
    if (!f) return b.viaCpu(op, inputs, attrs, outs, ` for ${x.dtype.name}`);
    const g = to3(convGeometry("Conv", x.shape, w.shape.slice(0, nd), attrs, nd));
    const OC = w.shape[nd + 1], K = prod3(g.k) * g.C, elt = elementBytes(x.dtype);
    const S = prod3(g.inS), OS = prod3(g.outS), rows = g.N * OS;
    if (rows === 0 || OC === 0) return [b.out(outs[0])];
    if (K === 0) return [filled(b, outs[0], 0)!];
    const [X, tmpX] = inputNHWC(b, x, g, g.C, S);
    const out = b.allocHandle(rows * OC * elt);
    if (isPointwise(g)) gemm(b, f, false, false, rows, OC, K, X, K, 0, ptr(w), OC, 0, out.ptr, OC, 0);
    else {
      const nb = chunkImages(g, K, elt);
      const col = b.allocHandle(nb * OS * K * elt);
      const gs = geom(g);
      for (let n0 = 0; n0 < g.N; n0 += nb) {
        const cnt = Math.min(nb, g.N - n0), r = cnt * OS;
        b.launch1d(`im2col_${f}`, r * K, X, col.ptr, gs, n0, r * K);
        gemm(b, f, false, false, r, OC, K, col.ptr, K, 0, ptr(w), OC, 0, out.ptr + n0 * OS * OC * elt, OC, 0);
      }
      b.dispose(col);
    }
    if (tmpX) b.dispose(tmpX);
    return [outputFormat(b, out, outs[0], g, OC, OS)];
  };
}

/** dx = col2im(dy · Wᵀ). Inputs [input_sizes, filter, out_backprop]. */
function convBackpropInput(op: string, nd: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend), [, w, dy] = inputs;
    const f = floatKind(w.dtype);
    if (!f) return b.viaCpu(op, inputs, attrs, outs, ` for ${w.dtype.name}`);
    const g = to3(convGeometry("Conv", outs[0].shape, w.shape.slice(0, nd), attrs, nd));
    const OC = w.shape[nd + 1], K = prod3(g.k) * g.C, elt = elementBytes(w.dtype);
    const S = prod3(g.inS), OS = prod3(g.outS);
    if (g.N * S * g.C === 0) return [b.out(outs[0])];
    if (OC === 0 || OS === 0) return [filled(b, outs[0], 0)!];
    const [DY, tmpDY] = inputNHWC(b, dy, g, OC, OS);
    const dx = b.allocHandle(g.N * S * g.C * elt);
    const nb = chunkImages(g, K, elt);
    const col = b.allocHandle(nb * OS * K * elt);
    const gs = geom(g);
    for (let n0 = 0; n0 < g.N; n0 += nb) {
      const cnt = Math.min(nb, g.N - n0), r = cnt * OS;
      gemm(b, f, false, true, r, K, OC, DY + n0 * OS * OC * elt, OC, 0, ptr(w), OC, 0, col.ptr, K, 0);
      b.launch1d(`col2im_${f}`, cnt * S * g.C, col.ptr, dx.ptr, gs, n0, cnt * S * g.C);
    }
    b.dispose(col);
    if (tmpDY) b.dispose(tmpDY);
    return [outputFormat(b, dx, outs[0], g, g.C, S)];
  };
}

/** dW[K, OC] = Σ_chunks colᵀ · dy. Inputs [input, filter_sizes, out_backprop]. */
function convBackpropFilter(op: string, nd: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend), [x, , dy] = inputs;
    const f = floatKind(x.dtype);
    if (!f) return b.viaCpu(op, inputs, attrs, outs, ` for ${x.dtype.name}`);
    const wShape = outs[0].shape;
    const g = to3(convGeometry("Conv", x.shape, wShape.slice(0, nd), attrs, nd));
    const OC = wShape[nd + 1], K = prod3(g.k) * g.C, elt = elementBytes(x.dtype);
    const S = prod3(g.inS), OS = prod3(g.outS), rows = g.N * OS;
    if (rows === 0 || K === 0 || OC === 0) return [filled(b, outs[0], 0)!];
    const [X, tmpX] = inputNHWC(b, x, g, g.C, S);
    const [DY, tmpDY] = inputNHWC(b, dy, g, OC, OS);
    const dw = b.out(outs[0]);
    if (isPointwise(g)) gemm(b, f as Fx, true, false, K, OC, rows, X, K, 0, DY, OC, 0, dw.ptr, OC, 0);
    else {
      const nb = chunkImages(g, K, elt);
      const col = b.allocHandle(nb * OS * K * elt);
      const gs = geom(g);
      for (let n0 = 0; n0 < g.N; n0 += nb) {
        const cnt = Math.min(nb, g.N - n0), r = cnt * OS;
        b.launch1d(`im2col_${f}`, r * K, X, col.ptr, gs, n0, r * K);
        gemm(b, f, true, false, K, OC, r, col.ptr, K, 0, DY + n0 * OS * OC * elt, OC, 0, dw.ptr, OC, 0, 1, n0 > 0 ? 1 : 0);
      }
      b.dispose(col);
    }
    if (tmpX) b.dispose(tmpX);
    if (tmpDY) b.dispose(tmpDY);
    return [dw];
  };
}
registerKernel("cuda", "Conv2D", convForward("Conv2D", 2));
registerKernel("cuda", "Conv3D", convForward("Conv3D", 3));
registerKernel("cuda", "Conv2DBackpropInput", convBackpropInput("Conv2DBackpropInput", 2));
registerKernel("cuda", "Conv3DBackpropInputV2", convBackpropInput("Conv3DBackpropInputV2", 3));
registerKernel("cuda", "Conv2DBackpropFilter", convBackpropFilter("Conv2DBackpropFilter", 2));
registerKernel("cuda", "Conv3DBackpropFilterV2", convBackpropFilter("Conv3DBackpropFilterV2", 3));

// ------------------------------------------------------------------------------------ pooling
function poolGeometry(op: string, xShape: readonly number[], attrs: any, nd: number): G3 {
  const cl = !String(attrs.data_format ?? "").startsWith("NC");
  const ks = cl ? attrs.ksize.slice(1, nd + 1) : attrs.ksize.slice(2, nd + 2);
  return to3(convGeometry(op, xShape as number[], ks, attrs, nd));
}
type PoolKernel = "maxpool" | "avgpool" | "maxpool_gradgrad";
/** Forward-shaped pooling kernels: output per window. Inputs: x (and grad-of-dx for gradgrad). */
function poolForward(op: string, nd: number, kind: PoolKernel): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend), x = inputs[0];
    const f = floatKind(x.dtype);
    if (!f) return b.viaCpu(op, inputs, attrs, outs, ` for ${x.dtype.name}`);
    const g = poolGeometry(op.startsWith("Max") ? "MaxPool" : "AvgPool", x.shape, attrs, nd);
    const S = prod3(g.inS), OS = prod3(g.outS), total = g.N * OS * g.C;
    const [X, tmpX] = inputNHWC(b, x, g, g.C, S);
    const out = b.allocHandle(total * elementBytes(x.dtype));
    if (kind === "maxpool_gradgrad") {
      const [GG, tmpG] = inputNHWC(b, inputs[2], g, g.C, S);
      b.launch1d(`maxpool_gradgrad_${f}`, total, X, GG, out.ptr, geom(g), total);
      if (tmpG) b.dispose(tmpG);
    } else {
      b.launch1d(`${kind}_${f}`, total, X, out.ptr, geom(g), total);
    }
    if (tmpX) b.dispose(tmpX);
    return [outputFormat(b, out, outs[0], g, g.C, OS)];
  };
}
/** MaxPoolGrad: inputs [orig_input, orig_output, grad]. */
function maxPoolGrad(op: string, nd: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend), [x, , dy] = inputs;
    const f = floatKind(x.dtype);
    if (!f) return b.viaCpu(op, inputs, attrs, outs, ` for ${x.dtype.name}`);
    const g = poolGeometry("MaxPool", x.shape, attrs, nd);
    const S = prod3(g.inS), OS = prod3(g.outS), total = g.N * S * g.C;
    const [X, tmpX] = inputNHWC(b, x, g, g.C, S);
    const [DY, tmpDY] = inputNHWC(b, dy, g, g.C, OS);
    const dx = b.allocHandle(total * elementBytes(x.dtype));
    b.launch1d(`maxpool_grad_${f}`, total, X, DY, dx.ptr, geom(g), total);
    if (tmpX) b.dispose(tmpX);
    if (tmpDY) b.dispose(tmpDY);
    return [outputFormat(b, dx, outs[0], g, g.C, S)];
  };
}
/** AvgPoolGrad: inputs [orig_input_shape, grad]. */
function avgPoolGrad(op: string, nd: number): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend), [, dy] = inputs;
    const f = floatKind(dy.dtype);
    if (!f) return b.viaCpu(op, inputs, attrs, outs, ` for ${dy.dtype.name}`);
    const g = poolGeometry("AvgPool", outs[0].shape, attrs, nd);
    const S = prod3(g.inS), OS = prod3(g.outS), total = g.N * S * g.C;
    const [DY, tmpDY] = inputNHWC(b, dy, g, g.C, OS);
    const dx = b.allocHandle(total * elementBytes(dy.dtype));
    b.launch1d(`avgpool_grad_${f}`, total, DY, dx.ptr, geom(g), total);
    if (tmpDY) b.dispose(tmpDY);
    return [outputFormat(b, dx, outs[0], g, g.C, S)];
  };
}
registerKernel("cuda", "MaxPool", poolForward("MaxPool", 2, "maxpool"));
registerKernel("cuda", "MaxPool3D", poolForward("MaxPool3D", 3, "maxpool"));
registerKernel("cuda", "AvgPool", poolForward("AvgPool", 2, "avgpool"));
registerKernel("cuda", "AvgPool3D", poolForward("AvgPool3D", 3, "avgpool"));
registerKernel("cuda", "MaxPoolGradGrad", poolForward("MaxPoolGradGrad", 2, "maxpool_gradgrad"));
registerKernel("cuda", "MaxPool3DGradGrad", poolForward("MaxPool3DGradGrad", 3, "maxpool_gradgrad"));
registerKernel("cuda", "MaxPoolGrad", maxPoolGrad("MaxPoolGrad", 2));
registerKernel("cuda", "MaxPool3DGrad", maxPoolGrad("MaxPool3DGrad", 3));
registerKernel("cuda", "AvgPoolGrad", avgPoolGrad("AvgPoolGrad", 2));
registerKernel("cuda", "AvgPool3DGrad", avgPoolGrad("AvgPool3DGrad", 3));
