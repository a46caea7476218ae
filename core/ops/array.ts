/**
 * Shape and indexing ops: reshape, broadcast_to, shape/size/rank, identity, transpose, expand_dims,
 * squeeze, concat, stack, unstack, split, tile, pad, slice, strided_slice, reverse, gather,
 * gather_nd, scatter_nd, boolean_mask, where (coordinates).
 *
 * Attributes are static (numbers) where TF's graph would hold a constant. Ops whose gradient must
 * work with shapes unknown at graph-build time (null dims) also accept a dynamic form: `Slice` and
 * `Pad` take optional int32 tensor inputs (as TF's ops do), and gradient ops that need the input's
 * shape (`StridedSliceGrad`, `ScatterNd`) take it as a tensor (`Shape(x)`), so kernels always see
 * concrete values.
 */
import { Tensor } from "../tensor/tensor";
import { int32, int64, bool, DType, DTypeLike, asDType } from "../tensor/dtypes";
import { sizeOf, formatShape, formatShapeTF, broadcastShapes, shapesEqual } from "../tensor/shape";
import { defineOp, runOp } from "../engine/engine";
import { TensorLike, toTensor, constant } from "./convert";
import { InvalidArgumentError, checkOptions, msg } from "../errors";
import { NameArg, nameOf } from "./math";
import { unbroadcast } from "./grad_util";

type Dim = number | null;

// Argument binding lives in ./args (shared with linalg and others).
import { bindArgs, isOpts } from "./args";
export { bindArgs };

/** Reads a host list of integers from a number, array, NDArray-like or eager tensor. */
export function intList(fn: string, what: string, v: unknown): number[] {
  if (v instanceof Tensor) {
    if (v.isSymbolic) {
      throw new InvalidArgumentError(msg(
        `${fn}: '${what}' must be known when the graph is built; got the graph tensor ${v.toString()}. Pass a JS array.`,
        `${fn}: '${what}'은(는) 그래프를 만들 때 알려져 있어야 하는데 그래프 텐서 ${v.toString()}가 왔습니다. JS 배열을 넘기세요.`,
      ));
    }
    v = Array.from(v.dataSync() as ArrayLike<number>);
  } else if (v && typeof v === "object" && "data" in (v as object) && "shape" in (v as object)) {
    v = Array.from((v as { data: ArrayLike<number> }).data);
  } else if (ArrayBuffer.isView(v)) v = Array.from(v as unknown as ArrayLike<number>);
  if (typeof v === "number") v = [v];
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x))) {
    throw new InvalidArgumentError(msg(
      `${fn}: '${what}' must be a list of integers, got ${JSON.stringify(v)}.`,
      `${fn}: '${what}'은(는) 정수 배열이어야 하는데 ${JSON.stringify(v)}입니다.`,
    ));
  }
  return v as number[];
}

function intScalar(fn: string, what: string, v: unknown): number {
  if (v instanceof Tensor && !v.isSymbolic && v.rank === 0) v = Number((v.dataSync() as ArrayLike<number>)[0]);
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new InvalidArgumentError(msg(
      `${fn}: '${what}' must be an integer, got ${String(v)}.`,
      `${fn}: '${what}'은(는) 정수여야 하는데 ${String(v)}입니다.`,
    ));
  }
  return v;
}

function axisError(op: string, axis: number, lo: number, hi: number, shape: readonly Dim[]): InvalidArgumentError {
  return new InvalidArgumentError(msg(
    `${op}: axis ${axis} is out of range for input of shape ${formatShape(shape)} (rank ${shape.length}); valid values are in [${lo}, ${hi}]. Negative axes count from the end.`,
    `${op}: 축(axis) ${axis}은(는) 형태 ${formatShape(shape)}(랭크 ${shape.length}) 입력의 범위를 벗어납니다. 가능한 값: [${lo}, ${hi}]. 음수 축은 끝에서부터 셉니다.`,
  ));
}
/** Normalises `axis` into [0, n) where n = rank (or rank + 1 for inserting ops). */
function normAx(op: string, axis: number, n: number, shape: readonly Dim[]): number {
  if (!Number.isInteger(axis) || axis < -n || axis >= n) throw axisError(op, axis, -n, n - 1, shape);
  return axis < 0 ? axis + n : axis;
}

const known = (s: readonly Dim[]): s is number[] => s.every((d) => d !== null);
const mulDim = (a: Dim, b: Dim): Dim => (a === null || b === null ? null : a * b);

/** `Shape(x)` as an int32 tensor (a graph node when building a graph). */
function shapeOf(x: Tensor): Tensor { return runOp("Shape", [x], { out_type: int32 })[0]; }
/** Reshapes `t` to `like`'s shape, dynamically when that shape is not fully known. */
function reshapeLike(t: Tensor, like: Tensor): Tensor {
  if (known(like.shape)) return shapesEqual(t.shape, like.shape) ? t : runOp("Reshape", [t], { shape: like.shape })[0];
  return runOp("Reshape", [t, shapeOf(like)], {})[0];
}
function int32Const(v: number[] | number): Tensor { return constant(v, int32); }
function zerosFor(dy: Tensor | null, out: Tensor): Tensor { return dy ?? runOp("ZerosLike", [out], {})[0]; }

// ---------------------------------------------------------------- reshape, broadcast_to, shape
/** Resolves a requested shape with at most one -1 against `size` elements (null = unknown size). */
export function resolveReshape(op: string, from: readonly (number | null)[], shape: readonly number[]): number[] {
  const negs = shape.filter((d) => d === -1).length;
  if (negs > 1) {
    throw new InvalidArgumentError(msg(`${op}: only one input size may be -1, not both ${shape.indexOf(-1)} and ${shape.lastIndexOf(-1)}`, `${op}: -1은 한 번만 쓸 수 있습니다.`));
  }
  const size = sizeOf(from);
  const known = shape.reduce((a, d) => (d === -1 ? a : a * d), 1);
  if (Number.isNaN(size)) return shape.map((d) => (d === -1 ? (null as unknown as number) : d));
  if (negs === 1) {
    if (known === 0 || size % known !== 0) {
      throw new InvalidArgumentError(msg(
        `${op}: Input to reshape is a tensor with ${size} values, but the requested shape requires a multiple of ${known} (from shape ${formatShape(from)} to ${formatShape(shape)}).`,
        `${op}: 입력 텐서의 원소는 ${size}개인데 요청한 형태는 ${known}의 배수를 요구합니다 (${formatShape(from)} → ${formatShape(shape)}).`,
      ));
    }
    return shape.map((d) => (d === -1 ? size / known : d));
  }
  if (known !== size) {
    throw new InvalidArgumentError(msg(
      `${op}: Input to reshape is a tensor with ${size} values, but the requested shape has ${known} (from shape ${formatShape(from)} to ${formatShape(shape)}). Use -1 for one dimension to infer it.`,
      `${op}: 입력 텐서의 원소는 ${size}개인데 요청한 형태의 원소는 ${known}개입니다 (${formatShape(from)} → ${formatShape(shape)}). 한 차원을 -1로 두면 자동으로 계산됩니다.`,
    ));
  }
  return [...shape];
}

defineOp({
  name: "Reshape",
  infer(inputs, attrs) {
    const [x, s] = inputs;
    if (s) {
      // Dynamic shape input (graph gradients with unknown dims): only the rank is known statically.
      if (s.isSymbolic) return [{ shape: new Array(s.shape[0] ?? 0).fill(null), dtype: x.dtype }];
      return [{ shape: resolveReshape("Reshape", x.shape, Array.from(s.dataSync() as Int32Array)), dtype: x.dtype }];
    }
    return [{ shape: resolveReshape("Reshape", x.shape, attrs.shape), dtype: x.dtype }];
  },
  grad(dys, [x, s]) {
    if (x.shape.every((d) => d !== null)) return [runOp("Reshape", [dys[0]!], { shape: x.shape })[0], s ? null : undefined];
    return [runOp("Reshape", [dys[0]!, runOp("Shape", [x], { out_type: int32 })[0]], {})[0], null];
  },
});
/** `tf.reshape(tensor, shape, name=None)` */
export function reshape(tensor: TensorLike, shape: number[] | Tensor, name?: NameArg): Tensor {
  const t = toTensor(tensor, "reshape");
  if (shape instanceof Tensor) {
    if (shape.isSymbolic) return runOp("Reshape", [t, shape], {}, nameOf(name))[0];
    shape = Array.from(shape.dataSync() as Int32Array);
  }
  return runOp("Reshape", [t], { shape: shape.map((d) => (d === null ? -1 : d)) }, nameOf(name))[0];
}

defineOp({
  name: "BroadcastTo",
  infer([x], { shape }) {
    const out = broadcastShapes("BroadcastTo", x.shape, shape);
    if (!shapesEqual(out, shape)) {
      throw new InvalidArgumentError(msg(
        `BroadcastTo: cannot broadcast a tensor of shape ${formatShape(x.shape)} to ${formatShape(shape)}.`,
        `BroadcastTo: 형태 ${formatShape(x.shape)}인 텐서를 ${formatShape(shape)}(으)로 브로드캐스트할 수 없습니다.`,
      ));
    }
    return [{ shape: [...shape], dtype: x.dtype }];
  },
  grad(dys, [x]) { return [unbroadcast(dys[0]!, x)]; },
});
/** `tf.broadcast_to(input, shape, name=None)` */
export function broadcast_to(input: TensorLike, shape: number[], name?: NameArg): Tensor {
  const t = toTensor(input, "broadcast_to");
  if (shapesEqual(t.shape, shape)) return t;
  return runOp("BroadcastTo", [t], { shape }, nameOf(name))[0];
}

defineOp({
  name: "Shape",
  infer([x], { out_type }) { return [{ shape: [x.rank], dtype: out_type }]; },
  grad: () => [null],
});
/** `tf.shape(input, out_type=tf.int32, name=None)`: the dynamic shape as a tensor. */
export function shape(input: TensorLike, out_type: DTypeLike | { out_type?: DTypeLike; name?: string } = int32, name?: NameArg): Tensor {
  let ot: DType;
  if (typeof out_type === "object" && !(out_type instanceof DType)) {
    checkOptions("shape", out_type, ["out_type", "name"]);
    ot = asDType(out_type.out_type ?? int32); name = out_type.name;
  } else ot = asDType(out_type);
  return runOp("Shape", [toTensor(input, "shape")], { out_type: ot }, nameOf(name))[0];
}

