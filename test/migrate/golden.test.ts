/**
 * Golden files, one per rewrite rule: test/migrate/golden/<rule>.in.<ext> is migrated and must
 * equal <rule>.out.<ext> byte for byte, and its report must equal <rule>.report.txt.
 * `UPDATE_GOLDEN=1 npx vitest run test/migrate/golden.test.ts` rewrites the expected files (review the diff).
 */
import { describe, it, expect, beforeAll } from "vitest";
import * as fs from "fs";
import * as path from "path";
import { migrateText } from "../../migrate/files";
import { createProject, preload } from "../../migrate/migrate";
import { formatReport } from "../../migrate/report";
import type { MigrateResult } from "../../migrate/migrate";

const DIR = path.join(__dirname, "golden");
const inputs = fs.readdirSync(DIR).filter((f) => /\.in\.[a-z]+$/.test(f)).sort();
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const results = new Map<string, MigrateResult>();

beforeAll(() => {
  const project = createProject();
  preload(project, inputs.filter((f) => !f.endsWith(".ipynb")).map((f) => ({ path: path.join(DIR, f), text: fs.readFileSync(path.join(DIR, f), "utf8") })));
  for (const f of inputs) {
    const text = fs.readFileSync(path.join(DIR, f), "utf8");
    results.set(f, migrateText(text, path.join(DIR, f), { project, mode: f.startsWith("safety_") ? "safety" : "default" }));
  }
}, 120_000);

function check(file: string, actual: string): void {
  const p = path.join(DIR, file);
  if (UPDATE) fs.writeFileSync(p, actual);
  expect(fs.existsSync(p), `${file} is missing (run with UPDATE_GOLDEN=1)`).toBe(true);
  expect(actual).toBe(fs.readFileSync(p, "utf8"));
}

describe("tf-migrate golden files", () => {
  it("covers the rules", () => {
    expect(inputs.length).toBeGreaterThanOrEqual(15);
  });
  for (const f of inputs) {
    const [, base, ext] = /^(.*)\.in\.([a-z]+)$/.exec(f)!;
    it(`${base}: migrated text`, () => {
      check(`${base}.out.${ext}`, results.get(f)!.text);
    });
    it(`${base}: report`, () => {
      const r = results.get(f)!;
      const report = formatReport([{ inPath: `golden/${f}`, outPath: `golden/${base}.out.${ext}`, entries: r.entries, parseError: !!r.parseError }], { lang: "both" });
      check(`${base}.report.txt`, report);
    });
  }
});

describe("tf-migrate golden outputs are fixed points", () => {
  for (const f of inputs) {
    const [, base, ext] = /^(.*)\.in\.([a-z]+)$/.exec(f)!;
    if (base === "parse_error") continue;
    it(`${base}: migrating the output changes nothing`, () => {
      const out = path.join(DIR, `${base}.out.${ext}`);
      const text = fs.readFileSync(out, "utf8");
      const again = migrateText(text, out, { mode: base.startsWith("safety_") ? "safety" : "default" });
      expect(again.text).toBe(text);
    });
  }
});
