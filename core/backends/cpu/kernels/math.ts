/** cpu kernels: elementwise binary and unary math, cast, select. */
import type { Kernel } from "../../backend";
import { registerKernel } from "../../../engine/engine";
import { alloc, broadcastIndex, isPrefix, isSuffix, vals } from "../util";
import { castArray } from "../../../ops/convert";
import { sizeOf } from "../../../tensor/shape";

type F2 = (a: number, b: number) => number | boolean;

/** What the loop bodies below use; passed in so that their source refers to nothing outside. */
interface LoopHelpers {
  vals: typeof vals; alloc: typeof alloc; broadcastIndex: typeof broadcastIndex; isSuffix: typeof isSuffix; isPrefix: typeof isPrefix; size: typeof sizeOf;
}
const helpers: LoopHelpers = { vals, alloc, broadcastIndex, isSuffix, isPrefix, size: sizeOf };

/**
 * A private copy of `make` (compiled again from its source), so each op's kernel gets its own
 * type feedback in V8. One shared loop calling a different `f` per op turns megamorphic and stops
 * inlining `f`. `make` must refer
 * only to its parameters. Where code generation is unavailable (a strict CSP), the shared copy runs.
 */
function privateCopy<M extends (...a: any[]) => Kernel>(make: M): M {
  try {
    return new Function(`return (${make.toString()});`)() as M;
  } catch {
    return make;
  }
}

/** Broadcasting binary loop; fast paths for equal shapes, scalar operands and row broadcasts. */
function binaryLoop(f: F2, h: LoopHelpers): Kernel {
  return (inputs, attrs, outs) => {
    const x = inputs[0], y = inputs[1];
    const a = h.vals(x), b = h.vals(y);
    // attr forward_input 0: input 0 is a temporary of the caller's, overwritten (element i is read first).
    const out = attrs.forward_input === 0 && x.dtype === outs[0].dtype && a.length === h.size(outs[0].shape) ? a : h.alloc(outs[0].dtype, outs[0].shape);
    const n = out.length;
    if (a.length === n && b.length === n) for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
    else if (b.length === 1 && a.length === n) { const bv = b[0]; for (let i = 0; i < n; i++) out[i] = f(a[i], bv); }
    else if (a.length === 1 && b.length === n) { const av = a[0]; for (let i = 0; i < n; i++) out[i] = f(av, b[i]); }
    else if (a.length === n && h.isSuffix(y.shape, outs[0].shape)) {
      // Row broadcast (x + bias): b repeats every b.length elements.
      const m = b.length;
      for (let i = 0, j = 0; i < n; i++) { out[i] = f(a[i], b[j]); if (++j === m) j = 0; }
    } else if (b.length === n && h.isSuffix(x.shape, outs[0].shape)) {
      const m = a.length;
      for (let i = 0, j = 0; i < n; i++) { out[i] = f(a[j], b[i]); if (++j === m) j = 0; }
    } else if (a.length === n && b.length > 0 && h.isPrefix(y.shape, outs[0].shape)) {
      // Column broadcast ([n, 1] against [n, m]): each b element covers a run of n / b.length.
      const run = n / b.length;
      for (let j = 0, i = 0; j < b.length; j++) { const bv = b[j]; for (const e = i + run; i < e; i++) out[i] = f(a[i], bv); }
    } else if (b.length === n && a.length > 0 && h.isPrefix(x.shape, outs[0].shape)) {
      const run = n / a.length;
      for (let j = 0, i = 0; j < a.length; j++) { const av = a[j]; for (const e = i + run; i < e; i++) out[i] = f(av, b[i]); }
    } else if (n > 0) {
      const ia = h.broadcastIndex(x.shape, outs[0].shape), ib = h.broadcastIndex(y.shape, outs[0].shape);
      for (let i = 0; i < n; i++) out[i] = f(a[ia[i]], b[ib[i]]);
    }
    return [out];
  };
}

/**
 * A kernel that runs a private copy of `make(f)` per combination of input and output dtypes: one
 * loop seeing Float32Array, Float64Array, Int32Array and Uint8Array operands turns megamorphic
 * (measured in a Keras step: Mul on 16K floats 280 µs shared vs 33 µs specialised).
 */
