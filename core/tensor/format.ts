/**
 * numpy 1.24's array printing (str / repr), to the character, with numpy's default print options:
 * precision=8, threshold=1000, edgeitems=3, linewidth=75, floatmode='maxprec', suppress=False, sign='-'.
 *
 * Floats are printed with a Dragon4 digit generator over exact BigInt arithmetic, parametrised by the
 * dtype's binary format, so float32 values print with float32's shortest digits (`0.1`, not
 * `0.10000000149011612`) and every rounding (precision cut-off, min_digits padding, ties to even)
 * follows numpy's `dragon4_positional` / `dragon4_scientific`. Array layout (line wrapping, hanging
 * indents, blank lines between blocks, `...` summaries) follows `numpy/core/arrayprint.py`.
 *
 * TF's eager tensor text (`tf.Tensor(...)`, `<tf.Tensor: ... numpy=...>`) is built here too, because
 * it is numpy's text of `tensor.numpy()`; TF string tensors are numpy object arrays of `bytes`.
 */
import type { NDArray } from "./ndarray";

const PRECISION = 8;
const THRESHOLD = 1000;
const EDGEITEMS = 3;
const LINEWIDTH = 75;

/** Printing options beyond numpy's defaults that callers may need. */
export interface FormatOptions {
  /** Print `string` elements as Python `bytes` in an object array (what TF's `numpy()` returns). */
  bytes?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Dragon4 digit generation
// ---------------------------------------------------------------------------------------------

/** Binary float format of the dtype whose values are printed. */
type FloatBits = 16 | 32 | 64;

interface Decomposed {
  negative: boolean;
  mantissa: bigint;
  exponent: number;
  mantissaBit: number;
  unequalMargins: boolean;
}

const f64 = new Float64Array(1);
const f64u = new Uint32Array(f64.buffer);
const f32 = new Float32Array(1);
const f32u = new Uint32Array(f32.buffer);

/** Rounds a JS number to the nearest float16 (ties to even), returned as a number. */
export function roundFloat16(x: number): number {
  return halfBitsToNumber(numberToHalfBits(x));
}

function numberToHalfBits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Infinity) return sign | 0x7c00;
  if (a >= 65520) return sign | 0x7c00; // rounds to infinity
  if (a < 2 ** -14) {
    // subnormal: units of 2^-24, ties to even
    const q = a / 2 ** -24;
    let n = Math.floor(q);
    const r = q - n;
    if (r > 0.5 || (r === 0.5 && (n & 1) === 1)) n++;
    return sign | n; // n may reach 0x400, which is the smallest normal: still correct bits
  }
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  const q = a / 2 ** (e - 10); // in [1024, 2048)
  let m = Math.floor(q);
  const r = q - m;
  if (r > 0.5 || (r === 0.5 && (m & 1) === 1)) m++;
  if (m === 2048) { m = 1024; e++; }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | (m - 1024);
}

function halfBitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m ? NaN : sign * Infinity;
  return sign * (1024 + m) * 2 ** (e - 25);
}

function log2Int(n: number): number {
  return 31 - Math.clz32(n);
}

function decompose(x: number, bits: FloatBits): Decomposed {
  if (bits === 64) {
    f64[0] = x;
    const lo = f64u[0], hi = f64u[1];
    const negative = hi >>> 31 === 1;
    const e = (hi >>> 20) & 0x7ff;
    const mHi = hi & 0xfffff;
    const m = (BigInt(mHi) << 32n) | BigInt(lo);
    if (e !== 0) {
      return { negative, mantissa: m | (1n << 52n), exponent: e - 1075, mantissaBit: 52, unequalMargins: e !== 1 && m === 0n };
    }
    const mantissaBit = mHi !== 0 ? 32 + log2Int(mHi) : lo !== 0 ? log2Int(lo) : 0;
    return { negative, mantissa: m, exponent: -1074, mantissaBit, unequalMargins: false };
  }
  if (bits === 32) {
    f32[0] = x;
    const b = f32u[0];
    const negative = b >>> 31 === 1;
    const e = (b >>> 23) & 0xff;
    const m = b & 0x7fffff;
    if (e !== 0) {
      return { negative, mantissa: BigInt(m | 0x800000), exponent: e - 150, mantissaBit: 23, unequalMargins: e !== 1 && m === 0 };
    }
    return { negative, mantissa: BigInt(m), exponent: -149, mantissaBit: m ? log2Int(m) : 0, unequalMargins: false };
  }
  const h = numberToHalfBits(x);
  const negative = (h & 0x8000) !== 0;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e !== 0) {
    return { negative, mantissa: BigInt(m | 0x400), exponent: e - 25, mantissaBit: 10, unequalMargins: e !== 1 && m === 0 };
  }
  return { negative, mantissa: BigInt(m), exponent: -24, mantissaBit: m ? log2Int(m) : 0, unequalMargins: false };
}

