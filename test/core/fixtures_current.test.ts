/**
 * The committed numpy fixtures are what their committed generators produce: each
 * test/fixtures/gen_*.py runs (Debian's python3-numpy) in a scratch folder and its JSON must equal
 * the committed file byte for byte. Skips with a reason where numpy is absent, fails in CI.
 */
import { describe, it, expect } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, copyFileSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

const here = join(__dirname, "..", "fixtures");
const python = "/usr/bin/python3";
const hasNumpy = spawnSync(python, ["-c", "import numpy"]).status === 0;
const generators = readdirSync(here).filter((f) => /^gen_.*\.py$/.test(f)).sort();

describe("numpy fixtures are current", () => {
  it("there are generators", () => {
    expect(generators.length).toBeGreaterThanOrEqual(6);
  });
  if (!hasNumpy && process.env.CI !== "true") {
    it.skip(`skipped: ${python} has no numpy here (apt-get install python3-numpy)`, () => {});
    return;
  }
  for (const gen of generators) {
    it(gen, () => {
      const dir = mkdtempSync(join(tmpdir(), "tfts-fixtures-"));
      try {
        copyFileSync(join(here, gen), join(dir, gen));
        execFileSync(python, [join(dir, gen)], { cwd: dir, stdio: "pipe", timeout: 120_000 });
        const outs = readdirSync(dir).filter((f) => f.endsWith(".json"));
        expect(outs.length, `${gen} wrote no JSON`).toBeGreaterThan(0);
        for (const o of outs) {
          const fresh = readFileSync(join(dir, o), "utf8");
          const committed = readFileSync(join(here, o), "utf8");
          expect(fresh === committed, `${o} differs from what ${gen} generates: run npm run fixtures and commit`).toBe(true);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