function intOutType(fn: string, d: DType): DType {
  if (d !== int32 && d !== int64) {
    throw new InvalidArgumentError(msg(`${fn}: out_type must be tf.int32 or tf.int64, got ${d.name}.`, `${fn}: out_type은 tf.int32 또는 tf.int64여야 하는데 ${d.name}입니다.`));
  }
  return d;
}
defineOp({
  name: "Size",
  infer(_x, { out_type }) { return [{ shape: [], dtype: out_type }]; },
  grad: () => [null],
});
/** `tf.size(input, out_type=tf.int32, name=None)`: the number of elements, as a scalar tensor. */
export interface SizeOptions { out_type?: DTypeLike; name?: string }
export function size(input: TensorLike, out_type?: DTypeLike | null | SizeOptions, name?: string | SizeOptions): Tensor {
  const a = bindArgs("size", ["input", "out_type", "name"], [input, out_type, name]);
  return runOp("Size", [toTensor(input, "size")], { out_type: intOutType("size", asDType(a.out_type ?? int32)) }, a.name)[0];
}
defineOp({
  name: "Rank",
  infer() { return [{ shape: [], dtype: int32 }]; },
  grad: () => [null],
});
/** `tf.rank(input, name=None)`: the number of dimensions, as an int32 scalar tensor. */
export function rank(input: TensorLike, name?: NameArg): Tensor {
  return runOp("Rank", [toTensor(input, "rank")], {}, nameOf(name))[0];
}

defineOp({
  name: "Identity",
  infer([x]) { return [{ shape: x.shape, dtype: x.dtype }]; },
  grad: (dys) => [dys[0]],
});
/** `tf.identity(input, name=None)` */
export function identity(input: TensorLike, name?: NameArg): Tensor {
  return runOp("Identity", [toTensor(input, "identity")], {}, nameOf(name))[0];
}

// ---------------------------------------------------------------- transpose
function invertPerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => { inv[p] = i; });
  return inv;
}
function inferTranspose(op: string) {
  return ([x]: Tensor[], { perm }: { perm: number[] }) => {
    const r = x.rank;
    if (perm.length !== r) {
      throw new InvalidArgumentError(msg(
        `${op}: transpose expects a vector of size ${r}. But input(1) is a vector of size ${perm.length} (perm ${JSON.stringify(perm)} for input shape ${formatShape(x.shape)}). Give one entry per dimension.`,
        `${op}: perm의 길이는 ${r}이어야 하는데 ${perm.length}입니다 (perm ${JSON.stringify(perm)}, 입력 형태 ${formatShape(x.shape)}). 차원마다 하나씩 주세요.`,
      ));
    }
    const seen = new Array<boolean>(r).fill(false);
    for (const p of perm) {
      if (!Number.isInteger(p) || p < 0 || p >= r || seen[p]) {
        const missing = seen.map((s, i) => (s ? -1 : i)).filter((i) => i >= 0 && !perm.includes(i));
        throw new InvalidArgumentError(msg(
          `${op}: perm ${JSON.stringify(perm)} is not a permutation of [0, ${r})${missing.length ? `: ${missing[0]} is missing` : ""}. Each dimension index must appear exactly once.`,
          `${op}: perm ${JSON.stringify(perm)}은(는) [0, ${r})의 순열이 아닙니다${missing.length ? ` (${missing[0]}이(가) 빠짐)` : ""}. 각 차원 번호가 정확히 한 번씩 나와야 합니다.`,
        ));
      }
      seen[p] = true;
    }
    return [{ shape: perm.map((p) => x.shape[p]), dtype: x.dtype }];
  };
}
defineOp({
  name: "Transpose",
  infer: inferTranspose("Transpose"),
  grad: (dys, _x, _o, { perm }) => [runOp("Transpose", [dys[0]!], { perm: invertPerm(perm) })[0]],
});
defineOp({
  name: "ConjugateTranspose",
  infer: inferTranspose("ConjugateTranspose"),
  grad: (dys, _x, _o, { perm }) => [runOp("ConjugateTranspose", [dys[0]!], { perm: invertPerm(perm) })[0]],
});
/** `tf.transpose(a, perm=None, conjugate=False, name='transpose')`; perm defaults to reversing the axes. */
export interface TransposeOptions { perm?: number[] | null; conjugate?: boolean; name?: string }
export function transpose(a: TensorLike, perm?: number[] | Tensor | null | TransposeOptions, conjugate?: boolean | TransposeOptions, name?: string | TransposeOptions): Tensor {
  const o = bindArgs("transpose", ["a", "perm", "conjugate", "name"], [a, perm, conjugate, name]);
  const t = toTensor(a, "transpose");
  const p = o.perm == null ? Array.from({ length: t.rank }, (_, i) => t.rank - 1 - i) : intList("transpose", "perm", o.perm);
  const op = o.conjugate && t.dtype.kind === "c" ? "ConjugateTranspose" : "Transpose";
  return runOp(op, [t], { perm: p }, o.name)[0];
}

// ---------------------------------------------------------------- expand_dims, squeeze
defineOp({
  name: "ExpandDims",
  infer([x], { axis }) {
    const s = [...x.shape];
    s.splice(normAx("ExpandDims", axis, x.rank + 1, x.shape), 0, 1);
    return [{ shape: s, dtype: x.dtype }];
  },
  grad: (dys, [x]) => [reshapeLike(dys[0]!, x)],
});
/** `tf.expand_dims(input, axis, name=None)`: inserts a dimension of size 1 at `axis` (in [-rank-1, rank]). */
export function expand_dims(input: TensorLike, axis: number | { axis: number; name?: string }, name?: string | { name?: string }): Tensor {
  const o = bindArgs("expand_dims", ["input", "axis", "name"], [input, axis, name]);
  const t = toTensor(input, "expand_dims");
  if (o.axis == null) {
    throw new InvalidArgumentError(msg("expand_dims: axis is required (where to insert the new dimension of size 1).", "expand_dims: axis(크기 1인 새 차원을 넣을 위치)를 지정해야 합니다."));
  }
  return runOp("ExpandDims", [t], { axis: intScalar("expand_dims", "axis", o.axis) }, o.name)[0];
}

defineOp({
  name: "Squeeze",
  infer([x], { squeeze_dims }: { squeeze_dims: number[] }) {
    const r = x.rank;
    const dims = squeeze_dims.map((a) => normAx("Squeeze", a, r, x.shape));
    for (const d of dims) {
      if (x.shape[d] !== 1 && x.shape[d] !== null) {
        throw new InvalidArgumentError(msg(
          `Squeeze: Can not squeeze dim[${d}], expected a dimension of 1, got ${x.shape[d]} (input shape ${formatShape(x.shape)}). Only size-1 dimensions can be squeezed.`,
          `Squeeze: ${d}번째 차원은 크기가 ${x.shape[d]}라서 제거할 수 없습니다 (입력 형태 ${formatShape(x.shape)}). 크기 1인 차원만 squeeze할 수 있습니다.`,
        ));
      }
    }
    const out: Dim[] = [];
    for (let i = 0; i < r; i++) {
      if (dims.length ? dims.includes(i) : x.shape[i] === 1) continue;
      out.push(x.shape[i]);
    }
    return [{ shape: out as number[], dtype: x.dtype }];
  },
  grad: (dys, [x]) => [reshapeLike(dys[0]!, x)],
});
/** `tf.squeeze(input, axis=None, name=None)`: removes size-1 dimensions (all of them, or those in `axis`). */
export function squeeze(input: TensorLike, axis?: number | number[] | null | { axis?: number | number[] | null; name?: string }, name?: string | { name?: string }): Tensor {
  const o = bindArgs("squeeze", ["input", "axis", "name"], [input, axis, name]);
  const t = toTensor(input, "squeeze");
  return runOp("Squeeze", [t], { squeeze_dims: o.axis == null ? [] : intList("squeeze", "axis", o.axis) }, o.name)[0];
}

