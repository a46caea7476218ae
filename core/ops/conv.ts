/**
 * Convolution and pooling: tf.nn.conv1d/2d/3d, convolution, conv*_transpose, depthwise_conv2d,
 * separable_conv2d, atrous_conv2d, max/avg_pool (1d/2d/3d, generic), tf.nn.pool.
 *
 * Ops carry TF's attributes (strides/dilations/ksize as full-rank lists in data_format order,
 * padding "SAME" | "VALID" | "EXPLICIT" with explicit_paddings), so graphs look like TF's. The
 * gradient ops (Conv2DBackpropInput/Filter, MaxPoolGrad, AvgPoolGrad, ...) are ops with kernels and
 * gradients of their own, so second derivatives work too. The size-carrying int32 inputs of the
 * backprop ops (input_sizes, filter_sizes, orig_input_shape) are read when eager; while building
 * a graph the `shape_hint` attribute gives their static value.
 */
import { Tensor } from "../tensor/tensor";
import { float32, float64, int32 } from "../tensor/dtypes";
import { formatShape } from "../tensor/shape";
import { defineOp, runOp } from "../engine/engine";
import type { OutSpec } from "../backends/backend";
import { TensorLike, toTensor, constant } from "./convert";
import { InvalidArgumentError, UnimplementedError, msg } from "../errors";
import { zerosLike } from "./math";
import { expand_dims, squeeze } from "./array";
import { bindArgs as bindOpts } from "./args";

type Dim = number | null;

// ---------------------------------------------------------------- geometry
export interface ConvGeometry {
  channelsLast: boolean;
  N: Dim; C: Dim;
  inS: Dim[]; outS: Dim[];
  k: number[]; strides: number[]; dilations: number[];
  padBefore: Dim[]; padAfter: Dim[];
}

/** Spatial entries of a full-rank attribute list (data_format order). */
function spatial<T>(list: T[], nd: number, channelsLast: boolean): T[] {
  return channelsLast ? list.slice(1, nd + 1) : list.slice(2, nd + 2);
}

/**
 * Output size and padding per spatial dim, TF's rules:
 *   SAME: out = ceil(in / s), total pad = max((out-1)·s + (k-1)·d + 1 - in, 0), before = floor(total/2);
 *   VALID: out = ceil((in - (k-1)·d) / s); EXPLICIT: out = floor((in + before + after - eff) / s) + 1.
 */
export function convGeometry(op: string, xShape: readonly Dim[], k: number[], attrs: any, nd: number): ConvGeometry {
  const cl = !String(attrs.data_format ?? "").startsWith("NC");
  const inS = spatial(xShape as Dim[], nd, cl);
  const strides = spatial(attrs.strides as number[], nd, cl);
  const dilations = attrs.dilations ? spatial(attrs.dilations as number[], nd, cl) : new Array(nd).fill(1);
  const outS: Dim[] = [], pb: Dim[] = [], pa: Dim[] = [];
  for (let i = 0; i < nd; i++) {
    const n = inS[i], s = strides[i], eff = (k[i] - 1) * dilations[i] + 1;
    if (attrs.padding === "EXPLICIT") {
      const idx = cl ? i + 1 : i + 2;
      const b = attrs.explicit_paddings[2 * idx], a = attrs.explicit_paddings[2 * idx + 1];
      pb.push(b); pa.push(a);
      outS.push(n === null ? null : Math.floor((n + b + a - eff) / s) + 1);
      if (n !== null && n + b + a < eff) throw negativeOutput(op, xShape, n + b + a, eff, s);
    } else if (attrs.padding === "SAME") {
      if (n === null) { outS.push(null); pb.push(null); pa.push(null); continue; }
      const o = Math.ceil(n / s);
      const total = Math.max((o - 1) * s + eff - n, 0);
      outS.push(o); pb.push(Math.floor(total / 2)); pa.push(total - Math.floor(total / 2));
    } else {
      pb.push(0); pa.push(0);
      if (n === null) { outS.push(null); continue; }
      if (n < eff) throw negativeOutput(op, xShape, n, eff, s);
      outS.push(Math.ceil((n - eff + 1) / s));
    }
  }
  return {
    channelsLast: cl, N: xShape[0], C: cl ? xShape[nd + 1] : xShape[1],
    inS, outS, k, strides, dilations, padBefore: pb, padAfter: pa,
  };
}

function negativeOutput(op: string, xShape: readonly Dim[], size: number, eff: number, s: number): InvalidArgumentError {
  return new InvalidArgumentError(msg(
    `${op}: Computed output size would be negative: ${Math.floor((size - eff) / s) + 1} [input_size: ${size}, effective_filter_size: ${eff}, stride: ${s}] (input shape ${formatShape(xShape)}). ` +
    `The window is larger than the (padded) input: use padding="SAME", a smaller window or dilation, or a larger input.`,
    `${op}: 계산된 출력 크기가 음수가 됩니다: ${Math.floor((size - eff) / s) + 1} [입력 크기: ${size}, 유효 필터 크기: ${eff}, stride: ${s}] (입력 형태 ${formatShape(xShape)}). ` +
    `창(window)이 (패딩된) 입력보다 큽니다. padding="SAME", 더 작은 창이나 dilation, 또는 더 큰 입력을 쓰세요.`,
  ));
}

function layoutShape(N: Dim, C: Dim, S: Dim[], channelsLast: boolean): number[] {
  return (channelsLast ? [N, ...S, C] : [N, C, ...S]) as number[];
}

