/** Matrix products: matmul (batched, broadcast batch dims), tensordot, einsum. */
import { Tensor } from "../tensor/tensor";
import { broadcastShapes, formatShape, formatShapeTF, normAxis } from "../tensor/shape";
import { defineOp, getOpDef, runOp, dtypeMismatch, GradFn } from "../engine/engine";
import { TensorLike, toTensor, toTensorPair } from "./convert";
import { bindArgs, isOptions } from "./reduce";
import { InvalidArgumentError, msg, checkOptions } from "../errors";
import { asDType, DTypeLike } from "../tensor/dtypes";
import { unbroadcast } from "./grad_util";

export interface MatMulAttrs { transpose_a: boolean; transpose_b: boolean }

function inferMatMul(op: string) {
  return ([a, b]: Tensor[], { transpose_a, transpose_b }: MatMulAttrs) => {
    if (a.dtype !== b.dtype) throw dtypeMismatch(op, 1, a.dtype, b.dtype);
    if (!"fic".includes(a.dtype.kind)) {
      throw new InvalidArgumentError(msg(`${op}: matmul needs numeric tensors, got ${a.dtype.name}.`, `${op}: matmul에는 숫자 텐서가 필요한데 ${a.dtype.name}입니다.`));
    }
    if (a.rank < 2 || b.rank < 2) {
      throw new InvalidArgumentError(msg(
        `${op}: In[0] and In[1] must be at least rank 2, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}. Use tf.reshape or tf.expand_dims to make vectors into matrices, or tf.tensordot.`,
        `${op}: 두 입력은 랭크 2 이상이어야 하는데 형태가 ${formatShape(a.shape)}, ${formatShape(b.shape)}입니다. 벡터는 tf.reshape나 tf.expand_dims로 행렬로 만드세요.`,
      ));
    }
    const m = a.shape[a.rank - (transpose_a ? 1 : 2)], ka = a.shape[a.rank - (transpose_a ? 2 : 1)];
    const kb = b.shape[b.rank - (transpose_b ? 1 : 2)], n = b.shape[b.rank - (transpose_b ? 2 : 1)];
    if (ka !== null && kb !== null && ka !== kb) {
      throw new InvalidArgumentError(msg(
        `Matrix size-incompatible: In[0]: ${formatShapeTF(a.shape)}, In[1]: ${formatShapeTF(b.shape)} [Op:${op}]. ` +
        `The inner dimensions must match: a has ${ka} columns${transpose_a ? " (after transpose_a)" : ""} but b has ${kb} rows${transpose_b ? " (after transpose_b)" : ""}. ` +
        `Check the shapes, or transpose an input (transpose_a / transpose_b).`,
        `행렬 크기가 맞지 않습니다: In[0]: ${formatShapeTF(a.shape)}, In[1]: ${formatShapeTF(b.shape)} [Op:${op}]. ` +
        `안쪽 차원이 같아야 하는데 a의 열은 ${ka}개${transpose_a ? "(transpose_a 적용 후)" : ""}, b의 행은 ${kb}개${transpose_b ? "(transpose_b 적용 후)" : ""}입니다. ` +
        `형태를 확인하거나 입력을 전치하세요 (transpose_a / transpose_b).`,
      ));
    }
    const batch = a.rank === 2 && b.rank === 2 ? [] : broadcastShapes(op, a.shape.slice(0, -2), b.shape.slice(0, -2));
    return [{ shape: [...batch, m, n] as number[], dtype: a.dtype }];
  };
}