function perDtype(make: (f: any, h: LoopHelpers) => Kernel, f: unknown): Kernel {
  const copies = new Map<string, Kernel>();
  return (inputs, attrs, outs, backend) => {
    let key = outs[0].dtype.name;
    for (let i = 0; i < inputs.length; i++) key += "," + inputs[i].dtype.name;
    let k = copies.get(key);
    if (k === undefined) copies.set(key, (k = privateCopy(make)(f, helpers)));
    return k(inputs, attrs, outs, backend);
  };
}

/** Broadcasting binary kernel for `f` (private loop copies, see privateCopy and perDtype). */
export function binaryKernel(f: F2): Kernel {
  return perDtype(binaryLoop, f);
}


/** Same as binaryKernel, but with specialised loops for the hottest ops (no per-element call). */
function addKernel(): Kernel {
  const generic = binaryKernel((a, b) => a + b);
  return (inputs, attrs, outs, backend) => {
    const [x, y] = inputs;
    const a = vals(x), b = vals(y);
    const n = sizeOf(outs[0].shape);
    if (a.length === n && b.length === n) {
      const out = alloc(outs[0].dtype, outs[0].shape);
      for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
      return [out];
    }
    return generic(inputs, attrs, outs, backend);
  };
}

function unaryLoop(f: (a: number) => number | boolean, h: LoopHelpers): Kernel {
  return (inputs, _attrs, outs) => {
    const a = h.vals(inputs[0]);
    const out = h.alloc(outs[0].dtype, outs[0].shape);
    for (let i = 0; i < out.length; i++) out[i] = f(a[i]);
    return [out];
  };
}
/** Elementwise kernel for `f` (private loop copies, see privateCopy and perDtype). */
export function unaryKernel(f: (a: number) => number | boolean): Kernel {
  return perDtype(unaryLoop, f);
}

/** Python's floor division and modulo (sign of the divisor); integer division by zero gives 0 like TF on CPU... TF raises, we follow numpy (0). */
const floorDiv = (a: number, b: number) => (b === 0 ? 0 : Math.floor(a / b));
const floorMod = (a: number, b: number) => {
  if (b === 0) return 0;
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
};
const floorModF = (a: number, b: number) => {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
};

/** Half-to-even rounding (TF's round and rint). */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** erf with ~1e-16 relative accuracy (series near 0, continued fraction tail). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // Maclaurin series: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
    let sum = ax, term = ax, n = 0;
    const x2 = ax * ax;
    while (Math.abs(term) > 1e-17 * Math.abs(sum)) {
      n++;
      term *= -x2 / n;
      sum += term / (2 * n + 1);
      if (n > 200) break;
    }
    const r = (2 / Math.sqrt(Math.PI)) * sum;
    return x < 0 ? -r : r;
  }
  const r = 1 - erfcLarge(ax);
  return x < 0 ? -r : r;
}
/** erfc for x >= 2.5 by Lentz's continued fraction. */
function erfcLarge(x: number): number {
  if (x > 27) return 0;
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + 2/(x + ...)))))
  let f = x, c = x, d = 0;
  const tiny = 1e-300;
  for (let i = 1; i < 300; i++) {
    const an = i / 2;
    d = x + an * d; d = d === 0 ? tiny : d; d = 1 / d;
    c = x + an / c; c = c === 0 ? tiny : c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 2.5) return erfcLarge(x);
  if (x <= -2.5) return 2 - erfcLarge(-x);
  return 1 - erf(x);
}

const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