// ---------------------------------------------------------------- validation
function requireFloat(op: string, fn: string, ...ts: Tensor[]): void {
  for (const t of ts) {
    if (t.dtype !== float32 && t.dtype !== float64 && t.dtype.name !== "float16") {
      throw new InvalidArgumentError(msg(
        `Value for attr 'T' of ${t.dtype.name} is not in the list of allowed values: half, float, double [Op:${op}]. ${fn} needs floating-point tensors; cast first, e.g. tf.cast(x, tf.float32).`,
        `${op}에는 부동소수점 텐서가 필요한데 ${t.dtype.name}이(가) 들어왔습니다 [Op:${op}]. 먼저 tf.cast(x, tf.float32)처럼 자료형을 바꾸세요.`,
      ));
    }
  }
  for (const t of ts.slice(1)) {
    if (t.dtype !== ts[0].dtype) {
      throw new InvalidArgumentError(msg(
        `${op}: input and filters must have the same dtype, got ${ts[0].dtype.name} and ${t.dtype.name}. Cast one with tf.cast.`,
        `${op}: 입력과 필터의 자료형이 같아야 하는데 ${ts[0].dtype.name}와(과) ${t.dtype.name}입니다. tf.cast로 맞추세요.`,
      ));
    }
  }
}
function requireRank(op: string, fn: string, t: Tensor, rank: number, what: string, layout: string): void {
  if (t.rank !== rank) {
    throw new InvalidArgumentError(msg(
      `${op}: ${what} must be rank ${rank} (${layout}), got shape ${formatShape(t.shape)}. ` +
      `${what === "input" ? `Add a batch dimension with tf.expand_dims(x, 0) if you have a single example.` : ""}`.trimEnd(),
      `${op}: ${what}은(는) 랭크 ${rank} (${layout})이어야 하는데 형태가 ${formatShape(t.shape)}입니다.` +
      `${what === "input" ? ` 예제가 하나뿐이면 tf.expand_dims(x, 0)로 배치 차원을 붙이세요.` : ""}`,
    ));
  }
  void fn;
}
function channelMismatch(op: string, x: Tensor | readonly Dim[], w: Tensor, C: Dim, Cin: Dim, fmt: string, filterLayout: string): InvalidArgumentError {
  const xs = formatShape(x instanceof Tensor ? x.shape : x), ws = formatShape(w.shape);
  return new InvalidArgumentError(msg(
    `${op}: input depth must be evenly divisible by filter depth: ${C} vs ${Cin}. The input has ${C} channels (shape ${xs}, data_format ${fmt}) ` +
    `but the filters expect ${Cin} input channels (filters shape ${ws}, layout ${filterLayout}). Make the filters' in_channels equal the input's channel dimension.`,
    `${op}: 입력 채널 수가 필터의 입력 채널 수와 맞지 않습니다: ${C} vs ${Cin}. 입력은 채널이 ${C}개 (형태 ${xs}, data_format ${fmt})인데 ` +
    `필터는 입력 채널 ${Cin}개를 기대합니다 (필터 형태 ${ws}, 배치 ${filterLayout}). 필터의 in_channels를 입력 채널 수와 같게 하세요.`,
  ));
}
function clash(a: Dim, b: Dim): boolean { return a !== null && b !== null && a !== b; }

// ---------------------------------------------------------------- size tensors
/** The static shape of `t` as an int32 tensor (a Const in graphs), or its dynamic Shape when unknown. */
function sizesOf(t: Tensor): Tensor {
  if (t.shape.every((d) => d !== null)) return constant(t.shape, int32);
  return runOp("Shape", [t], { out_type: int32 })[0];
}
function readSizes(op: string, s: Tensor, hint: Dim[] | undefined, rank: number): Dim[] {
  if (!s.isSymbolic) return Array.from(s.dataSync() as ArrayLike<number>);
  return hint ?? new Array(rank).fill(null);
}

// ---------------------------------------------------------------- conv op definitions
const FILTER_LAYOUT: Record<number, string> = {
  1: "[width, in_channels, out_channels]", 2: "[height, width, in_channels, out_channels]",
  3: "[depth, height, width, in_channels, out_channels]",
};
const LAYOUTS: Record<number, string> = { 2: "[batch, height, width, channels]", 3: "[batch, depth, height, width, channels]" };