const LOG10_2 = 0.30102999566398119521373889472449;
const POW10: bigint[] = [1n];
function pow10(n: number): bigint {
  while (POW10.length <= n) POW10.push(POW10[POW10.length - 1] * 10n);
  return POW10[n];
}

const enum Cutoff { TotalLength, FractionLength }

/**
 * Digits of |x| and the decimal exponent of the first digit. `unique`: shortest digits that
 * round-trip in the value's format (bounded by cutoffMax digits, extended to at least cutoffMin
 * digits), else exact digits cut at cutoffMax; the last digit is rounded half-to-even on the exact value.
 */
function dragon4(
  d: Decomposed, unique: boolean, mode: Cutoff, cutoffMax: number, cutoffMin: number,
): { digits: number[]; exp10: number } {
  const { mantissa, exponent, mantissaBit, unequalMargins } = d;
  if (mantissa === 0n) return { digits: [0], exp10: 0 };
  const isEven = (mantissa & 1n) === 0n;
  let value: bigint, scale: bigint, mLow: bigint;
  if (unequalMargins) {
    if (exponent > 0) {
      value = mantissa << BigInt(exponent + 2);
      scale = 4n;
      mLow = 1n << BigInt(exponent);
    } else {
      value = mantissa << 2n;
      scale = 1n << BigInt(-exponent + 2);
      mLow = 1n;
    }
  } else if (exponent > 0) {
    value = mantissa << BigInt(exponent + 1);
    scale = 2n;
    mLow = 1n << BigInt(exponent);
  } else {
    value = mantissa << 1n;
    scale = 1n << BigInt(-exponent + 1);
    mLow = 1n;
  }
  let digitExponent = Math.ceil((mantissaBit + exponent) * LOG10_2 - 0.69);
  if (cutoffMax >= 0 && mode === Cutoff.FractionLength && digitExponent <= -cutoffMax) {
    digitExponent = -cutoffMax + 1;
  }
  if (digitExponent > 0) {
    scale *= pow10(digitExponent);
  } else if (digitExponent < 0) {
    const p = pow10(-digitExponent);
    value *= p;
    mLow *= p;
  }
  if (value >= scale) {
    digitExponent += 1;
  } else {
    value *= 10n;
    mLow *= 10n;
  }
  let mHigh = unequalMargins ? mLow * 2n : mLow;

  const BUFFER = 16384;
  let cutoffMaxExp = digitExponent - BUFFER;
  if (cutoffMax >= 0) {
    const want = mode === Cutoff.TotalLength ? digitExponent - cutoffMax : -cutoffMax;
    if (want > cutoffMaxExp) cutoffMaxExp = want;
  }
  let cutoffMinExp = digitExponent;
  if (cutoffMin >= 0) {
    const want = mode === Cutoff.TotalLength ? digitExponent - cutoffMin : -cutoffMin;
    if (want < cutoffMinExp) cutoffMinExp = want;
  }
  let exp10 = digitExponent - 1;

  const out: number[] = [];
  let low = false, high = false, digit = 0;
  if (unique) {
    for (;;) {
      digitExponent -= 1;
      digit = Number(value / scale);
      value %= scale;
      const c1 = value < mLow ? -1 : value === mLow ? 0 : 1;
      low = isEven ? c1 <= 0 : c1 < 0;
      const vh = value + mHigh;
      const c2 = vh < scale ? -1 : vh === scale ? 0 : 1;
      high = isEven ? c2 >= 0 : c2 > 0;
      if (((low || high) && digitExponent <= cutoffMinExp) || digitExponent === cutoffMaxExp) break;
      out.push(digit);
      value *= 10n;
      mLow *= 10n;
      mHigh = unequalMargins ? mLow * 2n : mLow;
    }
  } else {
    for (;;) {
      digitExponent -= 1;
      digit = Number(value / scale);
      value %= scale;
      if (value === 0n || digitExponent === cutoffMaxExp) break;
      out.push(digit);
      value *= 10n;
    }
  }
  let roundDown = low;
  if (low === high) {
    const v2 = value * 2n;
    roundDown = v2 < scale;
    if (v2 === scale) roundDown = (digit & 1) === 0;
  }
  if (roundDown) {
    out.push(digit);
  } else if (digit === 9) {
    for (;;) {
      if (out.length === 0) {
        out.push(1);
        exp10 += 1;
        break;
      }
      const last = out.pop()!;
      if (last !== 9) {
        out.push(last + 1);
        break;
      }
    }
  } else {
    out.push(digit + 1);
  }
  return { digits: out, exp10 };
}

