/**
 * webgpu kernels: (batched) matrix multiply, and the tiled GEMM the convolutions reuse.
 *
 * Tiling: a workgroup of 8x8 threads computes a 32x32 block of C; each thread a 4x4 sub-block held
 * in registers (rows ty + 8i, columns tx + 8j, so neighbouring threads touch neighbouring columns).
 * Per step along k, the workgroup stages a 32x16 panel of A and a 16x32 panel of B in workgroup
 * memory (each thread loads 8 + 8 values), synchronises, and every thread accumulates 16 products
 * per k from it. On CPU-emulated adapters a "direct" variant reads the operands without workgroup
 * memory (`WebGPUBackend.gemmVariant`; TF_WEBGPU_GEMM=tiled|direct overrides). Operands are read through `loadA(row, k)` / `loadB(k, col)` functions,
 * so transposes, broadcast batches and convolution patches (implicit im2col) need no copies.
 */
import type { OutSpec } from "../../backend";
import { stridesOf } from "../../../tensor/shape";
import { GType, Uniforms, WebGPUBackend, GHandle, Program } from "../backend";
import { header } from "../wgsl";
import { gpu, h, gt, prod } from "./util";
import { copyStrided } from "./array";
import { planEinsum, einsumGemmPlan } from "../../../ops/matmul";

export const TILE = 32;

/**
 * A GEMM program. `lib` defines `fn loadA(r: i32, k: i32) -> T`, `fn loadB(k: i32, c: i32) -> T`
 * and `fn store(r: i32, c: i32, v: T)`; they may use the globals `batch`, `offA`, `offB`, `offC`
 * (set per workgroup; `setup` computes them from `batch`). Uniforms: 1 M, 2 N, 3 K; the caller's
 * own words from 8.
 */
export function gemmProgram(be: WebGPUBackend, key: string, ins: GType[], out: GType, lib: string, setup = ""): Program {
  const T = out;
  // CPU-emulated adapters (lavapipe, SwiftShader) run workgroup barriers as coroutine switches:
  // there the register-blocked variant without workgroup memory is 3-5x faster.
  if (be.gemmVariant === "direct") return be.program(`gemmd:${key}`, ins.length, 1, () => header(ins, [out]) + `
var<private> batch: i32;
var<private> offA: i32;
var<private> offB: i32;
var<private> offC: i32;
${lib}
@compute @workgroup_size(8, 8, 1)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = ui(1);
  let N = ui(2);
  let K = ui(3);
  batch = i32(wg.z);
  offA = 0; offB = 0; offC = 0;
  ${setup}
  let ty = i32(lid.y);
  let tx = i32(lid.x);
  let r0 = i32(wg.y) * 32 + ty;
  let c0 = i32(wg.x) * 32 + tx;
  let ra = min(r0, M - 1); let rb = min(r0 + 8, M - 1); let rc = min(r0 + 16, M - 1); let rd = min(r0 + 24, M - 1);
  let ca = min(c0, N - 1); let cb = min(c0 + 8, N - 1); let cc = min(c0 + 16, N - 1); let cd = min(c0 + 24, N - 1);
  var acc: array<${T}, 16>;
  for (var q = 0; q < 16; q++) { acc[q] = ${T}(0); }
  for (var k = 0; k < K; k++) {
    let a0 = loadA(ra, k); let a1 = loadA(rb, k); let a2 = loadA(rc, k); let a3 = loadA(rd, k);
    let b0 = loadB(k, ca); let b1 = loadB(k, cb); let b2 = loadB(k, cc); let b3 = loadB(k, cd);
    acc[0] += a0 * b0; acc[1] += a0 * b1; acc[2] += a0 * b2; acc[3] += a0 * b3;
    acc[4] += a1 * b0; acc[5] += a1 * b1; acc[6] += a1 * b2; acc[7] += a1 * b3;
    acc[8] += a2 * b0; acc[9] += a2 * b1; acc[10] += a2 * b2; acc[11] += a2 * b3;
    acc[12] += a3 * b0; acc[13] += a3 * b1; acc[14] += a3 * b2; acc[15] += a3 * b3;
  }
  for (var i = 0; i < 4; i++) {
    let r = r0 + 8 * i;
    if (r >= M) { continue; }
    for (var j = 0; j < 4; j++) {
      let c = c0 + 8 * j;
      if (c < N) { store(r, c, acc[i * 4 + j]); }
    }
  }
}`);
  return be.program(`gemm:${key}`, ins.length, 1, () => header(ins, [out]) + `
var<private> batch: i32;
var<private> offA: i32;
var<private> offB: i32;
var<private> offC: i32;
${lib}
var<workgroup> As: array<array<${T}, 32>, 16>;
var<workgroup> Bs: array<array<${T}, 32>, 16>;
@compute @workgroup_size(8, 8, 1)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = ui(1);
  let N = ui(2);
  let K = ui(3);
  batch = i32(wg.z);
  offA = 0; offB = 0; offC = 0;
  ${setup}
  let row0 = i32(wg.y) * 32;
  let col0 = i32(wg.x) * 32;
  let tid = i32(lid.y * 8u + lid.x);
  let ty = i32(lid.y);
  let tx = i32(lid.x);
  var acc: array<${T}, 16>;
  for (var q = 0; q < 16; q++) { acc[q] = ${T}(0); }
  for (var k0 = 0; k0 < K; k0 += 16) {
    for (var l = 0; l < 8; l++) {
      let e = tid + l * 64;
      let ar = e >> 4u;
      let ak = e & 15;
      var av = ${T}(0);
      if (row0 + ar < M && k0 + ak < K) { av = loadA(row0 + ar, k0 + ak); }
      As[ak][ar] = av;
      let bk = e >> 5u;
      let bc = e & 31;
      var bv = ${T}(0);
      if (k0 + bk < K && col0 + bc < N) { bv = loadB(k0 + bk, col0 + bc); }
      Bs[bk][bc] = bv;
    }
    workgroupBarrier();
    for (var kk = 0; kk < 16; kk++) {
      let a0 = As[kk][ty]; let a1 = As[kk][ty + 8]; let a2 = As[kk][ty + 16]; let a3 = As[kk][ty + 24];
      let b0 = Bs[kk][tx]; let b1 = Bs[kk][tx + 8]; let b2 = Bs[kk][tx + 16]; let b3 = Bs[kk][tx + 24];
      acc[0] += a0 * b0; acc[1] += a0 * b1; acc[2] += a0 * b2; acc[3] += a0 * b3;
      acc[4] += a1 * b0; acc[5] += a1 * b1; acc[6] += a1 * b2; acc[7] += a1 * b3;
      acc[8] += a2 * b0; acc[9] += a2 * b1; acc[10] += a2 * b2; acc[11] += a2 * b3;
      acc[12] += a3 * b0; acc[13] += a3 * b1; acc[14] += a3 * b2; acc[15] += a3 * b3;
    }
    workgroupBarrier();
  }
  for (var i = 0; i < 4; i++) {
    let r = row0 + ty + 8 * i;
    if (r >= M) { continue; }
    for (var j = 0; j < 4; j++) {
      let c = col0 + tx + 8 * j;
      if (c < N) { store(r, c, acc[i * 4 + j]); }
    }
  }
}`);
}