function convDefs(nd: 2 | 3, names: { fwd: string; bi: string; bf: string }, depthwise = false): void {
  const { fwd, bi, bf } = names;
  const fLayout = depthwise ? "[height, width, in_channels, channel_multiplier]" : FILTER_LAYOUT[nd];
  /** Output channels for a filter shape. */
  const outC = (w: readonly Dim[]): Dim => (depthwise ? (w[2] === null || w[3] === null ? null : (w[2] as number) * (w[3] as number)) : w[nd + 1]);
  /** Infers the conv output from the input shape and filter shape, checking channels. */
  const forwardShape = (x: readonly Dim[], w: Tensor | Dim[], attrs: any, xT?: Tensor): { g: ConvGeometry; shape: number[] } => {
    const ws = (w instanceof Tensor ? w.shape : w) as Dim[];
    if (ws.slice(0, nd).some((k) => k !== null && k < 1)) {
      throw new InvalidArgumentError(msg(
        `${fwd}: filter spatial sizes must be >= 1, got filters shape ${formatShape(ws)}.`,
        `${fwd}: 필터의 공간 크기는 1 이상이어야 하는데 필터 형태가 ${formatShape(ws)}입니다.`,
      ));
    }
    const g = convGeometry(fwd, x, ws.slice(0, nd).map((k) => k ?? 1), attrs, nd);
    if (clash(g.C, ws[nd])) {
      throw channelMismatch(fwd, xT ?? x, w instanceof Tensor ? w : ({ shape: ws } as unknown as Tensor), g.C, ws[nd], attrs.data_format, fLayout);
    }
    return { g, shape: layoutShape(g.N, outC(ws), g.outS, g.channelsLast) };
  };

  defineOp({
    name: fwd,
    infer([x, w], attrs): OutSpec[] {
      requireFloat(fwd, "convolution", x, w);
      requireRank(fwd, "", x, nd + 2, "input", LAYOUTS[nd]);
      requireRank(fwd, "", w, nd + 2, "filters", fLayout);
      return [{ shape: forwardShape(x.shape, w, attrs, x).shape, dtype: x.dtype }];
    },
    grad(dys, [x, w], _o, attrs, needs) {
      const dy = dys[0]!;
      // No input gradient for a first layer's images (TF's skip_input_indices): a whole convolution saved.
      return [
        needs[0] ? runOp(bi, [sizesOf(x), w, dy], { ...attrs, shape_hint: x.shape })[0] : null,
        needs[1] ? runOp(bf, [x, sizesOf(w), dy], { ...attrs, shape_hint: w.shape })[0] : null,
      ];
    },
  });

  defineOp({
    name: bi,
    infer([s, w, dy], attrs): OutSpec[] {
      requireFloat(bi, "conv_transpose", w, dy);
      requireRank(bi, "", w, nd + 2, "filters", fLayout);
      requireRank(bi, "", dy, nd + 2, "out_backprop", LAYOUTS[nd]);
      const sizes = readSizes(bi, s, attrs.shape_hint, nd + 2);
      if (sizes.length !== nd + 2) {
        throw new InvalidArgumentError(msg(
          `${bi}: input_sizes (the output_shape of a transposed convolution) must have ${nd + 2} entries, got ${JSON.stringify(sizes)}.`,
          `${bi}: input_sizes(전치 합성곱의 output_shape)는 원소가 ${nd + 2}개여야 하는데 ${JSON.stringify(sizes)}입니다.`,
        ));
      }
      const { g, shape } = forwardShape(sizes, w, attrs);
      const dyS = spatial(dy.shape as Dim[], nd, g.channelsLast);
      const dyC = g.channelsLast ? dy.shape[nd + 1] : dy.shape[1];
      const bad = g.outS.some((o, i) => clash(o, dyS[i])) || clash(dyC, shape[g.channelsLast ? nd + 1 : 1]) || clash(g.N, dy.shape[0]);
      if (bad) {
        throw new InvalidArgumentError(msg(
          `${bi}: out_backprop shape ${formatShape(dy.shape)} does not match the convolution of an input of shape ${formatShape(sizes)} with filters ${formatShape(w.shape)}, ` +
          `strides ${JSON.stringify(attrs.strides)} and padding ${attrs.padding}, which gives ${formatShape(shape)}. ` +
          `For conv_transpose: choose output_shape so that convolving it (same strides/padding) gives the input's shape, and filters [..., out_channels, in_channels].`,
          `${bi}: out_backprop 형태 ${formatShape(dy.shape)}가 형태 ${formatShape(sizes)}인 입력을 필터 ${formatShape(w.shape)}, strides ${JSON.stringify(attrs.strides)}, padding ${attrs.padding}로 ` +
          `합성곱한 결과 ${formatShape(shape)}와 맞지 않습니다. conv_transpose라면 output_shape를 (같은 strides/padding으로) 합성곱했을 때 입력 형태가 나오도록 고르고, 필터는 [..., out_channels, in_channels]로 두세요.`,
        ));
      }
      return [{ shape: sizes as number[], dtype: w.dtype }];
    },
    grad(dys, [, w, dy], _o, attrs, needs) {
      const g = dys[0]!;
      const a = { ...attrs, shape_hint: undefined };
      return [null, needs[1] ? runOp(bf, [g, sizesOf(w), dy], { ...a, shape_hint: w.shape })[0] : null, needs[2] ? runOp(fwd, [g, w], a)[0] : null];
    },
  });

  defineOp({
    name: bf,
    infer([x, s, dy], attrs): OutSpec[] {
      requireFloat(bf, "convolution", x, dy);
      requireRank(bf, "", x, nd + 2, "input", LAYOUTS[nd]);
      const sizes = readSizes(bf, s, attrs.shape_hint, nd + 2);
      const { g, shape } = forwardShape(x.shape, sizes, attrs, x);
      const dyS = spatial(dy.shape as Dim[], nd, g.channelsLast);
      if (dy.rank !== nd + 2 || g.outS.some((o, i) => clash(o, dyS[i])) || clash(dy.shape[g.channelsLast ? nd + 1 : 1], shape[g.channelsLast ? nd + 1 : 1])) {
        throw new InvalidArgumentError(msg(
          `${bf}: out_backprop shape ${formatShape(dy.shape)} does not match the convolution output ${formatShape(shape)} of input ${formatShape(x.shape)} and filters ${formatShape(sizes)}.`,
          `${bf}: out_backprop 형태 ${formatShape(dy.shape)}가 입력 ${formatShape(x.shape)}와 필터 ${formatShape(sizes)}의 합성곱 출력 ${formatShape(shape)}와 맞지 않습니다.`,
        ));
      }
      return [{ shape: sizes as number[], dtype: x.dtype }];
    },
    grad(dys, [x, , dy], _o, attrs, needs) {
      const g = dys[0]!;
      const a = { ...attrs, shape_hint: undefined };
      return [needs[0] ? runOp(bi, [sizesOf(x), g, dy], { ...a, shape_hint: x.shape })[0] : null, null, needs[2] ? runOp(fwd, [x, g], a)[0] : null];
    },
  });
}

convDefs(2, { fwd: "Conv2D", bi: "Conv2DBackpropInput", bf: "Conv2DBackpropFilter" });
convDefs(3, { fwd: "Conv3D", bi: "Conv3DBackpropInputV2", bf: "Conv3DBackpropFilterV2" });
convDefs(2, { fwd: "DepthwiseConv2dNative", bi: "DepthwiseConv2dNativeBackpropInput", bf: "DepthwiseConv2dNativeBackpropFilter" }, true);

// ---------------------------------------------------------------- pool op definitions
function poolDefs(nd: 2 | 3, names: { max: string; maxGrad: string; maxGradGrad: string; avg: string; avgGrad: string }): void {
  const outSpec = (op: string, x: readonly Dim[], attrs: any, dtype: Tensor["dtype"]): OutSpec => {
    const cl = !String(attrs.data_format ?? "").startsWith("NC");
    const g = convGeometry(op, x, spatial(attrs.ksize as number[], nd, cl), attrs, nd);
    return { shape: layoutShape(g.N, g.C, g.outS, cl), dtype };
  };
  const check = (op: string, x: Tensor): void => {
    requireFloat(op, "pooling", x);
    requireRank(op, "", x, nd + 2, "input", LAYOUTS[nd]);
  };
  defineOp({
    name: names.max,
    infer([x], attrs) { check(names.max, x); return [outSpec(names.max, x.shape, attrs, x.dtype)]; },
    grad: (dys, [x], [y], attrs) => [runOp(names.maxGrad, [x, y, dys[0]!], attrs)[0]],
  });
  defineOp({
    name: names.maxGrad,
    infer([x]) { return [{ shape: x.shape, dtype: x.dtype }]; },
    grad: (dys, [x, y], _o, attrs) => [zerosLike(x), zerosLike(y), runOp(names.maxGradGrad, [x, y, dys[0]!], attrs)[0]],
  });
  defineOp({
    name: names.maxGradGrad,
    infer([, y]) { return [{ shape: y.shape, dtype: y.dtype }]; },
    grad: (dys, [x, y], _o, attrs) => [zerosLike(x), zerosLike(y), runOp(names.maxGrad, [x, y, dys[0]!], attrs)[0]],
  });
  defineOp({
    name: names.avg,
    infer([x], attrs) {
      check(names.avg, x);
      if (attrs.padding === "EXPLICIT") {
        throw new InvalidArgumentError(msg(
          `${names.avg}: explicit padding is not supported for average pooling (TF allows only "SAME" or "VALID").`,
          `${names.avg}: 평균 풀링에는 명시적 패딩을 쓸 수 없습니다 (TF는 "SAME" 또는 "VALID"만 허용).`,
        ));
      }
      return [outSpec(names.avg, x.shape, attrs, x.dtype)];
    },
    grad: (dys, [x], _o, attrs) => [runOp(names.avgGrad, [sizesOf(x), dys[0]!], { ...attrs, shape_hint: x.shape })[0]],
  });
  defineOp({
    name: names.avgGrad,
    infer([s, dy], attrs) { return [{ shape: readSizes(names.avgGrad, s, attrs.shape_hint, nd + 2) as number[], dtype: dy.dtype }]; },
    grad: (dys, _i, _o, attrs) => [null, runOp(names.avg, [dys[0]!], { ...attrs, shape_hint: undefined })[0]],
  });
}
poolDefs(2, { max: "MaxPool", maxGrad: "MaxPoolGrad", maxGradGrad: "MaxPoolGradGrad", avg: "AvgPool", avgGrad: "AvgPoolGrad" });
poolDefs(3, { max: "MaxPool3D", maxGrad: "MaxPool3DGrad", maxGradGrad: "MaxPool3DGradGrad", avg: "AvgPool3D", avgGrad: "AvgPool3DGrad" });