const matmulGrad: GradFn = (dys, [a0, b0], _outs, { transpose_a: ta, transpose_b: tb }: MatMulAttrs, needs) => {
  const dy = dys[0]!;
  // Complex: the inputs enter conjugated (TF's rule, like Mul's).
  const a = a0.dtype.kind === "c" ? runOp("Conj", [a0], {})[0] : a0;
  const b = b0.dtype.kind === "c" ? runOp("Conj", [b0], {})[0] : b0;
  // Skip a product nobody needs (e.g. dx of a data batch): TF's skip_input_indices.
  const wantA = !needs || needs[0] !== false, wantB = !needs || needs[1] !== false;
  let da: Tensor | null = null, db: Tensor | null = null;
  if (!ta && !tb) { if (wantA) da = matmul(dy, b, false, true); if (wantB) db = matmul(a, dy, true, false); }
  else if (!ta && tb) { if (wantA) da = matmul(dy, b); if (wantB) db = matmul(dy, a, true, false); }
  else if (ta && !tb) { if (wantA) da = matmul(b, dy, false, true); if (wantB) db = matmul(a, dy); }
  else { if (wantA) da = matmul(b, dy, true, true); if (wantB) db = matmul(dy, a, true, true); }
  return [da && unbroadcast(da, a0), db && unbroadcast(db, b0)];
};

defineOp({ name: "MatMul", infer: inferMatMul("MatMul"), grad: matmulGrad });
defineOp({ name: "BatchMatMulV2", infer: inferMatMul("BatchMatMulV2"), grad: matmulGrad });

/**
 * `_FusedMatMul(a, b, bias)` with fused_ops ["BiasAdd"] or ["BiasAdd", "Relu"] (TF's name for the
 * op Grappler's remapper makes of a Dense layer's MatMul, BiasAdd and Relu): one op, so an eager
 * Keras step runs, records and differentiates one node instead of three. Rank-2 float operands.
 * Kernels run the backend's MatMul and then its BiasAdd and Relu arithmetic in place on the
 * product: the values are the three ops' to the bit, and so is the gradient below, which runs
 * Relu's, BiasAdd's and MatMul's own rules.
 */
export interface FusedMatMulAttrs extends MatMulAttrs { fused_ops: string[] }
defineOp({
  name: "_FusedMatMul",
  infer([a, b, bias], attrs: FusedMatMulAttrs) {
    const ops = attrs.fused_ops ?? [];
    const known = ops.length >= 1 && ops.length <= 2 && ops[0] === "BiasAdd" && (ops.length === 1 || ops[1] === "Relu");
    if (!known || a.rank !== 2 || b.rank !== 2 || a.dtype.kind !== "f") {
      throw new InvalidArgumentError(msg(
        `_FusedMatMul: takes rank-2 float matrices with fused_ops ["BiasAdd"] or ["BiasAdd", "Relu"], got ${formatShape(a.shape)} ${a.dtype.name}, ${formatShape(b.shape)} and fused_ops ${JSON.stringify(ops)}.`,
        `_FusedMatMul: 랭크 2 실수 행렬과 fused_ops ["BiasAdd"] 또는 ["BiasAdd", "Relu"]가 필요한데 ${formatShape(a.shape)} ${a.dtype.name}, ${formatShape(b.shape)}, fused_ops ${JSON.stringify(ops)}입니다.`,
      ));
    }
    const [spec] = inferMatMul("_FusedMatMul")([a, b], attrs);
    const n = spec.shape[1];
    if (bias.dtype !== a.dtype) throw dtypeMismatch("_FusedMatMul", 2, a.dtype, bias.dtype);
    if (bias.rank !== 1 || (n !== null && bias.shape[0] !== null && bias.shape[0] !== n)) {
      throw new InvalidArgumentError(msg(
        `_FusedMatMul: bias must be a vector of the product's ${n} columns, got shape ${formatShape(bias.shape)}.`,
        `_FusedMatMul: bias는 곱의 열 수(${n})와 같은 길이의 벡터여야 하는데 형태가 ${formatShape(bias.shape)}입니다.`,
      ));
    }
    return [spec];
  },
  grad([dy], [a, b, bias], [y], attrs: FusedMatMulAttrs, needs) {
    // Relu's rule (ReluGrad on the output), then BiasAdd's (a sum over the rows) and MatMul's.
    const dz = attrs.fused_ops.length > 1 ? getOpDef("Relu").grad!([dy], [y], [y], {}, [true])[0]! : dy!;
    const dbias = needs[2] ? getOpDef("BiasAdd").grad!([dz], [y, bias], [y], {}, [false, true])[1] : null;
    const [da, db] = matmulGrad([dz], [a, b], [y], attrs, [needs[0], needs[1]]);
    return [da, db, dbias];
  },
});

