import { describe, it, expect } from "vitest";
import { formatFloatScientific, formatFloatPositional, roundFloat16 } from "../../core/tensor/format";

/** Deterministic xorshift generator of 32-bit words. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

const u32 = new Uint32Array(2);
const asF64 = new Float64Array(u32.buffer);
const asF32 = new Float32Array(u32.buffer);

/** "d.ddde±x" -> [digits, exponent], the parts both printers must agree on. */
function sci(s: string): [string, number] {
  const [m, e] = s.split("e");
  return [m.replace("-", "").replace(".", "").replace(/0+$/, "") || "0", Number(e)];
}

describe("Dragon4 shortest digits", () => {
  it("float64: same shortest digits as JavaScript's Number#toExponential() for 20000 random bit patterns", () => {
    const next = rng(12345);
    const bad: string[] = [];
    let n = 0;
    while (n < 20000) {
      u32[0] = next(); u32[1] = next();
      const x = asF64[0];
      if (!Number.isFinite(x) || x === 0) continue;
      n++;
      const ours = sci(formatFloatScientific(x, 64));
      const js = sci(x.toExponential());
      if (ours[0] !== js[0] || ours[1] !== js[1]) bad.push(`${x}: ${ours} vs ${js}`);
    }
    expect(bad).toEqual([]);
  });

  it("float32: digits round-trip through Math.fround and no shorter decimal does (20000 random values)", () => {
    const next = rng(777);
    const bad: string[] = [];
    let n = 0;
    while (n < 20000) {
      u32[0] = next();
      const x = asF32[0];
      if (!Number.isFinite(x) || x === 0) continue;
      n++;
      const s = formatFloatScientific(x, 32);
      if (Math.fround(Number(s)) !== x) { bad.push(`${x}: ${s} does not round-trip`); continue; }
      const digits = sci(s)[0].length;
      if (digits > 1) {
        // every decimal with one digit fewer near x: the rounded one and its neighbours
        const shorter = Number(x.toExponential(digits - 2));
        const [m, e] = x.toExponential(digits - 2).split("e");
        const unit = 10 ** (Number(e) - (digits - 2));
        for (const c of [shorter - unit, shorter, shorter + unit]) {
          const cand = Number((Number(m) + (c - shorter) / 10 ** Number(e)).toFixed(digits - 2) + "e" + e);
          if (Math.fround(cand) === x) bad.push(`${x}: ${s} but ${cand} is shorter`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("float32 prints float32's digits, not the double's", () => {
    expect(formatFloatPositional(Math.fround(0.1), 32)).toBe("0.1");
    expect(formatFloatPositional(Math.fround(0.1), 64)).toBe("0.10000000149011612");
    expect(formatFloatScientific(Math.fround(1e-5), 32)).toBe("1.e-05");
    expect(formatFloatPositional(Math.fround(16777217), 32)).toBe("16777216.");
  });

  it("cut-off rounding is half-to-even on the exact binary value", () => {
    expect(formatFloatPositional(1 / 512, 64, { precision: 8, trim: "." })).toBe("0.00195312");
    expect(formatFloatPositional(3 / 512, 64, { precision: 8, trim: "." })).toBe("0.00585938");
    expect(formatFloatPositional(0.125, 64, { precision: 2, unique: false, trim: "k" })).toBe("0.12");
    expect(formatFloatPositional(0.375, 64, { precision: 2, unique: false, trim: "k" })).toBe("0.38");
  });

  it("min_digits pads with the exact value's further digits", () => {
    expect(formatFloatScientific(Math.fround(0.1), 32, { precision: 8, min_digits: 8, trim: "k" })).toBe("1.00000001e-01");
    expect(formatFloatScientific(0, 64, { precision: 3, min_digits: 3, trim: "k" })).toBe("0.000e+00");
  });

  it("float16 rounding", () => {
    expect(roundFloat16(0.1)).toBe(0.0999755859375);
    expect(roundFloat16(65520)).toBe(Infinity);
    expect(roundFloat16(65519)).toBe(65504);
    expect(roundFloat16(2 ** -25)).toBe(0);
    expect(roundFloat16(3 * 2 ** -26)).toBe(2 ** -24);
    expect(formatFloatPositional(0.1, 16)).toBe("0.1");
  });
});
