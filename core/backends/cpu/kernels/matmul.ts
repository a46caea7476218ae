/**
 * cpu kernels: (batched) matrix multiply and einsum.
 *
 * GEMM: B is packed into 4-column panels (k x 4, contiguous) and A into 4-row strips, then a 4x4
 * register-blocked micro-kernel accumulates 16 sums over k in locals (JS doubles). Transposes are
 * folded into the packing strides, so no transposed copy is made. ~3-4 GFLOPS in V8 on one core
 * (32x784 @ 784x512 in ~7 ms); small products use a plain triple loop.
 */
import type { Kernel } from "../../backend";
import { registerKernel } from "../../../engine/engine";
import { alloc, vals } from "../util";
import { stridesOf } from "../../../tensor/shape";
import { planEinsum, einsumGemmPlan } from "../../../ops/matmul";

type Num = ArrayLike<number>;
type Out = { [i: number]: number; length: number };

/** Packs op(B)[:, all columns] into panels: Bp[((j >> 2) * k + p) * 4 + (j & 3)] = B(p, j). */
function packB(b: Num, off: number, k: number, n: number, rs: number, cs: number, Bp: Float32Array | Float64Array): void {
  const nb = (n + 3) >> 2;
  if (n & 3) Bp.fill(0, (nb - 1) * k * 4);
  if (cs === 1) {
    for (let p = 0; p < k; p++) {
      const src = off + p * rs;
      for (let j = 0; j < n; j++) Bp[((j >> 2) * k + p) * 4 + (j & 3)] = b[src + j];
    }
  } else {
    for (let j = 0; j < n; j++) {
      const src = off + j * cs, dst = (j >> 2) * k * 4 + (j & 3);
      for (let p = 0; p < k; p++) Bp[dst + p * 4] = b[src + p * rs];
    }
  }
}

/**
 * C[m, n] = op(A)[m, k] op(B)[k, n]. A(i, p) = a[aOff + i * ars + p * acs];
 * B(p, j) = b[bOff + p * brs + j * bcs]. `packed` (if given) is B already packed.
 */
function gemmStrided(
  a: Num, aOff: number, ars: number, acs: number,
  b: Num, bOff: number, brs: number, bcs: number,
  c: Out, cOff: number, m: number, n: number, k: number,
  wide: boolean, packed: Float32Array | Float64Array | null,
): Float32Array | Float64Array | null {
  if (m * n * k <= 4096 || n < 4) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[aOff + i * ars + p * acs] * b[bOff + p * brs + j * bcs];
        c[cOff + i * n + j] = s;
      }
    }
    return null;
  }
  const nb = (n + 3) >> 2;
  const Bp = packed ?? (wide ? new Float64Array(nb * 4 * k) : new Float32Array(nb * 4 * k));
  if (!packed) packB(b, bOff, k, n, brs, bcs, Bp);
  const Ap = wide ? new Float64Array(4 * k) : new Float32Array(4 * k);
  for (let i = 0; i < m; i += 4) {
    const mi = m - i < 4 ? m - i : 4;
    if (mi < 4) Ap.fill(0);
    for (let r = 0; r < mi; r++) {
      const src = aOff + (i + r) * ars;
      for (let p = 0; p < k; p++) Ap[p * 4 + r] = a[src + p * acs];
    }
    const e = 4 * k;
    for (let jb = 0; jb < nb; jb++) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let bo = jb * e;
      for (let ao = 0; ao < e; ao += 4, bo += 4) {
        const b0 = Bp[bo], b1 = Bp[bo + 1], b2 = Bp[bo + 2], b3 = Bp[bo + 3];
        let x = Ap[ao]; c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
        x = Ap[ao + 1]; c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
        x = Ap[ao + 2]; c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
        x = Ap[ao + 3]; c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
      }
      const j = jb * 4;
      let o = cOff + i * n + j;
      if (mi === 4 && j + 4 <= n) {
        c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03; o += n;
        c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13; o += n;
        c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23; o += n;
        c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
      } else {
        const q = n - j < 4 ? n - j : 4;
        const rows = [[c00, c01, c02, c03], [c10, c11, c12, c13], [c20, c21, c22, c23], [c30, c31, c32, c33]];
        for (let r = 0; r < mi; r++, o += n) for (let t = 0; t < q; t++) c[o + t] = rows[r][t];
      }
    }
  }
  return Bp;
}