// ---------------------------------------------------------------- concat, stack, unstack, split
function sameDTypes(op: string, xs: Tensor[]): void {
  for (let i = 1; i < xs.length; i++) {
    if (xs[i].dtype !== xs[0].dtype) {
      throw new InvalidArgumentError(msg(
        `${op}: all values must have the same dtype, but values[0] is ${xs[0].dtype.name} and values[${i}] is ${xs[i].dtype.name}. Cast them first (tf.cast).`,
        `${op}: 모든 값의 자료형이 같아야 하는데 values[0]은 ${xs[0].dtype.name}, values[${i}]은 ${xs[i].dtype.name}입니다. 먼저 tf.cast로 맞추세요.`,
      ));
    }
  }
}
defineOp({
  name: "ConcatV2",
  infer(xs, { axis }) {
    if (xs.length === 0) throw new InvalidArgumentError(msg("ConcatV2: needs at least one value.", "ConcatV2: 값이 하나 이상 필요합니다."));
    sameDTypes("ConcatV2", xs);
    const r = xs[0].rank;
    if (r === 0) {
      throw new InvalidArgumentError(msg(
        "ConcatV2: Can't concatenate scalars (use tf.stack instead).",
        "ConcatV2: 스칼라는 이어 붙일 수 없습니다 (tf.stack을 쓰세요).",
      ));
    }
    const ax = normAx("ConcatV2", axis, r, xs[0].shape);
    const out = [...xs[0].shape] as Dim[];
    for (let i = 1; i < xs.length; i++) {
      const s = xs[i].shape;
      if (s.length !== r) {
        throw new InvalidArgumentError(msg(
          `ConcatV2: Ranks of all input tensors should match: shape[0] = ${formatShapeTF(xs[0].shape)} vs. shape[${i}] = ${formatShapeTF(s)}.`,
          `ConcatV2: 모든 입력의 랭크가 같아야 합니다: shape[0] = ${formatShapeTF(xs[0].shape)}, shape[${i}] = ${formatShapeTF(s)}.`,
        ));
      }
      for (let d = 0; d < r; d++) {
        if (d === ax) { out[d] = out[d] === null || s[d] === null ? null : (out[d] as number) + s[d]; continue; }
        if (out[d] !== null && s[d] !== null && out[d] !== s[d]) {
          throw new InvalidArgumentError(msg(
            `ConcatV2: Dimension ${d} in both shapes must be equal: shape[0] = ${formatShapeTF(xs[0].shape)} vs. shape[${i}] = ${formatShapeTF(s)} (concatenating along axis ${ax}). All dimensions except the concat axis must match.`,
            `ConcatV2: ${d}번째 차원이 같아야 합니다: shape[0] = ${formatShapeTF(xs[0].shape)}, shape[${i}] = ${formatShapeTF(s)} (축 ${ax}로 이어 붙이는 중). 이어 붙이는 축 외의 차원은 모두 같아야 합니다.`,
          ));
        }
        if (out[d] === null) out[d] = s[d];
      }
    }
    return [{ shape: out as number[], dtype: xs[0].dtype }];
  },
  grad(dys, xs, _o, { axis }) {
    const dy = dys[0]!;
    const r = xs[0].rank;
    const ax = axis < 0 ? axis + r : axis;
    if (xs.every((x) => x.shape[ax] !== null)) {
      let off = 0;
      return xs.map((x) => {
        const begin = new Array<number>(r).fill(0), size = new Array<number>(r).fill(-1);
        begin[ax] = off; size[ax] = x.shape[ax];
        off += x.shape[ax];
        return runOp("Slice", [dy], { begin, size })[0];
      });
    }
    // Unknown sizes along the axis: offsets computed in the graph (TF's ConcatOffset, with ops).
    const unit = new Array<number>(r).fill(0);
    unit[ax] = 1;
    const e = int32Const(unit);
    let off: Tensor = int32Const(0);
    return xs.map((x) => {
      const sz = shapeOf(x);
      const begin = runOp("Mul", [e, off], {})[0];
      const g = runOp("Slice", [dy, begin, sz], {})[0];
      const n = runOp("StridedSlice", [sz], ssAttrs([ax], [ax + 1], [1], 0, 0, 0, 0, 1))[0];
      off = runOp("AddV2", [off, n], {})[0];
      return g;
    });
  },
});
/** `tf.concat(values, axis, name='concat')`: joins tensors along an existing axis. */
export function concat(values: TensorLike[], axis: number | { axis: number; name?: string }, name?: string | { name?: string }): Tensor {
  const o = bindArgs("concat", ["values", "axis", "name"], [values, axis, name]);
  const xs = listOfTensors("concat", values);
  if (o.axis == null) throw new InvalidArgumentError(msg("concat: axis is required.", "concat: axis를 지정해야 합니다."));
  const ax = intScalar("concat", "axis", o.axis);
  if (xs.length === 1) {
    normAx("ConcatV2", ax, xs[0].rank, xs[0].shape);
    return runOp("Identity", [xs[0]], {}, o.name)[0];
  }
  return runOp("ConcatV2", xs, { axis: ax }, o.name)[0];
}

function listOfTensors(fn: string, values: unknown): Tensor[] {
  if (values instanceof Tensor || !Array.isArray(values)) {
    throw new InvalidArgumentError(msg(
      `${fn}: values must be a list of tensors (a JS array), got ${values instanceof Tensor ? values.toString().split("\n")[0] : typeof values}.`,
      `${fn}: values는 텐서의 배열(JS 배열)이어야 하는데 ${values instanceof Tensor ? "텐서 하나" : typeof values}가 왔습니다.`,
    ));
  }
  if (values.length === 0) throw new InvalidArgumentError(msg(`${fn}: values must not be empty.`, `${fn}: values가 비어 있으면 안 됩니다.`));
  const ts = values.map((v) => (v instanceof Tensor ? v : null));
  const firstT = ts.find((t) => t !== null) ?? null;
  return values.map((v) => toTensor(v as TensorLike, fn, firstT?.dtype));
}

defineOp({
  name: "Pack",
  infer(xs, { axis }) {
    sameDTypes("Pack", xs);
    const s0 = xs[0].shape;
    for (let i = 1; i < xs.length; i++) {
      const s = xs[i].shape;
      if (s.length !== s0.length || s.some((d, k) => d !== null && s0[k] !== null && d !== s0[k])) {
        throw new InvalidArgumentError(msg(
          `Pack: Shapes of all inputs must match: values[0].shape = ${formatShapeTF(s0)} != values[${i}].shape = ${formatShapeTF(s)}. tf.stack needs equal shapes; use tf.concat to join along an existing axis.`,
          `Pack: 모든 입력의 형태가 같아야 합니다: values[0].shape = ${formatShapeTF(s0)}, values[${i}].shape = ${formatShapeTF(s)}. tf.stack은 같은 형태만 쌓을 수 있습니다. 기존 축으로 이으려면 tf.concat을 쓰세요.`,
        ));
      }
    }
    const out = s0.map((d, k) => (d !== null ? d : xs.find((x) => x.shape[k] !== null)?.shape[k] ?? null)) as Dim[];
    out.splice(normAx("Pack", axis, s0.length + 1, s0), 0, xs.length);
    return [{ shape: out as number[], dtype: xs[0].dtype }];
  },
  grad: (dys, xs, _o, { axis }) => runOp("Unpack", [dys[0]!], { num: xs.length, axis }).slice(),
});
/** `tf.stack(values, axis=0, name='stack')`: joins equal-shaped tensors along a new axis. */
export function stack(values: TensorLike[], axis?: number | { axis?: number; name?: string }, name?: string | { name?: string }): Tensor {
  const o = bindArgs("stack", ["values", "axis", "name"], [values, axis, name]);
  const xs = listOfTensors("stack", values);
  return runOp("Pack", xs, { axis: intScalar("stack", "axis", o.axis ?? 0), N: xs.length }, o.name)[0];
}

defineOp({
  name: "Unpack",
  infer([x], { num, axis }) {
    if (x.rank === 0) {
      throw new InvalidArgumentError(msg("Unpack: input must be at least rank 1 (cannot unstack a scalar).", "Unpack: 입력은 랭크 1 이상이어야 합니다 (스칼라는 unstack할 수 없습니다)."));
    }
    const ax = normAx("Unpack", axis, x.rank, x.shape);
    if (x.shape[ax] !== null && x.shape[ax] !== num) {
      throw new InvalidArgumentError(msg(
        `Unpack: Input shape axis ${ax} must equal ${num}, got shape ${formatShapeTF(x.shape)}.`,
        `Unpack: 입력의 ${ax}번째 차원은 ${num}이어야 하는데 형태가 ${formatShapeTF(x.shape)}입니다.`,
      ));
    }
    const s = x.shape.filter((_, i) => i !== ax);
    return Array.from({ length: num }, () => ({ shape: [...s], dtype: x.dtype }));
  },
  grad: (dys, _x, outs, { axis }) => [runOp("Pack", dys.map((d, i) => zerosFor(d, outs[i])), { axis, N: outs.length })[0]],
});
/** `tf.unstack(value, num=None, axis=0, name='unstack')`: splits along `axis` into a list of tensors of one rank less. */
export interface UnstackOptions { num?: number | null; axis?: number; name?: string }
export function unstack(value: TensorLike, num?: number | null | UnstackOptions, axis?: number | UnstackOptions, name?: string | UnstackOptions): Tensor[] {
  const o = bindArgs("unstack", ["value", "num", "axis", "name"], [value, num, axis, name]);
  const t = toTensor(value, "unstack");
  const ax = intScalar("unstack", "axis", o.axis ?? 0);
  if (t.rank === 0) runOp("Unpack", [t], { num: 0, axis: ax });
  const n = o.num ?? t.shape[normAx("Unpack", ax, t.rank, t.shape)];
  if (n == null) {
    throw new InvalidArgumentError(msg(
      `unstack: Cannot infer argument \`num\` from shape ${formatShape(t.shape)}; pass num explicitly.`,
      `unstack: 형태 ${formatShape(t.shape)}에서 num을 알 수 없습니다. num을 직접 주세요.`,
    ));
  }
  return runOp("Unpack", [t], { num: n, axis: ax }, o.name).slice(); // a fresh array: graph ops keep theirs
}

