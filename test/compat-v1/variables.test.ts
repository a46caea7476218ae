import { describe, it, expect, beforeEach, afterAll } from "vitest";
import * as tf from "../../index";
import { computeFans } from "../../compat-v1/initializers";

const v1 = tf.compat.v1;

beforeEach(() => {
  v1.enable_eager_execution();
  v1.reset_default_graph();
  v1.disable_eager_execution();
  tf.config.set_language("en");
});
afterAll(() => { v1.enable_eager_execution(); });

function run<T>(f: T): any {
  const s = new v1.Session();
  s.run(v1.global_variables_initializer());
  return s.run(f as never);
}

describe("get_variable and variable_scope", () => {
  it("names follow variable scopes, not name scopes", () => {
    const W = v1.get_variable("W", { shape: [2, 3] });
    expect(W.name).toBe("W:0");
    expect(String(W)).toBe("<tf.Variable 'W:0' shape=(2, 3) dtype=float32>");
    const inner = v1.variable_scope("layer1", () => v1.variable_scope("sub", (scope) => {
      expect(scope.name).toBe("layer1/sub");
      expect(v1.get_variable_scope().name).toBe("layer1/sub");
      return v1.get_variable("b", [3]);
    }));
    expect(inner.name).toBe("layer1/sub/b:0");
    const ns = v1.name_scope("ns", () => v1.get_variable("c", [1]));
    expect(ns.name).toBe("c:0");
    expect(v1.global_variables().map((v) => v.name)).toEqual(["W:0", "layer1/sub/b:0", "c:0"]);
    expect(v1.trainable_variables().map((v) => v.name)).toEqual(["W:0", "layer1/sub/b:0", "c:0"]);
  });
  it("re-entering a scope: variables keep the scope name, ops get a unique name scope", () => {
    const x = v1.placeholder(tf.float32, [1, 2]);
    const first = v1.variable_scope("foo", () => tf.matmul(x, v1.get_variable("W", [2, 2])));
    const second = v1.variable_scope("foo", { reuse: true }, () => tf.matmul(x, v1.get_variable("W", [2, 2])));
    expect(first.name).toBe("foo/MatMul:0");
    expect(second.name).toBe("foo_1/MatMul:0");
    expect(v1.global_variables().length).toBe(1);
  });
  it("without reuse, an existing name is an error (TF's text)", () => {
    v1.variable_scope("layer", () => v1.get_variable("W", [2]));
    expect(() => v1.variable_scope("layer", () => v1.get_variable("W", [2])))
      .toThrow(/^Variable layer\/W already exists, disallowed\. Did you mean to set reuse=True or reuse=tf\.AUTO_REUSE in VarScope\?/);
    tf.config.set_language("ko");
    expect(() => v1.variable_scope("layer", () => v1.get_variable("W", [2]))).toThrow(/변수 layer\/W이\(가\) 이미 있습니다/);
  });
  it("reuse: true returns the same variable and requires it to exist", () => {
    const a = v1.variable_scope("s", () => v1.get_variable("W", [2]));
    const b = v1.variable_scope("s", { reuse: true }, () => v1.get_variable("W", [2]));
    expect(b).toBe(a);
    expect(() => v1.variable_scope("s", { reuse: true }, () => v1.get_variable("Z", [2])))
      .toThrow("Variable s/Z does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?");
    // reuse is inherited by nested scopes
    v1.variable_scope("t", () => v1.variable_scope("u", () => v1.get_variable("W", [1])));
    const inherited = v1.variable_scope("t", { reuse: true }, () => v1.variable_scope("u", (sc) => { expect(sc.reuse).toBe(true); return v1.get_variable("W", [1]); }));
    expect(inherited.name).toBe("t/u/W:0");
  });
  it("AUTO_REUSE creates once, then shares", () => {
    const make = () => v1.variable_scope("shared", { reuse: v1.AUTO_REUSE }, () => v1.get_variable("W", [3], tf.float32, v1.ones_initializer()));
    const a = make(), b = make();
    expect(a).toBe(b);
    expect(v1.global_variables().length).toBe(1);
    expect(run(a).tolist()).toEqual([1, 1, 1]);
  });
  it("sharing checks shape and dtype", () => {
    v1.variable_scope("s", () => v1.get_variable("W", [2, 3]));
    expect(() => v1.variable_scope("s", { reuse: true }, () => v1.get_variable("W", [3, 4])))
      .toThrow("Trying to share variable s/W, but specified shape (3, 4) and found shape (2, 3).");
    expect(() => v1.variable_scope("s", { reuse: true }, () => v1.get_variable("W", { shape: [2, 3], dtype: tf.float64 })))
      .toThrow("Trying to share variable s/W, but specified dtype float64 and found dtype float32.");
  });
  it("a VariableScope object re-enters the same scope", () => {
    const sc = v1.variable_scope("model", (s) => { v1.get_variable("W", [1]); return s; });
    const again = v1.variable_scope(sc, { reuse: true }, () => v1.get_variable("W", [1]));
    expect(again.name).toBe("model/W:0");
    expect(sc.get_variable("V", { shape: [2] }).name).toBe("model/V:0");
  });
  it("new variables need a full shape unless the initializer is a value", () => {
    expect(() => v1.get_variable("W")).toThrow("Shape of a new variable (W) must be fully defined, but instead was <unknown>.");
    expect(() => v1.get_variable("W2", [null as unknown as number, 3])).toThrow(/Shape of a new variable \(W2\) must be fully defined, but instead was \(None, 3\)/);
    const c = v1.get_variable("c", { initializer: tf.constant([[1, 2], [3, 4]]) });
    expect(c.shape).toEqual([2, 2]);
    const d = v1.get_variable("d", { initializer: [5, 6] });
    expect(run([c, d]).map((a: { tolist(): unknown }) => a.tolist())).toEqual([[[1, 2], [3, 4]], [5, 6]]);
    expect(() => v1.get_variable("e", { shape: [3], initializer: [1, 2] })).toThrow(/If initializer is a constant, do not specify shape/);
  });
  it("options: unknown keys, trainable, collections, positional order", () => {
    expect(() => v1.get_variable("W", { shap: [1] } as never)).toThrow(/unexpected keyword argument 'shap'.*Did you mean 'shape'/);
    const frozen = v1.get_variable("frozen", { shape: [1], trainable: false });
    expect(v1.trainable_variables()).not.toContain(frozen);
    expect(v1.global_variables()).toContain(frozen);
    const loc = v1.get_local_variable("counter", { shape: [], dtype: tf.int32 });
    expect(v1.local_variables()).toEqual([loc]);
    expect(v1.global_variables()).not.toContain(loc);
    const pos = v1.get_variable("p", [2], tf.float64, v1.zeros_initializer());
    expect(pos.dtype).toBe(tf.float64);
    expect(run(pos).dtype.name).toBe("float64");
  });
  it("default initializer is glorot_uniform (bounded by sqrt(6/(fan_in+fan_out)))", () => {
    v1.set_random_seed(1);
    const W = v1.get_variable("W", [30, 20]);
    const vals = Array.from(run(W).data as Float32Array);
    const limit = Math.sqrt(6 / 50);
    expect(Math.max(...vals.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...vals.map(Math.abs))).toBeGreaterThan(limit * 0.9);
    const i = v1.get_variable("i", { shape: [2], dtype: tf.int32 });
    expect(run(i).tolist()).toEqual([0, 0]);
  });
  it("executing eagerly, get_variable makes an initialised variable each call", () => {
    v1.enable_eager_execution();
    const a = v1.get_variable("W", { shape: [2], initializer: v1.ones_initializer() });
    const b = v1.get_variable("W", { shape: [2], initializer: v1.ones_initializer() });
    expect(a).not.toBe(b);
    expect(a.numpy().tolist()).toEqual([1, 1]);
  });
});

