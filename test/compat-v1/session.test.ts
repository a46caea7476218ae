import { describe, it, expect, beforeEach, afterAll } from "vitest";
import * as tf from "../../index";
import { NDArray } from "../../core/tensor/ndarray";

const v1 = tf.compat.v1;

beforeEach(() => {
  v1.enable_eager_execution();
  v1.reset_default_graph();
  v1.disable_eager_execution();
  tf.config.set_language("en");
});
afterAll(() => { v1.enable_eager_execution(); });

describe("EXAMPLES section 5: Session and placeholder", () => {
  it("prints the graph tensor and the session result like the lecture", () => {
    const x = v1.placeholder(tf.float32, [1, 1]);
    const m = tf.matmul(x, x);
    expect(String(m)).toBe('Tensor("MatMul:0", shape=(1, 1), dtype=float32)');
    const sess = new v1.Session();
    const m_out = sess.run(m, { feed_dict: [[x, [[2.0]]]] });
    expect(m_out).toBeInstanceOf(NDArray);
    expect(String(m_out)).toBe("[[4.]]");
    sess.close();
  });
  it("placeholder(dtype, { shape }) is the same call as placeholder(dtype, shape)", () => {
    const a = v1.placeholder(tf.float32, { shape: [1, 1] });
    const b = v1.placeholder(tf.float32, [1, 1], "b");
    const c = v1.placeholder(tf.int32, { shape: [null, 784], name: "X" });
    expect(String(a)).toBe('Tensor("Placeholder:0", shape=(1, 1), dtype=float32)');
    expect(String(b)).toBe('Tensor("b:0", shape=(1, 1), dtype=float32)');
    expect(String(c)).toBe('Tensor("X:0", shape=(None, 784), dtype=int32)');
    expect(() => v1.placeholder(tf.float32, { shap: [1] } as never)).toThrow(/unexpected keyword argument 'shap'.*Did you mean 'shape'/);
  });
  it("unique op names: MatMul, MatMul_1", () => {
    const x = v1.placeholder(tf.float32, [1, 1]);
    const m1 = tf.matmul(x, x), m2 = tf.matmul(x, x);
    expect([m1.name, m2.name]).toEqual(["MatMul:0", "MatMul_1:0"]);
  });
});