/** numpy's trim modes: 'k' keep, '.' trim zeros keep point, '0' leave one zero, '-' trim zeros and point. */
export type TrimMode = "k" | "." | "0" | "-";

export interface PositionalOptions {
  precision?: number; // -1: none
  unique?: boolean;
  fractional?: boolean;
  trim?: TrimMode;
  sign?: boolean;
  pad_left?: number;
  pad_right?: number;
  min_digits?: number;
}

export interface ScientificOptions {
  precision?: number;
  unique?: boolean;
  trim?: TrimMode;
  sign?: boolean;
  pad_left?: number;
  exp_digits?: number;
  min_digits?: number;
}

function infNan(x: number, sign: boolean): string {
  if (Number.isNaN(x)) return "nan";
  return (x < 0 ? "-" : sign ? "+" : "") + "inf";
}

/** numpy's `format_float_positional` for a value of the given binary format. */
export function formatFloatPositional(x: number, bits: FloatBits, o: PositionalOptions = {}): string {
  const precision = o.precision ?? -1;
  const unique = o.unique ?? true;
  const fractional = o.fractional ?? true;
  const trim = o.trim ?? "k";
  const minDigits = o.min_digits ?? -1;
  const padLeft = o.pad_left ?? -1;
  const padRight = o.pad_right ?? -1;
  if (!Number.isFinite(x)) return infNan(x, !!o.sign);
  const d = decompose(x, bits);
  const signStr = d.negative ? "-" : o.sign ? "+" : "";
  const mode = fractional ? Cutoff.FractionLength : Cutoff.TotalLength;
  const { digits, exp10 } = dragon4(d, unique, mode, precision, minDigits);
  const ds = digits.join("");
  const nd = digits.length;
  let body: string;
  let whole: number;
  let frac = 0;
  if (exp10 >= 0) {
    whole = exp10 + 1;
    if (nd <= whole) {
      body = ds + "0".repeat(whole - nd);
    } else {
      frac = nd - whole;
      body = ds.slice(0, whole) + "." + ds.slice(whole);
    }
  } else {
    const zeros = -(exp10 + 1);
    body = "0." + "0".repeat(zeros) + ds;
    frac = nd + zeros;
    whole = 1;
  }
  if (trim !== "-" && frac === 0) body += ".";
  let desired = unique ? minDigits : precision;
  if (mode === Cutoff.TotalLength && desired >= 0) desired -= whole;
  if (trim === "0") {
    if (frac === 0) { body += "0"; frac++; }
  } else if (trim === "k" && desired > frac) {
    body += "0".repeat(desired - frac);
    frac = desired;
  }
  if (precision >= 0 && trim !== "k" && frac > 0) {
    let end = body.length;
    while (body[end - 1] === "0") { end--; frac--; }
    body = body.slice(0, end);
    if (body.endsWith(".")) {
      if (trim === "0") { body += "0"; frac++; }
      else if (trim === "-") body = body.slice(0, -1);
    }
  }
  if (padRight >= frac) {
    if (trim === "-" && frac === 0) body += " ";
    body += " ".repeat(padRight - frac);
  }
  const hasSign = signStr.length;
  let s = signStr + body;
  if (padLeft > whole + hasSign) s = " ".repeat(padLeft - (whole + hasSign)) + s;
  return s;
}

