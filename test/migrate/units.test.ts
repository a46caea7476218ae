/**
 * Pieces of tf-migrate: the edit buffer, free-variable analysis, the report layout, blank lines.
 */
import { describe, it, expect } from "vitest";
import { ts } from "ts-morph";
import { EditBuffer } from "../../migrate/edits";
import { freeVars } from "../../migrate/freevars";
import { formatReport, formatEntry, Entry } from "../../migrate/report";
import { tidyBlankLines } from "../../migrate/migrate";
import { isTfModule } from "../../migrate/tfnames";

describe("EditBuffer", () => {
  it("applies edits to the original text; outer edits absorb the inner ones they rendered", () => {
    const src = "f(g(x), y);";
    const e = new EditBuffer(src);
    e.replace(2, 6, "h(x)");                  // g(x) -> h(x)
    expect(e.render(0, src.length)).toBe("f(h(x), y);");
    const inner = e.render(0, 10);            // f(h(x), y)
    e.replace(0, 10, `k(${inner.slice(2, -1)})`);
    expect(e.apply()).toBe("k(h(x), y);");
  });
  it("keeps insertions at a range's boundary outside it and in recording order", () => {
    const e = new EditBuffer("abc");
    e.insert(1, "1");
    e.insert(1, "2");
    e.replace(1, 2, "B");
    expect(e.render(1, 2)).toBe("b".toUpperCase());
    expect(e.apply()).toBe("a12Bc");
  });
  it("refuses partly overlapping edits and rolls back to a snapshot", () => {
    const e = new EditBuffer("abcdef");
    e.replace(1, 3, "X");
    const snap = e.snapshot();
    expect(() => e.replace(2, 5, "Y")).toThrow(/overlapping/);
    e.replace(4, 5, "Z");
    e.restore(snap);
    expect(e.apply()).toBe("aXdef");
  });
});

describe("freeVars", () => {
  const fv = (code: string) => {
    const sf = ts.createSourceFile("x.ts", code, ts.ScriptTarget.ES2022, true);
    const r = freeVars(sf.statements[0]);
    return { uses: [...r.uses.keys()].sort(), assigns: [...r.assigns].sort() };
  };
  it("finds free names, not property names, keys, declarations or shadowed names", () => {
    expect(fv("const y = tf.add(x, { axis: a }).shape;").uses).toEqual(["a", "tf", "x"]);
    expect(fv("const f = (x) => x + y;").uses).toEqual(["y"]);
    expect(fv("for (let i = 0; i < n; i++) { const z = w[i]; h = h.add(z); }")).toEqual({ uses: ["h", "n", "w"], assigns: ["h"] });
    expect(fv("function g(a) { return a + g(b); }").uses).toEqual(["b"]);
    expect(fv("const o = { x, [k]: 1 };").uses).toEqual(["k", "x"]);
    expect(fv("const [a, { b = c }] = d;").uses).toEqual(["c", "d"]);
  });
});

describe("report", () => {
  const e = (line: number, col: number, severity: Entry["severity"], en: string, ko: string): Entry => ({ line, col, severity, en, ko, code: "t" });
  it("has tf_upgrade_v2's layout: header, counts, issues by file, detailed log", () => {
    const text = formatReport([
      { inPath: "a.ts", outPath: "out/a.ts", entries: [e(3, 4, "INFO", "Renamed", "바꿈"), e(1, 0, "WARNING", "Careful", "주의")] },
      { inPath: "b.ts", outPath: "out/b.ts", entries: [] },
      { inPath: "c.ts", outPath: "out/c.ts", entries: [e(2, 0, "ERROR", "Broken", "깨짐")], parseError: true },
    ], { lang: "both", inTree: "src" });
    const R = "-".repeat(80), D = "=".repeat(80);
    expect(text).toBe([
      "TensorFlow 2.0 Upgrade Script", "-----------------------------", "Converted 2 files", "Detected 2 issues that require attention", R,
      R, "File: a.ts", R, "a.ts:1:0: WARNING: Careful", "    주의",
      R, "File: c.ts", R, "c.ts:2:0: ERROR: Broken", "    깨짐",
      D, "Detailed log follows:", "", D, D, "Input tree: 'src'", D,
      R, "Processing file 'a.ts'", " outputting to 'out/a.ts'", R, "", "1:0: WARNING: Careful", "    주의", "3:4: INFO: Renamed", "    바꿈", R, "",
      R, "Processing file 'b.ts'", " outputting to 'out/b.ts'", R, "", R, "",
      R, "Processing file 'c.ts'", " outputting to 'out/c.ts'", R, "", "2:0: ERROR: Broken", "    깨짐", R, "", "",
    ].join("\n"));
  });
  it("writes one language when asked", () => {
    const x = e(5, 2, "INFO", "Renamed 'a' to 'b'", "'a'을(를) 'b'(으)로 바꿨습니다.");
    expect(formatEntry(x, "en", "f.ts")).toBe("f.ts:5:2: INFO: Renamed 'a' to 'b'");
    expect(formatEntry(x, "ko")).toBe("5:2: INFO: 'a'을(를) 'b'(으)로 바꿨습니다.");
  });
});

describe("helpers", () => {
  it("tidyBlankLines removes blank runs left by removed statements", () => {
    expect(tidyBlankLines("a\n\n\n\nb\n", "a\n\nb\n")).toBe("a\n\nb\n");
    expect(tidyBlankLines("\n\na\n", "x\na\n")).toBe("a\n");
    expect(tidyBlankLines("a\n\n\nb", "a\n\n\nc")).toBe("a\n\n\nb");
  });
  it("knows which imports are tensorflow-ts", () => {
    for (const s of ["tensorflow-ts", "../../index", "../..", "./index.js", "../dist", ".."]) expect(isTfModule(s), s).toBe(true);
    for (const s of ["@tensorflow/tfjs", "./model", "fs"]) expect(isTfModule(s), s).toBe(false);
  });
});