export interface MatMulOptions {
  transpose_a?: boolean; transpose_b?: boolean; adjoint_a?: boolean; adjoint_b?: boolean;
  a_is_sparse?: boolean; b_is_sparse?: boolean; output_type?: unknown; name?: string;
}
const MATMUL_KEYS = ["transpose_a", "transpose_b", "adjoint_a", "adjoint_b", "a_is_sparse", "b_is_sparse", "output_type", "name"];

/** `tf.matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, a_is_sparse=False, b_is_sparse=False, output_type=None, name=None)` */
export function matmul(
  a: TensorLike, b: TensorLike, transpose_a?: boolean | MatMulOptions, transpose_b?: boolean | MatMulOptions,
  adjoint_a?: boolean | MatMulOptions, adjoint_b?: boolean | MatMulOptions, a_is_sparse?: boolean | MatMulOptions,
  b_is_sparse?: boolean | MatMulOptions, output_type?: unknown, name?: string | MatMulOptions,
): Tensor {
  let o: MatMulOptions;
  if (typeof transpose_a === "object" && transpose_a !== null && transpose_b === undefined) { checkOptions("matmul", transpose_a, MATMUL_KEYS); o = transpose_a; }
  else o = bindArgs("matmul", MATMUL_KEYS, [transpose_a, transpose_b, adjoint_a, adjoint_b, a_is_sparse, b_is_sparse, output_type, name]) as MatMulOptions;
  const [x, y] = toTensorPair(a, b, "matmul", "MatMul");
  if (o.output_type != null && asDType(o.output_type as DTypeLike) !== x.dtype) {
    throw new InvalidArgumentError(msg(
      `matmul: output_type ${String(o.output_type)} differs from the input dtype ${x.dtype.name}; cast the inputs instead (tf.cast).`,
      `matmul: output_type ${String(o.output_type)}이(가) 입력 자료형 ${x.dtype.name}과(와) 다릅니다. 입력을 tf.cast로 바꾸세요.`,
    ));
  }
  // adjoint = conjugate transpose; for real dtypes the same as transpose.
  const ta = !!(o.transpose_a || o.adjoint_a), tb = !!(o.transpose_b || o.adjoint_b);
  let xa = x, ya = y;
  if (o.adjoint_a && x.dtype.kind === "c") { xa = runOp("Conj", [x], {})[0]; }
  if (o.adjoint_b && y.dtype.kind === "c") { ya = runOp("Conj", [y], {})[0]; }
  const op = x.rank === 2 && y.rank === 2 ? "MatMul" : "BatchMatMulV2";
  return runOp(op, [xa, ya], { transpose_a: ta, transpose_b: tb }, o.name)[0];
}

// ---------------------------------------------------------------- einsum

/** Labels are ids: one per letter, plus one per ellipsis dimension. */
export interface EinsumPlan {
  /** Size of each label (null: unknown while building a graph). */
  sizes: (number | null)[];
  /** Label of each axis, per operand. */
  inputs: number[][];
  /** Label of each output axis. */
  output: number[];
  /** A letter for each label (ellipsis dims get unused letters), for gradient equations. */
  letters: string[];
}

function einsumError(en: string, ko: string): InvalidArgumentError {
  return new InvalidArgumentError(msg(`einsum: ${en}`, `einsum: ${ko}`));
}

/**
 * Parses an einsum equation against operand shapes (numpy's rules: implicit output = labels
 * seen once, in alphabetical order; `...` broadcasts; size-1 dims broadcast). `internal` allows
 * output labels absent from the inputs (sizes given) and repeated output labels (a diagonal):
 * only gradient equations use that.
 */