/** Grid for an M x N result in `nb` batches. */
export function gemmGrid(M: number, N: number, nb: number): [number, number, number] {
  return [Math.ceil(N / TILE), Math.ceil(M / TILE), nb];
}

/**
 * C[b] = op(A[b]) · op(B[b]) with broadcast batch dims (up to 4 after merging). Returns null when
 * the batch shape needs more dims or workgroups than one dispatch allows.
 */
export function batchMatmul(be: WebGPUBackend, a: { shape: number[]; h: GHandle }, b: { shape: number[]; h: GHandle }, ta: boolean, tb: boolean, out: OutSpec, t: GType): GHandle | null {
  const os = out.shape, r = os.length;
  const M = os[r - 2], N = os[r - 1];
  const K = a.shape[a.shape.length - (ta ? 2 : 1)];
  const batch = os.slice(0, -2);
  const nb = prod(batch);
  if (nb > (be.limits.maxComputeWorkgroupsPerDimension || 65535)) return null;
  // Batch strides of each operand per output batch dim (0 where broadcast), then merged.
  const bstr = (shape: number[], mat: number) => {
    const bs = shape.slice(0, -2);
    const full = [...new Array(batch.length - bs.length).fill(1), ...bs];
    const st = stridesOf(full);
    return full.map((d, i) => (d === 1 ? 0 : st[i] * mat));
  };
  const sa = bstr(a.shape, M * K), sb = bstr(b.shape, K * N);
  const dims: number[] = [], da: number[] = [], db: number[] = [];
  for (let d = 0; d < batch.length; d++) {
    if (batch[d] === 1) continue;
    const k = dims.length;
    if (k && da[k - 1] === sa[d] * batch[d] && db[k - 1] === sb[d] * batch[d]) { dims[k - 1] *= batch[d]; da[k - 1] = sa[d]; db[k - 1] = sb[d]; }
    else { dims.push(batch[d]); da.push(sa[d]); db.push(sb[d]); }
  }
  if (dims.length > 4) return null;
  const nbd = dims.length;
  const p = gemmProgram(be, `mm:${t}:${nbd}`, [t, t], t, `
fn loadA(r: i32, k: i32) -> ${t} { return x0[offA + r * ui(4) + k * ui(5)]; }
fn loadB(k: i32, c: i32) -> ${t} { return x1[offB + k * ui(6) + c * ui(7)]; }
fn store(r: i32, c: i32, v: ${t}) { y0[offC + r * ui(2) + c] = v; }`, `
  var rem = batch;
  for (var d = ${nbd - 1}; d >= 0; d--) {
    let n = ui(8 + d);
    let q_ = divq(rem, n);
    let cc = rem - q_ * n;
    rem = q_;
    offA += cc * ui(12 + d);
    offB += cc * ui(16 + d);
  }
  offC = batch * M * N;`);
  const y = be.out(out);
  const u = new Uniforms().int(0, M, N, K, ta ? 1 : K, ta ? M : 1, tb ? 1 : N, tb ? K : 1);
  u.n = 8; u.int(...dims); u.n = 12; u.int(...da); u.n = 16; u.int(...db);
  be.run(p, [a.h, b.h], [y], u, gemmGrid(M, N, nb));
  return y;
}

