/**
 * `npm run tutorials` (scripts/tutorials.mjs) through real Jupyter and the committed tslab kernel:
 * a cell that floods the output while the kernel is busy still succeeds (the kernel launcher
 * queues zeromq sends), and a failing cell's real error is printed, not tslab's bare `<Error>:`.
 * Needs Debian's jupyter-nbconvert: skipped with a reason locally when absent, required in CI.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..", "..");
const hasJupyter = spawnSync("jupyter", ["nbconvert", "--version"], { encoding: "utf8" }).status === 0;
const inCI = process.env.CI === "true" || process.env.CI === "1";
if (!hasJupyter && !inCI) console.log("test/tutorials/runner: skipped (jupyter nbconvert is not installed; apt-get install jupyter-nbconvert jupyter-client)");

function notebook(cells: string[]): string {
  return JSON.stringify({
    cells: cells.map((src) => ({ cell_type: "code", execution_count: null, metadata: {}, outputs: [], source: src })),
    metadata: { kernelspec: { display_name: "TypeScript (tslab)", language: "typescript", name: "tslab" } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

// Inside the repository so the notebooks resolve `tslab` from its node_modules.
const dir = path.join(__dirname, `.tmp-runner-${process.pid}`);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.runIf(hasJupyter || inCI)("npm run tutorials", () => {
  it("runs notebooks, survives output floods, and prints a failing cell's real error", () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "01_flood.ipynb"), notebook([
      [
        'import * as tslab from "tslab";',
        "const d = tslab.newDisplay();",
        "for (let i = 0; i < 400; i++) {",
        "  const t = Date.now(); while (Date.now() - t < 5) {}   // busy, like a training step",
        '  d.text("x".repeat(2000) + " step " + i);               // two sends back to back:',
        '  console.log("line", i);                                 // zeromq allows one in flight',
        "  if (i % 20 === 0) await new Promise((r) => setTimeout(r, 0));",
        "}",
        'console.log("flood done");',
      ].join("\n"),
    ]));
    fs.writeFileSync(path.join(dir, "02_fail.ipynb"), notebook([
      'console.log("before the failure");',
      'const fail = (n: number) => { throw new RangeError(`boom ${n}`); };\nfail(42);',
      'console.log("after");',
    ]));
    const r = spawnSync(process.execPath, [path.join(root, "scripts", "tutorials.mjs"), `--dir=${dir}`], { encoding: "utf8", timeout: 300_000 });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/01_flood\.ipynb \.\.\. ok/);
    expect(r.stdout).toMatch(/02_fail\.ipynb \.\.\. FAILED/);
    expect(r.stderr).toContain("(the failing cell)");
    expect(r.stderr).toContain("RangeError: boom 42");
    expect(r.stderr).toContain("failed: 02_fail.ipynb");

    // The successful notebook was written back with its outputs; the failed one was not.
    const flood = JSON.parse(fs.readFileSync(path.join(dir, "01_flood.ipynb"), "utf8"));
    const text = flood.cells[0].outputs.map((o: { text?: string[] }) => (o.text ?? []).join("")).join("");
    expect(text).toContain("flood done");
    const failed = JSON.parse(fs.readFileSync(path.join(dir, "02_fail.ipynb"), "utf8"));
    expect(failed.cells[0].outputs).toEqual([]);
  }, 300_000);
});
