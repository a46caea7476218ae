/**
 * What the rewrite refuses: each case keeps its graph as tf.compat.v1 code (it still runs in
 * graph mode), and the report says why with an ERROR entry (English and Korean).
 */
import { describe, it, expect } from "vitest";
import * as path from "path";
import { migrateSource } from "../../migrate/migrate";

const FILE = path.join(__dirname, "corpus", "__inline__.ts");
const HEAD = `import * as tf from "../../../index";\ntf.compat.v1.disable_eager_execution();\n`;

function kept(body: string, why: RegExp): void {
  const r = migrateSource(HEAD + body, FILE, { types: false });
  const errors = r.entries.filter((e) => e.severity === "ERROR");
  expect(errors.map((e) => e.en).join("\n")).toMatch(why);
  expect(errors.every((e) => e.code === "region-kept" && e.en.startsWith("This TF1 graph stays under tf.compat.v1") && e.ko.includes("tf.compat.v1"))).toBe(true);
  expect(r.text).toContain("tf.compat.v1.disable_eager_execution();");
  expect(r.text).toContain("new tf.compat.v1.Session(");
  expect(r.text).not.toContain("tf.function(");
}

describe("tf-migrate keeps what it cannot carry", () => {
  it("a graph tensor used outside Session.run", () => {
    kept(`const x = tf.compat.v1.placeholder(tf.float32, [1]);\nconst y = tf.add(x, 1);\nconsole.log(String(y));\nconst sess = new tf.compat.v1.Session();\nsess.run(y, { feed_dict: [[x, [1]]] });\n`,
      /graph tensor 'y' is used outside Session\.run \(line 5\)/);
  });
  it("a fetch by tensor name", () => {
    kept(`const x = tf.compat.v1.placeholder(tf.float32, [1], "x");\nconst y = tf.add(x, 1);\nconst sess = new tf.compat.v1.Session();\nsess.run("Add:0", { feed_dict: [[x, [1]]] });\n`, /fetching by tensor name/);
  });
  it("two train ops in one run", () => {
    kept(`const v = tf.compat.v1.get_variable("v", { shape: [], initializer: tf.compat.v1.zeros_initializer() });\nconst l = tf.square(v);\nconst a = new tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(l);\nconst b = new tf.compat.v1.train.AdamOptimizer().minimize(l);\nconst sess = new tf.compat.v1.Session();\nsess.run(tf.compat.v1.global_variables_initializer());\nsess.run([a, b]);\n`,
      /several train ops in one Session\.run/);
  });
  it("tf.compat.v1.layers.* (they create variables when called)", () => {
    kept(`const x = tf.compat.v1.placeholder(tf.float32, [null, 2]);\nconst h = tf.compat.v1.layers.dense(x, 3);\nconst sess = new tf.compat.v1.Session();\nsess.run(h, { feed_dict: [[x, [[1, 2]]]] });\n`, /tf\.compat\.v1\.layers\.dense depends on TF1's graph state/);
  });
  it("re-running the initializer of variables made on first use", () => {
    kept(`function layer(x: tf.Tensor, name: string) {\n  return tf.compat.v1.variable_scope(name, () => tf.matmul(x, tf.compat.v1.get_variable("W", { shape: [2, 2], initializer: tf.compat.v1.ones_initializer() })));\n}\nconst x = tf.compat.v1.placeholder(tf.float32, [null, 2]);\nconst y = layer(x, "a");\nconst sess = new tf.compat.v1.Session();\nsess.run(tf.compat.v1.global_variables_initializer());\nsess.run(y, { feed_dict: [[x, [[1, 2]]]] });\nsess.run(tf.compat.v1.global_variables_initializer());\n`,
      /re-running an initializer of variables made on first use/);
  });
  it("a placeholder the run needs but does not feed", () => {
    kept(`const x = tf.compat.v1.placeholder(tf.float32, [1], "x");\nconst y = tf.add(x, 1);\nconst sess = new tf.compat.v1.Session();\nsess.run(y);\n`, /needs the placeholder 'x' but does not feed it/);
  });
  it("feeding a tensor that is not a placeholder", () => {
    kept(`const x = tf.compat.v1.placeholder(tf.float32, [1], "x");\nconst y = tf.add(x, 1);\nconst z = tf.add(y, 1);\nconst sess = new tf.compat.v1.Session();\nsess.run(z, { feed_dict: [[y, [5]]] });\n`, /feeding 'y', which is not a placeholder declared here/);
  });
  it("a Session on an explicit graph", () => {
    kept(`const g = tf.compat.v1.get_default_graph();\nconst x = tf.compat.v1.placeholder(tf.float32, [1], "x");\nconst sess = new tf.compat.v1.Session({ graph: g });\nsess.run(x, { feed_dict: [[x, [5]]] });\n`, /a Session with an explicit graph or config/);
  });
  it("graph collections", () => {
    kept(`const v = tf.compat.v1.get_variable("v", { shape: [], initializer: tf.compat.v1.zeros_initializer() });\nconst all = tf.add_n(tf.compat.v1.get_collection("variables"));\nconst sess = new tf.compat.v1.Session();\nsess.run(tf.compat.v1.global_variables_initializer());\nsess.run(all);\n`, /get_collection depends on TF1's graph state/);
  });
  it("a TF1 optimizer used outside minimize()", () => {
    kept(`const v = tf.compat.v1.get_variable("v", { shape: [], initializer: tf.compat.v1.zeros_initializer() });\nconst opt = new tf.compat.v1.train.GradientDescentOptimizer(0.1);\nconst step = opt.minimize(tf.square(v));\nconsole.log(opt.get_name());\nconst sess = new tf.compat.v1.Session();\nsess.run(tf.compat.v1.global_variables_initializer());\nsess.run(step);\n`,
      /TF1 optimizer 'opt' is used outside minimize\(\)/);
  });
  it("a feed_dict held in a variable that is used elsewhere too", () => {
    kept(`const x = tf.compat.v1.placeholder(tf.float32, [1], "x");\nconst y = tf.add(x, 1);\nconst feed = [[x, [1]]];\nconsole.log(feed.length);\nconst sess = new tf.compat.v1.Session();\nsess.run(y, { feed_dict: feed });\n`, /the feed_dict 'feed' is used outside Session\.run/);
  });

  it("one graph kept keeps the others in the file too (graph mode is global), with a warning", () => {
    const src = HEAD +
      `function good() {\n  const a = tf.compat.v1.placeholder(tf.float32, [1], "a");\n  const b = tf.add(a, 1);\n  const s = new tf.compat.v1.Session();\n  return s.run(b, { feed_dict: [[a, [1]]] });\n}\n` +
      `function bad() {\n  const x = tf.compat.v1.placeholder(tf.float32, [1], "x");\n  const y = tf.add(x, 1);\n  console.log(String(y));\n  const s = new tf.compat.v1.Session();\n  return s.run(y, { feed_dict: [[x, [1]]] });\n}\n`;
    const r = migrateSource(src, FILE, { types: false });
    expect(r.text).toBe(src);
    expect(r.entries.filter((e) => e.severity === "ERROR")).toHaveLength(1);
    const w = r.entries.filter((e) => e.severity === "WARNING" && e.code === "region-kept");
    expect(w).toHaveLength(1);
    expect(w[0].line).toBe(4);
    expect(w[0].en).toMatch(/another graph in this file has to keep graph mode/);
  });
});