/** C[m,n] = op(A)[m,k] op(B)[k,n] on flat row-major arrays with offsets (real dtypes). */
export function gemm(
  a: Num, aOff: number, b: Num, bOff: number, c: Out, cOff: number,
  m: number, n: number, k: number, ta: boolean, tb: boolean, wide?: boolean,
): void {
  // Packing float32 inputs into Float32Array panels is lossless (sums are still JS doubles).
  const w = wide ?? !(a instanceof Float32Array && b instanceof Float32Array);
  gemmStrided(a, aOff, ta ? 1 : k, ta ? m : 1, b, bOff, tb ? 1 : n, tb ? k : 1, c, cOff, m, n, k, w, null);
}

/** Complex GEMM over interleaved (re, im) storage; offsets and indices count complex elements. */
function gemmComplex(a: Num, aOff: number, b: Num, bOff: number, c: Out, cOff: number, m: number, n: number, k: number, ta: boolean, tb: boolean): void {
  const ars = ta ? 1 : k, acs = ta ? m : 1, brs = tb ? 1 : n, bcs = tb ? k : 1;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let re = 0, im = 0;
      for (let p = 0; p < k; p++) {
        const ia = 2 * (aOff + i * ars + p * acs), ib = 2 * (bOff + p * brs + j * bcs);
        const ar = a[ia], ai = a[ia + 1], br = b[ib], bi = b[ib + 1];
        re += ar * br - ai * bi; im += ar * bi + ai * br;
      }
      const o = 2 * (cOff + i * n + j);
      c[o] = re; c[o + 1] = im;
    }
  }
}

const matmulKernel: Kernel = ([x, y], { transpose_a: ta, transpose_b: tb }, outs) => {
  const a = vals(x), b = vals(y);
  const os = outs[0].shape, r = os.length;
  const out = alloc(outs[0].dtype, os);
  const m = os[r - 2], n = os[r - 1];
  const k = x.shape[x.rank - (ta ? 2 : 1)];
  const cplx = x.dtype.kind === "c";
  const wide = !(a instanceof Float32Array && b instanceof Float32Array);
  const batch = os.slice(0, -2);
  let nb = 1;
  for (const d of batch) nb *= d;
  const aBatch = x.shape.slice(0, -2), bBatch = y.shape.slice(0, -2);
  const bStr = stridesOf(batch);
  const aStr = stridesOf(aBatch), yStr = stridesOf(bBatch);
  let lastB = -1;
  let packed: Float32Array | Float64Array | null = null;
  for (let bi = 0; bi < nb; bi++) {
    // Broadcast batch index into each operand.
    let ia = 0, ib = 0, rem = bi;
    for (let d = 0; d < batch.length; d++) {
      const c = Math.floor(rem / bStr[d]); rem -= c * bStr[d];
      const da = d - (batch.length - aBatch.length), db = d - (batch.length - bBatch.length);
      if (da >= 0 && aBatch[da] !== 1) ia += c * aStr[da];
      if (db >= 0 && bBatch[db] !== 1) ib += c * yStr[db];
    }
    if (cplx) { gemmComplex(a, ia * m * k, b, ib * k * n, out, bi * m * n, m, n, k, ta, tb); continue; }
    // A B shared by every batch entry (broadcast) is packed once.
    packed = gemmStrided(
      a, ia * m * k, ta ? 1 : k, ta ? m : 1,
      b, ib * k * n, tb ? 1 : n, tb ? k : 1,
      out, bi * m * n, m, n, k, wide, ib === lastB ? packed : null,
    );
    lastB = packed ? ib : -1;
  }
  return [out];
};
registerKernel("cpu", "MatMul", matmulKernel);
registerKernel("cpu", "BatchMatMulV2", matmulKernel);

/**
 * BiasAdd and (when `relu`) Relu in place on a row-major product z of rows of n: the cpu BiasAdd
 * and Relu kernels' arithmetic (the sum rounded to the array's type; relu keeps NaN, gives +0 for
 * -0 and below).
 */
