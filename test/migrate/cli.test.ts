/**
 * tf-migrate's command line, run in-process: options, exit codes, what is written where.
 */
import { describe, it, expect, beforeEach, afterEach } from "vitest";
import * as fs from "fs";
import * as path from "path";
import { main } from "../../migrate/cli";
import { makeTempDir } from "./harness";

const TF1 = `import * as tf from "../../../../index";
tf.compat.v1.disable_eager_execution();
const x = tf.compat.v1.placeholder(tf.float32, [null], "x");
const y = tf.multiply(x, 2);
const sess = new tf.compat.v1.Session();
console.log(sess.run(y, { feed_dict: [[x, [1, 2]]] }));
`;
const RENAMES_ONLY = `import * as tf from "tensorflow-ts";
const s = tf.compat.v1.reduce_sum(tf.ones([2, 2]), { keep_dims: true });
`;
const WITH_ISSUE = `import * as tf from "tensorflow-ts";
const q = tf.compat.v1.div(tf.ones([2]), 2);
`;

let dir = "";
let out = "", err = "";
const io = () => ({ out: (s: string) => { out += s; }, err: (s: string) => { err += s; }, cwd: dir });
const run = (...args: string[]) => main(args, io());
const write = (rel: string, text: string) => { fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true }); fs.writeFileSync(path.join(dir, rel), text); };
const read = (rel: string) => fs.readFileSync(path.join(dir, rel), "utf8");
const exists = (rel: string) => fs.existsSync(path.join(dir, rel));

beforeEach(() => { dir = makeTempDir("cli"); out = ""; err = ""; });
afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