// ================================================================ argument normalization
const FORMATS: Record<number, [string, string]> = { 1: ["NWC", "NCW"], 2: ["NHWC", "NCHW"], 3: ["NDHWC", "NCDHW"] };

function dataFormat(fn: string, nd: number, v: unknown): { fmt: string; cl: boolean } {
  const [last, first] = FORMATS[nd];
  const f = v == null ? last : String(v).toUpperCase();
  if (f !== last && f !== first) {
    throw new InvalidArgumentError(msg(
      `${fn}: data_format must be "${last}" (channels last) or "${first}" (channels first) for ${nd}-D inputs, got ${JSON.stringify(v)}.`,
      `${fn}: ${nd}차원 입력의 data_format은 "${last}"(채널 마지막) 또는 "${first}"(채널 먼저)여야 하는데 ${JSON.stringify(v)}입니다.`,
    ));
  }
  return { fmt: f, cl: f === last };
}

/** TF's _get_sequence: int or list of 1 / nd / nd+2 values -> a full-rank list (batch and channel entries 1). */
function fullList(fn: string, what: string, v: unknown, nd: number, cl: boolean, dflt = 1): number[] {
  let list: number[];
  if (v == null) list = new Array(nd).fill(dflt);
  else if (typeof v === "number") list = new Array(nd).fill(v);
  else if (v instanceof Tensor) list = Array.from(v.dataSync() as ArrayLike<number>);
  else if (Array.isArray(v)) list = v.map(Number);
  else throw badList(fn, what, v, nd);
  if (list.length === 1) list = new Array(nd).fill(list[0]);
  if (list.some((x) => !Number.isInteger(x) || x < 1)) throw badList(fn, what, v, nd);
  if (list.length === nd) return cl ? [1, ...list, 1] : [1, 1, ...list];
  if (list.length === nd + 2) {
    const ends = cl ? [list[0], list[nd + 1]] : [list[0], list[1]];
    if (ends.some((e) => e !== 1)) {
      throw new InvalidArgumentError(msg(
        `${fn}: ${what} ${JSON.stringify(list)}: current implementation does not yet support ${what} in the batch and depth dimensions (they must be 1).`,
        `${fn}: ${what} ${JSON.stringify(list)}: 배치와 채널 차원의 ${what}는 1이어야 합니다.`,
      ));
    }
    return list;
  }
  throw badList(fn, what, v, nd);
}
function badList(fn: string, what: string, v: unknown, nd: number): InvalidArgumentError {
  return new InvalidArgumentError(msg(
    `${fn}: ${what} must be a positive integer or a list of 1, ${nd} or ${nd + 2} positive integers, got ${JSON.stringify(v)}.`,
    `${fn}: ${what}는 양의 정수 하나, 또는 양의 정수 1개/${nd}개/${nd + 2}개의 리스트여야 하는데 ${JSON.stringify(v)}입니다.`,
  ));
}

/** "SAME" | "VALID" | explicit [[before, after], ...] (one pair per dim, data_format order). */
function paddingAttrs(fn: string, v: unknown, nd: number, cl: boolean, allowExplicit = true): { padding: string; explicit_paddings: number[] } {
  if (typeof v === "string") {
    const p = v.toUpperCase();
    if (p === "SAME" || p === "VALID") return { padding: p, explicit_paddings: [] };
  }
  if (Array.isArray(v) && allowExplicit) {
    let pairs = v as unknown[];
    if (pairs.length === nd && pairs.every((p) => Array.isArray(p))) {
      pairs = cl ? [[0, 0], ...pairs, [0, 0]] : [[0, 0], [0, 0], ...pairs];
    }
    const ok = pairs.length === nd + 2 && pairs.every((p) => Array.isArray(p) && p.length === 2 && p.every((q) => Number.isInteger(q) && q >= 0));
    if (!ok) {
      throw new InvalidArgumentError(msg(
        `${fn}: explicit padding must be a list of ${nd + 2} [before, after] pairs of non-negative integers (one per dimension, in data_format order), got ${JSON.stringify(v)}.`,
        `${fn}: 명시적 패딩은 음이 아닌 정수 [before, after] 쌍 ${nd + 2}개(차원마다 하나, data_format 순서)의 리스트여야 하는데 ${JSON.stringify(v)}입니다.`,
      ));
    }
    const flat = (pairs as number[][]).flat();
    const ends = cl ? [0, 1, 2 * nd + 2, 2 * nd + 3] : [0, 1, 2, 3];
    if (ends.some((i) => flat[i] !== 0)) {
      throw new InvalidArgumentError(msg(
        `${fn}: explicit padding ${JSON.stringify(v)} pads the batch or channel dimension; only spatial dimensions may be padded (their pairs must be [0, 0]).`,
        `${fn}: 명시적 패딩 ${JSON.stringify(v)}이(가) 배치나 채널 차원을 패딩합니다. 공간 차원만 패딩할 수 있습니다 (해당 쌍은 [0, 0]이어야 함).`,
      ));
    }
    return { padding: "EXPLICIT", explicit_paddings: flat };
  }
  throw new InvalidArgumentError(msg(
    `${fn}: padding must be "SAME" or "VALID"${allowExplicit ? ` or a list of [before, after] pairs` : ""}, got ${JSON.stringify(v)}.`,
    `${fn}: padding은 "SAME" 또는 "VALID"${allowExplicit ? ` 또는 [before, after] 쌍의 리스트` : ""}여야 하는데 ${JSON.stringify(v)}입니다.`,
  ));
}

