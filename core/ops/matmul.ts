/** Matrix products: matmul (batched, broadcast batch dims), tensordot, einsum. */
import { Tensor } from "../tensor/tensor";
import { broadcastShapes, formatShape } from "../tensor/shape";
import { defineOp, runOp, dtypeMismatch, GradFn } from "../engine/engine";
import { TensorLike, toTensorPair } from "./convert";
import { InvalidArgumentError, msg, checkOptions } from "../errors";
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
        `Matrix size-incompatible: In[0]: ${formatShape(a.shape)}, In[1]: ${formatShape(b.shape)} [Op:${op}]. The inner dimensions must match (${ka} vs ${kb})` +
        `${transpose_a || transpose_b ? "" : "; maybe you meant transpose_a or transpose_b"}.`,
        `행렬 크기가 맞지 않습니다: In[0]: ${formatShape(a.shape)}, In[1]: ${formatShape(b.shape)} [Op:${op}]. 안쪽 차원이 같아야 합니다 (${ka} vs ${kb}).`,
      ));
    }
    const batch = a.rank === 2 && b.rank === 2 ? [] : broadcastShapes(op, a.shape.slice(0, -2), b.shape.slice(0, -2));
    return [{ shape: [...batch, m, n] as number[], dtype: a.dtype }];
  };
}

const matmulGrad: GradFn = (dys, [a, b], _outs, { transpose_a: ta, transpose_b: tb }: MatMulAttrs) => {
  const dy = dys[0]!;
  let da: Tensor, db: Tensor;
  if (!ta && !tb) { da = matmul(dy, b, false, true); db = matmul(a, dy, true, false); }
  else if (!ta && tb) { da = matmul(dy, b); db = matmul(dy, a, true, false); }
  else if (ta && !tb) { da = matmul(b, dy, false, true); db = matmul(a, dy); }
  else { da = matmul(b, dy, true, true); db = matmul(dy, a, true, true); }
  return [unbroadcast(da, a), unbroadcast(db, b)];
};

defineOp({ name: "MatMul", infer: inferMatMul("MatMul"), grad: matmulGrad });
defineOp({ name: "BatchMatMulV2", infer: inferMatMul("BatchMatMulV2"), grad: matmulGrad });

export interface MatMulOptions {
  transpose_a?: boolean; transpose_b?: boolean; adjoint_a?: boolean; adjoint_b?: boolean;
  a_is_sparse?: boolean; b_is_sparse?: boolean; output_type?: unknown; name?: string;
}
const MATMUL_KEYS = ["transpose_a", "transpose_b", "adjoint_a", "adjoint_b", "a_is_sparse", "b_is_sparse", "output_type", "name"];

/** `tf.matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, ..., name=None)` */
export function matmul(a: TensorLike, b: TensorLike, transpose_a?: boolean | MatMulOptions, transpose_b?: boolean, name?: string): Tensor {
  let o: MatMulOptions;
  if (typeof transpose_a === "object" && transpose_a !== null) { checkOptions("matmul", transpose_a, MATMUL_KEYS); o = transpose_a; }
  else o = { transpose_a, transpose_b, name };
  const [x, y] = toTensorPair(a, b, "matmul", "MatMul");
  // adjoint = conjugate transpose; for real dtypes the same as transpose.
  let ta = !!(o.transpose_a || o.adjoint_a), tb = !!(o.transpose_b || o.adjoint_b);
  let xa = x, ya = y;
  if (o.adjoint_a && x.dtype.kind === "c") { xa = runOp("Conj", [x], {})[0]; }
  if (o.adjoint_b && y.dtype.kind === "c") { ya = runOp("Conj", [y], {})[0]; }
  const op = x.rank === 2 && y.rank === 2 ? "MatMul" : "BatchMatMulV2";
  return runOp(op, [xa, ya], { transpose_a: ta, transpose_b: tb }, o.name)[0];
}