const B: Record<string, F2> = {
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  RealDiv: (a, b) => a / b,
  Maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a >= b ? a : b),
  Minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a <= b ? a : b),
  SquaredDifference: (a, b) => (a - b) * (a - b),
  Atan2: (a, b) => Math.atan2(a, b),
  Equal: (a, b) => (a === b ? 1 : 0),
  NotEqual: (a, b) => (a !== b ? 1 : 0),
  Less: (a, b) => (a < b ? 1 : 0),
  LessEqual: (a, b) => (a <= b ? 1 : 0),
  Greater: (a, b) => (a > b ? 1 : 0),
  GreaterEqual: (a, b) => (a >= b ? 1 : 0),
  LogicalAnd: (a, b) => (a && b ? 1 : 0),
  LogicalOr: (a, b) => (a || b ? 1 : 0),
};
for (const [name, f] of Object.entries(B)) registerKernel("cpu", name, binaryKernel(f));
registerKernel("cpu", "AddV2", addKernel());
// Integer division (Div on ints truncates toward zero; FloorDiv floors) needs the dtype: pick per call.
const divInt = binaryKernel((a, b) => (b === 0 ? 0 : Math.trunc(a / b)));
const divFloat = binaryKernel((a, b) => a / b);
registerKernel("cpu", "Div", (i, a, o, be) => (o[0].dtype.kind === "f" || o[0].dtype.kind === "c" ? divFloat : divInt)(i, a, o, be));
const fdivInt = binaryKernel(floorDiv);
const fdivFloat = binaryKernel((a, b) => Math.floor(a / b));
registerKernel("cpu", "FloorDiv", (i, a, o, be) => (o[0].dtype.kind === "f" ? fdivFloat : fdivInt)(i, a, o, be));
const fmodInt = binaryKernel(floorMod);
const fmodFloat = binaryKernel(floorModF);
registerKernel("cpu", "FloorMod", (i, a, o, be) => (o[0].dtype.kind === "f" ? fmodFloat : fmodInt)(i, a, o, be));
// Integer pow: exact repeated squaring (Math.pow is exact for small ints anyway); negative exponents give 0 except base ±1.
const powInt = binaryKernel((a, b) => (b < 0 ? (a === 1 ? 1 : a === -1 ? (b % 2 ? -1 : 1) : 0) : Math.pow(a, b)));
const powFloat = binaryKernel((a, b) => Math.pow(a, b));
registerKernel("cpu", "Pow", (i, a, o, be) => (o[0].dtype.kind === "f" ? powFloat : powInt)(i, a, o, be));

const U: Record<string, (a: number) => number | boolean> = {
  Neg: (a) => -a,
  Abs: (a) => Math.abs(a),
  Sign: (a) => (Number.isNaN(a) ? NaN : a > 0 ? 1 : a < 0 ? -1 : 0),
  Sqrt: Math.sqrt,
  Rsqrt: (a) => 1 / Math.sqrt(a),
  Square: (a) => a * a,
  Exp: Math.exp,
  Expm1: Math.expm1,
  Log: Math.log,
  Log1p: Math.log1p,
  Sin: Math.sin, Cos: Math.cos, Tan: Math.tan,
  Asin: Math.asin, Acos: Math.acos, Atan: Math.atan,
  Sinh: Math.sinh, Cosh: Math.cosh, Tanh: Math.tanh,
  Asinh: Math.asinh, Acosh: Math.acosh, Atanh: Math.atanh,
  Sigmoid: sigmoid,
  Erf: erf,
  Erfc: erfc,
  Reciprocal: (a) => 1 / a,
  Softplus: softplus,
  Softsign: (a) => a / (1 + Math.abs(a)),
  Floor: Math.floor,
  Ceil: Math.ceil,
  Round: roundHalfEven,
  Rint: roundHalfEven,
  IsNan: (a) => (a !== a ? 1 : 0),
  IsInf: (a) => (a === Infinity || a === -Infinity ? 1 : 0),
  IsFinite: (a) => (a - a === 0 ? 1 : 0),
  LogicalNot: (a) => (a ? 0 : 1),
};
for (const [name, f] of Object.entries(U)) registerKernel("cpu", name, unaryKernel(f));

registerKernel("cpu", "Cast", ([x], { DstT }) => [castArray(vals(x), x.dtype, DstT)]);
registerKernel("cpu", "ZerosLike", (_i, _a, outs) => [alloc(outs[0].dtype, outs[0].shape)]);
registerKernel("cpu", "OnesLike", (_i, _a, outs) => {
  const o = alloc(outs[0].dtype, outs[0].shape);
  if (outs[0].dtype.kind === "c") for (let i = 0; i < o.length; i += 2) o[i] = 1;
  else o.fill(1);
  return [o];
});
const selectKernel: Kernel = ([c, x, y], _a, outs) => {
  const cv = vals(c), a = vals(x), b = vals(y);
  const s = outs[0].shape;
  const out = alloc(outs[0].dtype, s);
  const n = sizeOf(s);
  if (cv.length === n && a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) out[i] = cv[i] ? a[i] : b[i];
    return [out];
  }
  const ic = broadcastIndex(c.shape, s), ia = broadcastIndex(x.shape, s), ib = broadcastIndex(y.shape, s);
  for (let i = 0; i < n; i++) out[i] = cv[ic[i]] ? a[ia[i]] : b[ib[i]];
  return [out];
};