function requirePadding(fn: string, v: unknown): void {
  if (v == null) {
    throw new InvalidArgumentError(msg(`${fn}: padding is required ("SAME" or "VALID").`, `${fn}: padding을 지정해야 합니다 ("SAME" 또는 "VALID").`));
  }
}

function convAttrs(fn: string, nd: number, o: Record<string, any>, stridesKey = "strides") {
  const { fmt, cl } = dataFormat(fn, nd, o.data_format);
  requirePadding(fn, o.padding);
  return {
    strides: fullList(fn, stridesKey, o[stridesKey], nd, cl),
    dilations: fullList(fn, "dilations", o.dilations, nd, cl),
    ...paddingAttrs(fn, o.padding, nd, cl),
    data_format: fmt,
  };
}

// ================================================================ public functions
type Opts = Record<string, any>;

/** `tf.nn.conv2d(input, filters, strides, padding, data_format='NHWC', dilations=None, name=None)` */
export function conv2d(input: TensorLike, filters: TensorLike, strides?: number | number[] | Opts, padding?: string | number[][] | Opts, data_format?: string | Opts, dilations?: number | number[] | Opts, name?: string): Tensor {
  const o = bindOpts("conv2d", ["input", "filters", "strides", "padding", "data_format", "dilations", "name"], [input, filters, strides, padding, data_format, dilations, name], 2);
  const x = toTensor(input, "conv2d");
  return runOp("Conv2D", [x, toTensor(filters, "conv2d", x.dtype)], convAttrs("conv2d", 2, o), o.name)[0];
}
/** `tf.nn.conv3d(input, filters, strides, padding, data_format='NDHWC', dilations=None, name=None)` */
export function conv3d(input: TensorLike, filters: TensorLike, strides?: number | number[] | Opts, padding?: string | Opts, data_format?: string | Opts, dilations?: number | number[] | Opts, name?: string): Tensor {
  const o = bindOpts("conv3d", ["input", "filters", "strides", "padding", "data_format", "dilations", "name"], [input, filters, strides, padding, data_format, dilations, name], 2);
  const x = toTensor(input, "conv3d");
  const a = convAttrs("conv3d", 3, o);
  if (a.padding === "EXPLICIT") throw new InvalidArgumentError(msg(`conv3d: padding must be "SAME" or "VALID" (Conv3D has no explicit padding).`, `conv3d: padding은 "SAME" 또는 "VALID"여야 합니다.`));
  return runOp("Conv3D", [x, toTensor(filters, "conv3d", x.dtype)], a, o.name)[0];
}
/** `tf.nn.conv1d(input, filters, stride, padding, data_format='NWC', dilations=None, name=None)`: a Conv2D over [N, 1, W, C]. */
export function conv1d(input: TensorLike, filters: TensorLike, stride?: number | number[] | Opts, padding?: string | Opts, data_format?: string | Opts, dilations?: number | number[] | Opts, name?: string): Tensor {
  const o = bindOpts("conv1d", ["input", "filters", "stride", "padding", "data_format", "dilations", "name"], [input, filters, stride, padding, data_format, dilations, name], 2);
  const x = toTensor(input, "conv1d"), w = toTensor(filters, "conv1d", x.dtype);
  const { cl } = dataFormat("conv1d", 1, o.data_format);
  requireRank("Conv2D", "conv1d", x, 3, "input", cl ? "[batch, width, channels]" : "[batch, channels, width]");
  requireRank("Conv2D", "conv1d", w, 3, "filters", FILTER_LAYOUT[1]);
  const s = fullList("conv1d", "stride", o.stride, 1, cl), d = fullList("conv1d", "dilations", o.dilations, 1, cl);
  const lift = (l: number[]) => (cl ? [1, 1, l[1], 1] : [1, 1, 1, l[2]]);
  const pa = o.padding == null ? null : paddingAttrs("conv1d", o.padding, 1, cl);
  requirePadding("conv1d", o.padding);
  const ep = pa!.padding === "EXPLICIT" ? (cl ? [0, 0, 0, 0, ...pa!.explicit_paddings.slice(2)] : [0, 0, 0, 0, 0, 0, ...pa!.explicit_paddings.slice(4)]) : [];
  const y = runOp("Conv2D", [expand_dims(x, cl ? 1 : 2), expand_dims(w, 0)], {
    strides: lift(s), dilations: lift(d), padding: pa!.padding, explicit_paddings: ep, data_format: cl ? "NHWC" : "NCHW",
  }, o.name)[0];
  return squeeze(y, [cl ? 1 : 2]);
}
/** `tf.nn.convolution(input, filters, strides=None, padding='VALID', data_format=None, dilations=None, name=None)` */
export function convolution(input: TensorLike, filters: TensorLike, strides?: number | number[] | Opts, padding?: string | Opts, data_format?: string | Opts, dilations?: number | number[] | Opts, name?: string): Tensor {
  const o = bindOpts("convolution", ["input", "filters", "strides", "padding", "data_format", "dilations", "name"], [input, filters, strides, padding, data_format, dilations, name], 2);
  const x = toTensor(input, "convolution");
  const args = { strides: o.strides, padding: o.padding ?? "VALID", data_format: o.data_format ?? undefined, dilations: o.dilations, name: o.name };
  if (x.rank === 3) { const { strides: s, ...rest } = args; return conv1d(x, filters, { stride: s, ...rest }); }
  if (x.rank === 4) return conv2d(x, filters, args);
  if (x.rank === 5) return conv3d(x, filters, args);
  throw new InvalidArgumentError(msg(
    `convolution: input must be rank 3, 4 or 5 (1-D, 2-D or 3-D convolution with batch and channel dims), got shape ${formatShape(x.shape)}.`,
    `convolution: 입력은 랭크 3, 4, 5 (배치·채널 차원을 포함한 1/2/3차원 합성곱)여야 하는데 형태가 ${formatShape(x.shape)}입니다.`,
  ));
}

