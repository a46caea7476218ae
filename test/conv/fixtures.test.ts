import { describe, it, beforeAll } from "vitest";
import * as tf from "../../index";
import { readFileSync } from "fs";
import { join } from "path";

// numpy references from test/fixtures/gen_conv.py: direct tap-sum convolutions and pooling
// (an independent method from the im2col + GEMM kernels), their gradients, NHWC and NCHW.
interface Arr { shape: number[]; data: number[] }
interface Case { op: string; dtype: "float32" | "float64"; data_format: string; attrs: any; tol: number; inputs: Arr[]; expected: Arr[] }
const { cases } = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "conv.json"), "utf8")) as { cases: Case[] };

const T = (a: Arr, d: string) => tf.reshape(tf.constant(a.data, d as "float32"), a.shape);
function close(got: tf.Tensor, want: Arr, tol: number, what: string): void {
  if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) throw new Error(`${what}: shape ${JSON.stringify(got.shape)} != ${JSON.stringify(want.shape)}`);
  const g = got.dataSync() as Float32Array;
  let err = 0, m = 1e-30;
  for (let i = 0; i < want.data.length; i++) { err = Math.max(err, Math.abs(g[i] - want.data[i])); m = Math.max(m, Math.abs(want.data[i])); }
  if (!(err / m <= tol)) throw new Error(`${what}: normwise error ${(err / m).toExponential(3)} > ${tol}`);
}
/** Gradients of sum(y * dy) w.r.t. the listed inputs: the backprop ops with cotangent dy. */
function vjp(f: (...xs: tf.Tensor[]) => tf.Tensor, xs: tf.Tensor[], dy: tf.Tensor): tf.Tensor[] {
  const tape = new tf.GradientTape();
  const y = tape.record(() => { tape.watch(xs); return tf.reduce_sum(tf.multiply(f(...xs), dy)); });
  return tape.gradient(y, xs) as tf.Tensor[];
}
/** The fixture's padding (spatial pairs) in the order the API expects for data_format. */
function padArg(p: any): any { return p; }

function run(c: Case): void {
  const ins = c.inputs.map((a) => T(a, c.dtype));
  const a = c.attrs, fmt = c.data_format, what = `${c.op} ${c.dtype} ${fmt} ${JSON.stringify(a)}`;
  const st = a.strides, dil = a.dilations, pad = padArg(a.padding);
  switch (c.op) {
    case "conv2d": return close(tf.nn.conv2d(ins[0], ins[1], st, pad, fmt, dil), c.expected[0], c.tol, what);
    case "conv2d_backprop": {
      const [dx, dw] = vjp((x, w) => tf.nn.conv2d(x, w, st, pad, fmt, dil), [ins[0], ins[1]], ins[2]);
      close(dx, c.expected[0], c.tol, what + " dx");
      return close(dw, c.expected[1], c.tol, what + " dw");
    }
    case "conv2d_transpose": return close(tf.nn.conv2d_transpose(ins[0], ins[1], a.output_shape, st, pad, fmt), c.expected[0], c.tol, what);
    case "conv1d": return close(tf.nn.conv1d(ins[0], ins[1], st, pad, fmt, dil), c.expected[0], c.tol, what);
    case "conv1d_transpose": return close(tf.nn.conv1d_transpose(ins[0], ins[1], a.output_shape, st, pad, fmt), c.expected[0], c.tol, what);
    case "conv3d": return close(tf.nn.conv3d(ins[0], ins[1], st, pad, fmt, dil), c.expected[0], c.tol, what);
    case "conv3d_backprop": {
      const [dx, dw] = vjp((x, w) => tf.nn.conv3d(x, w, st, pad, fmt, dil), [ins[0], ins[1]], ins[2]);
      close(dx, c.expected[0], c.tol, what + " dx");
      return close(dw, c.expected[1], c.tol, what + " dw");
    }
    case "conv3d_transpose": return close(tf.nn.conv3d_transpose(ins[0], ins[1], a.output_shape, st, pad, fmt), c.expected[0], c.tol, what);
    case "depthwise_conv2d": return close(tf.nn.depthwise_conv2d(ins[0], ins[1], st, pad, fmt, dil), c.expected[0], c.tol, what);
    case "separable_conv2d": return close(tf.nn.separable_conv2d(ins[0], ins[1], ins[2], st, pad, fmt, dil), c.expected[0], c.tol, what);
  }
  const m = /^(max|avg)_pool([123])d$/.exec(c.op);
  if (m) {
    const fn = (tf.nn as any)[c.op] as (...args: any[]) => tf.Tensor;
    close(fn(ins[0], a.ksize, a.strides, pad, fmt), c.expected[0], c.tol, what);
    const [dx] = vjp((x) => fn(x, a.ksize, a.strides, pad, fmt), [ins[0]], ins[1]);
    return close(dx, c.expected[1], c.tol, what + " grad");
  }
  throw new Error(`unknown op ${c.op}`);
}

describe("tf.nn convolution and pooling vs numpy", () => {
  beforeAll(() => tf.config.set_backend("cpu"));
  it.each(cases.map((c, i) => [`#${i} ${c.op} ${c.dtype} ${c.data_format} x${JSON.stringify(c.inputs[0].shape)} ${JSON.stringify(c.attrs)}`, c] as const))("%s", (_t, c) => run(c));
});