export function biasActInPlace(z: Float32Array | Float64Array, bias: ArrayLike<number>, n: number, relu: boolean): void {
  for (let i = 0, j = 0; i < z.length; i++) {
    z[i] = z[i] + bias[j];
    if (++j === n) j = 0;
  }
  if (relu) for (let i = 0; i < z.length; i++) { const v = z[i]; z[i] = v > 0 ? v : v !== v ? v : 0; }
}

/** _FusedMatMul (core/ops/matmul.ts): MatMul's kernel, then BiasAdd and Relu on its output. */
registerKernel("cpu", "_FusedMatMul", ([a, b, bias], attrs, outs, backend) => {
  const [z] = matmulKernel([a, b], attrs, outs, backend) as [Float32Array | Float64Array];
  biasActInPlace(z, vals(bias) as ArrayLike<number>, outs[0].shape[1], attrs.fused_ops.length > 1);
  return [z];
});

/**
 * Einsum over explicit labels. The plan (the op's parse of the equation against the actual
 * shapes) gives, per label, its size; per operand, the label of each axis; and the output's
 * labels (which may repeat: the diagonal is written, the rest stays 0). Every label combination
 * is visited once; the last label runs in the innermost loop with precomputed strides.
 */
/**
 * Copies `src` (row-major, `shape`) into a new array whose axes are `perm` of the source axes
 * (numpy's transpose), as float64 or float32 storage like `like`.
 */
function permute(src: Num, shape: readonly number[], perm: readonly number[], wide: boolean): Float32Array | Float64Array {
  const n = shape.reduce((x, y) => x * y, 1);
  const out = wide ? new Float64Array(n) : new Float32Array(n);
  const st = stridesOf(shape as number[]);
  const r = perm.length;
  const dims = perm.map((a) => shape[a]), pst = perm.map((a) => st[a]);
  if (r === 0) { if (n) out[0] = src[0]; return out; }
  const last = r - 1, lastN = dims[last], lastS = pst[last];
  const cnt = new Array<number>(r).fill(0);
  let off = 0;
  for (let i = 0; i < n; i += lastN) {
    for (let t = 0, o = off; t < lastN; t++, o += lastS) out[i + t] = src[o];
    let d = last - 1;
    for (; d >= 0; d--) {
      cnt[d]++; off += pst[d];
      if (cnt[d] < dims[d]) break;
      off -= pst[d] * cnt[d]; cnt[d] = 0;
    }
  }
  return out;
}

/**
 * Two-operand einsums that are batched matrix products (every label in exactly two of A, B and
 * the output, no diagonals, no broadcasting) run as transposes + GEMM: batch labels (A, B, out),
 * contracted (A, B), rows (A, out), columns (B, out). Returns null when the shape does not fit.
 */
function einsumAsGemm(p: ReturnType<typeof planEinsum>, inputs: { shape: number[] }[], a: Num, b: Num, outShape: number[], wide: boolean): Float64Array | Float32Array | null {
  const g = einsumGemmPlan(p, inputs.map((t) => t.shape));
  if (!g) return null;
  const [la, lb] = p.inputs, lo = p.output;
  const { batch, rows, cols, red, nb, m, n, k } = g;
  if (m * n * k < 4096) return null;
  const A = permute(a, inputs[0].shape, [...batch, ...rows, ...red].map((l) => la.indexOf(l)), wide);
  const B = permute(b, inputs[1].shape, [...batch, ...red, ...cols].map((l) => lb.indexOf(l)), wide);
  const C = new Float64Array(nb * m * n);
  for (let bi = 0; bi < nb; bi++) gemm(A, bi * m * k, B, bi * k * n, C, bi * m * n, m, n, k, false, false, wide);
  const cLabels = [...batch, ...rows, ...cols];
  const cShape = cLabels.map((l) => p.sizes[l] as number);
  return permute(C, cShape, lo.map((l) => cLabels.indexOf(l)), true);
}