describe("tf-migrate CLI", () => {
  it("--help and --version exit 0", async () => {
    expect(await run("--help")).toBe(0);
    expect(out).toContain("--infile");
    expect(out).toContain("--outtree");
    out = "";
    expect(await run("--version")).toBe(0);
    expect(out.trim()).toBe(JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")).version);
  });

  it("usage errors exit 2 and write nothing", async () => {
    write("a.ts", TF1);
    expect(await run()).toBe(2);
    expect(await run("--infile", "a.ts", "--intree", ".")).toBe(2);
    expect(await run("--infile", "a.ts")).toBe(2);
    expect(await run("--infile", "a.ts", "--outfile", "b.ts", "--inplace")).toBe(2);
    expect(await run("--infile", "a.ts", "--outfile", "a.ts")).toBe(2);
    expect(await run("--infile", "missing.ts", "--outfile", "b.ts")).toBe(2);
    expect(await run("--infile", "a.ts", "--outfile", "b.ts", "--bogus")).toBe(2);
    expect(await run("--infile", "a.ts", "--outfile", "b.ts", "--mode", "fast")).toBe(2);
    expect(exists("b.ts")).toBe(false);
    expect(exists("report.txt")).toBe(false);
    expect(err).toMatch(/--infile needs --outfile/);
  });

  it("--infile/--outfile writes the migrated file and report.txt", async () => {
    write("sub/a.ts", TF1);
    expect(await run("--infile", "sub/a.ts", "--outfile", "sub/b.ts")).toBe(0);
    const b = read("sub/b.ts");
    expect(b).toContain("tf.function((x: tf.Tensor) =>");
    expect(b).not.toContain("compat.v1");
    expect(read("sub/a.ts")).toBe(TF1);
    const report = read("report.txt");
    expect(report.split("\n").slice(0, 4)).toEqual(["TensorFlow 2.0 Upgrade Script", "-----------------------------", "Converted 1 files", "Detected 0 issues that require attention"]);
    expect(report).toContain("Processing file 'sub/a.ts'\n outputting to 'sub/b.ts'");
    expect(report).toContain("\n5:0: INFO: Removed Session: TF2 runs tf.functions directly, without a Session\n    Session을(를) 지웠습니다: TF2는 세션 없이 tf.function을 바로 실행합니다.\n");
    expect(fs.readdirSync(path.join(dir, "sub")).sort()).toEqual(["a.ts", "b.ts"]); // no temporary files left
  });

  it("--reportfile and --lang", async () => {
    write("a.ts", WITH_ISSUE);
    expect(await run("--infile", "a.ts", "--outfile", "b.ts", "--reportfile", "logs/r.txt", "--lang", "ko")).toBe(0);
    const r = read("logs/r.txt");
    expect(r).toContain("Detected 1 issues that require attention");
    expect(r).toContain("a.ts:2:10: WARNING: tf.compat.v1.div는 그대로 두었습니다");
    expect(r).not.toContain("Python 2");
  });

  it("--diff prints a unified diff and writes nothing", async () => {
    write("a.ts", RENAMES_ONLY);
    expect(await run("--infile", "a.ts", "--diff")).toBe(0);
    expect(out).toContain("--- a.ts");
    expect(out).toContain("-const s = tf.compat.v1.reduce_sum(tf.ones([2, 2]), { keep_dims: true });");
    expect(out).toContain("+const s = tf.reduce_sum(tf.ones([2, 2]), { keepdims: true });");
    expect(fs.readdirSync(dir)).toEqual(["a.ts"]);
  });

  it("--inplace keeps a .bak unless --no-backup", async () => {
    write("a.ts", RENAMES_ONLY);
    expect(await run("--infile", "a.ts", "--inplace")).toBe(0);
    expect(read("a.ts")).toContain("tf.reduce_sum(tf.ones([2, 2]), { keepdims: true })");
    expect(read("a.ts.bak")).toBe(RENAMES_ONLY);
    write("c.ts", RENAMES_ONLY);
    expect(await run("--infile", "c.ts", "--inplace", "--no-backup")).toBe(0);
    expect(exists("c.ts.bak")).toBe(false);
    // A second run changes nothing, so it touches nothing.
    fs.rmSync(path.join(dir, "a.ts.bak"));
    expect(await run("--infile", "a.ts", "--inplace")).toBe(0);
    expect(exists("a.ts.bak")).toBe(false);
  });

  it("--strict exits 1 when issues need attention", async () => {
    write("a.ts", WITH_ISSUE);
    expect(await run("--infile", "a.ts", "--outfile", "b.ts", "--strict")).toBe(1);
    write("c.ts", RENAMES_ONLY);
    expect(await run("--infile", "c.ts", "--outfile", "d.ts", "--strict")).toBe(0);
  });

  it("--mode safety renames only", async () => {
    write("t/a.ts", TF1);
    expect(await run("--infile", "t/a.ts", "--outfile", "t/b.ts", "--mode", "safety")).toBe(0);
    expect(read("t/b.ts")).toBe(TF1); // nothing to rename: sessions and placeholders stay
  });

  it("--intree/--outtree: converts sources, copies other files, skips node_modules; parse errors copy unchanged and exit 2", async () => {
    write("in/a.ts", RENAMES_ONLY);
    write("in/deep/b.mjs", RENAMES_ONLY.replace(/: \w+/g, ""));
    write("in/deep/data.json", "{\"k\": 1}\n");
    write("in/broken.ts", "const = ;\n");
    write("in/node_modules/dep/index.ts", RENAMES_ONLY);
    write("in/types.d.ts", "declare const z: number;\n");
    expect(await run("--intree", "in", "--outtree", "out")).toBe(2);
    expect(read("out/a.ts")).toContain("tf.reduce_sum(");
    expect(read("out/deep/b.mjs")).toContain("tf.reduce_sum(");
    expect(read("out/deep/data.json")).toBe("{\"k\": 1}\n");
    expect(read("out/broken.ts")).toBe("const = ;\n");
    expect(read("out/types.d.ts")).toBe("declare const z: number;\n");
    expect(exists("out/node_modules")).toBe(false);
    const report = read("report.txt");
    expect(report).toContain("Input tree: 'in'");
    expect(report).toMatch(/in\/broken\.ts:1:6: ERROR: Failed to parse: Variable declaration expected\. The file was copied unchanged\./);
    expect(report).toContain("Converted 2 files");
  });

  it("--nocopyotherfiles (--no-copyotherfiles) copies only converted files", async () => {
    write("in/a.ts", RENAMES_ONLY);
    write("in/readme.md", "hi\n");
    expect(await run("--intree", "in", "--outtree", "out", "--no-copyotherfiles")).toBe(0);
    expect(exists("out/a.ts")).toBe(true);
    expect(exists("out/readme.md")).toBe(false);
  });

  it("never writes outside the output tree (symbolic links in it are refused)", async () => {
    write("in/sub/a.ts", RENAMES_ONLY);
    const elsewhere = path.join(dir, "elsewhere");
    fs.mkdirSync(elsewhere);
    fs.mkdirSync(path.join(dir, "out"));
    fs.symlinkSync(elsewhere, path.join(dir, "out", "sub"));
    expect(await run("--intree", "in", "--outtree", "out")).toBe(2);
    expect(err).toMatch(/refusing to write outside/);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });

  it("input symlinks are not followed", async () => {
    write("target/x.ts", RENAMES_ONLY);
    write("in/a.ts", RENAMES_ONLY);
    fs.symlinkSync(path.join(dir, "target"), path.join(dir, "in", "link"));
    expect(await run("--intree", "in", "--outtree", "out")).toBe(0);
    expect(exists("out/a.ts")).toBe(true);
    expect(exists("out/link")).toBe(false);
  });

  it("running twice changes nothing the second time", async () => {
    write("in/a.ts", TF1);
    write("in/b.ts", RENAMES_ONLY);
    expect(await run("--intree", "in", "--outtree", "out1")).toBe(0);
    expect(await run("--intree", "out1", "--outtree", "out2", "--reportfile", "r2.txt")).toBe(0);
    for (const f of ["a.ts", "b.ts"]) expect(read(`out2/${f}`)).toBe(read(`out1/${f}`));
    expect(read("r2.txt")).not.toMatch(/INFO|WARNING|ERROR/);
  });
});