/** numpy's `format_float_scientific` for a value of the given binary format. */
export function formatFloatScientific(x: number, bits: FloatBits, o: ScientificOptions = {}): string {
  const precision = o.precision ?? -1;
  const unique = o.unique ?? true;
  const trim = o.trim ?? "k";
  const minDigits = o.min_digits ?? -1;
  const padLeft = o.pad_left ?? -1;
  let expDigits = o.exp_digits ?? -1;
  if (!Number.isFinite(x)) return infNan(x, !!o.sign);
  const d = decompose(x, bits);
  const signStr = d.negative ? "-" : o.sign ? "+" : "";
  let s = "";
  const leftChars = 1 + signStr.length;
  if (padLeft > leftChars) s += " ".repeat(padLeft - leftChars);
  s += signStr;
  const { digits, exp10 } = dragon4(
    d, unique, Cutoff.TotalLength, precision < 0 ? -1 : precision + 1, minDigits < 0 ? -1 : minDigits + 1,
  );
  let body = String(digits[0]);
  let frac = digits.length - 1;
  if (frac > 0) body += "." + digits.slice(1).join("");
  if (trim !== "-" && frac === 0) body += ".";
  const desired = unique ? minDigits : precision;
  if (trim === "0") {
    if (frac === 0) { body += "0"; frac++; }
  } else if (trim === "k" && desired > frac) {
    body += "0".repeat(desired - frac);
    frac = desired;
  }
  if (precision >= 0 && trim !== "k" && frac > 0) {
    let end = body.length;
    while (body[end - 1] === "0") { end--; frac--; }
    body = body.slice(0, end);
    if (body.endsWith(".")) {
      if (trim === "0") { body += "0"; frac++; }
      else if (trim === "-") body = body.slice(0, -1);
    }
  }
  if (expDigits > 5) expDigits = 5;
  if (expDigits < 0) expDigits = 2;
  const e = Math.abs(exp10);
  const eStr = String(e).padStart(expDigits, "0");
  return s + body + "e" + (exp10 >= 0 ? "+" : "-") + eStr;
}

// ---------------------------------------------------------------------------------------------
// Element formatters (numpy's FloatingFormat, IntegerFormat, BoolFormat, ComplexFloatingFormat)
// ---------------------------------------------------------------------------------------------

type Formatter = (i: number) => string;

function floatBitsOf(a: NDArray): FloatBits {
  const n = a.dtype.name;
  return n === "float16" ? 16 : n === "float32" || n === "complex64" ? 32 : 64;
}

/** Rounds a value to the array's own float format, the way numpy's arithmetic on that dtype would. */
function roundTo(bits: FloatBits, x: number): number {
  return bits === 64 ? x : bits === 32 ? Math.fround(x) : roundFloat16(x);
}

class FloatingFormat {
  private expFormat = false;
  private padLeft = 0;
  private padRight = 0;
  private precision: number;
  private minDigits = -1;
  private trim: TrimMode = ".";
  private unique = true;
  private expSize = -1;

  constructor(
    data: ArrayLike<number>, private readonly bits: FloatBits, private readonly sign: "-" | "+" | " ",
    floatmode: "maxprec" | "unique" | "fixed" | "maxprec_equal" = "maxprec", precision = PRECISION,
  ) {
    this.precision = floatmode === "unique" ? -1 : precision;
    this.fillFormat(data, floatmode);
  }

