/**
 * cpu kernels: random ops over Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as
 * 1, 2, 3", SC'11), the generator TF's CPU kernels use. Key = seed (two 32-bit words), counter =
 * [block, block_hi, seed2_lo, seed2_hi]; each 128-bit block gives four 32-bit words.
 */
import type { Kernel, OutSpec } from "../../backend";
import type { Tensor } from "../../../tensor/tensor";
import { registerKernel } from "../../../engine/engine";
import { alloc, vals } from "../util";
import { sizeOf } from "../../../tensor/shape";

const M0 = 0xd2511f53, M1 = 0xcd9e8d57, W0 = 0x9e3779b9, W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32 (exact, in doubles). */
function mulhi(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  // t and w stay below 2^32, so `>>> 16` is an exact floor division.
  const t = a1 * b0 + ((a0 * b0) >>> 16);
  const w = (t & 0xffff) + a0 * b1;
  return (a1 * b1 + (t >>> 16) + (w >>> 16)) >>> 0;
}

/** One Philox4x32-10 block: counter (c0..c3) and key (k0, k1) -> four uint32 words into `out`. */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array): void {
  for (let r = 0; r < 10; r++) {
    const lo0 = Math.imul(M0, c0) >>> 0, hi0 = mulhi(M0, c0);
    const lo1 = Math.imul(M1, c2) >>> 0, hi1 = mulhi(M1, c2);
    c0 = (hi1 ^ c1 ^ k0) >>> 0; c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0; c3 = lo0;
    k0 = (k0 + W0) >>> 0; k1 = (k1 + W1) >>> 0;
  }
  out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}

const TWO32 = 4294967296;
/** Two's-complement 64-bit words of an integer seed: [low, high]. */
function words(x: number): [number, number] {
  const b = BigInt.asUintN(64, BigInt(Math.trunc(x)));
  return [Number(b & 0xffffffffn), Number(b >> 32n)];
}

/** A stream of uint32 words from blocks `start`, `start + 1`, ... of one (seed, seed2) key. */
export class PhiloxStream {
  private readonly buf = new Uint32Array(4);
  private pos = 4;
  /** Blocks drawn so far. */
  blocks = 0;
  private readonly k: [number, number];
  private readonly c: [number, number];
  constructor(seed: number, seed2: number, private readonly start = 0) {
    this.k = words(seed);
    this.c = words(seed2);
  }
  next(): number {
    if (this.pos === 4) {
      const n = this.start + this.blocks++;
      philox4x32(n % TWO32, Math.floor(n / TWO32), this.c[0], this.c[1], this.k[0], this.k[1], this.buf);
      this.pos = 0;
    }
    return this.buf[this.pos++];
  }
  /**
   * The next `n` words into `dst` (the same words as n calls of next(), whole blocks at a time
   * when the stream is at a block boundary).
   */
  fill(dst: Uint32Array, n: number): void {
    let i = 0;
    while (i < n && this.pos !== 4) dst[i++] = this.next();
    const buf = this.buf, k0 = this.k[0], k1 = this.k[1], c2 = this.c[0], c3 = this.c[1];
    for (; i + 4 <= n; i += 4) {
      const b = this.start + this.blocks++;
      philox4x32(b % TWO32, Math.floor(b / TWO32), c2, c3, k0, k1, buf);
      dst[i] = buf[0]; dst[i + 1] = buf[1]; dst[i + 2] = buf[2]; dst[i + 3] = buf[3];
    }
    while (i < n) dst[i++] = this.next();
  }
  /** Uniform float in [0, 1) with a 23-bit mantissa (TF's Uint32ToFloat). */
  float(): number { return (this.next() & 0x7fffff) * 1.1920928955078125e-7; }
  /** Uniform double in [0, 1) with a 52-bit mantissa (TF's Uint64ToDouble). */
  double(): number {
    const hi = this.next() & 0xfffff, lo = this.next();
    return (hi * TWO32 + lo) * 2.220446049250313e-16;
  }
}