export function planEinsum(equation: string, shapes: readonly (readonly (number | null)[])[], internal?: { sizes: Record<string, number | null> }): EinsumPlan {
  const eq = equation.replace(/\s+/g, "");
  const arrow = eq.indexOf("->");
  if (arrow >= 0 && eq.indexOf("->", arrow + 1) >= 0) throw einsumError(`equation '${equation}' has more than one '->'.`, `식 '${equation}'에 '->'가 여러 번 있습니다.`);
  const lhs = arrow >= 0 ? eq.slice(0, arrow) : eq;
  const rhs = arrow >= 0 ? eq.slice(arrow + 2) : null;
  const terms = lhs.split(",");
  if (terms.length !== shapes.length) {
    throw einsumError(
      `equation '${equation}' names ${terms.length} operand(s) but ${shapes.length} input(s) were given.`,
      `식 '${equation}'에는 피연산자가 ${terms.length}개인데 입력은 ${shapes.length}개입니다.`,
    );
  }
  const parseTerm = (t: string, where: string): { labels: string[]; ell: number } => {
    const parts = t.split("...");
    if (parts.length > 2) throw einsumError(`'${t}' (${where}) has more than one '...'.`, `'${t}'(${where})에 '...'가 여러 번 있습니다.`);
    for (const ch of parts.join("")) {
      if (!/[a-zA-Z]/.test(ch)) {
        throw einsumError(`invalid subscript '${ch}' in '${t}' (${where}); use letters a-z, A-Z and '...'.`, `'${t}'(${where})의 첨자 '${ch}'는 쓸 수 없습니다. 영문자와 '...'만 쓰세요.`);
      }
    }
    return { labels: [...parts[0], ...(parts.length === 2 ? ["..."] : []), ...(parts[1] ?? "")], ell: parts.length === 2 ? 1 : 0 };
  };
  const parsed = terms.map((t, i) => parseTerm(t, `operand ${i}`));
  // Ellipsis rank of each operand; all ellipses broadcast together, right-aligned.
  let E = 0;
  const ellRank = parsed.map((p, i) => {
    const explicit = p.labels.length - p.ell;
    const r = shapes[i].length;
    if (p.ell ? r < explicit : r !== explicit) {
      throw einsumError(
        `operand ${i} has rank ${r} (shape ${formatShape(shapes[i])}) but its subscripts '${terms[i]}' name ${explicit} dimension(s)${p.ell ? " plus '...'" : ""}.`,
        `${i}번째 피연산자의 랭크는 ${r}(형태 ${formatShape(shapes[i])})인데 첨자 '${terms[i]}'는 ${explicit}개 차원을 가리킵니다.`,
      );
    }
    const e = p.ell ? r - explicit : 0;
    E = Math.max(E, e);
    return e;
  });
  const ids = new Map<string, number>();
  const letters: string[] = [];
  const sizes: (number | null)[] = [];
  const idOf = (key: string): number => {
    let id = ids.get(key);
    if (id === undefined) { id = letters.length; ids.set(key, id); letters.push(key); sizes.push(1); }
    return id;
  };
  const inputs = parsed.map((p, i) => {
    const out: number[] = [];
    for (const l of p.labels) {
      if (l === "...") for (let d = E - ellRank[i]; d < E; d++) out.push(idOf(`.${d}`));
      else out.push(idOf(l));
    }
    return out;
  });
  // Sizes: equal, or 1 (broadcast); unknown (null) adopts the known one.
  const seen = new Array<number | null | undefined>(letters.length);
  inputs.forEach((labs, i) => labs.forEach((id, ax) => {
    const d = shapes[i][ax];
    const prev = seen[id];
    if (prev === undefined || prev === 1) seen[id] = d;
    else if (d !== 1 && d !== null && prev !== null && d !== prev) {
      const name = letters[id].startsWith(".") ? "an ellipsis ('...') dimension" : `'${letters[id]}'`;
      throw einsumError(
        `dimension ${name} has size ${prev} in one operand and ${d} in operand ${i} (shape ${formatShape(shapes[i])}); sizes must match or be 1.`,
        `차원 ${name}의 크기가 한 피연산자에서 ${prev}, ${i}번째 피연산자(형태 ${formatShape(shapes[i])})에서 ${d}입니다. 크기가 같거나 1이어야 합니다.`,
      );
    } else if (prev === null && d !== null && d !== 1) seen[id] = d;
  }));
  seen.forEach((s, id) => { sizes[id] = s === undefined ? 1 : s; });
  // Gradient equations: a label broadcast (size 1) in these operands has its forward size.
  if (internal) {
    for (const [l, n] of Object.entries(internal.sizes)) {
      const id = ids.get(l);
      if (id !== undefined && sizes[id] === 1 && n !== null) sizes[id] = n;
    }
  }
  // Output labels.
  let output: number[];
  const ellIds = Array.from({ length: E }, (_, d) => ids.get(`.${d}`)!);
  if (rhs === null) {
    const count = new Map<string, number>();
    for (const p of parsed) for (const l of p.labels) if (l !== "...") count.set(l, (count.get(l) ?? 0) + 1);
    const once = [...count.entries()].filter(([, c]) => c === 1).map(([l]) => l).sort();
    output = [...ellIds, ...once.map((l) => ids.get(l)!)];
  } else {
    const p = parseTerm(rhs, "output");
    output = [];
    const used = new Set<string>();
    for (const l of p.labels) {
      if (l === "...") { output.push(...ellIds); continue; }
      if (used.has(l) && !internal) {
        throw einsumError(`output subscript '${l}' appears more than once in '${rhs}'.`, `출력 첨자 '${l}'가 '${rhs}'에 여러 번 나옵니다.`);
      }
      used.add(l);
      if (!ids.has(l)) {
        if (!internal || !(l in internal.sizes)) {
          throw einsumError(
            `output subscript '${l}' does not appear in the inputs ('${lhs}'); every output letter must come from an input.`,
            `출력 첨자 '${l}'가 입력('${lhs}')에 없습니다. 출력의 모든 문자는 입력에 있어야 합니다.`,
          );
        }
        idOf(l);
        sizes[ids.get(l)!] = internal.sizes[l];
      }
      output.push(ids.get(l)!);
    }
    if (!p.ell && E > 0 && !internal) {
      throw einsumError(
        `the inputs have '...' dimensions but the output '${rhs}' has no '...'; add '...' to the output (or sum them away with tf.reduce_sum).`,
        `입력에는 '...' 차원이 있는데 출력 '${rhs}'에는 '...'가 없습니다. 출력에 '...'를 넣으세요.`,
      );
    }
  }
  // Letters for ellipsis labels (used when writing gradient equations).
  const free = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"].filter((c) => !ids.has(c));
  const named = letters.map((l) => (l.startsWith(".") ? free.shift() ?? "?" : l));
  return { sizes, inputs, output, letters: named };
}

