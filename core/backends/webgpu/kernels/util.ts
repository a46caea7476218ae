/** Helpers shared by the webgpu kernels: registration with the dtype gate, index plans. */
import type { Kernel, OutSpec } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import { registerKernel } from "../../../engine/engine";
import { stridesOf } from "../../../tensor/shape";
import { WebGPUBackend, GHandle, gtypeOf, allOnDevice } from "../backend";

export type GpuKernel = (inputs: Tensor[], attrs: any, outs: OutSpec[], be: WebGPUBackend) => GHandle[] | null;

/**
 * Registers a device kernel. When an input or output dtype is not held on the device, or the
 * kernel returns null (a case it does not handle), the op runs on the cpu (explicit fallback).
 */
export function gpu(op: string, k: GpuKernel): void {
  const kernel: Kernel = (inputs, attrs, outs, backend) => {
    const be = backend as WebGPUBackend;
    if (allOnDevice(inputs, outs)) {
      const r = k(inputs, attrs, outs, be);
      if (r) return r;
      return be.runOnCpu(op, inputs, attrs, outs, "this case has no WGSL kernel");
    }
    const bad = [...inputs.map((t) => t.dtype), ...outs.map((o) => o.dtype)].find((d) => !gtypeOf(d));
    return be.runOnCpu(op, inputs, attrs, outs, "", bad ? bad.name : "host");
  };
  reg(op, kernel);
}

/** Op names this backend has a kernel for (device or explicit cpu). */
export const registeredOps = new Set<string>();
export function reg(op: string, k: Kernel): void {
  registeredOps.add(op);
  registerKernel("webgpu", op, k);
}

/** Registers an op that always runs on the cpu, with the reason (listed by tf.config.list_cpu_fallbacks). */
export function onCpu(op: string, reason: string): void {
  declared.set(op, reason);
  reg(op, (inputs, attrs, outs, backend) => (backend as WebGPUBackend).runOnCpu(op, inputs, attrs, outs, reason));
}
/** Fallbacks known at registration. */
export const declared = new Map<string, string>();

export const h = (t: Tensor): GHandle => t._handle as GHandle;
export const gt = (t: { dtype: Tensor["dtype"] }) => gtypeOf(t.dtype)!;

export function prod(s: readonly number[], a = 0, b = s.length): number {
  let p = 1;
  for (let i = a; i < b; i++) p *= s[i];
  return p;
}

/**
 * Broadcast plan for elementwise ops: the output shape with size-1 dims dropped and neighbours
 * merged where every operand stays contiguous, and each operand's stride per merged dim
 * (0 where broadcast). `mode` per operand: "same" (index = output index), "one" (a single
 * element), "idx" (needs the strided walk).
 */
export interface BcastPlan { dims: number[]; strides: number[][]; modes: ("same" | "one" | "idx")[] }
export function bcastPlan(shapes: readonly (readonly number[])[], out: readonly number[]): BcastPlan {
  const r = out.length;
  const st = shapes.map((s) => {
    const full = new Array<number>(r).fill(1);
    for (let i = 0; i < s.length; i++) full[r - s.length + i] = s[i];
    const ss = stridesOf(full);
    return full.map((d, i) => (d === 1 ? 0 : ss[i]));
  });
  const dims: number[] = [];
  const strides: number[][] = shapes.map(() => []);
  for (let d = 0; d < r; d++) {
    if (out[d] === 1) continue;
    const k = dims.length;
    if (k > 0 && st.every((s, j) => strides[j][k - 1] === s[d] * out[d])) {
      // merge with the previous dim: previous stride equals this stride times this size
      dims[k - 1] *= out[d];
      for (let j = 0; j < st.length; j++) strides[j][k - 1] = st[j][d];
    } else {
      dims.push(out[d]);
      for (let j = 0; j < st.length; j++) strides[j].push(st[j][d]);
    }
  }
  const n = prod(out);
  const modes = shapes.map((s) => (prod(s) === n ? "same" : prod(s) === 1 ? "one" : "idx") as "same" | "one" | "idx");
  return { dims, strides, modes };
}

/** WGSL that computes the flat input offsets `o0, o1, ...` of output element `i` for a plan (dims at uniform word `at`). */
export function bcastIndexCode(plan: BcastPlan, at: number): string {
  const r = plan.dims.length;
  const lines: string[] = [];
  const idx = plan.modes.map((m, j) => (m === "idx" ? j : -1)).filter((j) => j >= 0);
  plan.modes.forEach((m, j) => {
    if (m === "same") lines.push(`  let o${j} = i;`);
    else if (m === "one") lines.push(`  let o${j} = 0;`);
    else lines.push(`  var o${j} = 0;`);
  });
  if (idx.length) {
    lines.push(`  var rem = i;`);
    lines.push(`  for (var d = ${r - 1}; d >= 0; d--) {`);
    lines.push(`    let n = ui(${at} + d);`);
    lines.push(`    let q_ = divq(rem, n);`);
    lines.push(`    let c = rem - q_ * n;`);
    lines.push(`    rem = q_;`);
    for (const j of idx) lines.push(`    o${j} += c * ui(${at + r * (1 + idx.indexOf(j))} + d);`);
    lines.push(`  }`);
  }
  return lines.join("\n");
}
/** Uniform words for bcastIndexCode: dims, then the strides of each "idx" operand. */
export function bcastWords(plan: BcastPlan): number[] {
  const w = [...plan.dims];
  plan.modes.forEach((m, j) => { if (m === "idx") w.push(...plan.strides[j]); });
  return w;
}
