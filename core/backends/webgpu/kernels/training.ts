/**
 * webgpu kernels: fused optimizer updates (TF's training ops: core/ops/training.ts and
 * compat-v1/train/update_rules.ts), one pass per variable. The scalar hyperparameters are device
 * tensors; where the device has too few storage bindings for all operands they are first packed
 * into one buffer. Arithmetic in f32 (the cpu kernels use float64).
 */
import type { OutSpec } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import { sizeOf } from "../../../tensor/shape";
import { Uniforms, WebGPUBackend, GHandle } from "../backend";
import { header, main1d } from "../wgsl";
import { gpu, h, gt } from "./util";

interface Rule {
  /** Input roles in op order: state tensors (per element) and scalars. */
  inputs: string[];
  scalars: string[];
  /** Output names (op order). */
  outputs: string[];
  /** WGSL body: reads state names as `<name>` (per element) and scalars by name; assigns `out_<name>`. */
  body: (attrs: any) => string;
}

const RULES: Record<string, Rule> = {
  ApplyGradientDescent: { inputs: ["v", "alpha", "delta"], scalars: ["alpha"], outputs: ["v"], body: () => "out_v = v - alpha * delta;" },
  ApplyAdam: {
    inputs: ["v", "m", "s", "b1p", "b2p", "lr", "b1", "b2", "eps", "g"], scalars: ["b1p", "b2p", "lr", "b1", "b2", "eps"], outputs: ["v", "m", "s"],
    body: () => `let alpha = lr * sqrt(1.0 - b2p) / (1.0 - b1p);
    let mi = m + (g - m) * (1.0 - b1);
    let si = s + (g * g - s) * (1.0 - b2);
    out_m = mi; out_s = si;
    out_v = v - (alpha * mi) / (sqrt(si) + eps);`,
  },
  ApplyKerasMomentum: {
    inputs: ["v", "acc", "lr", "g", "mom"], scalars: ["lr", "mom"], outputs: ["v", "acc"],
    body: (a) => `let ai = acc * mom - lr * g;
    out_acc = ai;
    out_v = ${a?.use_nesterov ? "v + mom * ai - lr * g" : "v + ai"};`,
  },
  ApplyMomentum: {
    inputs: ["v", "acc", "lr", "g", "mom"], scalars: ["lr", "mom"], outputs: ["v", "acc"],
    body: (a) => `let ai = acc * mom + g;
    out_acc = ai;
    out_v = ${a?.use_nesterov ? "v - (g * lr + ai * mom * lr)" : "v - ai * lr"};`,
  },
  ApplyRMSProp: {
    inputs: ["v", "ms", "mom", "lr", "rho", "momentum", "eps", "g"], scalars: ["lr", "rho", "momentum", "eps"], outputs: ["v", "ms", "mom"],
    body: () => `let si = ms + (g * g - ms) * (1.0 - rho);
    let mi = mom * momentum + (g * lr) / sqrt(si + eps);
    out_ms = si; out_mom = mi; out_v = v - mi;`,
  },
  ApplyCenteredRMSProp: {
    inputs: ["v", "mg", "ms", "mom", "lr", "rho", "momentum", "eps", "g"], scalars: ["lr", "rho", "momentum", "eps"], outputs: ["v", "mg", "ms", "mom"],
    body: () => `let si = ms + (g * g - ms) * (1.0 - rho);
    let mgi = mg + (g - mg) * (1.0 - rho);
    let mi = mom * momentum + g * lr / sqrt(si - mgi * mgi + eps);
    out_ms = si; out_mg = mgi; out_mom = mi; out_v = v - mi;`,
  },
  ApplyAdagrad: {
    inputs: ["v", "acc", "lr", "g"], scalars: ["lr"], outputs: ["v", "acc"],
    body: () => `let ai = acc + g * g;
    out_acc = ai; out_v = v - g * lr / sqrt(ai);`,
  },
  ApplyAdadelta: {
    inputs: ["v", "acc", "accu", "lr", "rho", "eps", "g"], scalars: ["lr", "rho", "eps"], outputs: ["v", "acc", "accu"],
    body: () => `let ai = acc * rho + g * g * (1.0 - rho);
    let upd = sqrt(accu + eps) / sqrt(ai + eps) * g;
    out_acc = ai; out_accu = accu * rho + upd * upd * (1.0 - rho); out_v = v - upd * lr;`,
  },
};

/** Copies scalar tensors into one buffer (one thread). */
function pack(be: WebGPUBackend, scalars: Tensor[]): GHandle {
  const n = scalars.length;
  const y = be.out({ shape: [n], dtype: scalars[0].dtype });
  const p = be.program(`packscalars:${n}`, n, 1, () => header(new Array(n).fill("f32"), ["f32"]) + "\n" + main1d(
    scalars.map((_s, k) => `  y0[${k}] = x${k}[0];`).join("\n")));
  be.run(p, scalars.map(h), [y], new Uniforms().int(1), [1, 1, 1]);
  return y;
}

for (const [op, rule] of Object.entries(RULES)) {
  gpu(op, (inputs: Tensor[], attrs: any, outs: OutSpec[], be: WebGPUBackend) => {
    if (gt(inputs[0]) !== "f32") return null;
    const states = rule.inputs.filter((r) => !rule.scalars.includes(r));
    const stateT = states.map((r) => inputs[rule.inputs.indexOf(r)]);
    const scalarT = rule.scalars.map((r) => inputs[rule.inputs.indexOf(r)]);
    const limit = be.limits.maxStorageBuffersPerShaderStage || 8;
    const packed = rule.inputs.length + rule.outputs.length > limit;
    if (packed && states.length + 1 + rule.outputs.length > limit) return null;
    const ins = packed ? [...stateT.map(h), pack(be, scalarT)] : [...stateT.map(h), ...scalarT.map(h)];
    const key = `${op}:${packed}:${!!attrs?.use_nesterov}`;
    const n = sizeOf(inputs[0].shape);
    const p = be.program(`train:${key}`, ins.length, rule.outputs.length, () => {
      const reads = [
        ...states.map((s, k) => `  let ${s} = x${k}[i];`),
        ...rule.scalars.map((s, k) => (packed ? `  let ${s} = x${states.length}[${k}];` : `  let ${s} = x${states.length + k}[0];`)),
        ...rule.outputs.map((o) => `  var out_${o}: f32;`),
      ];
      const writes = rule.outputs.map((o, k) => `  y${k}[i] = out_${o};`);
      return header(new Array(ins.length).fill("f32"), new Array(rule.outputs.length).fill("f32")) + "\n" +
        main1d([...reads, "  {", "    " + rule.body(attrs), "  }", ...writes].join("\n"));
    });
    const ys = outs.map((o) => be.out(o));
    be.run(p, ins, ys, new Uniforms().int(n), be.grid1d(n, 64));
    if (packed) be.dispose(ins[ins.length - 1]);
    return ys;
  });
}