function inferSplit(op: string) {
  return ([x]: Tensor[], attrs: { axis: number; num_split?: number; size_splits?: number[] }) => {
    const ax = normAx(op, attrs.axis, x.rank, x.shape);
    const d = x.shape[ax];
    let sizes: Dim[];
    if (op === "Split") {
      const n = attrs.num_split!;
      if (!Number.isInteger(n) || n < 1) {
        throw new InvalidArgumentError(msg(`Split: num_split must be a positive integer, got ${n}.`, `Split: 나눌 개수는 양의 정수여야 하는데 ${n}입니다.`));
      }
      if (d !== null && d % n !== 0) {
        throw new InvalidArgumentError(msg(
          `Split: Dimension size must be evenly divisible by ${n} but is ${d} (axis ${ax} of shape ${formatShapeTF(x.shape)}). Pass a list of sizes instead, e.g. [${Math.ceil(d / n)}, ..., ${d - Math.ceil(d / n) * (n - 1)}].`,
          `Split: 차원 크기 ${d}가 ${n}으로 나누어떨어지지 않습니다 (형태 ${formatShapeTF(x.shape)}의 ${ax}번째 축). 크기 목록을 대신 주세요.`,
        ));
      }
      sizes = new Array(n).fill(d === null ? null : d / n);
    } else {
      const ss = attrs.size_splits!;
      const negs = ss.filter((s) => s === -1).length;
      if (negs > 1 || ss.some((s) => !Number.isInteger(s) || s < -1)) {
        throw new InvalidArgumentError(msg(
          `SplitV: size_splits ${JSON.stringify(ss)} must be non-negative integers, with at most one -1 (inferred).`,
          `SplitV: size_splits ${JSON.stringify(ss)}은(는) 0 이상의 정수여야 하며 -1(자동)은 하나만 쓸 수 있습니다.`,
        ));
      }
      const sum = ss.reduce((a, s) => (s === -1 ? a : a + s), 0);
      if (d !== null && (negs ? sum > d : sum !== d)) {
        throw new InvalidArgumentError(msg(
          `SplitV: Determined shape must either match input shape along split_dim exactly if fully specified, or be less than the size of the input along split_dim if not fully specified. Got size_splits ${JSON.stringify(ss)} (sum ${sum}) for dimension ${ax} of size ${d} (shape ${formatShapeTF(x.shape)}).`,
          `SplitV: size_splits ${JSON.stringify(ss)}의 합(${sum})이 ${ax}번째 차원 크기 ${d}와 맞지 않습니다 (형태 ${formatShapeTF(x.shape)}).`,
        ));
      }
      sizes = ss.map((s) => (s === -1 ? (d === null ? null : d - sum) : s));
    }
    return sizes.map((s) => {
      const sh = [...x.shape] as Dim[];
      sh[ax] = s;
      return { shape: sh as number[], dtype: x.dtype };
    });
  };
}
const splitGrad = (dys: (Tensor | null)[], _x: Tensor[], outs: Tensor[], { axis }: { axis: number }) => {
  const parts = dys.map((d, i) => zerosFor(d, outs[i]));
  return [parts.length === 1 ? parts[0] : runOp("ConcatV2", parts, { axis })[0]];
};
defineOp({ name: "Split", infer: inferSplit("Split"), grad: splitGrad });
defineOp({ name: "SplitV", infer: inferSplit("SplitV"), grad: splitGrad });
/**
 * `tf.split(value, num_or_size_splits, axis=0, num=None, name='split')`: an integer splits into that
 * many equal parts; a list gives each part's size (one may be -1).
 */
export interface SplitOptions { num_or_size_splits?: number | number[] | Tensor; axis?: number; num?: number | null; name?: string }
export function split(value: TensorLike, num_or_size_splits: number | number[] | Tensor | SplitOptions, axis?: number | SplitOptions, num?: number | null | SplitOptions, name?: string | SplitOptions): Tensor[] {
  const o = bindArgs("split", ["value", "num_or_size_splits", "axis", "num", "name"], [value, num_or_size_splits, axis, num, name]);
  const t = toTensor(value, "split");
  const ax = intScalar("split", "axis", o.axis ?? 0);
  const ns = o.num_or_size_splits;
  if (typeof ns === "number" || (ns instanceof Tensor && ns.rank === 0)) {
    return runOp("Split", [t], { num_split: intScalar("split", "num_or_size_splits", ns), axis: ax }, o.name).slice(); // a fresh array: graph ops keep theirs
  }
  return runOp("SplitV", [t], { size_splits: intList("split", "num_or_size_splits", ns), axis: ax }, o.name).slice(); // a fresh array: graph ops keep theirs
}

// ---------------------------------------------------------------- tile
defineOp({
  name: "Tile",
  infer([x], { multiples }) {
    if (multiples.length !== x.rank) {
      throw new InvalidArgumentError(msg(
        `Tile: Expected multiples argument to be a vector of length ${x.rank} but got length ${multiples.length} (input shape ${formatShape(x.shape)}). Give one multiple per dimension.`,
        `Tile: multiples의 길이는 ${x.rank}이어야 하는데 ${multiples.length}입니다 (입력 형태 ${formatShape(x.shape)}). 차원마다 하나씩 주세요.`,
      ));
    }
    if (multiples.some((m: number) => !Number.isInteger(m) || m < 0)) {
      throw new InvalidArgumentError(msg(`Tile: Expected multiples to be non-negative integers, got ${JSON.stringify(multiples)}.`, `Tile: multiples는 0 이상의 정수여야 하는데 ${JSON.stringify(multiples)}입니다.`));
    }
    return [{ shape: x.shape.map((d, i) => mulDim(d, multiples[i])) as number[], dtype: x.dtype }];
  },
  grad(dys, [x], _o, { multiples }: { multiples: number[] }) {
    const dy = dys[0]!;
    const r = x.rank;
    const evens = Array.from({ length: r }, (_, i) => 2 * i);
    let split: Tensor;
    if (known(x.shape)) {
      split = runOp("Reshape", [dy], { shape: multiples.flatMap((m, i) => [m, x.shape[i]]) })[0];
    } else {
      const interleaved = runOp("Pack", [int32Const(multiples), shapeOf(x)], { axis: 1, N: 2 })[0];
      split = runOp("Reshape", [dy, runOp("Reshape", [interleaved], { shape: [2 * r] })[0]], {})[0];
    }
    return [reshapeLike(runOp("Sum", [split], { axis: evens, keepdims: false })[0], x)];
  },
});
/** `tf.tile(input, multiples, name=None)`: repeats the tensor `multiples[i]` times along dimension i. */
export function tile(input: TensorLike, multiples: number[] | Tensor | { multiples: number[]; name?: string }, name?: string | { name?: string }): Tensor {
  const o = bindArgs("tile", ["input", "multiples", "name"], [input, multiples, name]);
  return runOp("Tile", [toTensor(input, "tile")], { multiples: intList("tile", "multiples", o.multiples) }, o.name)[0];
}

// ---------------------------------------------------------------- pad
function checkPaddings(op: string, x: Tensor, paddings: number[][], mode?: string): void {
  if (paddings.length !== x.rank || paddings.some((p) => !Array.isArray(p) || p.length !== 2)) {
    throw new InvalidArgumentError(msg(
      `${op}: The first dimension of paddings must be the rank of inputs: paddings must have shape [${x.rank}, 2] for input shape ${formatShape(x.shape)}, got ${JSON.stringify(paddings)}. Give [before, after] per dimension.`,
      `${op}: paddings의 형태는 [${x.rank}, 2]여야 합니다 (입력 형태 ${formatShape(x.shape)}). 받은 값: ${JSON.stringify(paddings)}. 차원마다 [앞, 뒤]를 주세요.`,
    ));
  }
  paddings.forEach(([b, a], i) => {
    if (!Number.isInteger(b) || !Number.isInteger(a) || b < 0 || a < 0) {
      throw new InvalidArgumentError(msg(`${op}: Paddings must be non-negative integers: ${b} ${a} (dimension ${i}).`, `${op}: paddings는 0 이상의 정수여야 합니다: ${b} ${a} (${i}번째 차원).`));
    }
    const d = x.shape[i];
    if (mode && d !== null) {
      const lim = mode === "REFLECT" ? d - 1 : d;
      if (b > lim || a > lim) {
        throw new InvalidArgumentError(msg(
          `${op}: paddings must be no greater than the dimension size${mode === "REFLECT" ? " minus 1" : ""} in ${mode} mode: ${b}, ${a} greater than ${lim} (dimension ${i} of shape ${formatShapeTF(x.shape)}).`,
          `${op}: ${mode} 모드에서 패딩은 차원 크기${mode === "REFLECT" ? "-1" : ""} 이하여야 합니다: ${b}, ${a} > ${lim} (형태 ${formatShapeTF(x.shape)}의 ${i}번째 차원).`,
        ));
      }
    }
  });
}
function inferPad(op: string) {
  return (inputs: Tensor[], attrs: { paddings?: number[][]; mode?: string }) => {
    const [x, p] = inputs;
    let paddings = attrs.paddings;
    if (p) {
      if (p.isSymbolic) return [{ shape: new Array(x.rank).fill(null), dtype: x.dtype }];
      const v = Array.from(p.dataSync() as ArrayLike<number>);
      paddings = Array.from({ length: x.rank }, (_, i) => [v[2 * i], v[2 * i + 1]]);
    }
    checkPaddings(op, x, paddings!, attrs.mode);
    return [{ shape: x.shape.map((d, i) => (d === null ? null : d + paddings![i][0] + paddings![i][1])) as number[], dtype: x.dtype }];
  };
}
const padGrad = (dys: (Tensor | null)[], inputs: Tensor[], _o: Tensor[], attrs: { paddings?: number[][] }) => {
  const [x, p] = inputs;
  const dy = dys[0]!;
  if (p) {
    const before = runOp("Reshape", [runOp("Slice", [p], { begin: [0, 0], size: [-1, 1] })[0]], { shape: [-1] })[0];
    return [runOp("Slice", [dy, before, shapeOf(x)], {})[0], null];
  }
  const pads = attrs.paddings!;
  const r = pads.length;
  let endMask = 0;
  const end = pads.map(([, a], i) => { if (a === 0) endMask |= 1 << i; return -a; });
  return [runOp("StridedSlice", [dy], ssAttrs(pads.map((q) => q[0]), end, new Array(r).fill(1), 0, endMask, 0, 0, 0))[0]];
};
defineOp({ name: "Pad", infer: inferPad("Pad"), grad: padGrad });
defineOp({ name: "PadV2", infer: inferPad("PadV2"), grad: padGrad });
defineOp({
  name: "MirrorPad",
  infer: inferPad("MirrorPad"),
  grad: (dys, _x, _o, { paddings, mode }) => [runOp("MirrorPadGrad", [dys[0]!], { paddings, mode })[0]],
});
defineOp({
  name: "MirrorPadGrad",
  infer([dy], { paddings }: { paddings: number[][] }) {
    return [{ shape: dy.shape.map((d, i) => (d === null ? null : d - paddings[i][0] - paddings[i][1])) as number[], dtype: dy.dtype }];
  },
  grad: (dys, _x, _o, { paddings, mode }) => [runOp("MirrorPad", [dys[0]!], { paddings, mode })[0]],
});
/**
 * `tf.pad(tensor, paddings, mode='CONSTANT', constant_values=0, name=None)`: `paddings[i] = [before, after]`
 * for dimension i; mode CONSTANT, REFLECT (edge not repeated) or SYMMETRIC (edge repeated).
 */