// ---------------------------------------------------------------- complex64 / complex128
// Complex storage interleaves (re, im), so elementwise kernels work on pairs; broadcasting maps
// element indices. Each op below dispatches on the dtype: real inputs keep the loops above.
let RE = 0, IM = 0;
type CBin = (ar: number, ai: number, br: number, bi: number) => void;
type CUn = (ar: number, ai: number) => void;
const cmul: CBin = (ar, ai, br, bi) => { RE = ar * br - ai * bi; IM = ar * bi + ai * br; };
const cdiv: CBin = (ar, ai, br, bi) => {
  // Smith's algorithm: no overflow from squaring |b|.
  if (Math.abs(br) >= Math.abs(bi)) {
    const r = bi / br, d = br + bi * r;
    RE = (ar + ai * r) / d; IM = (ai - ar * r) / d;
  } else {
    const r = br / bi, d = br * r + bi;
    RE = (ar * r + ai) / d; IM = (ai * r - ar) / d;
  }
};
const cexp: CUn = (ar, ai) => { const e = Math.exp(ar); RE = ai === 0 ? e : e * Math.cos(ai); IM = ai === 0 ? 0 : e * Math.sin(ai); };
const clog: CUn = (ar, ai) => { RE = Math.log(Math.hypot(ar, ai)); IM = Math.atan2(ai, ar); };
const csqrt: CUn = (ar, ai) => {
  const r = Math.hypot(ar, ai);
  RE = Math.sqrt((r + ar) / 2);
  IM = (ai < 0 || (ai === 0 && Object.is(ai, -0)) ? -1 : 1) * Math.sqrt(Math.max(0, (r - ar) / 2));
};
const CB: Record<string, CBin> = {
  AddV2: (ar, ai, br, bi) => { RE = ar + br; IM = ai + bi; },
  Sub: (ar, ai, br, bi) => { RE = ar - br; IM = ai - bi; },
  Mul: cmul,
  RealDiv: cdiv,
  Div: cdiv,
  Pow: (ar, ai, br, bi) => {
    if (ar === 0 && ai === 0) { RE = br === 0 && bi === 0 ? 1 : 0; IM = 0; return; }
    clog(ar, ai); const lr = RE, li = IM;
    cmul(br, bi, lr, li); cexp(RE, IM);
  },
  // TF: (x - y) * conj(x - y), i.e. |x - y|^2 as a complex number.
  SquaredDifference: (ar, ai, br, bi) => { const dr = ar - br, di = ai - bi; RE = dr * dr + di * di; IM = 0; },
};
const CU: Record<string, CUn> = {
  Neg: (ar, ai) => { RE = -ar; IM = -ai; },
  Sign: (ar, ai) => { const r = Math.hypot(ar, ai); RE = r === 0 ? 0 : ar / r; IM = r === 0 ? 0 : ai / r; },
  Square: (ar, ai) => { RE = ar * ar - ai * ai; IM = 2 * ar * ai; },
  Exp: cexp,
  Expm1: (ar, ai) => { cexp(ar, ai); RE = ai === 0 ? Math.expm1(ar) : RE - 1; },
  Log: clog,
  Log1p: (ar, ai) => (ai === 0 && ar > -1 ? ((RE = Math.log1p(ar)), (IM = 0)) : clog(1 + ar, ai)),
  Sqrt: csqrt,
  Rsqrt: (ar, ai) => { csqrt(ar, ai); cdiv(1, 0, RE, IM); },
  Reciprocal: (ar, ai) => cdiv(1, 0, ar, ai),
  Sin: (ar, ai) => { RE = Math.sin(ar) * Math.cosh(ai); IM = Math.cos(ar) * Math.sinh(ai); },
  Cos: (ar, ai) => { RE = Math.cos(ar) * Math.cosh(ai); IM = -Math.sin(ar) * Math.sinh(ai); },
  Tan: (ar, ai) => {
    const sr = Math.sin(ar) * Math.cosh(ai), si = Math.cos(ar) * Math.sinh(ai);
    const cr = Math.cos(ar) * Math.cosh(ai), ci = -Math.sin(ar) * Math.sinh(ai);
    cdiv(sr, si, cr, ci);
  },
  Sinh: (ar, ai) => { RE = Math.sinh(ar) * Math.cos(ai); IM = Math.cosh(ar) * Math.sin(ai); },
  Cosh: (ar, ai) => { RE = Math.cosh(ar) * Math.cos(ai); IM = Math.sinh(ar) * Math.sin(ai); },
  Tanh: (ar, ai) => {
    const sr = Math.sinh(ar) * Math.cos(ai), si = Math.cosh(ar) * Math.sin(ai);
    const cr = Math.cosh(ar) * Math.cos(ai), ci = Math.sinh(ar) * Math.sin(ai);
    cdiv(sr, si, cr, ci);
  },
  Sigmoid: (ar, ai) => { cexp(-ar, -ai); cdiv(1, 0, 1 + RE, IM); },
};

