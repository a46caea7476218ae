/**
 * webgpu kernels: uniform, integer and normal random numbers from the same Philox4x32-10 stream
 * as the cpu kernels (core/backends/cpu/kernels/random.ts), computed in parallel: output word w
 * is word w % 4 of block start + w / 4 (normals: Box–Muller on words 2j, 2j+1, sin for even and
 * cos for odd elements). So a seed gives the same numbers on every backend (floats to rounding),
 * and the op's stream counter advances exactly as on the cpu. Truncated normals (rejection
 * sampling: sequential) and float64 draws run on the cpu.
 */
import { sizeOf } from "../../../tensor/shape";
import { Uniforms } from "../backend";
import { header, main1d } from "../wgsl";
import { gpu, gt } from "./util";

const PHILOX = `
fn mulhilo(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu; let a1 = a >> 16u; let b0 = b & 0xffffu; let b1 = b >> 16u;
  let p00 = a0 * b0; let p01 = a0 * b1; let p10 = a1 * b0; let p11 = a1 * b1;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return vec2<u32>(p11 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u), a * b);
}
/** Word w of the stream: block start + w / 4 under key (ui 4, 5), counter high words (ui 6, 7). */
fn word(w: u32) -> u32 {
  let blk = w >> 2u;
  let lo = u32(ui(2)) + blk;
  let hi = u32(ui(3)) + select(0u, 1u, lo < blk);
  var c = vec4<u32>(lo, hi, u32(ui(6)), u32(ui(7)));
  var k = vec2<u32>(u32(ui(4)), u32(ui(5)));
  for (var r = 0; r < 10; r++) {
    let p0 = mulhilo(0xd2511f53u, c.x);
    let p1 = mulhilo(0xcd9e8d57u, c.z);
    c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
    k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u);
  }
  let j = w & 3u;
  return select(select(select(c.w, c.z, j == 2u), c.y, j == 1u), c.x, j == 0u);
}
fn unitf(w: u32) -> f32 { return f32(w & 0x7fffffu) * 1.1920928955078125e-7; }`;

/** Two's-complement 64-bit words of an integer seed. */
function words(x: number): [number, number] {
  const b = BigInt.asUintN(64, BigInt(Math.trunc(x)));
  return [Number(b & 0xffffffffn) | 0, Number(b >> 32n) | 0];
}

interface RandAttrs { seed: number; seed2: number; state?: { counter: number }; minval: number; maxval: number; mean: number; stddev: number }

function randomKernel(op: string, kind: "uniform" | "int" | "normal") {
  gpu(op, (_inputs, attrs: RandAttrs, outs, be) => {
    const t = gt(outs[0]);
    if ((kind === "int") !== (t === "i32")) return null;
    const n = sizeOf(outs[0].shape);
    const wordsUsed = kind === "normal" ? 2 * Math.ceil(n / 2) : n;
    if (wordsUsed >= 2 ** 32) return null;
    const start = attrs.state ? attrs.state.counter : 0;
    const [k0, k1] = words(attrs.seed), [s0, s1] = words(attrs.seed2);
    const body = kind === "uniform" ? "  y0[i] = unitf(word(u32(i))) * uf(8) + uf(9);"
      : kind === "int" ? "  y0[i] = ui(9) + i32(word(u32(i)) % u32(ui(8)));"
      : `  let j = u32(i) >> 1u;
  let u1 = max(unitf(word(2u * j)), 1e-7);
  let u2 = unitf(word(2u * j + 1u));
  let r = sqrt(-2.0 * log(u1));
  let v = 6.283185307179586 * u2;
  y0[i] = select(cos(v), sin(v), (i & 1) == 0) * r * uf(8) + uf(9);`;
    const p = be.program(`random:${kind}`, 0, 1, () => header([], [t], PHILOX) + "\n" + main1d(body));
    const u = new Uniforms().int(n, 0, start % 2 ** 32 | 0, Math.floor(start / 2 ** 32) | 0, k0, k1, s0, s1);
    if (kind === "uniform") u.float(attrs.maxval - attrs.minval, attrs.minval);
    else if (kind === "int") u.int(attrs.maxval - attrs.minval, attrs.minval);
    else u.float(attrs.stddev, attrs.mean);
    const y = be.out(outs[0]);
    be.run(p, [], [y], u, be.grid1d(n, 64));
    if (attrs.state) attrs.state.counter += Math.ceil(wordsUsed / 4);
    return [y];
  });
}
randomKernel("RandomUniform", "uniform");
randomKernel("StatelessRandomUniform", "uniform");
randomKernel("RandomUniformInt", "int");
randomKernel("StatelessRandomUniformInt", "int");
randomKernel("RandomStandardNormal", "normal");
randomKernel("StatelessRandomNormal", "normal");