interface EinsumAttrs { equation: string; sizes?: Record<string, number | null> }

defineOp({
  name: "Einsum",
  infer(inputs, { equation, sizes }: EinsumAttrs) {
    const d = inputs[0].dtype;
    inputs.forEach((t, i) => { if (t.dtype !== d) throw dtypeMismatch("Einsum", i, d, t.dtype); });
    if (!"fiu".includes(d.kind)) {
      throw new InvalidArgumentError(msg(
        `Einsum: needs real numeric tensors, got ${d.name}${d.kind === "c" ? " (complex einsum is not supported yet; use tf.matmul for complex products)" : ""}.`,
        `Einsum: 실수 숫자 텐서가 필요한데 ${d.name}입니다.`,
      ));
    }
    const plan = planEinsum(equation, inputs.map((t) => t.shape), sizes ? { sizes } : undefined);
    return [{ shape: plan.output.map((l) => plan.sizes[l]) as number[], dtype: d }];
  },
  // d/d input_i: einsum of dy with the other operands back to input_i's labels; labels of input_i
  // found nowhere else broadcast (explicit sizes); a broadcast size-1 axis is summed back to 1.
  grad(dys, inputs, _outs, { equation, sizes }: EinsumAttrs) {
    const dy = dys[0]!;
    const plan = planEinsum(equation, inputs.map((t) => t.shape), sizes ? { sizes } : undefined);
    const L = plan.letters;
    const str = (labs: number[]) => labs.map((l) => L[l]).join("");
    return inputs.map((x, i) => {
      const others = inputs.map((_, j) => j).filter((j) => j !== i);
      const lhs = [str(plan.output), ...others.map((j) => str(plan.inputs[j]))].join(",");
      // Labels only input i has are broadcast in its gradient; when their size is unknown (graph)
      // they get size 1 here and the result is broadcast against x at run time.
      const elsewhere = new Set([...plan.output, ...others.flatMap((j) => plan.inputs[j])]);
      const gsizes: Record<string, number | null> = {};
      let dynamic = false;
      plan.inputs[i].forEach((l) => {
        const n = plan.sizes[l];
        if (n === null && !elsewhere.has(l)) dynamic = true;
        gsizes[L[l]] = n === null && !elsewhere.has(l) ? 1 : n;
      });
      let g = runOp("Einsum", [dy, ...others.map((j) => inputs[j])], { equation: `${lhs}->${str(plan.inputs[i])}`, sizes: gsizes })[0];
      if (dynamic) g = runOp("Mul", [g, runOp("OnesLike", [x], {})[0]], {})[0];
      const bcast = x.shape.map((d, ax) => (d === 1 && plan.sizes[plan.inputs[i][ax]] !== 1 ? ax : -1)).filter((ax) => ax >= 0);
      if (bcast.length) g = runOp("Sum", [g], { axis: bcast, keepdims: true })[0];
      return g;
    });
  },
});