registerKernel("cpu", "Einsum", (inputs, { equation, sizes }, outs) => {
  const p = planEinsum(equation, inputs.map((t) => t.shape), sizes ? { sizes } : undefined);
  const out = alloc(outs[0].dtype, outs[0].shape);
  if (inputs.length === 2) {
    const a = vals(inputs[0]), b = vals(inputs[1]);
    const r = einsumAsGemm(p, inputs, a, b, outs[0].shape, !(a instanceof Float32Array && b instanceof Float32Array));
    if (r) { out.set(r); return [out]; }
  }
  const L = p.sizes.length;
  // Loop order: the innermost label is a summed one (a dot product into one cell) when there is
  // one, else the largest; the others keep their order.
  const inOut = new Set(p.output);
  let innerLabel = -1;
  for (let l = 0; l < L; l++) {
    const better = innerLabel < 0 || (!inOut.has(l) && inOut.has(innerLabel)) ||
      (inOut.has(l) === inOut.has(innerLabel) && (p.sizes[l] as number) > (p.sizes[innerLabel] as number));
    if (better) innerLabel = l;
  }
  const ord = Array.from({ length: L }, (_, l) => l).filter((l) => l !== innerLabel);
  if (innerLabel >= 0) ord.push(innerLabel);
  const sizesOrd = ord.map((l) => p.sizes[l] as number);
  const ins = inputs.map((t) => vals(t) as Num);
  // Stride of each label (in loop order) in each operand: repeated labels add up (a diagonal);
  // a size-1 axis broadcast against a larger label gets stride 0.
  const st = inputs.map((t, i) => {
    const s = new Array<number>(L).fill(0);
    const ts = stridesOf(t.shape);
    p.inputs[i].forEach((l, ax) => { if (t.shape[ax] !== 1 || p.sizes[l] === 1) s[ord.indexOf(l)] += ts[ax]; });
    return s;
  });
  const os = new Array<number>(L).fill(0);
  const ostr = stridesOf(outs[0].shape);
  p.output.forEach((l, ax) => { os[ord.indexOf(l)] += ostr[ax]; });
  if (out.length === 0) return [out];
  for (const z of sizesOrd) if (z === 0) return [out];
  const nIn = inputs.length;
  const last = L - 1;
  const innerN = L ? sizesOrd[last] : 1;
  const innerIn = st.map((s) => (L ? s[last] : 0)), innerOut = L ? os[last] : 0;
  const counter = new Array<number>(L).fill(0);
  const offs = new Array<number>(nIn).fill(0);
  let oOff = 0;
  const acc = new Float64Array(out.length);
  for (;;) {
    // innermost label
    if (nIn === 1) {
      const a = ins[0], sa = innerIn[0];
      for (let t = 0, pa = offs[0], po = oOff; t < innerN; t++, pa += sa, po += innerOut) acc[po] += a[pa];
    } else if (nIn === 2) {
      const a = ins[0], b = ins[1], sa = innerIn[0], sb = innerIn[1];
      if (innerOut === 0) {
        let s = 0;
        for (let t = 0, pa = offs[0], pb = offs[1]; t < innerN; t++, pa += sa, pb += sb) s += a[pa] * b[pb];
        acc[oOff] += s;
      } else {
        for (let t = 0, pa = offs[0], pb = offs[1], po = oOff; t < innerN; t++, pa += sa, pb += sb, po += innerOut) acc[po] += a[pa] * b[pb];
      }
    } else {
      for (let t = 0; t < innerN; t++) {
        let prod = 1;
        for (let q = 0; q < nIn; q++) prod *= ins[q][offs[q] + t * innerIn[q]];
        acc[oOff + t * innerOut] += prod;
      }
    }
    // advance the outer labels
    let d = last - 1;
    for (; d >= 0; d--) {
      counter[d]++;
      for (let q = 0; q < nIn; q++) offs[q] += st[q][d];
      oOff += os[d];
      if (counter[d] < sizesOrd[d]) break;
      for (let q = 0; q < nIn; q++) offs[q] -= st[q][d] * counter[d];
      oOff -= os[d] * counter[d];
      counter[d] = 0;
    }
    if (d < 0) break;
  }
  out.set(acc);
  return [out];
});