interface RandAttrs { seed: number; seed2: number; state?: { counter: number }; dtype: { name: string; kind: string }; minval: number; maxval: number; mean: number; stddev: number }

/** Runs `fill` with the op's stream and advances its stored counter by the blocks used. */
function withStream(attrs: RandAttrs, fill: (g: PhiloxStream) => void): void {
  const g = new PhiloxStream(attrs.seed, attrs.seed2, attrs.state ? attrs.state.counter : 0);
  fill(g);
  if (attrs.state) attrs.state.counter += g.blocks;
}

const uniformKernel: Kernel = (_i, attrs: RandAttrs, outs) => {
  const out = alloc(outs[0].dtype, outs[0].shape);
  const n = out.length, lo = attrs.minval, range = attrs.maxval - attrs.minval;
  const f64 = attrs.dtype.name === "float64";
  withStream(attrs, (g) => {
    if (f64) { for (let i = 0; i < n; i++) out[i] = g.double() * range + lo; return; }
    const w = new Uint32Array(n);
    g.fill(w, n);
    for (let i = 0; i < n; i++) out[i] = (w[i] & 0x7fffff) * 1.1920928955078125e-7 * range + lo;
  });
  return [out];
};

/**
 * _FusedDropout (core/ops/nn.ts): RandomUniform's draw in x's dtype (same stream and counter), then
 * keep = u >= rate and y = keep ? x·scale : +0 with rate and scale rounded to the dtype, as the
 * unfused GreaterEqual, Mul and SelectV2 compute them.
 */
registerKernel("cpu", "_FusedDropout", ([x], attrs: RandAttrs & { rate: number }, outs) => {
  const [y] = uniformKernel([], { ...attrs, dtype: outs[0].dtype, minval: 0, maxval: 1 }, [outs[0]], undefined as never) as [Float32Array | Float64Array];
  const f32 = outs[0].dtype.name === "float32", s = 1 / (1 - attrs.rate);
  const rate = f32 ? Math.fround(attrs.rate) : attrs.rate, scale = f32 ? Math.fround(s) : s;
  const xv = vals(x) as ArrayLike<number>, keep = alloc(outs[1].dtype, outs[1].shape) as Uint8Array;
  for (let i = 0; i < y.length; i++) {
    if (y[i] >= rate) { keep[i] = 1; y[i] = xv[i] * scale; } else y[i] = 0;
  }
  return [y, keep];
});

/** _FusedDropoutGrad: keep ? dy·scale : +0, scale rounded to dy's dtype. */
registerKernel("cpu", "_FusedDropoutGrad", ([dy, keep], attrs: { rate: number }, outs) => {
  const out = alloc(outs[0].dtype, outs[0].shape) as Float32Array | Float64Array;
  const s = 1 / (1 - attrs.rate), scale = outs[0].dtype.name === "float32" ? Math.fround(s) : s;
  const d = vals(dy) as ArrayLike<number>, k = vals(keep) as ArrayLike<number>;
  for (let i = 0; i < out.length; i++) out[i] = k[i] ? d[i] * scale : 0;
  return [out];
});

const uniformIntKernel: Kernel = (_i, attrs: RandAttrs, outs) => {
  const out = alloc(outs[0].dtype, outs[0].shape);
  const n = out.length, lo = attrs.minval, range = attrs.maxval - attrs.minval;
  withStream(attrs, (g) => {
    if (attrs.dtype.name === "int64") {
      const r = BigInt(range);
      for (let i = 0; i < n; i++) {
        const bits = BigInt(g.next()) | (BigInt(g.next()) << 32n);
        out[i] = lo + Number(bits % r);
      }
    } else for (let i = 0; i < n; i++) out[i] = lo + (g.next() % range);
  });
  return [out];
};