/**
 * `tf.einsum(equation, *inputs, name=None)`: Einstein summation with numpy's rules (implicit or
 * explicit output, repeated subscripts take diagonals, `...` broadcasts).
 */
export function einsum(equation: string, ...inputs: (TensorLike | { name?: string; optimize?: string })[]): Tensor {
  let name: string | undefined;
  if (inputs.length && isOptions(inputs[inputs.length - 1])) {
    name = bindArgs("einsum", [], [inputs.pop()], ["name", "optimize"]).name;
  }
  if (typeof equation !== "string") {
    throw new InvalidArgumentError(msg(`einsum: the first argument must be the equation string, e.g. "ij,jk->ik".`, `einsum: 첫 인자는 "ij,jk->ik" 같은 식 문자열이어야 합니다.`));
  }
  if (inputs.length === 0) throw einsumError("at least one input tensor is required.", "입력 텐서가 하나 이상 필요합니다.");
  const first = inputs.find((x) => x instanceof Tensor) as Tensor | undefined;
  const ts = inputs.map((x) => toTensor(x as TensorLike, "einsum", first?.dtype ?? null));
  return runOp("Einsum", ts, { equation }, name)[0];
}

// ---------------------------------------------------------------- tensordot, matvec
type Axes = number | number[] | [number | number[], number | number[]];

function reshapeTo(t: Tensor, shape: (number | null)[]): Tensor {
  return runOp("Reshape", [t], { shape: shape.map((d) => (d === null ? -1 : d)) })[0];
}

/**
 * `tf.tensordot(a, b, axes, name=None)`: sums products over `axes` (N: the last N axes of a with
 * the first N of b; or [a_axes, b_axes]). Contiguous, in-order axes become one matmul; other
 * layouts go through einsum.
 */