  private fillFormat(data: ArrayLike<number>, floatmode: string): void {
    const bits = this.bits;
    const finite: number[] = [];
    let hasNonFinite = false, negInf = false;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (Number.isFinite(v)) finite.push(v);
      else {
        hasNonFinite = true;
        if (v === -Infinity) negInf = true;
      }
    }
    let maxVal = -1, minVal = Infinity;
    for (const v of finite) {
      if (v === 0) continue;
      const a = Math.abs(v);
      if (a > maxVal) maxVal = a;
      if (a < minVal) minVal = a;
    }
    if (maxVal >= 0) {
      // numpy compares the dtype's scalars with the Python floats 1e8 and 1e-4 in double precision,
      // but divides max/min in the array's own dtype
      if (maxVal >= 1e8 || minVal < 0.0001 || roundTo(bits, maxVal / minVal) > 1000) this.expFormat = true;
    }
    const signFlag = this.sign === "+";
    if (finite.length === 0) {
      this.padLeft = 0;
      this.padRight = 0;
      this.trim = ".";
      this.expSize = -1;
      this.unique = true;
      this.minDigits = -1;
    } else if (this.expFormat) {
      let trim: TrimMode = ".", unique = true;
      if (floatmode === "fixed") { trim = "k"; unique = false; }
      let expSize = 0, prec = 0, padLeft = 0;
      for (const x of finite) {
        const s = formatFloatScientific(x, bits, { precision: this.precision, unique, trim, sign: signFlag });
        const ePos = s.indexOf("e");
        const mant = s.slice(0, ePos);
        const dot = mant.indexOf(".");
        expSize = Math.max(expSize, s.length - ePos - 2);
        prec = Math.max(prec, mant.length - dot - 1);
        padLeft = Math.max(padLeft, dot);
      }
      this.expSize = expSize;
      this.trim = "k";
      this.precision = prec;
      this.minDigits = prec;
      this.unique = unique;
      this.padLeft = padLeft;
      this.padRight = expSize + 2 + prec;
    } else {
      let trim: TrimMode = ".", unique = true;
      if (floatmode === "fixed") { trim = "k"; unique = false; }
      let padLeft = 0, padRight = 0;
      for (const x of finite) {
        const s = formatFloatPositional(x, bits, { precision: this.precision, fractional: true, unique, trim, sign: signFlag });
        const dot = s.indexOf(".");
        padLeft = Math.max(padLeft, dot);
        padRight = Math.max(padRight, s.length - dot - 1);
      }
      this.padLeft = padLeft;
      this.padRight = padRight;
      this.expSize = -1;
      this.unique = unique;
      if (floatmode === "fixed" || floatmode === "maxprec_equal") {
        this.precision = this.minDigits = padRight;
        this.trim = "k";
      } else {
        this.trim = ".";
        this.minDigits = 0;
      }
    }
    if (this.sign === " " && !finite.some((v) => v < 0 || Object.is(v, -0))) this.padLeft += 1;
    if (hasNonFinite) {
      const neg = this.sign !== "-" || negInf;
      const offset = this.padRight + 1;
      this.padLeft = Math.max(this.padLeft, 3 - offset, 3 + (neg ? 1 : 0) - offset);
    }
  }

  format(x: number): string {
    if (!Number.isFinite(x)) {
      let ret: string;
      if (Number.isNaN(x)) ret = (this.sign === "+" ? "+" : "") + "nan";
      else ret = (x < 0 ? "-" : this.sign === "+" ? "+" : "") + "inf";
      return " ".repeat(Math.max(0, this.padLeft + this.padRight + 1 - ret.length)) + ret;
    }
    if (this.expFormat) {
      return formatFloatScientific(x, this.bits, {
        precision: this.precision, min_digits: this.minDigits, unique: this.unique, trim: this.trim,
        sign: this.sign === "+", pad_left: this.padLeft, exp_digits: this.expSize,
      });
    }
    return formatFloatPositional(x, this.bits, {
      precision: this.precision, min_digits: this.minDigits, unique: this.unique, fractional: true,
      trim: this.trim, sign: this.sign === "+", pad_left: this.padLeft, pad_right: this.padRight,
    });
  }
}

function intToString(v: number): string {
  return Math.abs(v) < 1e21 ? String(v) : BigInt(v).toString();
}

