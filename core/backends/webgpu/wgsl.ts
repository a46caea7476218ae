/**
 * WGSL building blocks shared by the kernels: the binding header, the uniform accessors, and a
 * small math library. Conventions:
 *   binding 0: uniforms, 64 words (`ui(k)` reads int word k, `uf(k)` the same word as f32);
 *   bindings 1..: inputs `x0, x1, ...` (read-only storage), then outputs `y0, y1, ...`.
 * WGSL may assume there are no NaNs or infinities, and several builtins (asin, pow, ...) return
 * indeterminate values outside their domain, so NaN/Inf tests are done on bit patterns and
 * domain edges are handled explicitly: results must match the cpu backend bit-for-bit on NaN/Inf.
 */
import type { GType } from "./backend";

export function header(ins: GType[], outs: GType[], extra = ""): string {
  const lines = [
    "struct U { v: array<vec4<i32>, 16> }",
    "@group(0) @binding(0) var<uniform> u: U;",
    "fn ui(i: i32) -> i32 { return u.v[i >> 2u][i & 3]; }",
    "fn uf(i: i32) -> f32 { return bitcast<f32>(ui(i)); }",
  ];
  ins.forEach((t, i) => lines.push(`@group(0) @binding(${1 + i}) var<storage, read> x${i}: array<${t}>;`));
  outs.forEach((t, i) => lines.push(`@group(0) @binding(${1 + ins.length + i}) var<storage, read_write> y${i}: array<${t}>;`));
  lines.push(MATH_BASE);
  if (extra) lines.push(extra);
  return lines.join("\n");
}

/** Entry point over a 1-D index space of `ui(0)` elements (64 threads per workgroup, grid y for overflow). */
export function main1d(body: string, wg = 64): string {
  return `@compute @workgroup_size(${wg})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = i32(gid.x + gid.y * nwg.x * ${wg}u);
  if (i >= ui(0)) { return; }
${body}
}`;
}

/** Elements per thread of `mainStrided` programs (launch `be.grid1d(ceil(n / PER_THREAD), 64)`). */
export const PER_THREAD = 4;
/**
 * Like main1d, but each thread handles PER_THREAD elements a quarter of the range apart (so
 * neighbouring threads still touch neighbouring elements): a quarter of the invocations, which
 * is what per-element cost is made of on CPU drivers. `body` is a function body over `i`.
 */
export function mainStrided(body: string, wg = 64): string {
  return `fn elem(i: i32) {
${body}
}
@compute @workgroup_size(${wg})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = i32(gid.x + gid.y * nwg.x * ${wg}u);
  let n = ui(0);
  let stride = (n + ${PER_THREAD - 1}) / ${PER_THREAD};
  if (t >= stride) { return; }
  for (var e = 0; e < ${PER_THREAD}; e++) {
    let i = t + e * stride;
    if (i < n) { elem(i); }
  }
}`;
}

const MATH_BASE = `
var<private> NAN_BITS: u32 = 0x7fc00000u;
const INF_BITS: u32 = 0x7f800000u;
var<private> INF_BITS_V: u32 = 0x7f800000u;
fn nan_() -> f32 { return bitcast<f32>(NAN_BITS); }
fn inf_() -> f32 { return bitcast<f32>(INF_BITS_V); }
fn isnan_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > INF_BITS; }
fn isinf_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == INF_BITS; }
fn isfinite_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) < INF_BITS; }
// Non-negative integer division through f32 (vectorises on CPU drivers, where i32 division is
// scalar; also cheaper than emulated division on GPUs). Exact: corrected by one step, and only
// used below 2^24 where f32(a) is exact.
fn divq(a: i32, d: i32) -> i32 {
  if (a >= 16777216) { return a / d; }
  var q = i32(f32(a) / f32(d));
  let r = a - q * d;
  if (r < 0) { q -= 1; } else if (r >= d) { q += 1; }
  return q;
}
fn copysign_(m: f32, s: f32) -> f32 { return bitcast<f32>((bitcast<u32>(m) & 0x7fffffffu) | (bitcast<u32>(s) & 0x80000000u)); }
`;