export interface PadOptions { paddings?: number[][]; mode?: string; constant_values?: number | Tensor; name?: string }
export function pad(tensor: TensorLike, paddings: number[][] | Tensor | PadOptions, mode?: string | PadOptions, constant_values?: number | Tensor | PadOptions, name?: string | PadOptions): Tensor {
  const o = bindArgs("pad", ["tensor", "paddings", "mode", "constant_values", "name"], [tensor, paddings, mode, constant_values, name]);
  const t = toTensor(tensor, "pad");
  let pads: number[][];
  if (o.paddings instanceof Tensor) {
    const flat = intList("pad", "paddings", o.paddings);
    pads = Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);
  } else if (Array.isArray(o.paddings)) {
    pads = o.paddings.map((p: unknown) => intList("pad", "paddings", p));
  } else {
    throw new InvalidArgumentError(msg(`pad: paddings must be a [rank, 2] list of [before, after] pairs, got ${JSON.stringify(o.paddings)}.`, `pad: paddings는 [앞, 뒤] 쌍의 [랭크, 2] 배열이어야 하는데 ${JSON.stringify(o.paddings)}입니다.`));
  }
  const m = String(o.mode ?? "CONSTANT").toUpperCase();
  if (m !== "CONSTANT" && m !== "REFLECT" && m !== "SYMMETRIC") {
    throw new InvalidArgumentError(msg(
      `pad: mode must be one of CONSTANT, REFLECT or SYMMETRIC (case-insensitive), got ${JSON.stringify(o.mode)}.`,
      `pad: mode는 CONSTANT, REFLECT, SYMMETRIC 중 하나여야 하는데 ${JSON.stringify(o.mode)}입니다.`,
    ));
  }
  if (m !== "CONSTANT") return runOp("MirrorPad", [t], { paddings: pads, mode: m }, o.name)[0];
  let cv = o.constant_values ?? 0;
  if (cv instanceof Tensor) cv = cv.numpy().item();
  if (typeof cv === "boolean") cv = cv ? 1 : 0;
  if (cv === 0 || cv === "") return runOp("Pad", [t], { paddings: pads, constant_values: t.dtype.kind === "s" ? "" : 0 }, o.name)[0];
  return runOp("PadV2", [t], { paddings: pads, constant_values: cv }, o.name)[0];
}

// ---------------------------------------------------------------- strided slice machinery
export interface StridedSliceAttrs {
  begin: number[]; end: number[]; strides: number[];
  begin_mask: number; end_mask: number; ellipsis_mask: number; new_axis_mask: number; shrink_axis_mask: number;
}
function ssAttrs(begin: number[], end: number[], strides: number[], begin_mask: number, end_mask: number, ellipsis_mask: number, new_axis_mask: number, shrink_axis_mask: number): StridedSliceAttrs {
  return { begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask };
}

/** A strided slice resolved against a concrete (or partly unknown) input shape. */
export interface ResolvedSlice {
  /** Per input dimension: first index, step, and number of elements taken (null = unknown). */
  start: number[]; step: number[]; count: Dim[];
  /** The output's shape (new axes inserted, shrunk axes dropped). */
  outShape: Dim[];
}

/** TF's StridedSlice semantics (BuildDenseSpec + canonicalisation), for one input shape. */
export function resolveStridedSlice(op: string, shape: readonly Dim[], a: StridedSliceAttrs): ResolvedSlice {
  const n = a.begin.length;
  if (a.end.length !== n || a.strides.length !== n) {
    throw new InvalidArgumentError(msg(
      `${op}: begin, end and strides must have the same length, got ${n}, ${a.end.length} and ${a.strides.length}.`,
      `${op}: begin, end, strides의 길이가 같아야 하는데 ${n}, ${a.end.length}, ${a.strides.length}입니다.`,
    ));
  }
  let ell = a.ellipsis_mask;
  if (ell & (ell - 1)) {
    throw new InvalidArgumentError(msg(`${op}: Multiple ellipses in slice spec not allowed.`, `${op}: 생략 기호(...)는 한 번만 쓸 수 있습니다.`));
  }
  // Sparse spec; an implicit ellipsis at the end when none is given.
  let sparseDims = n;
  const sb = [...a.begin], se = [...a.end], ss = [...a.strides];
  if (!ell) { ell = 1 << n; sparseDims++; sb.push(0); se.push(0); ss.push(1); }
  let addAfterEll = 0;
  let seenEll = false;
  for (let i = 0; i < sparseDims; i++) {
    if (seenEll && (a.new_axis_mask >> i) & 1) addAfterEll++;
    if ((ell >> i) & 1) seenEll = true;
  }
  const r = shape.length;
  const start: number[] = [], step: number[] = [], count: Dim[] = [];
  const dense: { b: number; e: number; s: number; bm: boolean; em: boolean; shrink: boolean }[] = [];
  // Final-shape recipe: index into dense dims, or -1 (new axis), or -2 (shrunk).
  const gather: number[] = [];
  let full = 0;
  for (let i = 0; i < sparseDims; i++) {
    if ((ell >> i) & 1) {
      const next = Math.min(r - (sparseDims - i) + 1 + addAfterEll, r);
      for (; full < next; full++) { dense.push({ b: 0, e: 0, s: 1, bm: true, em: true, shrink: false }); gather.push(full); }
    } else if ((a.new_axis_mask >> i) & 1) {
      gather.push(-1);
    } else {
      if (full >= r) {
        throw new InvalidArgumentError(msg(
          `${op}: Index out of range using input dim ${full}; input has only ${r} dims (shape ${formatShape(shape)}). The slice has more indices than the tensor has dimensions.`,
          `${op}: 입력의 ${full}번째 차원을 쓰려 했지만 입력은 ${r}차원뿐입니다 (형태 ${formatShape(shape)}). 인덱스가 차원 수보다 많습니다.`,
        ));
      }
      const shrink = ((a.shrink_axis_mask >> i) & 1) === 1;
      dense.push({ b: sb[i], e: se[i], s: ss[i], bm: ((a.begin_mask >> i) & 1) === 1, em: ((a.end_mask >> i) & 1) === 1, shrink });
      gather.push(shrink ? -2 : full);
      full++;
    }
  }
  for (let i = 0; i < r; i++) {
    const { b, e, s, bm, em, shrink } = dense[i];
    const d = shape[i];
    if (s === 0) throw new InvalidArgumentError(msg(`${op}: strides[${i}] must be non-zero.`, `${op}: strides[${i}]는 0이 아니어야 합니다.`));
    if (shrink) {
      if (s <= 0) throw new InvalidArgumentError(msg(`${op}: only stride 1 allowed on non-range indexing.`, `${op}: 단일 인덱스에는 stride 1만 쓸 수 있습니다.`));
      if (d !== null) {
        const x = b < 0 ? d + b : b;
        if (x < 0 || x >= d) {
          throw new InvalidArgumentError(msg(
            `${op}: slice index ${b} of dimension ${i} out of bounds (dimension size ${d}, input shape ${formatShape(shape)}).`,
            `${op}: ${i}번째 차원의 인덱스 ${b}이(가) 범위를 벗어났습니다 (차원 크기 ${d}, 입력 형태 ${formatShape(shape)}).`,
          ));
        }
        start.push(x);
      } else start.push(b);
      step.push(1); count.push(1);
      continue;
    }
    if (d === null) { start.push(b); step.push(s); count.push(null); continue; }
    const lo = s > 0 ? 0 : -1, hi = s > 0 ? d : d - 1;
    const canon = (x: number, masked: boolean, isEnd: boolean): number => {
      if (masked) return s > 0 ? (isEnd ? hi : lo) : (isEnd ? lo : hi);
      const f = x < 0 ? d + x : x;
      return f < lo ? lo : f > hi ? hi : f;
    };
    const bb = canon(b, bm, false), ee = canon(e, em, true);
    const len = ee - bb;
    let c = 0;
    if (len !== 0 && (len < 0) === (s < 0)) c = Math.floor(len / s) + (len % s !== 0 ? 1 : 0);
    start.push(bb); step.push(s); count.push(c);
  }
  const outShape: Dim[] = [];
  for (const g of gather) {
    if (g === -1) outShape.push(1);
    else if (g >= 0) outShape.push(count[g]);
  }
  return { start, step, count, outShape };
}

defineOp({
  name: "StridedSlice",
  infer([x], attrs: StridedSliceAttrs) {
    return [{ shape: resolveStridedSlice("StridedSlice", x.shape, attrs).outShape as number[], dtype: x.dtype }];
  },
  grad: (dys, [x], _o, attrs) => [runOp("StridedSliceGrad", [shapeOf(x), dys[0]!], { ...attrs, x_shape: x.shape })[0]],
});
defineOp({
  name: "StridedSliceGrad",
  infer([s, dy], attrs) {
    const shape: Dim[] = s.isSymbolic ? attrs.x_shape : Array.from(s.dataSync() as Int32Array);
    const res = resolveStridedSlice("StridedSliceGrad", shape, attrs);
    if (res.outShape.length !== dy.rank || res.outShape.some((d, i) => d !== null && dy.shape[i] !== null && d !== dy.shape[i])) {
      throw new InvalidArgumentError(msg(
        `StridedSliceGrad: dy has shape ${formatShape(dy.shape)} but the slice of shape ${formatShape(shape)} has shape ${formatShape(res.outShape)}.`,
        `StridedSliceGrad: dy의 형태는 ${formatShape(dy.shape)}인데 형태 ${formatShape(shape)}의 슬라이스는 ${formatShape(res.outShape)}입니다.`,
      ));
    }
    return [{ shape: shape as number[], dtype: dy.dtype }];
  },
  grad: (dys, _i, _o, attrs) => {
    const { x_shape: _xs, ...ss } = attrs;
    return [null, runOp("StridedSlice", [dys[0]!], ss)[0]];
  },
});

/** Parses the numpy-style index list of `strided_slice`-based indexing (`getitem`). */
export type IndexSpec = number | string | null | { start?: number | null; stop?: number | null; step?: number | null };