function outputShapeList(fn: string, v: unknown, nd: number): number[] {
  if (v == null) throw new InvalidArgumentError(msg(`${fn}: output_shape is required.`, `${fn}: output_shape를 지정해야 합니다.`));
  const l = v instanceof Tensor ? Array.from(v.dataSync() as ArrayLike<number>) : Array.isArray(v) ? v.map(Number) : null;
  if (!l || l.length !== nd + 2 || l.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new InvalidArgumentError(msg(
      `${fn}: output_shape must be ${nd + 2} non-negative integers (batch, spatial dims, channels in data_format order), got ${JSON.stringify(v)}.`,
      `${fn}: output_shape는 음이 아닌 정수 ${nd + 2}개(배치, 공간 차원, 채널; data_format 순서)여야 하는데 ${JSON.stringify(v)}입니다.`,
    ));
  }
  return l;
}
function convTranspose(fn: string, op: string, nd: number, o: Opts): Tensor {
  const x = toTensor(o.input, fn), w = toTensor(o.filters, fn, x.dtype);
  const a = convAttrs(fn, nd, { ...o, padding: o.padding ?? "SAME" });
  const shape = outputShapeList(fn, o.output_shape, nd);
  return runOp(op, [constant(shape, int32), w, x], { ...a, shape_hint: shape }, o.name)[0];
}
/** `tf.nn.conv2d_transpose(input, filters, output_shape, strides, padding='SAME', data_format='NHWC', dilations=None, name=None)`; filters are [h, w, out_channels, in_channels]. */
export function conv2d_transpose(input: TensorLike, filters: TensorLike, output_shape?: number[] | Tensor | Opts, strides?: number | number[] | Opts, padding?: string | Opts, data_format?: string | Opts, dilations?: number | number[] | Opts, name?: string): Tensor {
  const o = bindOpts("conv2d_transpose", ["input", "filters", "output_shape", "strides", "padding", "data_format", "dilations", "name"], [input, filters, output_shape, strides, padding, data_format, dilations, name], 2);
  return convTranspose("conv2d_transpose", "Conv2DBackpropInput", 2, { ...o, input, filters });
}
/** `tf.nn.conv3d_transpose(input, filters, output_shape, strides, padding='SAME', data_format='NDHWC', dilations=None, name=None)` */
export function conv3d_transpose(input: TensorLike, filters: TensorLike, output_shape?: number[] | Tensor | Opts, strides?: number | number[] | Opts, padding?: string | Opts, data_format?: string | Opts, dilations?: number | number[] | Opts, name?: string): Tensor {
  const o = bindOpts("conv3d_transpose", ["input", "filters", "output_shape", "strides", "padding", "data_format", "dilations", "name"], [input, filters, output_shape, strides, padding, data_format, dilations, name], 2);
  return convTranspose("conv3d_transpose", "Conv3DBackpropInputV2", 3, { ...o, input, filters });
}
/** `tf.nn.conv1d_transpose(input, filters, output_shape, strides, padding='SAME', data_format='NWC', dilations=None, name=None)` */
export function conv1d_transpose(input: TensorLike, filters: TensorLike, output_shape?: number[] | Tensor | Opts, strides?: number | number[] | Opts, padding?: string | Opts, data_format?: string | Opts, dilations?: number | number[] | Opts, name?: string): Tensor {
  const o = bindOpts("conv1d_transpose", ["input", "filters", "output_shape", "strides", "padding", "data_format", "dilations", "name"], [input, filters, output_shape, strides, padding, data_format, dilations, name], 2);
  const x = toTensor(input, "conv1d_transpose"), w = toTensor(filters, "conv1d_transpose", x.dtype);
  const { cl } = dataFormat("conv1d_transpose", 1, o.data_format);
  const s = fullList("conv1d_transpose", "strides", o.strides, 1, cl), d = fullList("conv1d_transpose", "dilations", o.dilations, 1, cl);
  const shape = outputShapeList("conv1d_transpose", o.output_shape, 1);
  const lift = (l: number[]) => (cl ? [1, 1, l[1], 1] : [1, 1, 1, l[2]]);
  const shape2 = cl ? [shape[0], 1, shape[1], shape[2]] : [shape[0], shape[1], 1, shape[2]];
  const pa = paddingAttrs("conv1d_transpose", o.padding ?? "SAME", 1, cl, false);
  const y = runOp("Conv2DBackpropInput", [constant(shape2, int32), expand_dims(w, 0), expand_dims(x, cl ? 1 : 2)], {
    strides: lift(s), dilations: lift(d), padding: pa.padding, explicit_paddings: [], data_format: cl ? "NHWC" : "NCHW", shape_hint: shape2,
  }, o.name)[0];
  return squeeze(y, [cl ? 1 : 2]);
}

