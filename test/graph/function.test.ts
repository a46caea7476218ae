import { describe, it, expect } from "vitest";
import * as tf from "../../index";
import { paramNames } from "../../core/graph/function";

type T = tf.Tensor;

describe("EXAMPLES section 3: z(A, x, b) = Ax + b", () => {
  it("prints the result and the graph's op types", () => {
    const affine = tf.function((A: T, x: T, b: T) => tf.add(tf.matmul(A, x), b));
    const A = tf.constant([[1, 2], [3, 4]]), x = tf.constant([[1], [1]]), bias = tf.constant([[1], [1]]);
    expect(String(affine(A, x, bias))).toBe("tf.Tensor(\n[[4.]\n [8.]], shape=(2, 1), dtype=float32)");
    const g = affine.get_concrete_function(A, x, bias).graph;
    expect(g.get_operations().map((op) => op.type)).toEqual(["Placeholder", "Placeholder", "Placeholder", "MatMul", "AddV2", "Identity"]);
    expect(affine.experimental_get_tracing_count()).toBe(1);
  });
  it("placeholders are named after the parameters", () => {
    // eslint-disable-next-line prefer-const
    const f = tf.function(function affine(Amat: T, xvec: T, bvec: T) { return tf.add(tf.matmul(Amat, xvec), bvec); });
    const cf = f.get_concrete_function(tf.ones([2, 2]), tf.ones([2, 1]), tf.ones([2, 1]));
    expect(cf.inputs.map((t) => t.name)).toEqual(["Amat:0", "xvec:0", "bvec:0"]);
    expect(cf.outputs[0].name).toBe("Identity:0");
    expect(paramNames((a: number, { b }: { b: number }, ...rest: number[]) => a + b + rest.length)).toEqual(["a", null, "rest"]);
    expect(paramNames(async function named(x = 1, y = [1, 2]) { return x + y.length; })).toEqual(["x", "y"]);
  });
});