/**
 * numpy/Python indexing (`t[1:3, ..., None, -1]`) as a StridedSlice: numbers pick (and drop a
 * dimension), strings `"1:3"`, `"::2"`, `":"`, `"..."` slice, `null` (or `"newaxis"`) inserts a
 * dimension. One string may hold the whole index: `"1:3, :, 0"`.
 */
export function getitem(tensor: TensorLike, ...index: IndexSpec[]): Tensor {
  const t = toTensor(tensor, "getitem");
  if (index.length === 1 && typeof index[0] === "string" && index[0].includes(",")) {
    index = index[0].split(",").map((s) => s.trim());
  }
  const begin: number[] = [], end: number[] = [], strides: number[] = [];
  let bm = 0, em = 0, ell = 0, na = 0, sh = 0;
  index.forEach((ix, i) => {
    const bit = 1 << i;
    let start: number | null | undefined = null, stop: number | null | undefined = null, st: number | null | undefined = null;
    if (ix === null || ix === "newaxis" || ix === "None") { na |= bit; begin.push(0); end.push(0); strides.push(1); return; }
    if (ix === "..." ) { ell |= bit; begin.push(0); end.push(0); strides.push(1); return; }
    if (typeof ix === "number" || (typeof ix === "string" && /^\s*-?\d+\s*$/.test(ix))) {
      const k = Number(ix);
      if (!Number.isInteger(k)) throw new InvalidArgumentError(msg(`getitem: index ${ix} is not an integer.`, `getitem: 인덱스 ${ix}는 정수가 아닙니다.`));
      sh |= bit; begin.push(k); end.push(k + 1); strides.push(1); return;
    }
    if (typeof ix === "string") {
      const parts = ix.split(":").map((p) => p.trim());
      if (parts.length < 2 || parts.length > 3 || parts.some((p) => p !== "" && !/^-?\d+$/.test(p))) {
        throw new InvalidArgumentError(msg(
          `getitem: cannot parse index ${JSON.stringify(ix)}; use numbers, "start:stop:step" strings, "..." or null (new axis).`,
          `getitem: 인덱스 ${JSON.stringify(ix)}를 해석할 수 없습니다. 숫자, "start:stop:step" 문자열, "...", null(새 축)을 쓰세요.`,
        ));
      }
      const num = (p: string | undefined) => (p === undefined || p === "" ? null : Number(p));
      [start, stop, st] = [num(parts[0]), num(parts[1]), num(parts[2])];
    } else {
      ({ start, stop, step: st } = ix);
    }
    if (start == null) bm |= bit;
    if (stop == null) em |= bit;
    begin.push(start ?? 0); end.push(stop ?? 0); strides.push(st ?? 1);
  });
  return runOp("StridedSlice", [t], ssAttrs(begin, end, strides, bm, em, ell, na, sh))[0];
}

/**
 * `tf.strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
 * new_axis_mask=0, shrink_axis_mask=0, var=None, name=None)`: Python's extended slicing as masks.
 */
export interface StridedSliceOptions {
  end?: number[] | Tensor; strides?: number[] | Tensor | null; begin_mask?: number; end_mask?: number; ellipsis_mask?: number;
  new_axis_mask?: number; shrink_axis_mask?: number; var?: unknown; name?: string;
}
/** (`var` is accepted for TF's signature and ignored: it only serves sliced assignment to variables.) */
export function strided_slice(
  input_: TensorLike, begin: number[] | Tensor, end: number[] | Tensor | StridedSliceOptions, strides?: number[] | Tensor | null | StridedSliceOptions,
  begin_mask?: number | StridedSliceOptions, end_mask?: number | StridedSliceOptions, ellipsis_mask?: number | StridedSliceOptions,
  new_axis_mask?: number | StridedSliceOptions, shrink_axis_mask?: number | StridedSliceOptions, var_?: unknown, name?: string | StridedSliceOptions,
): Tensor {
  const names = ["input_", "begin", "end", "strides", "begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask", "var", "name"];
  const o = bindArgs("strided_slice", names, [input_, begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask, var_, name], 2);
  const t = toTensor(input_, "strided_slice");
  const b = intList("strided_slice", "begin", o.begin), e = intList("strided_slice", "end", o.end);
  const s = o.strides == null ? new Array(b.length).fill(1) : intList("strided_slice", "strides", o.strides);
  const mask = (k: string) => intScalar("strided_slice", k, o[k] ?? 0);
  return runOp("StridedSlice", [t], ssAttrs(b, e, s, mask("begin_mask"), mask("end_mask"), mask("ellipsis_mask"), mask("new_axis_mask"), mask("shrink_axis_mask")), o.name)[0];
}

// ---------------------------------------------------------------- slice
/** Slice's begin/size resolved against a shape (size -1 = to the end). Throws TF's errors. */
export function resolveSlice(op: string, shape: readonly Dim[], begin: number[], size: number[]): Dim[] {
  const r = shape.length;
  if (begin.length !== r || size.length !== r) {
    throw new InvalidArgumentError(msg(
      `${op}: Expected begin and size arguments to be 1-D tensors of size ${r}, but got shapes [${begin.length}] and [${size.length}] instead (input shape ${formatShape(shape)}).`,
      `${op}: begin과 size의 길이는 입력의 랭크 ${r}과 같아야 하는데 ${begin.length}와 ${size.length}입니다 (입력 형태 ${formatShape(shape)}).`,
    ));
  }
  const out: Dim[] = [];
  for (let i = 0; i < r; i++) {
    const d = shape[i], b = begin[i], s = size[i];
    if (d === null) { out.push(s === -1 ? null : s); continue; }
    if (!Number.isInteger(b) || b < 0 || b > d) {
      throw new InvalidArgumentError(msg(
        `${op}: Expected begin[${i}] in [0, ${d}], but got ${b} (input shape ${formatShape(shape)}).`,
        `${op}: begin[${i}]은(는) [0, ${d}] 안이어야 하는데 ${b}입니다 (입력 형태 ${formatShape(shape)}).`,
      ));
    }
    const sz = s === -1 ? d - b : s;
    if (!Number.isInteger(sz) || sz < 0 || b + sz > d) {
      throw new InvalidArgumentError(msg(
        `${op}: Expected size[${i}] in [0, ${d - b}], but got ${s} (begin ${b}, input shape ${formatShape(shape)}). Use -1 to take everything to the end.`,
        `${op}: size[${i}]은(는) [0, ${d - b}] 안이어야 하는데 ${s}입니다 (begin ${b}, 입력 형태 ${formatShape(shape)}). 끝까지 가져오려면 -1을 쓰세요.`,
      ));
    }
    out.push(sz);
  }
  return out;
}
defineOp({
  name: "Slice",
  infer(inputs, attrs) {
    const [x, b, s] = inputs;
    if (b) {
      if (b.isSymbolic || s.isSymbolic) return [{ shape: new Array(x.rank).fill(null), dtype: x.dtype }];
      return [{ shape: resolveSlice("Slice", x.shape, Array.from(b.dataSync() as Int32Array), Array.from(s.dataSync() as Int32Array)) as number[], dtype: x.dtype }];
    }
    return [{ shape: resolveSlice("Slice", x.shape, attrs.begin, attrs.size) as number[], dtype: x.dtype }];
  },
  grad(dys, inputs, _o, { begin, size }) {
    const [x, b, s] = inputs;
    const dy = dys[0]!;
    if (b) {
      // Dynamic begin/size: pad back with paddings [begin, shape - begin - size].
      const after = runOp("Sub", [runOp("Sub", [shapeOf(x), b], {})[0], shapeOf(dy)], {})[0];
      const pads = runOp("Pack", [b, after], { axis: 1, N: 2 })[0];
      return [runOp("Pad", [dy, pads], { constant_values: 0 })[0], null, null];
    }
    let endMask = 0;
    const end = begin.map((bb: number, i: number) => { if (size[i] === -1) endMask |= 1 << i; return bb + size[i]; });
    const attrs = ssAttrs(begin, end, new Array(begin.length).fill(1), 0, endMask, 0, 0, 0);
    return [runOp("StridedSliceGrad", [shapeOf(x), dy], { ...attrs, x_shape: x.shape })[0]];
  },
});
/** `tf.slice(input_, begin, size, name=None)`: the block starting at `begin` of extent `size` (-1 = to the end). */
export interface SliceOptions { begin?: number[]; size?: number[]; name?: string }
export function slice(input_: TensorLike, begin: number[] | Tensor | SliceOptions, size?: number[] | Tensor | SliceOptions, name?: string | SliceOptions): Tensor {
  const o = bindArgs("slice", ["input_", "begin", "size", "name"], [input_, begin, size, name]);
  const t = toTensor(input_, "slice");
  if (o.begin == null || o.size == null) throw new InvalidArgumentError(msg("slice: begin and size are required.", "slice: begin과 size를 지정해야 합니다."));
  return runOp("Slice", [t], { begin: intList("slice", "begin", o.begin), size: intList("slice", "size", o.size) }, o.name)[0];
}

// ---------------------------------------------------------------- reverse
defineOp({
  name: "ReverseV2",
  infer([x], { axis }) {
    const seen = new Set<number>();
    for (const a of axis) {
      const n = normAx("ReverseV2", a, x.rank, x.shape);
      if (seen.has(n)) throw new InvalidArgumentError(msg(`ReverseV2: axis ${n} specified more than once.`, `ReverseV2: 축 ${n}이(가) 두 번 이상 지정되었습니다.`));
      seen.add(n);
    }
    return [{ shape: x.shape, dtype: x.dtype }];
  },
  grad: (dys, _x, _o, { axis }) => [runOp("ReverseV2", [dys[0]!], { axis })[0]],
});
/** `tf.reverse(tensor, axis, name=None)`: reverses the order along each axis in `axis`. */
export function reverse(tensor: TensorLike, axis: number[] | number | { axis: number[]; name?: string }, name?: string | { name?: string }): Tensor {
  const o = bindArgs("reverse", ["tensor", "axis", "name"], [tensor, axis, name]);
  return runOp("ReverseV2", [toTensor(tensor, "reverse")], { axis: intList("reverse", "axis", o.axis) }, o.name)[0];
}