/** Element index maps for broadcasting (null when the operand already has the output's size). */
function elemIndex(shape: readonly number[], out: readonly number[], n: number): Int32Array | null {
  return sizeOf(shape) === n ? null : broadcastIndex(shape, out);
}
function complexBinary(f: CBin): Kernel {
  return ([x, y], _a, outs) => {
    const a = vals(x), b = vals(y);
    const s = outs[0].shape, n = sizeOf(s);
    const out = alloc(outs[0].dtype, s);
    const ia = elemIndex(x.shape, s, n), ib = elemIndex(y.shape, s, n);
    for (let i = 0; i < n; i++) {
      const p = ia ? ia[i] : i, q = ib ? ib[i] : i;
      f(a[2 * p], a[2 * p + 1], b[2 * q], b[2 * q + 1]);
      out[2 * i] = RE; out[2 * i + 1] = IM;
    }
    return [out];
  };
}
function complexCompare(eq: boolean): Kernel {
  return ([x, y], _a, outs) => {
    const a = vals(x), b = vals(y);
    const s = outs[0].shape, n = sizeOf(s);
    const out = alloc(outs[0].dtype, s);
    const ia = elemIndex(x.shape, s, n), ib = elemIndex(y.shape, s, n);
    for (let i = 0; i < n; i++) {
      const p = ia ? ia[i] : i, q = ib ? ib[i] : i;
      const same = a[2 * p] === b[2 * q] && a[2 * p + 1] === b[2 * q + 1];
      out[i] = same === eq ? 1 : 0;
    }
    return [out];
  };
}
function complexUnary(f: CUn): Kernel {
  return ([x], _a, outs) => {
    const a = vals(x);
    const out = alloc(outs[0].dtype, outs[0].shape);
    for (let i = 0; i < out.length; i += 2) { f(a[i], a[i + 1]); out[i] = RE; out[i + 1] = IM; }
    return [out];
  };
}
function realFirst(real: Kernel, cplx: Kernel, operand = 0): Kernel {
  return (i, a, o, be) => (i[operand].dtype.kind === "c" ? cplx : real)(i, a, o, be);
}
const realBinary: Record<string, Kernel> = {
  AddV2: addKernel(), Sub: binaryKernel(B.Sub), Mul: binaryKernel(B.Mul), RealDiv: binaryKernel(B.RealDiv),
  Div: (i, a, o, be) => (o[0].dtype.kind === "f" ? divFloat : divInt)(i, a, o, be),
  Pow: (i, a, o, be) => (o[0].dtype.kind === "f" ? powFloat : powInt)(i, a, o, be),
  SquaredDifference: binaryKernel(B.SquaredDifference),
};
for (const [name, f] of Object.entries(CB)) registerKernel("cpu", name, realFirst(realBinary[name], complexBinary(f)));
registerKernel("cpu", "Equal", realFirst(binaryKernel(B.Equal), complexCompare(true)));
registerKernel("cpu", "NotEqual", realFirst(binaryKernel(B.NotEqual), complexCompare(false)));
for (const [name, f] of Object.entries(CU)) registerKernel("cpu", name, realFirst(unaryKernel(U[name]), complexUnary(f)));
registerKernel("cpu", "SelectV2", realFirst(selectKernel, ([c, x, y], _a, outs) => {
  const cv = vals(c), a = vals(x), b = vals(y);
  const s = outs[0].shape, n = sizeOf(s);
  const out = alloc(outs[0].dtype, s);
  const ic = elemIndex(c.shape, s, n), ia = elemIndex(x.shape, s, n), ib = elemIndex(y.shape, s, n);
  for (let i = 0; i < n; i++) {
    const src = cv[ic ? ic[i] : i] ? a : b, k = cv[ic ? ic[i] : i] ? (ia ? ia[i] : i) : (ib ? ib[i] : i);
    out[2 * i] = src[2 * k]; out[2 * i + 1] = src[2 * k + 1];
  }
  return [out];
}, 1));
