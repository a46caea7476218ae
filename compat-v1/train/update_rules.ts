/**
 * TF1's dense update rules (the `ApplyGradientDescent`, `ApplyMomentum`, `ApplyAdam`,
 * `ApplyRMSProp`, `ApplyCenteredRMSProp`, `ApplyAdagrad`, `ApplyAdadelta` kernels of
 * `training_ops.cc`), written with ops so they run eagerly and as graph nodes alike.
 * Each takes the current values and returns the new ones; the optimizer assigns them.
 * The arithmetic follows the kernels' own form (`m += (g - m) * (1 - beta1)`), so float32
 * results match TF's rounding as closely as an op-by-op evaluation can.
 */
import type { Tensor } from "../../core/tensor/tensor";
import { add, subtract, multiply, divide, sqrt, square, rsqrt } from "../../core/ops/math";

export function gradientDescent(v: Tensor, g: Tensor, lr: Tensor): { v: Tensor } {
  return { v: subtract(v, multiply(g, lr)) };
}

export function momentum(v: Tensor, accum: Tensor, g: Tensor, lr: Tensor, mom: Tensor, nesterov: boolean): { v: Tensor; accum: Tensor } {
  const a = add(multiply(accum, mom), g);
  const nv = nesterov
    ? subtract(v, add(multiply(g, lr), multiply(multiply(a, mom), lr)))
    : subtract(v, multiply(a, lr));
  return { v: nv, accum: a };
}

/** `lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)` with beta powers held in variables. */
export function adam(
  v: Tensor, m: Tensor, s: Tensor, g: Tensor, beta1Power: Tensor, beta2Power: Tensor,
  lr: Tensor, beta1: Tensor, beta2: Tensor, eps: Tensor, one: Tensor,
): { v: Tensor; m: Tensor; s: Tensor } {
  const lrT = divide(multiply(lr, sqrt(subtract(one, beta2Power))), subtract(one, beta1Power));
  const m2 = add(m, multiply(subtract(g, m), subtract(one, beta1)));
  const s2 = add(s, multiply(subtract(square(g), s), subtract(one, beta2)));
  const nv = subtract(v, divide(multiply(m2, lrT), add(eps, sqrt(s2))));
  return { v: nv, m: m2, s: s2 };
}

export function rmsprop(
  v: Tensor, ms: Tensor, mom: Tensor, g: Tensor, lr: Tensor, rho: Tensor, momentumT: Tensor, eps: Tensor, one: Tensor,
): { v: Tensor; ms: Tensor; mom: Tensor } {
  const ms2 = add(ms, multiply(subtract(square(g), ms), subtract(one, rho)));
  const mom2 = add(multiply(mom, momentumT), divide(multiply(g, lr), sqrt(add(ms2, eps))));
  return { v: subtract(v, mom2), ms: ms2, mom: mom2 };
}

export function centeredRmsprop(
  v: Tensor, mg: Tensor, ms: Tensor, mom: Tensor, g: Tensor, lr: Tensor, rho: Tensor, momentumT: Tensor, eps: Tensor, one: Tensor,
): { v: Tensor; mg: Tensor; ms: Tensor; mom: Tensor } {
  const ms2 = add(ms, multiply(subtract(square(g), ms), subtract(one, rho)));
  const mg2 = add(mg, multiply(subtract(g, mg), subtract(one, rho)));
  const denom = add(subtract(ms2, square(mg2)), eps);
  const mom2 = add(multiply(mom, momentumT), multiply(multiply(g, lr), rsqrt(denom)));
  return { v: subtract(v, mom2), mg: mg2, ms: ms2, mom: mom2 };
}

export function adagrad(v: Tensor, accum: Tensor, g: Tensor, lr: Tensor): { v: Tensor; accum: Tensor } {
  const a = add(accum, square(g));
  return { v: subtract(v, multiply(multiply(g, lr), rsqrt(a))), accum: a };
}

export function adadelta(
  v: Tensor, accum: Tensor, accumUpdate: Tensor, g: Tensor, lr: Tensor, rho: Tensor, eps: Tensor, one: Tensor,
): { v: Tensor; accum: Tensor; accumUpdate: Tensor } {
  const a = add(multiply(accum, rho), multiply(square(g), subtract(one, rho)));
  const update = multiply(multiply(sqrt(add(accumUpdate, eps)), rsqrt(add(a, eps))), g);
  const au = add(multiply(accumUpdate, rho), multiply(square(update), subtract(one, rho)));
  return { v: subtract(v, multiply(update, lr)), accum: a, accumUpdate: au };
}
