/**
 * TF1's dense update rules as fused ops, one per optimizer, like TF's `training_ops`
 * (`ApplyGradientDescent`, `ApplyMomentum`, `ApplyAdam`, `ApplyRMSProp`, `ApplyCenteredRMSProp`,
 * `ApplyAdagrad`, `ApplyAdadelta`). Each takes the current values (variable, slots, scalar
 * hyper-parameters, gradient) in TF's input order and returns the new variable and slot values;
 * the optimizer assigns them (an AssignVariableOp per output in graph mode).
 *
 * Why fused: written as separate elementwise ops an Adam step costs ~15 passes over every
 * weight; here it is one pass (the kernels compute in float64 and round once per output).
 * The cpu kernels below are the reference; other backends fall back to them.
 */
import type { Tensor } from "../../core/tensor/tensor";
import type { Backend } from "../../core/backends/backend";
import { DType, allocArray } from "../../core/tensor/dtypes";
import { defineOp, registerKernel, runOp, getOpDef } from "../../core/engine/engine";
import { InvalidArgumentError, msg } from "../../core/errors";
import { formatShape } from "../../core/tensor/shape";

/** Input names in TF's order; `slots` outputs follow the variable. `scalars` are the hyper-parameter inputs. */
interface RuleSpec { inputs: string[]; outputs: string[]; scalars: string[] }
const SPECS: Record<string, RuleSpec> = {
  ApplyGradientDescent: { inputs: ["var", "alpha", "delta"], outputs: ["var"], scalars: ["alpha"] },
  ApplyMomentum: { inputs: ["var", "accum", "lr", "grad", "momentum"], outputs: ["var", "accum"], scalars: ["lr", "momentum"] },
  ApplyAdam: {
    inputs: ["var", "m", "v", "beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon", "grad"],
    outputs: ["var", "m", "v"], scalars: ["beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon"],
  },
  ApplyRMSProp: { inputs: ["var", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"], outputs: ["var", "ms", "mom"], scalars: ["lr", "rho", "momentum", "epsilon"] },
  ApplyCenteredRMSProp: {
    inputs: ["var", "mg", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"],
    outputs: ["var", "mg", "ms", "mom"], scalars: ["lr", "rho", "momentum", "epsilon"],
  },
  ApplyAdagrad: { inputs: ["var", "accum", "lr", "grad"], outputs: ["var", "accum"], scalars: ["lr"] },
  ApplyAdadelta: {
    inputs: ["var", "accum", "accum_update", "lr", "rho", "epsilon", "grad"],
    outputs: ["var", "accum", "accum_update"], scalars: ["lr", "rho", "epsilon"],
  },
};

/** Whether core already defines `name` (core/ops/training.ts has ApplyAdam and ApplyGradientDescent, same inputs and rule). */
function inCore(name: string): boolean {
  try { getOpDef(name); return true; } catch { return false; }
}
const OWN = new Set(Object.keys(SPECS).filter((n) => !inCore(n)));
function kernel(name: string, k: Parameters<typeof registerKernel>[2]): void {
  if (OWN.has(name)) registerKernel("cpu", name, k);
}

for (const [name, spec] of Object.entries(SPECS)) {
  if (!OWN.has(name)) continue;
  defineOp({
    name,
    infer(inputs) {
      const v = inputs[0];
      if (v.dtype.kind !== "f") {
        throw new InvalidArgumentError(msg(
          `${name}: optimizers update floating-point variables only; got a ${v.dtype.name} variable.`,
          `${name}: 옵티마이저는 실수(floating point) 변수만 갱신합니다. 받은 변수의 dtype: ${v.dtype.name}.`,
        ));
      }
      inputs.forEach((t, i) => {
        const role = spec.inputs[i];
        if (t.dtype !== v.dtype) {
          throw new InvalidArgumentError(msg(
            `${name}: input '${role}' is ${t.dtype.name} but var is ${v.dtype.name}; all inputs must have the variable's dtype.`,
            `${name}: 입력 '${role}'의 dtype은 ${t.dtype.name}인데 변수는 ${v.dtype.name}입니다. 모든 입력의 dtype이 변수와 같아야 합니다.`,
          ));
        }
        const scalar = spec.scalars.includes(role);
        const ok = scalar ? t.rank === 0 : t.shape.length === v.shape.length && t.shape.every((d, k) => d === null || v.shape[k] === null || d === v.shape[k]);
        if (!ok) {
          throw new InvalidArgumentError(msg(
            `${name}: '${role}' must be ${scalar ? "a scalar" : `shaped like var ${formatShape(v.shape)}`}, got shape ${formatShape(t.shape)}.`,
            `${name}: '${role}'은(는) ${scalar ? "스칼라" : `변수와 같은 형태 ${formatShape(v.shape)}`}여야 하는데 형태가 ${formatShape(t.shape)}입니다.`,
          ));
        }
      });
      return spec.outputs.map(() => ({ shape: v.shape, dtype: v.dtype }));
    },
    nonDifferentiable: true,
  });
}

type Arr = Float32Array | Float64Array;
function read(t: Tensor, b: Backend): Arr { return b.readSync(t._handle, t.shape, t.dtype) as Arr; }
function scalar(t: Tensor, b: Backend): number { return read(t, b)[0]; }
function outputs(n: number, like: Tensor): Arr[] {
  const size = like.shape.reduce((a, d) => a * d, 1);
  return Array.from({ length: n }, () => allocArray(like.dtype as DType, size) as Arr);
}

kernel("ApplyGradientDescent", ([v, alpha, delta], _a, outs, b) => {
  const x = read(v, b), g = read(delta, b), lr = scalar(alpha, b);
  const [nv] = outputs(1, v);
  for (let i = 0; i < x.length; i++) nv[i] = x[i] - lr * g[i];
  return [b.write(nv, outs[0].shape, outs[0].dtype)];
});

kernel("ApplyMomentum", ([v, accum, lrT, grad, momT], attrs, outs, b) => {
  const x = read(v, b), a = read(accum, b), g = read(grad, b), lr = scalar(lrT, b), mom = scalar(momT, b);
  const [nv, na] = outputs(2, v);
  const nesterov = !!attrs?.use_nesterov;
  for (let i = 0; i < x.length; i++) {
    const ai = a[i] * mom + g[i];
    na[i] = ai;
    nv[i] = nesterov ? x[i] - (g[i] * lr + ai * mom * lr) : x[i] - ai * lr;
  }
  return [b.write(nv, outs[0].shape, outs[0].dtype), b.write(na, outs[1].shape, outs[1].dtype)];
});

kernel("ApplyAdam", ([v, m, s, b1pT, b2pT, lrT, b1T, b2T, epsT, grad], _a, outs, b) => {
  const x = read(v, b), mm = read(m, b), vv = read(s, b), g = read(grad, b);
  const b1p = scalar(b1pT, b), b2p = scalar(b2pT, b), lr = scalar(lrT, b), b1 = scalar(b1T, b), b2 = scalar(b2T, b), eps = scalar(epsT, b);
  const alpha = lr * Math.sqrt(1 - b2p) / (1 - b1p);
  const [nv, nm, ns] = outputs(3, v);
  for (let i = 0; i < x.length; i++) {
    const gi = g[i];
    const mi = mm[i] + (gi - mm[i]) * (1 - b1);
    const si = vv[i] + (gi * gi - vv[i]) * (1 - b2);
    nm[i] = mi;
    ns[i] = si;
    nv[i] = x[i] - (mi * alpha) / (Math.sqrt(si) + eps);
  }
  return [b.write(nv, outs[0].shape, outs[0].dtype), b.write(nm, outs[1].shape, outs[1].dtype), b.write(ns, outs[2].shape, outs[2].dtype)];
});

kernel("ApplyRMSProp", ([v, ms, mom, lrT, rhoT, momT, epsT, grad], _a, outs, b) => {
  const x = read(v, b), s = read(ms, b), mo = read(mom, b), g = read(grad, b);
  const lr = scalar(lrT, b), rho = scalar(rhoT, b), momentum = scalar(momT, b), eps = scalar(epsT, b);
  const [nv, nms, nmom] = outputs(3, v);
  for (let i = 0; i < x.length; i++) {
    const gi = g[i];
    const si = s[i] + (gi * gi - s[i]) * (1 - rho);
    const mi = mo[i] * momentum + (gi * lr) / Math.sqrt(si + eps);
    nms[i] = si;
    nmom[i] = mi;
    nv[i] = x[i] - mi;
  }
  return [nv, nms, nmom].map((o, k) => b.write(o, outs[k].shape, outs[k].dtype));
});

kernel("ApplyCenteredRMSProp", ([v, mg, ms, mom, lrT, rhoT, momT, epsT, grad], _a, outs, b) => {
  const x = read(v, b), mgv = read(mg, b), s = read(ms, b), mo = read(mom, b), g = read(grad, b);
  const lr = scalar(lrT, b), rho = scalar(rhoT, b), momentum = scalar(momT, b), eps = scalar(epsT, b);
  const [nv, nmg, nms, nmom] = outputs(4, v);
  for (let i = 0; i < x.length; i++) {
    const gi = g[i];
    const si = s[i] + (gi * gi - s[i]) * (1 - rho);
    const mgi = mgv[i] + (gi - mgv[i]) * (1 - rho);
    const mi = mo[i] * momentum + gi * lr / Math.sqrt(si - mgi * mgi + eps);
    nms[i] = si;
    nmg[i] = mgi;
    nmom[i] = mi;
    nv[i] = x[i] - mi;
  }
  return [nv, nmg, nms, nmom].map((o, k) => b.write(o, outs[k].shape, outs[k].dtype));
});

kernel("ApplyAdagrad", ([v, accum, lrT, grad], _a, outs, b) => {
  const x = read(v, b), a = read(accum, b), g = read(grad, b), lr = scalar(lrT, b);
  const [nv, na] = outputs(2, v);
  for (let i = 0; i < x.length; i++) {
    const ai = a[i] + g[i] * g[i];
    na[i] = ai;
    nv[i] = x[i] - g[i] * lr / Math.sqrt(ai);
  }
  return [b.write(nv, outs[0].shape, outs[0].dtype), b.write(na, outs[1].shape, outs[1].dtype)];
});

kernel("ApplyAdadelta", ([v, accum, accumUpdate, lrT, rhoT, epsT, grad], _a, outs, b) => {
  const x = read(v, b), a = read(accum, b), au = read(accumUpdate, b), g = read(grad, b);
  const lr = scalar(lrT, b), rho = scalar(rhoT, b), eps = scalar(epsT, b);
  const [nv, na, nau] = outputs(3, v);
  for (let i = 0; i < x.length; i++) {
    const gi = g[i];
    const ai = a[i] * rho + gi * gi * (1 - rho);
    const upd = Math.sqrt(au[i] + eps) / Math.sqrt(ai + eps) * gi;
    na[i] = ai;
    nau[i] = au[i] * rho + upd * upd * (1 - rho);
    nv[i] = x[i] - upd * lr;
  }
  return [nv, na, nau].map((o, k) => b.write(o, outs[k].shape, outs[k].dtype));
});

// ---------------------------------------------------------------- the rules, as the optimizers call them
export function gradientDescent(v: Tensor, g: Tensor, lr: Tensor): { v: Tensor } {
  return { v: runOp("ApplyGradientDescent", [v, lr, g], {})[0] };
}
export function momentum(v: Tensor, accum: Tensor, g: Tensor, lr: Tensor, mom: Tensor, nesterov: boolean): { v: Tensor; accum: Tensor } {
  const [nv, na] = runOp("ApplyMomentum", [v, accum, lr, g, mom], { use_nesterov: nesterov });
  return { v: nv, accum: na };
}
/** `lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)`, `m += (g - m)(1 - beta1)`, `v += (g^2 - v)(1 - beta2)`, `var -= lr_t m / (sqrt(v) + eps)`. */
export function adam(
  v: Tensor, m: Tensor, s: Tensor, g: Tensor, beta1Power: Tensor, beta2Power: Tensor,
  lr: Tensor, beta1: Tensor, beta2: Tensor, eps: Tensor,
): { v: Tensor; m: Tensor; s: Tensor } {
  const [nv, nm, ns] = runOp("ApplyAdam", [v, m, s, beta1Power, beta2Power, lr, beta1, beta2, eps, g], {});
  return { v: nv, m: nm, s: ns };
}
export function rmsprop(v: Tensor, ms: Tensor, mom: Tensor, g: Tensor, lr: Tensor, rho: Tensor, momentumT: Tensor, eps: Tensor): { v: Tensor; ms: Tensor; mom: Tensor } {
  const [nv, nms, nmom] = runOp("ApplyRMSProp", [v, ms, mom, lr, rho, momentumT, eps, g], {});
  return { v: nv, ms: nms, mom: nmom };
}
export function centeredRmsprop(
  v: Tensor, mg: Tensor, ms: Tensor, mom: Tensor, g: Tensor, lr: Tensor, rho: Tensor, momentumT: Tensor, eps: Tensor,
): { v: Tensor; mg: Tensor; ms: Tensor; mom: Tensor } {
  const [nv, nmg, nms, nmom] = runOp("ApplyCenteredRMSProp", [v, mg, ms, mom, lr, rho, momentumT, eps, g], {});
  return { v: nv, mg: nmg, ms: nms, mom: nmom };
}
export function adagrad(v: Tensor, accum: Tensor, g: Tensor, lr: Tensor): { v: Tensor; accum: Tensor } {
  const [nv, na] = runOp("ApplyAdagrad", [v, accum, lr, g], {});
  return { v: nv, accum: na };
}
export function adadelta(v: Tensor, accum: Tensor, accumUpdate: Tensor, g: Tensor, lr: Tensor, rho: Tensor, eps: Tensor): { v: Tensor; accum: Tensor; accumUpdate: Tensor } {
  const [nv, na, nau] = runOp("ApplyAdadelta", [v, accum, accumUpdate, lr, rho, eps, g], {});
  return { v: nv, accum: na, accumUpdate: nau };
}