describe("tf.function tracing and the cache", () => {
  it("same signature -> 1 trace; new shape or dtype -> a new trace; JS values by value", () => {
    let traces = 0;
    const f = tf.function((x: T, k: number) => { traces++; return tf.multiply(x, k); });
    f(tf.ones([2]), 3);
    f(tf.zeros([2]), 3);
    expect(f.experimental_get_tracing_count()).toBe(1);
    f(tf.ones([3]), 3);
    expect(f.experimental_get_tracing_count()).toBe(2);
    f(tf.ones([3], tf.float64), 3);
    expect(f.experimental_get_tracing_count()).toBe(3);
    expect(Array.from(f(tf.ones([3]), 4).dataSync() as ArrayLike<number>)).toEqual([4, 4, 4]);
    expect(f.experimental_get_tracing_count()).toBe(4);
    expect(traces).toBe(4);
    f(tf.ones([3]), 4);
    expect(traces).toBe(4);
  });

  it("input_signature: one trace for all compatible shapes; incompatible inputs are an error", () => {
    const f = tf.function((x: T) => tf.reduce_sum(x, 1), { input_signature: [new tf.TensorSpec([null, 2], tf.float32)] });
    expect(Array.from(f(tf.ones([3, 2])).dataSync() as ArrayLike<number>)).toEqual([2, 2, 2]);
    expect(Array.from(f([[1, 2]]).dataSync() as ArrayLike<number>)).toEqual([3]);
    expect(f.experimental_get_tracing_count()).toBe(1);
    expect(String(f.get_concrete_function().inputs[0])).toBe('Tensor("x:0", shape=(None, 2), dtype=float32)');
    expect(() => f(tf.ones([2, 3]))).toThrow(/incompatible with input_signature/);
    expect(String(new tf.TensorSpec([null, 2], tf.float32))).toBe("TensorSpec(shape=(None, 2), dtype=tf.float32, name=None)");
  });

  it("reduce_retracing relaxes differing dimensions to None", () => {
    const f = tf.function((x: T) => tf.reduce_sum(x), { reduce_retracing: true });
    f(tf.ones([2]));
    f(tf.ones([3]));
    f(tf.ones([7]));
    f(tf.ones([2, 2]));
    expect(f.experimental_get_tracing_count()).toBe(3);
    expect(f.get_concrete_function(tf.ones([9])).inputs[0].shape).toEqual([null]);
  });

  it("get_concrete_function with TensorSpecs; the ConcreteFunction is callable", () => {
    const f = tf.function((x: T) => tf.square(x));
    const cf = f.get_concrete_function(new tf.TensorSpec([null], tf.float32));
    expect(cf.inputs[0].shape).toEqual([null]);
    expect(Array.from(cf(tf.constant([1, 2, 3])).dataSync() as ArrayLike<number>)).toEqual([1, 4, 9]);
  });

  it("returned structures are preserved; non-tensor outputs pass through", () => {
    const f = tf.function((x: T) => ({ sq: tf.square(x), parts: [tf.add(x, 1), 7], none: null }));
    const r = f(tf.constant([2.0]));
    expect(Array.from(r.sq.dataSync() as ArrayLike<number>)).toEqual([4]);
    expect(Array.from(r.parts[0].dataSync() as ArrayLike<number>)).toEqual([3]);
    expect(r.parts[1]).toBe(7);
    expect(r.none).toBeNull();
  });

  it("captured variables are read at call time; assigns inside run every call", () => {
    const v = new tf.Variable(1.0);
    const counter = new tf.Variable(0, { dtype: tf.int32 });
    const f = tf.function((x: T) => { counter.assign_add(tf.constant(1, tf.int32)); return tf.multiply(x, v); });
    expect(f(tf.constant(2.0)).numpy().item()).toBe(2);
    v.assign(10);
    expect(f(tf.constant(2.0)).numpy().item()).toBe(20);
    expect(counter.numpy().item()).toBe(2);
    expect(f.get_concrete_function(tf.constant(2.0)).variables).toEqual([counter, v]);
    expect(f.experimental_get_tracing_count()).toBe(1);
  });

  it("captured eager tensors become Const nodes", () => {
    const k = tf.constant([1.0, 2.0]);
    const f = tf.function((x: T) => tf.add(x, k));
    expect(f.get_concrete_function(tf.ones([2])).graph.get_operations().map((o) => o.type)).toEqual(["Placeholder", "Const", "AddV2", "Identity"]);
  });
  it("a captured eager tensor disposed after tracing (a tf.tidy around the first call) keeps its value in the graph", () => {
    // Dropout's 1/(1 - rate) and a Keras train step wrapped in tidy made exactly this: the second
    // call read a disposed tensor ("Cannot read properties of null").
    const f = tf.function((x: T) => tf.multiply(x, tf.constant(2.5)));
    const first = tf.tidy(() => (f(tf.constant([1.0, 2.0])).dataSync() as Float32Array).slice());
    expect(Array.from(first)).toEqual([2.5, 5]);
    for (let i = 0; i < 2; i++) {
      const again = tf.tidy(() => (f(tf.constant([3.0, 4.0])).dataSync() as Float32Array).slice());
      expect(Array.from(again)).toEqual([7.5, 10]);
    }
    const k = tf.constant([1.0, -1.0]);
    const g = tf.function((x: T) => tf.add(x, k));
    expect(Array.from(g(tf.zeros([2])).dataSync() as Float32Array)).toEqual([1, -1]);
    k.dispose(); // the user's tensor: the graph keeps its own copy
    expect(Array.from(g(tf.ones([2])).dataSync() as Float32Array)).toEqual([2, 0]);
  });


  it("variables created on the first trace are lifted out of the graph", () => {
    let w: tf.Variable | null = null;
    const f = tf.function((x: T) => {
      if (!w) w = new tf.Variable(tf.multiply(tf.ones([2]), 3)); // a graph tensor: evaluated once, eagerly
      return tf.multiply(x, w);
    });
    expect(Array.from(f(tf.ones([2])).dataSync() as ArrayLike<number>)).toEqual([3, 3]);
    expect(Array.from(w!.numpy().data as ArrayLike<number>)).toEqual([3, 3]);
  });

  it("a tf.function called while tracing another is inlined", () => {
    const inner = tf.function((x: T) => tf.square(x));
    const outer = tf.function((x: T) => tf.add(inner(x), 1));
    expect(outer(tf.constant(3.0)).numpy().item()).toBe(10);
    expect(outer.get_concrete_function(tf.constant(3.0)).graph.get_operations().map((o) => o.type)).toEqual(["Placeholder", "Square", "Const", "AddV2", "Identity"]);
  });

  it("the decorator form and option typos", () => {
    const deco = tf.function({ reduce_retracing: true });
    const f = deco((x: T) => tf.negative(x));
    expect(f(tf.constant(1.0)).numpy().item()).toBe(-1);
    expect(() => tf.function((x: T) => x, { input_signatures: [] } as never)).toThrow(/Did you mean 'input_signature'/);
  });
});

