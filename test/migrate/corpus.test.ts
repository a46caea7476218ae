/**
 * The corpus: TF1-style programs (test/migrate/corpus/*.ts). Each is migrated, and
 *  - the migrated program type-checks against the library's types;
 *  - it has no `tf.compat.v1` left (unless its header says `// expect: compat`);
 *  - run side by side, both print the same text and the same numbers within a relative
 *    tolerance of 1e-4 (absolute 1e-6; a header `// tolerance: x` widens it, stated there);
 *  - migrating the migrated program changes nothing.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "fs";
import * as path from "path";
import { migrateSource, createProject, MigrateResult } from "../../migrate/migrate";
import { runProgram, pool, compareOutputs, compatV1Uses, typeErrors, directives, makeTempDir, RunOutput } from "./harness";

const CORPUS = path.join(__dirname, "corpus");
const names = fs.readdirSync(CORPUS).filter((f) => f.endsWith(".ts")).sort();
const DEFAULT_RTOL = 1e-4;

interface Case { name: string; src: string; out: string; result: MigrateResult; original?: RunOutput; migrated?: RunOutput }
const cases: Case[] = [];
let tmp = "";
let typeErrs: string[] = [];

beforeAll(async () => {
  tmp = makeTempDir("corpus");
  const project = createProject();
  for (const name of names) {
    const src = path.join(CORPUS, name);
    const text = fs.readFileSync(src, "utf8");
    const result = migrateSource(text, src, { project });
    const out = path.join(tmp, name);
    fs.writeFileSync(out, result.text);
    cases.push({ name, src, out, result });
  }
  typeErrs = typeErrors(cases.map((c) => c.out));
  const jobs = cases.flatMap((c) => [
    async () => { c.original = await runProgram(c.src); },
    async () => { c.migrated = await runProgram(c.out); },
  ]);
  await pool(jobs, 2);
}, 600_000);

afterAll(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

describe("tf-migrate corpus", () => {
  it("has at least 25 TF1 programs", () => {
    expect(names.length).toBeGreaterThanOrEqual(25);
  });

  it("every migrated program type-checks", () => {
    expect(typeErrs).toEqual([]);
  });

  for (const name of names) {
    describe(name, () => {
      const c = () => cases.find((x) => x.name === name)!;
      const text = fs.readFileSync(path.join(CORPUS, name), "utf8");
      const d = directives(text);

      it("the original runs", () => {
        expect(c().original!.stderr).not.toMatch(/Error/);
        expect(c().original!.code).toBe(0);
        expect(c().original!.stdout.length).toBeGreaterThan(0);
      });

      it(d.expectCompat ? "keeps tf.compat.v1 and says why" : "leaves no tf.compat.v1 and no errors in the report", () => {
        const r = c().result;
        if (d.expectCompat) {
          expect(compatV1Uses(r.text)).toBeGreaterThan(0);
          expect(r.entries.some((e) => e.severity === "ERROR" && e.code === "region-kept")).toBe(true);
        } else {
          expect(compatV1Uses(r.text)).toBe(0);
          expect(r.entries.filter((e) => e.severity === "ERROR")).toEqual([]);
        }
        expect(r.changed).toBe(true);
      });

      const runs = d.knownIssue ? it.fails : it;
      runs(`prints the same numbers (rtol ${d.tolerance ?? DEFAULT_RTOL})${d.knownIssue ? ` [known issue: ${d.knownIssue}]` : ""}`, () => {
        const m = c().migrated!;
        expect(m.stderr).not.toMatch(/Error/);
        expect(m.code).toBe(0);
        expect(compareOutputs(c().original!.stdout, m.stdout, d.tolerance ?? DEFAULT_RTOL)).toBeNull();
      });

      it("is idempotent", () => {
        const again = migrateSource(c().result.text, c().out);
        expect(again.text).toBe(c().result.text);
        expect(again.changed).toBe(false);
      });
    });
  }
});