// ---------------------------------------------------------------- gather, gather_nd, scatter_nd
function checkIndexDType(op: string, t: Tensor): void {
  if (t.dtype !== int32 && t.dtype !== int64) {
    throw new InvalidArgumentError(msg(
      `${op}: indices must be int32 or int64, got ${t.dtype.name}. ${t.dtype.kind === "f" ? "JS numbers become float32: pass tf.constant(..., tf.int32) or tf.cast(indices, tf.int32)." : "Cast them with tf.cast(indices, tf.int32)."}`,
      `${op}: indices는 int32나 int64여야 하는데 ${t.dtype.name}입니다. ${t.dtype.kind === "f" ? "JS 숫자는 float32가 되므로 tf.constant(..., tf.int32)나 tf.cast(indices, tf.int32)를 쓰세요." : "tf.cast(indices, tf.int32)로 바꾸세요."}`,
    ));
  }
}
defineOp({
  name: "GatherV2",
  infer([p, idx], { axis, batch_dims }) {
    checkIndexDType("GatherV2", idx);
    if (batch_dims > idx.rank || batch_dims < 0) {
      throw new InvalidArgumentError(msg(
        `GatherV2: batch_dims (${batch_dims}) must be in [${-idx.rank}, ${idx.rank}] (indices rank ${idx.rank}).`,
        `GatherV2: batch_dims(${batch_dims})는 [${-idx.rank}, ${idx.rank}] 안이어야 합니다 (indices 랭크 ${idx.rank}).`,
      ));
    }
    if (p.rank === 0) throw new InvalidArgumentError(msg("GatherV2: params must be at least 1 dimensional (got a scalar).", "GatherV2: params는 1차원 이상이어야 합니다 (스칼라가 왔습니다)."));
    const ax = normAx("GatherV2", axis, p.rank, p.shape);
    if (batch_dims > ax) {
      throw new InvalidArgumentError(msg(
        `GatherV2: batch_dims (${batch_dims}) must be less than or equal to axis (${ax}).`,
        `GatherV2: batch_dims(${batch_dims})는 axis(${ax}) 이하여야 합니다.`,
      ));
    }
    for (let i = 0; i < batch_dims; i++) {
      if (p.shape[i] !== null && idx.shape[i] !== null && p.shape[i] !== idx.shape[i]) {
        throw new InvalidArgumentError(msg(
          `GatherV2: params.shape[${i}]: ${p.shape[i]} should be equal to indices.shape[${i}]: ${idx.shape[i]} (batch_dims=${batch_dims}).`,
          `GatherV2: params.shape[${i}](${p.shape[i]})와 indices.shape[${i}](${idx.shape[i]})가 같아야 합니다 (batch_dims=${batch_dims}).`,
        ));
      }
    }
    const out = [...p.shape.slice(0, ax), ...idx.shape.slice(batch_dims), ...p.shape.slice(ax + 1)];
    return [{ shape: out, dtype: p.dtype }];
  },
  grad(dys, [p, idx], _o, { axis, batch_dims }) {
    return [gatherGrad(dys[0]!, p, idx, axis < 0 ? axis + p.rank : axis, batch_dims), null];
  },
});

/** d gather / d params: scatter-add of dy into params' shape (ScatterNd sums duplicates). */
function gatherGrad(dy: Tensor, p: Tensor, idx: Tensor, ax: number, bd: number): Tensor {
  const pr = p.rank, jr = idx.rank - bd;
  // dy is [B, O, J, I] (B = batch dims, O = params dims between batch and axis, I = after axis).
  const B = Array.from({ length: bd }, (_, i) => i);
  const O = Array.from({ length: ax - bd }, (_, i) => bd + i);
  const J = Array.from({ length: jr }, (_, i) => ax + i);
  const I = Array.from({ length: pr - ax - 1 }, (_, i) => ax + jr + i);
  if (bd === 0) {
    // Move J to the front: [J, O, I]; scatter into [N, O, I]; move N back to `ax`.
    const perm = [...J, ...O, ...I];
    const dyT = isIdentity(perm) ? dy : runOp("Transpose", [dy], { perm })[0];
    const pPerm = [ax, ...O, ...Array.from({ length: pr - ax - 1 }, (_, i) => ax + 1 + i)];
    const target = known(p.shape)
      ? int32Const(pPerm.map((i) => p.shape[i]))
      : runOp("GatherV2", [shapeOf(p), int32Const(pPerm)], { axis: 0, batch_dims: 0 })[0];
    const ind = runOp("ExpandDims", [idx], { axis: -1 })[0];
    const g = runOp("ScatterNd", [ind, dyT, target], {})[0];
    return isIdentity(pPerm) ? g : runOp("Transpose", [g], { perm: invertPerm(pPerm) })[0];
  }
  if (!known(p.shape) || !known(idx.shape)) {
    throw new InvalidArgumentError(msg(
      "GatherV2 gradient with batch_dims > 0 needs fully known shapes when building a graph.",
      "batch_dims > 0인 GatherV2의 그래디언트는 그래프를 만들 때 형태가 모두 알려져 있어야 합니다.",
    ));
  }
  // Flatten batch dims into the gathered axis: params' = [Btot * N, O, I], indices' = idx + b * N.
  const bShape = p.shape.slice(0, bd), bTot = sizeOf(bShape), N = p.shape[ax];
  const jShape = idx.shape.slice(bd), jTot = sizeOf(jShape);
  const offs = new Array<number>(bTot * jTot);
  for (let b = 0; b < bTot; b++) for (let j = 0; j < jTot; j++) offs[b * jTot + j] = b * N;
  const idx32 = idx.dtype === int32 ? idx : runOp("Cast", [idx], { DstT: int32, SrcT: idx.dtype })[0];
  const flatIdx = runOp("AddV2", [runOp("Reshape", [idx32], { shape: [bTot * jTot, 1] })[0], constant(offs, int32, [bTot * jTot, 1])], {})[0];
  const oShape = O.map((i) => p.shape[i]), iShape = p.shape.slice(ax + 1);
  const dyT = runOp("Reshape", [runOp("Transpose", [dy], { perm: [...B, ...J, ...O, ...I] })[0]], { shape: [bTot * jTot, ...oShape, ...iShape] })[0];
  const g = runOp("ScatterNd", [flatIdx, dyT, int32Const([bTot * N, ...oShape, ...iShape])], {})[0];
  // [B, N, O, I] -> [B, O, N, I]
  const g2 = runOp("Reshape", [g], { shape: [...bShape, N, ...oShape, ...iShape] })[0];
  const perm = [...B, ...O.map((_, k) => bd + 1 + k), bd, ...I.map((_, k) => bd + 1 + O.length + k)];
  return isIdentity(perm) ? g2 : runOp("Transpose", [g2], { perm })[0];
}
function isIdentity(perm: number[]): boolean { return perm.every((p, i) => p === i); }

/**
 * `tf.gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None)`:
 * slices of `params` along `axis` at `indices` (int32/int64). Out-of-range indices are an error.
 */
export interface GatherOptions { validate_indices?: boolean | null; axis?: number | null; batch_dims?: number; name?: string }
export function gather(params: TensorLike, indices: TensorLike, validate_indices?: boolean | null | GatherOptions, axis?: number | null | GatherOptions, batch_dims?: number | GatherOptions, name?: string | GatherOptions): Tensor {
  const o = bindArgs("gather", ["params", "indices", "validate_indices", "axis", "batch_dims", "name"], [params, indices, validate_indices, axis, batch_dims, name], 2);
  const p = toTensor(params, "gather");
  const idx = toTensor(indices, "gather", int32);
  let bd = intScalar("gather", "batch_dims", o.batch_dims ?? 0);
  if (bd < 0) bd += idx.rank;
  const ax = o.axis == null ? bd : intScalar("gather", "axis", o.axis);
  return runOp("GatherV2", [p, idx], { axis: ax < 0 && p.rank > 0 ? ax + p.rank : ax, batch_dims: bd }, o.name)[0];
}