/** Python's repr of a str. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c < 0x7f) out += ch;
    else if (/[\p{C}\p{Z}]/u.test(ch)) {
      if (c <= 0xff) out += "\\x" + c.toString(16).padStart(2, "0");
      else if (c <= 0xffff) out += "\\u" + c.toString(16).padStart(4, "0");
      else out += "\\U" + c.toString(16).padStart(8, "0");
    } else out += ch;
  }
  return out + quote;
}

const utf8 = new TextEncoder();

/** Python's repr of the UTF-8 bytes of a string (`b'abc'`, `b'\xec\x95\x88'`). */
export function pyBytesRepr(s: string): string {
  const bytes = utf8.encode(s);
  let hasSingle = false, hasDouble = false;
  for (const b of bytes) {
    if (b === 0x27) hasSingle = true;
    else if (b === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  const q = quote.charCodeAt(0);
  let out = "b" + quote;
  for (const b of bytes) {
    if (b === q || b === 0x5c) out += "\\" + String.fromCharCode(b);
    else if (b === 0x09) out += "\\t";
    else if (b === 0x0a) out += "\\n";
    else if (b === 0x0d) out += "\\r";
    else if (b < 0x20 || b >= 0x7f) out += "\\x" + b.toString(16).padStart(2, "0");
    else out += String.fromCharCode(b);
  }
  return out + quote;
}

/** Flat indices of the elements numpy looks at to size the columns (all, or the summary corners). */
function cornerIndices(shape: readonly number[], summarize: boolean): number[] {
  const out: number[] = [];
  const nd = shape.length;
  const strides = new Array<number>(nd);
  let st = 1;
  for (let k = nd - 1; k >= 0; k--) { strides[k] = st; st *= shape[k]; }
  const rec = (axis: number, off: number): void => {
    if (axis === nd) { out.push(off); return; }
    const n = shape[axis];
    if (summarize && n > 2 * EDGEITEMS) {
      for (let i = 0; i < EDGEITEMS; i++) rec(axis + 1, off + i * strides[axis]);
      for (let i = n - EDGEITEMS; i < n; i++) rec(axis + 1, off + i * strides[axis]);
    } else {
      for (let i = 0; i < n; i++) rec(axis + 1, off + i * strides[axis]);
    }
  };
  rec(0, 0);
  return out;
}

/** numpy's `_get_format_function`: a formatter for flat index `i`, sized on the elements `idx`. */
function makeFormatter(a: NDArray, idx: number[], opts: FormatOptions): Formatter {
  const kind = a.dtype.kind;
  const data = a.data as ArrayLike<any>;
  if (kind === "b") {
    const t = a.shape.length !== 0 ? " True" : "True";
    return (i) => (data[i] ? t : "False");
  }
  if (kind === "i" || kind === "u") {
    let w = 0;
    if (idx.length > 0) {
      let mx = -Infinity, mn = Infinity;
      for (const i of idx) { const v = data[i] as number; if (v > mx) mx = v; if (v < mn) mn = v; }
      w = Math.max(intToString(mx).length, intToString(mn).length);
    }
    return (i) => intToString(data[i] as number).padStart(w);
  }
  if (kind === "f") {
    const bits = floatBitsOf(a);
    const vals = idx.map((i) => data[i] as number);
    const ff = new FloatingFormat(vals, bits, "-");
    return (i) => ff.format(data[i] as number);
  }
  if (kind === "c") {
    const bits = floatBitsOf(a);
    const re = idx.map((i) => data[2 * i] as number);
    const im = idx.map((i) => data[2 * i + 1] as number);
    const rf = new FloatingFormat(re, bits, "-");
    const jf = new FloatingFormat(im, bits, "+");
    return (i) => {
      const r = rf.format(data[2 * i]);
      const s = jf.format(data[2 * i + 1]);
      const sp = s.trimEnd().length;
      return r + s.slice(0, sp) + "j" + s.slice(sp);
    };
  }
  if (kind === "s") {
    return opts.bytes ? (i) => pyBytesRepr(String(data[i])) : (i) => pyStrRepr(String(data[i]));
  }
  return (i) => String(data[i]);
}

// ---------------------------------------------------------------------------------------------
// Layout (numpy's _formatArray)
// ---------------------------------------------------------------------------------------------

function extendLine(s: string, line: string, word: string, lineWidth: number, nextLinePrefix: string): [string, string] {
  let needsWrap = line.length + word.length > lineWidth;
  if (line.length <= nextLinePrefix.length) needsWrap = false;
  if (needsWrap) {
    s += line.trimEnd() + "\n";
    line = nextLinePrefix;
  }
  line += word;
  return [s, line];
}

function extendLinePretty(s: string, line: string, word: string, lineWidth: number, nextLinePrefix: string): [string, string] {
  if (!word.includes("\n")) return extendLine(s, line, word, lineWidth, nextLinePrefix);
  const words = word.split("\n");
  const maxLen = Math.max(...words.map((w) => w.length));
  let indent: string;
  if (line.length + maxLen > lineWidth && line.length > nextLinePrefix.length) {
    s += line.trimEnd() + "\n";
    line = nextLinePrefix + words[0];
    indent = nextLinePrefix;
  } else {
    indent = " ".repeat(line.length);
    line += words[0];
  }
  for (const w of words.slice(1)) {
    s += line.trimEnd() + "\n";
    line = indent + w;
  }
  line += " ".repeat(maxLen - words[words.length - 1].length);
  return [s, line];
}

function formatArray(
  shape: readonly number[], fmt: Formatter, lineWidth: number, nextLinePrefix: string,
  separator: string, summarize: boolean,
): string {
  const nd = shape.length;
  const strides = new Array<number>(nd);
  let st = 1;
  for (let k = nd - 1; k >= 0; k--) { strides[k] = st; st *= shape[k]; }
  const sepTrim = separator.trimEnd();

  const recurser = (axis: number, off: number, hangingIndent: string, currWidth: number): string => {
    const axesLeft = nd - axis;
    if (axesLeft === 0) return fmt(off);
    const nextHanging = hangingIndent + " ";
    const nextWidth = currWidth - 1;
    const n = shape[axis];
    const stride = strides[axis];
    const showSummary = summarize && 2 * EDGEITEMS < n;
    const leading = showSummary ? EDGEITEMS : 0;
    const trailing = showSummary ? EDGEITEMS : n;
    let s = "";
    if (axesLeft === 1) {
      const elemWidth = currWidth - Math.max(sepTrim.length, 1);
      let line = hangingIndent;
      for (let i = 0; i < leading; i++) {
        const word = recurser(axis + 1, off + i * stride, nextHanging, nextWidth);
        [s, line] = extendLinePretty(s, line, word, elemWidth, hangingIndent);
        line += separator;
      }
      if (showSummary) {
        [s, line] = extendLine(s, line, "...", elemWidth, hangingIndent);
        line += separator;
      }
      for (let i = trailing; i > 1; i--) {
        const word = recurser(axis + 1, off + (n - i) * stride, nextHanging, nextWidth);
        [s, line] = extendLinePretty(s, line, word, elemWidth, hangingIndent);
        line += separator;
      }
      const word = recurser(axis + 1, off + (n - 1) * stride, nextHanging, nextWidth);
      [s, line] = extendLinePretty(s, line, word, elemWidth, hangingIndent);
      s += line;
    } else {
      const lineSep = sepTrim + "\n".repeat(axesLeft - 1);
      for (let i = 0; i < leading; i++) {
        s += hangingIndent + recurser(axis + 1, off + i * stride, nextHanging, nextWidth) + lineSep;
      }
      if (showSummary) s += hangingIndent + "..." + lineSep;
      for (let i = trailing; i > 1; i--) {
        s += hangingIndent + recurser(axis + 1, off + (n - i) * stride, nextHanging, nextWidth) + lineSep;
      }
      s += hangingIndent + recurser(axis + 1, off + (n - 1) * stride, nextHanging, nextWidth);
    }
    return "[" + s.slice(hangingIndent.length) + "]";
  };
  return recurser(0, 0, nextLinePrefix, lineWidth);
}

/** numpy's `array2string` with default options. */
function array2string(a: NDArray, separator: string, prefix: string, suffix: string, opts: FormatOptions): string {
  if (a.size === 0) return "[]";
  const summarize = a.size > THRESHOLD;
  const idx = cornerIndices(a.shape, summarize);
  const fmt = makeFormatter(a, idx, opts);
  return formatArray(a.shape, fmt, LINEWIDTH - suffix.length, " " + " ".repeat(prefix.length), separator, summarize);
}

// ---------------------------------------------------------------------------------------------
// Scalars (numpy scalar str/repr) and the public entry points
// ---------------------------------------------------------------------------------------------

/** numpy's str/repr of a float scalar of the given format (`5.0`, `0.1`, `1e-05`, `inf`). */
export function formatFloatScalar(x: number, bits: FloatBits, trimPos: TrimMode = "0", trimSci: TrimMode = "-", sign = false): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return (x < 0 ? "-" : sign ? "+" : "") + "inf";
  // numpy compares in C doubles after converting the scalar: float16 goes through float32 first
  const a = Math.abs(x);
  if (a === 0 || (1e-4 <= a && a < 1e16)) {
    return formatFloatPositional(x, bits, { precision: -1, unique: true, fractional: true, trim: trimPos, sign });
  }
  return formatFloatScientific(x, bits, { precision: -1, unique: true, trim: trimSci, sign });
}

function formatComplexScalar(re: number, im: number, bits: FloatBits): string {
  if (re === 0 && !Object.is(re, -0)) return formatFloatScalar(im, bits, "-", "-") + "j";
  const r = Number.isFinite(re) ? formatFloatScalar(re, bits, "-", "-") : Number.isNaN(re) ? "nan" : re > 0 ? "inf" : "-inf";
  const i = Number.isFinite(im)
    ? formatFloatScalar(im, bits, "-", "-", true)
    : Number.isNaN(im) ? "+nan" : im > 0 ? "+inf" : "-inf";
  return `(${r}${i}j)`;
}

/** The numpy scalar `a[()]` of a 0-d array, as `str` (repr when `repr` is set). */
function scalarText(a: NDArray, repr: boolean, opts: FormatOptions): string {
  const data = a.data as ArrayLike<any>;
  switch (a.dtype.kind) {
    case "b": return data[0] ? "True" : "False";
    case "i": case "u": return intToString(data[0]);
    case "f": return formatFloatScalar(data[0], floatBitsOf(a));
    case "c": return formatComplexScalar(data[0], data[1], floatBitsOf(a));
    case "s":
      if (opts.bytes) return pyBytesRepr(String(data[0]));
      return repr ? pyStrRepr(String(data[0])) : String(data[0]);
  }
  return String(data[0]);
}

/** numpy's `str(a)`. */
export function formatArrayStr(a: NDArray, opts: FormatOptions = {}): string {
  if (a.shape.length === 0) return scalarText(a, false, opts);
  return array2string(a, " ", "", "", opts);
}

function dtypeRepr(a: NDArray, opts: FormatOptions): string | null {
  const name = a.dtype.name;
  if (name === "float64" || name === "int64" || name === "bool" || name === "complex128") return null;
  if (a.dtype.kind === "s") {
    if (opts.bytes) return "object";
    let n = 1;
    const data = a.data as string[];
    for (let i = 0; i < a.size; i++) {
      let len = 0;
      for (const _ of data[i]) len++;
      if (len > n) n = len;
    }
    return `'<U${n}'`;
  }
  return name;
}

/** numpy's `repr(a)`: `array([1., 2.], dtype=float32)`. */
export function formatArrayRepr(a: NDArray, opts: FormatOptions = {}): string {
  const dt = dtypeRepr(a, opts);
  const skipDtype = dt === null && a.size > 0;
  const prefix = "array(";
  const suffix = skipDtype ? ")" : ",";
  let lst: string;
  if (a.size > 0 || (a.shape.length === 1 && a.shape[0] === 0)) {
    if (a.shape.length === 0) {
      lst = makeFormatter(a, [0], opts)(0);
    } else {
      lst = array2string(a, ", ", prefix, suffix, opts);
    }
  } else {
    lst = `[], shape=(${a.shape.join(", ")}${a.shape.length === 1 ? "," : ""})`;
  }
  const arrStr = prefix + lst + suffix;
  if (skipDtype) return arrStr;
  const dtypeStr = `dtype=${dt ?? a.dtype.name})`;
  const lastLineLen = arrStr.length - (arrStr.lastIndexOf("\n") + 1);
  const spacer = lastLineLen + dtypeStr.length + 1 > LINEWIDTH ? "\n" + " ".repeat(prefix.length) : " ";
  return arrStr + spacer + dtypeStr;
}

/** numpy's str of a 0-d array's scalar, as TF prints an eager scalar (`5.0`). */
export function formatScalarStr(a: NDArray, opts: FormatOptions = {}): string {
  return scalarText(a, false, opts);
}

/**
 * TF's `numpy_text(tensor, is_repr)`: numpy's str (or repr) of `tensor.numpy()` — a numpy scalar for
 * rank 0, an array otherwise; strings are bytes — with a newline in front when the text spans lines.
 */
export function tensorValueText(a: NDArray, isRepr: boolean): string {
  const opts: FormatOptions = { bytes: true };
  let text: string;
  if (a.shape.length === 0) text = scalarText(a, isRepr, opts);
  else text = isRepr ? formatArrayRepr(a, opts) : formatArrayStr(a, opts);
  return text.includes("\n") ? "\n" + text : text;
}