const matmul = (inputs: any[], attrs: any, outs: OutSpec[], be: WebGPUBackend) => {
  const [x, y] = inputs;
  const ta = !!(attrs.transpose_a ?? attrs.adj_x), tb = !!(attrs.transpose_b ?? attrs.adj_y);
  const t = gt(x);
  if (gt(y) !== t || x.dtype.name === "bool") return null;
  const r = batchMatmul(be, { shape: x.shape, h: h(x) }, { shape: y.shape, h: h(y) }, ta, tb, outs[0], t);
  return r ? [r] : null;
};
gpu("MatMul", matmul);
gpu("BatchMatMulV2", matmul);

/**
 * Einsum of two operands that is a batched matrix product (every label in exactly two of A, B
 * and the output, no diagonals, no broadcasting): transposes into [batch, rows, k] / [batch, k,
 * cols] by strided copies, one batched GEMM, and a transpose into the output's label order.
 * Other equations run on the cpu.
 */
gpu("Einsum", (inputs, { equation, sizes }, outs, be) => {
  if (inputs.length !== 2 || gt(inputs[0]) !== "f32" || gt(inputs[1]) !== "f32") return null;
  const p = planEinsum(equation, inputs.map((t) => t.shape), sizes ? { sizes } : undefined);
  const g = einsumGemmPlan(p, inputs.map((t) => t.shape));
  if (!g) return null;
  const [la, lb] = p.inputs, lo = p.output;
  const { batch, rows, cols, red, nb, m, n, k } = g;
  /** A copy of `t` with its axes in the order of `labels` (a view when already in order). */
  const permuted = (t: typeof inputs[0], own: number[], labels: number[]): [GHandle, boolean] => {
    const perm = labels.map((l) => own.indexOf(l));
    if (perm.every((q, i) => q === i)) return [h(t), false];
    const st = stridesOf(t.shape), shape = perm.map((q) => t.shape[q]);
    const y = be.out({ shape, dtype: t.dtype });
    copyStrided(be, h(t), 0, perm.map((q) => st[q]), y, 0, stridesOf(shape), shape);
    return [y, true];
  };
  const [A, ownA] = permuted(inputs[0], la, [...batch, ...rows, ...red]);
  const [B, ownB] = permuted(inputs[1], lb, [...batch, ...red, ...cols]);
  const C = batchMatmul(be, { shape: [nb, m, k], h: A }, { shape: [nb, k, n], h: B }, false, false, { shape: [nb, m, n], dtype: outs[0].dtype }, "f32");
  if (ownA) be.dispose(A);
  if (ownB) be.dispose(B);
  if (!C) return null;
  const cLabels = [...batch, ...rows, ...cols];
  const perm = lo.map((l) => cLabels.indexOf(l));
  if (perm.every((q, i) => q === i)) return [C];
  const cShape = cLabels.map((l) => p.sizes[l] as number), st = stridesOf(cShape);
  const y = be.out(outs[0]);
  copyStrided(be, C, 0, perm.map((q) => st[q]), y, 0, stridesOf(outs[0].shape), outs[0].shape);
  be.dispose(C);
  return [y];
});