/** Helper functions by name; `mathLib(names)` emits the ones an expression uses (and their dependencies). */
const LIB: Record<string, [string[], string]> = {
  expm1_: [[], `fn expm1_(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    return x * (1.0 + x * (0.5 + x * (0.16666666666666666 + x * (0.041666666666666664 + x * (0.008333333333333333 + x * (0.001388888888888889 + x * (0.0001984126984126984 + x * (0.0000248015873015873 + x * 0.0000027557319223985893))))))));
  }
  return exp(x) - 1.0;
}`],
  log1p_: [[], `fn log1p_(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    let s = x / (2.0 + x);
    let s2 = s * s;
    return 2.0 * s * (1.0 + s2 * (0.3333333333333333 + s2 * (0.2 + s2 * (0.14285714285714285 + s2 * (0.1111111111111111 + s2 * (0.09090909090909091 + s2 * (0.07692307692307693 + s2 * 0.06666666666666667)))))));
  }
  if (x == -1.0) { return -inf_(); }
  if (x < -1.0) { return nan_(); }
  return log(1.0 + x);
}`],
  tanh_: [["expm1_"], `fn tanh_(x: f32) -> f32 {
  if (isnan_(x)) { return x; }
  let a = abs(x);
  if (a > 9.5) { return copysign_(1.0, x); }
  let e = expm1_(2.0 * a);
  return copysign_(e / (e + 2.0), x);
}`],
  sinh_: [["expm1_"], `fn sinh_(x: f32) -> f32 {
  if (isnan_(x)) { return x; }
  let a = abs(x);
  var r: f32;
  if (a < 1.0) { r = 0.5 * (expm1_(a) - expm1_(-a)); }
  else if (a > 88.0) { r = exp(a - 0.6931471805599453); }
  else { let e = exp(a); r = 0.5 * (e - 1.0 / e); }
  return copysign_(r, x);
}`],
  cosh_: [[], `fn cosh_(x: f32) -> f32 {
  let a = abs(x);
  if (a > 88.0) { return exp(a - 0.6931471805599453); }
  let e = exp(a);
  return 0.5 * (e + 1.0 / e);
}`],
  asinh_: [["log1p_"], `fn asinh_(x: f32) -> f32 {
  if (isnan_(x) || isinf_(x)) { return x; }
  let a = abs(x);
  var r: f32;
  if (a > 1e18) { r = log(a) + 0.6931471805599453; }
  else { r = log1p_(a + a * a / (1.0 + sqrt(1.0 + a * a))); }
  return copysign_(r, x);
}`],
  acosh_: [["log1p_"], `fn acosh_(x: f32) -> f32 {
  if (isnan_(x)) { return x; }
  if (x < 1.0) { return nan_(); }
  if (isinf_(x)) { return x; }
  if (x > 1e18) { return log(x) + 0.6931471805599453; }
  let t = x - 1.0;
  return log1p_(t + sqrt(2.0 * t + t * t));
}`],
  atanh_: [["log1p_"], `fn atanh_(x: f32) -> f32 {
  if (isnan_(x)) { return x; }
  let a = abs(x);
  if (a > 1.0) { return nan_(); }
  if (a == 1.0) { return copysign_(inf_(), x); }
  return copysign_(0.5 * log1p_(2.0 * a / (1.0 - a)), x);
}`],
  sigmoid_: [[], `fn sigmoid_(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}`],
  softplus_: [["log1p_"], `fn softplus_(x: f32) -> f32 {
  if (x > 0.0) { return x + log1p_(exp(-x)); }
  return log1p_(exp(x));
}`],
  erfc_: [[], `fn erfc_(x: f32) -> f32 {
  if (isnan_(x)) { return x; }
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let r = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return select(2.0 - r, r, x >= 0.0);
}`],
  erf_: [["erfc_"], `fn erf_(x: f32) -> f32 {
  if (isnan_(x)) { return x; }
  let a = abs(x);
  if (a < 0.5) {
    let x2 = x * x;
    return 1.1283791670955126 * x * (1.0 + x2 * (-0.3333333333333333 + x2 * (0.1 + x2 * (-0.023809523809523808 + x2 * (0.004629629629629629 + x2 * (-0.0007575757575757576 + x2 * 0.00010683760683760684))))));
  }
  return copysign_(1.0 - erfc_(a), x);
}`],
  powf_: [[], `fn powf_(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  if (isnan_(a) || isnan_(b)) { return nan_(); }
  if (a == 0.0) {
    let odd = floor(b) == b && fract(b * 0.5) != 0.0 && !isinf_(b);
    if (b > 0.0) { return select(0.0, a, odd); }
    return select(inf_(), copysign_(inf_(), a), odd);
  }
  if (isinf_(b) && abs(a) == 1.0) { return nan_(); }
  let r = exp2(b * log2(abs(a)));
  if (a < 0.0 && !isinf_(b)) {
    if (floor(b) != b) { return nan_(); }
    if (fract(b * 0.5) != 0.0) { return -r; }
  }
  return r;
}`],
  ipow_: [[], `fn ipow_(a: i32, b: i32) -> i32 {
  if (b < 0) {
    if (a == 1) { return 1; }
    if (a == -1) { return select(1, -1, (b & 1) != 0); }
    return 0;
  }
  var r = 1;
  var base = a;
  var e = b;
  loop {
    if (e == 0) { break; }
    if ((e & 1) != 0) { r = r * base; }
    base = base * base;
    e = e >> 1u;
  }
  return r;
}`],
  fmod_: [[], `fn fmod_(a: f32, b: f32) -> f32 {
  if (b == 0.0 || isinf_(a) || isnan_(a) || isnan_(b)) { return nan_(); }
  if (isinf_(b)) { return a; }
  var r = a - b * trunc(a / b);
  if (abs(r) >= abs(b)) { r = r - b * trunc(r / b); }
  return r;
}`],
  ffloormod_: [["fmod_"], `fn ffloormod_(a: f32, b: f32) -> f32 {
  let r = fmod_(a, b);
  if (r != 0.0 && ((r < 0.0) != (b < 0.0))) { return r + b; }
  return r;
}`],
  idiv_: [[], `fn idiv_(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  if (b == -1) { return -a; }
  return a / b;
}`],
  ifloordiv_: [[], `fn ifloordiv_(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  if (b == -1) { return -a; }
  let q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) { return q - 1; }
  return q;
}`],
  ifloormod_: [[], `fn ifloormod_(a: i32, b: i32) -> i32 {
  if (b == 0 || b == -1) { return 0; }
  let r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) { return r + b; }
  return r;
}`],
  fround_: [[], `fn fround_(x: f32) -> f32 {
  if (!isfinite_(x)) { return x; }
  let f = floor(x);
  let d = x - f;
  if (d > 0.5) { return f + 1.0; }
  if (d < 0.5) { return f; }
  return select(f + 1.0, f, fract(f * 0.5) == 0.0);
}`],
  f2i_: [[], `fn f2i_(v: f32) -> i32 {
  if (isnan_(v)) { return -2147483647 - 1; }
  if (isinf_(v)) { return select(-2147483647 - 1, 2147483647, v > 0.0); }
  let t = trunc(v);
  if (t >= -2147483648.0 && t < 2147483648.0) { return i32(t); }
  var m = t - 4294967296.0 * floor(t / 4294967296.0);
  if (m >= 2147483648.0) { m = m - 4294967296.0; }
  return i32(m);
}`],
};

/** The helper functions `code` calls (by the `name_(` pattern), with their dependencies. */
export function mathLib(code: string): string {
  const need = new Set<string>();
  const visit = (n: string) => {
    if (need.has(n)) return;
    for (const d of LIB[n][0]) visit(d);
    need.add(n);
  };
  for (const n of Object.keys(LIB)) if (code.includes(`${n}(`)) visit(n);
  // Dependencies first (Set keeps insertion order of the post-order visit).
  return [...need].map((n) => LIB[n][1]).join("\n");
}

/** WGSL literal for a JS number in type `t`. */
export function lit(v: number, t: GType): string {
  if (t === "i32") return `${v | 0}`;
  if (Number.isNaN(v)) return "nan_()";
  if (v === Infinity) return "inf_()";
  if (v === -Infinity) return "(-inf_())";
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}