export function tensordot(a: TensorLike, b: TensorLike, axes?: Axes | { axes?: Axes; name?: string }, name?: string | { name?: string }): Tensor {
  const o = bindArgs("tensordot", ["axes", "name"], [axes, name]);
  const [x, y] = toTensorPair(a, b, "tensordot", "MatMul");
  if (o.axes == null) throw new InvalidArgumentError(msg("tensordot: axes is required.", "tensordot: axes가 필요합니다."));
  let aAx: number[], bAx: number[];
  if (typeof o.axes === "number") {
    const n = o.axes;
    if (!Number.isInteger(n) || n < 0 || n > x.rank || n > y.rank) {
      throw new InvalidArgumentError(msg(
        `tensordot: axes=${n} must be an integer in [0, min(rank(a), rank(b))] = [0, ${Math.min(x.rank, y.rank)}] (shapes ${formatShape(x.shape)} and ${formatShape(y.shape)}).`,
        `tensordot: axes=${n}는 [0, ${Math.min(x.rank, y.rank)}] 범위의 정수여야 합니다 (형태 ${formatShape(x.shape)}, ${formatShape(y.shape)}).`,
      ));
    }
    aAx = Array.from({ length: n }, (_, i) => x.rank - n + i);
    bAx = Array.from({ length: n }, (_, i) => i);
  } else if (Array.isArray(o.axes) && o.axes.length === 2) {
    aAx = (Array.isArray(o.axes[0]) ? o.axes[0] : [o.axes[0]]).map((d: number) => normAxis("tensordot", d, x.rank));
    bAx = (Array.isArray(o.axes[1]) ? o.axes[1] : [o.axes[1]]).map((d: number) => normAxis("tensordot", d, y.rank));
  } else {
    throw new InvalidArgumentError(msg(
      `tensordot: axes must be an integer N or a pair [a_axes, b_axes], got ${JSON.stringify(o.axes)}.`,
      `tensordot: axes는 정수 N 또는 [a_axes, b_axes] 쌍이어야 하는데 ${JSON.stringify(o.axes)}입니다.`,
    ));
  }
  if (aAx.length !== bAx.length) {
    throw new InvalidArgumentError(msg(
      `tensordot: a_axes ${JSON.stringify(aAx)} and b_axes ${JSON.stringify(bAx)} must have the same length.`,
      `tensordot: a_axes ${JSON.stringify(aAx)}와 b_axes ${JSON.stringify(bAx)}의 길이가 같아야 합니다.`,
    ));
  }
  aAx.forEach((ax, i) => {
    const da = x.shape[ax], db = y.shape[bAx[i]];
    if (da !== null && db !== null && da !== db) {
      throw new InvalidArgumentError(msg(
        `tensordot: dimension ${ax} of a (size ${da}) and dimension ${bAx[i]} of b (size ${db}) are summed together and must be equal (shapes ${formatShape(x.shape)} and ${formatShape(y.shape)}).`,
        `tensordot: a의 ${ax}번 차원(크기 ${da})과 b의 ${bAx[i]}번 차원(크기 ${db})은 함께 합산되므로 크기가 같아야 합니다 (형태 ${formatShape(x.shape)}, ${formatShape(y.shape)}).`,
      ));
    }
  });
  const n = aAx.length;
  const aFree = x.shape.map((_, i) => i).filter((i) => !aAx.includes(i));
  const bFree = y.shape.map((_, i) => i).filter((i) => !bAx.includes(i));
  const outShape = [...aFree.map((i) => x.shape[i]), ...bFree.map((i) => y.shape[i])];
  const inOrder = (ax: number[], start: number) => ax.every((d, i) => d === start + i);
  const aTail = inOrder(aAx, x.rank - n), aHead = inOrder(aAx, 0);
  const bHead = inOrder(bAx, 0), bTail = inOrder(bAx, y.rank - n);
  const prod = (s: (number | null)[]) => s.reduce<number | null>((p, d) => (p === null || d === null ? null : p * d), 1);
  const unknown = (s: (number | null)[]) => s.filter((d) => d === null).length;
  if ((aTail || aHead) && (bHead || bTail) && unknown(x.shape) + unknown(y.shape) <= 1) {
    const kk = prod(aAx.map((i) => x.shape[i]));
    const m = prod(aFree.map((i) => x.shape[i])), nn = prod(bFree.map((i) => y.shape[i]));
    const a2 = reshapeTo(x, aTail ? [m, kk] : [kk, m]);
    const b2 = reshapeTo(y, bHead ? [kk, nn] : [nn, kk]);
    const r = runOp("MatMul", [a2, b2], { transpose_a: !aTail, transpose_b: !bHead })[0];
    return runOp("Reshape", [r], { shape: outShape.map((d) => (d === null ? -1 : d)) }, o.name)[0];
  }
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  if (x.rank + y.rank > letters.length) throw new InvalidArgumentError("tensordot: too many dimensions");
  const al = x.shape.map((_, i) => letters[i]);
  const bl = y.shape.map((_, i) => letters[x.rank + i]);
  bAx.forEach((d, i) => { bl[d] = al[aAx[i]]; });
  const eq = `${al.join("")},${bl.join("")}->${aFree.map((i) => al[i]).join("")}${bFree.map((i) => bl[i]).join("")}`;
  return runOp("Einsum", [x, y], { equation: eq }, o.name)[0];
}