/** Box–Muller as TF does it: u1 floored at 1e-7, z0 = sin(2πu2)·r, z1 = cos(2πu2)·r. */
function normals(g: PhiloxStream, f64: boolean, n: number, emit: (z: number) => boolean): void {
  const TAU = 2 * Math.PI;
  let k = 0;
  while (k < n) {
    let u1 = f64 ? g.double() : g.float();
    const u2 = f64 ? g.double() : g.float();
    if (u1 < 1e-7) u1 = 1e-7;
    const r = Math.sqrt(-2 * Math.log(u1)), v = TAU * u2;
    if (emit(Math.sin(v) * r)) k++;
    if (k < n && emit(Math.cos(v) * r)) k++;
  }
}
const normalKernel: Kernel = (_i, attrs: RandAttrs, outs) => {
  const out = alloc(outs[0].dtype, outs[0].shape);
  const { mean, stddev } = attrs;
  let i = 0;
  withStream(attrs, (g) => normals(g, attrs.dtype.name === "float64", out.length, (z) => { out[i++] = z * stddev + mean; return true; }));
  return [out];
};
const truncatedKernel: Kernel = (_i, attrs: RandAttrs, outs) => {
  const out = alloc(outs[0].dtype, outs[0].shape);
  const { mean, stddev } = attrs;
  let i = 0;
  const f64 = attrs.dtype.name === "float64";
  withStream(attrs, (g) => normals(g, f64, out.length, (z) => {
    // Reject in the output precision, so a float32 value never rounds up onto ±2.
    if (Math.abs(f64 ? z : Math.fround(z)) >= 2) return false;
    out[i++] = z * stddev + mean;
    return true;
  }));
  return [out];
};

for (const [name, k] of [
  ["RandomUniform", uniformKernel], ["RandomUniformInt", uniformIntKernel],
  ["RandomStandardNormal", normalKernel], ["TruncatedNormal", truncatedKernel],
  ["StatelessRandomUniform", uniformKernel], ["StatelessRandomUniformInt", uniformIntKernel],
  ["StatelessRandomNormal", normalKernel], ["StatelessTruncatedNormal", truncatedKernel],
] as const) registerKernel("cpu", name, k);

registerKernel("cpu", "RandomShuffle", ([x], attrs: RandAttrs, outs) => {
  const n = x.rank === 0 ? 1 : x.shape[0];
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  withStream(attrs, (g) => {
    for (let i = 0; i < n - 1; i++) {
      const j = i + Math.floor(g.double() * (n - i));
      const t = perm[i]; perm[i] = perm[j]; perm[j] = t;
    }
  });
  return [rowsInOrder(x, perm, outs[0])];
});

/** RandomShuffle's output: x's rows (first-axis slices) in the order `perm`. */
export function rowsInOrder(x: Tensor, perm: Int32Array, spec: OutSpec): unknown {
  const inner = x.rank === 0 ? 1 : sizeOf(x.shape.slice(1)) * (x.dtype.kind === "c" ? 2 : 1);
  const a = vals(x);
  const out = alloc(spec.dtype, spec.shape);
  for (let i = 0; i < perm.length; i++) for (let e = 0; e < inner; e++) out[i * inner + e] = a[perm[i] * inner + e];
  return out;
}

registerKernel("cpu", "Multinomial", ([logits], attrs: RandAttrs & { num_samples: number }, outs) => {
  const [b, c] = logits.shape;
  const ns = attrs.num_samples;
  const l = vals(logits) as ArrayLike<number>;
  const out = alloc(outs[0].dtype, outs[0].shape);
  const cdf = new Float64Array(c);
  withStream(attrs, (g) => {
    for (let r = 0; r < b; r++) {
      let mx = -Infinity;
      for (let k = 0; k < c; k++) if (l[r * c + k] > mx) mx = l[r * c + k];
      let acc = 0;
      for (let k = 0; k < c; k++) {
        const v = l[r * c + k];
        acc += Number.isFinite(v) || v === Infinity ? Math.exp(v - mx) : 0;
        cdf[k] = acc;
      }
      for (let s = 0; s < ns; s++) {
        const u = g.double() * acc;
        let lo = 0, hi = c - 1;
        while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] > u) hi = mid; else lo = mid + 1; }
        out[r * ns + s] = lo;
      }
    }
  });
  return [out];
});