/** `tf.nn.depthwise_conv2d(input, filter, strides, padding, data_format=None, dilations=None, name=None)`; filter [h, w, in_channels, channel_multiplier]. */
export function depthwise_conv2d(input: TensorLike, filter: TensorLike, strides?: number | number[] | Opts, padding?: string | Opts, data_format?: string | Opts, dilations?: number | number[] | Opts, name?: string): Tensor {
  const o = bindOpts("depthwise_conv2d", ["input", "filter", "strides", "padding", "data_format", "dilations", "name"], [input, filter, strides, padding, data_format, dilations, name], 2);
  const x = toTensor(input, "depthwise_conv2d");
  return runOp("DepthwiseConv2dNative", [x, toTensor(filter, "depthwise_conv2d", x.dtype)], convAttrs("depthwise_conv2d", 2, o), o.name)[0];
}
/** `tf.nn.depthwise_conv2d_backprop_input(input_sizes, filter, out_backprop, strides, padding, data_format='NHWC', dilations=[1,1,1,1], name=None)` */
export function depthwise_conv2d_backprop_input(input_sizes: number[] | Tensor, filter: TensorLike, out_backprop: TensorLike, strides?: number | number[] | Opts, padding?: string | Opts, data_format?: string | Opts, dilations?: number | number[] | Opts, name?: string): Tensor {
  const o = bindOpts("depthwise_conv2d_backprop_input", ["input_sizes", "filter", "out_backprop", "strides", "padding", "data_format", "dilations", "name"], [input_sizes, filter, out_backprop, strides, padding, data_format, dilations, name], 3);
  const w = toTensor(filter, "depthwise_conv2d_backprop_input"), shape = outputShapeList("depthwise_conv2d_backprop_input", input_sizes, 2);
  return runOp("DepthwiseConv2dNativeBackpropInput", [constant(shape, int32), w, toTensor(out_backprop, "depthwise_conv2d_backprop_input", w.dtype)],
    { ...convAttrs("depthwise_conv2d_backprop_input", 2, o), shape_hint: shape }, o.name)[0];
}
/** `tf.nn.depthwise_conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding, data_format='NHWC', dilations=[1,1,1,1], name=None)` */
export function depthwise_conv2d_backprop_filter(input: TensorLike, filter_sizes: number[] | Tensor, out_backprop: TensorLike, strides?: number | number[] | Opts, padding?: string | Opts, data_format?: string | Opts, dilations?: number | number[] | Opts, name?: string): Tensor {
  const o = bindOpts("depthwise_conv2d_backprop_filter", ["input", "filter_sizes", "out_backprop", "strides", "padding", "data_format", "dilations", "name"], [input, filter_sizes, out_backprop, strides, padding, data_format, dilations, name], 3);
  const x = toTensor(input, "depthwise_conv2d_backprop_filter"), shape = outputShapeList("depthwise_conv2d_backprop_filter", filter_sizes, 2);
  return runOp("DepthwiseConv2dNativeBackpropFilter", [x, constant(shape, int32), toTensor(out_backprop, "depthwise_conv2d_backprop_filter", x.dtype)],
    { ...convAttrs("depthwise_conv2d_backprop_filter", 2, o), shape_hint: shape }, o.name)[0];
}
/** `tf.nn.separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding, data_format=None, dilations=None, name=None)` */
export function separable_conv2d(input: TensorLike, depthwise_filter: TensorLike, pointwise_filter: TensorLike, strides?: number | number[] | Opts, padding?: string | Opts, data_format?: string | Opts, dilations?: number | number[] | Opts, name?: string): Tensor {
  const o = bindOpts("separable_conv2d", ["input", "depthwise_filter", "pointwise_filter", "strides", "padding", "data_format", "dilations", "name"], [input, depthwise_filter, pointwise_filter, strides, padding, data_format, dilations, name], 3);
  const x = toTensor(input, "separable_conv2d");
  const pw = toTensor(pointwise_filter, "separable_conv2d", x.dtype);
  if (pw.rank !== 4 || pw.shape[0] !== 1 || pw.shape[1] !== 1) {
    throw new InvalidArgumentError(msg(
      `separable_conv2d: pointwise_filter must be [1, 1, in_channels * channel_multiplier, out_channels], got shape ${formatShape(pw.shape)}.`,
      `separable_conv2d: pointwise_filter는 [1, 1, in_channels * channel_multiplier, out_channels] 형태여야 하는데 ${formatShape(pw.shape)}입니다.`,
    ));
  }
  const dw = depthwise_conv2d(x, depthwise_filter, { strides: o.strides, padding: o.padding, data_format: o.data_format, dilations: o.dilations });
  return conv2d(dw, pw, { strides: 1, padding: "VALID", data_format: o.data_format, name: o.name });
}
/** `tf.nn.atrous_conv2d(value, filters, rate, padding, name=None)`: conv2d with dilation `rate`. */
export function atrous_conv2d(value: TensorLike, filters: TensorLike, rate?: number | Opts, padding?: string | Opts, name?: string): Tensor {
  const o = bindOpts("atrous_conv2d", ["value", "filters", "rate", "padding", "name"], [value, filters, rate, padding, name], 2);
  if (!Number.isInteger(o.rate) || o.rate < 1) {
    throw new InvalidArgumentError(msg(`atrous_conv2d: rate must be a positive integer, got ${JSON.stringify(o.rate)}.`, `atrous_conv2d: rate는 양의 정수여야 하는데 ${JSON.stringify(o.rate)}입니다.`));
  }
  return conv2d(value, filters, { strides: 1, padding: o.padding, dilations: o.rate, name: o.name });
}

// ---------------------------------------------------------------- pooling
function poolCall(fn: string, kind: "max" | "avg", nd: number, o: Opts): Tensor {
  const x = toTensor(o.input, fn);
  const liftTo2 = nd === 1;
  const { fmt, cl } = dataFormat(fn, nd, o.data_format);
  requireRank(kind === "max" ? "MaxPool" : "AvgPool", fn, x, nd + 2, "input",
    nd === 1 ? (cl ? "[batch, width, channels]" : "[batch, channels, width]") : LAYOUTS[nd]);
  if (o.ksize == null) throw new InvalidArgumentError(msg(`${fn}: ksize is required (the window size).`, `${fn}: ksize(창 크기)를 지정해야 합니다.`));
  requirePadding(fn, o.padding);
  let ksize = fullList(fn, "ksize", o.ksize, nd, cl);
  let strides = fullList(fn, "strides", o.strides ?? o.ksize, nd, cl);
  let dil = fullList(fn, "dilations", o.dilations, nd, cl);
  let pads = paddingAttrs(fn, o.padding, nd, cl, kind === "max");
  let fmt2 = fmt, xin = x;
  if (liftTo2) {
    const lift = (l: number[]) => (cl ? [1, 1, l[1], 1] : [1, 1, 1, l[2]]);
    ksize = lift(ksize); strides = lift(strides); dil = lift(dil);
    if (pads.padding === "EXPLICIT") pads = { padding: "EXPLICIT", explicit_paddings: cl ? [0, 0, 0, 0, ...pads.explicit_paddings.slice(2)] : [0, 0, 0, 0, 0, 0, ...pads.explicit_paddings.slice(4)] };
    fmt2 = cl ? "NHWC" : "NCHW";
    xin = expand_dims(x, cl ? 1 : 2);
  }
  const ndOp = liftTo2 ? 2 : nd;
  const op = kind === "max" ? (ndOp === 3 ? "MaxPool3D" : "MaxPool") : (ndOp === 3 ? "AvgPool3D" : "AvgPool");
  const attrs: Opts = { ksize, strides, ...pads, data_format: fmt2 };
  if (dil.some((d) => d !== 1)) attrs.dilations = dil;
  const y = runOp(op, [xin], attrs, o.name)[0];
  return liftTo2 ? squeeze(y, [cl ? 1 : 2]) : y;
}
function poolFn(fn: string, kind: "max" | "avg", nd: number | null) {
  return (input: TensorLike, ksize?: number | number[] | Opts, strides?: number | number[] | Opts, padding?: string | number[][] | Opts, data_format?: string | Opts, name?: string): Tensor => {
    const o = bindOpts(fn, ["input", "ksize", "strides", "padding", "data_format", "name"], [input, ksize, strides, padding, data_format, name]);
    let n = nd;
    if (n === null) {
      const x = toTensor(input, fn);
      n = x.rank - 2;
      if (n < 1 || n > 3) {
        throw new InvalidArgumentError(msg(
          `${fn}: input must be rank 3, 4 or 5 (1-D, 2-D or 3-D pooling with batch and channel dims), got shape ${formatShape(x.shape)}.`,
          `${fn}: 입력은 랭크 3, 4, 5여야 하는데 형태가 ${formatShape(x.shape)}입니다.`,
        ));
      }
      o.input = x;
    } else o.input = input;
    if (o.strides == null) {
      throw new InvalidArgumentError(msg(`${fn}: strides is required.`, `${fn}: strides를 지정해야 합니다.`));
    }
    return poolCall(fn, kind, n, o);
  };
}
/** `tf.nn.max_pool1d(input, ksize, strides, padding, data_format='NWC', name=None)` */
export const max_pool1d = poolFn("max_pool1d", "max", 1);
/** `tf.nn.max_pool2d(input, ksize, strides, padding, data_format='NHWC', name=None)` */
export const max_pool2d = poolFn("max_pool2d", "max", 2);
/** `tf.nn.max_pool3d(input, ksize, strides, padding, data_format='NDHWC', name=None)` */
export const max_pool3d = poolFn("max_pool3d", "max", 3);
/** `tf.nn.max_pool(input, ksize, strides, padding, data_format=None, name=None)`: 1-D/2-D/3-D by the input's rank. */
export const max_pool = poolFn("max_pool", "max", null);
/** `tf.nn.avg_pool1d(input, ksize, strides, padding, data_format='NWC', name=None)` */
export const avg_pool1d = poolFn("avg_pool1d", "avg", 1);
/** `tf.nn.avg_pool2d(input, ksize, strides, padding, data_format='NHWC', name=None)` */
export const avg_pool2d = poolFn("avg_pool2d", "avg", 2);
/** `tf.nn.avg_pool3d(input, ksize, strides, padding, data_format='NDHWC', name=None)` */
export const avg_pool3d = poolFn("avg_pool3d", "avg", 3);
/** `tf.nn.avg_pool(input, ksize, strides, padding, data_format=None, name=None)` */
export const avg_pool = poolFn("avg_pool", "avg", null);