type MatvecOpts = { transpose_a?: boolean; adjoint_a?: boolean; a_is_sparse?: boolean; b_is_sparse?: boolean; name?: string };
/** `tf.linalg.matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False, name=None)`: a[..., m, n] @ b[..., n] -> [..., m]. */
export function matvec(a: TensorLike, b: TensorLike, transpose_a?: boolean | MatvecOpts, adjoint_a?: boolean | MatvecOpts, ...rest: unknown[]): Tensor {
  const o = bindArgs("matvec", ["transpose_a", "adjoint_a", "a_is_sparse", "b_is_sparse", "name"], [transpose_a, adjoint_a, ...rest]) as MatvecOpts;
  let [x, y] = toTensorPair(a, b, "matvec", "MatMul");
  if (x.rank < 2 || y.rank < 1) {
    throw new InvalidArgumentError(msg(
      `matvec: a must be at least rank 2 and b at least rank 1, got shapes ${formatShape(x.shape)} and ${formatShape(y.shape)}.`,
      `matvec: a는 랭크 2 이상, b는 랭크 1 이상이어야 하는데 형태가 ${formatShape(x.shape)}, ${formatShape(y.shape)}입니다.`,
    ));
  }
  if (o.adjoint_a && x.dtype.kind === "c") x = runOp("Conj", [x], {})[0];
  const t = !!(o.transpose_a || o.adjoint_a);
  return runOp("Einsum", [x, y], { equation: t ? "...ji,...j->...i" : "...ij,...j->...i" }, o.name)[0];
}

/**
 * A two-operand einsum that is a batched matrix product (every label in exactly two of A, B and the
 * output, no repeated labels, no broadcasting): its labels split into batch (A, B, out), rows (A, out),
 * cols (B, out) and contracted (A, B), with the flattened sizes. Null when the equation is not of that
 * form. Backends run such einsums as transposes + GEMM.
 */
export interface EinsumGemm {
  batch: number[]; rows: number[]; cols: number[]; red: number[];
  nb: number; m: number; n: number; k: number;
}
export function einsumGemmPlan(p: EinsumPlan, shapes: readonly (readonly (number | null)[])[]): EinsumGemm | null {
  if (shapes.length !== 2) return null;
  const [la, lb] = p.inputs, lo = p.output;
  const uniq = (l: number[]) => new Set(l).size === l.length;
  if (!uniq(la) || !uniq(lb) || !uniq(lo)) return null;
  for (let i = 0; i < 2; i++) if (p.inputs[i].some((l, ax) => shapes[i][ax] !== p.sizes[l])) return null; // broadcasting
  const inA = new Set(la), inB = new Set(lb), inO = new Set(lo);
  const batch: number[] = [], rows: number[] = [], cols: number[] = [], red: number[] = [];
  for (let l = 0; l < p.sizes.length; l++) {
    const c = +inA.has(l) + +inB.has(l) + +inO.has(l);
    if (c === 3) batch.push(l);
    else if (c !== 2) return null;
    else if (!inO.has(l)) red.push(l);
    else if (inA.has(l)) rows.push(l);
    else cols.push(l);
  }
  const size = (ls: number[]) => ls.reduce((x, l) => x * (p.sizes[l] as number), 1);
  return { batch, rows, cols, red, nb: size(batch), m: size(rows), n: size(cols), k: size(red) };
}