describe("initialisation", () => {
  it("reading before the initializer ran: FailedPreconditionError", () => {
    const W = v1.get_variable("W", [2]);
    const y = tf.multiply(W, 2);
    const sess = new v1.Session();
    let err: Error | null = null;
    try { sess.run(y); } catch (e) { err = e as Error; }
    expect(err?.name).toBe("FailedPreconditionError");
    expect(err?.message).toMatch(/^Error while reading resource variable W from Container: localhost\. This could mean that the variable was uninitialized\./);
    expect(err?.message).toMatch(/global_variables_initializer/);
    expect(err?.message).toMatch(/\[\[\{\{node W\/Read\/ReadVariableOp\}\}\]\]/);
  });
  it("variables_initializer initialises only its list; report_uninitialized_variables", () => {
    const a = v1.get_variable("a", { shape: [1], initializer: v1.constant_initializer(3) });
    const b = v1.get_variable("b", { shape: [1], initializer: v1.constant_initializer(4) });
    const sess = new v1.Session();
    expect(sess.run(v1.report_uninitialized_variables()).tolist()).toEqual(["a", "b"]);
    const initA = v1.variables_initializer([a]);
    expect(initA!.type).toBe("NoOp");
    expect(initA!.control_inputs.map((o) => o.name)).toEqual(["a/Assign"]);
    sess.run(initA);
    expect(sess.run(a).tolist()).toEqual([3]);
    expect(sess.run(v1.report_uninitialized_variables()).tolist()).toEqual(["b"]);
    expect(() => sess.run(b)).toThrow(/Error while reading resource variable b/);
    const init = v1.global_variables_initializer()!;
    expect(init.name).toBe("init_1"); // "init" was taken by variables_initializer's default name, as in TF
    sess.run(init);
    expect(sess.run(b).tolist()).toEqual([4]);
    expect(v1.local_variables_initializer()!.type).toBe("NoOp");
  });
  it("initializers re-run restore the initial values", () => {
    const v = v1.get_variable("v", { shape: [2], initializer: v1.zeros_initializer() });
    const inc = v.assign_add([1, 2]);
    const sess = new v1.Session();
    const init = v1.global_variables_initializer();
    expect(init!.name).toBe("init");
    sess.run(init);
    sess.run(inc); sess.run(inc);
    expect(sess.run(v).tolist()).toEqual([2, 4]);
    sess.run(init);
    expect(sess.run(v).tolist()).toEqual([0, 0]);
  });
  it("reset_default_graph starts empty", () => {
    v1.get_variable("W", [1]);
    v1.add_to_collection("mine", 1);
    v1.reset_default_graph();
    expect(v1.global_variables()).toEqual([]);
    expect(v1.get_collection("mine")).toEqual([]);
    expect(v1.get_variable("W", [1]).name).toBe("W:0");
  });
});