function inferGatherNd(op: string, p: Tensor, idx: Tensor, bd: number): Dim[] {
  checkIndexDType(op, idx);
  if (idx.rank < 1) throw new InvalidArgumentError(msg(`${op}: indices must be at least a vector (last dimension = index depth), got a scalar.`, `${op}: indices는 벡터 이상이어야 합니다 (마지막 차원 = 인덱스 깊이).`));
  const k = idx.shape[idx.rank - 1];
  if (bd < 0 || bd >= idx.rank || bd > p.rank) {
    throw new InvalidArgumentError(msg(`${op}: batch_dims ${bd} must be in [0, ${Math.min(idx.rank - 1, p.rank)}].`, `${op}: batch_dims ${bd}는 [0, ${Math.min(idx.rank - 1, p.rank)}] 안이어야 합니다.`));
  }
  if (k === null) return idx.shape.slice(0, -1);
  if (k > p.rank - bd) {
    throw new InvalidArgumentError(msg(
      `${op}: indices.shape[-1] must be <= params.rank${bd ? " - batch_dims" : ""}, but saw indices shape ${formatShapeTF(idx.shape)} vs. params shape ${formatShapeTF(p.shape)}.`,
      `${op}: indices의 마지막 차원(${k})은 params의 랭크${bd ? "-batch_dims" : ""} 이하여야 합니다 (indices 형태 ${formatShapeTF(idx.shape)}, params 형태 ${formatShapeTF(p.shape)}).`,
    ));
  }
  for (let i = 0; i < bd; i++) {
    if (p.shape[i] !== null && idx.shape[i] !== null && p.shape[i] !== idx.shape[i]) {
      throw new InvalidArgumentError(msg(
        `${op}: batch dimensions of params and indices must match: params.shape[${i}] = ${p.shape[i]} vs indices.shape[${i}] = ${idx.shape[i]}.`,
        `${op}: params와 indices의 배치 차원이 같아야 합니다: params.shape[${i}] = ${p.shape[i]}, indices.shape[${i}] = ${idx.shape[i]}.`,
      ));
    }
  }
  return [...idx.shape.slice(0, -1), ...p.shape.slice(bd + k)];
}
defineOp({
  name: "GatherNd",
  infer([p, idx], { batch_dims }) { return [{ shape: inferGatherNd("GatherNd", p, idx, batch_dims) as number[], dtype: p.dtype }]; },
  grad(dys, [p, idx], _o, { batch_dims }) {
    const dy = dys[0]!;
    if (batch_dims === 0) return [runOp("ScatterNd", [idx, dy, shapeOf(p)], {})[0], null];
    if (!known(p.shape) || !known(idx.shape)) {
      throw new InvalidArgumentError(msg("GatherNd gradient with batch_dims > 0 needs fully known shapes when building a graph.", "batch_dims > 0인 GatherNd의 그래디언트는 형태가 모두 알려져 있어야 합니다."));
    }
    // Prepend the flat batch index as an extra index column over params reshaped to [Btot, ...].
    const bShape = p.shape.slice(0, batch_dims), bTot = sizeOf(bShape);
    const jShape = idx.shape.slice(batch_dims, -1), jTot = sizeOf(jShape), k = idx.shape[idx.rank - 1];
    const col = new Array<number>(bTot * jTot);
    for (let b = 0; b < bTot; b++) for (let j = 0; j < jTot; j++) col[b * jTot + j] = b;
    const idx32 = idx.dtype === int32 ? idx : runOp("Cast", [idx], { DstT: int32, SrcT: idx.dtype })[0];
    const flat = runOp("ConcatV2", [constant(col, int32, [bTot * jTot, 1]), runOp("Reshape", [idx32], { shape: [bTot * jTot, k] })[0]], { axis: 1 })[0];
    const rest = p.shape.slice(batch_dims + k);
    const dyF = runOp("Reshape", [dy], { shape: [bTot * jTot, ...rest] })[0];
    const g = runOp("ScatterNd", [flat, dyF, int32Const([bTot, ...p.shape.slice(batch_dims)])], {})[0];
    return [runOp("Reshape", [g], { shape: p.shape })[0], null];
  },
});
/** `tf.gather_nd(params, indices, batch_dims=0, name=None)`: `indices[..., :k]` index the first k dims of params. */
export function gather_nd(params: TensorLike, indices: TensorLike, batch_dims?: number | { batch_dims?: number; name?: string }, name?: string | { name?: string }): Tensor {
  const o = bindArgs("gather_nd", ["params", "indices", "batch_dims", "name"], [params, indices, batch_dims, name], 2);
  return runOp("GatherNd", [toTensor(params, "gather_nd"), toTensor(indices, "gather_nd", int32)], { batch_dims: intScalar("gather_nd", "batch_dims", o.batch_dims ?? 0) }, o.name)[0];
}

defineOp({
  name: "ScatterNd",
  infer([idx, upd, s]) {
    checkIndexDType("ScatterNd", idx);
    let shape: Dim[];
    if (s.isSymbolic) shape = new Array(s.shape[0] ?? 0).fill(null);
    else {
      shape = Array.from(s.dataSync() as ArrayLike<number>);
      if (shape.some((d) => (d as number) < 0)) throw new InvalidArgumentError(msg(`ScatterNd: shape must be non-negative, got ${formatShapeTF(shape)}.`, `ScatterNd: shape는 0 이상이어야 하는데 ${formatShapeTF(shape)}입니다.`));
    }
    if (idx.rank < 1) throw new InvalidArgumentError(msg("ScatterNd: indices must be at least a vector.", "ScatterNd: indices는 벡터 이상이어야 합니다."));
    const k = idx.shape[idx.rank - 1];
    if (k !== null && s.shape[0] !== null) {
      const want = [...idx.shape.slice(0, -1), ...shape.slice(k)];
      const bad = k > shape.length || want.length !== upd.rank || want.some((d, i) => d !== null && upd.shape[i] !== null && d !== upd.shape[i]);
      if (bad) {
        throw new InvalidArgumentError(msg(
          `ScatterNd: updates must have shape indices.shape[:-1] + shape[indices.shape[-1]:] = ${formatShapeTF(want)}, got ${formatShapeTF(upd.shape)} (indices ${formatShapeTF(idx.shape)}, shape ${formatShapeTF(shape)}).`,
          `ScatterNd: updates의 형태는 indices.shape[:-1] + shape[indices.shape[-1]:] = ${formatShapeTF(want)}이어야 하는데 ${formatShapeTF(upd.shape)}입니다.`,
        ));
      }
    }
    return [{ shape: shape as number[], dtype: upd.dtype }];
  },
  grad: (dys, [idx]) => [null, runOp("GatherNd", [dys[0]!, idx], { batch_dims: 0 })[0], null],
});
/** `tf.scatter_nd(indices, updates, shape, name=None)`: zeros of `shape` with `updates` added at `indices` (duplicates sum). */
export function scatter_nd(indices: TensorLike, updates: TensorLike, shape: number[] | Tensor | { shape: number[]; name?: string }, name?: string | { name?: string }): Tensor {
  const o = bindArgs("scatter_nd", ["indices", "updates", "shape", "name"], [indices, updates, shape, name], 2);
  const s = o.shape instanceof Tensor && o.shape.isSymbolic ? o.shape : int32Const(intList("scatter_nd", "shape", o.shape));
  return runOp("ScatterNd", [toTensor(indices, "scatter_nd", int32), toTensor(updates, "scatter_nd"), s], {}, o.name)[0];
}

// ---------------------------------------------------------------- where (coordinates), boolean_mask
defineOp({
  name: "Where",
  infer([c]) {
    if (c.dtype.kind === "s") throw new InvalidArgumentError(msg("Where: condition must be bool or numeric, got string.", "Where: 조건은 bool이나 숫자여야 하는데 문자열입니다."));
    if (c.isSymbolic || !known(c.shape)) return [{ shape: [null as unknown as number, c.rank], dtype: int64 }];
    const v = c.dataSync() as ArrayLike<number>;
    let n = 0;
    if (c.dtype.kind === "c") { for (let i = 0; i < v.length; i += 2) if (v[i] !== 0 || v[i + 1] !== 0) n++; }
    else for (let i = 0; i < v.length; i++) if (v[i]) n++;
    return [{ shape: [n, c.rank], dtype: int64 }];
  },
  grad: () => [null],
});

/**
 * `tf.boolean_mask(tensor, mask, axis=None, name='boolean_mask')`: the entries of `tensor` where
 * `mask` is true; mask's shape must match `tensor.shape[axis:axis+mask.rank]`. Built from
 * reshape + where + gather like TF, so its gradient comes from theirs.
 */
export function boolean_mask(tensor: TensorLike, mask: TensorLike, axis?: number | null | { axis?: number | null; name?: string }, name?: string | { name?: string }): Tensor {
  const o = bindArgs("boolean_mask", ["tensor", "mask", "axis", "name"], [tensor, mask, axis, name], 2);
  const t = toTensor(tensor, "boolean_mask");
  const m = toTensor(mask, "boolean_mask");
  if (m.dtype !== bool) {
    throw new InvalidArgumentError(msg(`boolean_mask: mask must be a bool tensor, got ${m.dtype.name}. Compare first, e.g. tf.greater(x, 0).`, `boolean_mask: mask는 bool 텐서여야 하는데 ${m.dtype.name}입니다. tf.greater(x, 0)처럼 비교 결과를 쓰세요.`));
  }
  if (m.rank === 0) throw new InvalidArgumentError(msg("boolean_mask: mask cannot be scalar.", "boolean_mask: mask는 스칼라일 수 없습니다."));
  const ax0 = o.axis == null ? 0 : intScalar("boolean_mask", "axis", o.axis);
  const ax = ax0 < 0 ? ax0 + t.rank : ax0;
  const k = m.rank;
  if (ax < 0 || ax + k > t.rank) {
    throw new InvalidArgumentError(msg(
      `boolean_mask: mask of rank ${k} at axis ${o.axis ?? 0} does not fit a tensor of shape ${formatShape(t.shape)}.`,
      `boolean_mask: 랭크 ${k}인 mask를 축 ${o.axis ?? 0}에서 형태 ${formatShape(t.shape)} 텐서에 맞출 수 없습니다.`,
    ));
  }
  const part = t.shape.slice(ax, ax + k);
  if (part.some((d, i) => d !== null && m.shape[i] !== null && d !== m.shape[i])) {
    throw new InvalidArgumentError(msg(
      `boolean_mask: Shapes ${formatShape(part)} and ${formatShape(m.shape)} are incompatible: mask shape must match tensor.shape[${ax}:${ax + k}] (tensor shape ${formatShape(t.shape)}).`,
      `boolean_mask: 형태 ${formatShape(part)}와 ${formatShape(m.shape)}가 맞지 않습니다. mask의 형태는 tensor.shape[${ax}:${ax + k}]와 같아야 합니다 (tensor 형태 ${formatShape(t.shape)}).`,
    ));
  }
  const lead = part.every((d) => d !== null) ? sizeOf(part) : m.shape.every((d) => d !== null) ? sizeOf(m.shape) : -1;
  const newShape = [...t.shape.slice(0, ax), lead, ...t.shape.slice(ax + k)].map((d) => (d === null ? -1 : d));
  if (newShape.filter((d) => d === -1).length > 1) {
    throw new InvalidArgumentError(msg("boolean_mask: too many unknown dimensions to flatten the masked part; give static shapes.", "boolean_mask: 알 수 없는 차원이 너무 많습니다. 형태를 명시하세요."));
  }
  const flatT = k === 1 && lead !== -1 ? t : runOp("Reshape", [t], { shape: newShape })[0];
  const flatM = k === 1 ? m : runOp("Reshape", [m], { shape: [-1] })[0];
  const where = runOp("Where", [flatM], {})[0];
  const idx = runOp("Squeeze", [where], { squeeze_dims: [1] })[0];
  return runOp("GatherV2", [flatT, idx], { axis: ax, batch_dims: 0 }, o.name)[0];
}
