/**
 * Fused optimizer updates, TensorFlow's training ops (`tf.raw_ops.ApplyAdam`,
 * `ApplyKerasMomentum`, `ApplyGradientDescent`) in functional form: they take the current values
 * and return the updated ones (the caller assigns them to its variables). One op per update
 * instead of a dozen elementwise ops keeps optimizer steps cheap on every backend; backends
 * without a kernel fall back to cpu. Scalar hyperparameters are tensor inputs, as in TF, so a
 * traced train step keeps following the learning rate.
 *
 * Attr `inplace` (eager only, set by optimizers for variables nothing else can see; see
 * Variable._writableInPlace): a kernel on a typed-array backend may write the results into the
 * `var` and slot inputs' own storage and return those, as TF's resource ops update in place.
 * Callers compare the output handles with the inputs' to know which happened.
 */
import type { Tensor } from "../tensor/tensor";
import { defineOp, runOp, dtypeMismatch } from "../engine/engine";
import { formatShape, shapesEqual } from "../tensor/shape";
import { InvalidArgumentError, msg } from "../errors";
import { toTensor } from "./convert";

/** Checks that the state inputs match `var` and the scalar inputs are scalars of its dtype. */
function inferUpdate(op: string, stateIdx: number[], scalarIdx: number[], outs: number) {
  return (inputs: Tensor[]) => {
    const v = inputs[0];
    if (v.dtype.kind !== "f") {
      throw new InvalidArgumentError(msg(`${op}: variables must be floating point, got ${v.dtype.name}.`, `${op}: 변수는 실수형이어야 하는데 ${v.dtype.name}입니다.`));
    }
    // Plain loops: a Keras step runs this once per variable.
    for (let j = 0; j < stateIdx.length; j++) {
      const i = stateIdx[j], t = inputs[i];
      if (t.dtype !== v.dtype) throw dtypeMismatch(op, i, v.dtype, t.dtype);
      if (!shapesEqual(t.shape, v.shape)) {
        throw new InvalidArgumentError(msg(
          `${op}: input ${i} has shape ${formatShape(t.shape)} but var has shape ${formatShape(v.shape)}; the gradient and slots must match the variable.`,
          `${op}: ${i}번째 입력의 형태 ${formatShape(t.shape)}가 변수의 형태 ${formatShape(v.shape)}와 다릅니다.`,
        ));
      }
    }
    for (let j = 0; j < scalarIdx.length; j++) {
      const i = scalarIdx[j];
      if (inputs[i].rank !== 0) throw new InvalidArgumentError(msg(`${op}: input ${i} must be a scalar, got shape ${formatShape(inputs[i].shape)}.`, `${op}: ${i}번째 입력은 스칼라여야 하는데 형태가 ${formatShape(inputs[i].shape)}입니다.`));
      if (inputs[i].dtype !== v.dtype) throw dtypeMismatch(op, i, v.dtype, inputs[i].dtype);
    }
    const specs: { shape: typeof v.shape; dtype: typeof v.dtype }[] = [];
    for (let j = 0; j < outs; j++) specs.push({ shape: v.shape, dtype: v.dtype });
    return specs;
  };
}

// var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad -> var', m', v'
defineOp({ name: "ApplyAdam", infer: inferUpdate("ApplyAdam", [1, 2, 9], [3, 4, 5, 6, 7, 8], 3), nonDifferentiable: true });
// var, accum, lr, grad, momentum -> var', accum'   (attr use_nesterov)
defineOp({ name: "ApplyKerasMomentum", infer: inferUpdate("ApplyKerasMomentum", [1, 3], [2, 4], 2), nonDifferentiable: true });
// var, alpha, delta -> var'
defineOp({ name: "ApplyGradientDescent", infer: inferUpdate("ApplyGradientDescent", [2], [1], 1), nonDifferentiable: true });

/** A scalar hyperparameter: a number, or a scalar tensor (e.g. computed from the step in a graph). */
const s = (x: number | Tensor, like: Tensor): Tensor => {
  if (typeof x === "number") return toTensor(x, "training op", like.dtype);
  return x.dtype === like.dtype ? x : runOp("Cast", [x], { DstT: like.dtype, SrcT: x.dtype })[0];
};

/**
 * Adam: m' = m + (g - m)(1 - b1); v' = v + (g² - v)(1 - b2);
 * var' = var - lr·sqrt(1 - b2^t)/(1 - b1^t) · m' / (sqrt(v') + eps).
 */
export function applyAdam(v: Tensor, m: Tensor, vv: Tensor, beta1_power: number | Tensor, beta2_power: number | Tensor, lr: number | Tensor, beta1: number, beta2: number, epsilon: number, grad: Tensor, inplace = false): [Tensor, Tensor, Tensor] {
  const o = runOp("ApplyAdam", [v, m, vv, s(beta1_power, v), s(beta2_power, v), s(lr, v), s(beta1, v), s(beta2, v), s(epsilon, v), grad], inplace ? { inplace } : {});
  return [o[0], o[1], o[2]];
}
/** Keras momentum: accum' = accum·momentum - lr·g; var' = var + accum' (nesterov: var + momentum·accum' - lr·g). */
export function applyKerasMomentum(v: Tensor, accum: Tensor, lr: number | Tensor, grad: Tensor, momentum: number, use_nesterov: boolean, inplace = false): [Tensor, Tensor] {
  const o = runOp("ApplyKerasMomentum", [v, accum, s(lr, v), grad, s(momentum, v)], inplace ? { use_nesterov, inplace } : { use_nesterov });
  return [o[0], o[1]];
}
/** var' = var - alpha·delta */
export function applyGradientDescent(v: Tensor, alpha: number | Tensor, delta: Tensor, inplace = false): Tensor {
  return runOp("ApplyGradientDescent", [v, s(alpha, v), delta], inplace ? { inplace } : {})[0];
}