/**
 * `tf.nn.pool(input, window_shape, pooling_type, strides=None, padding='VALID', data_format=None, dilations=None, name=None)`:
 * "MAX" or "AVG" pooling of any rank 1–3, with optional dilation.
 */
export function pool(input: TensorLike, window_shape?: number[] | Opts, pooling_type?: string | Opts, strides?: number[] | Opts, padding?: string | Opts, data_format?: string | Opts, dilations?: number[] | Opts, name?: string): Tensor {
  const o = bindOpts("pool", ["input", "window_shape", "pooling_type", "strides", "padding", "data_format", "dilations", "name"], [input, window_shape, pooling_type, strides, padding, data_format, dilations, name]);
  const x = toTensor(input, "pool");
  const nd = x.rank - 2;
  if (!Array.isArray(o.window_shape) || o.window_shape.length !== nd) {
    throw new InvalidArgumentError(msg(
      `pool: window_shape must be a list of ${nd} integers for an input of shape ${formatShape(x.shape)}, got ${JSON.stringify(o.window_shape)}.`,
      `pool: 형태 ${formatShape(x.shape)}인 입력에는 window_shape가 정수 ${nd}개의 리스트여야 하는데 ${JSON.stringify(o.window_shape)}입니다.`,
    ));
  }
  const type = String(o.pooling_type ?? "").toUpperCase();
  if (type !== "MAX" && type !== "AVG") {
    throw new InvalidArgumentError(msg(`pool: pooling_type must be "MAX" or "AVG", got ${JSON.stringify(o.pooling_type)}.`, `pool: pooling_type은 "MAX" 또는 "AVG"여야 하는데 ${JSON.stringify(o.pooling_type)}입니다.`));
  }
  const dil = o.dilations ?? new Array(nd).fill(1);
  const st = o.strides ?? new Array(nd).fill(1);
  if (dil.some((d: number) => d !== 1) && st.some((s: number) => s !== 1)) {
    throw new InvalidArgumentError(msg(
      `pool: strides > window_shape not supported due to inconsistency between CPU and GPU implementations: dilations ${JSON.stringify(dil)} and strides ${JSON.stringify(st)} cannot both be > 1.`,
      `pool: dilations ${JSON.stringify(dil)}와 strides ${JSON.stringify(st)}를 동시에 1보다 크게 할 수 없습니다.`,
    ));
  }
  if (nd < 1 || nd > 3) {
    throw new UnimplementedError(msg(`pool: only 1-D, 2-D and 3-D pooling are supported (input shape ${formatShape(x.shape)}).`, `pool: 1/2/3차원 풀링만 지원합니다 (입력 형태 ${formatShape(x.shape)}).`));
  }
  return poolCall("pool", type === "MAX" ? "max" : "avg", nd, { input: x, ksize: o.window_shape, strides: st, padding: o.padding ?? "VALID", data_format: o.data_format, dilations: dil, name: o.name });
}

/** The conv/pool members of `tf.nn` (spread into the namespace object). */
export const nnConv = {
  conv1d, conv2d, conv3d, convolution, conv1d_transpose, conv2d_transpose, conv3d_transpose,
  depthwise_conv2d, depthwise_conv2d_backprop_input, depthwise_conv2d_backprop_filter, separable_conv2d, atrous_conv2d,
  max_pool, max_pool1d, max_pool2d, max_pool3d, avg_pool, avg_pool1d, avg_pool2d, avg_pool3d, pool,
};

/** A geometry of 1–3 spatial dims padded to 3 (leading unit dims): what every backend's conv kernel walks. */
export interface ConvGeometry3 {
  N: number; C: number;
  inS: number[]; outS: number[]; k: number[]; s: number[]; d: number[]; p: number[];
  channelsLast: boolean;
}
/** Pads a (concrete) conv geometry to 3 spatial dims. */
export function geometry3(g: ConvGeometry): ConvGeometry3 {
  const pad = <T>(a: T[], v: T): T[] => [...new Array(3 - a.length).fill(v), ...a];
  return {
    N: g.N as number, C: g.C as number,
    inS: pad(g.inS as number[], 1), outS: pad(g.outS as number[], 1), k: pad(g.k, 1),
    s: pad(g.strides, 1), d: pad(g.dilations, 1), p: pad(g.padBefore as number[], 0),
    channelsLast: g.channelsLast,
  };
}