describe("collections", () => {
  it("add/get with scope filter; GraphKeys names", () => {
    expect(v1.GraphKeys.GLOBAL_VARIABLES).toBe("variables");
    expect(v1.GraphKeys.TRAINABLE_VARIABLES).toBe("trainable_variables");
    expect(v1.GraphKeys.LOSSES).toBe("losses");
    const a = v1.variable_scope("enc", () => v1.get_variable("W", [1]));
    const b = v1.variable_scope("dec", () => v1.get_variable("W", [1]));
    expect(v1.get_collection(v1.GraphKeys.GLOBAL_VARIABLES, "enc")).toEqual([a]);
    expect(v1.trainable_variables("dec")).toEqual([b]);
    v1.add_to_collection("my", "x");
    v1.add_to_collections(["my", "other"], "y");
    expect(v1.get_collection("my")).toEqual(["x", "y"]);
    const ref = v1.get_collection_ref("other");
    ref.push("z");
    expect(v1.get_collection("other")).toEqual(["y", "z"]);
    const copy = v1.get_collection("other");
    copy.push("w");
    expect(v1.get_collection("other")).toEqual(["y", "z"]);
  });
});

describe("v1 initializers", () => {
  const init = (i: { call(s: number[], d?: tf.DType): tf.Tensor }, shape: number[], d?: tf.DType) => {
    v1.enable_eager_execution();
    return i.call(shape, d).numpy();
  };
  it("zeros, ones, constant (with TF1's padding of short lists)", () => {
    expect(init(v1.zeros_initializer(), [2]).tolist()).toEqual([0, 0]);
    expect(init(v1.ones_initializer(tf.int32), [2]).dtype.name).toBe("int32");
    expect(init(v1.constant_initializer(7), [2, 2]).tolist()).toEqual([[7, 7], [7, 7]]);
    expect(init(v1.constant_initializer([1, 2]), [4]).tolist()).toEqual([1, 2, 2, 2]);
    expect(init(v1.constant_initializer([[1, 2], [3, 4]]), [4]).tolist()).toEqual([1, 2, 3, 4]);
    expect(init(v1.constant_initializer({ value: 2 }), [1]).tolist()).toEqual([2]);
    expect(() => init(v1.constant_initializer([1, 2, 3]), [2])).toThrow("constant_initializer: too many elements provided. Needed at most 2, but received 3 (shape (2,)).");
  });
  it("random_normal / truncated_normal / random_uniform statistics", () => {
    const n = init(v1.random_normal_initializer(1, 2, 5), [20000]).data as Float32Array;
    const mean = n.reduce((a, b) => a + b, 0) / n.length;
    const std = Math.sqrt(n.reduce((a, b) => a + (b - mean) ** 2, 0) / n.length);
    expect(mean).toBeCloseTo(1, 1);
    expect(std).toBeCloseTo(2, 1);
    const t = init(v1.truncated_normal_initializer({ mean: 0, stddev: 0.5, seed: 3 }), [20000]).data as Float32Array;
    expect(Math.max(...Array.from(t, Math.abs))).toBeLessThanOrEqual(1.0);
    const u = init(v1.random_uniform_initializer(-3, -1, 4), [5000]).data as Float32Array;
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...u)).toBeLessThan(-1);
  });
  it("variance scaling: fans, modes and distributions", () => {
    expect(computeFans([])).toEqual([1, 1]);
    expect(computeFans([5])).toEqual([5, 5]);
    expect(computeFans([784, 10])).toEqual([784, 10]);
    expect(computeFans([3, 3, 16, 32])).toEqual([144, 288]);
    // uniform, fan_avg: limit sqrt(3 * scale / ((in + out) / 2))
    const u = init(v1.variance_scaling_initializer({ scale: 2, mode: "fan_avg", distribution: "uniform", seed: 1 }), [100, 300]).data as Float32Array;
    const limit = Math.sqrt(3 * 2 / 200);
    expect(Math.max(...Array.from(u, Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...Array.from(u, Math.abs))).toBeGreaterThan(limit * 0.98);
    // truncated normal, fan_in: the truncation-corrected stddev makes the sample stddev sqrt(scale / fan_in)
    const t = init(v1.variance_scaling_initializer(1.0, "fan_in", "truncated_normal", 2), [400, 100]).data as Float32Array;
    const std = Math.sqrt(t.reduce((a, b) => a + b * b, 0) / t.length);
    expect(std).toBeCloseTo(Math.sqrt(1 / 400), 2);
    expect(() => v1.variance_scaling_initializer(1, "fan_mid")).toThrow("Invalid `mode` argument: fan_mid. Use one of fan_in, fan_out, fan_avg.");
    expect(() => v1.variance_scaling_initializer(-1)).toThrow("`scale` must be positive float. Got: -1");
    const g = init(v1.glorot_normal_initializer(7), [50, 50]).data as Float32Array;
    expect(Math.sqrt(g.reduce((a, b) => a + b * b, 0) / g.length)).toBeCloseTo(Math.sqrt(2 / 100), 2);
  });
  it("initializers run inside the graph (values computed by the initializer op)", () => {
    v1.set_random_seed(42);
    const W = v1.get_variable("W", { shape: [3], initializer: v1.random_normal_initializer() });
    const ops = v1.get_default_graph().get_operations().map((o) => o.name);
    expect(ops).toContain("W/Initializer/RandomStandardNormal");
    expect(ops).toContain("W/Assign");
    const s = new v1.Session();
    s.run(v1.global_variables_initializer());
    const first = s.run(W).tolist();
    expect(first.length).toBe(3);
  });
});