describe("feed_dict forms", () => {
  it("Map, array of pairs, object keyed by tensor name", () => {
    const x = v1.placeholder(tf.float32, [1, 1]);
    const m = tf.matmul(x, x);
    const sess = new v1.Session();
    expect(sess.run(m, { feed_dict: new Map([[x, [[3]]]]) }).tolist()).toEqual([[9]]);
    expect(sess.run(m, { feed_dict: [[x, [[4]]]] }).tolist()).toEqual([[16]]);
    expect(sess.run(m, { feed_dict: { "Placeholder:0": [[5]] } }).tolist()).toEqual([[25]]);
    // feed_dict as the second positional argument (Python's sess.run(m, {x: v}))
    expect(sess.run(m, { "Placeholder:0": [[6]] }).tolist()).toEqual([[36]]);
    expect(sess.run(m, [[x, [[7]]]]).tolist()).toEqual([[49]]);
    // map key by name string too
    expect(sess.run(m, { feed_dict: new Map([["Placeholder:0", [[2]]]]) }).tolist()).toEqual([[4]]);
  });
  it("NDArray, typed-array-backed and eager tensor values; uint8 into float32 is cast", () => {
    const x = v1.placeholder(tf.float32, [null, 2]);
    const s = tf.reduce_sum(x, 1);
    const sess = new v1.Session();
    const u8 = new NDArray(new Uint8Array([1, 2, 3, 4]), [2, 2], "uint8");
    expect(sess.run(s, { feed_dict: [[x, u8]] }).tolist()).toEqual([3, 7]);
    const f64 = new NDArray(new Float64Array([0.5, 0.25]), [1, 2], "float64");
    expect(sess.run(s, { feed_dict: [[x, f64]] }).tolist()).toEqual([0.75]);
    // any graph tensor can be fed, not only placeholders
    const y = tf.multiply(s, 2);
    expect(sess.run(y, { feed_dict: [[s, [10, 20, 30]]] }).tolist()).toEqual([20, 40, 60]);
  });
  it("unfed placeholder: TF's message with dtype float and shape [?,784]", () => {
    const x = v1.placeholder(tf.float32, [null, 784], "X");
    const y = tf.reduce_sum(x);
    const sess = new v1.Session();
    expect(() => sess.run(y)).toThrow(/^You must feed a value for placeholder tensor 'X' with dtype float and shape \[\?,784\]\n\t \[\[\{\{node X\}\}\]\]/);
    try { sess.run(y); } catch (e) { expect((e as Error).name).toBe("InvalidArgumentError"); }
    tf.config.set_language("ko");
    expect(() => sess.run(y)).toThrow(/플레이스홀더 텐서 'X'\(dtype float, 형태 \[\?,784\]\)에 값을 넣어야\(feed\) 합니다/);
  });
  it("shape mismatch names both shapes and the tensor", () => {
    const x = v1.placeholder(tf.float32, [null, 784], "X");
    const sess = new v1.Session();
    const y = tf.reduce_sum(x);
    expect(() => sess.run(y, { feed_dict: [[x, [[1, 2, 3]]]] }))
      .toThrow("Cannot feed value of shape (1, 3) for Tensor X:0, which has shape (None, 784)");
    expect(() => sess.run(y, { feed_dict: [[x, [1, 2]]] })).toThrow(/shape \(2,\) for Tensor X:0, which has shape \(None, 784\)/);
  });
  it("dtype mismatch that would lose information names both dtypes", () => {
    const k = v1.placeholder(tf.int32, [2], "K");
    const sess = new v1.Session();
    const y = tf.add(k, 1);
    expect(sess.run(y, { feed_dict: [[k, [1, 2]]] }).tolist()).toEqual([2, 3]);
    expect(() => sess.run(y, { feed_dict: [[k, [1.5, 2]]] })).toThrow(/Cannot feed a value of dtype float64 for Tensor K:0, which has dtype int32/);
    const f = new NDArray(new Float32Array([1, 2]), [2], "float32");
    expect(() => sess.run(y, { feed_dict: [[k, f]] })).toThrow(/dtype float32 for Tensor K:0, which has dtype int32/);
    expect(() => sess.run(y, { feed_dict: [[k, ["a", "b"]]] })).toThrow(/dtype string for Tensor K:0/);
  });
  it("bad feed keys and values", () => {
    const x = v1.placeholder(tf.float32, [1]);
    const y = tf.add(x, 1);
    const sess = new v1.Session();
    const other = new v1.Graph();
    const foreign = other.as_default(() => v1.placeholder(tf.float32, [1]));
    expect(() => sess.run(y, { feed_dict: [[foreign, [1]], [x, [1]]] })).toThrow(/Cannot interpret feed_dict key as Tensor: Tensor Tensor\("Placeholder:0".*is not an element of this graph/);
    expect(() => sess.run(y, { feed_dict: { "Nope:0": [1] } })).toThrow(/Cannot interpret feed_dict key as Tensor: The name 'Nope:0' refers to a Tensor which does not exist/);
    expect(() => sess.run(y, { feed_dict: [[x, y]] })).toThrow(/The value of a feed cannot be a tf.Tensor object/);
    expect(() => sess.run(y, { feed_dict: [[x]] as never })).toThrow(/entry 0 must be a \[key, value\] pair/);
  });
});

describe("fetch structures", () => {
  it("tensor, list, nested list, object, Map, names, operations", () => {
    const x = v1.placeholder(tf.float32, [2], "x");
    const a = tf.add(x, 1, "a");
    const b = tf.multiply(x, 2, "b");
    const init = v1.no_op("noop");
    const sess = new v1.Session();
    const fd = { feed_dict: [[x, [1, 2]]] as const };
    expect(sess.run(a, fd).tolist()).toEqual([2, 3]);
    const [ra, rb] = sess.run([a, b], fd);
    expect([ra.tolist(), rb.tolist()]).toEqual([[2, 3], [2, 4]]);
    const nested = sess.run([a, [b, { s: a }]], fd);
    expect(nested[0].tolist()).toEqual([2, 3]);
    expect(nested[1][0].tolist()).toEqual([2, 4]);
    expect(nested[1][1].s.tolist()).toEqual([2, 3]);
    const obj = sess.run({ plus: a, times: b, op: init }, fd);
    expect(Object.keys(obj)).toEqual(["plus", "times", "op"]);
    expect(obj.times.tolist()).toEqual([2, 4]);
    expect(obj.op).toBeNull();
    const mp = sess.run(new Map([["k", b]]), fd);
    expect(mp.get("k").tolist()).toEqual([2, 4]);
    expect(sess.run("a:0", fd).tolist()).toEqual([2, 3]);
    expect(sess.run("noop", fd)).toBeNull();
    expect(sess.run(init)).toBeNull();
    expect(sess.run([init, "b:0"], fd)[1].tolist()).toEqual([2, 4]);
  });
  it("results are fresh arrays (mutating one does not change the graph)", () => {
    const c = tf.constant([1, 2, 3]);
    const sess = new v1.Session();
    const r1 = sess.run(c);
    (r1.data as Float32Array)[0] = 100;
    expect(sess.run(c).tolist()).toEqual([1, 2, 3]);
  });
  it("invalid fetches raise TF's errors", () => {
    const x = v1.placeholder(tf.float32, [1]);
    tf.add(x, 1);
    const sess = new v1.Session();
    expect(() => sess.run(3 as never)).toThrow("Fetch argument 3 has invalid type int, must be a string or Tensor. (Can not convert a int into a Tensor or Operation.)");
    expect(() => sess.run(null as never)).toThrow(/Fetch argument null has invalid type NoneType/);
    expect(() => sess.run("Missing:0")).toThrow(/The name 'Missing:0' refers to a Tensor which does not exist/);
    const g2 = new v1.Graph();
    const t2 = g2.as_default(() => tf.constant(1));
    expect(() => sess.run(t2)).toThrow(/cannot be interpreted as a Tensor.*is not an element of this graph/);
  });
  it("closed and empty sessions", () => {
    const g = new v1.Graph();
    const empty = new v1.Session({ graph: g });
    expect(() => empty.run([])).toThrow("The Session graph is empty. Add operations to the graph before calling run().");
    const c = tf.constant(1);
    const sess = new v1.Session();
    sess.close();
    expect(() => sess.run(c)).toThrow("Attempted to use a closed Session.");
    expect(() => new v1.Session({ grap: g } as never)).toThrow(/Did you mean 'graph'/);
  });
  it("eager tensors cannot be fetched", () => {
    v1.enable_eager_execution();
    const e = tf.constant([1]);
    v1.disable_eager_execution();
    tf.constant(2);
    const sess = new v1.Session();
    expect(() => sess.run(e)).toThrow(/it is an eager tensor/);
  });
});

describe("placeholder outside graph mode", () => {
  it("TF's eager error, with the fix", () => {
    v1.enable_eager_execution();
    expect(() => v1.placeholder(tf.float32, [1, 1])).toThrow(/^tf.placeholder\(\) is not compatible with eager execution\..*disable_eager_execution\(\)/);
    tf.config.set_language("ko");
    expect(() => v1.placeholder(tf.float32, [1, 1])).toThrow(/즉시 실행\(eager\) 모드에서 쓸 수 없습니다/);
  });
  it("works inside graph.as_default even while eager", () => {
    v1.enable_eager_execution();
    const g = new v1.Graph();
    const [x, y] = g.as_default(() => { const p = v1.placeholder(tf.float32, []); return [p, tf.square(p)]; });
    const sess = new v1.Session({ graph: g });
    expect(sess.run(y, { feed_dict: [[x, 3]] }).item()).toBe(9);
  });
});

describe("placeholder_with_default", () => {
  it("uses the default unless fed; the shape may be less specific", () => {
    const p = v1.placeholder_with_default([[1, 2]], [null, 2], "p");
    expect(String(p)).toBe('Tensor("p:0", shape=(None, 2), dtype=float32)');
    const s = tf.reduce_sum(p);
    const sess = new v1.Session();
    expect(sess.run(s).item()).toBe(3);
    expect(sess.run(s, { feed_dict: [[p, [[1, 1], [1, 1], [1, 1]]]] }).item()).toBe(6);
    expect(() => sess.run(s, { feed_dict: [[p, [[1, 1, 1]]]] })).toThrow(/Cannot feed value of shape \(1, 3\) for Tensor p:0, which has shape \(None, 2\)/);
    expect(() => v1.placeholder_with_default([1, 2], [3])).toThrow(/default value's shape \(2,\) is not compatible with the placeholder shape \(3,\)/);
  });
});

describe("InteractiveSession, default sessions, eval and run", () => {
  it("InteractiveSession makes t.eval() and op.run() work", () => {
    const v = v1.get_variable("v", { shape: [2], initializer: v1.constant_initializer([1, 2]) });
    const inc = v.assign_add([1, 1]);
    const init = v1.global_variables_initializer()!;
    const sess = new v1.InteractiveSession();
    expect(v1.get_default_session()).toBe(sess);
    init.run();
    expect(v.eval().tolist()).toEqual([1, 2]);
    expect(inc.eval().tolist()).toEqual([2, 3]);
    const x = v1.placeholder(tf.float32, []);
    expect(tf.multiply(x, 3).eval({ feed_dict: [[x, 2]] }).item()).toBe(6);
    expect(tf.multiply(x, 4).eval([[x, 2]]).item()).toBe(8);
    sess.close();
    expect(v1.get_default_session()).toBeNull();
    expect(() => v.eval()).toThrow(/Cannot evaluate tensor using `eval\(\)`: No default session is registered/);
    expect(() => init.run()).toThrow(/Cannot execute operation using `run\(\)`: No default session is registered/);
  });
  it("as_default and with(): the Python `with` blocks", () => {
    const c = tf.constant([[1, 2]]);
    const sess = new v1.Session();
    expect(sess.as_default(() => c.eval().tolist())).toEqual([[1, 2]]);
    expect(v1.get_default_session()).toBeNull();
    expect(c.eval({ session: sess }).tolist()).toEqual([[1, 2]]);
    const r = new v1.Session().with((s) => { expect(v1.get_default_session()).toBe(s); return s.run(c).tolist(); });
    expect(r).toEqual([[1, 2]]);
    const s2 = new v1.Session();
    s2.with(() => 0);
    expect(() => s2.run(c)).toThrow("Attempted to use a closed Session.");
  });
  it("make_callable", () => {
    const a = v1.placeholder(tf.float32, []);
    const b = v1.placeholder(tf.float32, []);
    const f = new v1.Session().make_callable([tf.add(a, b), tf.multiply(a, b)], [a, b]);
    const [s, p] = f(3, 4);
    expect([s.item(), p.item()]).toEqual([7, 12]);
    expect(() => f(1)).toThrow(/takes 2 argument\(s\)/);
  });
  it("a session runs its own graph; a graph set on the session", () => {
    const g = new v1.Graph();
    const c = g.as_default(() => tf.add(tf.constant(2), tf.constant(3)));
    const sess = new v1.Session({ graph: g });
    expect(sess.graph).toBe(g);
    expect(sess.run(c).item()).toBe(5);
    expect(new v1.Session(null, g).run(c).item()).toBe(5);
    expect(v1.get_default_graph()).not.toBe(g);
  });
});

describe("examples/tf1_session.ts runs as written", () => {
  it("prints the lecture's two lines", async () => {
    const { execFileSync } = await import("child_process");
    const path = await import("path");
    const root = path.resolve(__dirname, "../..");
    const out = execFileSync(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "examples/tf1_session.ts")], { cwd: root, encoding: "utf8" });
    expect(out).toBe('Tensor("MatMul:0", shape=(1, 1), dtype=float32)\n[[4.]]\n');
  });
});