describe("gradients and tapes with tf.function", () => {
  it("gradients flow through a tf.function call inside a GradientTape", () => {
    const W = new tf.Variable(tf.constant([[1, 2], [3, 4]]), { name: "W" });
    const f = tf.function((x: T) => tf.reduce_sum(tf.square(tf.matmul(x, W))));
    const tape = new tf.GradientTape();
    const loss = tape.record(() => f(tf.constant([[1, 1]])));
    expect(loss.numpy().item()).toBe(52);
    expect(tape.gradient(loss, W).numpy().tolist()).toEqual([[8, 12], [8, 12]]);
  });

  it("a GradientTape inside a tf.function builds gradient nodes", () => {
    const f = tf.function((x: T) => {
      const t = new tf.GradientTape();
      t.watch(x);
      const y = t.record(() => tf.reduce_sum(tf.exp(x)));
      return t.gradient(y, x);
    });
    const g = f(tf.constant([0.0, 1.0]));
    expect(g.dataSync()[0]).toBeCloseTo(1, 6);
    expect(g.dataSync()[1]).toBeCloseTo(Math.E, 6);
    const types = f.get_concrete_function(tf.constant([0.0, 1.0])).graph.get_operations().map((o) => o.type);
    expect(types.filter((t) => t === "Exp").length).toBe(1);
    expect(types).toContain("Mul");
  });
});

describe("a 3-layer MLP: traced vs eager, forward and backward", () => {
  function mlp(seed: number) {
    const W1 = new tf.Variable(tf.random.normal([8, 16], { seed, stddev: 0.3 })), b1 = new tf.Variable(tf.random.normal([16], { seed: seed + 1, stddev: 0.1 }));
    const W2 = new tf.Variable(tf.random.normal([16, 12], { seed: seed + 2, stddev: 0.3 })), b2 = new tf.Variable(tf.random.normal([12], { seed: seed + 3, stddev: 0.1 }));
    const W3 = new tf.Variable(tf.random.normal([12, 4], { seed: seed + 4, stddev: 0.3 })), b3 = new tf.Variable(tf.zeros([4]));
    const vars = [W1, b1, W2, b2, W3, b3];
    const step = (x: T, y: T) => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => {
        const h1 = tf.nn.relu(tf.add(tf.matmul(x, W1), b1));
        const h2 = tf.tanh(tf.add(tf.matmul(h1, W2), b2));
        const logits = tf.add(tf.matmul(h2, W3), b3);
        return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits({ labels: y, logits }));
      });
      return { loss, grads: tape.gradient(loss, vars) as T[] };
    };
    return { vars, step };
  }
  it("gives the same loss and gradients, and retraces only on new shapes", () => {
    const { step } = mlp(7);
    const x = tf.random.normal([5, 8], { seed: 11 });
    const y = tf.one_hot(tf.constant([0, 1, 2, 3, 1], tf.int32), 4);
    const traced = tf.function(step);
    const e = step(x, y), t = traced(x, y);
    expect(t.loss.numpy().item()).toBeCloseTo(e.loss.numpy().item() as number, 6);
    e.grads.forEach((g, i) => {
      const a = g.dataSync(), b = t.grads[i].dataSync();
      expect(b.length).toBe(a.length);
      for (let k = 0; k < a.length; k++) expect(Math.abs((a[k] as number) - (b[k] as number))).toBeLessThan(1e-6);
    });
    traced(tf.random.normal([5, 8], { seed: 12 }), y);
    expect(traced.experimental_get_tracing_count()).toBe(1);
    traced(tf.random.normal([3, 8], { seed: 13 }), tf.one_hot(tf.constant([0, 1, 2], tf.int32), 4));
    expect(traced.experimental_get_tracing_count()).toBe(2);
  });

  it("tf.function frees its intermediates on return (exact counts: no GC involved)", () => {
    const { step } = mlp(3);
    const traced = tf.function(step);
    const x = tf.random.normal([5, 8], { seed: 1 });
    const y = tf.one_hot(tf.constant([0, 1, 2, 3, 1], tf.int32), 4);
    traced(x, y);
    const before = tf.memory().numTensors;
    const out = traced(x, y);
    // only the 7 returned tensors (loss + 6 gradients) remain
    expect(tf.memory().numTensors - before).toBe(7);
    void out;
  });
});