describe("layers.dense builds get_variable-named variables", () => {
  it("dense, dense_1, named scopes and reuse", () => {
    const x = v1.placeholder(tf.float32, [null, 4]);
    const h = v1.layers.dense(x, 3, { activation: tf.nn.relu, kernel_initializer: v1.constant_initializer(0.5) });
    const o = v1.layers.dense(h, 2);
    expect(String(h)).toMatch(/shape=\(None, 3\), dtype=float32/);
    expect(v1.trainable_variables().map((v) => v.name)).toEqual(["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0"]);
    const named = v1.layers.dense(x, 3, { name: "fc", use_bias: false });
    const again = v1.layers.dense(x, 3, { name: "fc", use_bias: false, reuse: true });
    expect(v1.global_variables().filter((v) => v.name.startsWith("fc/")).map((v) => v.name)).toEqual(["fc/kernel:0"]);
    const s = new v1.Session();
    s.run(v1.global_variables_initializer());
    const r = s.run([h, o, named, again], { feed_dict: [[x, [[1, 1, 1, 1], [-1, -1, -1, -1]]]] });
    expect(r[0].tolist()).toEqual([[2, 2, 2], [0, 0, 0]]);
    expect(r[1].shape).toEqual([2, 2]);
    expect(r[2].tolist()).toEqual(r[3].tolist());
    expect(() => v1.layers.dense(x, 0)).toThrow(/units must be a positive integer/);
  });
});
